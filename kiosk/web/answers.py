"""What the API answers, declared for /api/openapi.json (the views build these shapes from the rules)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, RootModel

from kiosk import choices


class Answer(BaseModel):
    """An answer's declared keys; more may come (a client ignores what it does not know)."""

    model_config = ConfigDict(extra="allow")


class Error(Answer):
    """A refusal, with the sentence to show the person."""

    error: str


class Attendance(Answer):
    """Places taken, people waiting, places there are."""

    present: int
    waiting: int
    capacity: int


class Me(Answer):
    """A participant's own view of themselves."""

    id: int
    name: str
    status: Literal[choices.ATTENDEE_STATUSES]


class PublicWorkshop(Answer):
    """What anyone in the room may know of a workshop."""

    code: str
    title: str
    starts_at: str
    duration_minutes: int
    place: str
    phase: Literal[choices.PHASES]
    capacity: int
    anonymous_default: bool
    premoderation: bool
    board_scale: int
    language: str


class WorkshopState(PublicWorkshop):
    """The workshop, its attendance, and who this browser is."""

    attendance: Attendance
    me: Me | None


class ModeratedWorkshop(PublicWorkshop):
    """Everything the moderator sees and changes of a workshop."""

    level: str | None
    notes: str
    themes: list[str]
    head_count: int


class Question(Answer):
    """A question as a screen shows it (a hidden one is only its id and "hidden")."""

    id: int
    status: str
    text: str | None = None
    votes: int | None = None
    author: str | None = None
    created_at: str | None = None


class ModeratedQuestion(Question):
    """A question as the moderator sees it."""

    anonymous: bool
    asked_by: str | None
    theme: str | None
    merged_into: int | None


class Questions(Answer):
    """The board's questions, in board order."""

    questions: list[Question]


class Merges(Answer):
    """Questions that repeat an older one, each with the one to merge it into."""

    merges: list[dict]


class Vote(Answer):
    """A question's "moi aussi" count after the change."""

    id: int
    votes: int
    voted: bool


class HelpRequest(Answer):
    """A help request, and whether the moderator still has to go."""

    id: int
    waiting: bool


class PulseSign(Answer):
    """A quiet sign recorded; the same sign again within the window counts once."""

    id: int
    kind: Literal[choices.PULSE_KINDS]


class Poll(Answer):
    """A poll as every screen shows it: its choices and how many chose each."""

    id: int
    preset: str | None
    question: str
    options: list[dict]
    status: Literal[choices.POLL_STATUSES]
    counts: list[int]
    total: int


class PollOnScreens(Answer):
    """The poll on the screens (none: null), and this browser's own choice in it."""

    poll: Poll | None
    mine: int | None


class PollReceipt(Answer):
    """A poll answer recorded, and the poll's counts after it."""

    id: int
    choice: int
    poll: Poll


class FeedbackReceipt(Answer):
    """The feedback recorded."""

    id: int
    rating: Literal[tuple(choices.RATINGS)]


class FeedbackSummary(Answer):
    """Counts per face and per answer, and the score out of 10."""

    count: int
    score: float | None


class OnBoard(Answer):
    """Whether the board shows the feedback summary."""

    show: bool


class Attendee(Answer):
    """A person as the moderator sees them."""

    id: int
    name: str
    status: Literal[choices.ATTENDEE_STATUSES]
    named_consent: bool
    family_name: str | None
    birth_year: int | None
    gender: Literal[tuple(choices.GENDERS)]
    commune_insee: str | None
    commune_name: str
    problems: list[str]


class Commune(Answer):
    """A commune of the offline list."""

    insee: str
    name: str
    postal_codes: list[str]


class Communes(RootModel[list[Commune]]):
    """Communes matching what was typed, best first, ten at most."""


class Removed(Answer):
    """The id of what was removed."""

    removed: int


class Registration(Answer):
    """Someone registered ahead (never shown in public)."""

    id: int
    name: str
    waiting: bool
    present: bool


class Registrations(Answer):
    """People registered ahead, places first."""

    registrations: list[Registration]


class ModeratorLink(Answer):
    """A one-time moderator link, its QR code, and how long it lasts."""

    url: str
    qr: str
    seconds: int


class LoggedOut(Answer):
    """How many other moderator devices were logged out."""

    logged_out: int


class CardGreeting(Answer):
    """A "carte Kiosk" shown at the door: whether it checked someone in before, and the name they gave."""

    known: bool
    name: str | None
