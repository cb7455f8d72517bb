"""Prepared questions: the moderator writes them ahead and brings them to the board one by one
(the rules are in rules/takeaways.py; a question's kept answer goes through the question's PATCH)."""

from flask import Blueprint, jsonify

from kiosk.data.models import Question
from kiosk.rules import board, takeaways
from kiosk.web import access, answers, api, inputs

bp = Blueprint("takeaways", __name__)


def _view(question):
    return board.moderator_view(question, board.vote_count(question))


@bp.post("/api/workshops/<code>/prepared")
@access.moderator_only
@api.operation({200: answers.ModeratedQuestion, 201: answers.ModeratedQuestion}, body=inputs.PreparedQuestion)
def api_prepare(workshop, body):
    """Prepare a question, kept off the board until the moderator brings it."""
    question, created = takeaways.prepare(workshop, body.text, body.client_id)
    return jsonify(_view(question)), 201 if created else 200


@bp.post("/api/questions/<int:question_id>/bring")
@access.row_view(Question, moderator=True)
@api.operation({200: answers.ModeratedQuestion}, body=inputs.Nothing, refuses=(409,))
def api_bring(question, body):
    """Bring a prepared question to the board, as the current one."""
    takeaways.bring_to_board(question)
    return jsonify(_view(question))


@bp.delete("/api/questions/<int:question_id>/prepared")
@access.row_view(Question, moderator=True)
@api.operation({200: answers.Removed}, body=inputs.Nothing, refuses=(409,))
def api_withdraw(question, body):
    """Delete a prepared question that was not brought to the board."""
    question_id = question.id
    takeaways.withdraw(question)
    return jsonify(removed=question_id)
