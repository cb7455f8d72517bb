"""The database: SQLite settings that keep acknowledged writes, and schema upgrades at start-up.

SQLite serves one process. PostgreSQL may serve several workers: what only one of them may do at a time
(upgrading the schema, the retention pass) takes one of PostgreSQL's advisory locks (`exclusive`).
"""

import os
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from kiosk.extensions import db

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")

# WAL lets the board read while a phone writes; FULL makes a commit survive a power cut, not only a crash.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": 10000,
    # Deleted rows are overwritten with zeros: erased personal data is gone from the file's bytes.
    "secure_delete": 1,
}


def now():
    """The current time in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """A timestamp stored as UTC and always read back timezone-aware."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None:
            value = value.replace(tzinfo=UTC)
        return value


def _set_sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    for name, value in SQLITE_PRAGMAS.items():
        cursor.execute(f"PRAGMA {name} = {value}")
    cursor.close()


def init_app(app):
    """Apply the SQLite settings to every new connection of this app's engine."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _set_sqlite_pragmas)


def check_settings():
    """Fail loudly when the database does not run with the settings that make writes durable."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        for name, wanted in SQLITE_PRAGMAS.items():
            actual = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            if str(actual).lower() != str(wanted).lower():
                raise RuntimeError(f"SQLite PRAGMA {name} is {actual!r}, expected {wanted!r}")


# Advisory lock numbers: any 64-bit number, the same in every worker.
LOCKS = {"migrate": 0x4B494F534B01, "purge": 0x4B494F534B02}


def is_shared():
    """Whether several workers may use this database at once (PostgreSQL); SQLite serves one process."""
    return db.engine.dialect.name == "postgresql"


@contextmanager
def exclusive(name, wait=True):
    """Hold lock `name` across every worker of this database while the block runs; yields whether it is
    held (always, on SQLite). Without `wait`, a lock another worker holds is not waited for."""
    if not is_shared():
        yield True
        return
    number = {"number": LOCKS[name]}
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if wait:
            conn.execute(sa.text("SELECT pg_advisory_lock(:number)"), number)
            held = True
        else:
            held = conn.execute(sa.text("SELECT pg_try_advisory_lock(:number)"), number).scalar()
        try:
            yield held
        finally:
            if held:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:number)"), number)


def upgrade_schema():
    """Bring the database schema up to the newest migration; workers starting together take turns."""
    with exclusive("migrate"):
        upgrade(directory=MIGRATIONS)


def schema_is_current():
    """Whether the database's schema is at the newest migration."""
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(ScriptDirectory.from_config(config).get_heads())
