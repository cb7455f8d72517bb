"""The database: SQLite settings that keep acknowledged writes, and schema upgrades at start-up.

SQLite serves one process. PostgreSQL may serve several workers: what only one of them may do at a time
(upgrading the schema, the retention pass) takes one of PostgreSQL's advisory locks (`exclusive`).
"""

import os
import sqlite3
import sys
import threading
import time
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


def _green():
    """eventlet's pool of OS threads when eventlet runs this process (`kiosk serve`), else None."""
    # Never imported here: only a process that eventlet already patched has anything to set aside.
    patcher = sys.modules.get("eventlet.patcher")
    if patcher is None or not patcher.is_monkey_patched("thread"):
        return None
    from eventlet import tpool

    return tpool


# The first statements of a transaction that write: from there SQLite holds its write lock until commit.
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC", "CREATE", "DROP", "ALTER")


class CommitAside(sqlite3.Connection):
    """A SQLite connection whose commit, and the fsync in it, runs in an OS thread under eventlet: a slow
    disk then holds up the request that writes, never every socket of the room (eventlet's sockets all
    wait while C code runs in its one thread).

    Its write transactions also take turns on `writers`, a lock taken before the first write and given
    back at commit or rollback: a second writer waits there, where eventlet and gevent run the other
    sockets meanwhile, rather than in SQLite's busy handler, C code that would stop them all.
    """

    slow = 0.0
    hold = None
    writers = None
    writing = False

    def will_write(self):
        """Wait for this connection's turn to write, unless its transaction has it already."""
        if self.writers is not None and not self.writing:
            # Past SQLite's own patience, SQLite's busy handler decides, as it would without this lock.
            self.writing = self.writers.acquire(timeout=SQLITE_PRAGMAS["busy_timeout"] / 1000)

    def _done_writing(self):
        if self.writing:
            self.writing = False
            self.writers.release()

    def commit(self):
        """Commit in an OS thread when eventlet runs, here otherwise."""
        pool = _green()
        try:
            return pool.execute(self._commit) if pool else self._commit()
        finally:
            self._done_writing()

    def rollback(self):
        """Roll back, and give the turn to write to the next writer."""
        try:
            super().rollback()
        finally:
            self._done_writing()

    def close(self):
        """Close, giving back the turn to write if a transaction still held it."""
        try:
            super().close()
        finally:
            self._done_writing()

    def _commit(self):
        if self.slow:
            _os_sleep(self.slow)  # a slow disk, played by the bench: it blocks as an fsync does
        while self.hold and os.path.exists(self.hold):
            _os_sleep(0.01)  # a disk held by a test until it has seen what it waits for
        super().commit()


def _os_sleep(seconds):
    patcher = sys.modules.get("eventlet.patcher")
    (patcher.original("time").sleep if patcher else time.sleep)(seconds)


def sqlite_connect_args(config):
    """How SQLite connections are opened: commits set aside and writers taking turns (see CommitAside),
    slowed or held for the bench and the tests."""
    # Made here, once the server's async mode has patched `threading`: a green lock under eventlet and
    # gevent, an OS thread's lock otherwise. One per app, as one app writes one database file.
    settings = {
        "slow": config["SLOW_DISK_SECONDS"],
        "hold": config["SLOW_DISK_HOLD"],
        "writers": threading.Lock(),
    }
    factory = type("CommitAsideHere", (CommitAside,), settings)
    # The commit may run in another OS thread than the statements before it (never at the same time).
    return {"factory": factory, "check_same_thread": False}


def _before_statement(conn, _cursor, statement, _parameters, _context, _executemany):
    if statement.lstrip()[:6].upper().startswith(WRITES):
        dbapi = conn.connection.dbapi_connection
        if isinstance(dbapi, CommitAside):
            dbapi.will_write()


def init_app(app):
    """Apply the SQLite settings to every new connection of this app's engine."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _set_sqlite_pragmas)
            sa.event.listen(db.engine, "before_cursor_execute", _before_statement)


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


# What SQLite says when the disk, not the request, is at fault.
DISK_TROUBLES = (
    ("database or disk is full", "disk_full"),
    ("readonly database", "read_only"),
    ("disk i/o error", "disk_io"),
    ("unable to open database file", "disk_io"),
)


def _said(error):
    """What the database driver said, in lower case."""
    return str(getattr(error, "orig", error)).lower()


def waited_too_long(error):
    """Whether a database error says another writer held the database past SQLite's patience (another
    program on the file, or a disk so slow that writers queue for longer than that)."""
    return "database is locked" in _said(error)


def disk_trouble(error):
    """ "disk_full", "read_only" or "disk_io" when a database error comes from the disk, else None."""
    text = _said(error)
    return next((kind for words, kind in DISK_TROUBLES if words in text), None)


class DiskHealth:
    """The disk's latest trouble in this process, until a write succeeds again."""

    def __init__(self):
        self.trouble = None
        self.listeners = []

    def failed(self, kind):
        """Record a write the disk refused; True when this is news."""
        news = self.trouble != kind
        self.trouble = kind
        if news:
            for listener in self.listeners:
                listener(kind)
        return news

    def wrote(self):
        """A write was committed: the disk is fine again."""
        if self.trouble is not None:
            self.trouble = None
            for listener in self.listeners:
                listener(None)


disk = DiskHealth()


@sa.event.listens_for(sa.orm.Session, "after_flush")
def _flushed(session, _context):
    session.info["kiosk.wrote"] = True


@sa.event.listens_for(sa.orm.Session, "do_orm_execute")
def _executed(state):
    # Plain Core inserts and updates write too, with no flush to say so.
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["kiosk.wrote"] = True


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _committed(session):
    if session.info.pop("kiosk.wrote", False):
        disk.wrote()


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _rolled_back(session):
    session.info.pop("kiosk.wrote", None)
