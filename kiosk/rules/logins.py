"""Who is signed in: the organiser (with the passphrase) and moderators (with a one-time link).

A signed-in browser keeps a random token in its session cookie; the database keeps only its hash,
with the workshop it moderates (none for the organiser). Logging out revokes the row on the server.
A login also ends by itself: the organiser's after hours without use, a moderator's some hours after
its workshop closed. An expired login is treated exactly as a revoked one.
"""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, session

from kiosk.data.database import now
from kiosk.data.models import Login, Workshop
from kiosk.extensions import db

KEPT_SESSION_KEYS = ("attendees", "device")
# "Last used" is written at most this often: a login's use is not worth a write on every request.
TOUCH_EVERY = timedelta(minutes=1)


def token_hash(token):
    """The stored form of a token (links and logins alike)."""
    return hashlib.sha256(token.encode()).hexdigest()


def closed_since():
    """Moderator logins of a workshop closed before this moment have ended."""
    return now() - timedelta(hours=current_app.config["MODERATOR_HOURS_AFTER_CLOSE"])


def valid(hashes):
    """A query for the logins, among these token hashes, that are neither revoked nor expired."""
    idle_since = now() - timedelta(hours=current_app.config["ORGANISER_IDLE_HOURS"])
    return (
        sa.select(Login)
        .outerjoin(Workshop, Login.workshop_id == Workshop.id)
        .where(
            Login.token_hash.in_(hashes),
            Login.revoked_at.is_(None),
            sa.or_(
                sa.and_(Login.workshop_id.is_(None), Login.last_used_at >= idle_since),
                sa.and_(
                    Login.workshop_id.is_not(None),
                    sa.or_(Workshop.closed_at.is_(None), Workshop.closed_at >= closed_since()),
                ),
            ),
        )
    )


def active(tokens):
    """The logins among these tokens that still grant their rights."""
    if not tokens:
        return []
    return db.session.scalars(valid([token_hash(t) for t in tokens])).all()


def current():
    """The logins this browser holds that are still valid, marked as used."""
    held = active(session.get("logins", []))
    stale = [login.id for login in held if login.last_used_at < now() - TOUCH_EVERY]
    if stale:
        db.session.execute(sa.update(Login).where(Login.id.in_(stale)).values(last_used_at=now()))
        db.session.commit()
    return held


def sign_in(workshop_id=None):
    """Sign this browser in (as moderator of `workshop_id`, or as organiser) with a fresh session.

    The session is renewed: only the participant's own check-ins and device id carry over, and the
    new token comes from the server, so a session planted beforehand gains nothing.
    """
    token = secrets.token_urlsafe(32)
    db.session.add(Login(workshop_id=workshop_id, token_hash=token_hash(token)))
    db.session.commit()
    held = session.get("logins", [])
    valid = {login.token_hash for login in active(held)}
    still_valid = [t for t in held if token_hash(t) in valid]
    kept = {key: session[key] for key in KEPT_SESSION_KEYS if key in session}
    session.clear()
    session.update(kept)
    session.permanent = True
    session["logins"] = [*still_valid, token]


def sign_out():
    """Log this browser out everywhere it was signed in, on the server too."""
    revoke(Login.token_hash.in_([token_hash(t) for t in session.get("logins", [])]))
    session.pop("logins", None)


def sign_out_other_moderators(workshop):
    """Log out every moderator device of a workshop except this browser; returns how many."""
    mine = [token_hash(t) for t in session.get("logins", [])]
    return revoke(Login.workshop_id == workshop.id, Login.token_hash.not_in(mine))


def end_expired_moderators(workshop):
    """Revoke for good the moderator logins that the workshop's closing ended, before it reopens.

    Part of the caller's change (no commit): reopening never brings an ended login back.
    """
    if workshop.closed_at is not None and workshop.closed_at < closed_since():
        db.session.execute(
            sa.update(Login)
            .where(Login.workshop_id == workshop.id, Login.revoked_at.is_(None))
            .values(revoked_at=now())
        )


def revoke(*conditions):
    """Revoke the logins that match; returns how many."""
    done = db.session.execute(
        sa.update(Login).where(Login.revoked_at.is_(None), *conditions).values(revoked_at=now())
    ).rowcount
    db.session.commit()
    return done


def is_organiser():
    """Whether this browser is signed in with the organiser's passphrase."""
    return any(login.workshop_id is None for login in current())


def grant_moderation(held, workshop_id):
    """Whether these logins moderate the workshop: one of its own, or the organiser's (all workshops)."""
    return any(login.workshop_id in (workshop_id, None) for login in held)


def moderates(workshop):
    """Whether this browser signed in as moderator of this workshop, or as organiser."""
    return grant_moderation(current(), workshop.id)
