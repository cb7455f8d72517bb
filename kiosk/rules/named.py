"""People who agreed to be named in the national tool's import file: what is asked of them, and what that
tool's importer would refuse (La Coop de la médiation numérique, "Bénéficiaires")."""

from datetime import datetime

from kiosk import choices
from kiosk.rules import communes
from kiosk.rules.refusals import Refused

DETAILS = ("family_name", "birth_year", "gender")


def this_year():
    """The year today, on the room PC's clock (the rules below take it as an argument)."""
    return datetime.now().astimezone().year


def check_birth_year(year, this_year):
    """A year of birth the national tool accepts (1900 to this year), or None."""
    if year is not None and not choices.BIRTH_YEAR_MIN <= year <= this_year:
        raise Refused("birth_year_out_of_range")
    return year


def check_gender(gender):
    """F, M or N; nothing said is N."""
    if gender is not None and gender not in choices.GENDERS:
        raise Refused("unknown_gender")
    return gender


def _details_given(wanted):
    """Whether `wanted` says anything of the details (N, "non communiqué", says nothing)."""
    return (
        bool(wanted.get("family_name"))
        or wanted.get("birth_year") is not None
        or wanted.get("gender") in ("F", "M")
    )


def check(wanted, this_year):
    """Refuse details that `apply` would refuse, before anything is written."""
    if not wanted.get("named_consent") and _details_given(wanted):
        raise Refused("details_without_consent")
    check_birth_year(wanted.get("birth_year"), this_year)
    check_gender(wanted.get("gender"))
    communes.known(wanted.get("commune_insee"))


def apply(attendee, wanted, this_year):
    """Set on an attendee (not committed) what `wanted` holds of consent, details and commune.

    Details are kept only for a person who agreed to be named; withdrawing the consent erases them.
    """
    consent = wanted.get("named_consent", attendee.named_consent)
    if not consent and _details_given(wanted):
        raise Refused("details_without_consent")
    if "birth_year" in wanted:
        attendee.birth_year = check_birth_year(wanted["birth_year"], this_year)
    if "gender" in wanted:
        attendee.gender = check_gender(wanted["gender"])
    if "family_name" in wanted:
        attendee.family_name = wanted["family_name"] or None
    if "commune_insee" in wanted:
        attendee.commune_insee = communes.known(wanted["commune_insee"])
        if attendee.commune_insee:
            attendee.commune = None
    attendee.named_consent = consent
    if not consent:
        attendee.family_name = attendee.birth_year = attendee.gender = None


def problems(attendee, this_year):
    """What the national tool's importer would refuse in this person's row, or is missing, as reasons."""
    found = []
    if not (attendee.family_name or "").strip():
        found.append("family_name_missing")
    if attendee.commune_insee is None:
        found.append("commune_typed" if attendee.commune else "commune_missing")
    elif communes.for_coop(attendee.commune_insee) is None:
        found.append("commune_unknown_to_coop")
    if attendee.birth_year is not None and not choices.BIRTH_YEAR_MIN <= attendee.birth_year <= this_year:
        found.append("birth_year_out_of_range")
    return found


def row(attendee):
    """The person's row of the import file, column by column (Nom … Notes); a commune the tool does
    not know is left out rather than refused."""
    coop = communes.for_coop(attendee.commune_insee) if attendee.commune_insee else None
    name, postal = coop or ("", "")
    return [
        attendee.family_name or "",
        attendee.name,
        attendee.birth_year,
        name,
        attendee.commune_insee if coop else "",
        postal,
        "",
        "",
        attendee.gender or "N",
        "",
    ]
