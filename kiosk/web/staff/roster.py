"""The moderator's attendance panel API: walk-ins, renames, merges, removals, admissions, registrations."""

from flask import Blueprint, abort, jsonify
from flask_babel import gettext as _

from kiosk import choices
from kiosk.data.models import Attendee, Registration
from kiosk.extensions import db
from kiosk.rules import attendance, registrations
from kiosk.web import access, validate
from kiosk.web.errors import ApiError

bp = Blueprint("roster", __name__)


def _attendee_for_moderator(attendee_id):
    attendee = db.session.get(Attendee, attendee_id) or abort(404)
    access.require_moderator(attendee.workshop)
    return attendee


@bp.patch("/api/attendees/<int:attendee_id>")
def api_update(attendee_id):
    """Rename an attendee, admit them from the waiting list, or record their consent to be named:
    {"name"}, {"status": "present"}, {"named_consent": true|false}."""
    attendee = _attendee_for_moderator(attendee_id)
    data = validate.body()
    if not {"name", "status", "named_consent"} & set(data):
        raise ApiError(_("Rien à changer."))
    named = "named_consent" in data and validate.flag(data["named_consent"], field=_("l’accord"))
    name = "name" in data and validate.text(data["name"], field=_("le prénom"), max_length=choices.NAME_MAX)
    status = "status" in data and validate.choice(
        data["status"], ("present",), field=_("l’état"), required=True
    )
    if name:
        attendance.rename(attendee, name)
    if status:
        attendance.admit(attendee)
    if "named_consent" in data:
        attendance.set_named_consent(attendee, named)
    return jsonify(attendance.moderator_view(attendee))


@bp.delete("/api/attendees/<int:attendee_id>")
def api_remove(attendee_id):
    """Remove an attendee; their questions stay, without their name."""
    attendance.remove(_attendee_for_moderator(attendee_id))
    return jsonify(removed=attendee_id)


@bp.post("/api/attendees/<int:attendee_id>/merge")
def api_merge(attendee_id):
    """Merge this attendee into another entry of the same person: {"into": id}."""
    duplicate = _attendee_for_moderator(attendee_id)
    into = validate.body().get("into")
    keep = db.session.get(Attendee, into) if isinstance(into, int) else None
    if keep is None:
        raise ApiError(_("Choisissez une autre personne du même atelier."))
    attendance.merge(duplicate, keep)
    return jsonify(attendance.moderator_view(keep))


@bp.get("/api/workshops/<code>/registrations")
@access.moderator_only
def api_registrations(workshop):
    """People registered ahead of the day (moderator only; never shown in public)."""
    return jsonify(registrations=attendance.registrations(workshop))


@bp.post("/api/workshops/<code>/registrations")
@access.moderator_only
def api_register(workshop):
    """Register someone: {"name", "client_id", "phone", "email", "consent"}; contact only with consent."""
    data = validate.body()
    name = validate.text(data.get("name"), field=_("le prénom"), max_length=choices.NAME_MAX)
    client_id = validate.client_id(data.get("client_id"))
    phone = validate.text(
        data.get("phone"), field=_("le téléphone"), max_length=choices.CONTACT_MAX, required=False
    )
    email = validate.text(
        data.get("email"), field=_("l’e-mail"), max_length=choices.CONTACT_MAX, required=False
    )
    consent = data.get("consent") is True
    registration, created = registrations.register(workshop, name, client_id, phone, email, consent)
    return jsonify(attendance.registration_view(registration)), 201 if created else 200


def _registration_for_moderator(registration_id):
    registration = db.session.get(Registration, registration_id) or abort(404)
    access.require_moderator(registration.workshop)
    return registration


@bp.delete("/api/registrations/<int:registration_id>")
def api_cancel(registration_id):
    """Cancel a registration; the first one waiting gets the place."""
    registrations.cancel(_registration_for_moderator(registration_id))
    return jsonify(removed=registration_id)


@bp.post("/api/registrations/<int:registration_id>/present")
def api_present(registration_id):
    """The moderator's tap: this registered person is here. {"client_id"}."""
    registration = _registration_for_moderator(registration_id)
    client_id = validate.client_id(validate.body().get("client_id"))
    attendee = registrations.mark_present(registration, client_id)
    return jsonify(attendance.moderator_view(attendee))
