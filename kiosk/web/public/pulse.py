"""The quiet pulse's API: a sign from a phone or the door kiosk (the rules are in rules/pulse.py)."""

from flask import Blueprint, jsonify
from flask_babel import gettext as _

from kiosk.rules import pulse
from kiosk.web import access, answers, api, inputs, limits

bp = Blueprint("pulse", __name__)


@bp.post("/api/workshops/<code>/pulse")
@limits.writes(limits.PULSE)
@access.workshop_view
@api.operation({200: answers.PulseSign, 201: answers.PulseSign}, body=inputs.PulseSign, refuses=(409,))
def api_give(workshop, body):
    """A quiet sign to the moderator: "je ne comprends plus" or "plus lentement"; nobody is named."""
    attendee = access.person_or_door(
        workshop,
        body.kiosk,
        _("Seul l’écran d’accueil ouvert par l’animateur donne ce signe sans téléphone."),
    )
    sign, created = pulse.give(workshop, attendee, body.kind, body.client_id)
    return jsonify(id=sign.id, kind=sign.kind), 201 if created else 200
