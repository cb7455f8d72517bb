"""The organisers' pages: behind the passphrase, and the workshop form that creates, edits, duplicates and
closes a workshop."""

import re
from datetime import timedelta

import pytest

from kiosk.extensions import db
from kiosk.rules import workshops

from .helpers import become_moderator, csrf_token, gen_workshop


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
