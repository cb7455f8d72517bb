"""What the group keeps and what comes back: prepared questions brought to the board one by one, and
the questions left for later carried over to the next workshop (the answers themselves are in board.update)."""

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.models import Question
from kiosk.extensions import db
from kiosk.rules import board, changes, replay
from kiosk.rules.refusals import Refused

# What comes back next time: set aside for later, or never answered.
CARRIED_OVER = ("later", "open", "current", "pending")


def prepared(workshop):
    """The questions the moderator prepared, not on the board yet, oldest first."""
    rows = db.session.scalars(
        sa.select(Question)
        .where(Question.workshop_id == workshop.id, Question.status == choices.PREPARED)
        .order_by(Question.id)
    )
    return [{"id": q.id, "text": q.text, "theme": q.theme} for q in rows]


def _tell(change, workshop):
    change.tell("prepared", public=None, moderators=prepared(workshop))


def prepare(workshop, text, client_id):
    """The moderator prepares a question before (or during) the session; returns (question, created)."""

    def write(change):
        question = Question(workshop=workshop, text=text, client_id=client_id, status=choices.PREPARED)
        db.session.add(question)
        db.session.flush()
        _tell(change, workshop)
        return question, True

    return replay.once(
        workshop, Question, client_id, write, {"workshop_id": workshop.id, "attendee_id": None}
    )


def bring_to_board(question):
    """Put a prepared question on the board as the current one: the group talks about it now."""
    if question.status != choices.PREPARED:
        raise Refused("question_not_prepared")
    board.update(question, status="current")


def withdraw(question):
    """Delete a prepared question the moderator no longer wants."""
    if question.status != choices.PREPARED:
        raise Refused("question_not_prepared")
    workshop = question.workshop
    change = changes.begin(workshop)
    db.session.delete(question)
    db.session.flush()
    _tell(change, workshop)
    db.session.commit()


def carry_over(source, target):
    """The questions `source` set aside or left unanswered, prepared again in `target` (not committed)."""
    left = db.session.scalars(
        sa.select(Question)
        .where(Question.workshop_id == source.id, Question.status.in_(CARRIED_OVER))
        .order_by(Question.id)
    )
    for question in left:
        db.session.add(
            Question(
                workshop_id=target.id,
                text=question.text,
                theme=question.theme,
                status=choices.PREPARED,
                client_id=f"carried-{question.id}-to-{target.id}",
            )
        )
