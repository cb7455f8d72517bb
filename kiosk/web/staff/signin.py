"""Signing in and out: the organiser's passphrase (chosen on the room PC), logout, and logging out
the other moderator devices of a workshop."""

import base64

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from kiosk import choices
from kiosk.rules import organiser
from kiosk.web import access, answers, api, events, inputs, limits, qr, shared, signins
from kiosk.web.backoff import Backoff
from kiosk.web.network import base_url
from kiosk.web.security import local_path

bp = Blueprint("signin", __name__)

# Failed passphrases slow their own source address down: counted here for one process, in the
# shared Redis for several workers.
failures = Backoff()


@bp.route("/admin/setup", methods=["GET", "POST"])
def setup():
    """The very first start: the organiser chooses the passphrase, on the room PC only."""
    if organiser.has_passphrase():
        return redirect(url_for("signin.login"))
    if not access.from_room_pc():
        return render_template("signin/setup_elsewhere.html"), 403
    if request.method == "POST":
        passphrase = request.form.get("passphrase", "")
        if len(passphrase) < choices.PASSPHRASE_MIN:
            flash(
                ngettext(
                    "Choisissez au moins %(num)d caractère.",
                    "Choisissez au moins %(num)d caractères.",
                    choices.PASSPHRASE_MIN,
                ),
                "error",
            )
        elif len(passphrase) > choices.PASSPHRASE_MAX:
            flash(
                ngettext(
                    "Choisissez au plus %(num)d caractère.",
                    "Choisissez au plus %(num)d caractères.",
                    choices.PASSPHRASE_MAX,
                ),
                "error",
            )
        elif passphrase != request.form.get("confirm", ""):
            flash(_("Les deux phrases ne sont pas pareilles. Retapez-les."), "error")
        else:
            organiser.set_passphrase(passphrase)
            signins.sign_in()
            flash(_("Phrase secrète enregistrée. Vous êtes connecté."), "success")
            return redirect(url_for("admin.index"))
        return render_template("signin/setup.html"), 400
    return render_template("signin/setup.html")


@bp.route("/admin/login", methods=["GET", "POST"])
@limits.limiter.limit(limits.LOGIN, methods=["POST"], key_func=limits.address)
def login():
    """The organiser's login: one passphrase field that password managers and paste fill in."""
    if not organiser.has_passphrase():
        return redirect(url_for("signin.setup"))
    if request.method == "POST":
        source = limits.address()
        backoff = shared.login_backoff(failures)
        wait = backoff.wait(source)
        if wait:
            flash(
                ngettext(
                    "Trop d’essais. Attendez %(num)d seconde, puis réessayez.",
                    "Trop d’essais. Attendez %(num)d secondes, puis réessayez.",
                    wait,
                ),
                "error",
            )
            return render_template("signin/login.html"), 429
        if organiser.passphrase_matches(request.form.get("passphrase", "")):
            backoff.succeeded(source)
            signins.sign_in()
            return redirect(local_path(request.values.get("next"), url_for("admin.index")))
        delay = backoff.failed(source)
        message = _("Ce n’est pas la bonne phrase secrète.")
        if delay:
            message = ngettext(
                "Ce n’est pas la bonne phrase secrète. Attendez %(num)d seconde avant le prochain essai.",
                "Ce n’est pas la bonne phrase secrète. Attendez %(num)d secondes avant le prochain essai.",
                delay,
            )
        flash(message, "error")
        return render_template("signin/login.html"), 401
    return render_template("signin/login.html")


@bp.post("/logout")
def logout():
    """Log this browser out, on the server too (its cookie no longer opens anything)."""
    signins.sign_out()
    events.drop_revoked()
    flash(_("Vous êtes déconnecté."), "success")
    return redirect(url_for("home.index"))


@bp.post("/api/workshops/<code>/moderator-links")
@access.moderator_only
@api.operation({201: answers.ModeratorLink}, body=inputs.Nothing)
def new_moderator_link(workshop, body):
    """A one-time QR code (two minutes, one use) that makes a phone moderator of this workshop."""
    token = access.issue_moderator_link(workshop)
    url = f"{base_url(current_app.config, request)}/m/{token}"
    picture = "data:image/svg+xml;base64," + base64.b64encode(qr.svg(url)).decode()
    return jsonify(url=url, qr=picture, seconds=current_app.config["MODERATOR_LINK_SECONDS"]), 201


@bp.post("/api/workshops/<code>/moderators/logout-others")
@access.moderator_only
@api.operation({200: answers.LoggedOut}, body=inputs.Nothing)
def logout_others(workshop, body):
    """Log out every other moderator device of this workshop (a lost phone, a borrowed one)."""
    logged_out = signins.sign_out_other_moderators(workshop)
    events.drop_revoked()
    return jsonify(logged_out=logged_out)
