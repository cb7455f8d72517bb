"""Backups: a copy written while Kiosk runs, put back with `kiosk restore`, which refuses anything else."""

import sqlite3
from contextlib import closing

import pytest
from click.testing import CliRunner

from kiosk.data import backups
from kiosk.ops.cli import cli

from .helpers import check_in, gen_workshop


def count_attendees(path):
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM attendee").fetchone()[0]


@pytest.mark.sqlite_only
def test_backup_then_restore_brings_back_that_moment(app, instance, tmp_path):
    code = gen_workshop(app)
    check_in(app.test_client(), code, "Marie")
    result = CliRunner().invoke(cli, ["backup", str(tmp_path / "copies")])
    assert result.exit_code == 0, result.output
    (copy,) = (tmp_path / "copies").glob("kiosk-*.sqlite3")
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    check_in(app.test_client(), code, "Paul")
    assert count_attendees(instance / "kiosk.sqlite3") == 2
    restored = CliRunner().invoke(cli, ["restore", "--yes", str(copy)])
    assert restored.exit_code == 0, restored.output
    assert count_attendees(instance / "kiosk.sqlite3") == 1
    names = app.test_client().get(f"/api/workshops/{code}").json["attendance"]["present"]
    assert names == 1


@pytest.mark.sqlite_only
def test_restore_refuses_a_file_that_is_not_a_kiosk_backup(app, instance, tmp_path):
    stranger = tmp_path / "holiday.sqlite3"
    with closing(sqlite3.connect(stranger)) as db:
        db.execute("CREATE TABLE photos (name TEXT)")
    result = CliRunner().invoke(cli, ["restore", "--yes", str(stranger)])
    assert result.exit_code != 0
    assert "n’est pas une sauvegarde de Kiosk" in result.output
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert (
        "n’est pas une sauvegarde de Kiosk" in CliRunner().invoke(cli, ["restore", "--yes", str(text)]).output
    )


@pytest.mark.sqlite_only
def test_backup_and_restore_leave_no_database_file_open(app, tmp_path, monkeypatch):
    # Python 3.13 warns of an unclosed connection only when it is collected; holding each one here
    # shows a forgotten close() on any version.
    opened = []
    connect = sqlite3.connect

    def connect_and_note(*args, **kwargs):
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    gen_workshop(app)
    holiday = tmp_path / "holiday.sqlite3"
    with closing(sqlite3.connect(holiday)) as db:
        db.execute("CREATE TABLE photos (name TEXT)")
    monkeypatch.setattr(sqlite3, "connect", connect_and_note)
    with app.app_context():
        copy = backups.backup(tmp_path / "copies")
        backups.restore(copy)
        with pytest.raises(backups.BackupError):
            backups.restore(holiday)
    monkeypatch.undo()
    assert len(opened) == 6  # the backup's two, the restore's check and its two, the refused check
    for connection in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            connection.execute("SELECT 1")
