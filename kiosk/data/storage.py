"""Kiosk's files on disk belong to the PC account that runs it: nobody else on the PC may read them."""

import logging
import os
from pathlib import Path

from kiosk.extensions import db

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def sqlite_file():
    """The SQLite file Kiosk uses, or None for another database or one kept in memory."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def private_folder(path):
    """Make `path` a folder only this account may open: created so, or tightened if it is wider."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    _owner_only(path)
    return path


def private_file(path):
    """Make `path` a file only this account may read; a missing one is created empty with that mode."""
    path = Path(path)
    try:
        # Created with its mode, not chmod-ed afterwards: there is no moment when others may open it.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        _owner_only(path)
    return path


def _owner_only(path):
    """Take the rights of the group and of others away from `path`."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            path.chmod(mode & 0o700)
    except OSError as error:  # a file of another account: say so, but the room must still open
        log.warning("cannot make %s private: %s", path, error.strerror)


def lock_down(instance_path):
    """At start: the instance folder and all in it (backups too), and the database, this account's only.

    SQLite gives its -wal and -shm files the mode of the database file, so that file is created
    private before SQLite would create it with the default, readable by everyone.
    """
    private_folder(instance_path)
    for folder, folders, files in os.walk(instance_path):
        for name in folders + files:
            path = Path(folder, name)
            if not path.is_symlink():
                _owner_only(path)
    database = sqlite_file()
    if database is not None:
        private_file(database)
        for extra in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            if extra.exists():
                _owner_only(extra)
