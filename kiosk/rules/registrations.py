"""Rules of registration before the day: a list with its own waiting list, matched at the door."""

import sqlalchemy as sa

from kiosk.data.models import Attendee, Registration
from kiosk.extensions import db
from kiosk.rules import attendance, changes, communes, erasure, replay
from kiosk.rules.refusals import Refused


def tell(change, workshop):
    """Say the registrations moved: moderators get them with the counts."""
    change.recount()


def register(
    workshop, name, client_id, phone=None, email=None, consent=False, commune_insee=None, rdv_id=None
):
    """Register someone ahead, waiting past capacity; returns (registration, created).

    A phone number or an e-mail is kept only with the person's consent; a commune only by its code.
    `rdv_id`: the RDV Service Public appointment the registration comes from.
    """
    if (phone or email) and not consent:
        raise Refused("contact_without_consent")
    commune_insee = communes.known(commune_insee)

    def write(change):
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
            commune_insee=commune_insee,
            rdv_id=rdv_id,
            waiting=booked >= workshop.capacity,
        )
        db.session.add(registration)
        db.session.flush()
        tell(change, workshop)
        return registration, True

    return replay.once(workshop, Registration, client_id, write, {"workshop_id": workshop.id})


def cancel(registration):
    """Cancel a registration; the first person waiting takes the place."""
    workshop = registration.workshop
    change = changes.begin(workshop)
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
    tell(change, workshop)
    db.session.commit()
    erasure.empty_log()  # a name, a phone number, an e-mail


def mark_present(registration, client_id):
    """The moderator's tap: the registered person is here. Returns their attendee."""
    if registration.attendee_id is not None:
        return db.session.get(Attendee, registration.attendee_id)
    attendee, _created = attendance.check_in(
        registration.workshop, registration.name, client_id, by_moderator=True, registration=registration
    )
    return attendee
