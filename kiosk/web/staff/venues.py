"""The organiser's venues: the list, a new one, a change."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.data.models import Venue
from kiosk.extensions import db
from kiosk.rules import venues
from kiosk.rules.refusals import Refused
from kiosk.web import access, errors, inputs, validate
from kiosk.web.errors import ApiError

bp = Blueprint("venues", __name__, url_prefix="/admin/venues")


@bp.before_request
def organiser_only():
    """Every page here is the organiser's."""
    access.require_organiser()


def _page(venue=None, values=None, status=200):
    """The list of venues with the form of one (new when `venue` is None)."""
    if values is None:
        values = {name: getattr(venue, name) for name in venues.VENUE_FIELDS} if venue else {}
    page = render_template("admin/venues.html", venues=venues.listing(), venue=venue, values=values)
    return page, status


def _save(venue):
    """Check the posted form and save it, or show it again with what is wrong."""
    try:
        saved = venues.save(venue, validate.form(inputs.VenueForm).model_dump())
    except (ApiError, Refused) as error:
        db.session.rollback()
        flash(errors.plain(error)[0], "error")
        return _page(venue, request.form, 400)
    flash(_("Lieu « %(name)s » enregistré.", name=saved.name), "success")
    return redirect(url_for("venues.index"))


@bp.route("/", methods=["GET", "POST"])
def index():
    """Every venue, and the form to add one."""
    return _save(None) if request.method == "POST" else _page()


@bp.route("/<int:venue_id>", methods=["GET", "POST"])
def edit(venue_id):
    """Change a venue: the workshops that take place there say so in their reports."""
    venue = db.get_or_404(Venue, venue_id)
    return _save(venue) if request.method == "POST" else _page(venue)
