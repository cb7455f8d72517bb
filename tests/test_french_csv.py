"""Every CSV export opens right in a French spreadsheet: LibreOffice reads it here as it does in a French
office (";" between cells, UTF-8), and finds French headers, labels, Paris times and numbers."""

from datetime import UTC, datetime

from kiosk.rules import exports

from .helpers import ask, become_moderator, check_in, client_id, french_spreadsheet, gen_workshop


def test_a_workshop_s_tables_open_in_a_french_spreadsheet_with_labels_and_local_times(app, tmp_path):
    # 13:05:09.123456 UTC on 24 November is 14:05:09 in Paris (winter time).
    code = gen_workshop(app, "Le courriel", starts_at=datetime(2026, 11, 24, 13, 0, tzinfo=UTC))
    phone = app.test_client()
    phone.post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Hélène", "client_id": client_id(), "age_band": "70_plus"},
    )
    check_in(app.test_client(), code, "=HYPERLINK(1)")
    ask(phone, code, "Comment joindre une pièce ?")
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/workshops/{code}", json={"ask_age_band": True, "phase": "feedback"})
    phone.post(
        f"/api/workshops/{code}/feedback",
        json={"client_id": client_id(), "rating": "good", "learned": "a_bit"},
    )
    sheets = {
        table: french_spreadsheet(
            tmp_path, moderator.get(f"/api/workshops/{code}/export/{table}.csv").data, table
        )
        for table in ("attendees", "questions", "feedback")
    }
    people = sheets["attendees"]
    # The byte-order mark makes the accents right and stays out of the first header.
    assert people[0] == [
        *("N°", "Prénom ou pseudo", "Présence", "Déjà venu", "Première visite"),
        *("Tranche d'âge", "Situation", "Commune", "Code INSEE", "Arrivée"),
    ]
    assert [row[1:4] for row in people[1:]] == [
        ["Hélène", "Présent", "Non"],
        ["'=HYPERLINK(1)", "Présent", "Non"],
    ]
    arrived = people[1][9]
    # A real date cell, to the second, on the room's clock.
    assert isinstance(arrived, datetime) and arrived.microsecond == 0
    assert isinstance(people[1][0], int)
    questions = sheets["questions"]
    assert questions[0][:3] == ["N°", "Question", "Suite donnée"]
    assert questions[1][1:4] == ["Comment joindre une pièce ?", "Ouverte", 0]
    feedback = sheets["feedback"]
    assert feedback[1][1:3] == ["Très bien", "Un peu"]


def test_times_are_paris_times_without_microseconds():
    moment = datetime(2026, 7, 14, 20, 30, 5, 123456, tzinfo=UTC)
    assert exports.french_cell(moment) == "14/07/2026 22:30:05"
    assert exports.french_cell(datetime(2026, 1, 14, 20, 30, 5, tzinfo=UTC)) == "14/01/2026 21:30:05"
    assert exports.french_cell(7.5) == "7,5"
    assert (exports.french_cell(True), exports.french_cell(None)) == ("Oui", "")
    assert exports.french_cell("-1+2") == "'-1+2"


def test_the_period_opens_with_its_dates_and_scores_as_numbers(app, organiser, tmp_path):
    start = datetime(2026, 10, 6, 12, 0, tzinfo=UTC)
    code = gen_workshop(app, "Premiers pas", starts_at=start, capacity=10, phase="feedback")
    phone = app.test_client()
    check_in(phone, code, "Marie")
    for rating in ("good",):
        phone.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": rating})
    phone2 = app.test_client()
    check_in(phone2, code, "Paul")
    phone2.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": "medium"})
    text = organiser.get("/admin/period.csv?from=2026-10-01&to=2026-10-31").data
    rows = french_spreadsheet(tmp_path, text, "period")
    assert rows[0][:6] == ["Code", "Date", "Atelier", "Lieu", "Série", "Durée (min)"]
    assert rows[1][1] == datetime(2026, 10, 6)
    assert rows[1][2] == "Premiers pas" and rows[1][6] == 2
    assert rows[1][-1] == 7.5
