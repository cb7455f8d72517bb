"""Rules of the quiet pulse: "je ne comprends plus", "plus lentement", one tap from a phone or the door.

The moderator sees how many people gave each sign over the last minutes, never who; the signs fade by
themselves and are deleted soon after, so the database keeps no trace of who felt lost.
"""

from datetime import timedelta

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.database import now
from kiosk.data.models import Pulse
from kiosk.extensions import db
from kiosk.rules import replay
from kiosk.rules.refusals import may_take_part

WINDOW = timedelta(minutes=choices.PULSE_MINUTES)


def _recent(workshop, at):
    return db.session.scalars(
        sa.select(Pulse)
        .where(Pulse.workshop_id == workshop.id, Pulse.created_at > at - WINDOW)
        .order_by(Pulse.created_at)
    ).all()


def signs(workshop, at=None):
    """For each kind, the seconds each live sign has left before it fades (a person counts once)."""
    at = at or now()
    latest = {}
    for sign in _recent(workshop, at):
        # A person's newer sign of the same kind replaces the older one; door signs each count.
        who = sign.attendee_id if sign.attendee_id is not None else f"door{sign.id}"
        latest[sign.kind, who] = sign
    left = {kind: [] for kind in choices.PULSE_KINDS}
    for (kind, _who), sign in latest.items():
        left[kind].append(round((sign.created_at + WINDOW - at).total_seconds()))
    return {kind: sorted(seconds) for kind, seconds in left.items()}


def counts(workshop, at=None):
    """How many people gave each sign over the last minutes."""
    return {kind: len(seconds) for kind, seconds in signs(workshop, at).items()}


def tell(change, workshop):
    """Tell the moderators the signs given over the last minutes."""
    change.tell("pulse", public=None, moderators=signs(workshop))


def give(workshop, attendee, kind, client_id):
    """Record a sign from an attendee (None: someone at the door kiosk); returns (sign, created).

    The same sign given again by the same person within the window counts once.
    """
    may_take_part(workshop, attendee)

    # The same sign of this person still live (none for the door kiosk, where everyone is new).
    still_live = None
    if attendee is not None:
        still_live = sa.and_(
            Pulse.attendee_id == attendee.id, Pulse.kind == kind, Pulse.created_at > now() - WINDOW
        )

    def write(change):
        # Faded signs are of no more use to anyone: they go as soon as the next one comes.
        db.session.execute(
            sa.delete(Pulse).where(Pulse.workshop_id == workshop.id, Pulse.created_at <= now() - WINDOW)
        )
        sign = Pulse(workshop_id=workshop.id, attendee=attendee, kind=kind, client_id=client_id)
        db.session.add(sign)
        db.session.flush()
        tell(change, workshop)
        return sign, True

    owner = {"workshop_id": workshop.id, "attendee_id": attendee.id if attendee else None}
    return replay.once(workshop, Pulse, client_id, write, owner, same=still_live)
