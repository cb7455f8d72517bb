"""Rules of a workshop itself: its code, its phase and settings, and what a screen needs to start."""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import attributes

from kiosk import choices
from kiosk.data.database import now
from kiosk.data.models import Workshop
from kiosk.extensions import db
from kiosk.rules import (
    attendance,
    board,
    changes,
    help_requests,
    logins,
    polls,
    pulse,
    satisfaction,
    takeaways,
    venues,
)

# Four digits are quick on a phone keypad; a fifth comes only once most 4-digit codes are taken.
CODE_DIGITS = 4


def new_code():
    """A short numeric code no other workshop has."""
    digits = CODE_DIGITS
    while True:
        for _attempt in range(20):
            code = str(secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1))
            if db.session.scalar(sa.select(Workshop.id).where(Workshop.code == code)) is None:
                return code
        digits += 1


def create(title, **fields):
    """Create a workshop and return it, committed. In a series, what the previous date left for later
    comes back as prepared questions."""
    workshop = Workshop(code=new_code(), title=title, **fields)
    db.session.add(workshop)
    db.session.flush()
    takeaways.carry_over_in_series(workshop)
    db.session.commit()
    return workshop


# What a recurring workshop keeps from one week to the next: what the organiser set, not what happened
# (phase, counts, the board's live settings).
RECURRING = (
    *("title", "duration_minutes", "place", "place_type", "commune", "postal_code", "capacity", "level"),
    "venue_id",
    *("notes", "language", "anonymous_default", "premoderation"),
    *("ask_first_visit", "ask_age_band", "ask_status", "ask_commune"),
)


def duplicate_a_week_later(source):
    """The same workshop seven days later at the same local time, with a new code, in the same series
    (made for them if it had none); returns it, committed."""
    copied = {name: getattr(source, name) for name in RECURRING}
    copied["series_id"] = venues.series_of(source).id
    copied |= {"themes": list(source.themes), "materials": list(source.materials)}
    # Added to the local wall-clock time: a copy across a change to or from summer time keeps its hour.
    local = source.starts_at.astimezone().replace(tzinfo=None) + timedelta(days=7)
    copy = create(copied.pop("title"), starts_at=local.astimezone(), **copied)
    # What the group did not get to comes back, ready to bring to the board, even if the series has a
    # date in between.
    takeaways.carry_over(source, copy)
    db.session.commit()
    return copy


# Built once: every request naming a workshop runs it, and building it anew costs about what running it does.
BY_CODE = sa.select(Workshop).where(Workshop.code == sa.bindparam("code"))


def by_code(code):
    """The workshop with this code, or None."""
    return db.session.scalar(BY_CODE, {"code": code})


def public_view(workshop):
    """What anyone in the room may know of the workshop."""
    return {
        "code": workshop.code,
        "title": workshop.title,
        "starts_at": workshop.starts_at.isoformat(),
        "duration_minutes": workshop.duration_minutes,
        "place": workshop.place,
        "phase": workshop.phase,
        "capacity": workshop.capacity,
        "anonymous_default": workshop.anonymous_default,
        "premoderation": workshop.premoderation,
        "board_scale": workshop.board_scale,
        "language": workshop.language,
    }


def moderator_view(workshop):
    """Everything the moderator can see and change of the workshop."""
    view = public_view(workshop)
    view.update(
        place_type=workshop.place_type,
        commune=workshop.commune,
        postal_code=workshop.postal_code,
        level=workshop.level,
        themes=list(workshop.themes),
        materials=list(workshop.materials),
        notes=workshop.notes,
        ask_first_visit=workshop.ask_first_visit,
        ask_age_band=workshop.ask_age_band,
        ask_status=workshop.ask_status,
        ask_commune=workshop.ask_commune,
        head_count=workshop.head_count,
    )
    return view


def snapshot(workshop, moderator=False):
    """The whole state a screen needs, numbered so it can tell what later changes add."""
    # The number is read first: a change that lands while the rest is read is sent again and
    # applied twice, which is harmless since every event carries the full new state of what it names.
    seq = db.session.scalar(sa.select(Workshop.seq).where(Workshop.id == workshop.id))
    state = {
        "seq": seq,
        "workshop": moderator_view(workshop) if moderator else public_view(workshop),
        "attendance": attendance.counts(workshop),
        "questions": board.listing(workshop, moderator=moderator),
        "feedback": satisfaction.board_summary(workshop),
        "poll": polls.view(polls.on_screens(workshop)),
    }
    if moderator:
        state["attendees"] = attendance.roster(workshop)
        state["attendance"] = attendance.summary(workshop)
        state["registrations"] = attendance.registrations(workshop)
        state["help"] = help_requests.waiting(workshop)
        state["pulse"] = pulse.signs(workshop)
        state["prepared"] = takeaways.prepared(workshop)
        state["feedback"] = satisfaction.summary(workshop)
    return state


def update(workshop, settings, expiry=logins.DEFAULT_EXPIRY):
    """Apply checked settings and phase to a workshop and tell every screen (`expiry`: how long logins last)."""
    change = changes.begin(workshop)
    was_closed = workshop.phase == "closed"
    for name, value in settings.items():
        if name in STEPPED:
            step(workshop, name, value)
        else:
            setattr(workshop, name, value)
    if settings.get("phase") == "closed" and workshop.closed_at is None:
        workshop.closed_at = now()
    elif "phase" in settings and settings["phase"] != "closed":
        logins.end_expired_moderators(workshop, expiry)
        workshop.closed_at = None
    change.tell("workshop", public=public_view(workshop), moderators=moderator_view(workshop))
    if (workshop.phase == "closed") != was_closed:
        board.tell_every_question(change, workshop)  # names leave the public screens at closing
    # Capacity and head count change the counts the door, the board and moderators show.
    change.recount()
    db.session.commit()
    return workshop


# What a press adds to, by the setting it sends: its column, the size of one step, and its bounds.
STEPPED = {
    "board_scale_step": (
        Workshop.board_scale,
        choices.BOARD_SCALE_STEP,
        choices.BOARD_SCALE_MIN,
        choices.BOARD_SCALE_MAX,
    ),
    "head_count_step": (Workshop.head_count, 1, 0, choices.HEAD_COUNT_MAX),
}


def step(workshop, setting, steps):
    """Add `steps` presses of `setting` (the board's text size, the people counted by hand) to what the
    database holds, within its bounds."""
    column, size, low, high = STEPPED[setting]
    # Added by the database to what it holds, not to what this request read: quick presses from one
    # console, or from two, each count, whatever arrives first.
    wanted = column + steps * size
    bounded = sa.case((wanted > high, high), (wanted < low, low), else_=wanted)
    value = db.session.execute(
        sa.update(Workshop)
        .where(Workshop.id == workshop.id)
        .values({column.key: bounded})
        .returning(column)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    attributes.set_committed_value(workshop, column.key, value)


def by_id(workshop_id):
    """The workshop with this id, or None."""
    return db.session.get(Workshop, workshop_id)
