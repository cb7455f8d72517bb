"""Questions that look alike: "same question?" while a person types, and the moderator's suggested merges
(the rules are in rules/duplicates.py and rules/similarity.py)."""

from flask import Blueprint, jsonify

from kiosk.rules import duplicates
from kiosk.web import access, answers, api, inputs, validate

bp = Blueprint("alike", __name__)


@bp.get("/api/workshops/<code>/same-questions")
@access.workshop_view
@api.operation({200: answers.Questions})
def api_same(workshop):
    """The board's questions that look like the one being typed (?text=), closest first."""
    typed = validate.query(inputs.SameQuestion).text
    return jsonify(questions=duplicates.same_as(workshop, typed))


@bp.get("/api/workshops/<code>/merges")
@access.moderator_only
@api.operation({200: answers.Merges})
def api_merges(workshop):
    """Questions that repeat an older one: the moderator merges each in one tap."""
    return jsonify(merges=duplicates.suggested_merges(workshop))
