"""Fixtures: a fresh app on its own database file per test, clients, and a live server."""

import shutil
import sqlite3
from contextlib import closing

import pytest
from hypothesis import HealthCheck, settings

from kiosk import create_app
from kiosk.extensions import db

from .helpers import LiveServer, become_organiser

# Property tests: no time limit per example (the machine is shared and busy), nothing kept on disk, and
# the app fixture may serve every example (each example makes the workshop it needs).
settings.register_profile(
    "kiosk",
    deadline=None,
    database=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile("kiosk")

TEST_CONFIG = {
    "TESTING": True,
    "ASYNC_MODE": "threading",
    # The test client calls from 127.0.0.1; tests that want the room PC's trust turn it on.
    "TRUST_LOOPBACK": False,
    # Tests send bursts from one address; the tests of the limits turn them back on.
    "RATELIMIT_ENABLED": False,
}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A database file brought up to date by the real migrations, once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("template")
    app = create_app(TEST_CONFIG | {"DATABASE_URL": f"sqlite:///{folder}/kiosk.sqlite3", "SECRET_KEY": "x"})
    with app.app_context():
        from kiosk.data.database import upgrade_schema

        upgrade_schema()
        db.engine.dispose()
    path = folder / "kiosk.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder, used by the app built in this test."""
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(folder))
    return folder


@pytest.fixture
def make_app(instance, migrated_database):
    """Build Kiosk apps on this test's own migrated SQLite file: `make_app(TRUST_LOOPBACK=True)`.

    Settings go on top of the test configuration; every app made in one test shares its database.
    """
    made = []

    def make(**settings):
        database = instance / "kiosk.sqlite3"
        if not database.exists():
            shutil.copy(migrated_database, database)
        made.append(create_app(TEST_CONFIG | settings))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """A Kiosk app on its own migrated SQLite file."""
    return make_app()


@pytest.fixture
def room_pc_app(make_app):
    """An app that trusts its own PC's browser (127.0.0.1), as `kiosk serve` does by default."""
    return make_app(TRUST_LOOPBACK=True)


@pytest.fixture
def organiser(app):
    """A browser signed in with the organiser's passphrase."""
    return become_organiser(app, app.test_client())


@pytest.fixture
def client(app):
    """A browser-like HTTP client."""
    return app.test_client()


@pytest.fixture
def live_server(tmp_path):
    """A real `kiosk serve` process on 127.0.0.1 with its own instance folder."""
    server = LiveServer(tmp_path / "live-instance")
    server.start()
    yield server
    server.stop()
