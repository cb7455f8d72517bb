"""The workshop report, its rules (counts that add up, score with paper grids) and who may see it."""

import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import choices
from kiosk.data.models import Attendee
from kiosk.extensions import db
from kiosk.rules import exports, reporting, workshops

from .helpers import ask, become_moderator, check_in, client_id, french_csv_rows, gen_workshop

PHONE = {"REMOTE_ADDR": "192.168.1.23"}


def check_in_with(client, code, **answers):
    return client.post(
        f"/api/workshops/{code}/attendees", json={"name": "Lou", "client_id": client_id()} | answers
    )


def test_every_group_adds_up_to_the_total_with_the_remainder_as_not_said(app):
    code = gen_workshop(app, capacity=10, ask_first_visit=True, ask_age_band=True, ask_status=True)
    check_in_with(app.test_client(), code, age_band="70_plus", social_status="retraite", first_visit="yes")
    check_in_with(app.test_client(), code, age_band="70_plus", first_visit="no")
    check_in_with(app.test_client(), code, social_status="en_emploi")
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/workshops/{code}", json={"head_count": 2})
    with app.app_context():
        counts = reporting.participants(workshops.by_code(code))
    assert counts["total"] == 5
    assert dict(counts["ages"]) == dict(counts["ages"]) | {"70 ans et plus": 2, "Non communiqué": 3}
    assert dict(counts["statuses"])["Non communiqué ou hétérogène"] == 3
    for group in ("ages", "statuses", "genre"):
        assert sum(n for _label, n in counts[group]) == counts["total"]
        assert all(n >= 0 for _label, n in counts[group])
    assert (counts["first_time"], counts["returning"], counts["unknown_visit"]) == (1, 1, 3)
    assert counts["rate"] == 50


# What people answered at check-in, as stored: nothing, a known choice, or a choice since withdrawn.
PERSON = st.fixed_dictionaries(
    {
        "status": st.sampled_from(choices.ATTENDEE_STATUSES),
        "first_visit": st.sampled_from([None, True, False]),
        "came_before": st.booleans(),
        "age_band": st.sampled_from([None, "retired_band", *choices.AGE_BANDS]),
        "social_status": st.sampled_from([None, "retired_status", *choices.SOCIAL_STATUSES]),
        "commune": st.sampled_from([None, "Lyon", "Bron"]),
    }
)


@given(people=st.lists(PERSON, max_size=10), head_count=st.integers(0, 5))
def test_each_group_of_the_activity_report_sums_to_at_most_the_total(app, people, head_count):
    with app.app_context():
        workshop = workshops.create("Café numérique", head_count=head_count)
        db.session.add_all(
            Attendee(workshop=workshop, name="Lou", client_id=client_id(), **p) for p in people
        )
        db.session.commit()
        counts = reporting.participants(workshop)
    present = sum(p["status"] == "present" for p in people)
    assert counts["total"] == present + head_count
    for group in ("ages", "statuses", "genre"):
        *answered, (_remainder, not_said) = counts[group]
        assert all(n >= 0 for _label, n in answered) and not_said >= 0
        assert sum(n for _label, n in answered) + not_said == counts["total"]
    assert sum(n for _name, n in counts["communes"]) <= counts["checked_in"] <= counts["total"]
    visits = (counts["first_time"], counts["returning"], counts["unknown_visit"])
    assert min(visits) >= 0 and sum(visits) == counts["total"]


def test_paper_grids_count_in_the_score_and_only_the_moderator_types_them(app, client):
    code = gen_workshop(app, phase="feedback")
    check_in(client, code)
    client.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": "good"})
    assert client.put(f"/api/workshops/{code}/feedback/paper", json={"bad": 1}).status_code == 403
    moderator = become_moderator(app, app.test_client(), code)
    bad = moderator.put(f"/api/workshops/{code}/feedback/paper", json={"bad": -3})
    assert bad.status_code == 400
    summary = moderator.put(f"/api/workshops/{code}/feedback/paper", json={"bad": 1, "medium": 2}).json
    # 10 + 0 + 5 + 5 over four answers.
    assert (summary["count"], summary["on_paper"], summary["score"]) == (4, 3, 5.0)
    assert summary["rating"] == {"bad": 1, "medium": 2, "good": 1}
    # Typing the grid again replaces it rather than adding to it.
    again = moderator.put(f"/api/workshops/{code}/feedback/paper", json={"medium": 1}).json
    assert (again["count"], again["score"]) == (2, 7.5)


def test_the_door_kiosk_counts_each_person_once_and_only_on_the_moderators_screen(app, client):
    code = gen_workshop(app, phase="feedback")
    moderator = become_moderator(app, app.test_client(), code)
    url = f"/api/workshops/{code}/feedback"
    first = {"client_id": client_id(), "rating": "good", "kiosk": True}
    assert moderator.post(url, json=first).status_code == 201
    assert moderator.post(url, json=first).status_code == 200  # the same tap replayed
    assert moderator.post(url, json=first | {"client_id": client_id()}).status_code == 201
    posing = client.post(url, json=first | {"client_id": client_id()})
    assert posing.status_code == 403
    report = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    assert "Réponses : 2" in report


def test_the_report_shows_what_was_collected(app, client):
    code = gen_workshop(
        app, capacity=4, themes=["email"], materials=["tablette"], duration_minutes=60, phase="feedback"
    )
    check_in(client, code, "Marie")
    ask(client, code, "Comment joindre une photo ?")
    later = ask(client, code, "Où est la corbeille ?").json
    client.post(
        f"/api/workshops/{code}/feedback",
        json={"client_id": client_id(), "rating": "medium", "next_topic": "Les mots de passe"},
    )
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/questions/{later['id']}", json={"status": "later", "theme": "email"})
    page = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    for shown in (
        "Comment joindre une photo ?",
        "À voir plus tard (1)",
        "Sans réponse (1)",
        "Les mots de passe",
        "Note : 5 / 10",
        "25 %",
        "60 min",
        "Tablette",
    ):
        assert shown in page
    labels = [
        "Titre de l'atelier",
        "Date",
        "Durée",
        "Type de lieu",
        "Matériel numérique utilisé",
        "Thématiques",
        "Niveau de l'atelier",
        "Notes",
        "Participants",
        "Déjà accompagnés",
        "Genre",
        "Tranche d'âge",
        "Statut",
    ]
    positions = [page.index(f"<dt>{label.replace(chr(39), '&#39;')}</dt>") for label in labels]
    assert positions == sorted(positions)
    # The report names nobody: it is made to be printed and handed on.
    assert "Marie" not in page
    # A field the organiser has not filled in (no level, no notes) says so, with nothing to copy.
    rows = page.split('<div class="cra-row">')[1:]
    empty = [row for row in rows if "Pas encore rempli." in row]
    # (This workshop has no venue chosen: its place's commune and codes are empty too.)
    assert [row.split("<dt>")[1].split("</dt>")[0] for row in empty] == [
        "Lieu",
        "Commune",
        "Code postal",
        "Code INSEE",
        "Niveau de l&#39;atelier",
        "Notes",
    ]
    assert all("data-copy" not in row for row in empty)
    assert all("data-copy" in row for row in rows if row not in empty)


@pytest.mark.parametrize(
    "path",
    [
        "/w/{code}/report",
        "/api/workshops/{code}/export/attendees.csv",
        "/api/workshops/{code}/export/questions.csv",
        "/api/workshops/{code}/export/feedback.csv",
    ],
)
def test_reports_and_exports_are_for_the_moderator_only(app, client, path):
    code = gen_workshop(app)
    check_in(client, code)
    assert client.get(path.format(code=code)).status_code == 403
    assert app.test_client().get(path.format(code=code)).status_code == 403
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.get(path.format(code=code)).status_code == 200


def test_the_period_adds_up_its_workshops_and_gathers_ideas(app, organiser):
    start = datetime(2026, 10, 6, 14, 0).astimezone()
    first = gen_workshop(app, "=Premiers pas", starts_at=start, capacity=10, phase="feedback")
    second = gen_workshop(
        app, "Le courriel", starts_at=start + timedelta(days=7), capacity=10, phase="feedback"
    )
    gen_workshop(app, "Hors période", starts_at=start + timedelta(days=60))
    phone = app.test_client()
    for code, rating in ((first, "good"), (second, "bad")):
        check_in(phone, code, "Marie")
        phone.post(
            f"/api/workshops/{code}/feedback",
            json={"client_id": client_id(), "rating": rating, "next_topic": f"Idée {code}"},
        )
    check_in(app.test_client(), second, "Paul")
    ask(phone, second, "Comment changer mon mot de passe ?")
    page = organiser.get("/admin/period?from=2026-10-01&to=2026-10-31").get_data(as_text=True)
    assert "Hors période" not in page
    assert "Comment changer mon mot de passe ?" in page
    assert f"Idée {first}" in page and f"Idée {second}" in page
    assert "<svg" in page and 'role="img"' in page
    with app.app_context():
        period = reporting.period(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
    assert (len(period["workshops"]), period["participants"], period["rate"]) == (2, 3, 15)
    # The same phone at both workshops is one person, who came back.
    assert (period["unique_people"], period["returning"]) == (2, 1)
    rows = french_csv_rows(organiser.get("/admin/period.csv?from=2026-10-01&to=2026-10-31").text)
    assert [r["Atelier"] for r in rows] == ["'=Premiers pas", "Le courriel"]
    assert [r["Note sur 10"] for r in rows] == ["10", "0"]


def test_the_same_suggestion_from_several_people_is_one_idea():
    grouped = reporting.group_alike(["Les photos", "les  photos.", "Le courriel", "LES PHOTOS !"])
    assert grouped == [("Les photos", 3), ("Le courriel", 1)]


def test_the_import_file_names_only_people_who_agreed(app):
    code = gen_workshop(app, ask_commune=True)
    ids = {}
    for name, commune in (("Marie", "Rennes"), ("=cmd|' /C calc'!A0", "Vitré"), ("Paul", "Redon")):
        ids[name] = check_in_with(app.test_client(), code, name=name, commune=commune).json["id"]
    moderator = become_moderator(app, app.test_client(), code)
    phone = app.test_client()
    check_in(phone, code, "Intrus")
    assert phone.patch(f"/api/attendees/{ids['Marie']}", json={"named_consent": True}).status_code == 403
    for name in ("Marie", "=cmd|' /C calc'!A0"):
        agreed = moderator.patch(f"/api/attendees/{ids[name]}", json={"named_consent": True})
        assert agreed.json["named_consent"] is True
    assert moderator.patch(f"/api/attendees/{ids['Paul']}", json={"named_consent": "oui"}).status_code == 400
    url = f"/api/workshops/{code}/export/beneficiaires.xlsx"
    assert phone.get(url).status_code == 403
    response = moderator.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["Bénéficiaires"]
    assert [c.value for c in sheet[3]] == list(exports.BENEFICIARIES_COLUMNS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [(r[1], r[3]) for r in rows] == [("Marie", "Rennes"), ("'=cmd|' /C calc'!A0", "Vitré")]
    assert "Paul" not in str(rows) and "Intrus" not in str(rows)
    # Taking consent back takes the person out of the file.
    moderator.patch(f"/api/attendees/{ids['Marie']}", json={"named_consent": False})
    again = openpyxl.load_workbook(io.BytesIO(moderator.get(url).data))["Bénéficiaires"]
    assert [row[1].value for row in again.iter_rows(min_row=4)] == ["'=cmd|' /C calc'!A0"]


def test_ideas_for_the_next_workshops_are_grouped_by_subject_most_asked_first(app, organiser):
    start = datetime(2026, 10, 6, 14, 0).astimezone()
    codes = [gen_workshop(app, f"Atelier {n}", starts_at=start + timedelta(days=7 * n)) for n in range(2)]
    phone = app.test_client()
    for code, text in zip(
        codes * 2,
        ["Mot de passe oublié", "J’ai oublié mon mot de passe", "Le cloud ?", "Les virus"],
        strict=True,
    ):
        check_in(phone, code, "Marie")
        ask(phone, code, text)
    with app.app_context():
        topics = reporting.period(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())["topics"]
    subject, n, written = topics[0]
    assert n == 2 and sorted(text for text, _n in written) == [
        "J’ai oublié mon mot de passe",
        "Mot de passe oublié",
    ]
    assert [t[1] for t in topics[1:]] == [1, 1]
    page = organiser.get("/admin/period?from=2026-10-01&to=2026-10-31").get_data(as_text=True)
    assert "Les dix plus demandés" in page and "J’ai oublié mon mot de passe" in page
