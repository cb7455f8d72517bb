"""Every JSON body, form and query string Kiosk accepts, declared once: views read them through
validate.py, and /api/openapi.json describes them from here."""

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from flask_babel import lazy_gettext as _l
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kiosk import choices
from kiosk.rules import cards
from kiosk.web import languages
from kiosk.web.fields import (
    ID_MAX,
    Choice,
    ClientId,
    CommuneCode,
    Count,
    Flag,
    RowId,
    Says,
    Text,
    Ticked,
    TypedCount,
    WebAddress,
    Year,
    refuse,
)

NOTHING_TO_CHANGE = _l("Rien à changer.")


class Declared(BaseModel):
    """A declared input: unknown keys are ignored unless the declaration forbids them."""

    model_config = ConfigDict(frozen=True)


class Changes(Declared):
    """A PATCH: only the keys sent are changed, and at least one must be."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    @model_validator(mode="after")
    def _something(self):
        if not self.model_fields_set:
            raise refuse(NOTHING_TO_CHANGE)
        return self

    def changes(self):
        """The values sent, by name."""
        return self.model_dump(include=self.model_fields_set)


# Shared by the API and the plain forms: what a page's form sends as JSON is what it posts without it.
FromDoorKiosk = Annotated[
    StrictBool | Literal["1"],
    AfterValidator(lambda value: value in (True, "1")),
    Says(_l("Ça n’a pas marché. Fermez la page et ouvrez-la à nouveau.")),
]
QuestionText = Text(
    Says(
        _l("Écrivez votre question."),
        too_short=_l("Votre question est trop courte."),
        too_long=_l("Votre question est trop longue."),
    ),
    min_length=choices.QUESTION_MIN,
    max_length=choices.QUESTION_MAX,
)
EditedQuestionText = Text(
    Says(
        _l("Écrivez la question."),
        too_short=_l("La question est trop courte."),
        too_long=_l("La question est trop longue."),
    ),
    min_length=choices.QUESTION_MIN,
    max_length=choices.QUESTION_MAX,
)
PersonName = Text(
    Says(_l("Écrivez le prénom ou le surnom."), too_long=_l("Ce prénom ou ce surnom est trop long.")),
    max_length=choices.NAME_MAX,
)


CommuneOfResidence = CommuneCode(Says(_l("Choisissez votre commune dans la liste.")))
FamilyName = Text(
    Says(_l("Écrivez le nom de famille."), too_long=_l("Ce nom de famille est trop long.")),
    max_length=choices.NAME_MAX,
    min_length=0,
)
BirthYear = Year(Says(_l("L’année de naissance va de %(low)d à %(high)d.")), choices.BIRTH_YEAR_MIN)
Gender = Choice(Says(_l("Choisissez F, M ou N (non communiqué).")), choices.GENDERS, optional=True)
NamedConsent = Flag(Says(_l("Dites si la personne est d’accord pour être nommée.")))


CARD_MISSING = _l("Écrivez le code de votre carte.")
CARD_WRONG = _l("Ce code n’est pas celui d’une carte Kiosk. Regardez la carte et écrivez le code à nouveau.")
_CARD_TYPED = {"type": "string", "maxLength": cards.TYPED_MAX, "pattern": cards.TYPED}


def _card(value):
    """A card's 9 signs as typed or scanned (their check sign is checked where the card is used);
    "" or null is no card."""
    if value is None or value == "":
        return None
    try:
        return cards.signs(value)
    except cards.NotACard:
        raise refuse(CARD_WRONG) from None


# The code of a "carte Kiosk" (prefix, case, spaces and dashes ignored), or None.
CardCode = Annotated[
    str | None,
    BeforeValidator(_card),
    WithJsonSchema({"anyOf": [_CARD_TYPED, {"type": "string", "maxLength": 0}, {"type": "null"}]}),
    Says(CARD_WRONG, missing=CARD_MISSING),
]


def _some_card(value):
    if value is None:
        raise refuse(CARD_MISSING)
    return value


def _first_visit(value):
    return {"yes": True, "no": False, "": None}.get(value, value)


class NewQuestion(Declared):
    """A question posted by an attendee or the moderator; `anonymous` defaults to the workshop's choice."""

    text: QuestionText
    client_id: ClientId
    anonymous: Flag(Says(_l("Dites si votre question est anonyme ou non."))) = None


class ClientWrite(Declared):
    """A write that carries only its client id: a vote, a help request, a registered person's arrival."""

    client_id: ClientId


class Nothing(Declared):
    """A write that needs nothing more than its address: an empty JSON object, or no body at all."""


AnswerLink = WebAddress(
    Says(
        _l("Écrivez une adresse de page web, par exemple https://www.exemple.fr."),
        too_long=_l("L’adresse du lien est trop longue."),
    ),
    max_length=choices.LINK_TYPED_MAX,
)


class QuestionChanges(Changes):
    """The moderator changes a question's status, text or thématique, or the answer the group keeps."""

    status: Choice(
        Says(_l("Choisissez un état de la liste pour la question.")), choices.QUESTION_STATUSES
    ) = None
    text: EditedQuestionText = None
    theme: Choice(Says(_l("Choisissez une thématique de la liste.")), choices.THEMES, optional=True) = None
    answer: Text(
        Says(_l("Écrivez la réponse."), too_long=_l("La réponse est trop longue.")),
        max_length=choices.ANSWER_MAX,
        min_length=0,
    ) = None
    link: AnswerLink = None


class SameQuestion(Declared):
    """What a person is typing, to find the board's questions that look like it."""

    text: Text(
        Says(_l("Écrivez votre question."), too_long=_l("Votre question est trop longue.")),
        max_length=choices.QUESTION_MAX,
        min_length=0,
    ) = ""


class AttestationForm(Declared):
    """The full name to write on a proof of attendance: typed for it, never stored."""

    full_name: Text(
        Says(_l("Écrivez le nom et le prénom."), too_long=_l("Ce nom est trop long.")),
        max_length=choices.FULL_NAME_MAX,
    )


class PreparedQuestion(Declared):
    """A question the moderator prepares before bringing it to the board."""

    text: EditedQuestionText
    client_id: ClientId


class QuestionMerge(Declared):
    """Merge a duplicate question into another of the same workshop."""

    into: RowId(Says(_l("Choisissez une autre question du même atelier.")))


class HelpHandled(Declared):
    """The moderator went to help."""

    handled: Annotated[Literal[True], Says(NOTHING_TO_CHANGE)]


class PulseSign(Declared):
    """A quiet sign to the moderator; "kiosk" is the door screen giving it for someone without a phone."""

    kind: Choice(Says(_l("Choisissez un des deux signes.")), choices.PULSE_KINDS)
    client_id: ClientId
    kiosk: FromDoorKiosk = False


def _four_at_most(options):
    if len(options) > choices.POLL_OPTIONS_MAX:
        raise refuse(_l("Écrivez de deux à quatre réponses."))
    return options


class NewPoll(Declared):
    """A poll the moderator starts: a preset (its words said in each screen's language), or typed answers."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["preset"], "properties": {"preset": {"enum": list(choices.POLL_PRESETS)}}},
                {"required": ["options"], "properties": {"options": {"minItems": choices.POLL_OPTIONS_MIN}}},
            ]
        }
    )

    @model_validator(mode="after")
    def _preset_or_answers(self):
        if self.preset is None and len(self.options) < choices.POLL_OPTIONS_MIN:
            raise refuse(_l("Écrivez de deux à quatre réponses."))
        return self

    client_id: ClientId
    preset: Choice(Says(_l("Choisissez un sondage de la liste.")), choices.POLL_PRESETS, optional=True) = None
    question: Text(
        Says(_l("Écrivez la question du sondage."), too_long=_l("La question du sondage est trop longue.")),
        max_length=choices.POLL_QUESTION_MAX,
        min_length=0,
    ) = ""
    options: Annotated[
        list[Text(Says(_l("Écrivez une réponse.")), max_length=choices.POLL_OPTION_MAX)],
        AfterValidator(_four_at_most),
        Field(json_schema_extra={"maxItems": choices.POLL_OPTIONS_MAX}),
        Says(_l("Écrivez de deux à quatre réponses."), too_long=_l("Une des réponses est trop longue.")),
    ] = []


class PollAnswer(Declared):
    """One tap on a poll's answer; "kiosk" is the door screen answering for someone without a phone."""

    client_id: ClientId
    choice: Count(_l("Choisissez une des réponses proposées."), 0, choices.POLL_OPTIONS_MAX - 1)
    kiosk: FromDoorKiosk = False


class PollChanges(Declared):
    """The moderator stops a poll, opens it again, or puts it away."""

    status: Choice(Says(_l("Choisissez un état du sondage de la liste.")), choices.POLL_STATUSES)


class CheckIn(Declared):
    """Check in: a name, and the optional answers the workshop asks (null or "" is no answer)."""

    name: Text(
        Says(_l("Écrivez votre prénom ou surnom."), too_long=_l("Votre prénom ou surnom est trop long.")),
        max_length=choices.NAME_MAX,
    )
    client_id: ClientId
    first_visit: Annotated[
        StrictBool | Literal["yes", "no", ""] | None,
        AfterValidator(_first_visit),
        Says(_l("Dites si c’est votre première visite, ou ne répondez pas.")),
    ] = None
    age_band: Choice(Says(_l("Choisissez votre âge dans la liste.")), choices.AGE_BANDS, optional=True) = None
    social_status: Choice(
        Says(_l("Choisissez votre situation dans la liste.")), choices.SOCIAL_STATUSES, optional=True
    ) = None
    commune: Text(
        Says(_l("Écrivez votre commune."), too_long=_l("Le nom de votre commune est trop long.")),
        max_length=choices.COMMUNE_MAX,
        min_length=0,
    ) = ""
    commune_insee: CommuneOfResidence = None
    kiosk: FromDoorKiosk = False
    # Asked at the door kiosk only, of a person who agrees there to be named (a phone never sends them).
    named_consent: Annotated[
        StrictBool | Literal["1", "on", ""],
        AfterValidator(lambda value: value in (True, "1", "on")),
        Says(_l("Dites si la personne est d’accord pour être nommée.")),
    ] = False
    family_name: FamilyName = None
    birth_year: BirthYear = None
    gender: Gender = None
    walk_in: Flag(Says(_l("Dites si la personne est ajoutée par l’animateur ou l’animatrice."))) = False
    # The "carte Kiosk" shown at the door kiosk: the person is recognised next time (a phone never sends it).
    card: CardCode = None


class CardShown(Declared):
    """A "carte Kiosk" typed or scanned at the door, to greet the person by the name they gave last time."""

    card: Annotated[CardCode, AfterValidator(_some_card), WithJsonSchema(_CARD_TYPED)]


class Feedback(Declared):
    """End-of-session feedback: a face, two short answers (null or "" is no answer) and free text."""

    client_id: ClientId
    kiosk: FromDoorKiosk = False
    rating: Choice(Says(_l("Choisissez un visage.")), choices.RATINGS)
    learned: Choice(
        Says(_l("Pour « Avez-vous appris quelque chose ? », choisissez oui, un peu ou non.")),
        choices.YES_NO,
        optional=True,
    ) = None
    at_ease: Choice(
        Says(_l("Pour « Aujourd’hui, c’est plus facile pour vous ? », choisissez oui, un peu ou non.")),
        choices.YES_NO,
        optional=True,
    ) = None
    next_topic: Text(
        Says(_l("Écrivez une idée de sujet."), too_long=_l("Votre idée de sujet est trop longue.")),
        max_length=choices.FEEDBACK_TEXT_MAX,
        min_length=0,
    ) = ""
    comment: Text(
        Says(_l("Écrivez un commentaire."), too_long=_l("Votre commentaire est trop long.")),
        max_length=choices.FEEDBACK_TEXT_MAX,
        min_length=0,
    ) = ""


class PaperTally(Declared):
    """Paper grids typed in by the moderator, as a count per face."""

    good: Count(
        _l("Le nombre de grilles « Très bien » va de %(low)d à %(high)d."), 0, choices.CAPACITY_MAX
    ) = 0
    medium: Count(_l("Le nombre de grilles « Moyen » va de %(low)d à %(high)d."), 0, choices.CAPACITY_MAX) = 0
    bad: Count(_l("Le nombre de grilles « Pas bien » va de %(low)d à %(high)d."), 0, choices.CAPACITY_MAX) = 0


class OnBoard(Declared):
    """Whether the board shows the feedback summary."""

    show: Flag(Says(_l("Dites si le tableau montre les avis ou non.")))


class WorkshopSettings(Changes):
    """What the moderator changes live: the step, the settings, the board's text size."""

    model_config = ConfigDict(extra="forbid")

    phase: Choice(Says(_l("Choisissez une étape de la liste.")), choices.PHASES) = None
    title: Text(
        Says(_l("Écrivez le titre de l’atelier."), too_long=_l("Le titre est trop long.")),
        max_length=choices.TITLE_MAX,
    ) = None
    place: Text(
        Says(_l("Écrivez le lieu."), too_long=_l("Le nom du lieu est trop long.")),
        max_length=choices.PLACE_MAX,
        min_length=0,
    ) = None
    capacity: Count(_l("Le nombre de places va de %(low)d à %(high)d."), 1, choices.CAPACITY_MAX) = None
    duration_minutes: Count(_l("La durée va de %(low)d à %(high)d minutes."), 5, choices.DURATION_MAX) = None
    anonymous_default: Flag(Says(_l("Dites si les questions sont anonymes au départ."))) = None
    premoderation: Flag(Says(_l("Dites si vous validez les questions avant le tableau."))) = None
    level: Choice(Says(_l("Choisissez un niveau de la liste.")), choices.LEVELS, optional=True) = None
    notes: Text(
        Says(_l("Écrivez vos notes."), too_long=_l("Les notes sont trop longues.")),
        max_length=choices.NOTES_MAX,
        min_length=0,
    ) = None
    ask_first_visit: Flag(Says(_l("Dites si l’accueil demande « première visite ? »."))) = None
    ask_age_band: Flag(Says(_l("Dites si l’accueil demande l’âge."))) = None
    ask_status: Flag(Says(_l("Dites si l’accueil demande la situation."))) = None
    ask_commune: Flag(Says(_l("Dites si l’accueil demande la commune."))) = None
    language: Choice(Says(_l("Choisissez une langue de la liste.")), languages.LANGUAGES) = None
    board_scale: Count(
        _l("La taille du tableau va de %(low)d à %(high)d."), choices.BOARD_SCALE_MIN, choices.BOARD_SCALE_MAX
    ) = None
    # A press of "Plus grand" (1) or "Plus petit" (-1), added to the size the database holds then.
    board_scale_step: Count(_l("Appuyez sur « Plus grand » ou sur « Plus petit »."), -1, 1) = None
    head_count: Count(
        _l("Le nombre de personnes non inscrites va de %(low)d à %(high)d."), 0, choices.HEAD_COUNT_MAX
    ) = None
    # A press of "Une personne de plus" (1) or "de moins" (-1), added to the count the database holds then.
    head_count_step: Count(
        _l("Appuyez sur « Une personne de plus » ou « Une personne de moins »."), -1, 1
    ) = None


class AttendeeChanges(Changes):
    """The moderator renames a person, lets them in from the waiting list, records their consent to be
    named and, only then, their family name, year of birth and gender; or sets their commune."""

    name: PersonName = None
    status: Annotated[Literal["present"], Says(_l("Une personne ne peut être que présente."))] = None
    named_consent: NamedConsent = None
    family_name: FamilyName = None
    birth_year: BirthYear = None
    gender: Gender = None
    commune_insee: CommuneOfResidence = None


class AttendeeMerge(Declared):
    """Merge a duplicate entry into another one of the same person."""

    into: RowId(Says(_l("Choisissez une autre personne du même atelier.")))


# Said in the API's description too: a phone or an e-mail comes with "consent": true.
CONTACT_NEEDS_CONSENT = {
    "if": {
        "anyOf": [
            {"properties": {key: {"type": "string", "pattern": "[^ ]"}}, "required": [key]}
            for key in ("phone", "email")
        ]
    },
    "then": {"properties": {"consent": {"const": True}}, "required": ["consent"]},
}


class Registration(Declared):
    """Someone registered ahead; a phone or an e-mail only with their consent."""

    model_config = ConfigDict(json_schema_extra=CONTACT_NEEDS_CONSENT)

    name: PersonName
    client_id: ClientId
    phone: Text(
        Says(_l("Écrivez le téléphone."), too_long=_l("Le numéro de téléphone est trop long.")),
        max_length=choices.CONTACT_MAX,
        min_length=0,
    ) = ""
    email: Text(
        Says(_l("Écrivez l’e-mail."), too_long=_l("L’adresse e-mail est trop longue.")),
        max_length=choices.CONTACT_MAX,
        min_length=0,
    ) = ""
    consent: Flag(Says(_l("Dites si la personne est d’accord pour être contactée."))) = False
    commune_insee: CommuneOfResidence = None
    # Typed and not chosen in the list: kept only when it names one commune for sure.
    commune: Text(
        Says(_l("Écrivez la commune."), too_long=_l("Le nom de la commune est trop long.")),
        max_length=choices.COMMUNE_MAX,
        min_length=0,
    ) = ""

    @model_validator(mode="after")
    def _contact_needs_consent(self):
        if (self.phone or self.email) and not self.consent:
            raise refuse(_l("Un téléphone ou un e-mail se garde seulement avec l’accord de la personne."))
        return self


# The plain forms of the room PC and the organiser.
WorkshopTitle = Text(
    Says(_l("Écrivez le titre de l’atelier."), too_long=_l("Le titre est trop long.")),
    max_length=choices.TITLE_MAX,
)
TypedCapacity = TypedCount(_l("Écrivez un nombre de places de %(low)d à %(high)d."), 1, choices.CAPACITY_MAX)


def _local_time(value):
    """A date and time typed in the form (the PC's own time zone), within this century."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise refuse(_l("Donnez la date et l’heure de l’atelier.")) from None
    if not 2000 <= moment.year <= 2099:
        raise refuse(_l("Donnez la date et l’heure de l’atelier."))
    return moment.astimezone()


def _picked(value):
    """A row picked in a form's list: its number, or None for "none"."""
    if value in ("", None):
        return None
    if not isinstance(value, str) or not re.fullmatch("[0-9]{1,19}", value) or not 1 <= int(value) <= ID_MAX:
        raise PydanticCustomError("not_a_number", "not a number")
    return int(value)


def _picked_or_new(value):
    """A series picked in the workshop form: a number, "new", or None."""
    return "new" if value == "new" else _picked(value)


def _known(allowed):
    return AfterValidator(lambda values: [v for v in values if v in allowed])


class NewWorkshopForm(Declared):
    """The start page's form: a workshop in one step, on the room PC."""

    title: WorkshopTitle
    capacity: TypedCapacity = 12


class WorkshopForm(Declared):
    """The organiser's workshop form, with every field of the activity report."""

    title: WorkshopTitle
    place: Text(
        Says(_l("Écrivez le lieu."), too_long=_l("Le nom du lieu est trop long.")),
        max_length=choices.PLACE_MAX,
        min_length=0,
    ) = ""
    commune: Text(
        Says(_l("Écrivez la commune."), too_long=_l("Le nom de la commune est trop long.")),
        max_length=choices.COMMUNE_MAX,
        min_length=0,
    ) = ""
    postal_code: Text(
        Says(_l("Écrivez le code postal."), too_long=_l("Le code postal est trop long.")),
        max_length=10,
        min_length=0,
    ) = ""
    place_type: Choice(
        Says(_l("Choisissez un type de lieu de la liste.")), choices.PLACE_TYPES, optional=True
    ) = None
    venue_id: Annotated[
        int | None,
        BeforeValidator(_picked),
        Says(_l("Choisissez un lieu de la liste.")),
    ] = None
    series: Annotated[
        int | Literal["new"] | None,
        BeforeValidator(_picked_or_new),
        Says(_l("Choisissez une série de la liste.")),
    ] = None
    capacity: TypedCapacity
    duration_minutes: TypedCount(
        _l("Écrivez une durée de %(low)d à %(high)d minutes."), 5, choices.DURATION_MAX
    )
    level: Choice(Says(_l("Choisissez un niveau de la liste.")), choices.LEVELS, optional=True) = None
    language: Choice(Says(_l("Choisissez une langue de la liste.")), languages.LANGUAGES, optional=True) = (
        None
    )
    notes: Text(
        Says(_l("Écrivez vos notes."), too_long=_l("Les notes sont trop longues.")),
        max_length=choices.NOTES_MAX,
        min_length=0,
    ) = ""
    themes: Annotated[list[str], _known(choices.THEMES)] = []
    materials: Annotated[list[str], _known(choices.MATERIALS)] = []
    anonymous_default: Ticked = False
    premoderation: Ticked = False
    ask_first_visit: Ticked = False
    ask_age_band: Ticked = False
    ask_status: Ticked = False
    ask_commune: Ticked = False
    starts_at: Annotated[datetime, BeforeValidator(_local_time)]

    def fields(self):
        """The workshop's fields, with the defaults of what was left blank; `series` is a number, "new"
        or None."""
        values = self.model_dump()
        values["place_type"] = values["place_type"] or "lieu_activite"
        values["language"] = values["language"] or languages.DEFAULT
        return values


# The shape of a code INSEE: five characters, digits, except Corsica's 2A and 2B.
INSEE_PATTERN = r"(?:[0-9]{2}|2[AB])[0-9]{3}"


class VenueForm(Declared):
    """The organiser's form of a venue: what the activity report says of the place."""

    name: Text(
        Says(_l("Écrivez le nom du lieu."), too_long=_l("Le nom du lieu est trop long.")),
        max_length=choices.PLACE_MAX,
    )
    place_type: Choice(Says(_l("Choisissez un type de lieu de la liste.")), choices.PLACE_TYPES)
    commune_insee: Annotated[
        str,
        BeforeValidator(lambda value: value.strip().upper() if isinstance(value, str) else value),
        Field(pattern=f"^(?:{INSEE_PATTERN})?$"),
        Says(_l("Le code INSEE a 5 caractères, par exemple 41018 pour Blois.")),
    ] = ""
    # Typed and not chosen in the picker's list: taken only when it names one commune for sure.
    commune: Text(
        Says(_l("Écrivez la commune."), too_long=_l("Le nom de la commune est trop long.")),
        max_length=choices.COMMUNE_MAX,
        min_length=0,
    ) = ""
    postal_code: Annotated[
        str,
        BeforeValidator(lambda value: value.strip() if isinstance(value, str) else value),
        Field(pattern="^(?:[0-9]{5})?$"),
        Says(_l("Le code postal a 5 chiffres, par exemple 41000.")),
    ] = ""


def _not_too_big(content):
    if len(content) > choices.RDV_FILE_MAX:
        raise refuse(_l("Ce fichier est trop gros. Exportez seulement les rendez-vous de cet atelier."))
    return content


class RdvImportForm(Declared):
    """The "RDVs par usager" file exported from RDV Service Public (.xls, .xlsx or CSV)."""

    content: Annotated[
        bytes,
        AfterValidator(_not_too_big),
        Field(min_length=1),
        Says(_l("Choisissez le fichier exporté de RDV Service Public.")),
    ]


# The organiser's keywords of each thématique, a line of words separated by commas.
ThemeKeywordsForm = create_model(
    "ThemeKeywordsForm",
    __base__=Declared,
    __doc__="The organiser's keyword list of each thématique, words separated by commas.",
    **{
        theme: (
            Text(
                Says(
                    _l("Écrivez des mots séparés par des virgules."),
                    too_long=_l("Cette liste de mots est trop longue."),
                ),
                max_length=choices.KEYWORDS_MAX,
                min_length=0,
            ),
            "",
        )
        for theme in choices.THEMES
    },
)


class WifiForm(Declared):
    """The venue's guest Wi-Fi: its name (empty: none) and its password (empty: an open network)."""

    name: Text(
        Says(_l("Écrivez le nom du Wi-Fi."), too_long=_l("Le nom du Wi-Fi est trop long.")),
        max_length=choices.WIFI_NAME_MAX,
        min_length=0,
    ) = ""
    password: Annotated[
        str,
        Strict(),
        Field(max_length=choices.WIFI_PASSWORD_MAX),
        Says(_l("Le mot de passe du Wi-Fi a 63 caractères au plus.")),
    ] = ""


class RetentionForm(Declared):
    """How many months personal data is kept."""

    months: TypedCount(
        _l("Choisissez une durée de conservation de %(low)d à %(high)d mois."),
        1,
        choices.RETENTION_MONTHS_MAX,
    )


# A period's days: today's reports look back three months and ahead two by default.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def _day(value):
    return None if value in ("", None) else value


class PeriodQuery(Declared):
    """?from=&to= of the period report, ISO dates; the end may not come before the start."""

    start: Annotated[
        date | None,
        BeforeValidator(_day),
        Field(alias="from", ge=EARLIEST, le=LATEST),
        Says(_l("Choisissez une date de début entre 2000 et 2099.")),
    ] = None
    end: Annotated[
        date | None,
        BeforeValidator(_day),
        Field(alias="to", ge=EARLIEST, le=LATEST),
        Says(_l("Choisissez une date de fin entre 2000 et 2099.")),
    ] = None

    @model_validator(mode="after")
    def _in_order(self):
        if self.start and self.end and self.end < self.start:
            raise refuse(_l("La date de fin vient avant la date de début. Échangez-les."))
        return self

    def bounds(self, today):
        """(start, end), by default the last 90 days and the next 60."""
        return self.start or today - timedelta(days=90), self.end or today + timedelta(days=60)


class CommuneQuery(Declared):
    """?q= of the commune picker: a name, part of it, or a postal code, cut short."""

    q: Annotated[
        str,
        BeforeValidator(lambda value: value[: choices.COMMUNE_QUERY_MAX] if isinstance(value, str) else ""),
    ] = ""


class DayQuery(Declared):
    """?day= of a forum day's pages, an ISO date; today when not given."""

    day: Annotated[
        date | None,
        BeforeValidator(_day),
        Field(ge=EARLIEST, le=LATEST),
        Says(_l("Choisissez un jour entre 2000 et 2099.")),
    ] = None

    def chosen(self, today):
        """The day asked for, else today."""
        return self.day or today


class PeopleQuery(Declared):
    """?q= of the search for a person's data: a name, cut short."""

    q: Annotated[str, BeforeValidator(lambda value: value[:80] if isinstance(value, str) else "")] = ""
