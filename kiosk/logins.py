"""Who is signed in: the organiser (with the passphrase) and moderators (with a one-time link).

A signed-in browser keeps a random token in its session cookie; the database keeps only its hash,
with the workshop it moderates (none for the organiser). Logging out revokes the row on the server.
"""

import hashlib
import secrets

import sqlalchemy as sa
from flask import session

from .database import now
from .extensions import db
from .models import Login

KEPT_SESSION_KEYS = ("attendees", "device")


def token_hash(token):
    """The stored form of a token (links and logins alike)."""
    return hashlib.sha256(token.encode()).hexdigest()


def active(tokens):
    if not tokens:
        return []
    return db.session.scalars(
        sa.select(Login).where(
            Login.token_hash.in_([token_hash(t) for t in tokens]), Login.revoked_at.is_(None)
        )
    ).all()


def current():
    """The logins this browser holds that are still valid (`active` checks any list of tokens)."""
    return active(session.get("logins", []))


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
