"""A disk that refuses writes: a plain 503 the phone's outbox retries, one log line, and the organiser told."""

import http.client
import json
import logging
import re
import sqlite3
import threading
import time

import pytest
import requests
import sqlalchemy as sa

from kiosk.data import database
from kiosk.extensions import db

from .helpers import LiveServer, ask, become_moderator, become_organiser, check_in, client_id, gen_workshop
from .test_live import connect


@pytest.fixture
def disk(app):
    """The database's connections made anew with a PRAGMA that makes SQLite refuse writes for real."""
    refusal = {"pragma": None}

    def on_connect(dbapi_connection, _record):
        if refusal["pragma"]:
            dbapi_connection.execute(refusal["pragma"])

    def refuse(pragma):
        refusal["pragma"] = pragma
        with app.app_context():
            db.engine.dispose()

    with app.app_context():
        sa.event.listen(db.engine, "connect", on_connect)
    yield refuse
    refuse(None)
    database.disk.trouble = None


def banner(page):
    """The disk banner a page shows, or None when it is hidden."""
    found = re.search(r"<p class=\"disk-banner\"[^>]*?( hidden)?>([^<]*)</p>", page.get_data(as_text=True))
    assert found, "no banner on this page"
    return None if found.group(1) else found.group(2)


def page_count(app):
    with app.app_context(), db.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA page_count").scalar()


@pytest.mark.sqlite_only  # SQLite's own refusals (max_page_count, query_only)
def test_a_full_disk_answers_503_and_the_organiser_sees_it_until_it_is_solved(app, client, disk, caplog):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    moderator = become_moderator(app, app.test_client(), code)
    console = connect(app, moderator, code, role="moderator")
    console.get_received()
    organiser = app.test_client()
    become_organiser(app, organiser)
    # The database may not grow by a single page: SQLite's own "database or disk is full".
    disk(f"PRAGMA max_page_count = {page_count(app)}")
    acknowledged, refused = [], None
    with caplog.at_level(logging.ERROR):
        for i in range(400):
            cid = client_id()
            response = ask(client, code, f"Question numéro {i} " + "x" * 150, cid=cid)
            if response.status_code == 503:
                refused = (cid, f"Question numéro {i} " + "x" * 150)
                break
            assert response.status_code == 201
            acknowledged.append(response.json["id"])
    assert refused is not None, "the database never filled up"
    assert response.json == {
        "error": "Kiosk ne peut pas enregistrer pour l’instant. Votre envoi repartira tout seul."
    }
    # One line, no traceback.
    (record,) = [r for r in caplog.records if "disk trouble" in r.getMessage()]
    assert record.exc_info is None
    assert "disk_full" in record.getMessage()
    # The console is told live, and every organiser page shows the banner.
    assert {"trouble": "disk_full"} in [m["args"][0] for m in console.get_received() if m["name"] == "disk"]
    full = "Le disque de ce PC est plein"
    assert full in banner(moderator.get(f"/w/{code}/moderate"))
    assert full in banner(organiser.get("/admin/"))
    # Room is made: the phone's outbox sends the same write again, and it is taken once.
    disk(None)
    again = ask(client, code, refused[1], cid=refused[0])
    assert again.status_code == 201
    assert {"trouble": None} in [m["args"][0] for m in console.get_received() if m["name"] == "disk"]
    assert banner(moderator.get(f"/w/{code}/moderate")) is None
    assert banner(organiser.get("/admin/")) is None
    # Nothing acknowledged was lost, nothing refused was half-stored.
    listed = client.get(f"/api/workshops/{code}/questions").json["questions"]
    assert sorted(q["id"] for q in listed) == sorted([*acknowledged, again.json["id"]])


@pytest.mark.sqlite_only  # SQLite's own refusals (max_page_count, query_only)
def test_a_read_only_database_answers_503_with_its_own_banner(app, client, disk):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    organiser = app.test_client()
    become_organiser(app, organiser)
    disk("PRAGMA query_only = 1")
    response = ask(client, code, "Une question pendant la panne")
    assert response.status_code == 503
    # Reading still works: the board and the phones keep showing what is there.
    assert client.get(f"/api/workshops/{code}/questions").status_code == 200
    assert "lecture seule" in banner(organiser.get("/admin/"))
    disk(None)
    assert ask(client, code, "Une question après la panne").status_code == 201
    assert banner(organiser.get("/admin/")) is None


@pytest.mark.sqlite_only  # SQLite's own lock on its file
def test_a_database_kept_busy_too_long_answers_503_to_retry(app, client, disk, instance, caplog):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    disk("PRAGMA busy_timeout = 50")  # SQLite's patience, short for the test
    other = sqlite3.connect(instance / "kiosk.sqlite3")  # another program writing to Kiosk's file
    other.execute("BEGIN IMMEDIATE")
    try:
        with caplog.at_level(logging.ERROR):
            answer = ask(client, code, "Pendant que le fichier est pris")
    finally:
        other.rollback()
        other.close()
    # The phone's outbox keeps it and sends it again; the organiser gets no disk banner for it.
    assert answer.status_code == 503
    assert (
        answer.json["error"]
        == "Kiosk ne peut pas enregistrer pour l’instant. Votre envoi repartira tout seul."
    )
    assert [r.getMessage() for r in caplog.records] == [
        f"database busy too long on POST /api/workshops/{code}/questions"
    ]
    assert database.disk.trouble is None
    assert ask(client, code, "Pendant que le fichier est pris").status_code == 201


def test_other_database_errors_are_not_taken_for_the_disk(app):
    assert database.disk_trouble(sa.exc.OperationalError("SELECT", {}, Exception("no such table: x"))) is None
    assert (
        database.disk_trouble(sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))) == "disk_io"
    )


def test_a_crowd_that_takes_every_database_connection_gets_a_503_to_retry(make_app, caplog):
    # Two connections (a check-in's request and the counts sent after it), and this test holds both: the
    # next request waits the pool's timeout, then hears why.
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 2, "max_overflow": 0, "pool_timeout": 3})
    code = gen_workshop(app)
    with app.app_context(), db.engine.connect(), db.engine.connect(), caplog.at_level(logging.ERROR):
        response = app.test_client().post(
            f"/api/workshops/{code}/attendees", json={"name": "Marie", "client_id": client_id()}
        )
    assert response.status_code == 503
    assert response.json == {
        "error": "Kiosk ne peut pas enregistrer pour l’instant. Votre envoi repartira tout seul."
    }
    (record,) = [r for r in caplog.records if "no database connection free" in r.getMessage()]
    assert record.exc_info is None
    assert (
        app.test_client()
        .post(f"/api/workshops/{code}/attendees", json={"name": "Marie", "client_id": client_id()})
        .status_code
        == 201
    )


def _write_locked(database_file):
    """Whether a transaction holds SQLite's write lock on this file right now."""
    probe = sqlite3.connect(database_file, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


@pytest.mark.sqlite_only
def test_a_writer_waiting_for_a_stalled_disk_does_not_stop_the_room(tmp_path):
    # The disk stalls every commit while this file exists, as a slow fsync would (eventlet, SQLite).
    held = tmp_path / "disk-held"
    server = LiveServer(tmp_path / "instance", slow_disk_hold=str(held))
    server.start()
    phones = [requests.Session() for _ in range(2)]
    try:
        code = json.loads(server.run("workshop", "create", "--title", "Atelier", "--json"))["code"]
        for n, phone in enumerate(phones):
            answer = phone.post(
                f"{server.url}/api/workshops/{code}/attendees",
                json={"name": f"P{n}", "client_id": client_id()},
            )
            assert answer.status_code == 201
        events, lock = [], threading.Lock()

        def answered(name, status):
            with lock:
                events.append((name, status))

        def post_question(phone, name):
            """Send a question on a new connection; returns a thread that waits for its answer."""
            cookies = "; ".join(f"{c.name}={c.value}" for c in phone.cookies)
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            body = json.dumps({"text": f"Question de {name} ?", "client_id": client_id()})
            headers = {"Content-Type": "application/json", "Cookie": cookies}
            connection.request("POST", f"/api/workshops/{code}/questions", body, headers)

            def wait():
                try:
                    answered(name, connection.getresponse().status)
                finally:
                    connection.close()

            waiting = threading.Thread(target=wait)
            waiting.start()
            return waiting

        held.touch()
        first = post_question(phones[0], "first writer")
        # Its commit has begun and waits for the disk: the database stays locked for writing until then.
        while not _write_locked(server.instance_path / "kiosk.sqlite3"):
            time.sleep(0.01)
        # A second writer, sent whole before the reader even connects: it reaches its write first.
        second = post_question(phones[1], "second writer")
        board = requests.get(f"{server.url}/api/workshops/{code}/questions", timeout=120)
        answered("reader", board.status_code)
        held.unlink()
        first.join(timeout=120)
        second.join(timeout=120)
        questions = requests.get(f"{server.url}/api/workshops/{code}/questions", timeout=120).json()
    finally:
        for phone in phones:
            phone.close()
        server.stop()
    # The reader was answered while both writers still waited for the disk, and neither lost its write.
    assert events[0] == ("reader", 200)
    assert sorted(events[1:]) == [("first writer", 201), ("second writer", 201)]
    assert len(questions["questions"]) == 2
