"""Backups of the database: a consistent copy taken while Kiosk runs, and a restore.

SQLite is copied with its backup API; PostgreSQL with `pg_dump` (Debian's postgresql-client), whose
files `pg_restore` puts back.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import datetime
from pathlib import Path

from kiosk.data import database, storage
from kiosk.extensions import db

# Backups are for a broken PC, not an archive: older ones are deleted by the retention pass.
KEEP_DAYS = 30
PATTERNS = ("kiosk-*.sqlite3", "kiosk-*.dump")


class BackupError(Exception):
    """A backup or restore that cannot be done, with a plain reason."""


def database_file():
    """The SQLite file Kiosk uses; other databases have their own backup tools."""
    found = storage.sqlite_file()
    if found is None:
        raise BackupError("Kiosk ne sauvegarde que SQLite et PostgreSQL ; utilisez les outils de votre base.")
    return found


def _postgres():
    """The database's address for PostgreSQL's own tools (without its password) and their environment."""
    url = db.engine.url.set(drivername="postgresql")
    env = os.environ | ({"PGPASSWORD": url.password} if url.password else {})
    return url.set(password=None).render_as_string(hide_password=False), env


def pg_dump(target):
    """Write a PostgreSQL dump of the database into `target` (pg_restore's custom format)."""
    address, env = _postgres()
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={address}"]
    if shutil.which("pg_dump") is None:
        raise BackupError(
            "pg_dump est introuvable. Installez-le (sudo apt-get install postgresql-client), "
            f"ou lancez vous-même : {' '.join(command)}"
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        Path(target).unlink(missing_ok=True)
        raise BackupError(f"pg_dump a échoué : {done.stderr.strip()}\nCommande : {' '.join(command)}")


def default_folder(instance_path):
    """Where backups go unless told otherwise: instance/backups (git-ignored, like the database)."""
    return Path(instance_path) / "backups"


def backup(target):
    """Copy the live database into `target` (a file, or a folder for a dated file); returns the file.

    SQLite's backup API copies a consistent state even while phones write.
    """
    live = None if database.is_shared() else database_file()
    target = Path(target)
    if target.is_dir() or not target.suffix:
        if not target.exists():
            storage.private_folder(target)
        suffix = ".sqlite3" if live else ".dump"
        target = target / f"kiosk-{datetime.now():%Y%m%d-%H%M%S}{suffix}"
    storage.private_file(target)  # it holds personal data
    if live is None:
        pg_dump(target)
        return target
    # `with connect()` only ends a transaction: closing() is what closes the file.
    with closing(sqlite3.connect(live)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target


def restore(source):
    """Replace the database with the backup `source` (Kiosk must be stopped)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Fichier introuvable : {source}")
    if database.is_shared():
        address, _env = _postgres()
        raise BackupError(
            "Arrêtez tous les serveurs Kiosk, puis lancez : "
            f"pg_restore --clean --if-exists --no-owner --dbname={address} {source}"
        )
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as check:
            check.execute("SELECT version_num FROM alembic_version").fetchone()
            check.execute("SELECT count(*) FROM workshop").fetchone()
    except sqlite3.DatabaseError:
        raise BackupError(f"Ce fichier n’est pas une sauvegarde de Kiosk : {source}") from None
    db.engine.dispose()
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_db,
        closing(sqlite3.connect(database_file())) as live,
    ):
        backup_db.backup(live)


def delete_older_than(folder, moment):
    """Remove backup files made before `moment` (they hold personal data too); returns how many."""
    folder = Path(folder)
    removed = 0
    for path in _listed(folder):
        if datetime.fromtimestamp(path.stat().st_mtime).astimezone() < moment:
            path.unlink()
            removed += 1
    return removed


def _listed(folder):
    folder = Path(folder)
    return sorted(path for pattern in PATTERNS for path in folder.glob(pattern)) if folder.is_dir() else []


def renew(folder):
    """Replace the backups in `folder` by one copy of the database as it is now; returns it, or None.

    After an erasure, older backups still hold what was erased; the fresh copy still lets the
    room recover from a broken PC.
    """
    older = _listed(folder)
    if not older:
        return None
    fresh = backup(folder)
    for path in older:
        if path != fresh:
            path.unlink()
    return fresh
