"""The moderator's console, its one-time links, and the moderator-only API for the workshop."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from kiosk import choices
from kiosk.rules import exports, workshops
from kiosk.web import access, languages, signins, validate
from kiosk.web.errors import ApiError
from kiosk.web.network import base_url

bp = Blueprint("moderate", __name__)


@bp.get("/w/<code>/moderate")
@access.workshop_view
def console(workshop):
    """The moderator console: phase, attendance, questions and feedback, live."""
    if not access.is_moderator(workshop):
        return render_template("moderate/locked.html", workshop=workshop), 403
    return render_template(
        "moderate/console.html",
        workshop=workshop,
        join_url=f"{base_url(current_app.config, request)}/{workshop.code}",
        choices=choices,
    )


@bp.get("/m/<token>")
def redeem(token):
    """A one-time moderator link: opens the console on this browser, once."""
    workshop_id = access.redeem_moderator_link(token)
    if workshop_id is None:
        return render_template("moderate/expired.html"), 403
    workshop = workshops.by_id(workshop_id)
    return redirect(url_for("moderate.console", code=workshop.code))


# What PATCH /api/workshops/<code> accepts, and how each value is checked.
SETTINGS = {
    "phase": lambda v: validate.choice(v, choices.PHASES, field=_("l’étape"), required=True),
    "title": lambda v: validate.text(v, field=_("le titre"), max_length=choices.TITLE_MAX),
    "place": lambda v: validate.text(v, field=_("le lieu"), max_length=choices.PLACE_MAX, required=False),
    "capacity": lambda v: validate.integer(
        v, field=_("le nombre de places"), low=1, high=choices.CAPACITY_MAX
    ),
    "duration_minutes": lambda v: validate.integer(v, field=_("la durée"), low=5, high=choices.DURATION_MAX),
    "anonymous_default": lambda v: validate.flag(v, field=_("anonyme par défaut")),
    "premoderation": lambda v: validate.flag(v, field=_("la validation des questions")),
    "level": lambda v: validate.choice(v, choices.LEVELS, field=_("le niveau")),
    "notes": lambda v: validate.text(v, field=_("les notes"), max_length=choices.NOTES_MAX, required=False),
    "ask_first_visit": lambda v: validate.flag(v, field=_("la question « première visite »")),
    "ask_age_band": lambda v: validate.flag(v, field=_("la question « âge »")),
    "ask_status": lambda v: validate.flag(v, field=_("la question « situation »")),
    "ask_commune": lambda v: validate.flag(v, field=_("la question « commune »")),
    "language": lambda v: validate.choice(v, languages.LANGUAGES, field=_("la langue"), required=True),
    "board_scale": lambda v: validate.integer(
        v, field=_("la taille du tableau"), low=choices.BOARD_SCALE_MIN, high=choices.BOARD_SCALE_MAX
    ),
    # A press of "Plus grand" (1) or "Plus petit" (-1), added to the size the database holds then.
    "board_scale_step": lambda v: validate.integer(
        v, field=_("le changement de taille du tableau"), low=-1, high=1
    ),
    "head_count": lambda v: validate.integer(
        v, field=_("les personnes non inscrites"), low=0, high=choices.HEAD_COUNT_MAX
    ),
}


@bp.patch("/api/workshops/<code>")
@access.moderator_only
def api_update(workshop):
    """Change the workshop's phase and settings: {"phase", "title", "capacity", …}."""
    data = validate.body()
    unknown = set(data) - set(SETTINGS)
    if unknown:
        raise ApiError(_("Réglage inconnu : %(names)s.", names=", ".join(sorted(unknown))))
    if not data:
        raise ApiError(_("Rien à changer."))
    changes = {name: SETTINGS[name](value) for name, value in data.items()}
    workshops.update(workshop, changes, signins.expiry())
    return jsonify(workshops.moderator_view(workshop))


@bp.get("/api/workshops/<code>/export/beneficiaires.xlsx")
@access.moderator_only
def export_beneficiaries(workshop):
    """The activity tool's import file, with only the people who agreed to be named."""
    return Response(
        exports.beneficiaries_workbook(workshop),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="beneficiaires-{workshop.code}.xlsx"'},
    )


@bp.get("/api/workshops/<code>/export/<table>.csv")
@access.moderator_only
def export(workshop, table):
    """One table of the workshop (attendees, questions, feedback) as CSV."""
    if table not in exports.TABLES:
        abort(404)
    return Response(
        exports.csv_text(workshop, table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="kiosk-{workshop.code}-{table}.csv"'},
    )
