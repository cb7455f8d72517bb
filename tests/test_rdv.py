"""RDV Service Public: its "RDVs par usager" export registers a workshop's people, and the presence of
each goes back ready to report. The files are built to the export's format (its `ParticipationExporter`:
same header, one row per person and appointment, dates and hours as text) and written as .xls by LibreOffice."""

from datetime import UTC, date, datetime

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from kiosk.data.models import Registration
from kiosk.extensions import db
from kiosk.rules import rdv
from kiosk.rules.refusals import Refused

from .helpers import become_moderator, client_id, csrf_token, excel_97_file, french_spreadsheet, gen_workshop

HEADER = [
    *("usager", "rdv_id", "année", "date prise rdv", "heure prise rdv", "origine", "date rdv", "heure rdv"),
    *("service", "motif", "contexte", "statut", "lieu", "professionnel.le(s)", "commune du responsable"),
    *("usager mineur ?", "résultat des notifications", "Organisation", "date naissance"),
    *("code postal du responsable", "créé par", "email(s) professionnel.le(s)"),
]


def appointment(person, rdv_id, day, status="Rendez-vous à venir", hour="14h00"):
    """One row as the export writes it."""
    return [
        *(person, rdv_id, "2026", "10/11/2026", "09h12", "Créé par un agent", day, hour),
        *("Médiation numérique", "Atelier collectif : premiers pas", "", status),
        *("Médiathèque Maurice-Genevoix, 41000 Blois", "Jean MARTIN", "Blois", "non", "Envoyé"),
        *("Ville de Blois", "", "41000", "Jean MARTIN", "jean.martin@blois.fr"),
    ]


EXPORT = [
    HEADER,
    appointment("Marie DUPONT", "4512", "24/11/2026"),
    appointment("Paul LEROY", "4512", "24/11/2026"),
    appointment("Awa DIALLO", "4512", "24/11/2026", status="Annulé (excusé)"),
    appointment("Léa MOREAU", "4600", "01/12/2026"),
]
# 14:00 in Blois on 24 November 2026.
STARTS = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def upload(moderator, code, path, name=None):
    """Send a file through the page's form, as the browser does."""
    token = csrf_token(moderator, f"/w/{code}/bookings")
    with open(path, "rb") as handle:
        file = FileStorage(handle, filename=name or path.name, content_type="application/vnd.ms-excel")
        # Encoded in memory: the test client would spool a large body to a file it never closes.
        boundary, body = encode_multipart({"csrf_token": token, "file": file})
    return moderator.post(
        f"/w/{code}/bookings/rdv",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        follow_redirects=True,
    )


def test_the_export_registers_the_day_s_people_once_and_gives_their_presence_back(app, tmp_path):
    code = gen_workshop(app, "Premiers pas", starts_at=STARTS)
    moderator = become_moderator(app, app.test_client(), code)
    export = excel_97_file(tmp_path, EXPORT, "rdvs-par-usager")
    assert export.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real Excel 97 file
    page = upload(moderator, code, export).get_data(as_text=True)
    assert "2 personnes inscrites." in page
    assert "1 rendez-vous d’un autre jour laissé de côté." in page
    assert "1 rendez-vous annulé laissé de côté." in page
    again = upload(moderator, code, export).get_data(as_text=True)
    assert "0 personne" in again and "2 déjà inscrites avant." in again
    listed = {
        r["name"]: r for r in moderator.get(f"/api/workshops/{code}/registrations").json["registrations"]
    }
    assert set(listed) == {"Marie DUPONT", "Paul LEROY"}
    # Marie comes: the moderator taps her name.
    came = moderator.post(
        f"/api/registrations/{listed['Marie DUPONT']['id']}/present", json={"client_id": client_id()}
    )
    assert came.status_code == 200
    presence = moderator.get(f"/w/{code}/bookings/presence.csv")
    assert presence.mimetype == "text/csv"
    rows = french_spreadsheet(tmp_path, presence.data, "presences")
    assert rows[0] == ["Usager", "rdv_id", "Date", "Présence", "Statut à indiquer dans RDV Service Public"]
    assert rows[1:] == [
        ["Marie DUPONT", 4512, datetime(2026, 11, 24), "Présent", "Rendez-vous honoré"],
        ["Paul LEROY", 4512, datetime(2026, 11, 24), "Absent", "Absence non excusée"],
    ]
    shown = moderator.get(f"/w/{code}/bookings").get_data(as_text=True)
    assert "Venu" in shown and "Pas venu" in shown


def test_a_file_saved_again_with_real_dates_or_as_csv_reads_the_same(app, tmp_path):
    resaved = excel_97_file(tmp_path, EXPORT, "resaved", as_text=False)
    with app.app_context():
        found = rdv.appointments(rdv.read_rows(resaved.read_bytes()))
    assert [(a["usager"], a["rdv_id"], a["day"]) for a in found][:2] == [
        ("Marie DUPONT", "4512", date(2026, 11, 24)),
        ("Paul LEROY", "4512", date(2026, 11, 24)),
    ]
    as_csv = "\n".join(";".join(row) for row in EXPORT).encode("cp1252")
    assert [a["usager"] for a in rdv.appointments(rdv.read_rows(as_csv))] == [
        "Marie DUPONT",
        "Paul LEROY",
        "Awa DIALLO",
        "Léa MOREAU",
    ]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "Choisissez le fichier export\u00e9 de RDV Service Public."),
        (b"\xd0\xcf\x11\xe0 broken", "Kiosk ne sait pas lire ce fichier."),
        (b"PK\x03\x04 broken", "Kiosk ne sait pas lire ce fichier."),
        ("nom;prénom\nMarie;Dupont\n".encode(), "Ce fichier n’a pas les colonnes de l’export"),
    ],
)
def test_a_file_that_is_not_the_export_is_refused_in_plain_words(app, tmp_path, content, said):
    code = gen_workshop(app, starts_at=STARTS)
    moderator = become_moderator(app, app.test_client(), code)
    path = tmp_path / "fichier.xls"
    path.write_bytes(content)
    assert said in upload(moderator, code, path).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0


def test_a_file_too_large_is_refused_and_only_the_moderator_imports(app, client, tmp_path):
    code = gen_workshop(app, starts_at=STARTS)
    path = tmp_path / "gros.csv"
    path.write_bytes(b"x" * (5 * 1024 * 1024))
    moderator = become_moderator(app, app.test_client(), code)
    answer = upload(moderator, code, path)
    assert answer.status_code == 413
    # A year of appointments is far larger than any other form Kiosk takes, and is read.
    year = [HEADER] + [appointment(f"Personne {n}", str(n), "02/01/2026") for n in range(2000)]
    big = tmp_path / "annee.csv"
    big.write_text("\n".join(";".join(row) for row in year))
    assert big.stat().st_size > 5 * app.config["MAX_CONTENT_LENGTH"]
    page = upload(moderator, code, big).get_data(as_text=True)
    assert "2000 rendez-vous d’un autre jour laissés de côté." in page
    assert client.get(f"/w/{code}/bookings").status_code == 403
    assert client.get(f"/w/{code}/bookings/presence.csv").status_code == 403


def test_hours_and_days_are_read_as_the_export_writes_them():
    rows = [HEADER, appointment("Marie DUPONT", 4512.0, "31/02/2026", hour="25h00")]
    found = rdv.appointments(rows)
    assert found[0]["rdv_id"] == "4512" and found[0]["day"] is None and found[0]["hour"] is None
    assert rdv.appointments([HEADER, appointment("A", "1", "24/11/2026", hour="9h05")])[0]["hour"].minute == 5
    with pytest.raises(Refused):
        rdv.appointments([["nom"], ["Marie"]])
