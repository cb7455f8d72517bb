"""The moderator's attendance panel API: walk-ins, renames, merges, removals, admissions, registrations."""

from flask import Blueprint, jsonify
from flask_babel import gettext as _

from kiosk.data.models import Attendee, Registration
from kiosk.extensions import db
from kiosk.rules import attendance, communes, named, registrations
from kiosk.web import access, answers, api, inputs
from kiosk.web.errors import ApiError

bp = Blueprint("roster", __name__)


@bp.patch("/api/attendees/<int:attendee_id>")
@access.row_view(Attendee, moderator=True)
@api.operation({200: answers.Attendee}, body=inputs.AttendeeChanges, refuses=(409,))
def api_update(attendee, body):
    """Rename an attendee, admit them from the waiting list, record their consent to be named and their
    details for the national tool's import file, or set their commune."""
    changes = body.changes()
    details = {
        key: changes[key] for key in (*named.DETAILS, "named_consent", "commune_insee") if key in changes
    }
    if details:
        named.check(
            details | {"named_consent": details.get("named_consent", attendee.named_consent)},
            named.this_year(),
        )
    if "name" in changes:
        attendance.rename(attendee, changes["name"])
    if "status" in changes:
        attendance.admit(attendee)
    if details:
        attendance.set_named_details(attendee, details, named.this_year())
    return jsonify(attendance.moderator_view(attendee))


@bp.delete("/api/attendees/<int:attendee_id>")
@access.row_view(Attendee, moderator=True)
@api.operation({200: answers.Removed}, body=inputs.Nothing)
def api_remove(attendee, body):
    """Remove an attendee; their questions stay, without their name."""
    removed = attendee.id
    attendance.remove(attendee)
    return jsonify(removed=removed)


@bp.post("/api/attendees/<int:attendee_id>/merge")
@access.row_view(Attendee, moderator=True)
@api.operation({200: answers.Attendee}, body=inputs.AttendeeMerge)
def api_merge(duplicate, body):
    """Merge a duplicate entry into another one of the same person."""
    keep = db.session.get(Attendee, body.into)
    if keep is None:
        raise ApiError(_("Choisissez une autre personne du même atelier."))
    attendance.merge(duplicate, keep)
    return jsonify(attendance.moderator_view(keep))


@bp.get("/api/workshops/<code>/registrations")
@access.moderator_only
@api.operation({200: answers.Registrations})
def api_registrations(workshop):
    """People registered ahead of the day (never shown in public)."""
    return jsonify(registrations=attendance.registrations(workshop))


@bp.post("/api/workshops/<code>/registrations")
@access.moderator_only
@api.operation(
    {200: answers.Registration, 201: answers.Registration}, body=inputs.Registration, refuses=(409,)
)
def api_register(workshop, body):
    """Register someone ahead; past capacity they wait; a phone or an e-mail only with their consent."""
    registration, created = registrations.register(
        workshop,
        body.name,
        body.client_id,
        body.phone,
        body.email,
        body.consent,
        communes.answer(body.commune_insee, body.commune)["commune_insee"],
    )
    return jsonify(attendance.registration_view(registration)), 201 if created else 200


@bp.delete("/api/registrations/<int:registration_id>")
@access.row_view(Registration, moderator=True)
@api.operation({200: answers.Removed}, body=inputs.Nothing)
def api_cancel(registration, body):
    """Cancel a registration; the first one waiting gets the place."""
    removed = registration.id
    registrations.cancel(registration)
    return jsonify(removed=removed)


@bp.post("/api/registrations/<int:registration_id>/present")
@access.row_view(Registration, moderator=True)
@api.operation({200: answers.Attendee}, body=inputs.ClientWrite, refuses=(409,))
def api_present(registration, body):
    """The registered person is here: they are checked in."""
    attendee = registrations.mark_present(registration, body.client_id)
    return jsonify(attendance.moderator_view(attendee))
