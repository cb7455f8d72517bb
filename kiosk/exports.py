"""CSV exports of a workshop's tables, safe to open in a spreadsheet."""

import csv
import io

import sqlalchemy as sa

from . import board
from .extensions import db
from .models import Attendee, Feedback

# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value that a spreadsheet will show as text, never run."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _attendees(workshop):
    yield [
        "id",
        "name",
        "status",
        "came_before",
        "first_visit",
        "age_band",
        "social_status",
        "commune",
        "checked_in_at",
    ]
    for a in db.session.scalars(
        sa.select(Attendee).where(Attendee.workshop_id == workshop.id).order_by(Attendee.id)
    ):
        yield [
            *(a.id, a.name, a.status, a.came_before, a.first_visit),
            *(a.age_band, a.social_status, a.commune, a.checked_in_at),
        ]


def _questions(workshop):
    yield ["id", "text", "status", "votes", "author", "theme", "created_at"]
    for view in board.listing(workshop, moderator=True):
        yield [view[k] for k in ("id", "text", "status", "votes", "author", "theme", "created_at")]


def _feedback(workshop):
    yield ["id", "rating", "learned", "at_ease", "next_topic", "comment", "created_at"]
    for f in db.session.scalars(
        sa.select(Feedback).where(Feedback.workshop_id == workshop.id).order_by(Feedback.id)
    ):
        yield [f.id, f.rating, f.learned, f.at_ease, f.next_topic, f.comment, f.created_at]


TABLES = {"attendees": _attendees, "questions": _questions, "feedback": _feedback}


def csv_text(workshop, table):
    """One table of a workshop as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in TABLES[table](workshop):
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
