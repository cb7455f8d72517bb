"""The logins this browser holds, in its session cookie: signing in and out, and what they allow."""

from flask import current_app, g, session

from kiosk.data.models import Login
from kiosk.rules import logins

# What a participant's own browser keeps when someone signs in on it: their check-ins and device id.
KEPT_SESSION_KEYS = ("attendees", "device")


def expiry():
    """How long logins last, as this app is configured."""
    return logins.Expiry(
        organiser_idle_hours=current_app.config["ORGANISER_IDLE_HOURS"],
        moderator_hours_after_close=current_app.config["MODERATOR_HOURS_AFTER_CLOSE"],
    )


def tokens():
    """The login tokens this browser holds, valid or not."""
    held = session.get("logins", [])
    return [t for t in held if isinstance(t, str)] if isinstance(held, list) else []


def current():
    """The logins this browser holds that are still valid: read once per request (the limiter, the
    access checks and the view each ask), and again once the session's tokens change (signing in or out)."""
    held = tokens()
    read = g.get("kiosk_logins")
    if read is None or read[0] != held:
        read = g.kiosk_logins = (held, logins.active(held, expiry()))
    return read[1]


def sign_in(workshop_id=None):
    """Sign this browser in (as moderator of `workshop_id`, or as organiser) with a fresh session.

    The session is renewed: only the participant's own check-ins and device id carry over, and the
    new token comes from the server, so a session planted beforehand gains nothing.
    """
    token = logins.create(workshop_id)
    still_valid = [t for t in tokens() if logins.token_hash(t) in {login.token_hash for login in current()}]
    kept = {key: session[key] for key in KEPT_SESSION_KEYS if key in session}
    session.clear()
    session.update(kept)
    session.permanent = True
    session["logins"] = [*still_valid, token]


def sign_out():
    """Log this browser out everywhere it was signed in, on the server too."""
    logins.revoke(Login.token_hash.in_([logins.token_hash(t) for t in tokens()]))
    session.pop("logins", None)


def sign_out_other_moderators(workshop):
    """Log out every moderator device of a workshop except this browser; returns how many."""
    mine = [logins.token_hash(t) for t in tokens()]
    return logins.revoke(Login.workshop_id == workshop.id, Login.token_hash.not_in(mine))


def is_organiser():
    """Whether this browser is signed in with the organiser's passphrase."""
    return any(login.workshop_id is None for login in current())


def moderates(workshop):
    """Whether this browser signed in as moderator of this workshop, or as organiser."""
    return logins.grant_moderation(current(), workshop.id)
