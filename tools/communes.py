"""Rebuild Kiosk's offline commune list (kiosk/data/communes/) from its published sources.

Run by `make communes` (see kiosk/data/communes/README.md for the sources, their date and licences):

    python bench/communes.py ETALAB_COMMUNES_JSON [COOP_COMMUNES_CSV]

ETALAB_COMMUNES_JSON is `data/communes.json` of npm's @etalab/decoupage-administratif: every current
commune and the municipal arrondissements of Paris, Lyon and Marseille, with their postal codes.
COOP_COMMUNES_CSV, when given, is `apps/web/private-static/communes.csv` of La Coop de la médiation
numérique: the list its "Bénéficiaires" importer checks rows against. Where it names a commune or writes
its postal codes differently from the national list, or does not know the commune, coop.csv keeps what it
holds, so that the export writes what the Coop accepts. Without it, coop.csv is left as it is.
"""

import csv
import json
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "kiosk" / "data" / "communes"
# Paris, Lyon and Marseille: the Coop (and most national tools) only know their arrondissements.
WHOLE_CITIES_SPLIT = {"75056", "69123", "13055"}


def national(path):
    """The rows of communes.csv: code INSEE, name, postal codes (space-separated), population."""
    rows = []
    for item in json.loads(Path(path).read_text(encoding="utf-8")):
        if item["type"] not in ("commune-actuelle", "arrondissement-municipal"):
            continue
        if item["code"] in WHOLE_CITIES_SPLIT:
            continue
        postal = " ".join(item.get("codesPostaux") or ())
        rows.append((item["code"], item["nom"], postal, item.get("population") or 0))
    return sorted(rows)


def coop_rows(path):
    """What the Coop's list holds per code, read the way its communes client reads it."""
    held = {}
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        code, name = line.split(",", 2)[:2]
        postal = line[len(code) + len(name) + 2 :]
        if postal.startswith('"') and postal.endswith('"'):
            postal = postal[1:-1].strip()
        held[code] = (name, postal)
    return held


def differences(rows, held):
    """coop.csv: each code whose Coop name or postal codes differ from ours, or that the Coop lacks."""
    out = []
    for code, name, postal, _ in rows:
        if code not in held:
            out.append((code, "", ""))
            continue
        coop_name, coop_postal = held[code]
        if coop_name != name or coop_postal != ", ".join(postal.split()):
            out.append((code, coop_name, coop_postal))
    return out


def write(path, header, rows):
    """Write one CSV file, UTF-8, Unix line ends, so that a refresh diffs line by line."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv):
    """Build communes.csv, and coop.csv when the Coop's list is given."""
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    rows = national(argv[1])
    write(FOLDER / "communes.csv", ("insee", "name", "postal_codes", "population"), rows)
    print(f"{len(rows)} communes written to {FOLDER / 'communes.csv'}")
    if len(argv) == 3:
        diff = differences(rows, coop_rows(argv[2]))
        write(FOLDER / "coop.csv", ("insee", "coop_name", "coop_postal_codes"), diff)
        print(f"{len(diff)} differences with the Coop's list written to {FOLDER / 'coop.csv'}")


if __name__ == "__main__":
    main(sys.argv)
