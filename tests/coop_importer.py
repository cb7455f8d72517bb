"""La Coop de la médiation numérique's "Bénéficiaires" importer, ported rule for rule to read Kiosk's file.

Ported from `analyseImportBeneficiairesExcel.ts` (apps/web/src/features/beneficiaire/abilities/
importer-beneficiaires/analyse/), `getBeneficiaireImportSheet.ts`, `communesClient.ts`,
`domain/annee-naissance.ts` and `domain/genre.ts` of `inclusion-numerique/coop-mediation-numerique` at
commit 46aa33bd (June 2026), with its own commune list (tests/data/coop/) as data. The spreadsheet is
read with openpyxl where the Coop uses SheetJS: a cell's value is what SheetJS calls `cell.v`.
"""

import io
import math
from datetime import date
from pathlib import Path

import openpyxl

COMMUNES = Path(__file__).parent / "data" / "coop" / "communes.csv"
SHEET = "Bénéficiaires"
FIRST_ROW = 4
YEAR_MIN, YEAR_MAX = 1900, date.today().year
YEAR_INVALID = "Veuillez renseigner une année de naissance valide"


def communes():
    """communesClient: code INSEE → (codeInsee, nom, codePostal), each line split as the client splits it
    (the header line included, as the client does), the quotes around several postal codes removed."""
    found = {}
    for line in COMMUNES.read_text(encoding="utf-8").splitlines():
        code, name = line.split(",", 2)[:2]
        postal = line[len(code) + len(name) + 2 :]
        found[code] = (code, name, postal)
    return found


def find_commune(held, code):
    """findCommuneByInsee, with cleanupCommuneCodePostal."""
    commune = held.get(code)
    if commune is None:
        return None
    code, name, postal = commune
    if postal.startswith('"') and postal.endswith('"'):
        postal = postal[1:-1].strip()
    return {"codeInsee": code, "nom": name, "codePostal": postal}


def _js_string(value):
    """JavaScript's toString of a cell value (SheetJS gives numbers as floats)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_string(sheet, row, column):
    """getCellValueAsString: null for an empty cell or a cell holding 0, else the text trimmed."""
    value = sheet.cell(row=row, column=column).value
    if value is not None and value != 0:
        return _js_string(value).strip() or ""
    return None


def cell_number(sheet, row, column):
    """getCellValueAsNumber: a number as is, else JavaScript's Number() of the value, or null."""
    value = sheet.cell(row=row, column=column).value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if value is not None:
        text = _js_string(value).strip()
        if text == "":
            return 0
        try:
            number = float(text)
        except ValueError:
            return None
        return None if math.isnan(number) else number
    return None


def row_is_empty(sheet, row):
    """rowIsEmpty: the ten columns hold nothing SheetJS would read as text."""
    return not any(cell_string(sheet, row, column) for column in range(1, 11))


def parse_genre(raw):
    """parseGenre."""
    if not raw:
        return {"value": "NonCommunique"}
    for start, value in (("F", "Feminin"), ("M", "Masculin"), ("N", "NonCommunique")):
        if raw.startswith(start):
            return {"value": value}
    return {"error": "Genre invalide"}


def parse_annee(raw):
    """parseAnneeNaissance with anneeNaissanceValidation (an integer from 1900 to this year)."""
    if not raw:
        return {"value": None}
    if not float(raw).is_integer() or not YEAR_MIN <= raw <= YEAR_MAX:
        return {"error": YEAR_INVALID}
    return {"value": raw}


def parse_row(sheet, row, held):
    """parseBeneficiaireRow: the values read, and the errors the importer shows for this row."""
    values = {
        "nom": cell_string(sheet, row, 1),
        "prenom": cell_string(sheet, row, 2),
        "anneeNaissance": cell_number(sheet, row, 3),
        "communeNom": cell_string(sheet, row, 4),
        "communeCodeInsee": cell_string(sheet, row, 5),
        "communeCodePostal": cell_string(sheet, row, 6),
        "numeroTelephone": cell_string(sheet, row, 7),
        "email": cell_string(sheet, row, 8),
        "genre": cell_string(sheet, row, 9),
        "notesSupplementaires": cell_string(sheet, row, 10),
    }
    errors = {}
    commune = None
    if not values["nom"]:
        errors["nom"] = "Le nom est obligatoire"
    if not values["prenom"]:
        errors["prenom"] = "Le prénom est obligatoire"
    if values["communeCodeInsee"]:
        commune = find_commune(held, values["communeCodeInsee"])
        if commune:
            if commune["codePostal"] != values["communeCodePostal"]:
                errors["communeCodePostal"] = "Le code postal de la commune ne correspond pas"
            if values["communeNom"] is None or commune["nom"].lower() != values["communeNom"].lower():
                errors["communeNom"] = "Le nom de la commune ne correspond pas"
        else:
            errors["communeCodeInsee"] = "Code commune non trouvé"
    genre = parse_genre(values["genre"])
    if "error" in genre:
        errors["genre"] = genre["error"]
    annee = parse_annee(values["anneeNaissance"])
    if "error" in annee:
        errors["anneeNaissance"] = annee["error"]
    parsed = {"genre": genre.get("value"), "commune": commune, "anneeNaissance": annee.get("value")}
    return {"values": values, "parsed": parsed, "errors": errors}


def analyse(data):
    """getBeneficiaireImportSheet then analyseImportBeneficiairesExcel: {"status", "rows"}.

    A file without the sheet raises, as the Coop's does.
    """
    book = openpyxl.load_workbook(io.BytesIO(data))
    if SHEET not in book.sheetnames:
        raise ValueError(f'Le fichier n\'a pas de feuille "{SHEET}"')
    sheet = book[SHEET]
    held = communes()
    rows = []
    row = FIRST_ROW
    while not row_is_empty(sheet, row):
        rows.append(parse_row(sheet, row, held))
        row += 1
    return {"status": "error" if any(r["errors"] for r in rows) else "ok", "rows": rows}
