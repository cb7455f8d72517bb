"""The venue's guest Wi-Fi: given once by the organiser, shown as a QR code on the door and the poster."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from kiosk.rules import wifi
from kiosk.web import access, inputs, qr, validate
from kiosk.web.errors import ApiError

bp = Blueprint("wifi", __name__)


@bp.record_once
def _for_templates(state):
    """The door screen and the poster ask `guest_wifi()` whether to show the Wi-Fi's QR code."""
    state.app.jinja_env.globals["guest_wifi"] = wifi.guest


@bp.get("/admin/wifi")
def edit():
    """The guest Wi-Fi's name and password, to give or change."""
    access.require_organiser()
    return render_template("admin/wifi.html", network=wifi.guest() or {"name": "", "password": ""})


@bp.post("/admin/wifi")
def save():
    """Keep the guest Wi-Fi; the door screen and the poster show its QR code from now on."""
    access.require_organiser()
    try:
        form = validate.form(inputs.WifiForm)
    except ApiError as error:
        flash(error.message, "error")
    else:
        wifi.save(form.name, form.password)
        flash(
            _("Wi-Fi enregistré.") if form.name else _("Wi-Fi retiré de l’écran d’accueil et de l’affiche."),
            "success",
        )
    return redirect(url_for("wifi.edit"))


@bp.get("/w/<code>/wifi-qr.svg")
@access.workshop_view
def qr_code(workshop):
    """The QR code that joins the guest Wi-Fi, for the door screen and the poster."""
    network = wifi.guest() or abort(404)
    return Response(
        qr.svg(wifi.join_text(network)), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"}
    )
