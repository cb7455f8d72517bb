"""Rules of "I need help with my own case": a discreet signal to the moderator, apart from the board."""

import sqlalchemy as sa

from kiosk.data.database import now
from kiosk.data.models import HelpRequest
from kiosk.extensions import db
from kiosk.rules import changes, replay
from kiosk.rules.refusals import may_take_part

# A request the moderator has not gone to see yet.
WAITING = HelpRequest.handled_at.is_(None)


def view(request):
    """What the moderator sees of a help request."""
    return {
        "id": request.id,
        "name": request.attendee.name,
        "created_at": request.created_at.isoformat(),
        "handled": request.handled_at is not None,
    }


def waiting(workshop):
    """Help requests not handled yet, oldest first."""
    requests = db.session.scalars(
        sa.select(HelpRequest).where(HelpRequest.workshop_id == workshop.id, WAITING).order_by(HelpRequest.id)
    )
    return [view(r) for r in requests]


def tell(change, workshop):
    """Tell the moderators the help requests still waiting."""
    change.tell("help", public=None, moderators=waiting(workshop))


def ask_for_help(workshop, attendee, client_id):
    """Signal that an attendee needs individual help; asking again while waiting keeps one request."""
    may_take_part(workshop, attendee)

    still_waiting = sa.and_(HelpRequest.attendee_id == attendee.id, WAITING)

    def write(change):
        request = HelpRequest(workshop_id=workshop.id, attendee=attendee, client_id=client_id)
        db.session.add(request)
        db.session.flush()
        tell(change, workshop)
        return request, True

    owner = {"workshop_id": workshop.id, "attendee_id": attendee.id}
    return replay.once(workshop, HelpRequest, client_id, write, owner, same=still_waiting)


def hand_over(duplicate, keep):
    """Give `keep` the help requests of `duplicate`, a second entry of the same person; one waiting at most."""
    theirs = HelpRequest.attendee_id == duplicate.id
    if db.session.scalar(sa.select(HelpRequest.id).where(HelpRequest.attendee_id == keep.id, WAITING)):
        theirs &= ~WAITING
    db.session.execute(sa.update(HelpRequest).where(theirs).values(attendee_id=keep.id))


def mark_handled(request):
    """The moderator went to see the person."""
    workshop = request.attendee.workshop
    change = changes.begin(workshop)
    request.handled_at = now()
    db.session.flush()
    tell(change, workshop)
    db.session.commit()
