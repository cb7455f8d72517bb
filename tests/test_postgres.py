"""On PostgreSQL: erasure leaves nothing readable in the table files, `kiosk backup` wraps pg_dump, and the
periodic purge runs once across workers. The SQLite counterparts are in test_erasure.py and
test_backups.py."""

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk import create_app
from kiosk.data.database import exclusive, upgrade_schema
from kiosk.data.models import Attendee
from kiosk.extensions import db
from kiosk.rules import attendance, erasure, retention, subjects, workshops

from . import services
from .helpers import KIOSK, LiveServer, client_id, close_database

NAME = "Zorglubette Quasimodine"


@pytest.fixture
def database_url():
    """A new PostgreSQL database of this run."""
    services.require_postgres()
    return services.new_database()


@pytest.fixture
def postgres_app(tmp_path, monkeypatch, database_url):
    """An app on a migrated PostgreSQL database of its own."""
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade_schema()
    yield app
    close_database(app)


def table_files(conn):
    """The files of the tables that hold personal data, their TOAST and indexes, as they are on disk."""
    conn.exec_driver_sql("CHECKPOINT")
    folder = Path(conn.exec_driver_sql("SHOW data_directory").scalar())
    paths = (
        conn.execute(
            sa.text(
                """SELECT pg_relation_filepath(c.oid) FROM pg_class c
               WHERE c.oid IN (SELECT oid FROM pg_class WHERE relname = ANY(:tables))
                  OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relname = ANY(:tables))
                  OR c.oid IN (SELECT indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                               WHERE t.relname = ANY(:tables))"""
            ),
            {"tables": erasure.PERSONAL_TABLES},
        )
        .scalars()
        .all()
    )
    try:
        return b"".join(
            file.read_bytes() for path in paths if path for file in sorted(folder.glob(path + "*"))
        )
    except PermissionError:
        pytest.skip("PostgreSQL's files cannot be read by this account")


def test_an_erased_person_leaves_nothing_readable_in_the_table_files(postgres_app):
    with postgres_app.app_context():
        workshop = workshops.create("Atelier")
        attendance.check_in(workshop, NAME, client_id())
        person = db.session.scalar(sa.select(Attendee).where(Attendee.name == NAME))
        with db.engine.connect() as conn:
            assert NAME.encode() in table_files(conn)  # the files read are the right ones
        subjects.erase("attendee", person, postgres_app.instance_path)
        with db.engine.connect() as conn:
            assert NAME.encode() not in table_files(conn)


def test_a_removed_person_leaves_nothing_readable_in_the_table_files(postgres_app):
    with postgres_app.app_context():
        workshop = workshops.create("Atelier")
        attendance.check_in(workshop, NAME, client_id())
        attendance.remove(db.session.scalar(sa.select(Attendee).where(Attendee.name == NAME)))
        with db.engine.connect() as conn:
            assert NAME.encode() not in table_files(conn)


def kiosk(tmp_path, database_url, *args, path=None):
    """Run a `kiosk` command on this PostgreSQL database; returns the finished process."""
    env = LiveServer(tmp_path / "instance", database_url=database_url).env
    env |= {"PATH": path} if path is not None else {}
    return subprocess.run(
        [KIOSK, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_kiosk_backup_writes_a_pg_dump_that_pg_restore_reads(tmp_path, postgres_app, database_url):
    with postgres_app.app_context():
        attendance.check_in(workshops.create("Atelier"), NAME, client_id())
    done = kiosk(tmp_path, database_url, "backup", str(tmp_path / "copies"))
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.split("Sauvegarde écrite : ")[1].strip())
    assert written.suffix == ".dump" and written.stat().st_mode & 0o077 == 0
    assert written.read_bytes().startswith(b"PGDMP")
    restored = subprocess.run(["pg_restore", "--file=-", str(written)], capture_output=True, check=True)
    assert NAME.encode() in restored.stdout
    # Restoring is said in exact words, to be run with every server stopped.
    refused = kiosk(tmp_path, database_url, "restore", "--yes", str(written))
    assert refused.returncode != 0 and "pg_restore --clean --if-exists" in refused.stderr


def test_without_pg_dump_kiosk_backup_says_exactly_what_to_run(tmp_path, postgres_app, database_url):
    done = kiosk(tmp_path, database_url, "backup", path=str(Path(sys.executable).parent))
    assert done.returncode != 0
    assert "apt-get install postgresql-client" in done.stderr and "pg_dump --format=custom" in done.stderr


def test_the_periodic_purge_runs_once_across_workers(postgres_app):
    with postgres_app.app_context():
        with exclusive("purge") as held:
            assert held
            # Another worker waking now does not purge a second time at once.
            with exclusive("purge", wait=False) as other:
                assert not other
        assert retention.periodic_pass(postgres_app.instance_path)
        # A worker waking a moment later sees the pass is done for this period.
        assert not retention.periodic_pass(postgres_app.instance_path)
