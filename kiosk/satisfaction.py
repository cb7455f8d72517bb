"""Rules of the end-of-session feedback: one answer per attendee, paper grids, and the summary."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from . import choices, live
from .attendance import ClientIdTaken
from .extensions import db
from .models import Feedback


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
        "paper": paper,
        "score": score(ratings),
        **tally,
        "next_topics": [a.next_topic for a in answers if a.next_topic],
        "comments": [a.comment for a in answers if a.comment],
    }


def board_summary(workshop):
    """What the board may show of the feedback, once the moderator chooses to: faces and score only."""
    if not workshop.show_feedback_on_board:
        return {"shown": False}
    full = summary(workshop)
    return {"shown": True, "count": full["count"], "score": full["score"], "rating": full["rating"]}


def _tell(change, workshop):
    change.tell("feedback", public=board_summary(workshop), moderators=summary(workshop))


def give(workshop, attendee, client_id, answers):
    """Record feedback and return (feedback, created).

    An attendee answering again replaces their answer; on the door kiosk (attendee None) every new
    client id is a new person, and a replayed one counts once.
    """
    found = db.session.scalar(sa.select(Feedback).where(Feedback.client_id == client_id))
    if found is not None:
        if found.workshop_id != workshop.id or (attendee is not None and found.attendee_id != attendee.id):
            raise ClientIdTaken(client_id)
        return found, False
    change = live.begin(workshop)
    feedback = None
    if attendee is not None:
        feedback = db.session.scalar(
            sa.select(Feedback).where(
                Feedback.workshop_id == workshop.id, Feedback.attendee_id == attendee.id
            )
        )
    created = feedback is None
    if created:
        feedback = Feedback(
            workshop_id=workshop.id, attendee_id=attendee.id if attendee else None, client_id=client_id
        )
        db.session.add(feedback)
    for name, value in answers.items():
        setattr(feedback, name, value)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ClientIdTaken(client_id) from None
    _tell(change, workshop)
    db.session.commit()
    return feedback, created


def set_paper_tally(workshop, tally):
    """Replace the counts of paper grids typed in by the moderator."""
    change = live.begin(workshop)
    workshop.paper_tally = dict(tally)
    _tell(change, workshop)
    db.session.commit()


def show_on_board(workshop, show):
    """Show or hide the feedback summary on the projector."""
    change = live.begin(workshop)
    workshop.show_feedback_on_board = show
    _tell(change, workshop)
    db.session.commit()
