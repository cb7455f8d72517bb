"""The organiser's workshops: list, create, edit, duplicate, close."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from kiosk.data.models import Workshop
from kiosk.extensions import db
from kiosk.rules import organiser, retention, venues, workshops
from kiosk.rules.refusals import Refused
from kiosk.web import access, errors, inputs, languages, signins, validate
from kiosk.web.errors import ApiError

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def organiser_only():
    """Every page here is the organiser's."""
    access.require_organiser()


@bp.get("/")
def index():
    """All workshops, newest first."""
    listed = db.session.scalars(db.select(Workshop).order_by(Workshop.starts_at.desc())).all()
    return render_template(
        "admin/index.html", workshops=listed, retention_months=organiser.retention_months()
    )


FLAGS = ("anonymous_default", "premoderation", "ask_first_visit", "ask_age_band", "ask_status", "ask_commune")
TEXTS = (
    "title",
    "place",
    "place_type",
    "commune",
    "postal_code",
    "capacity",
    "duration_minutes",
    "level",
    "notes",
    "language",
    "venue_id",
    "series",
)
DEFAULTS = {
    "duration_minutes": 90,
    "capacity": 12,
    "place_type": "lieu_activite",
    "anonymous_default": True,
    "language": languages.DEFAULT,
}


def _form_values(workshop, form):
    """What the workshop form shows: what was just typed, else the workshop's settings, else defaults."""
    if form:
        values = {name: form.get(name, "") for name in TEXTS}
        values |= {name: form.get(name) == "on" for name in FLAGS}
        values |= {"themes": form.getlist("themes"), "materials": form.getlist("materials")}
        values["starts_at"] = form.get("starts_at", "")
    elif workshop is not None:
        values = {
            name: getattr(workshop, name)
            for name in (*TEXTS, *FLAGS, "themes", "materials")
            if name != "series"
        }
        values["series"] = workshop.series_id
        values["starts_at"] = workshop.starts_at.astimezone().strftime("%Y-%m-%dT%H:%M")
    else:
        values = {name: "" for name in (*TEXTS, "starts_at")} | dict.fromkeys(FLAGS, False)
        values |= {"themes": [], "materials": []} | DEFAULTS
    return {name: "" if value is None else value for name, value in values.items()}


def _edit_page(workshop, form=None, status=200):
    values = _form_values(workshop, form)
    page = render_template(
        "admin/edit.html",
        workshop=workshop,
        values=values,
        venues=venues.listing(),
        series=venues.all_series(),
    )
    return page, status


@bp.post("/retention")
def set_retention():
    """How many months personal data is kept before it is erased."""
    try:
        months = validate.form(inputs.RetentionForm).months
    except ApiError as error:
        flash(error.message, "error")
    else:
        organiser.put(organiser.RETENTION_KEY, months)
        erased = retention.purge(current_app.instance_path, months)
        flash(
            _(
                "Données personnelles gardées %(n)d mois. Ateliers effacés maintenant : %(e)d.",
                n=months,
                e=erased,
            ),
            "success",
        )
    return redirect(url_for("admin.index"))


@bp.route("/workshops/new", methods=["GET", "POST"])
def create():
    """A new workshop, with every field of the activity report."""
    if request.method == "POST":
        try:
            fields = venues.placed(validate.form(inputs.WorkshopForm).fields())
        except (ApiError, Refused) as error:
            flash(errors.plain(error)[0], "error")
            return _edit_page(None, request.form, 400)
        created = workshops.create(fields.pop("title"), **fields)
        flash(_("Atelier créé. Code : %(code)s", code=created.code), "success")
        return redirect(url_for("admin.index"))
    return _edit_page(None)


@bp.route("/workshops/<code>/edit", methods=["GET", "POST"])
@access.workshop_view
def edit(workshop):
    """Change a workshop's details."""
    if request.method == "POST":
        try:
            fields = venues.placed(validate.form(inputs.WorkshopForm).fields())
        except (ApiError, Refused) as error:
            flash(errors.plain(error)[0], "error")
            return _edit_page(workshop, request.form, 400)
        workshops.update(workshop, fields, signins.expiry())
        flash(_("Atelier enregistré."), "success")
        return redirect(url_for("admin.index"))
    return _edit_page(workshop)


@bp.post("/workshops/<code>/duplicate")
@access.workshop_view
def duplicate(source):
    """A recurring workshop: the same settings a week later, with a new code."""
    created = workshops.duplicate_a_week_later(source)
    flash(
        _(
            "Copie créée pour le %(date)s. Code : %(code)s",
            date=format_date(created.starts_at, format="full"),
            code=created.code,
        ),
        "success",
    )
    return redirect(url_for("admin.edit", code=created.code))


@bp.post("/workshops/<code>/close")
@access.workshop_view
def close(workshop):
    """Close a workshop: no more questions; its report stays."""
    workshops.update(workshop, {"phase": "closed"}, signins.expiry())
    flash(_("Atelier « %(title)s » terminé.", title=workshop.title), "success")
    return redirect(url_for("admin.index"))
