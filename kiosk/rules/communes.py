"""French communes by code INSEE, offline: look one up, find one from what a person types.

The list is vendored in kiosk/data/communes/ (its sources, date and licences are in the README there).
Paris, Lyon and Marseille appear as their arrondissements, as the national tools know them.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "data" / "communes"
MAX_RESULTS = 10
# Abbreviations people type for the words commune names spell out.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


@dataclass(frozen=True)
class Commune:
    """One commune (or municipal arrondissement): its code INSEE, name and postal codes."""

    insee: str
    name: str
    postal_codes: tuple[str, ...]
    population: int = 0

    def as_dict(self):
        """What the API and the pages are given."""
        return {"insee": self.insee, "name": self.name, "postal_codes": list(self.postal_codes)}


@dataclass(frozen=True)
class _Entry:
    """A commune with its name made ready for matching."""

    commune: Commune
    words: tuple[str, ...]
    joined: str
    squeezed: str


def normalise(text):
    """Lower case, no accents, words split on hyphens, apostrophes and spaces, "St" spelt "saint"."""
    text = unicodedata.normalize("NFKD", text or "").casefold()
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")
    words = re.findall(r"[a-z0-9]+", text)
    return tuple(ABBREVIATIONS.get(w, w) for w in words)


@cache
def _entries():
    """Every commune once, read from the vendored file the first time it is needed."""
    entries = []
    with open(FOLDER / "communes.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            commune = Commune(
                row["insee"], row["name"], tuple(row["postal_codes"].split()), int(row["population"])
            )
            words = normalise(commune.name)
            entries.append(_Entry(commune, words, " ".join(words), "".join(words)))
    return entries


@cache
def _by_code():
    """Code INSEE → commune."""
    return {e.commune.insee: e.commune for e in _entries()}


def find(insee):
    """The commune with this code INSEE, or None."""
    return _by_code().get((insee or "").strip().upper())


def _matches_number(entry, number):
    """A number typed matches a code INSEE, a postal code or a word of the name (Paris "15e") it begins."""
    commune = entry.commune
    return (
        commune.insee.startswith(number)
        or any(p.startswith(number) for p in commune.postal_codes)
        or any(w.startswith(number) for w in entry.words)
    )


def _number_is_whole(entry, number):
    """A number typed in full: a code, a postal code, or a name's number ("1" for "1er", not for "15e")."""
    commune = entry.commune
    return (
        commune.insee == number
        or number in commune.postal_codes
        or any(re.match(r"\d+", w) and re.match(r"\d+", w).group() == number for w in entry.words)
    )


def _name_rank(entry, words, joined, squeezed):
    """How well the name matches the words typed (lower is better), or None when it does not."""
    if not words or entry.joined == joined:
        return 0
    if entry.joined.startswith(joined):
        return 1
    if all(any(w.startswith(typed) for w in entry.words) for typed in words):
        return 2
    if squeezed in entry.squeezed:
        return 3
    return None


def _rank(entry, words, joined, squeezed, numbers):
    """How well a commune matches what was typed (lower is better), or None when it does not."""
    if not all(_matches_number(entry, n) for n in numbers):
        return None
    name_rank = _name_rank(entry, words, joined, squeezed)
    if name_rank is None:
        return None
    partial_numbers = sum(not _number_is_whole(entry, n) for n in numbers)
    return (partial_numbers, name_rank, -entry.commune.population, entry.commune.name)


def search(text, limit=MAX_RESULTS):
    """At most `limit` communes matching what was typed (name, part of it, or postal code), best first."""
    typed = normalise(text)
    numbers = [w for w in typed if w.isdigit()]
    words = [w for w in typed if not w.isdigit()]
    if not typed:
        return []
    joined, squeezed = " ".join(words), "".join(words)
    found = []
    for entry in _entries():
        rank = _rank(entry, words, joined, squeezed, numbers)
        if rank is not None:
            found.append((rank, entry.commune))
    found.sort(key=lambda item: item[0])
    best = [commune for _, commune in found]
    exact = find(text)
    if exact is not None:
        best = [exact, *(c for c in best if c != exact)]
    return best[:limit]


def label(insee, typed=None):
    """A commune's name for a report: its name when the code is known, else what was typed."""
    commune = find(insee) if insee else None
    return commune.name if commune else (typed or "")


@cache
def _coop():
    """Code INSEE → (name, postal codes) where the Coop's list differs from ours; ("", "") if it lacks it."""
    with open(FOLDER / "coop.csv", encoding="utf-8", newline="") as f:
        return {row["insee"]: (row["coop_name"], row["coop_postal_codes"]) for row in csv.DictReader(f)}


def for_coop(insee):
    """(Commune, Code postal) as La Coop's importer expects them for this code, or None if it lacks it."""
    commune = find(insee)
    if commune is None:
        return None
    name, postal = _coop().get(commune.insee, (commune.name, ", ".join(commune.postal_codes)))
    return (name, postal) if name else None
