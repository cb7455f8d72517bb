"""The organiser's venues and series: where workshops take place, and the same session on several dates."""

import hashlib

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.models import Attendee, Registration, Series, Venue, Workshop
from kiosk.extensions import db
from kiosk.rules import communes, registrations
from kiosk.rules.refusals import Refused

VENUE_FIELDS = ("name", "place_type", "commune_insee", "commune", "postal_code")


def listing():
    """Every venue, by name."""
    return db.session.scalars(sa.select(Venue).order_by(Venue.name, Venue.id)).all()


def located(commune_insee, postal_code, typed=""):
    """(code INSEE, commune's name, postal code) of a place, checked against the commune list: the code
    must be known (or, with no code, the `typed` name must name one commune for sure), and the postal code
    one of the commune's (it may be left out when it has only one)."""
    if not commune_insee and typed:
        found = communes.certain(typed)
        if found is None:
            raise Refused("unknown_commune")
        commune_insee = found.insee
    if not commune_insee:
        return "", "", postal_code
    commune = communes.find(commune_insee)
    if commune is None:
        raise Refused("unknown_commune")
    if not postal_code and len(commune.postal_codes) == 1:
        postal_code = commune.postal_codes[0]
    if postal_code not in commune.postal_codes:
        raise Refused("postal_code_of_another_commune")
    return commune.insee, commune.name, postal_code


def save(venue, fields):
    """Create a venue (when `venue` is None) or change one; returns it, committed. Its commune is
    given by its code INSEE, its name taken from the commune list."""
    insee, name, postal_code = located(
        fields["commune_insee"], fields["postal_code"], fields.get("commune", "")
    )
    if venue is None:
        venue = Venue()
        db.session.add(venue)
    venue.name, venue.place_type = fields["name"], fields["place_type"]
    venue.commune_insee, venue.commune, venue.postal_code = insee, name, postal_code
    db.session.commit()
    return venue


def where(workshop):
    """The place a workshop's report gives: its venue's when it has one, else what was typed on it.

    Returns a dict of name, place_type, commune, postal_code and commune_insee.
    """
    venue = workshop.venue
    if venue is not None:
        return {name: getattr(venue, name) for name in VENUE_FIELDS}
    return {
        "name": workshop.place,
        "place_type": workshop.place_type,
        "commune_insee": "",
        "commune": workshop.commune,
        "postal_code": workshop.postal_code,
    }


def all_series():
    """Every series, newest first."""
    return db.session.scalars(sa.select(Series).order_by(Series.id.desc())).all()


def new_series(name):
    """A new series named `name` (not committed)."""
    series = Series(name=name[: choices.TITLE_MAX])
    db.session.add(series)
    db.session.flush()
    return series


def series_of(workshop):
    """The workshop's series, made for it (and committed) when it has none yet."""
    if workshop.series is None:
        workshop.series = new_series(workshop.title)
        db.session.commit()
    return workshop.series


def next_date(workshop):
    """The next workshop of the same series, not closed, after this one; or None."""
    if workshop.series_id is None:
        return None
    return db.session.scalar(
        sa.select(Workshop)
        .where(
            Workshop.series_id == workshop.series_id,
            Workshop.starts_at > workshop.starts_at,
            Workshop.phase != "closed",
        )
        .order_by(Workshop.starts_at, Workshop.id)
        .limit(1)
    )


def _moved_id(kind, row_id):
    """The client id of a move to the next date: the same person moved twice is registered once."""
    return "next-" + hashlib.sha256(f"{kind}:{row_id}".encode()).hexdigest()[:40]


def offer_next_date(workshop):
    """Register the waiting list of `workshop` for the next date of its series; returns (next, how many).

    People registered ahead and waiting move to the next date (with the contact they agreed to give);
    people waiting in the room stay on this workshop's list, in case a place frees up, and are
    registered for the next date too. The next date's own capacity applies: past it, they wait there.
    """
    later = next_date(workshop)
    if later is None:
        raise Refused("no_next_date")
    # Someone registered and waiting who came anyway is in the room: counted below, once.
    waiting_ahead = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.workshop_id == workshop.id,
            Registration.waiting.is_(True),
            Registration.attendee_id.is_(None),
        )
        .order_by(Registration.id)
    ).all()
    waiting_here = db.session.scalars(
        sa.select(Attendee)
        .where(Attendee.workshop_id == workshop.id, Attendee.status == "waiting")
        .order_by(Attendee.id)
    ).all()
    moved = 0
    for registration in waiting_ahead:
        client_id = _moved_id("registration", registration.id)
        phone, email = registration.phone, registration.email
        _row, created = registrations.register(
            later, registration.name, client_id, phone, email, bool(phone or email)
        )
        registrations.cancel(registration)
        moved += created
    for attendee in waiting_here:
        _row, created = registrations.register(later, attendee.name, _moved_id("attendee", attendee.id))
        moved += created
    return later, moved


def placed(fields):
    """A workshop's checked fields with its venue and series resolved: a venue's place fills the
    workshop's own place fields, and series "new" makes a series named after the title."""
    fields = dict(fields)
    venue_id = fields.get("venue_id")
    if venue_id is not None:
        venue = db.session.get(Venue, venue_id)
        if venue is None:
            raise Refused("unknown_venue")
        fields |= {"place": venue.name, "place_type": venue.place_type}
        fields |= {"commune": venue.commune, "postal_code": venue.postal_code}
    if "series" in fields:
        series = fields.pop("series")
        if series == "new":
            series = new_series(fields["title"]).id
        elif series is not None and db.session.get(Series, series) is None:
            raise Refused("unknown_series")
        fields["series_id"] = series
    return fields
