"""Errors that reach people: plain JSON for the API, a plain page for browsers."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from kiosk.rules.refusals import Refused


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

    @app.errorhandler(HTTPException)
    def http_error(error):
        message = plain_message(error.code)
        if isinstance(error, CSRFError):
            message = _("Vous avez attendu longtemps. Ouvrez la page à nouveau et recommencez.")
        return answer(message, error.code)
