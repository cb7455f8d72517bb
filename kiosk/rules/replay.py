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


def once(workshop, model, client_id, write, owner, same=None, inserts=False):
    """Apply `write(change)` once per client id and return (row, created).

    `owner`: what a row found by the client id must match (its workshop, its person), else the id is
    someone else's and ClientIdTaken is raised; a person (`attendee_id`) removed meanwhile is refused.
    `same`, if given, is a condition met by a row that already says the same thing under another client
    id (a second "moi aussi"): it is answered as a replay.
    `inserts`: the write only adds rows, which the database refuses for a twin (the client id, and `same`
    if given, are unique) or for a person removed meanwhile (their foreign key). Then nothing is looked up
    on the way in: the twin or the missing person are looked for only when the database refuses.
    `write(change)` adds and flushes the row, tells the screens, and returns (row, created).
    """

    def replayed():
        return find(model, client_id, owner, same)

    person = owner.get("attendee_id")
    change = changes.begin(workshop)
    if not inserts:
        # Looked up under the workshop's lock: a twin may have committed while this one waited, and a
        # write that changes a row in place would otherwise apply a late retry again.
        found = replayed()
        if found is not None:
            db.session.rollback()
            return found, False
        if person is not None and not _still_there(person):
            # The moderator removed (or merged) the person while their write was on its way: refused, as
            # a stranger is, rather than written for nobody.
            db.session.rollback()
            raise Refused("not_checked_in")
    try:
        row, created = write(change)
        db.session.commit()
    except Refused:
        # Refused under the lock: nothing of it is kept or told, but a retry of a write that was
        # accepted before gets its first answer.
        db.session.rollback()
        if inserts and (found := replayed()) is not None:
            return found, False
        raise
    except IntegrityError:
        # A twin committed before (or on another connection in between), or the person is gone.
        db.session.rollback()
        found = replayed()
        if found is not None:
            return found, False
        if person is not None and not _still_there(person):
            raise Refused("not_checked_in") from None
        if inserts:
            # The twin went (taken back, erased) between the refusal and the look-up, which comes after
            # the lock is given back: once more, looked up under the lock.
            return once(workshop, model, client_id, write, owner, same)
        raise
    return row, created


def _still_there(attendee_id):
    return db.session.scalar(sa.select(sa.exists().where(Attendee.id == attendee_id)))


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
