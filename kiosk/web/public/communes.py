"""The commune picker's look-up: communes by name or postal code, from the offline list."""

from flask import Blueprint, jsonify

from kiosk.rules import communes
from kiosk.web import answers, api, inputs, limits, validate

bp = Blueprint("communes", __name__)


@bp.get("/api/communes")
@limits.limiter.limit(limits.LOOKUPS, key_func=limits.browser, exempt_when=limits.trusted)
@api.operation({200: answers.Communes}, refuses=(429,))
def api_communes():
    """At most ten communes matching ?q= (a name, part of it, or a postal code), best first."""
    query = validate.query(inputs.CommuneQuery).q
    return jsonify([commune.as_dict() for commune in communes.search(query)])
