"""The accessibility statement that RGAA asks of public bodies, which the organiser completes."""

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.choices import N_
from kiosk.rules import organiser
from kiosk.web import access, validate
from kiosk.web.errors import ApiError

bp = Blueprint("accessibility", __name__)

STATEMENT_KEY = "accessibility_statement"
STATUSES = {
    "partial": N_("partiellement conforme"),
    "full": N_("totalement conforme"),
    "none": N_("non conforme"),
}
# What the organiser fills in; the rest of the statement is Kiosk's own.
FIELDS = {
    "entity": (120, "le nom de la structure"),
    "contact": (200, "le contact"),
    "audit_date": (40, "la date de l’audit"),
    "status": (20, "l’état de conformité"),
    "exceptions": (2000, "les contenus non accessibles"),
}
# The same limits, for the form's maxlength.
LIMITS = {name: limit for name, (limit, _label) in FIELDS.items()}
DEFAULTS = {
    "entity": "",
    "contact": "",
    "audit_date": "",
    "status": "partial",
    "exceptions": "",
}


def statement():
    """The organiser's answers, with defaults for what they have not filled in yet."""
    return DEFAULTS | json.loads(organiser.get(STATEMENT_KEY, "{}"))


@bp.get("/accessibility")
def page():
    """The accessibility statement, linked from every page."""
    return render_template("accessibility/statement.html", s=statement(), statuses=STATUSES)


@bp.route("/admin/accessibility", methods=["GET", "POST"])
def edit():
    """The organiser completes the statement: who, how to reach them, the audit, what is not accessible."""
    access.require_organiser()
    if request.method == "POST":
        try:
            answers = {
                name: validate.text(request.form.get(name), field=label, max_length=limit, required=False)
                for name, (limit, label) in FIELDS.items()
            }
            answers["status"] = validate.choice(answers["status"], STATUSES, field=_("l’état")) or "partial"
        except ApiError as error:
            flash(error.message, "error")
            return render_template(
                "accessibility/edit.html", s=request.form, statuses=STATUSES, limits=LIMITS
            ), 400
        organiser.put(STATEMENT_KEY, json.dumps(answers, ensure_ascii=False))
        flash(_("Déclaration enregistrée."), "success")
        return redirect(url_for("accessibility.page"))
    return render_template("accessibility/edit.html", s=statement(), statuses=STATUSES, limits=LIMITS)
