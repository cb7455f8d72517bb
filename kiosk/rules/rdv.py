"""RDV Service Public: its "RDVs par usager" export read to register a workshop's people, and their
presence told back.

The export (RDV Service Public's `ParticipationExporter`) is an .xls file: one sheet, a header row, one
row per person and appointment. Dates are written "24/11/2026" and hours "14h00"; a file saved again
by a spreadsheet may hold real dates instead, and may be .xlsx or CSV: all are read.
"""

import csv
import hashlib
import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl
import sqlalchemy as sa
import xlrd

from kiosk import choices
from kiosk.data.models import Attendee, Registration
from kiosk.extensions import db
from kiosk.rules import registrations
from kiosk.rules.refusals import Refused

# The columns Kiosk reads, spelt as the export's header spells them.
PERSON, RDV, DAY, HOUR, STATUS = "usager", "rdv_id", "date rdv", "heure rdv", "statut"
NEEDED = (PERSON, RDV, DAY, STATUS)
# An appointment cancelled before the day does not make a place taken.
CANCELLED = ("Annulé (excusé)", "Annulé (par le service)")
# What to set in RDV Service Public afterwards, in its own words.
CAME, DID_NOT_COME = "Rendez-vous honoré", "Absence non excusée"


def _xls_rows(data):
    book = xlrd.open_workbook(file_contents=data)
    sheet = book.sheet_by_index(0)
    rows = []
    for r in range(sheet.nrows):
        row = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            else:
                row.append(cell.value)
        rows.append(row)
    return rows


def _xlsx_rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(data):
    text = data.decode("utf-8-sig") if _utf8(data) else data.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_rows(data):
    """The rows of the file's first sheet, whatever the file is (.xls, .xlsx or CSV)."""
    try:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            return _xls_rows(data)
        if data.startswith(b"PK"):
            return _xlsx_rows(data)
        return _csv_rows(data)
    except (xlrd.XLRDError, zipfile.BadZipFile, ValueError, KeyError, IndexError, OSError):
        raise Refused("rdv_file_unreadable") from None


def _text(value):
    """A cell as text: a whole number without its ".0" (xls keeps every number as a float)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _day(value):
    """The date of a cell: a date, or "24/11/2026"."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", _text(value))
    if found is None:
        return None
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None


def _hour(value):
    """The time of a cell: a time, or "14h00"."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    found = re.fullmatch(r"(\d{1,2})\s*[h:]\s*(\d{2})", _text(value))
    return time(int(found[1]), int(found[2])) if found and int(found[1]) < 24 and int(found[2]) < 60 else None


def appointments(rows):
    """The export's rows as dicts of usager, rdv_id, day, hour and statut; Refused when a column is missing."""
    header = None
    for index, row in enumerate(rows):
        names = [_text(cell).casefold() for cell in row]
        if all(column in names for column in NEEDED):
            header = {column: names.index(column) for column in (*NEEDED, HOUR) if column in names}
            rows = rows[index + 1 :]
            break
    if header is None:
        raise Refused("rdv_columns_missing")
    found = []
    for row in rows:
        cell = {column: row[i] if i < len(row) else None for column, i in header.items()}
        if not _text(cell[PERSON]):
            continue
        found.append(
            {
                "usager": _text(cell[PERSON]),
                "rdv_id": _text(cell[RDV])[: choices.RDV_ID_MAX],
                "day": _day(cell[DAY]),
                "hour": _hour(cell.get(HOUR)),
                "statut": _text(cell[STATUS]),
            }
        )
    return found


def _client_id(workshop, appointment):
    """One registration per workshop, appointment and person, however many times the file is imported."""
    key = f"{workshop.id}:{appointment['rdv_id']}:{appointment['usager']}"
    return "rdv-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def import_file(workshop, data, day):
    """Register the people of an export whose appointment is on `day` (the workshop's local date).

    Returns counts: added, already (imported before), other_day, cancelled.
    """
    counts = {"added": 0, "already": 0, "other_day": 0, "cancelled": 0}
    for appointment in appointments(read_rows(data)):
        if appointment["day"] != day:
            counts["other_day"] += 1
            continue
        if appointment["statut"] in CANCELLED:
            counts["cancelled"] += 1
            continue
        name = appointment["usager"][: choices.NAME_MAX].strip()
        _row, created = registrations.register(
            workshop, name, _client_id(workshop, appointment), rdv_id=appointment["rdv_id"] or None
        )
        counts["added" if created else "already"] += 1
    return counts


def presence(workshop):
    """The people imported from RDV Service Public, each with whether they came, by name."""
    found = db.session.execute(
        sa.select(Registration, Attendee.status)
        .outerjoin(Attendee, Registration.attendee_id == Attendee.id)
        .where(Registration.workshop_id == workshop.id, Registration.rdv_id.is_not(None))
        .order_by(Registration.name, Registration.id)
    ).all()
    return [
        {"name": r.name, "rdv_id": r.rdv_id, "waiting": r.waiting, "came": status == "present"}
        for r, status in found
    ]
