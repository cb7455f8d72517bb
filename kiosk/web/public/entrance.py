"""The forum's entrance: every room of the day and its code, behind one QR code."""

from datetime import date

from flask import Blueprint, Response, current_app, render_template, request, url_for

from kiosk.rules import forum
from kiosk.web import inputs, qr, validate
from kiosk.web.network import base_url

bp = Blueprint("entrance", __name__)


def entrance_url():
    """The address the entrance's QR code opens: always today's list, so a poster printed the day
    before still leads to the right one."""
    return base_url(current_app.config, request) + url_for("entrance.today")


@bp.get("/today")
def today():
    """Phones open it from the entrance's QR code and pick their workshop; printed, it is the poster."""
    shown = validate.query(inputs.DayQuery).chosen(date.today())
    return render_template(
        "forum/entrance.html",
        day=shown,
        is_today=shown == date.today(),
        workshops=forum.workshops_of(shown),
        entrance_url=entrance_url(),
        base_url=base_url(current_app.config, request),
    )


@bp.get("/today/qr.svg")
def qr_code():
    """The QR code of the entrance page."""
    return Response(qr.svg(entrance_url()), mimetype="image/svg+xml")
