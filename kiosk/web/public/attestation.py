"""The "attestation de présence": a proof of attendance a person prints or shows, with the full name
typed at that moment and never stored."""

from flask import Blueprint, abort, render_template

from kiosk.rules.refusals import Refused
from kiosk.web import access, inputs, validate
from kiosk.web.errors import ApiError, plain

bp = Blueprint("attestation", __name__)


def _may_have_one(workshop):
    """The moderator (for anyone in the room), or a person checked in, present, on their own phone."""
    if access.is_moderator(workshop):
        return
    attendee = access.current_attendee(workshop)
    if attendee is None or attendee.status != "present":
        abort(403)


@bp.get("/w/<code>/attestation")
@access.workshop_view
def ask_name(workshop):
    """The form: whose name goes on the proof of attendance."""
    _may_have_one(workshop)
    return render_template("attestation/form.html", workshop=workshop)


@bp.post("/w/<code>/attestation")
@access.workshop_view
def attestation(workshop):
    """The proof of attendance, ready to print; the name is only in this page."""
    _may_have_one(workshop)
    try:
        full_name = validate.form(inputs.AttestationForm).full_name
    except (ApiError, Refused) as error:
        message, status = plain(error)
        return render_template("attestation/form.html", workshop=workshop, error=message), status
    response = render_template("attestation/proof.html", workshop=workshop, full_name=full_name)
    return response, 200, {"Cache-Control": "no-store"}
