"""The "carte Kiosk": a printed card, no name on it, that recognises a person who comes back without a phone.

A card's code is 8 random signs and a check sign. Codes are never stored when printed: a code is a
card's if its check sign matches, so a mistyped code is refused instead of starting a new card. At
check-in only a keyed hash of the code is kept on the attendee (`card_hash`), erased with them.
"""

import re
import secrets

import sqlalchemy as sa

from kiosk.data.models import Attendee
from kiosk.extensions import db
from kiosk.rules import keyed

# No look-alikes: no 0/O, no 1/I/L. 31 signs, a prime, so the weighted check below catches every
# single wrong sign and every swap of two neighbours.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_SIGNS = 8
LENGTH = RANDOM_SIGNS + 1
# What the QR code says before the code: it tells a scanner's text from anything else, and is no
# address (the room PC's address changes from venue to venue; cards last years).
PREFIX = "KIOSK-CARTE:"
# More than anyone types for a code, even with spaces: anything longer is refused before reading it.
TYPED_MAX = 40
_SIGN = "[2-9A-HJKMNP-Za-hjkmnp-z]"
# What a person or a scanner may type, in either case, spaces and dashes anywhere between the signs: the
# prefix (its dash and colon may come out as another sign from a scanner set for another keyboard), then
# the 9 signs.
_TYPED = (
    "^ *(?:[Kk][Ii][Oo][Ss][Kk][^0-9A-Za-z]?[Cc][Aa][Rr][Tt][Ee][^0-9A-Za-z]?)?"
    f"((?:[ -]*{_SIGN}){{{LENGTH}}})[ -]*$"
)
# A hand scanner left in its factory setting (a US keyboard) on a French AZERTY PC types each key of the
# US layout: "KIOSK-CARTE:" comes out as "KIOSK)CQRTEM", digits as the signs above them, A/Q and W/Z
# swapped, M as "?". That prefix tells such a text apart, and its signs are read back.
_AZERTY_PREFIX = "KIOSK)CQRTEM"
_FROM_AZERTY = dict(zip("é\"'(-è_çQAZW?", "23456789AQWZM", strict=True))
_AZERTY_SIGN = "[é\"'(\\-è_çA-HJKNP-Z?]"
_FROM_US_SCANNER = f"^{re.escape(_AZERTY_PREFIX)}({_AZERTY_SIGN}{{{LENGTH}}})$"
# Written for Python and JSON Schema alike: the API's description says exactly this.
TYPED = f"{_TYPED}|{_FROM_US_SCANNER}"
# Cut lines fall between cards: 2 across, 5 down on A4.
PER_SHEET = 10


class NotACard(ValueError):
    """Not a card's code: `reason` is "garbage" (not 9 signs of the alphabet) or "check" (a sign is wrong)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _check_sign(signs):
    return ALPHABET[sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(signs)) % len(ALPHABET)]


def new_code():
    """A new card's code: 8 random signs and its check sign."""
    signs = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SIGNS))
    return signs + _check_sign(signs)


def shown(code):
    """The code as printed and read aloud: K7MH-4PX2-Q."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def qr_text(code):
    """What the card's QR code holds."""
    return PREFIX + code


def signs(text):
    """The 9 signs in what a person typed or a scanner sent (prefix, case, spaces and dashes left out),
    their check sign not yet checked; raises NotACard("garbage")."""
    # Matched as JSON Schema matches a pattern, so that the API's description holds to the letter.
    found = re.search(TYPED, text) if isinstance(text, str) and len(text) <= TYPED_MAX else None
    if found is None:
        raise NotACard("garbage")
    if found.group(2) is not None:
        return "".join(_FROM_AZERTY.get(c, c) for c in found.group(2))
    return re.sub("[ -]", "", found.group(1)).upper()


def checked(code):
    """The code if its check sign matches (it is a card's), else raises NotACard("check")."""
    if _check_sign(code[:RANDOM_SIGNS]) != code[RANDOM_SIGNS:]:
        raise NotACard("check")
    return code


def parse(text):
    """The card's code in what a person typed or a scanner sent; raises NotACard."""
    return checked(signs(text))


def card_hash(secret, code):
    """What is stored of a card: its code hashed with the app's secret."""
    return keyed.keyed_hash(secret, "card " + code)


def last_visit(hashed):
    """The latest attendee still kept who checked in with this card, or None."""
    return db.session.scalar(
        sa.select(Attendee).where(Attendee.card_hash == hashed).order_by(Attendee.id.desc()).limit(1)
    )


def came_before(hashed, workshop):
    """Whether this card checked someone in at another workshop still kept ("déjà accompagné")."""
    return (
        db.session.scalar(
            sa.select(Attendee.id)
            .where(Attendee.card_hash == hashed, Attendee.workshop_id != workshop.id)
            .limit(1)
        )
        is not None
    )
