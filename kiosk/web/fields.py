"""Kiosk's kinds of input as pydantic types, each with the whole sentence a person reads when refused.

A field never gets its name spliced into a shared sentence ("%(field)s est trop court"): that reads
wrong in French (gender) and in every other language. Each field says its own sentences.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from pydantic import AfterValidator, BeforeValidator, Field, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from kiosk import choices

# Bidi embedding/override/isolate controls can flip the text around them on a shared screen.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What the cleaning refuses, as a regular expression class, for the API's description: control
# characters (tab, line feed and carriage return only become spaces) and bidi controls.
_HIDDEN = "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"
_SHOWN, _LETTER, _SPACE = f"[^{_HIDDEN}]", f"[^\\s{_HIDDEN}]", f"[^\\S{_HIDDEN}]"
# Enough letters once spaces are collapsed: one, or three (three in a row, or two apart).
_ENOUGH = {0: "", 1: _LETTER, 3: f"(?:{_LETTER}{{3}}|{_LETTER}{_SPACE}+{_LETTER})"}
# SQLite and PostgreSQL keep integers in 8 bytes: a larger id names nothing.
ID_MAX = 2**63 - 1


@dataclass(frozen=True)
class Says:
    """What a person reads when a field is refused: `wrong` for anything, or more precisely `missing`
    (absent or empty), `too_short` or `too_long` (followed by how many letters are needed)."""

    wrong: Any
    missing: Any = None
    too_short: Any = None
    too_long: Any = None
    values: dict = field(default_factory=dict)


def clean(value, max_length):
    """Kiosk's cleaning of one line typed by a person: NFC, line breaks and tabs to spaces, invisible
    characters refused, spaces collapsed. Anything but text is left for the type check to refuse."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    # Longer than the form's field lets anyone type, even before spaces are collapsed.
    if len(value) > max_length:
        raise PydanticCustomError("too_long", "too long", {"max_length": max_length})
    # A lone surrogate cannot be stored, and bidi controls or control characters hide what is shown.
    if any(unicodedata.category(c) == "Cs" for c in value):
        raise PydanticCustomError("hidden_character", "an invisible character")
    value = re.sub(r"[\t\r\n]+", " ", unicodedata.normalize("NFC", value))
    if any(unicodedata.category(c) == "Cc" for c in value) or BIDI_CONTROLS.search(value):
        raise PydanticCustomError("hidden_character", "an invisible character")
    return " ".join(value.split())


def Text(says, *, max_length, min_length=1):
    """One line typed by a person; with `min_length=0` it may be left empty (or null)."""
    pattern = f"^{_SHOWN}*{_ENOUGH[min_length]}{_SHOWN}*$"
    shown = {"type": "string", "maxLength": max_length, "pattern": pattern}
    if min_length:
        shown["minLength"] = min_length
    else:
        shown = {"anyOf": [shown, {"type": "null"}]}
    return Annotated[
        str,
        BeforeValidator(functools.partial(clean, max_length=max_length)),
        Strict(),
        Field(min_length=min_length, max_length=max_length),
        WithJsonSchema(shown),
        says,
    ]


# A web page's address, as the API describes it and as it is checked: scheme (or www.), a dotted host, more.
_WEB_PAGE = f"^(https?://|www\\.)[^\\s/?#{_HIDDEN}]+\\.{_LETTER}+$"


def _web_address(value):
    if not value:
        return value
    if not re.match(_WEB_PAGE, value):
        raise PydanticCustomError("not_a_web_page", "not a web page")
    return "https://" + value if value.startswith("www.") else value


def WebAddress(says, *, max_length):
    """The address of a web page people can open (http or https; "www.…" gets https://), or nothing.

    Anything else (javascript:, a file, a bare word) is refused with `says.wrong`.
    """
    shown = {"type": "string", "maxLength": max_length, "pattern": f"^$|{_WEB_PAGE}"}
    return Annotated[
        str,
        BeforeValidator(functools.partial(clean, max_length=max_length)),
        Strict(),
        Field(max_length=max_length),
        AfterValidator(_web_address),
        WithJsonSchema({"anyOf": [shown, {"type": "null"}]}),
        says,
    ]


def _blank_is_none(value):
    return None if value == "" else value


def Choice(says, allowed, *, optional=False):
    """One value out of a fixed list; when `optional`, null or "" (a form's "no answer") is None."""
    if not optional:
        return Annotated[Literal[tuple(allowed)], says]
    return Annotated[Literal[(*allowed, "")] | None, AfterValidator(_blank_is_none), says]


def Flag(says):
    """Yes or no: true or false, nothing that merely looks like it."""
    return Annotated[bool, Strict(), says]


def _whole(value):
    """JSON has one kind of number: 12.0 is the whole number 12, as JSON Schema says."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def Count(wrong, low, high):
    """A whole number from `low` to `high`, sent as a JSON number; `wrong` may name %(low)d and %(high)d."""
    # The validator comes last so that it runs first and the bounds still reach the JSON schema.
    return Annotated[
        int,
        Strict(),
        Field(ge=low, le=high),
        BeforeValidator(_whole),
        Says(wrong, values={"low": low, "high": high}),
    ]


def _digits(value):
    """A number typed in a form: digits 0 to 9 only (str.isdigit also takes "²" and "٣")."""
    value = (value or "").strip() if isinstance(value, str) else value
    if not isinstance(value, str) or not re.fullmatch("[0-9]{1,9}", value):
        raise PydanticCustomError("not_a_number", "not a number")
    return int(value)


def TypedCount(wrong, low, high):
    """A whole number from `low` to `high` typed in a plain form field."""
    return Annotated[
        int, Field(ge=low, le=high), BeforeValidator(_digits), Says(wrong, values={"low": low, "high": high})
    ]


def _year(value):
    """A year sent as a JSON number; null is none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("not_a_number", "not a number")
    return _whole(value)


def Year(says, low):
    """A year from `low` to this year (checked on the day it is sent), or none; `says` may name
    %(low)d and %(high)d."""

    def in_range(value):
        if value is not None and not low <= value <= date.today().year:
            raise PydanticCustomError("out_of_range", "out of range")
        return value

    shown = {"anyOf": [{"type": "integer", "minimum": low, "maximum": date.today().year}, {"type": "null"}]}
    values = says.values | {"low": low, "high": date.today().year}
    return Annotated[
        int | None,
        BeforeValidator(_year),
        AfterValidator(in_range),
        WithJsonSchema(shown),
        Says(says.wrong, values=values),
    ]


# A code INSEE: five characters, the second may be A or B (Corsica).
COMMUNE_CODE = "^[0-9][0-9AB][0-9]{3}$"


def CommuneCode(says):
    """The code INSEE of a commune picked from the list; null or "" is none."""
    return Annotated[
        Annotated[str, Strict(), Field(pattern=COMMUNE_CODE)] | None,
        BeforeValidator(_blank_is_none),
        # Every code Kiosk knows, listed once in the API's description (openapi.py): a code that only looks
        # right is refused.
        WithJsonSchema(
            {
                "anyOf": [
                    {"$ref": "#/components/schemas/CommuneCode"},
                    {"type": "string", "maxLength": 0},
                    {"type": "null"},
                ]
            }
        ),
        says,
    ]


def _checked(value):
    return value == "on"


# A checkbox of a plain form: ticked or not.
Ticked = Annotated[bool, BeforeValidator(_checked)]

ClientId = Annotated[
    str,
    Strict(),
    Field(pattern=f"^{choices.CLIENT_ID_PATTERN}$"),
    Says(_l("Ça n’a pas marché. Fermez la page et ouvrez-la à nouveau.")),
]


def RowId(says):
    """The number of a row (a question, a person) sent in a body."""
    return Annotated[int, Strict(), Field(ge=1, le=ID_MAX), BeforeValidator(_whole), says]


def _says(model, name):
    """The Says of a model's field known by its name or alias."""
    for key, info in model.model_fields.items():
        if name in (key, info.alias):
            return next((m for m in info.metadata if isinstance(m, Says)), None)
    return None


def refusal(model, error):
    """The sentence a person reads for one pydantic error on `model`."""
    kind, where, context = error["type"], error["loc"], error.get("ctx") or {}
    if kind == "hidden_character":
        return _("Il y a un signe caché dans votre texte. Effacez tout et écrivez à nouveau.")
    if kind == "refused":
        return str(context["say"])
    if kind == "extra_forbidden":
        return _("Réglage inconnu : %(names)s.", names=where[0])
    says = _says(model, where[0]) if where else None
    if says is None:
        return _("La demande n’est pas valide.")
    short = kind in ("too_short", "string_too_short")
    if kind == "missing" or (short and not context.get("actual_length")):
        return str(says.missing or says.wrong) % says.values
    if short and says.too_short:
        n = context["min_length"]
        more = ngettext("Écrivez au moins %(num)d lettre.", "Écrivez au moins %(num)d lettres.", n)
        return f"{says.too_short} {more}"
    if kind in ("too_long", "string_too_long") and says.too_long:
        n = context["max_length"]
        fewer = ngettext("Écrivez %(num)d lettre au plus.", "Écrivez %(num)d lettres au plus.", n)
        return f"{says.too_long} {fewer}"
    return str(says.wrong) % says.values


def refuse(say):
    """An error a model's own check raises, with the sentence to show."""
    return PydanticCustomError("refused", "refused", {"say": say})
