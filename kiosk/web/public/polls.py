"""Quick picture polls: the moderator starts and stops them, phones and the door kiosk answer
(the rules are in rules/polls.py)."""

from flask import Blueprint, jsonify, url_for
from flask_babel import gettext as _

from kiosk import choices
from kiosk.data.models import Poll
from kiosk.rules import polls
from kiosk.web import access, answers, api, inputs, limits

bp = Blueprint("polls", __name__)


def words():
    """What the page scripts say of polls, in the page's language: presets, pictograms, buttons."""
    return {
        "pictograms": {key: _(label) for key, label in choices.POLL_PICTOGRAMS.items()},
        "presets": {key: _(question) for key, (question, _keys) in choices.POLL_PRESETS.items()},
        "pictogram_url": url_for("static", filename="img/poll/KEY.svg"),
        "answers": _("Réponses :"),
        "answer": _("Réponse"),
        "people": _("Personnes"),
        "thanks": _("Merci ! Vous pouvez changer votre réponse tant que le sondage est ouvert."),
        "door_thanks": _("Merci pour votre réponse !"),
        "closed": _("Le sondage est terminé. Voici le résultat."),
        "stop": _("Arrêter le vote"),
        "reopen": _("Rouvrir le vote"),
        "put_away": _("Retirer des écrans"),
    }


@bp.record_once
def _for_templates(state):
    """Templates (and the macros they import) write the polls' words for their script: `polls_say()`."""
    state.app.jinja_env.globals["polls_say"] = words


@bp.get("/api/workshops/<code>/poll")
@access.workshop_view
@api.operation({200: answers.PollOnScreens})
def api_on_screens(workshop):
    """The poll on the screens, and the choice this browser's person made in it."""
    poll = polls.on_screens(workshop)
    return jsonify(poll=polls.view(poll), mine=polls.mine(poll, access.current_attendee(workshop)))


@bp.post("/api/workshops/<code>/polls")
@access.moderator_only
@api.operation({200: answers.Poll, 201: answers.Poll}, body=inputs.NewPoll, refuses=(409,))
def api_start(workshop, body):
    """Start a poll from a preset or typed answers; the poll on the screens before it is put away."""
    poll, created = polls.start(
        workshop, body.client_id, question=body.question, preset=body.preset, labels=body.options
    )
    return jsonify(polls.view(poll)), 201 if created else 200


@bp.post("/api/polls/<int:poll_id>/answer")
@limits.writes(limits.VOTES, scope="votes")
@access.row_view(Poll)
@api.operation(
    {200: answers.PollReceipt, 201: answers.PollReceipt}, body=inputs.PollAnswer, refuses=(409, 429)
)
def api_answer(poll, body):
    """Answer a poll in one tap; answering again changes the answer. "kiosk": the door screen."""
    workshop = poll.workshop
    attendee = access.person_or_door(
        workshop,
        body.kiosk,
        _("Seul l’écran d’accueil ouvert par l’animateur répond pour les personnes sans téléphone."),
    )
    row, created = polls.answer(poll, attendee, body.choice, body.client_id)
    return jsonify(id=row.id, choice=row.choice, poll=polls.view(poll)), 201 if created else 200


@bp.patch("/api/polls/<int:poll_id>")
@access.row_view(Poll, moderator=True)
@api.operation({200: answers.Poll}, body=inputs.PollChanges, refuses=(409,))
def api_change(poll, body):
    """Stop a poll (its result stays on the screens), open it again, or put it away."""
    polls.set_status(poll, body.status)
    return jsonify(polls.view(poll))
