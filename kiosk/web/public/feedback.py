"""End-of-session feedback: its API and its plain-form twin (the rules are in satisfaction.py)."""

from datetime import timedelta

from flask import Blueprint, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from kiosk import choices
from kiosk.rules import satisfaction
from kiosk.rules.refusals import Refused
from kiosk.web import access, limits, validate
from kiosk.web.errors import ApiError, plain

bp = Blueprint("feedback", __name__)


def _give(workshop, data):
    """Validate feedback from a form or the API and record it; returns (feedback, created).

    The door kiosk ("kiosk": true) answers for people without a phone, one person after the other.
    """
    kiosk = data.get("kiosk") in (True, "1")
    # Answering for other people is the door screen's job, and only one the moderator set up:
    # otherwise one phone could pose as the kiosk and answer again and again.
    if kiosk and not access.is_moderator(workshop):
        raise ApiError(
            _("Seul l’écran d’accueil ouvert par l’animateur recueille les avis sans téléphone."), 403
        )
    attendee = None if kiosk else access.current_attendee(workshop)
    if attendee is None and not kiosk:
        raise ApiError(_("Inscrivez-vous d’abord avec votre prénom."), 403)
    answers = {
        "rating": validate.choice(data.get("rating"), choices.RATINGS, field=_("un visage"), required=True),
        "learned": validate.choice(data.get("learned"), choices.YES_NO, field=_("« J’ai appris »")),
        "at_ease": validate.choice(data.get("at_ease"), choices.YES_NO, field=_("« Plus à l’aise »")),
        "next_topic": validate.text(
            data.get("next_topic"),
            field=_("le prochain sujet"),
            max_length=choices.FEEDBACK_TEXT_MAX,
            required=False,
        ),
        "comment": validate.text(
            data.get("comment"),
            field=_("le commentaire"),
            max_length=choices.FEEDBACK_TEXT_MAX,
            required=False,
        ),
    }
    client_id = validate.client_id(data.get("client_id"))
    grace = timedelta(minutes=current_app.config["FEEDBACK_GRACE_MINUTES"])
    return satisfaction.give(workshop, attendee, client_id, answers, grace)


@bp.post("/api/workshops/<code>/feedback")
@limits.writes(limits.FEEDBACK)
@access.workshop_view
def api_give(workshop):
    """Give feedback: {"client_id", "rating": "bad"|"medium"|"good", "learned", "at_ease", …}."""
    feedback, created = _give(workshop, validate.body())
    return jsonify(id=feedback.id, rating=feedback.rating), 201 if created else 200


@bp.post("/w/<code>/feedback")
@limits.writes(limits.FEEDBACK)
@access.workshop_view
def form_give(workshop):
    """Give feedback from the plain form, for phones without JavaScript."""
    try:
        _give(workshop, request.form)
    except (ApiError, Refused) as error:
        flash(plain(error)[0], "error")
    else:
        flash(_("Merci ! Votre avis est bien reçu."), "success")
    return redirect(url_for("checkin.participant", code=workshop.code) + "#feedback")


@bp.put("/api/workshops/<code>/feedback/paper")
@access.moderator_only
def api_paper(workshop):
    """The moderator types in paper grids as counts per face: {"good": n, "medium": n, "bad": n}."""
    data = validate.body()
    tally = {
        face: validate.integer(data.get(face, 0), field=label, low=0, high=choices.CAPACITY_MAX)
        for face, label in choices.RATING_LABELS.items()
    }
    satisfaction.set_paper_tally(workshop, tally)
    return jsonify(satisfaction.summary(workshop))


@bp.put("/api/workshops/<code>/feedback/on-board")
@access.moderator_only
def api_on_board(workshop):
    """Show the feedback summary on the projector, or not: {"show": true|false}."""
    show = validate.flag(validate.body().get("show"), field=_("l’affichage"))
    satisfaction.show_on_board(workshop, show)
    return jsonify(show=show)
