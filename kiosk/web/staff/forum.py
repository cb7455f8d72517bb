"""A forum day for the organiser: every workshop of the day on one live page."""

from datetime import date

from flask import Blueprint, render_template

from kiosk.rules import forum
from kiosk.web import access, inputs, validate

bp = Blueprint("forum", __name__)


@bp.get("/admin/day")
def day():
    """Each room of the day with who is in, who waits, open questions, help requests and feedback.

    The page's script reads this page again when any of the day's workshops changes (forum.js)."""
    access.require_organiser()
    shown = validate.query(inputs.DayQuery).chosen(date.today())
    rows = forum.rooms(shown)
    return render_template(
        "forum/day.html", day=shown, today=date.today(), rows=rows, totals=forum.totals(rows)
    )
