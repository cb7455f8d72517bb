"""The room PC's start page, starting a workshop from it, and the short typeable address."""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from kiosk.data.database import now
from kiosk.data.models import Workshop
from kiosk.extensions import db
from kiosk.rules import workshops
from kiosk.web import inputs, validate
from kiosk.web.access import from_room_pc, workshop_view
from kiosk.web.errors import ApiError
from kiosk.web.network import base_url

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Today's and upcoming workshops, how to start one, and the address to give."""
    today = datetime.combine(now().date(), time.min, tzinfo=now().tzinfo)
    upcoming = db.session.scalars(
        sa.select(Workshop)
        .where(Workshop.starts_at >= today - timedelta(hours=12), Workshop.phase != "closed")
        .order_by(Workshop.starts_at)
        .limit(50)
    ).all()
    return render_template(
        "home/index.html",
        workshops=upcoming,
        base_url=base_url(current_app.config, request),
        room_pc=from_room_pc(),
    )


@bp.post("/workshops")
def create():
    """Start a workshop from the room PC (a plain form)."""
    if not from_room_pc():
        abort(403)
    try:
        form = validate.form(inputs.NewWorkshopForm)
    except ApiError as error:
        flash(error.message, "error")
        return redirect(url_for("home.index"))
    workshop = workshops.create(form.title, capacity=form.capacity)
    return redirect(url_for("moderate.console", code=workshop.code))


@bp.get("/<code>")
@workshop_view
def short(workshop):
    """The short address people type: /1234 leads to the workshop."""
    return redirect(url_for("checkin.participant", code=workshop.code))


@bp.get("/memo")
def memo():
    """The one-page memo for the person who runs the workshop, to print and keep beside the PC."""
    return render_template("memo/memo.html", workshop=None, host=request.host)


@bp.get("/w/<code>/memo")
@workshop_view
def workshop_memo(workshop):
    """The memo with this workshop's addresses filled in."""
    return render_template("memo/memo.html", workshop=workshop, host=request.host)
