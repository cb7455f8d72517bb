"""The question board: the projector page and the questions API (thin; the rules are in board.py)."""

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from kiosk import choices
from kiosk.data.models import HelpRequest, Question
from kiosk.extensions import db
from kiosk.rules import board, help_requests
from kiosk.web import access, languages, limits, qr, validate
from kiosk.web.errors import ApiError
from kiosk.web.network import base_url

bp = Blueprint("questions", __name__)


@bp.get("/w/<code>/board")
@access.workshop_view
def projector(workshop):
    """The board for the projector: live, no mouse or keyboard needed, in the workshop's language."""
    languages.speak_like(workshop)
    return render_template(
        "questions/board.html",
        workshop=workshop,
        join_url=f"{base_url(current_app.config, request)}/{workshop.code}",
        handout_url=_handout_url(workshop),
    )


def _handout_url(workshop):
    return base_url(current_app.config, request) + url_for("questions.handout", code=workshop.code)


@bp.get("/w/<code>/handout")
@access.workshop_view
def handout(workshop):
    """ "What we asked today": the board as a printable page to take home."""
    return render_template("questions/handout.html", workshop=workshop, questions=board.listing(workshop))


@bp.get("/w/<code>/handout-qr.svg")
@access.workshop_view
def handout_qr(workshop):
    """The QR code of the take-home page, shown on the board at the end."""
    return Response(qr.svg(_handout_url(workshop)), mimetype="image/svg+xml")


def _question_or_404(question_id):
    return db.session.get(Question, question_id) or abort(404)


def _attendee_or_403(workshop):
    attendee = access.current_attendee(workshop)
    if attendee is None:
        raise ApiError(_("Inscrivez-vous d’abord avec votre prénom."), 403)
    return attendee


@bp.get("/api/workshops/<code>/questions")
@access.workshop_view
def api_list(workshop):
    """The board's questions in board order; the moderator also gets hidden ones."""
    moderator = access.is_moderator(workshop)
    return jsonify(questions=board.listing(workshop, moderator=moderator))


@bp.post("/api/workshops/<code>/questions")
@limits.writes(limits.QUESTIONS)
@access.workshop_view
def api_ask(workshop):
    """Post a question: {"text", "client_id", "anonymous"}; from an attendee or the moderator."""
    data = validate.body()
    text = validate.text(
        data.get("text"),
        field=_("votre question"),
        min_length=choices.QUESTION_MIN,
        max_length=choices.QUESTION_MAX,
    )
    client_id = validate.client_id(data.get("client_id"))
    anonymous = data.get("anonymous", workshop.anonymous_default)
    anonymous = validate.flag(anonymous, field=_("anonyme"))
    attendee = access.current_attendee(workshop)
    if attendee is None and not access.is_moderator(workshop):
        raise ApiError(_("Inscrivez-vous d’abord avec votre prénom."), 403)
    question, created = board.ask(workshop, text, client_id, attendee=attendee, anonymous=anonymous)
    votes = board.vote_count(question) if not created else 0
    return jsonify(board.asker_view(question, votes)), 201 if created else 200


@bp.post("/api/questions/<int:question_id>/vote")
@limits.writes(limits.VOTES, scope="votes")
def api_vote(question_id):
    """Add "moi aussi" to a question: {"client_id"}."""
    question = _question_or_404(question_id)
    client_id = validate.client_id(validate.body().get("client_id"))
    attendee = _attendee_or_403(question.workshop)
    votes, _created = board.vote(question, attendee, client_id)
    return jsonify(id=question.id, votes=votes, voted=True)


@bp.delete("/api/questions/<int:question_id>/vote")
@limits.writes(limits.VOTES, scope="votes")
def api_unvote(question_id):
    """Take back "moi aussi"."""
    question = _question_or_404(question_id)
    validate.body()
    attendee = _attendee_or_403(question.workshop)
    votes = board.unvote(question, attendee)
    return jsonify(id=question.id, votes=votes, voted=False)


@bp.patch("/api/questions/<int:question_id>")
def api_update(question_id):
    """The moderator changes a question: {"status", "text", "theme"}."""
    question = _question_or_404(question_id)
    access.require_moderator(question.workshop)
    data = validate.body()
    changes = {}
    if "status" in data:
        changes["status"] = validate.choice(
            data["status"], choices.QUESTION_STATUSES, field=_("l’état"), required=True
        )
    if "text" in data:
        changes["text"] = validate.text(
            data["text"],
            field=_("la question"),
            min_length=choices.QUESTION_MIN,
            max_length=choices.QUESTION_MAX,
        )
    if "theme" in data:
        changes["theme"] = validate.choice(data["theme"], choices.THEMES, field=_("la thématique"))
    if not changes:
        raise ApiError(_("Rien à changer."))
    board.update(question, **changes)
    return jsonify(board.moderator_view(question, board.vote_count(question)))


@bp.post("/api/questions/<int:question_id>/merge")
def api_merge(question_id):
    """The moderator merges a duplicate into the same question: {"into": id}; votes add up."""
    duplicate = _question_or_404(question_id)
    access.require_moderator(duplicate.workshop)
    into = validate.body().get("into")
    target = db.session.get(Question, into) if isinstance(into, int) else None
    if target is None:
        raise ApiError(_("Choisissez une autre question du même atelier."))
    board.merge(duplicate, target)
    return jsonify(board.moderator_view(target, board.vote_count(target)))


@bp.post("/api/workshops/<code>/help")
@limits.writes(limits.HELP)
@access.workshop_view
def api_help(workshop):
    """ "I need help with my own case": {"client_id"}; reaches the moderator only."""
    client_id = validate.client_id(validate.body().get("client_id"))
    attendee = _attendee_or_403(workshop)
    help_request, created = help_requests.ask_for_help(workshop, attendee, client_id)
    return jsonify(id=help_request.id, waiting=help_request.handled_at is None), 201 if created else 200


@bp.patch("/api/help/<int:help_id>")
def api_help_handled(help_id):
    """The moderator went to help: {"handled": true}."""
    help_request = db.session.get(HelpRequest, help_id) or abort(404)
    access.require_moderator(help_request.attendee.workshop)
    if validate.body().get("handled") is not True:
        raise ApiError(_("Rien à changer."))
    help_requests.mark_handled(help_request)
    return jsonify(id=help_request.id, waiting=False)
