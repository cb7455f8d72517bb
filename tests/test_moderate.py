"""The moderator: access by the room PC or a one-time link, the workshop's settings, and exports."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from kiosk.data.models import ModeratorLink
from kiosk.extensions import db
from kiosk.rules import workshops
from kiosk.web.access import issue_moderator_link

from .helpers import ask, become_moderator, check_in, gen_workshop


def link(app, code):
    with app.app_context():
        return issue_moderator_link(workshops.by_code(code))


def test_console_is_locked_for_a_phone_without_a_link(app, client):
    code = gen_workshop(app)
    response = client.get(f"/w/{code}/moderate")
    assert response.status_code == 403
    assert "kiosk moderator-link" in response.get_data(as_text=True)


def test_one_time_link_opens_the_console_once(app, client):
    code = gen_workshop(app)
    token = link(app, code)
    response = client.get(f"/m/{token}")
    assert response.headers["Location"].endswith(f"/w/{code}/moderate")
    assert client.get(f"/w/{code}/moderate").status_code == 200
    second_phone = app.test_client()
    assert second_phone.get(f"/m/{token}").status_code == 403
    assert second_phone.get(f"/w/{code}/moderate").status_code == 403


def test_expired_link_opens_nothing(app, client):
    code = gen_workshop(app)
    token = link(app, code)
    with app.app_context():
        stored = db.session.scalar(sa.select(ModeratorLink))
        stored.expires_at -= timedelta(minutes=3)
        db.session.commit()
    assert client.get(f"/m/{token}").status_code == 403
    assert client.get(f"/w/{code}/moderate").status_code == 403


def test_only_a_hash_of_the_link_is_stored(app):
    code = gen_workshop(app)
    token = link(app, code)
    with app.app_context():
        assert token not in db.session.scalar(sa.select(ModeratorLink.token_hash))


def test_a_link_moderates_only_its_own_workshop(app, client):
    code, other = gen_workshop(app), gen_workshop(app, title="Autre")
    become_moderator(app, client, code)
    assert client.get(f"/w/{other}/moderate").status_code == 403
    assert client.patch(f"/api/workshops/{other}", json={"phase": "closed"}).status_code == 403


def test_the_room_pc_moderates_without_typing(room_pc_app):
    app = room_pc_app
    code = gen_workshop(app)
    room_pc = app.test_client()
    assert room_pc.get(f"/w/{code}/moderate").status_code == 200
    phone = app.test_client()
    phone_environ = {"REMOTE_ADDR": "192.168.1.23"}
    assert phone.get(f"/w/{code}/moderate", environ_base=phone_environ).status_code == 403


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(300, "pendant 5 minutes."), (60, "pendant 1 minute."), (90, "pendant 90 secondes.")],
)
def test_the_console_and_a_dead_link_say_how_long_a_link_lasts_as_set(make_app, seconds, said):
    app = make_app(MODERATOR_LINK_SECONDS=seconds)
    code = gen_workshop(app)
    console = become_moderator(app, app.test_client(), code)
    assert f"Le code sert une seule fois, {said}" in console.get(f"/w/{code}/moderate").get_data(as_text=True)
    dead = app.test_client().get("/m/not-a-real-link")
    assert f"Un lien d’animation sert une seule fois, {said}" in dead.get_data(as_text=True)


def test_moderator_moves_the_workshop_through_its_phases(app, client):
    code = gen_workshop(app)
    become_moderator(app, client, code)
    for phase in ("questions", "feedback", "closed", "questions"):
        response = client.patch(f"/api/workshops/{code}", json={"phase": phase})
        assert response.status_code == 200
        assert client.get(f"/api/workshops/{code}").json["phase"] == phase


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"phase": "party"}, "Choisissez une étape de la liste."),
        ({"capacity": 0}, "Le nombre de places va de 1 à 1000."),
        ({"capacity": "12"}, "Le nombre de places va de 1 à 1000."),
        ({"is_admin": True}, "Réglage inconnu"),
        ({}, "Rien à changer"),
        ({"title": "<b>" + "x" * 200}, "trop long"),
        ({"board_scale": 1000}, "La taille du tableau va de 60 à 250."),
        ({"board_scale_step": 10}, "Appuyez sur « Plus grand » ou sur « Plus petit »."),
        ({"board_scale_step": True}, "Appuyez sur « Plus grand » ou sur « Plus petit »."),
    ],
)
def test_bad_settings_are_refused_whole(app, client, body, message):
    code = gen_workshop(app)
    become_moderator(app, client, code)
    response = client.patch(f"/api/workshops/{code}", json={"phase": "closed"} | body if body else body)
    assert response.status_code == 400
    assert message in response.json["error"]
    assert client.get(f"/api/workshops/{code}").json["phase"] == "checkin"


def test_each_press_on_bigger_counts_even_from_a_console_that_has_not_heard_back(app, client):
    code = gen_workshop(app)
    become_moderator(app, client, code)
    for _ in range(3):
        assert client.patch(f"/api/workshops/{code}", json={"board_scale_step": 1}).status_code == 200
    assert client.get(f"/api/workshops/{code}").json["board_scale"] == 130
    assert client.patch(f"/api/workshops/{code}", json={"board_scale_step": -1}).json["board_scale"] == 120


def test_a_press_adds_to_a_size_another_console_committed_meanwhile(app):
    code = gen_workshop(app)
    with app.app_context():
        workshop = workshops.by_code(code)
        assert workshop.board_scale == 100
        # The other console's press lands, on its own connection, after this one read the workshop.
        with db.engine.begin() as other:
            other.execute(sa.text("UPDATE workshop SET board_scale = 150 WHERE code = :code"), {"code": code})
        workshops.update(workshop, {"board_scale_step": 1})
        assert workshop.board_scale == 160
    with app.app_context():
        assert workshops.by_code(code).board_scale == 160


def test_the_board_size_stays_within_its_bounds_however_often_pressed(app, client):
    code = gen_workshop(app)
    become_moderator(app, client, code)
    for _ in range(25):
        client.patch(f"/api/workshops/{code}", json={"board_scale_step": 1})
    assert client.get(f"/api/workshops/{code}").json["board_scale"] == 250
    for _ in range(25):
        client.patch(f"/api/workshops/{code}", json={"board_scale_step": -1})
    assert client.get(f"/api/workshops/{code}").json["board_scale"] == 60


def test_csv_export_neutralises_spreadsheet_formulas(app, client):
    code = gen_workshop(app)
    check_in(client, code, "=HYPERLINK(1)")
    ask(client, code, "+33 6 12 34 56 78 ?")
    moderator = become_moderator(app, app.test_client(), code)
    people = moderator.get(f"/api/workshops/{code}/export/attendees.csv")
    assert people.mimetype == "text/csv"
    assert "'=HYPERLINK(1)" in people.get_data(as_text=True)
    assert "'+33 6 12" in moderator.get(f"/api/workshops/{code}/export/questions.csv").get_data(as_text=True)
    assert client.get(f"/api/workshops/{code}/export/attendees.csv").status_code == 403
    assert moderator.get(f"/api/workshops/{code}/export/secrets.csv").status_code == 404
