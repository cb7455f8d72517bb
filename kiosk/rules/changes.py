"""Numbered changes of a workshop, held until their transaction commits.

The rules call `begin` before they change a workshop: it numbers the change and, on SQLite, takes the
write lock first, so that counts read afterwards (capacity) cannot be raced. What the rules `tell` is
handed to the publisher only once the change is committed, and dropped if it is rolled back, so a
screen never shows what the database does not hold.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, attributes

from kiosk.data.models import Workshop
from kiosk.extensions import db

PENDING = "kiosk.pending_changes"


@dataclass
class Change:
    """One numbered change of a workshop, and what each audience should hear of it."""

    workshop_id: int
    seq: int
    public: list = field(default_factory=list)
    moderators: list = field(default_factory=list)

    def tell(self, kind, public=None, moderators=None):
        """Add an event; `public` goes to every screen, `moderators` (default: the same) to moderators."""
        if public is not None:
            self.public.append({"kind": kind, "data": public})
        moderators = public if moderators is None else moderators
        if moderators is not None:
            self.moderators.append({"kind": kind, "data": moderators})


def begin(workshop):
    """Number the next change of this workshop; the lock it takes lasts until commit."""
    seq = db.session.execute(
        sa.update(Workshop)
        .where(Workshop.id == workshop.id)
        .values(seq=Workshop.seq + 1)
        .returning(Workshop.seq)
    ).scalar_one()
    attributes.set_committed_value(workshop, "seq", seq)
    change = Change(workshop.id, seq)
    db.session.info.setdefault(PENDING, []).append(change)
    return change


_publishers = []


def on_commit(publisher):
    """Register a function called with each committed Change."""
    _publishers.append(publisher)
    return publisher


@sa.event.listens_for(Session, "after_commit")
def _publish_committed(session):
    for change in session.info.pop(PENDING, []):
        for publish in _publishers:
            publish(change)


@sa.event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session):
    session.info.pop(PENDING, None)
