"""The organisers' pages: behind the passphrase, and the workshop form that creates, edits, duplicates and
closes a workshop."""

import re
import time
from datetime import datetime, timedelta

import pytest

from kiosk.extensions import db
from kiosk.rules import exports, workshops

from .helpers import become_moderator, csrf_token, french_csv_rows, gen_workshop


@pytest.mark.parametrize("path", ["/admin/", "/admin/period", "/admin/period.csv", "/admin/workshops/new"])
def test_the_organisers_pages_need_the_passphrase(room_pc_app, app, organiser, path):
    answer = organiser.get(path)
    assert answer.status_code == 200
    if "html" in answer.content_type:
        assert re.search(r"<title>[^<>]+ · Kiosk</title>", answer.get_data(as_text=True))
    refused = app.test_client().get(path)
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/admin/login?next=")
    code = gen_workshop(app)
    # Moderating one workshop is not organising them all, and neither is sitting at the room PC.
    assert become_moderator(app, app.test_client(), code).get(path).status_code == 302
    assert room_pc_app.test_client().get(path).status_code == 302


def workshop_form(**changes):
    return {
        "title": "Mon téléphone au quotidien",
        "starts_at": "2026-12-03T14:00",
        "duration_minutes": "90",
        "capacity": "12",
        "place": "Médiathèque",
        "place_type": "lieu_activite",
        "commune": "Rennes",
        "postal_code": "35000",
        "level": "debutant",
        "themes": ["email", "securite_numerique"],
        "materials": ["telephone"],
        "anonymous_default": "on",
        "ask_age_band": "on",
    } | changes


def test_the_organiser_creates_edits_duplicates_and_closes_a_workshop(app, organiser):
    token = csrf_token(organiser, "/admin/workshops/new")
    created = organiser.post(
        "/admin/workshops/new", data=workshop_form(csrf_token=token), follow_redirects=True
    )
    assert "Atelier créé" in created.get_data(as_text=True)
    with app.app_context():
        workshop = db.session.scalar(db.select(workshops.Workshop))
        code = workshop.code
        assert (workshop.capacity, workshop.themes, workshop.ask_age_band) == (
            12,
            ["email", "securite_numerique"],
            True,
        )
    edited = organiser.post(
        f"/admin/workshops/{code}/edit", data=workshop_form(csrf_token=token, capacity="20")
    )
    assert edited.status_code == 302
    copy = organiser.post(f"/admin/workshops/{code}/duplicate", data={"csrf_token": token})
    assert copy.status_code == 302
    # The date in words, as people say it, never 2026-12-01.
    said = organiser.get(copy.headers["Location"]).get_data(as_text=True)
    assert re.search(
        r"Copie créée pour le (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \w+ \d{4}\.", said
    )
    organiser.post(f"/admin/workshops/{code}/close", data={"csrf_token": token})
    with app.app_context():
        original, duplicate = db.session.scalars(db.select(workshops.Workshop).order_by("id")).all()
        assert (original.capacity, original.phase) == (20, "closed")
        assert duplicate.code != code
        assert duplicate.starts_at - original.starts_at == timedelta(days=7)
        assert (duplicate.capacity, duplicate.themes, duplicate.phase) == (20, original.themes, "checkin")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "titre"),
        ({"title": "x" * 500}, "titre"),
        ({"capacity": "-4"}, "places"),
        ({"starts_at": "demain"}, "date"),
        ({"level": "expert"}, "niveau"),
    ],
)
def test_a_wrong_workshop_form_says_what_to_fix_and_stores_nothing(app, organiser, change, message):
    token = csrf_token(organiser, "/admin/workshops/new")
    response = organiser.post("/admin/workshops/new", data=workshop_form(csrf_token=token, **change))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = page.split('<p class="notice notice-error" role="alert">')[1].split("</p>")[0]
    assert message in error
    # What was typed stays in the form, so nothing needs typing twice.
    assert 'value="Médiathèque"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(workshops.Workshop)) == 0


def test_the_admin_form_needs_its_csrf_token(organiser):
    assert organiser.post("/admin/workshops/new", data=workshop_form()).status_code == 400


def test_a_copy_a_week_later_keeps_what_the_organiser_set_and_nothing_that_happened(app):
    with app.app_context():
        source = workshops.create(
            "Mon téléphone au quotidien",
            starts_at=datetime(2026, 12, 3, 14, 0).astimezone(),
            capacity=20,
            place="Médiathèque",
            themes=["email"],
            materials=["telephone"],
            ask_age_band=True,
            premoderation=True,
            language="en",
        )
        workshops.update(source, {"phase": "closed", "head_count": 4, "board_scale_step": 2})
        copy = workshops.duplicate_a_week_later(source)
        assert copy.code != source.code
        assert copy.starts_at - source.starts_at == timedelta(days=7)
        kept = (
            "title",
            "capacity",
            "place",
            "themes",
            "materials",
            "ask_age_band",
            "premoderation",
            "language",
        )
        assert [getattr(copy, name) for name in kept] == [getattr(source, name) for name in kept]
        assert (copy.phase, copy.closed_at, copy.head_count, copy.board_scale) == ("checkin", None, 0, 100)


@pytest.fixture
def paris_time(monkeypatch):
    """The room PC's clock on French time, with its change to winter time on 25 October 2026."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_copy_across_the_change_to_winter_time_starts_at_the_same_hour(app, paris_time):
    with app.app_context():
        source = workshops.create("Café numérique", starts_at=datetime(2026, 10, 24, 14, 0).astimezone())
        copy = workshops.duplicate_a_week_later(source)
        assert copy.starts_at.astimezone().replace(tzinfo=None) == datetime(2026, 10, 31, 14, 0)


def test_the_period_csv_has_one_line_per_workshop_safe_in_a_spreadsheet(app):
    start = datetime(2026, 10, 6, 14, 0).astimezone()
    gen_workshop(app, "=Premiers pas", starts_at=start, capacity=10)
    gen_workshop(app, "Le courriel", starts_at=start + timedelta(days=7), capacity=8)
    gen_workshop(app, "Hors période", starts_at=start + timedelta(days=60))
    with app.app_context():
        text = exports.period_csv(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
    rows = french_csv_rows(text)
    assert [(r["Atelier"], r["Places"], r["Participants"]) for r in rows] == [
        ("'=Premiers pas", "10", "0"),
        ("Le courriel", "8", "0"),
    ]
