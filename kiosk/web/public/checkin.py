"""Check-in: the participant page, the door screen and its kiosk form, the poster, and the check-in API."""

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from kiosk import choices
from kiosk.rules import attendance, cards, named, satisfaction, workshops
from kiosk.rules.refusals import Refused
from kiosk.web import access, answers, api, inputs, languages, limits, qr, validate
from kiosk.web.errors import ApiError, plain
from kiosk.web.network import phone_url
from kiosk.web.public import feedback

bp = Blueprint("checkin", __name__)


def join_url(workshop):
    """The short address of a workshop that phones open, or None when phones cannot open Kiosk."""
    return phone_url(current_app.config, request, f"/{workshop.code}")


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
        # A phone reloaded just after closing keeps the form while late answers are still taken.
        taking_feedback=satisfaction.taking(workshop, feedback.grace()),
    )


@bp.get("/w/<code>/door")
@access.workshop_view
def door(workshop):
    """The door screen: QR code, typeable address, code and places left, live; and the kiosk form,
    in the language the person at the door chose for themselves (`lang`), a kiosk form open (`form`)."""
    # Only a door screen the moderator opened checks in and answers for people without a phone.
    staffed = access.is_moderator(workshop)
    languages.speak_like(workshop, request.args.get("lang") if staffed else None)
    return render_template(
        "checkin/door.html",
        workshop=workshop,
        join_url=join_url(workshop),
        counts=attendance.counts(workshop),
        staffed=staffed,
        card_typed_max=cards.TYPED_MAX,
        card_prefix=cards.PREFIX,
        # Opened again in the language the person chose: the check-in form, or the card's.
        open_form=request.args.get("form")
        if staffed and request.args.get("form") in ("checkin", "card")
        else None,
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
    return qr.picture(join_url(workshop))


def optional_answers(workshop, checkin):
    """The optional check-in answers the workshop asks; "Je préfère ne pas répondre" is None."""
    asked = {
        "first_visit": workshop.ask_first_visit,
        "age_band": workshop.ask_age_band,
        "social_status": workshop.ask_status,
        "commune": workshop.ask_commune,
    }
    answers = {name: getattr(checkin, name) for name, ask in asked.items() if ask}
    if workshop.ask_commune:
        answers["commune_insee"] = checkin.commune_insee
    return answers


def named_details(checkin):
    """What the door kiosk asks of a person who agrees there to be named; nothing from a phone."""
    if not (checkin.kiosk and checkin.named_consent):
        return None
    return {
        "named_consent": True,
        "family_name": checkin.family_name,
        "birth_year": checkin.birth_year,
        "gender": checkin.gender,
    }


def _check_in(workshop, checkin):
    """Apply a check-in read from a form or the API; returns (attendee, created).

    A phone is bound to its attendee (a secret in its cookie) and recognised next time; the door
    kiosk and a walk-in added by the moderator are not, so the next person starts from an empty form.
    """
    by_moderator = checkin.walk_in
    shared_device = checkin.kiosk or by_moderator
    if by_moderator:
        access.require_moderator(workshop)
    elif shared_device and not access.is_moderator(workshop):
        # Checking people in one after the other is the door screen's job, and only one the
        # moderator set up: otherwise one phone could fill the places with names.
        raise ApiError(
            _("Seul l’écran d’accueil ouvert par l’animateur inscrit les personnes sans téléphone."), 403
        )
    details = named_details(checkin)
    if details:
        named.check(details, named.this_year())
    limits.check_new_attendee()
    bound = None if shared_device else access.current_attendee(workshop)
    # Made beforehand so that a new attendee is stored bound to this phone: one commit, not two.
    secret = None if shared_device else attendance.new_secret()
    attendee, created = attendance.check_in(
        workshop,
        checkin.name,
        checkin.client_id,
        optional_answers(workshop, checkin),
        bound=bound,
        device_hash=None if shared_device else access.device_hash(),
        by_moderator=by_moderator,
        # A card recognises a person at a shared screen; a phone is recognised by itself.
        card_hash=access.card_hash(checkin.card) if checkin.card and shared_device else None,
        secret=secret,
    )
    if created:
        limits.count_new_attendee()
        if details:
            attendance.set_named_details(attendee, details, named.this_year())
    if not shared_device:
        access.remember_attendee(attendee, bound, secret if created else None)
    return attendee, created


@bp.post("/w/<code>/checkin")
@limits.writes(limits.CHECK_IN)
@access.workshop_view
def check_in_form(workshop):
    """Check in from the plain form, for phones without JavaScript."""
    try:
        _check_in(workshop, validate.form(inputs.CheckIn))
    except (ApiError, Refused) as error:
        message, status = plain(error)
        return render_template(
            "checkin/participant.html",
            workshop=workshop,
            attendee=None,
            error=message,
            name=request.form.get("name", "")[: choices.NAME_MAX],
        ), status
    return redirect(url_for("checkin.participant", code=workshop.code))


@bp.get("/api/workshops/<code>")
@access.workshop_view
@api.operation({200: answers.WorkshopState})
def api_workshop(workshop):
    """The workshop, its attendance, and who this browser is."""
    state = workshops.public_view(workshop) | {"attendance": attendance.counts(workshop)}
    attendee = access.current_attendee(workshop)
    state["me"] = access.attendee_view(attendee) if attendee else None
    return jsonify(state)


@bp.post("/api/workshops/<code>/attendees")
@limits.writes(limits.CHECK_IN)
@access.workshop_view
@api.operation({200: answers.Me, 201: answers.Me}, body=inputs.CheckIn, refuses=(409,))
def api_check_in(workshop, body):
    """Check in; on the door kiosk (“kiosk”) or as a walk-in added by the moderator (“walk_in”) the
    browser is not remembered; a replayed client_id answers 200."""
    attendee, created = _check_in(workshop, body)
    return jsonify(access.attendee_view(attendee)), 201 if created else 200
