"""Erasure erases: after anything personal is deleted, no copy of it stays on disk.

SQLite overwrites deleted rows (secure_delete), but the write-ahead log (kiosk.sqlite3-wal) keeps
the pages as they were until it is emptied, for months on a quiet PC. So after the moderator removes
or merges someone the log is emptied (a TRUNCATE checkpoint); after a person is erased on request or
by the retention period, the file is also rewritten (VACUUM) and the backups in instance/backups
are replaced by one fresh copy.

PostgreSQL keeps a deleted row's bytes in its table file, even after a plain VACUUM: there, every
erasure rewrites the tables that hold personal data into new files (VACUUM FULL, their indexes too).
Its write-ahead log and its backups are the administrator's (README, "Several workers").
"""

import logging
import time

import sqlalchemy as sa

from kiosk.data import backups, database, storage
from kiosk.data.models import (
    Attendee,
    Feedback,
    HelpRequest,
    Login,
    ModeratorLink,
    Question,
    Registration,
    Vote,
)
from kiosk.extensions import db

log = logging.getLogger(__name__)

# A checkpoint waits for readers still on an older state, and VACUUM for a writer; both take
# milliseconds. A short busy timeout and cooperative sleeps let them finish under green threads too.
TRIES = 20
WAIT = 0.1  # seconds


def _until_done(conn, statement):
    """Run `statement` until SQLite is no longer busy; False if it still was after every try."""
    for _attempt in range(TRIES):
        try:
            result = conn.exec_driver_sql(statement)
            # A checkpoint answers (busy, log pages, pages copied); busy 0 means the log is now empty.
            busy = result.returns_rows and result.scalar() != 0
        except sa.exc.OperationalError:  # locked by a writer
            busy = True
        if not busy:
            return True
        time.sleep(WAIT)
    return False


# The tables whose rows hold personal data (docs/data-register.md), rewritten on PostgreSQL.
PERSONAL_TABLES = [
    model.__tablename__
    for model in (Attendee, Registration, Question, HelpRequest, Vote, Feedback, Login, ModeratorLink)
]
# How long a rewrite on PostgreSQL waits for the tables' lock: every request queues behind it meanwhile.
LOCK_TIMEOUT = "2s"


def _rewrite_postgres_tables():
    """Rewrite the tables that hold personal data into new files; False if they were too busy."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        try:
            for table in PERSONAL_TABLES:
                conn.exec_driver_sql(f'VACUUM (FULL) "{table}"')
            return True
        except sa.exc.OperationalError:  # a long transaction held a table: the next pass catches up
            log.warning(
                "erased data may stay in the database's files until the next retention pass: it was busy"
            )
            return False
        finally:
            conn.invalidate()  # its lock timeout is not for the next request


def _run(*statements):
    """Run each statement on a connection of its own until SQLite is no longer busy; False if it stayed so."""
    if database.is_shared():
        return _rewrite_postgres_tables()
    if storage.sqlite_file() is None:
        return True
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(WAIT * 1000)}")
        # VACUUM's temporary copy holds everyone's data: in memory, never in a file of /tmp.
        conn.exec_driver_sql("PRAGMA temp_store = MEMORY")
        try:
            done = all(_until_done(conn, statement) for statement in statements)
        finally:
            conn.invalidate()  # its settings differ from the pool's: not handed to the next request
    if not done:
        # The retention pass (at start and every six hours) compacts again.
        log.warning("erased data may stay in the database's log until the next retention pass: it was busy")
    return done


def empty_log():
    """Empty the write-ahead log, where deleted rows live on; False if it could not."""
    return _run("PRAGMA wal_checkpoint(TRUNCATE)")


def compact():
    """Rewrite the SQLite file without free pages and empty its write-ahead log; False if it could not."""
    return _run("VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)")


def leave_no_copy(instance_path):
    """After a person is erased: compact the database, then renew Kiosk's own backups."""
    if storage.sqlite_file() is None and not database.is_shared():
        return
    compact()
    backups.renew(backups.default_folder(instance_path))
