"""Privacy: the information notice for everyone (and for children), and the organiser's tools to
answer a request to see or erase what Kiosk holds about someone."""

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.rules import organiser, subjects
from kiosk.web import access, inputs, validate

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    """What Kiosk keeps, why, for how long, and who to ask, in plain words."""
    return render_template("privacy/notice.html", months=organiser.retention_months())


@bp.get("/privacy/kids")
def notice_for_children():
    """The same notice for children."""
    return render_template("privacy/kids.html", months=organiser.retention_months())


def _person(kind, row_id):
    access.require_organiser()
    return access.found(subjects.MODELS.get(kind) or abort(404), row_id)


@bp.get("/admin/people")
def people():
    """Find a person by name, to show or erase what is held about them."""
    access.require_organiser()
    query = validate.query(inputs.PeopleQuery).q
    return render_template("privacy/people.html", query=query, found=subjects.find(query) if query else [])


@bp.get("/admin/people/<kind>/<int:row_id>.json")
def export_person(kind, row_id):
    """Everything held about one person, to hand over (right of access)."""
    row = _person(kind, row_id)
    body = json.dumps(subjects.held_about(kind, row), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="kiosk-{kind}-{row_id}.json"'},
    )


@bp.post("/admin/people/<kind>/<int:row_id>/erase")
def erase_person(kind, row_id):
    """Erase one person's data now (right to erasure)."""
    row = _person(kind, row_id)
    name = row.name
    subjects.erase(kind, row, current_app.instance_path)
    flash(_("Les données de %(name)s sont effacées.", name=name), "success")
    return redirect(url_for("privacy.people", q=request.form.get("q", "")))
