"""Organiser passphrase, login slow-down, logout enforced on the server, and moderator devices."""

import pytest
from click.testing import CliRunner

from kiosk.extensions import db, socketio
from kiosk.ops.cli import cli
from kiosk.rules import organiser
from kiosk.web.backoff import LONGEST_WAIT, Backoff
from kiosk.web.staff import signin

from .helpers import PASSPHRASE, become_moderator, become_organiser, check_in, csrf_token, gen_workshop

WIFI = {"REMOTE_ADDR": "192.168.1.66"}


def login(client, passphrase, environ=None):
    token = csrf_token(client, "/admin/login")
    return client.post(
        "/admin/login", data={"csrf_token": token, "passphrase": passphrase}, environ_base=environ or {}
    )


@pytest.mark.sqlite_only
def test_the_passphrase_is_chosen_on_the_room_pc_only(room_pc_app, instance):
    phone = room_pc_app.test_client()
    refused = phone.get("/admin/setup", environ_base=WIFI)
    assert refused.status_code == 403
    assert "sur le PC de la salle" in refused.get_data(as_text=True)
    room_pc = room_pc_app.test_client()
    assert room_pc.get("/admin/").headers["Location"].startswith("/admin/login")
    assert room_pc.get("/admin/login").headers["Location"] == "/admin/setup"
    token = csrf_token(room_pc, "/admin/setup")
    short = room_pc.post(
        "/admin/setup", data={"csrf_token": token, "passphrase": "court", "confirm": "court"}
    )
    assert (short.status_code, "au moins 12 caractères" in short.get_data(as_text=True)) == (400, True)
    typo = room_pc.post(
        "/admin/setup", data={"csrf_token": token, "passphrase": PASSPHRASE, "confirm": PASSPHRASE + "x"}
    )
    assert typo.status_code == 400
    done = room_pc.post(
        "/admin/setup", data={"csrf_token": token, "passphrase": PASSPHRASE, "confirm": PASSPHRASE}
    )
    assert done.headers["Location"] == "/admin/"
    assert room_pc.get("/admin/").status_code == 200
    # Chosen once: nobody can choose it again over the network, or even from the room PC.
    assert room_pc_app.test_client().get("/admin/setup").headers["Location"] == "/admin/login"
    with room_pc_app.app_context():
        stored = organiser.get(organiser.PASSPHRASE_KEY)
        db.engine.dispose()
    assert stored.startswith("scrypt:") and PASSPHRASE not in stored
    assert PASSPHRASE.encode() not in (instance / "kiosk.sqlite3").read_bytes()


def test_the_login_form_lets_password_managers_and_paste_work(app):
    become_organiser(app, app.test_client())
    page = app.test_client().get("/admin/login").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page
    assert "onpaste" not in page and "maxlength" not in page.split('id="passphrase"')[1].split(">")[0]


def test_a_guesser_on_the_wifi_is_slowed_down_but_the_room_pc_is_not(app, monkeypatch):
    # Time stands still during the test, so a slow machine cannot let a wait run out.
    monkeypatch.setattr(signin, "failures", Backoff(clock=lambda: 1000.0))
    become_organiser(app, app.test_client())
    attacker = app.test_client()
    answers = [login(attacker, f"devinette numéro {n}", WIFI).status_code for n in range(4)]
    assert answers[:3] == [401, 401, 401]
    assert answers[3] == 429
    # Even the right passphrase waits: the guesser cannot tell a right guess while slowed down.
    slowed = login(attacker, PASSPHRASE, WIFI)
    assert slowed.status_code == 429
    assert "Trop d’essais" in slowed.get_data(as_text=True)
    # The organiser at the room PC has their own count and gets in at once.
    assert login(app.test_client(), PASSPHRASE).status_code == 302


def test_the_wait_grows_with_each_failure_and_a_success_wipes_it():
    clock = [0.0]
    backoff = Backoff(clock=lambda: clock[0])
    delays = [backoff.failed("a") for _ in range(12)]
    assert delays == [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, LONGEST_WAIT]
    assert backoff.wait("a") == LONGEST_WAIT and backoff.wait("b") == 0
    clock[0] += LONGEST_WAIT
    assert backoff.wait("a") == 0
    backoff.succeeded("a")
    assert backoff.failed("a") == 0


def test_login_renews_the_session_and_goes_only_to_our_own_pages(app):
    code = gen_workshop(app)
    client = app.test_client()
    check_in(client, code, "Marie")
    with client.session_transaction() as planted:
        planted["logins"] = ["a-token-someone-planted"]
    with app.app_context():
        organiser.set_passphrase(PASSPHRASE)
    token = csrf_token(client, "/admin/login")
    answer = client.post(
        "/admin/login", data={"csrf_token": token, "passphrase": PASSPHRASE, "next": "//evil.example/x"}
    )
    assert answer.headers["Location"] == "/admin/"
    with client.session_transaction() as renewed:
        assert "a-token-someone-planted" not in renewed["logins"] and len(renewed["logins"]) == 1
        assert renewed["attendees"]  # the participant's own check-in survives
    again = login(client, PASSPHRASE)
    assert again.headers["Location"] == "/admin/"
    token = csrf_token(client, "/admin/login")
    inside = client.post(
        "/admin/login",
        data={"csrf_token": token, "passphrase": PASSPHRASE, "next": "/admin/period?from=2026-01-01"},
    )
    assert inside.headers["Location"] == "/admin/period?from=2026-01-01"


def test_logout_is_enforced_on_the_server(app):
    client = become_organiser(app, app.test_client())
    with client.session_transaction() as before:
        stolen = dict(before)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    assert client.get("/admin/").status_code == 302
    replay = app.test_client()
    with replay.session_transaction() as copied:
        copied.update(stolen)
    assert replay.get("/admin/").status_code == 302


def test_a_moderator_logs_out_every_other_moderator_device(app):
    code = gen_workshop(app)
    mine = become_moderator(app, app.test_client(), code)
    lost_phone = become_moderator(app, app.test_client(), code)
    participant = app.test_client()
    check_in(participant, code)
    url = f"/api/workshops/{code}/moderators/logout-others"
    assert participant.post(url, json={}).status_code == 403
    lost_console = socketio.test_client(
        app, flask_test_client=lost_phone, auth={"code": code, "role": "moderator"}
    )
    my_console = socketio.test_client(app, flask_test_client=mine, auth={"code": code, "role": "moderator"})
    assert lost_console.is_connected() and my_console.is_connected()
    assert mine.post(url, json={}).json == {"logged_out": 1}
    # The lost phone's open console stops receiving at once; mine goes on.
    assert not lost_console.is_connected()
    assert my_console.is_connected()
    assert lost_phone.get(f"/w/{code}/moderate").status_code == 403
    assert lost_phone.patch(f"/api/workshops/{code}", json={"phase": "closed"}).status_code == 403
    assert mine.get(f"/w/{code}/moderate").status_code == 200


def test_the_console_gives_a_one_time_qr_code_for_a_phone(app):
    code = gen_workshop(app)
    moderator = become_moderator(app, app.test_client(), code)
    participant = app.test_client()
    check_in(participant, code)
    assert participant.post(f"/api/workshops/{code}/moderator-links", json={}).status_code == 403
    link = moderator.post(f"/api/workshops/{code}/moderator-links", json={})
    assert link.status_code == 201
    assert link.json["qr"].startswith("data:image/svg+xml;base64,")
    assert link.json["seconds"] == 120
    path = "/m/" + link.json["url"].split("/m/")[1]
    phone = app.test_client()
    assert phone.get(path).status_code == 302
    assert phone.get(f"/w/{code}/moderate").status_code == 200
    assert app.test_client().get(path).status_code == 403  # used once already


def test_a_forgotten_passphrase_is_changed_from_the_pcs_terminal(app, instance, monkeypatch):
    monkeypatch.setenv("KIOSK_DATABASE_URL", app.config["DATABASE_URL"])  # the terminal's Kiosk is this one
    organiser_browser = become_organiser(app, app.test_client())
    new = "une toute nouvelle phrase"
    result = CliRunner().invoke(cli, ["passphrase"], input=f"{new}\n{new}\n")
    assert result.exit_code == 0, result.output
    assert organiser_browser.get("/admin/").status_code == 302  # logged out everywhere
    assert login(app.test_client(), PASSPHRASE).status_code == 401
    assert login(app.test_client(), new).status_code == 302
