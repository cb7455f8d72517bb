"""Fixtures: a fresh app on its own database file per test, clients, and a live server."""

import os
import shutil
import sqlite3
from contextlib import closing

# A KIOSK_* setting exported in this shell (a database, a Redis) must never pick what the tests write to:
# each test and each server it starts says what it uses.
for _name in [
    name for name in os.environ if name.startswith("KIOSK_") and not name.startswith("KIOSK_TEST_")
]:
    del os.environ[_name]

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from kiosk import create_app  # noqa: E402
from kiosk.extensions import db  # noqa: E402

from . import services  # noqa: E402
from .helpers import LiveServer, become_organiser, close_database  # noqa: E402

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


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, skip the tests about SQLite's own file (each has a PostgreSQL counterpart where
    one makes sense)."""
    if services.on_postgres:
        skip = pytest.mark.skip(reason="about SQLite's own file: this run is on PostgreSQL")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


def pytest_sessionfinish(session, exitstatus):
    """Drop the PostgreSQL databases this run made."""
    services.drop_databases()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A database brought up to date by the real migrations, once: a SQLite file each test gets a copy
    of, or on PostgreSQL this run's own database, emptied before each test."""
    if services.on_postgres:
        url = services.new_database(services.SUITE_DATABASE)
    else:
        folder = tmp_path_factory.mktemp("template")
        url = f"sqlite:///{folder}/kiosk.sqlite3"
    app = create_app(TEST_CONFIG | {"DATABASE_URL": url, "SECRET_KEY": "x"})
    with app.app_context():
        from kiosk.data.database import upgrade_schema

        upgrade_schema()
        db.engine.dispose()
    if services.on_postgres:
        return url
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
    """Build Kiosk apps on this test's own migrated database: `make_app(TRUST_LOOPBACK=True)`.

    Settings go on top of the test configuration; every app made in one test shares its database.
    """
    made = []
    if services.on_postgres:
        services.reset(migrated_database)
        url = migrated_database
    else:
        url = f"sqlite:///{instance / 'kiosk.sqlite3'}"

    def make(**settings):
        if not services.on_postgres and not (instance / "kiosk.sqlite3").exists():
            shutil.copy(migrated_database, instance / "kiosk.sqlite3")
        made.append(create_app(TEST_CONFIG | {"DATABASE_URL": url} | settings))
        return made[-1]

    yield make
    for app in made:
        close_database(app)


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
