"""Rules of registration before the day: a list with its own waiting list, matched at the door."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from . import attendance, erasure, live
from .attendance import ClientIdTaken
from .extensions import db
from .models import Attendee, Registration


def _tell(change, workshop):
    change.tell("attendance", public=attendance.counts(workshop), moderators=attendance.summary(workshop))
    change.tell("registrations", public=None, moderators=attendance.registrations(workshop))


def register(workshop, name, client_id, phone=None, email=None):
    """Register someone ahead, waiting past capacity; returns (registration, created)."""
    found = db.session.scalar(sa.select(Registration).where(Registration.client_id == client_id))
    if found is not None:
        if found.workshop_id != workshop.id:
            raise ClientIdTaken(client_id)
        return found, False
    change = live.begin(workshop)
    booked = db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.workshop_id == workshop.id, Registration.waiting.is_(False)
        )
    )
    registration = Registration(
        workshop_id=workshop.id,
        name=name,
        client_id=client_id,
        phone=phone or None,
        email=email or None,
        waiting=booked >= workshop.capacity,
    )
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ClientIdTaken(client_id) from None
    _tell(change, workshop)
    db.session.commit()
    return registration, True


def cancel(registration):
    """Cancel a registration; the first person waiting takes the place."""
    workshop = registration.workshop
    change = live.begin(workshop)
    freed = not registration.waiting
    db.session.delete(registration)
    db.session.flush()
    if freed:
        first = db.session.scalar(
            sa.select(Registration)
            .where(Registration.workshop_id == workshop.id, Registration.waiting.is_(True))
            .order_by(Registration.id)
            .limit(1)
        )
        if first is not None:
            first.waiting = False
    _tell(change, workshop)
    db.session.commit()
    erasure.leave_no_copy()  # a name, a phone number, an e-mail


def mark_present(registration, client_id):
    """The moderator's tap: the registered person is here. Returns their attendee."""
    if registration.attendee_id is not None:
        return db.session.get(Attendee, registration.attendee_id)
    attendee, _created = attendance.check_in(
        registration.workshop, registration.name, client_id, by_moderator=True, registration=registration
    )
    return attendee
