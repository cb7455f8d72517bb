"""Rules of who is in: checking in once whatever the network does, capacity, and the moderator's list."""

import hashlib
import secrets
import unicodedata

import sqlalchemy as sa

from kiosk.data.models import Attendee, Feedback, Question, Registration, Vote, Workshop
from kiosk.extensions import db
from kiosk.rules import (
    board,
    cards,
    changes,
    communes,
    erasure,
    help_requests,
    named,
    pulse,
    replay,
    satisfaction,
)
from kiosk.rules.refusals import ClientIdTaken, Refused


def counts(workshop):
    """How many are in, how many wait, and the places there are (what any screen may show)."""
    by_status = dict(
        db.session.execute(
            sa.select(Attendee.status, sa.func.count())
            .where(Attendee.workshop_id == workshop.id)
            .group_by(Attendee.status)
        ).all()
    )
    return {
        "present": by_status.get("present", 0),
        "waiting": by_status.get("waiting", 0),
        "capacity": workshop.capacity,
    }


def summary(workshop):
    """The moderator's counts: the public ones, plus head count, registrations and returning people."""
    registered = db.session.scalars(
        sa.select(Registration).where(Registration.workshop_id == workshop.id)
    ).all()
    came = sum(1 for r in registered if r.attendee_id is not None)
    walk_ins = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Attendee)
        .outerjoin(Registration, Registration.attendee_id == Attendee.id)
        .where(Attendee.workshop_id == workshop.id, Attendee.status == "present", Registration.id.is_(None))
    )
    base = counts(workshop)
    return base | {
        "head_count": workshop.head_count,
        "total": base["present"] + workshop.head_count,
        "registered": len(registered),
        "registered_present": came,
        "registered_absent": len(registered) - came,
        "walk_ins": walk_ins,
        "attendance_rate": round(100 * came / len(registered)) if registered else None,
    }


def moderator_view(attendee):
    """What the moderator sees of an attendee."""
    return {
        "id": attendee.id,
        "name": attendee.name,
        "status": attendee.status,
        "came_before": attendee.came_before,
        "first_visit": attendee.first_visit,
        "age_band": attendee.age_band,
        "social_status": attendee.social_status,
        "commune": attendee.commune,
        "commune_insee": attendee.commune_insee,
        "commune_name": communes.label(attendee.commune_insee, attendee.commune),
        "checked_in_at": attendee.checked_in_at.isoformat(),
        "named_consent": attendee.named_consent,
        "family_name": attendee.family_name,
        "birth_year": attendee.birth_year,
        "gender": attendee.gender or "N",
        # What the national tool's importer would refuse or miss, for the console's list before export.
        "problems": named.problems(attendee, named.this_year()) if attendee.named_consent else [],
    }


def roster(workshop):
    """Everyone checked in or waiting, in order of arrival."""
    attendees = db.session.scalars(
        sa.select(Attendee).where(Attendee.workshop_id == workshop.id).order_by(Attendee.id)
    )
    return [moderator_view(a) for a in attendees]


def registration_view(registration):
    """What the moderator sees of a registration (never shown in public)."""
    return {
        "id": registration.id,
        "name": registration.name,
        "phone": registration.phone,
        "email": registration.email,
        "waiting": registration.waiting,
        "present": registration.attendee_id is not None,
        "commune_insee": registration.commune_insee,
        "commune_name": communes.label(registration.commune_insee),
    }


def registrations(workshop):
    """Registrations in the order they came: places first, then the waiting list."""
    found = db.session.scalars(
        sa.select(Registration)
        .where(Registration.workshop_id == workshop.id)
        .order_by(Registration.waiting, Registration.id)
    )
    return [registration_view(r) for r in found]


def same_name(name):
    """A name folded for matching what people type: no case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def previous_visit(device_hash, workshop):
    """The latest attendee of another workshop who used this phone, or None."""
    if device_hash is None:
        return None
    return db.session.scalar(
        sa.select(Attendee)
        .where(Attendee.device_hash == device_hash, Attendee.workshop_id != workshop.id)
        .order_by(Attendee.id.desc())
        .limit(1)
    )


def _tell(change, workshop, attendee=None, removed=None, shown=None):
    """Tell who is in. `shown`: the ids of the questions showing the person's name or "moi aussi"
    (board.questions_of), when their name changed or they left the list."""
    # Counts and the registrations list reach the door, the board and moderators coalesced, never phones.
    change.recount()
    if attendee is not None:
        change.tell("attendee", public=None, moderators=moderator_view(attendee))
    # Every screen, phone and console shows it at once, not at its next page load: what bore their name
    # (the questions, the help list), and what went with them (votes, feedback, quiet signs).
    if removed is not None:
        change.tell("attendee_removed", public=None, moderators={"id": removed})
        satisfaction.tell(change, workshop)
        pulse.tell(change, workshop)
    if shown is not None:
        board.tell_again(change, shown)
        help_requests.tell(change, workshop)


def check_in(
    workshop,
    name,
    client_id,
    answers=None,
    bound=None,
    device_hash=None,
    by_moderator=False,
    registration=None,
    card_hash=None,
    secret=None,
):
    """Check a person in and return (attendee, created).

    `bound` is the attendee this browser acts as in this workshop, if any: checking in again answers
    with them. A replayed client id answers with the attendee it made, but only to the phone that
    made it (`device_hash`): another browser gets ClientIdTaken. Past capacity people wait, unless
    the moderator adds them in person. A registration is matched by name unless the moderator says
    which one it is. `card_hash` is the keyed hash of the "carte Kiosk" shown at the door, if any:
    it recognises the person as a returning phone would. `secret` (see `new_secret`) binds a new
    attendee to the browser that will hold it, in the same transaction.
    """
    if workshop.phase == "closed":
        raise Refused("workshop_closed")
    answers = dict(answers or {})
    if "commune" in answers or "commune_insee" in answers:
        answers |= communes.answer(answers.pop("commune_insee", None), answers.pop("commune", None))
    owner = {"workshop_id": workshop.id, "device_hash": device_hash}
    if bound is not None and bound.workshop_id == workshop.id:
        # Otherwise `replay.once` looks the client id up itself: once is enough on the way in.
        found = replay.find(Attendee, client_id, owner)
        if found is not None and found.id != bound.id:
            raise ClientIdTaken(client_id)
        return bound, False

    # This phone or card checked in here already (its answer, or its cookie, was lost on the way, or the
    # person shows their card at the door a second time).
    known = [
        column == value
        for column, value in ((Attendee.device_hash, device_hash), (Attendee.card_hash, card_hash))
        if value is not None
    ]
    same_person = sa.and_(Attendee.workshop_id == workshop.id, sa.or_(*known)) if known else None

    def write(change):
        full = counts(workshop)["present"] >= workshop.capacity
        attendee = Attendee(
            workshop_id=workshop.id,
            name=name,
            client_id=client_id,
            status="waiting" if full and not by_moderator else "present",
            device_hash=device_hash,
            card_hash=card_hash,
            secret_hash=secret_hash(secret) if secret else None,
            came_before=previous_visit(device_hash, workshop) is not None
            or (card_hash is not None and cards.came_before(card_hash, workshop)),
            **answers,
        )
        db.session.add(attendee)
        db.session.flush()
        linked = registration if registration is not None else _link_registration(workshop, attendee)
        if linked is not None:
            linked.attendee_id = attendee.id
            # The commune given when registering, unless the person said another at the door.
            if attendee.commune_insee is None and attendee.commune is None:
                attendee.commune_insee = linked.commune_insee
        _tell(change, workshop, attendee)
        return attendee, True

    return replay.once(workshop, Attendee, client_id, write, owner, same=same_person)


def secret_hash(secret):
    """The stored form of the secret a browser holds for its attendee."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret():
    """A new secret for a browser to act as an attendee."""
    return secrets.token_urlsafe(32)


def bind(attendee):
    """Give the browser that checked in a new secret to act as this attendee; returns it.

    Only its hash is kept. A browser holding an older secret of the same person loses it: a person
    is acted for by one browser, the last one their phone received.
    """
    secret = new_secret()
    attendee.secret_hash = secret_hash(secret)
    db.session.commit()
    return secret


# Built once: every write of a participant runs it.
BOUND_TO = sa.select(Attendee).where(
    Attendee.workshop_id == sa.bindparam("workshop_id"), Attendee.secret_hash == sa.bindparam("secret_hash")
)


def bound_to(workshop, secret):
    """The attendee of this workshop a browser's secret stands for, or None once they are removed."""
    if not isinstance(secret, str) or not secret:
        return None
    return db.session.scalar(BOUND_TO, {"workshop_id": workshop.id, "secret_hash": secret_hash(secret)})


# A live channel opening, or asking again: the busiest read of a forum day, when a room's phones all come
# back from a Wi-Fi blip. One statement built once, and no ORM objects (they cost more than the reading).
_W, _A = Workshop.__table__, Attendee.__table__
LIVE = (
    sa.select(_W.c.id, _W.c.code, _W.c.seq, _W.c.phones_seq, _A.c.id.label("attendee_id"))
    .select_from(
        _W.outerjoin(
            _A,
            sa.and_(
                _A.c.workshop_id == _W.c.id, _A.c.secret_hash.in_(sa.bindparam("hashes", expanding=True))
            ),
        )
    )
    .where(_W.c.code == sa.bindparam("code"))
)


def live(code, secrets=()):
    """What a live channel needs of the workshop with this code (`id`, `code`, `seq`, `phones_seq`), with
    the `attendee_id` that one of a browser's `secrets` stands for in it (or None); None for an unknown code.
    A secret stands for one attendee of one workshop: those held for other workshops match nobody here."""
    hashes = [secret_hash(secret) for secret in secrets if isinstance(secret, str) and secret]
    return db.session.execute(LIVE, {"code": code, "hashes": hashes}).first()


def _link_registration(workshop, attendee):
    """The registration of a registered person who types their name at the door, or None."""
    wanted = same_name(attendee.name)
    for registration in db.session.scalars(
        sa.select(Registration)
        .where(Registration.workshop_id == workshop.id, Registration.attendee_id.is_(None))
        .order_by(Registration.id)
    ):
        if same_name(registration.name) == wanted:
            return registration
    return None


def rename(attendee, name):
    """Fix the name of an attendee."""
    change = changes.begin(attendee.workshop)
    attendee.name = name
    _tell(change, attendee.workshop, attendee, shown=board.questions_of(attendee, votes=False))
    db.session.commit()


def set_named_details(attendee, wanted, this_year):
    """The moderator records a person's consent to be named, their details, or their commune."""
    change = changes.begin(attendee.workshop)
    named.apply(attendee, wanted, this_year)
    _tell(change, attendee.workshop, attendee)
    db.session.commit()


def admit(attendee):
    """Let someone in from the waiting list (the moderator may go past capacity)."""
    change = changes.begin(attendee.workshop)
    attendee.status = "present"
    change.tell_person(attendee.id, "admitted")
    _tell(change, attendee.workshop, attendee)
    db.session.commit()


def remove(attendee, anonymous=False):
    """Remove an attendee; the questions they asked stay on the board, without their name (`anonymous`:
    marked so for good, as an erasure on request does)."""
    workshop = attendee.workshop
    change = changes.begin(workshop)
    removed, shown = attendee.id, board.questions_of(attendee)
    if anonymous:
        # After `begin`: every write locks its workshop first, then its rows.
        db.session.execute(sa.update(Question).where(Question.attendee_id == removed).values(anonymous=True))
    db.session.delete(attendee)
    db.session.flush()
    _tell(change, workshop, removed=removed, shown=shown)
    db.session.commit()
    erasure.empty_log()


def merge(duplicate, keep):
    """Make two entries of the same person one: `duplicate`'s questions, votes and answers go to `keep`.

    Every browser bound to `duplicate` is cut: it must check in again to act as `keep`.
    """
    if keep.workshop_id != duplicate.workshop_id or keep.id == duplicate.id:
        raise Refused("other_workshop_attendee")
    workshop = keep.workshop
    change = changes.begin(workshop)
    shown = board.questions_of(duplicate)
    db.session.execute(
        sa.update(Question).where(Question.attendee_id == duplicate.id).values(attendee_id=keep.id)
    )
    # Nobody backs their own question: not once their two entries are one either.
    db.session.execute(
        sa.delete(Vote).where(
            Vote.attendee_id.in_((keep.id, duplicate.id)),
            Vote.question_id.in_(sa.select(Question.id).where(Question.attendee_id == keep.id)),
        )
    )
    kept_votes = set(db.session.scalars(sa.select(Vote.question_id).where(Vote.attendee_id == keep.id)))
    for vote in db.session.scalars(sa.select(Vote).where(Vote.attendee_id == duplicate.id)):
        if vote.question_id in kept_votes:
            db.session.delete(vote)
        else:
            vote.attendee_id = keep.id
    if db.session.scalar(sa.select(Feedback.id).where(Feedback.attendee_id == keep.id)) is None:
        db.session.execute(
            sa.update(Feedback).where(Feedback.attendee_id == duplicate.id).values(attendee_id=keep.id)
        )
    help_requests.hand_over(duplicate, keep)
    registration = db.session.scalar(sa.select(Registration).where(Registration.attendee_id == duplicate.id))
    keep_registered = db.session.scalar(sa.select(Registration.id).where(Registration.attendee_id == keep.id))
    if registration is not None and keep_registered is None:
        registration.attendee_id = keep.id
    if duplicate.status == "present" and keep.status != "present":
        keep.status = "present"
        change.tell_person(keep.id, "admitted")
    keep.came_before = keep.came_before or duplicate.came_before
    keep.named_consent = keep.named_consent or duplicate.named_consent
    for kept in ("family_name", "birth_year", "gender", "commune_insee", "commune", "card_hash"):
        if getattr(keep, kept) is None:
            setattr(keep, kept, getattr(duplicate, kept))
    removed = duplicate.id
    db.session.flush()
    db.session.delete(duplicate)
    db.session.flush()
    _tell(change, workshop, keep, removed=removed, shown=shown)
    db.session.commit()
    erasure.empty_log()  # the duplicate's name may differ from the one kept
