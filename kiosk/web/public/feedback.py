"""End-of-session feedback: its API and its plain-form twin (the rules are in satisfaction.py)."""

from datetime import timedelta

from flask import Blueprint, current_app, flash, jsonify, redirect, url_for
from flask_babel import gettext as _

from kiosk.rules import satisfaction
from kiosk.rules.refusals import Refused
from kiosk.web import access, answers, api, inputs, limits, validate
from kiosk.web.errors import ApiError, plain

bp = Blueprint("feedback", __name__)


def _give(workshop, feedback):
    """Record feedback read from a form or the API; returns (feedback, created).

    The door kiosk ("kiosk": true) answers for people without a phone, one person after the other.
    """
    attendee = access.person_or_door(
        workshop,
        feedback.kiosk,
        _("Seul l’écran d’accueil ouvert par l’animateur recueille les avis sans téléphone."),
    )
    answers = feedback.model_dump(include={"rating", "learned", "at_ease", "next_topic", "comment"})
    return satisfaction.give(workshop, attendee, feedback.client_id, answers, grace())


def grace():
    """How long after closing the workshop feedback is still taken, as configured."""
    return timedelta(minutes=current_app.config["FEEDBACK_GRACE_MINUTES"])


@bp.post("/api/workshops/<code>/feedback")
@limits.writes(limits.FEEDBACK)
@access.workshop_view
@api.operation(
    {200: answers.FeedbackReceipt, 201: answers.FeedbackReceipt}, body=inputs.Feedback, refuses=(409,)
)
def api_give(workshop, body):
    """Give end-of-session feedback: one per attendee, given again it replaces the first; "kiosk" is
    the door screen answering for someone without a phone."""
    feedback, created = _give(workshop, body)
    return jsonify(id=feedback.id, rating=feedback.rating), 201 if created else 200


@bp.post("/w/<code>/feedback")
@limits.writes(limits.FEEDBACK)
@access.workshop_view
def form_give(workshop):
    """Give feedback from the plain form, for phones without JavaScript."""
    try:
        _give(workshop, validate.form(inputs.Feedback))
    except (ApiError, Refused) as error:
        flash(plain(error)[0], "error")
    else:
        flash(_("Merci ! Votre avis est bien reçu."), "success")
    return redirect(url_for("checkin.participant", code=workshop.code) + "#feedback")


@bp.put("/api/workshops/<code>/feedback/paper")
@access.moderator_only
@api.operation({200: answers.FeedbackSummary}, body=inputs.PaperTally)
def api_paper(workshop, body):
    """Paper grids typed in as counts per face."""
    satisfaction.set_paper_tally(workshop, body.model_dump())
    return jsonify(satisfaction.summary(workshop))


@bp.put("/api/workshops/<code>/feedback/on-board")
@access.moderator_only
@api.operation({200: answers.OnBoard}, body=inputs.OnBoard)
def api_on_board(workshop, body):
    """Show the feedback summary on the projector, or not."""
    satisfaction.show_on_board(workshop, body.show)
    return jsonify(show=body.show)
