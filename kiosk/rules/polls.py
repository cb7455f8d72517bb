"""Rules of the quick picture polls: the moderator asks the room, each person answers in one tap.

One poll at a time is on the screens. Each person has one answer, which they may change while the
poll is open; the door kiosk answers for people without a phone, each tap someone else. No scores,
no ranking of people: only how many chose each answer.
"""

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.database import now
from kiosk.data.models import Poll, PollAnswer
from kiosk.extensions import db
from kiosk.rules import changes, replay
from kiosk.rules.refusals import Refused, may_take_part


def options_of(preset=None, labels=()):
    """The choices of a new poll: a preset's pictograms, or the words typed (2 to 4, none empty)."""
    if preset is not None:
        return [{"pictogram": key, "label": None} for key in choices.POLL_PRESETS[preset][1]]
    labels = [label for label in labels if label]
    if not choices.POLL_OPTIONS_MIN <= len(labels) <= choices.POLL_OPTIONS_MAX:
        raise Refused("poll_options")
    return [{"pictogram": None, "label": label} for label in labels]


def counts(poll):
    """How many chose each answer, in the order of the choices."""
    tally = dict(
        db.session.execute(
            sa.select(PollAnswer.choice, sa.func.count())
            .where(PollAnswer.poll_id == poll.id)
            .group_by(PollAnswer.choice)
        ).all()
    )
    return [tally.get(index, 0) for index in range(len(poll.options))]


def view(poll):
    """What every screen shows of a poll (None: no poll on the screens)."""
    if poll is None:
        return None
    tally = counts(poll)
    return {
        "id": poll.id,
        "preset": poll.preset,
        "question": poll.question,
        "options": [dict(option) for option in poll.options],
        "status": poll.status,
        "counts": tally,
        "total": sum(tally),
    }


def on_screens(workshop):
    """The poll the screens show: the latest, unless the moderator put it away."""
    return db.session.scalar(
        sa.select(Poll)
        .where(Poll.workshop_id == workshop.id, Poll.status != "done")
        .order_by(Poll.id.desc())
        .limit(1)
    )


def of_workshop(workshop):
    """Every poll of a workshop with its counts, oldest first (for the report)."""
    polls = db.session.scalars(sa.select(Poll).where(Poll.workshop_id == workshop.id).order_by(Poll.id))
    return [view(poll) for poll in polls]


def tell(change, workshop):
    """Tell every screen the poll on show."""
    change.tell("poll", public={"poll": view(on_screens(workshop))})


def start(workshop, client_id, question="", preset=None, labels=()):
    """The moderator starts a poll; the one on the screens before it is put away. Returns (poll, created)."""
    may_take_part(workshop, None)
    options = options_of(preset, labels)

    def write(change):
        db.session.execute(
            sa.update(Poll)
            .where(Poll.workshop_id == workshop.id, Poll.status != "done")
            .values(status="done", closed_at=sa.func.coalesce(Poll.closed_at, now()))
        )
        poll = Poll(
            workshop_id=workshop.id, client_id=client_id, preset=preset, question=question, options=options
        )
        db.session.add(poll)
        db.session.flush()
        tell(change, workshop)
        return poll, True

    return replay.once(workshop, Poll, client_id, write, {"workshop_id": workshop.id})


def answer(poll, attendee, choice, client_id):
    """Record a person's choice (attendee None: the door kiosk); a person answering again changes it."""
    workshop = poll.workshop
    may_take_part(workshop, attendee)
    if poll.status != "open":
        raise Refused("poll_closed")
    if not 0 <= choice < len(poll.options):
        raise Refused("poll_choice")

    owner = {"poll_id": poll.id, "attendee_id": attendee.id if attendee else None}

    def write(change):
        row, created = replay.answer_row(PollAnswer, owner, client_id)
        row.choice = choice
        db.session.flush()
        tell(change, workshop)
        return row, created

    return replay.once(workshop, PollAnswer, client_id, write, owner)


def mine(poll, attendee):
    """The choice this attendee made in a poll, or None."""
    if poll is None or attendee is None:
        return None
    return db.session.scalar(
        sa.select(PollAnswer.choice).where(
            PollAnswer.poll_id == poll.id, PollAnswer.attendee_id == attendee.id
        )
    )


def set_status(poll, status):
    """Stop the answers ("closed", the result stays on the screens) or put the poll away ("done")."""
    workshop = poll.workshop
    if status == "open" and poll.status == "done":
        raise Refused("poll_closed")
    change = changes.begin(workshop)
    poll.status = status
    poll.closed_at = None if status == "open" else poll.closed_at or now()
    db.session.flush()
    tell(change, workshop)
    db.session.commit()
