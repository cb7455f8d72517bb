"""Exports safe to open in a spreadsheet: a workshop's tables as CSV, the activity tool's import file, a period."""

import csv
import io

import sqlalchemy as sa
from openpyxl import Workbook

from kiosk.data.models import Attendee, Feedback
from kiosk.extensions import db
from kiosk.rules import board, communes, named, reporting

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
        "commune_insee",
        "checked_in_at",
    ]
    for a in db.session.scalars(
        sa.select(Attendee).where(Attendee.workshop_id == workshop.id).order_by(Attendee.id)
    ):
        yield [
            *(a.id, a.name, a.status, a.came_before, a.first_visit),
            *(a.age_band, a.social_status, communes.label(a.commune_insee, a.commune), a.commune_insee),
            a.checked_in_at,
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


# The national activity tool's import file for named participants (DOMAIN.md): its sheet, its columns,
# and the row its data starts on.
BENEFICIARIES_SHEET = "Bénéficiaires"
BENEFICIARIES_COLUMNS = (
    *("Nom", "Prénom", "Année de naissance", "Commune", "Code INSEE", "Code postal"),
    *("Téléphone", "Email", "Genre", "Notes"),
)
BENEFICIARIES_FIRST_ROW = 4


def named_attendees(workshop):
    """The people present who agreed to be named, in order of arrival."""
    return db.session.scalars(
        sa.select(Attendee)
        .where(
            Attendee.workshop_id == workshop.id,
            Attendee.status == "present",
            Attendee.named_consent.is_(True),
        )
        .order_by(Attendee.id)
    ).all()


def beneficiaries_workbook(workshop):
    """The import file as .xlsx bytes, each row as La Coop's importer checks it (rules/named.py).
    Contact details given for the venue's own calls are never passed on."""
    book = Workbook()
    sheet = book.active
    sheet.title = BENEFICIARIES_SHEET
    sheet["A1"] = neutralise(f"{workshop.title} — {workshop.starts_at.astimezone():%d/%m/%Y}")
    sheet["A2"] = "Personnes d’accord pour être nommées"
    for column, label in enumerate(BENEFICIARIES_COLUMNS, start=1):
        sheet.cell(row=BENEFICIARIES_FIRST_ROW - 1, column=column, value=label)
    for row, attendee in enumerate(named_attendees(workshop), start=BENEFICIARIES_FIRST_ROW):
        for column, value in enumerate(named.row(attendee), start=1):
            if value not in (None, ""):
                # Text stays text (a code INSEE "01053" keeps its zero); a year stays a number.
                sheet.cell(
                    row=row, column=column, value=value if isinstance(value, int) else neutralise(value)
                )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def beneficiaries_review(workshop, this_year):
    """Before the export: each named person present, with what is missing or would be refused."""
    return [(attendee, named.problems(attendee, this_year)) for attendee in named_attendees(workshop)]


def _csv(rows):
    """Rows as CSV text, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def csv_text(workshop, table):
    """One table of a workshop as CSV text."""
    return _csv(TABLES[table](workshop))


def _period(start, end):
    yield ["code", "date", "titre", "participants", "deja_accompagnes", "places", "note_sur_10"]
    for row in reporting.period(start, end)["workshops"]:
        w, counts = row["workshop"], row["participants"]
        yield [
            *(w.code, w.starts_at.date().isoformat(), w.title),
            *(counts["total"], counts["returning"], w.capacity, row["score"]),
        ]


def period_csv(start, end):
    """The workshops of a period as CSV text, one line each, with their attendance and score."""
    return _csv(_period(start, end))
