"""What Kiosk remembers: workshops, the people who came, their questions, votes and feedback."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk import choices
from kiosk.data.database import UTCDateTime, now
from kiosk.extensions import db

# Ids are never reused after a delete (SQLite's AUTOINCREMENT; PostgreSQL's sequences never reuse):
# a browser, a cookie or a link may still name an old one.
NEVER_REUSED_IDS = {"sqlite_autoincrement": True}


class Venue(db.Model):
    """A place where the organiser runs workshops, described as the national activity report asks."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(choices.PLACE_MAX))
    place_type: Mapped[str] = mapped_column(sa.String(20), default="lieu_activite")
    # The commune by its code INSEE, which the national tools know it by, and its name as they spell it.
    commune_insee: Mapped[str] = mapped_column(sa.String(5), default="")
    commune: Mapped[str] = mapped_column(sa.String(choices.COMMUNE_MAX), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(choices.POSTAL_CODE_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Series(db.Model):
    """The same session run on several dates: every week, or again because the first one was full."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(choices.TITLE_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Workshop(db.Model):
    """One café numérique session, with what the national activity report asks of it."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    title: Mapped[str] = mapped_column(sa.String(choices.TITLE_MAX))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    duration_minutes: Mapped[int] = mapped_column(default=90)
    place: Mapped[str] = mapped_column(sa.String(choices.PLACE_MAX), default="")
    place_type: Mapped[str] = mapped_column(sa.String(20), default="lieu_activite")
    commune: Mapped[str] = mapped_column(sa.String(80), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(10), default="")
    # Where it takes place, picked from the organiser's venues; the fields above stay as they were typed.
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venue.id", ondelete="SET NULL"), index=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="SET NULL"), index=True)
    capacity: Mapped[int] = mapped_column(default=choices.CAPACITY_DEFAULT)
    phase: Mapped[str] = mapped_column(sa.String(10), default="checkin")
    level: Mapped[str | None] = mapped_column(sa.String(20))
    themes: Mapped[list] = mapped_column(sa.JSON, default=list)
    materials: Mapped[list] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    anonymous_default: Mapped[bool] = mapped_column(default=True)
    premoderation: Mapped[bool] = mapped_column(default=False)
    # Optional check-in questions, each off unless the organiser asks it.
    ask_first_visit: Mapped[bool] = mapped_column(default=False)
    ask_age_band: Mapped[bool] = mapped_column(default=False)
    ask_status: Mapped[bool] = mapped_column(default=False)
    ask_commune: Mapped[bool] = mapped_column(default=False)
    # People in the room who did not check in at all, counted by the moderator.
    head_count: Mapped[int] = mapped_column(default=0)
    # Paper satisfaction grids typed in by the moderator as counts per face.
    paper_tally: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Feedback is never projected unless the moderator chooses to show its summary on the board.
    show_feedback_on_board: Mapped[bool] = mapped_column(default=False)
    # Size of the board's text in percent, set live by the moderator for the room and its projector.
    board_scale: Mapped[int] = mapped_column(default=100, server_default="100")
    # The language of the shared screens (board, door); each phone chooses its own.
    language: Mapped[str] = mapped_column(sa.String(5), default="fr", server_default="fr")
    # Last number given to a change of this workshop; screens use it to notice what they missed.
    seq: Mapped[int] = mapped_column(default=0)
    # Number of the latest change phones heard of: phones hear only some changes, and must still see a gap.
    phones_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Once the retention period is over, the people are erased and only these anonymous counts stay.
    archived_counts: Mapped[dict | None] = mapped_column(sa.JSON)
    personal_data_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    venue: Mapped[Venue | None] = relationship()
    series: Mapped[Series | None] = relationship()
    attendees: Mapped[list["Attendee"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Attendee.id"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Question.id"
    )


class Attendee(db.Model):
    """A person checked in to a workshop, or waiting for a place."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(choices.NAME_MAX))
    status: Mapped[str] = mapped_column(sa.String(10), default="present")
    first_visit: Mapped[bool | None] = mapped_column()
    age_band: Mapped[str | None] = mapped_column(sa.String(20))
    social_status: Mapped[str | None] = mapped_column(sa.String(20))
    # As typed, when it could not be matched to a commune's code with certainty.
    commune: Mapped[str | None] = mapped_column(sa.String(choices.COMMUNE_MAX))
    # The code INSEE of the commune of residence, picked from Kiosk's commune list.
    commune_insee: Mapped[str | None] = mapped_column(sa.String(5))
    # Came to an earlier workshop with the same phone or card ("déjà accompagné").
    came_before: Mapped[bool] = mapped_column(default=False)
    # A hash of the phone's own random id, to recognise it next time; None for the door kiosk and walk-ins.
    device_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # A keyed hash of the code of the "carte Kiosk" shown at the door, to recognise the person next time.
    card_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # The hash of the secret the phone that checked in holds: a browser acts as this person only with it.
    secret_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Said yes, when the moderator asked, to being named in the national activity tool's import file.
    named_consent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Asked only of a person who agreed to be named, for that file; erased when the consent is withdrawn.
    family_name: Mapped[str | None] = mapped_column(sa.String(choices.NAME_MAX))
    birth_year: Mapped[int | None] = mapped_column()
    # F, M or N (non communiqué); None is N too.
    gender: Mapped[str | None] = mapped_column(sa.String(1))

    workshop: Mapped[Workshop] = relationship(back_populates="attendees")


class Registration(db.Model):
    """A person registered ahead of the day; linked to an attendee once they are in the room."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(choices.NAME_MAX))
    # Kept only with the person's consent, so the venue can call if the session moves.
    phone: Mapped[str | None] = mapped_column(sa.String(choices.CONTACT_MAX))
    email: Mapped[str | None] = mapped_column(sa.String(choices.CONTACT_MAX))
    # The code INSEE of the commune of residence, when given; it goes to the check-in at the door.
    commune_insee: Mapped[str | None] = mapped_column(sa.String(5))
    waiting: Mapped[bool] = mapped_column(default=False)
    # The RDV Service Public appointment the person was imported from, to report their presence back.
    rdv_id: Mapped[str | None] = mapped_column(sa.String(choices.RDV_ID_MAX))
    attendee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attendee.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    workshop: Mapped[Workshop] = relationship()


class Question(db.Model):
    """A question for the group, posted from a phone or typed by the moderator."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # None when the moderator typed a question heard out loud.
    attendee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attendee.id", ondelete="SET NULL"))
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    text: Mapped[str] = mapped_column(sa.String(choices.QUESTION_MAX))
    anonymous: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    theme: Mapped[str | None] = mapped_column(sa.String(40))
    # Set when the moderator merged this question into the same one asked by someone else.
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("question.id", ondelete="SET NULL"))
    # What the group keeps: the moderator's short answer and a link, shown on phones and the take-home page.
    answer_text: Mapped[str] = mapped_column(sa.String(choices.ANSWER_MAX), default="", server_default="")
    answer_link: Mapped[str] = mapped_column(sa.String(choices.LINK_MAX), default="", server_default="")
    # Set when a later workshop took it back as a prepared question: it comes back once, not each time.
    carried_over: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    workshop: Mapped[Workshop] = relationship(back_populates="questions")
    attendee: Mapped[Attendee | None] = relationship()
    votes: Mapped[list["Vote"]] = relationship(back_populates="question", cascade="all, delete-orphan")


class HelpRequest(db.Model):
    """ "I need help with my own case": a signal to the moderator only, never on the board."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(sa.ForeignKey("attendee.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attendee: Mapped[Attendee] = relationship()


class Pulse(db.Model):
    """A quiet sign to the moderator ("je ne comprends plus", "plus lentement"), deleted once faded."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # Only so that one person's repeated taps count once; never shown. None: someone at the door kiosk.
    attendee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attendee.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    attendee: Mapped[Attendee | None] = relationship()


class Poll(db.Model):
    """A quick poll of the room: a question and two to four choices, answered in one tap."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The preset it came from: its question and words are then said in each screen's language.
    preset: Mapped[str | None] = mapped_column(sa.String(20))
    question: Mapped[str] = mapped_column(sa.String(choices.POLL_QUESTION_MAX), default="")
    # Each choice: {"pictogram": key or None, "label": typed words or None}.
    options: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship()


class PollAnswer(db.Model):
    """One person's choice in a poll; answering again changes it. The door kiosk's belong to nobody."""

    __table_args__ = (
        sa.UniqueConstraint("poll_id", "attendee_id", name="uq_poll_answer_poll_attendee"),
        NEVER_REUSED_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attendee.id", ondelete="SET NULL"))
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    choice: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)


class Vote(db.Model):
    """One attendee's "moi aussi" on a question."""

    __table_args__ = (
        sa.UniqueConstraint("question_id", "attendee_id", name="uq_vote_question_attendee"),
        NEVER_REUSED_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(sa.ForeignKey("attendee.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    question: Mapped[Question] = relationship(back_populates="votes")


class Feedback(db.Model):
    """One attendee's end-of-session answers; a second answer replaces the first.

    An answer given on the door kiosk belongs to nobody: it counts once, by its client id.
    """

    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "attendee_id", name="uq_feedback_workshop_attendee"),
        NEVER_REUSED_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attendee.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    rating: Mapped[str] = mapped_column(sa.String(10))
    learned: Mapped[str | None] = mapped_column(sa.String(10))
    at_ease: Mapped[str | None] = mapped_column(sa.String(10))
    next_topic: Mapped[str] = mapped_column(sa.String(choices.FEEDBACK_TEXT_MAX), default="")
    comment: Mapped[str] = mapped_column(sa.String(choices.FEEDBACK_TEXT_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)


class ModeratorLink(db.Model):
    """A one-time, short-lived link that makes a browser moderator of one workshop."""

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"))
    # Only a hash is stored: a copy of the database does not give moderation away.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Login(db.Model):
    """A browser signed in: as organiser (no workshop) or as moderator of one workshop.

    The browser's cookie holds the token; logging out revokes the row, so a copied cookie is
    worth nothing afterwards.
    """

    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    # Only a hash is stored, as for moderator links.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # The organiser's login ends after hours without use; written at most once a minute.
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Setting(db.Model):
    """One of the organiser's settings kept in the database (the passphrase's hash, the retention)."""

    key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
