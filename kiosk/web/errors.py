"""Errors that reach people: plain JSON for the API, a plain page for browsers."""

import logging

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as NoConnectionFree
from werkzeug.exceptions import HTTPException

from kiosk.data import database
from kiosk.rules.refusals import Refused

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API refuses, with a plain message for the person who made it."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def plain_message(code):
    """What an HTTP error means, in the reader's words."""
    messages = {
        400: _("La demande n’est pas valide."),
        403: _("Vous ne pouvez pas faire cela ici."),
        404: _("Cette page n’existe pas. Vérifiez l’adresse ou le code."),
        405: _("La demande n’est pas valide."),
        413: _("C’est trop long. Raccourcissez et réessayez."),
        415: _("Envoyez les données en JSON."),
        421: _("Kiosk ne répond pas à cette adresse."),
        429: _("Doucement ! Trop d’envois d’un coup. Attendez une minute, puis réessayez."),
    }
    return messages.get(code, _("Un problème est survenu. Réessayez dans un instant."))


def refusal(reason):
    """The plain message and HTTP status of a rule's refusal (see refusals.py)."""
    refusals = {
        "client_id_taken": (_("Cette demande a déjà servi. Rechargez la page."), 409),
        # Removed by the moderator while the request was on its way: the page asks to check in again.
        "not_checked_in": (_("Inscrivez-vous d’abord avec votre prénom."), 403),
        "workshop_closed": (_("L’atelier est terminé. Merci et à bientôt !"), 409),
        "waiting": (
            _("Vous êtes sur la liste d’attente. Vous pourrez participer dès qu’on vous fera entrer."),
            409,
        ),
        "feedback_not_open": (_("Le moment de donner votre avis n’est pas encore venu."), 409),
        "feedback_over": (_("Le moment de donner votre avis est passé. Merci !"), 409),
        "not_present": (_("Seules les personnes présentes donnent leur avis."), 409),
        "own_question": (_("C’est votre question : vous ne pouvez pas voter pour elle."), 409),
        "question_not_on_board": (_("Cette question n’est plus sur le tableau."), 404),
        "other_workshop_question": (_("Choisissez une autre question du même atelier."), 400),
        "other_workshop_attendee": (_("Choisissez une autre personne du même atelier."), 400),
        "unknown_commune": (_("Cette commune n’est pas dans la liste. Choisissez-la dans la liste."), 400),
        "birth_year_out_of_range": (_("L’année de naissance va de 1900 à cette année."), 400),
        "unknown_gender": (_("Choisissez F, M ou N (non communiqué)."), 400),
        "details_without_consent": (
            _(
                "Le nom de famille, l’année de naissance et le genre se gardent seulement si la personne est d’accord pour être nommée."
            ),
            409,
        ),
        "postal_code_of_another_commune": (
            _("Ce code postal n’est pas celui de la commune. Écrivez l’un des siens."),
            400,
        ),
        "unknown_venue": (_("Choisissez un lieu de la liste."), 400),
        "unknown_series": (_("Choisissez une série de la liste."), 400),
        "rdv_file_unreadable": (
            _("Kiosk ne sait pas lire ce fichier. Exportez « RDV par usager » depuis RDV Service Public."),
            400,
        ),
        "rdv_columns_missing": (
            _("Ce fichier n’a pas les colonnes de l’export « RDV par usager » de RDV Service Public."),
            400,
        ),
        "no_next_date": (
            _("Cet atelier n’a pas de prochaine date. Dupliquez-le d’abord pour en créer une."),
            409,
        ),
        "question_not_prepared": (_("Cette question est déjà au tableau."), 409),
        "poll_options": (_("Écrivez de deux à quatre réponses."), 400),
        "poll_choice": (_("Choisissez une des réponses proposées."), 409),
        "poll_closed": (_("Ce sondage est terminé. Merci !"), 409),
        "contact_without_consent": (
            _("Un téléphone ou un e-mail se garde seulement avec l’accord de la personne."),
            400,
        ),
    }
    return refusals[reason]


def disk_message(kind):
    """What the organiser must know and do when the disk refuses Kiosk's writes."""
    messages = {
        "disk_full": _(
            "Le disque de ce PC est plein : Kiosk n’enregistre plus rien. Libérez de la place. "
            "Les envois des téléphones attendent et repartiront tout seuls."
        ),
        "read_only": _(
            "Kiosk ne peut plus écrire dans sa base de données (lecture seule). Vérifiez le disque "
            "et les droits du dossier de Kiosk. Les envois des téléphones attendent."
        ),
        "disk_io": _(
            "Le disque de ce PC ne répond plus bien (erreur de lecture ou d’écriture). Vérifiez-le. "
            "Les envois des téléphones attendent."
        ),
    }
    return messages[kind]


def disk_messages():
    """Every disk message by its kind, for a page that shows them as they come."""
    return {kind: disk_message(kind) for kind in ("disk_full", "read_only", "disk_io")}


def disk_banner():
    """The organiser's banner while the disk refuses writes, or None."""
    return disk_message(database.disk.trouble) if database.disk.trouble else None


def plain(error):
    """(message, status) of an ApiError or of a rule's refusal, for a page that shows it by its form."""
    if isinstance(error, Refused):
        return refusal(error.reason)
    return error.message, error.status


def answer(message, code):
    """A refused request's answer: the plain message as JSON for the API, as a page for browsers."""
    if request.path.startswith("/api/"):
        return jsonify(error=message), code
    return render_template("error.html", message=message, code=code), code


def init_app(app):
    """Answer API errors as JSON and page errors as a page."""

    @app.errorhandler(ApiError)
    def api_error(error):
        return answer(error.message, error.status)

    @app.errorhandler(Refused)
    def refused(error):
        return answer(*refusal(error.reason))

    @app.errorhandler(OperationalError)
    def disk_error(error):
        # The disk, not the request: one line in the log (not a traceback per request), the organiser's
        # pages say it until a write succeeds, and the phones' outbox tries again on a 503.
        kind = database.disk_trouble(error)
        if kind is None and database.waited_too_long(error):
            # Busy, not broken: no banner, and the write is sent again a moment later.
            log.error("database busy too long on %s %s", request.method, request.path)
            return not_now()
        if kind is None:
            raise error
        database.disk.failed(kind)
        log.error("disk trouble (%s) on %s %s: %s", kind, request.method, request.path, error.orig)
        return not_now()

    @app.errorhandler(NoConnectionFree)
    def crowded(_error):
        # Every database connection busy for the pool's whole timeout (a crowd on a very busy PC): the
        # phone's outbox tries again, as after a restart; one line in the log.
        log.error("no database connection free on %s %s", request.method, request.path)
        return not_now()

    def not_now():
        return answer(
            _("Kiosk ne peut pas enregistrer pour l’instant. Votre envoi repartira tout seul."), 503
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        message = plain_message(error.code)
        if isinstance(error, CSRFError):
            message = _("Vous avez attendu longtemps. Ouvrez la page à nouveau et recommencez.")
        return answer(message, error.code)
