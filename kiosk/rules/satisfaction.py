"""Rules of the end-of-session feedback: one answer per attendee, paper grids, and the summary."""

from datetime import timedelta

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.database import now
from kiosk.data.models import Feedback
from kiosk.extensions import db
from kiosk.rules import changes, replay
from kiosk.rules.refusals import Refused

# How long after closing the workshop a late answer is still taken (`FEEDBACK_GRACE_MINUTES`).
FEEDBACK_GRACE = timedelta(minutes=30)


def score(ratings):
    """The score out of 10 of the State's three faces (0 / 5 / 10), averaged; None without answers."""
    ratings = list(ratings)
    if not ratings:
        return None
    return round(sum(choices.RATINGS[r] for r in ratings) / len(ratings), 1)


def summary(workshop):
    """Counts per face (paper grids included) and per answer, the score out of 10, and the suggestions."""
    answers = db.session.scalars(
        sa.select(Feedback).where(Feedback.workshop_id == workshop.id).order_by(Feedback.id)
    ).all()
    tally = {
        name: dict.fromkeys(values, 0)
        for name, values in (
            ("rating", choices.RATINGS),
            ("learned", choices.YES_NO),
            ("at_ease", choices.YES_NO),
        )
    }
    for answer in answers:
        for name in tally:
            value = getattr(answer, name)
            if value is not None:
                tally[name][value] += 1
    paper = {face: int(workshop.paper_tally.get(face, 0)) for face in choices.RATINGS}
    ratings = [a.rating for a in answers] + [face for face, n in paper.items() for _ in range(n)]
    for face, n in paper.items():
        tally["rating"][face] += n
    return {
        "count": len(ratings),
        "on_paper": sum(paper.values()),
        # Given at the door kiosk for people without a phone: they may outnumber those checked in.
        "at_door": sum(1 for a in answers if a.attendee_id is None),
        "paper": paper,
        "score": score(ratings),
        **tally,
        "next_topics": [a.next_topic for a in answers if a.next_topic],
        "comments": [a.comment for a in answers if a.comment],
    }


def board_summary(workshop):
    """What the board may show of the feedback: how many answered, and faces and score once the
    moderator chooses to show them."""
    full = summary(workshop)
    if not workshop.show_feedback_on_board:
        return {"shown": False, "count": full["count"]}
    return {"shown": True, "count": full["count"], "score": full["score"], "rating": full["rating"]}


def tell(change, workshop):
    """Tell the screens and moderators the feedback as it now stands."""
    # The board's summary: phones show no count, and each answer told to every phone would cost the
    # square of the room.
    change.tell("feedback", public=board_summary(workshop), moderators=summary(workshop), phones=False)


def may_give(workshop, attendee, grace=FEEDBACK_GRACE):
    """Feedback is taken in the feedback step, and for a little while after the workshop closes, from
    people who were in (or from the door kiosk, `attendee` None); otherwise Refused."""
    if workshop.phase == "closed":
        if workshop.closed_at is None or now() > workshop.closed_at + grace:
            raise Refused("feedback_over")
    elif workshop.phase != "feedback":
        raise Refused("feedback_not_open")
    if attendee is not None and attendee.status != "present":
        raise Refused("not_present")


def taking(workshop, grace=FEEDBACK_GRACE):
    """Whether feedback is taken now (its step, or the grace period after closing)."""
    try:
        may_give(workshop, None, grace)
    except Refused:
        return False
    return True


def give(workshop, attendee, client_id, answers, grace=FEEDBACK_GRACE):
    """Record feedback and return (feedback, created).

    An attendee answering again replaces their answer; on the door kiosk (attendee None) every new
    client id is a new person, and a replayed one counts once.
    """
    may_give(workshop, attendee, grace)

    owner = {"workshop_id": workshop.id, "attendee_id": attendee.id if attendee else None}

    def write(change):
        feedback, created = replay.answer_row(Feedback, owner, client_id)
        for name, value in answers.items():
            setattr(feedback, name, value)
        db.session.flush()
        tell(change, workshop)
        return feedback, created

    return replay.once(workshop, Feedback, client_id, write, owner)


def set_paper_tally(workshop, tally):
    """Replace the counts of paper grids typed in by the moderator."""
    change = changes.begin(workshop)
    workshop.paper_tally = dict(tally)
    tell(change, workshop)
    db.session.commit()


def show_on_board(workshop, show):
    """Show or hide the feedback summary on the projector."""
    change = changes.begin(workshop)
    workshop.show_feedback_on_board = show
    tell(change, workshop)
    db.session.commit()
