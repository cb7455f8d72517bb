"""Checks for everything a phone sends: each returns a clean value or raises ApiError with a plain message."""

import re
import unicodedata

from flask import request
from flask_babel import gettext as _

from kiosk import choices
from kiosk.web.errors import ApiError

CLIENT_ID = re.compile(choices.CLIENT_ID_PATTERN)
# Bidi embedding/override/isolate controls can flip the text around them on a shared screen.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def body():
    """The request's JSON object, or a plain refusal."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(_("Envoyez les données en JSON."))
    return data


def text(value, *, field, max_length, min_length=1, required=True):
    """Clean one line of text typed by a person: trimmed, spaces collapsed, no control characters."""
    if value is None or value == "":
        if required:
            raise ApiError(_("Écrivez %(field)s.", field=field))
        return ""
    if not isinstance(value, str):
        raise ApiError(_("%(field)s doit être du texte.", field=field.capitalize()))
    value = unicodedata.normalize("NFC", value)
    # A pasted line break or tab becomes a space; anything else invisible is refused.
    value = re.sub(r"[\t\r\n]+", " ", value)
    if any(unicodedata.category(c) == "Cc" for c in value) or BIDI_CONTROLS.search(value):
        raise ApiError(
            _("%(field)s contient des caractères invisibles. Retapez-le.", field=field.capitalize())
        )
    value = " ".join(value.split())
    if required and not value:
        raise ApiError(_("Écrivez %(field)s.", field=field))
    if len(value) < min_length:
        raise ApiError(
            _("%(field)s est trop court : au moins %(n)d caractères.", field=field.capitalize(), n=min_length)
        )
    if len(value) > max_length:
        raise ApiError(
            _("%(field)s est trop long : %(n)d caractères au plus.", field=field.capitalize(), n=max_length)
        )
    return value


def client_id(value):
    """The id a browser gives each write, so that a retry is applied only once."""
    if not isinstance(value, str) or not CLIENT_ID.fullmatch(value):
        raise ApiError(_("Identifiant de demande manquant ou invalide. Rechargez la page."))
    return value


def choice(value, allowed, *, field, required=False):
    """One value out of a fixed list."""
    if value is None or value == "":
        if required:
            raise ApiError(_("Choisissez %(field)s.", field=field))
        return None
    if value not in allowed:
        raise ApiError(_("Choix inconnu pour %(field)s.", field=field))
    return value


def flag(value, *, field):
    """A yes/no answer."""
    if not isinstance(value, bool):
        raise ApiError(_("Répondez oui ou non pour %(field)s.", field=field))
    return value


def integer(value, *, field, low, high):
    """A whole number within bounds."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError(
            _(
                "%(field)s : un nombre entre %(low)d et %(high)d.",
                field=field.capitalize(),
                low=low,
                high=high,
            )
        )
    return value


def number_text(value, *, field, low, high):
    """A whole number typed in a form field."""
    value = (value or "").strip()
    return integer(int(value) if value.isdigit() else None, field=field, low=low, high=high)
