"""What the group keeps and what comes back: prepared questions brought to the board one by one, and
the questions left for later carried over to the next workshop (the answers themselves are in board.update)."""

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.models import Question, Workshop
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


def tell(change, workshop):
    """Tell the moderators the questions prepared ahead."""
    change.tell("prepared", public=None, moderators=prepared(workshop))


def prepare(workshop, text, client_id):
    """The moderator prepares a question before (or during) the session; returns (question, created)."""

    def write(change):
        question = Question(workshop=workshop, text=text, client_id=client_id, status=choices.PREPARED)
        db.session.add(question)
        db.session.flush()
        tell(change, workshop)
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
    tell(change, workshop)
    db.session.commit()


def _left_over(workshop_id):
    """The questions of a workshop (`workshop_id`: an id or a column) set aside or left unanswered and
    not yet taken by a later workshop."""
    return sa.and_(
        Question.workshop_id == workshop_id,
        Question.status.in_(CARRIED_OVER),
        Question.carried_over.is_(False),
    )


def carry_over(source, target):
    """The questions `source` set aside or left unanswered, prepared again in `target` (not committed).

    Each question comes back once: the first later workshop to take it has it, a second one does not.
    """
    # Claimed and marked in one statement: two workshops made at the same moment cannot both take one.
    taken = db.session.execute(
        sa.update(Question)
        .where(_left_over(source.id))
        .values(carried_over=True)
        .returning(Question.id, Question.text, Question.theme)
        .execution_options(synchronize_session=False)
    ).all()
    for question_id, text, theme in sorted(taken):
        db.session.add(
            Question(
                workshop_id=target.id,
                text=text,
                theme=theme,
                status=choices.PREPARED,
                client_id=f"carried-{question_id}-to-{target.id}",
            )
        )
    return len(taken)


def carry_over_in_series(target):
    """The left-overs of the latest earlier workshop of `target`'s series that still has some, prepared
    again in `target` (not committed)."""
    if target.series_id is None:
        return 0
    left = sa.select(Question.id).where(_left_over(Workshop.id)).exists()
    source = db.session.scalar(
        sa.select(Workshop)
        .where(
            Workshop.series_id == target.series_id,
            Workshop.id != target.id,
            Workshop.starts_at < target.starts_at,
            left,
        )
        .order_by(Workshop.starts_at.desc(), Workshop.id.desc())
        .limit(1)
    )
    return 0 if source is None else carry_over(source, target)
