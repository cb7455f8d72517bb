"""The accessibility statement that RGAA asks of public bodies, which the organiser completes."""

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.choices import N_
from kiosk.rules import organiser
from kiosk.web import access, validate
from kiosk.web.errors import ApiError
from kiosk.web.fields import Choice, Says, Text
from kiosk.web.inputs import Declared

bp = Blueprint("accessibility", __name__)

STATEMENT_KEY = "accessibility_statement"
STATUSES = {
    "partial": N_("partiellement conforme"),
    "full": N_("totalement conforme"),
    "none": N_("non conforme"),
}


# The longest answer each field takes, for the form's checks and its maxlength.
LIMITS = {"entity": 120, "contact": 200, "audit_date": 40, "exceptions": 2000}


class StatementForm(Declared):
    """What the organiser fills in; the rest of the statement is Kiosk's own."""

    entity: Text(
        Says(_l("Écrivez le nom de la structure."), too_long=_l("Le nom de la structure est trop long.")),
        max_length=LIMITS["entity"],
        min_length=0,
    ) = ""
    contact: Text(
        Says(_l("Écrivez le contact."), too_long=_l("Le contact est trop long.")),
        max_length=LIMITS["contact"],
        min_length=0,
    ) = ""
    audit_date: Text(
        Says(_l("Écrivez la date de l’audit."), too_long=_l("La date de l’audit est trop longue.")),
        max_length=LIMITS["audit_date"],
        min_length=0,
    ) = ""
    status: Choice(Says(_l("Choisissez un état de conformité de la liste.")), STATUSES, optional=True) = None
    exceptions: Text(
        Says(
            _l("Écrivez les contenus non accessibles."),
            too_long=_l("La liste des contenus non accessibles est trop longue."),
        ),
        max_length=LIMITS["exceptions"],
        min_length=0,
    ) = ""


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
            answers = validate.form(StatementForm).model_dump()
            answers["status"] = answers["status"] or "partial"
        except ApiError as error:
            flash(error.message, "error")
            return render_template(
                "accessibility/edit.html", s=request.form, statuses=STATUSES, limits=LIMITS
            ), 400
        organiser.put(STATEMENT_KEY, json.dumps(answers, ensure_ascii=False))
        flash(_("Déclaration enregistrée."), "success")
        return redirect(url_for("accessibility.page"))
    return render_template("accessibility/edit.html", s=statement(), statuses=STATUSES, limits=LIMITS)
