"""Numbered changes of a workshop, held until their transaction commits.

The rules call `begin` before they change a workshop: it numbers the change and, on SQLite, takes the
write lock first, so that counts read afterwards (capacity) cannot be raced. What the rules `tell` is
handed to the publisher only once the change is committed, and dropped if it is rolled back, so a
screen never shows what the database does not hold.

Three audiences hear a change: the shared screens (door, board), the moderators, and the phones. Phones
hear only what concerns them (the board, the phase), never each check-in: with hundreds of phones in the
room that would cost the square of the crowd. Counts of who is in are not told with each change: the
change only says they moved (`recount`), and the screens and moderators get them at most once a second.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, attributes

from kiosk.data.models import Workshop
from kiosk.extensions import db

PENDING = "kiosk.pending_changes"


@dataclass
class Change:
    """One numbered change of a workshop, and what each audience should hear of it.

    `phones_prev` is the number of the latest change phones heard before this one: a phone that holds
    it (or later) has missed nothing, whatever the numbers in between.
    """

    workshop_id: int
    seq: int
    phones_prev: int = 0
    screens: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    moderators: list = field(default_factory=list)
    # Attendee id -> events for that person's own phone only (let in from the waiting list).
    personal: dict = field(default_factory=dict)
    recounted: bool = False

    def tell(self, kind, public=None, moderators=None, phones=True):
        """Add an event; `public` goes to the shared screens and, unless `phones` is False, to the phones;
        `moderators` (default: the same) to moderators."""
        if public is not None:
            event = {"kind": kind, "data": public}
            self.screens.append(event)
            if phones:
                if not self.phones:
                    _heard_by_phones(self)
                self.phones.append(event)
        moderators = public if moderators is None else moderators
        if moderators is not None:
            self.moderators.append({"kind": kind, "data": moderators})

    def tell_person(self, attendee_id, kind, data=None):
        """Add an event for one person's phone only."""
        self.personal.setdefault(attendee_id, []).append({"kind": kind, "data": data})

    def recount(self):
        """Say the attendance counts moved: screens and moderators get them soon, coalesced."""
        self.recounted = True


# Plain Core statements on the table, built once: every write runs them, and the ORM's bulk update
# would only add its own bookkeeping.
WORKSHOPS = Workshop.__table__
NEXT_SEQ = (
    sa.update(WORKSHOPS)
    .where(WORKSHOPS.c.id == sa.bindparam("workshop_id"))
    .values(seq=WORKSHOPS.c.seq + 1)
    .returning(WORKSHOPS.c.seq, WORKSHOPS.c.phones_seq)
)
HEARD_BY_PHONES = (
    sa.update(WORKSHOPS)
    .where(WORKSHOPS.c.id == sa.bindparam("workshop_id"))
    .values(phones_seq=sa.bindparam("heard"))
)


def _heard_by_phones(change):
    db.session.execute(HEARD_BY_PHONES, {"workshop_id": change.workshop_id, "heard": change.seq})
    # The workshop `begin` was given is in the session already: it says the same as the table.
    attributes.set_committed_value(db.session.get(Workshop, change.workshop_id), "phones_seq", change.seq)


def begin(workshop):
    """Number the next change of this workshop; the lock it takes lasts until commit."""
    seq, phones_prev = db.session.execute(NEXT_SEQ, {"workshop_id": workshop.id}).one()
    attributes.set_committed_value(workshop, "seq", seq)
    change = Change(workshop.id, seq, phones_prev)
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
