"""The organiser's keyword lists: each question gets the thématique whose words it uses most."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from kiosk.rules import themes
from kiosk.web import access, inputs, validate
from kiosk.web.errors import ApiError

bp = Blueprint("keywords", __name__, url_prefix="/admin")


@bp.get("/themes")
def edit():
    """The keyword list of each thématique, to correct or complete."""
    access.require_organiser()
    lists = {theme: ", ".join(words) for theme, words in themes.keywords().items()}
    return render_template("admin/themes.html", lists=lists)


@bp.post("/themes")
def save():
    """Save the keyword lists; the next questions get their thématique from them."""
    access.require_organiser()
    try:
        lists = validate.form(inputs.ThemeKeywordsForm).model_dump()
    except ApiError as error:
        flash(error.message, "error")
    else:
        themes.save_keywords(lists)
        flash(_("Mots-clés enregistrés. Les prochaines questions en tiennent compte."), "success")
    return redirect(url_for("keywords.edit"))
