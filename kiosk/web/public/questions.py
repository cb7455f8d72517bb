"""The question board: the projector page and the questions API (thin; the rules are in board.py)."""

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.data.models import HelpRequest, Question
from kiosk.extensions import db
from kiosk.rules import board, help_requests, themes
from kiosk.web import access, answers, api, inputs, languages, limits, qr
from kiosk.web.errors import ApiError
from kiosk.web.network import phone_url

bp = Blueprint("questions", __name__)


@bp.get("/w/<code>/board")
@access.workshop_view
def projector(workshop):
    """The board for the projector: live, no mouse or keyboard needed, in the workshop's language."""
    languages.speak_like(workshop)
    return render_template(
        "questions/board.html",
        workshop=workshop,
        join_url=phone_url(current_app.config, request, f"/{workshop.code}"),
        handout_url=_handout_url(workshop),
    )


def _handout_url(workshop):
    return phone_url(current_app.config, request, url_for("questions.handout", code=workshop.code))


@bp.get("/w/<code>/handout")
@access.workshop_view
def handout(workshop):
    """ "What we asked today": the board as a printable page to take home."""
    attendee = access.current_attendee(workshop)
    return render_template(
        "questions/handout.html",
        workshop=workshop,
        questions=board.listing(workshop),
        # Whoever was in the room may print their proof of attendance from here.
        may_attest=attendee is not None and attendee.status == "present",
    )


@bp.get("/w/<code>/handout-qr.svg")
@access.workshop_view
def handout_qr(workshop):
    """The QR code of the take-home page, shown on the board at the end."""
    return qr.picture(_handout_url(workshop))


def _attendee_or_403(workshop):
    attendee = access.current_attendee(workshop)
    if attendee is None:
        raise ApiError(_("Inscrivez-vous d’abord avec votre prénom."), 403)
    return attendee


@bp.get("/api/workshops/<code>/questions")
@access.workshop_view
@api.operation({200: answers.Questions})
def api_list(workshop):
    """The board's questions, in board order; the moderator also gets hidden ones."""
    moderator = access.is_moderator(workshop)
    return jsonify(questions=board.listing(workshop, moderator=moderator))


@bp.post("/api/workshops/<code>/questions")
@limits.writes(limits.QUESTIONS)
@access.workshop_view
@api.operation({200: answers.Question, 201: answers.Question}, body=inputs.NewQuestion, refuses=(409,))
def api_ask(workshop, body):
    """Post a question (an attendee or the moderator); a replayed client_id answers 200."""
    attendee = access.current_attendee(workshop)
    if attendee is None and not access.is_moderator(workshop):
        raise ApiError(_("Inscrivez-vous d’abord avec votre prénom."), 403)
    anonymous = workshop.anonymous_default if body.anonymous is None else body.anonymous
    # A suggested thématique the moderator confirms or changes.
    theme = themes.suggest(body.text, themes.keywords())
    question, created = board.ask(
        workshop, body.text, body.client_id, attendee=attendee, anonymous=anonymous, theme=theme
    )
    votes = board.vote_count(question) if not created else 0
    return jsonify(board.asker_view(question, votes)), 201 if created else 200


@bp.post("/api/questions/<int:question_id>/vote")
@limits.writes(limits.VOTES, scope="votes")
@access.row_view(Question)
@api.operation({200: answers.Vote}, body=inputs.ClientWrite, refuses=(409, 429))
def api_vote(question, body):
    """Add “moi aussi” to a question."""
    attendee = _attendee_or_403(question.workshop)
    votes, _created = board.vote(question, attendee, body.client_id)
    return jsonify(id=question.id, votes=votes, voted=True)


@bp.delete("/api/questions/<int:question_id>/vote")
@limits.writes(limits.VOTES, scope="votes")
@access.row_view(Question)
@api.operation({200: answers.Vote}, body=inputs.Nothing, refuses=(429,))
def api_unvote(question, body):
    """Take back “moi aussi”."""
    attendee = _attendee_or_403(question.workshop)
    votes = board.unvote(question, attendee)
    return jsonify(id=question.id, votes=votes, voted=False)


@bp.patch("/api/questions/<int:question_id>")
@access.row_view(Question, moderator=True)
@api.operation({200: answers.ModeratedQuestion}, body=inputs.QuestionChanges)
def api_update(question, body):
    """Change a question's status, text or thématique."""
    board.update(question, **body.changes())
    return jsonify(board.moderator_view(question, board.vote_count(question)))


@bp.post("/api/questions/<int:question_id>/merge")
@access.row_view(Question, moderator=True)
@api.operation({200: answers.ModeratedQuestion}, body=inputs.QuestionMerge)
def api_merge(duplicate, body):
    """Merge a duplicate into the same question of the same workshop; their votes add up."""
    target = db.session.get(Question, body.into)
    if target is None:
        raise ApiError(_("Choisissez une autre question du même atelier."))
    board.merge(duplicate, target)
    return jsonify(board.moderator_view(target, board.vote_count(target)))


@bp.post("/api/workshops/<code>/help")
@limits.writes(limits.HELP)
@access.workshop_view
@api.operation({200: answers.HelpRequest, 201: answers.HelpRequest}, body=inputs.ClientWrite, refuses=(409,))
def api_help(workshop, body):
    """“I need help with my own case”: a signal that reaches the moderator only."""
    attendee = _attendee_or_403(workshop)
    help_request, created = help_requests.ask_for_help(workshop, attendee, body.client_id)
    return jsonify(id=help_request.id, waiting=help_request.handled_at is None), 201 if created else 200


@bp.patch("/api/help/<int:help_id>")
@access.row_view(HelpRequest, moderator=True)
@api.operation({200: answers.HelpRequest}, body=inputs.HelpHandled)
def api_help_handled(help_request, body):
    """Mark a help request as handled: the moderator went to help."""
    help_requests.mark_handled(help_request)
    return jsonify(id=help_request.id, waiting=False)
