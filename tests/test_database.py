"""The database: durable SQLite settings on every connection, and a schema made by migrations only."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.data import database
from kiosk.extensions import db
from kiosk.rules import workshops


@pytest.mark.sqlite_only
def test_every_connection_is_durable(app):
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        database.check_settings()


def test_migrations_build_exactly_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert differences == []


@pytest.mark.sqlite_only
def test_migrated_tables_never_give_an_id_twice(app):
    with app.app_context(), db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.kwargs.get("sqlite_autoincrement"):
                sql = conn.exec_driver_sql(
                    f"SELECT sql FROM sqlite_master WHERE name = '{table.name}'"
                ).scalar()
                assert "AUTOINCREMENT" in sql, table.name


@pytest.mark.sqlite_only
def test_start_up_check_notices_a_database_without_durable_settings(app):
    with app.app_context():
        sa.event.remove(db.engine, "connect", database._set_sqlite_pragmas)
        db.engine.dispose()
        with pytest.raises(RuntimeError, match="journal_mode|synchronous|foreign_keys|busy_timeout"):
            database.check_settings()


def test_removing_a_workshop_removes_its_people_and_questions(app, client):
    from .helpers import ask, check_in, gen_workshop

    code = gen_workshop(app)
    check_in(client, code)
    ask(client, code)
    with app.app_context():
        db.session.delete(workshops.by_code(code))
        db.session.commit()
        for table in ("attendee", "question"):
            assert db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_timestamps_come_back_in_utc(app):
    with app.app_context():
        created = workshops.create("Atelier")
        db.session.expire_all()
        assert workshops.by_code(created.code).created_at.utcoffset().total_seconds() == 0
