"""A write applied once: a retry with the same client id gets back what the first one made.

Phones retry: a double tap, an answer lost on a flaky Wi-Fi, the offline outbox sending again. Every
write of a participant or moderator carries a client id its browser made, unique in the database, and
goes through `once`, so a retry is answered the same way whether its twin committed long before,
while it waited for the workshop's lock, or on another connection in between.
"""

import functools

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from kiosk.data.models import Attendee
from kiosk.extensions import db
from kiosk.rules import changes
from kiosk.rules.refusals import ClientIdTaken, Refused


def find(model, client_id, owner, same=None):
    """The row this client id made, or None; ClientIdTaken if it was made for someone or somewhere else.

    `same`, if given, is a condition on the model's rows: a row meeting it (when no row has the client
    id) is answered too. One query either way: a write looks its twin up once.
    """
    if same is None:
        row = db.session.scalar(_made_with(model), {"client_id": client_id})
    else:
        made = model.client_id == client_id
        # The client id's own row first: it says whether the id is someone else's.
        query = sa.select(model).where(sa.or_(made, same)).order_by(sa.case((made, 0), else_=1)).limit(1)
        row = db.session.scalar(query)
    if row is not None and row.client_id == client_id:
        if any(getattr(row, name) != value for name, value in owner.items()):
            raise ClientIdTaken(client_id)
    return row


@functools.cache
def _made_with(model):
    """The statement that finds a model's row by its client id, built once per model."""
    return sa.select(model).where(model.client_id == sa.bindparam("client_id"))


def once(workshop, model, client_id, write, owner, same=None):
    """Apply `write(change)` once per client id and return (row, created).

    `owner`: what a row found by the client id must match (its workshop, its person), else the id is
    someone else's and ClientIdTaken is raised; a person (`attendee_id`) removed meanwhile is refused.
    `same`, if given, is a condition met by a row that already says the same thing under another client
    id (a second "moi aussi"): it is answered as a replay.
    `write(change)` adds and flushes the row, tells the screens, and returns (row, created).
    """

    def replayed():
        return find(model, client_id, owner, same)

    change = changes.begin(workshop)
    # Looked up once, under the workshop's lock: a twin may have committed while this one waited.
    found = replayed()
    if found is not None:
        db.session.rollback()
        return found, False
    person = owner.get("attendee_id")
    if person is not None and not db.session.scalar(sa.select(sa.exists().where(Attendee.id == person))):
        # The moderator removed (or merged) the person while their write was on its way: refused, as a
        # stranger is, rather than written for nobody.
        db.session.rollback()
        raise Refused("not_checked_in")
    try:
        row, created = write(change)
    except Refused:
        # Refused under the lock (the person was removed meanwhile): nothing of it is kept or told.
        db.session.rollback()
        raise
    except IntegrityError:
        # A twin committed on another connection in between (possible where locks are finer).
        db.session.rollback()
        found = replayed()
        if found is None:
            raise
        return found, False
    db.session.commit()
    return row, created


def answer_row(model, owner, client_id):
    """The row of a person's one answer (`owner`: its columns, `attendee_id` among them): theirs to change
    when they answer again; a new row at the door kiosk (attendee_id None), where each client id is a new
    person. Returns (row, created)."""
    row = None
    if owner["attendee_id"] is not None:
        row = db.session.scalar(sa.select(model).filter_by(**owner))
    if row is not None:
        return row, False
    row = model(**owner, client_id=client_id)
    db.session.add(row)
    return row, True
