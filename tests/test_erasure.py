"""Erasure erases: with Kiosk running, no byte of an erased person stays in any file it keeps, and
those files are the PC account's alone."""

import json
import sqlite3
import stat
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from kiosk.data.models import Attendee
from kiosk.extensions import db
from kiosk.rules import attendance, retention

from .helpers import PASSPHRASE, LiveServer, become_moderator, check_in, client_id, gen_workshop

NAME = "Philomène Vasarhelyi"
PHONE = "07 48 15 16 23"
COMMENT = "Merci Philomène pour le café"


def traces(folder, *secrets):
    """Every file under `folder` whose bytes hold one of `secrets`, in UTF-8 or UTF-16."""
    found = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in secrets:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if secret.encode(encoding) in data:
                    found.append((path.name, secret, encoding))
    return found


def form_token(browser, url):
    return browser.get(url).text.split('name="csrf_token" value="')[1].split('"')[0]


def organiser(server):
    """The organiser on the room PC, choosing the passphrase at first start."""
    browser = requests.Session()
    token = form_token(browser, server.url + "/admin/setup")
    done = browser.post(
        server.url + "/admin/setup",
        data={"csrf_token": token, "passphrase": PASSPHRASE, "confirm": PASSPHRASE},
        allow_redirects=False,
    )
    assert done.status_code == 302
    return browser


def new_workshop(server, title):
    """A workshop created with `kiosk workshop create`, starting now; returns its code."""
    return json.loads(server.run("workshop", "create", "--title", title, "--json"))["code"]


def take_part(server, code, name):
    """A phone checks in, asks a signed question, asks for help and answers the feedback form."""
    phone = requests.Session()
    api = f"{server.url}/api/workshops/{code}"
    assert phone.post(api + "/attendees", json={"name": name, "client_id": client_id()}).ok
    question = {"text": "Comment trier mes photos ?", "client_id": client_id(), "anonymous": False}
    assert phone.post(api + "/questions", json=question).ok
    assert phone.post(api + "/help", json={"client_id": client_id()}).ok
    requests.patch(api, json={"phase": "feedback"})  # the room PC moderates
    feedback = {"client_id": client_id(), "rating": "good", "comment": COMMENT}
    assert phone.post(api + "/feedback", json=feedback).ok


def erase(server, browser, query):
    """The organiser finds the first person by that name in /admin/people and erases them."""
    people = f"{server.url}/admin/people?q={query}"
    page = browser.get(people).text
    action = "/admin/people/" + page.split('action="/admin/people/')[1].split('"')[0]
    done = browser.post(server.url + action, data={"csrf_token": form_token(browser, people), "q": query})
    assert "sont effacées" in done.text


@pytest.mark.sqlite_only
def test_a_person_erased_on_request_leaves_no_byte_in_any_file_of_a_running_kiosk(tmp_path):
    server = LiveServer(tmp_path / "instance")
    server.start()
    try:
        code = new_workshop(server, "Atelier photos")
        take_part(server, code, NAME)
        registration = {"name": NAME, "phone": PHONE, "consent": True, "client_id": client_id()}
        assert requests.post(f"{server.url}/api/workshops/{code}/registrations", json=registration).ok
        server.run("backup")
        assert {secret for _file, secret, _enc in traces(server.instance_path, NAME, PHONE)} == {NAME, PHONE}

        browser = organiser(server)
        erase(server, browser, "philomene")  # the check-in
        erase(server, browser, "philomene")  # the registration, with its phone number

        assert traces(server.instance_path, NAME, PHONE, COMMENT) == []
        # The room can still recover from a broken PC, from a copy without her.
        assert len(list((server.instance_path / "backups").glob("kiosk-*.sqlite3"))) == 1
        (question,) = requests.get(f"{server.url}/api/workshops/{code}/questions").json()["questions"]
        assert question["text"] == "Comment trier mes photos ?" and question["author"] is None
    finally:
        server.stop()


@pytest.mark.sqlite_only
def test_a_purge_by_the_running_kiosk_leaves_no_byte_of_the_people_it_erased(tmp_path):
    server = LiveServer(tmp_path / "instance")
    server.start()
    try:
        browser = organiser(server)
        form = {
            "csrf_token": form_token(browser, server.url + "/admin/workshops/new"),
            "title": "Atelier de l’an dernier",
            "starts_at": "2024-03-05T14:00",
            "capacity": "12",
            "duration_minutes": "90",
        }
        assert browser.post(server.url + "/admin/workshops/new", data=form, allow_redirects=False).ok
        old = browser.get(server.url + "/admin/").text.split("Code : ")[1][:4]
        take_part(server, old, NAME)
        take_part(server, new_workshop(server, "Atelier du jour"), "Barnabé Récent")
        server.run("backup")
        assert traces(server.instance_path, NAME)

        token = form_token(browser, server.url + "/admin/")
        done = browser.post(server.url + "/admin/retention", data={"csrf_token": token, "months": "1"})
        assert "Ateliers effacés maintenant : 1." in done.text

        assert traces(server.instance_path, NAME) == []
        assert traces(server.instance_path, "Barnabé Récent")  # within the period: kept
    finally:
        server.stop()


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.sqlite_only
def test_kiosk_files_are_for_the_pc_account_only_even_when_they_were_not(tmp_path):
    instance = tmp_path / "instance"
    server = LiveServer(instance)
    instance.chmod(0o755)
    database = instance / "kiosk.sqlite3"
    kept = [database, Path(f"{database}-wal"), Path(f"{database}-shm"), instance / "secret_key"]

    def assert_private():
        requests.get(f"{server.url}/api/workshops/1234")  # the server reads the database: -wal, -shm
        files = kept + list((instance / "backups").glob("kiosk-*.sqlite3"))
        assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
        assert mode(instance) == mode(instance / "backups") == 0o700

    server.start()
    try:
        server.run("backup")
        assert_private()
    finally:
        server.stop()
    # An instance folder from before, or copied in by hand, readable by all: tightened at start.
    for path in instance.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    instance.chmod(0o755)
    server.start()
    try:
        assert_private()
    finally:
        server.stop()


@pytest.mark.sqlite_only
def test_a_name_the_moderator_merged_or_removed_leaves_no_byte_behind(app, instance):
    code = gen_workshop(app)
    kept = check_in(app.test_client(), code, "Philo").json
    twin = check_in(app.test_client(), code, NAME).json
    stranger = check_in(app.test_client(), code, "Gaspard Inconnu-Passant").json
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.post(f"/api/attendees/{twin['id']}/merge", json={"into": kept["id"]}).status_code == 200
    assert moderator.delete(f"/api/attendees/{stranger['id']}", json={}).status_code == 200
    assert traces(instance, NAME, "Gaspard Inconnu-Passant") == []
    assert traces(instance, "Philo")


@pytest.mark.sqlite_only
def test_a_log_held_by_a_reader_is_said_and_emptied_at_the_next_pass(app, instance, caplog):
    check_in(app.test_client(), gen_workshop(app), NAME)
    reader = sqlite3.connect(instance / "kiosk.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM attendee").fetchone()  # a screen still reading the old state
    with app.app_context():
        attendance.remove(db.session.scalar(sa.select(Attendee)))
    assert "erased data may stay in the database's log" in caplog.text
    assert traces(instance, NAME)
    reader.execute("COMMIT")
    with app.app_context():
        retention.purge(app.instance_path)
    assert traces(instance, NAME) == []
    reader.close()
