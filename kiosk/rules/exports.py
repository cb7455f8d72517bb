"""Exports that open right in a French spreadsheet: a workshop's tables and a period as CSV, and the
activity tool's import file.

Every CSV goes through `french_csv`: ";" between cells, a UTF-8 BOM (so Excel reads the accents), French
column headers, labels rather than codes, Paris local times to the second, and no cell a spreadsheet
would run as a formula.
"""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from openpyxl import Workbook

from kiosk import choices
from kiosk.data.models import Attendee, Feedback
from kiosk.extensions import db
from kiosk.rules import board, communes, named, rdv, reporting, venues

# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The rooms are in France: a report gives the time shown on the room's clock, whatever the PC says.
PARIS = ZoneInfo("Europe/Paris")


def neutralise(value):
    """A cell value that a spreadsheet will show as text, never run."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def french_cell(value):
    """One value as a French spreadsheet reads it: Oui/Non, dd/mm/yyyy hh:mm:ss in Paris, a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime):
        return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return neutralise(value)


def french_csv(header, rows):
    """The one CSV writer of every export: a header of French labels, then the rows, as text with its BOM."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([french_cell(value) for value in row])
    return out.getvalue()


def _label(labels, key):
    """The French label of a stored code; a code no longer in the list is shown as it is."""
    return None if key is None else labels.get(key, key)


ATTENDEE_COLUMNS = (
    *("N°", "Prénom ou pseudo", "Présence", "Déjà venu", "Première visite"),
    *("Tranche d'âge", "Situation", "Commune", "Code INSEE", "Arrivée"),
)


def _attendees(workshop):
    for a in db.session.scalars(
        sa.select(Attendee).where(Attendee.workshop_id == workshop.id).order_by(Attendee.id)
    ):
        yield [
            *(a.id, a.name, _label(choices.ATTENDEE_STATUS_LABELS, a.status), a.came_before, a.first_visit),
            _label(choices.AGE_BANDS, a.age_band),
            _label(choices.SOCIAL_STATUSES, a.social_status),
            *(communes.label(a.commune_insee, a.commune), a.commune_insee, a.checked_in_at),
        ]


QUESTION_COLUMNS = ("N°", "Question", "Suite donnée", "Moi aussi", "Posée par", "Thématique", "Posée à")


def _questions(workshop):
    for view in board.listing(workshop, moderator=True):
        yield [
            *(view["id"], view["text"], _label(choices.QUESTION_STATUS_LABELS, view["status"])),
            *(view["votes"], view["author"], _label(choices.THEMES, view["theme"])),
            datetime.fromisoformat(view["created_at"]),
        ]


FEEDBACK_COLUMNS = (
    *("N°", "Comment ça s'est passé", "A appris quelque chose", "Plus à l'aise"),
    *("Prochaine fois", "Commentaire", "Répondu à"),
)


def _feedback(workshop):
    for f in db.session.scalars(
        sa.select(Feedback).where(Feedback.workshop_id == workshop.id).order_by(Feedback.id)
    ):
        yield [
            *(f.id, _label(choices.RATING_LABELS, f.rating), _label(choices.YES_NO_LABELS, f.learned)),
            *(_label(choices.YES_NO_LABELS, f.at_ease), f.next_topic, f.comment, f.created_at),
        ]


TABLES = {
    "attendees": (ATTENDEE_COLUMNS, _attendees),
    "questions": (QUESTION_COLUMNS, _questions),
    "feedback": (FEEDBACK_COLUMNS, _feedback),
}


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


def csv_text(workshop, table):
    """One table of a workshop as CSV text."""
    header, rows = TABLES[table]
    return french_csv(header, rows(workshop))


PERIOD_COLUMNS = (
    *("Code", "Date", "Atelier", "Lieu", "Série", "Durée (min)", "Participants", "Déjà accompagnés"),
    *("Premières visites", "Places", "Note sur 10"),
)


def _period(start, end):
    for row in reporting.period(start, end)["workshops"]:
        w, counts = row["workshop"], row["participants"]
        yield [
            *(w.code, w.starts_at.astimezone(PARIS).date(), w.title, venues.where(w)["name"]),
            *(w.series.name if w.series else "", w.duration_minutes, counts["total"], counts["returning"]),
            *(counts["first_time"], w.capacity, row["score"]),
        ]


def period_csv(start, end):
    """The workshops of a period as CSV text, one line each, with their attendance and score."""
    return french_csv(PERIOD_COLUMNS, _period(start, end))


RDV_PRESENCE_COLUMNS = ("Usager", "rdv_id", "Date", "Présence", "Statut à indiquer dans RDV Service Public")


def rdv_presence_csv(workshop):
    """Who came and who did not, of the people imported from RDV Service Public, ready to report back."""
    day = workshop.starts_at.astimezone(PARIS).date()
    return french_csv(
        RDV_PRESENCE_COLUMNS,
        (
            [
                *(person["name"], person["rdv_id"], day, "Présent" if person["came"] else "Absent"),
                rdv.CAME if person["came"] else rdv.DID_NOT_COME,
            ]
            for person in rdv.presence(workshop)
        ),
    )
