"""A forum day: every workshop of one day, with the counts the organiser watches across the rooms.

Anonymous counts only: no name leaves here. Each count is one grouped query for the whole day, so the
page stays as quick with thirty rooms as with two.
"""

from datetime import datetime, time

import sqlalchemy as sa

from kiosk.data.models import Attendee, Feedback, HelpRequest, Question, Workshop
from kiosk.extensions import db
from kiosk.rules import reporting


def workshops_of(day):
    """The workshops that start on `day` (local date), in the order they start."""
    first = datetime.combine(day, time.min).astimezone()
    last = datetime.combine(day, time.max).astimezone()
    return db.session.scalars(
        sa.select(Workshop)
        .where(Workshop.starts_at.between(first, last))
        .order_by(Workshop.starts_at, Workshop.title, Workshop.id)
    ).all()


def _per_workshop(model, ids, *where):
    """{workshop id: how many rows of `model` match `where`}, for the workshops in `ids`."""
    rows = db.session.execute(
        sa.select(model.workshop_id, sa.func.count())
        .where(model.workshop_id.in_(ids), *where)
        .group_by(model.workshop_id)
    )
    return dict(rows.all())


def rooms(day):
    """The day's workshops and their counts: present, capacity, waiting, open questions, help requests
    not handled yet, feedback answers (paper grids included)."""
    found = workshops_of(day)
    ids = [w.id for w in found]
    present = _per_workshop(Attendee, ids, Attendee.status == "present")
    waiting = _per_workshop(Attendee, ids, Attendee.status == "waiting")
    questions = _per_workshop(Question, ids, Question.status.in_(reporting.UNANSWERED))
    help_waiting = _per_workshop(HelpRequest, ids, HelpRequest.handled_at.is_(None))
    answers = _per_workshop(Feedback, ids)
    return [
        {
            "workshop": w,
            "present": present.get(w.id, 0),
            "capacity": w.capacity,
            "waiting": waiting.get(w.id, 0),
            "questions": questions.get(w.id, 0),
            "help": help_waiting.get(w.id, 0),
            "feedback": answers.get(w.id, 0) + sum(int(n) for n in w.paper_tally.values()),
        }
        for w in found
    ]


def totals(rows):
    """The day's sums over every room, for the line at the top."""
    keys = ("present", "capacity", "waiting", "questions", "help", "feedback")
    return {key: sum(row[key] for row in rows) for key in keys}
