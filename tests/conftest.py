"""Fixtures: a fresh app on its own database file per test, clients, and a live server."""

import shutil
import sqlite3
from contextlib import closing

import pytest

from kiosk import create_app
from kiosk.extensions import db

from .helpers import LiveServer

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
def app(instance, migrated_database):
    """A Kiosk app on its own migrated SQLite file."""
    shutil.copy(migrated_database, instance / "kiosk.sqlite3")
    app = create_app(TEST_CONFIG)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def room_pc_app(instance, migrated_database):
    """An app that trusts its own PC's browser (127.0.0.1), as `kiosk serve` does by default."""
    shutil.copy(migrated_database, instance / "kiosk.sqlite3")
    app = create_app(TEST_CONFIG | {"TRUST_LOOPBACK": True})
    yield app
    with app.app_context():
        db.engine.dispose()


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
