"""Logins: the organiser's (the passphrase) and moderators' (a one-time link), as rows on the server.

A signed-in browser keeps a random token in its session cookie; the database keeps only its hash,
with the workshop it moderates (none for the organiser). Logging out revokes the row. A login also
ends by itself (`Expiry`): the organiser's after hours without use, a moderator's some hours after its
workshop closed. An expired login is treated exactly as a revoked one.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from kiosk.data.database import now
from kiosk.data.models import Login, Workshop
from kiosk.extensions import db

# "Last used" is written at most this often: a login's use is not worth a write on every request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Expiry:
    """How long logins last (`ORGANISER_IDLE_HOURS`, `MODERATOR_HOURS_AFTER_CLOSE`)."""

    organiser_idle_hours: float = 8
    moderator_hours_after_close: float = 4

    def closed_since(self):
        """Moderator logins of a workshop closed before this moment have ended."""
        return now() - timedelta(hours=self.moderator_hours_after_close)

    def idle_since(self):
        """Organiser logins not used since this moment have ended."""
        return now() - timedelta(hours=self.organiser_idle_hours)


DEFAULT_EXPIRY = Expiry()


def token_hash(token):
    """The stored form of a token (links and logins alike)."""
    return hashlib.sha256(token.encode()).hexdigest()


# Built once: every request of a signed-in browser runs it, and building it anew costs about what
# running it does (see `valid`).
VALID = (
    sa.select(Login)
    .outerjoin(Workshop, Login.workshop_id == Workshop.id)
    .where(
        Login.token_hash.in_(sa.bindparam("hashes", expanding=True)),
        Login.revoked_at.is_(None),
        sa.or_(
            sa.and_(Login.workshop_id.is_(None), Login.last_used_at >= sa.bindparam("idle_since")),
            sa.and_(
                Login.workshop_id.is_not(None),
                sa.or_(Workshop.closed_at.is_(None), Workshop.closed_at >= sa.bindparam("closed_since")),
            ),
        ),
    )
)


def valid(executor, hashes, expiry):
    """The logins, among these token hashes, that are neither revoked nor expired, read through
    `executor` (the session, or a connection of its own)."""
    values = {
        "hashes": list(hashes),
        "idle_since": expiry.idle_since(),
        "closed_since": expiry.closed_since(),
    }
    return executor.execute(VALID, values)


def active(tokens, expiry):
    """The logins among these tokens that still grant their rights, marked as used."""
    if not tokens:
        return []
    held = valid(db.session, [token_hash(t) for t in tokens], expiry).scalars().all()
    stale = [login.id for login in held if login.last_used_at < now() - TOUCH_EVERY]
    if stale:
        db.session.execute(sa.update(Login).where(Login.id.in_(stale)).values(last_used_at=now()))
        db.session.commit()
    return held


def create(workshop_id=None):
    """A new login (as moderator of `workshop_id`, or as organiser); returns its token."""
    token = secrets.token_urlsafe(32)
    db.session.add(Login(workshop_id=workshop_id, token_hash=token_hash(token)))
    db.session.commit()
    return token


def end_expired_moderators(workshop, expiry):
    """Revoke for good the moderator logins that the workshop's closing ended, before it reopens.

    Part of the caller's change (no commit): reopening never brings an ended login back.
    """
    if workshop.closed_at is not None and workshop.closed_at < expiry.closed_since():
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


def grant_moderation(held, workshop_id):
    """Whether these logins moderate the workshop: one of its own, or the organiser's (all workshops)."""
    return any(login.workshop_id in (workshop_id, None) for login in held)
