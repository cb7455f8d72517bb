"""Backups of the SQLite database: a consistent copy taken while Kiosk runs, and a restore."""

import sqlite3
from datetime import datetime
from pathlib import Path

from .extensions import db

# Backups are for a broken PC, not an archive: older ones are deleted by the retention pass.
KEEP_DAYS = 30


class BackupError(Exception):
    """A backup or restore that cannot be done, with a plain reason."""


def database_file():
    """The SQLite file Kiosk uses; other databases have their own backup tools."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError("Kiosk ne sauvegarde que sa base SQLite ; utilisez les outils de votre base.")
    return Path(url.database)


def default_folder(instance_path):
    """Where backups go unless told otherwise: instance/backups (git-ignored, like the database)."""
    return Path(instance_path) / "backups"


def backup(target):
    """Copy the live database into `target` (a file, or a folder for a dated file); returns the file.

    SQLite's backup API copies a consistent state even while phones write.
    """
    target = Path(target)
    if target.is_dir() or not target.suffix:
        target.mkdir(parents=True, exist_ok=True)
        target = target / f"kiosk-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    with sqlite3.connect(database_file()) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    copy.close()
    target.chmod(0o600)  # it holds personal data
    return target


def restore(source):
    """Replace the database with the backup `source` (Kiosk must be stopped)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Fichier introuvable : {source}")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            check.execute("SELECT version_num FROM alembic_version").fetchone()
            check.execute("SELECT count(*) FROM workshop").fetchone()
    except sqlite3.DatabaseError:
        raise BackupError(f"Ce fichier n’est pas une sauvegarde de Kiosk : {source}") from None
    db.engine.dispose()
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_db,
        sqlite3.connect(database_file()) as live,
    ):
        backup_db.backup(live)


def delete_older_than(folder, moment):
    """Remove backup files made before `moment` (they hold personal data too); returns how many."""
    folder = Path(folder)
    removed = 0
    for path in folder.glob("kiosk-*.sqlite3") if folder.is_dir() else []:
        if datetime.fromtimestamp(path.stat().st_mtime).astimezone() < moment:
            path.unlink()
            removed += 1
    return removed
