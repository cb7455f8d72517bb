"""Reports: one workshop's report for its moderator, and the organiser's view across a period."""

from datetime import date

from flask import Blueprint, render_template

from kiosk.rules import exports, reporting
from kiosk.web import access, files, inputs, validate

bp = Blueprint("reports", __name__)


@bp.get("/w/<code>/report")
@access.moderator_only
def workshop_report(workshop):
    """The workshop's report: attendance, questions, feedback, and the activity-report card to copy."""
    return render_template(
        "reports/workshop.html",
        workshop=workshop,
        report=reporting.workshop_report(workshop),
    )


def _period_bounds():
    """The period asked in ?from=&to= (ISO dates), by default the last 90 days and the next 60."""
    return validate.query(inputs.PeriodQuery).bounds(date.today())


@bp.get("/admin/period")
def period():
    """Across a period: workshops, participants, satisfaction over time, thématiques, ideas."""
    access.require_organiser()
    start, end = _period_bounds()
    return render_template("reports/period.html", start=start, end=end, report=reporting.period(start, end))


@bp.get("/admin/period.csv")
def period_csv():
    """The period's workshops as CSV, one line each."""
    access.require_organiser()
    start, end = _period_bounds()
    return files.csv_attachment(exports.period_csv(start, end), f"kiosk-{start}-{end}.csv")
