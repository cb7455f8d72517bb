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

from kiosk.rules import exports, workshops
from kiosk.web import access, answers, api, files, inputs, signins
from kiosk.web.network import phone_url

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
        join_url=phone_url(current_app.config, request, f"/{workshop.code}"),
    )


@bp.get("/m/<token>")
def redeem(token):
    """A one-time moderator link: opens the console on this browser, once."""
    workshop_id = access.redeem_moderator_link(token)
    if workshop_id is None:
        return render_template("moderate/expired.html"), 403
    workshop = workshops.by_id(workshop_id)
    return redirect(url_for("moderate.console", code=workshop.code))


@bp.patch("/api/workshops/<code>")
@access.moderator_only
@api.operation({200: answers.ModeratedWorkshop}, body=inputs.WorkshopSettings)
def api_update(workshop, body):
    """Change the workshop's step and settings; "board_scale_step" and "head_count_step" (1 or -1) add one
    step to the board's text size or to the people counted by hand as the server holds them, so every
    press counts."""
    workshops.update(workshop, body.changes(), signins.expiry())
    return jsonify(workshops.moderator_view(workshop))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/api/workshops/<code>/export/beneficiaires.xlsx")
@access.moderator_only
@api.operation({200: XLSX})
def export_beneficiaries(workshop):
    """The activity tool's import file, with only the people who agreed to be named."""
    return Response(
        exports.beneficiaries_workbook(workshop),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="beneficiaires-{workshop.code}.xlsx"'},
    )


@bp.get("/api/workshops/<code>/export/<table>.csv")
@access.moderator_only
@api.operation({200: "text/csv"})
def export(workshop, table):
    """One table of the workshop (attendees, questions, feedback) as CSV."""
    if table not in exports.TABLES:
        abort(404)
    return files.csv_attachment(exports.csv_text(workshop, table), f"kiosk-{workshop.code}-{table}.csv")
