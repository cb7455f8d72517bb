"""Check-in: the participant page, the door screen and its kiosk form, the poster, and the check-in API."""

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from kiosk import choices
from kiosk.rules import attendance, workshops
from kiosk.rules.refusals import Refused
from kiosk.web import access, languages, limits, qr, validate
from kiosk.web.errors import ApiError, plain
from kiosk.web.network import base_url

bp = Blueprint("checkin", __name__)


def join_url(workshop):
    """The short address of a workshop that phones open."""
    return f"{base_url(current_app.config, request)}/{workshop.code}"


@bp.get("/w/<code>")
@access.workshop_view
def participant(workshop):
    """The participant's page: the check-in form, then their questions, votes and feedback."""
    attendee = access.current_attendee(workshop)
    previous = None if attendee else attendance.previous_visit(access.device_hash(), workshop)
    return render_template(
        "checkin/participant.html",
        workshop=workshop,
        attendee=attendee,
        name=previous.name if previous else "",
        returning=previous is not None,
        choices=choices,
    )


@bp.get("/w/<code>/door")
@access.workshop_view
def door(workshop):
    """The door screen: QR code, typeable address, code and places left, live; and the kiosk form."""
    languages.speak_like(workshop)
    return render_template(
        "checkin/door.html",
        workshop=workshop,
        join_url=join_url(workshop),
        counts=attendance.counts(workshop),
        choices=choices,
        # Only a door screen the moderator opened checks in and answers for people without a phone.
        staffed=access.is_moderator(workshop),
    )


@bp.get("/w/<code>/poster")
@access.workshop_view
def poster(workshop):
    """An A4 poster for the door: the QR code, the short address and the code."""
    languages.speak_like(workshop)
    return render_template("checkin/poster.html", workshop=workshop, join_url=join_url(workshop))


@bp.get("/w/<code>/qr.svg")
@access.workshop_view
def qr_code(workshop):
    """The QR code of the workshop's join address."""
    return Response(qr.svg(join_url(workshop)), mimetype="image/svg+xml")


def optional_answers(workshop, data):
    """The optional check-in answers the workshop asks; "Je préfère ne pas répondre" is None."""
    answers = {}
    if workshop.ask_first_visit:
        first_visit = data.get("first_visit")
        answers["first_visit"] = {"yes": True, "no": False, "": None}.get(first_visit, first_visit)
        if answers["first_visit"] is not None:
            answers["first_visit"] = validate.flag(answers["first_visit"], field=_("première visite"))
    if workshop.ask_age_band:
        answers["age_band"] = validate.choice(data.get("age_band"), choices.AGE_BANDS, field=_("l’âge"))
    if workshop.ask_status:
        answers["social_status"] = validate.choice(
            data.get("social_status"), choices.SOCIAL_STATUSES, field=_("la situation")
        )
    if workshop.ask_commune:
        answers["commune"] = (
            validate.text(
                data.get("commune"), field=_("la commune"), max_length=choices.COMMUNE_MAX, required=False
            )
            or None
        )
    return answers


def _check_in(workshop, data):
    """Validate a check-in from a form or the API and apply it; returns (attendee, created).

    A phone is bound to its attendee (a secret in its cookie) and recognised next time; the door
    kiosk and a walk-in added by the moderator are not, so the next person starts from an empty form.
    """
    name = validate.text(data.get("name"), field=_("votre prénom ou surnom"), max_length=choices.NAME_MAX)
    client_id = validate.client_id(data.get("client_id"))
    answers = optional_answers(workshop, data)
    by_moderator = data.get("walk_in") is True
    shared_device = data.get("kiosk") in (True, "1") or by_moderator
    if by_moderator:
        access.require_moderator(workshop)
    elif shared_device and not access.is_moderator(workshop):
        # Checking people in one after the other is the door screen's job, and only one the
        # moderator set up: otherwise one phone could fill the places with names.
        raise ApiError(
            _("Seul l’écran d’accueil ouvert par l’animateur inscrit les personnes sans téléphone."), 403
        )
    limits.check_new_attendee()
    attendee, created = attendance.check_in(
        workshop,
        name,
        client_id,
        answers,
        bound=None if shared_device else access.current_attendee(workshop),
        device_hash=None if shared_device else access.device_hash(),
        by_moderator=by_moderator,
    )
    if created:
        limits.count_new_attendee()
    if not shared_device:
        access.remember_attendee(attendee)
    return attendee, created


@bp.post("/w/<code>/checkin")
@limits.writes(limits.CHECK_IN)
@access.workshop_view
def check_in_form(workshop):
    """Check in from the plain form, for phones without JavaScript."""
    try:
        _check_in(workshop, request.form)
    except (ApiError, Refused) as error:
        message, status = plain(error)
        return render_template(
            "checkin/participant.html",
            workshop=workshop,
            attendee=None,
            choices=choices,
            error=message,
            name=request.form.get("name", "")[: choices.NAME_MAX],
        ), status
    return redirect(url_for("checkin.participant", code=workshop.code))


@bp.get("/api/workshops/<code>")
@access.workshop_view
def api_workshop(workshop):
    """The workshop, its attendance, and who this browser is."""
    state = workshops.public_view(workshop) | {"attendance": attendance.counts(workshop)}
    attendee = access.current_attendee(workshop)
    state["me"] = access.attendee_view(attendee) if attendee else None
    return jsonify(state)


@bp.post("/api/workshops/<code>/attendees")
@limits.writes(limits.CHECK_IN)
@access.workshop_view
def api_check_in(workshop):
    """Check in: {"name", "client_id", optional answers, "kiosk", "walk_in"}; a replay answers 200."""
    attendee, created = _check_in(workshop, validate.body())
    return jsonify(access.attendee_view(attendee)), 201 if created else 200
