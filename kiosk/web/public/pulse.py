"""The quiet pulse's API: a sign from a phone or the door kiosk (the rules are in rules/pulse.py)."""

from flask import Blueprint, jsonify
from flask_babel import gettext as _

from kiosk.rules import pulse
from kiosk.web import access, answers, api, inputs, limits
from kiosk.web.errors import ApiError

bp = Blueprint("pulse", __name__)


@bp.post("/api/workshops/<code>/pulse")
@limits.writes(limits.PULSE)
@access.workshop_view
@api.operation({200: answers.PulseSign, 201: answers.PulseSign}, body=inputs.PulseSign, refuses=(409,))
def api_give(workshop, body):
    """A quiet sign to the moderator: "je ne comprends plus" or "plus lentement"; nobody is named."""
    # Only the door screen the moderator set up gives signs for others: a phone posing as it could
    # otherwise tap again and again.
    if body.kiosk and not access.is_moderator(workshop):
        raise ApiError(_("Seul l’écran d’accueil ouvert par l’animateur donne ce signe sans téléphone."), 403)
    attendee = None if body.kiosk else access.current_attendee(workshop)
    if attendee is None and not body.kiosk:
        raise ApiError(_("Inscrivez-vous d’abord avec votre prénom."), 403)
    sign, created = pulse.give(workshop, attendee, body.kind, body.client_id)
    return jsonify(id=sign.id, kind=sign.kind), 201 if created else 200
