"""The data register lists every stored column, and erasure leaves nothing personal in the file."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.data.database import now
from kiosk.extensions import db
from kiosk.ops.cli import cli
from kiosk.rules import reporting, workshops

from .helpers import ask, become_moderator, check_in, client_id, gen_workshop

REGISTER = Path(__file__).resolve().parents[1] / "docs" / "data-register.md"


def test_every_column_is_in_the_data_register(app):
    listed = set(re.findall(r"^\| (\w+\.\w+) \|", REGISTER.read_text(), flags=re.MULTILINE))
    stored = {
        f"{table.name}.{column.name}" for table in db.metadata.tables.values() for column in table.columns
    }
    assert stored - listed == set(), "columns missing from docs/data-register.md"
    assert listed - stored == set(), "the register lists columns that no longer exist"


PLANTED = "Zéphyrine Quatremare"
PHONE = "06 12 34 56 78"


def database_bytes(instance):
    """Everything SQLite has on disk for Kiosk: the file and its write-ahead log."""
    return b"".join(path.read_bytes() for path in instance.glob("kiosk.sqlite3*"))


@pytest.mark.sqlite_only
def test_purge_erases_old_personal_data_for_real_and_keeps_the_counts(app, instance):
    old = gen_workshop(
        app,
        "Atelier de l’an dernier",
        starts_at=now() - timedelta(days=400),
        ask_age_band=True,
        phase="feedback",
    )
    recent = gen_workshop(app, "Atelier de la semaine", starts_at=now() - timedelta(days=3))
    phone = app.test_client()
    phone.post(
        f"/api/workshops/{old}/attendees",
        json={"name": PLANTED, "client_id": client_id(), "age_band": "70_plus"},
    )
    ask(phone, old, "Comment sauvegarder mes photos ?", anonymous=False)
    phone.post(f"/api/workshops/{old}/feedback", json={"client_id": client_id(), "rating": "good"})
    moderator = become_moderator(app, app.test_client(), old)
    moderator.post(
        f"/api/workshops/{old}/registrations",
        json={"name": "Gaspard Registre", "phone": PHONE, "consent": True, "client_id": client_id()},
    )
    check_in(app.test_client(), recent, "Marie Récente")
    with app.app_context():
        before = reporting.participants(workshops.by_code(old))
        db.session.remove()
        db.engine.dispose()
    assert PLANTED.encode() in database_bytes(instance)

    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "1 atelier(s)" in result.output

    stored = database_bytes(instance)
    for secret in (PLANTED, "Gaspard Registre", PHONE):
        assert secret.encode() not in stored, secret
    assert "Marie Récente".encode() in stored  # within the period: kept
    with app.app_context():
        erased = workshops.by_code(old)
        after = reporting.workshop_report(erased)
        assert erased.personal_data_erased_at is not None
        assert after["participants"]["total"] == before["total"] == 1
        assert dict(after["participants"]["ages"])["70 ans et plus"] == 1
        assert after["feedback"]["score"] == 10.0
        (question,) = after["questions"]["unanswered"]
        assert question.attendee_id is None and question.anonymous
        db.session.remove()
        db.engine.dispose()
    # The moderator's own link went with the people: it no longer opens the console.
    assert moderator.get(f"/w/{old}/moderate").status_code == 403
    # A second pass finds nothing more to do.
    assert "0 atelier(s)" in CliRunner().invoke(cli, ["purge"]).output


def test_the_organiser_chooses_how_long_personal_data_is_kept(app):
    from .helpers import become_organiser, csrf_token

    organiser = become_organiser(app, app.test_client())
    code = gen_workshop(app, starts_at=now() - timedelta(days=70))
    check_in(app.test_client(), code, "Marie")
    token = csrf_token(organiser, "/admin/")
    wrong = organiser.post(
        "/admin/retention", data={"csrf_token": token, "months": "0"}, follow_redirects=True
    )
    assert "durée de conservation" in wrong.get_data(as_text=True)
    done = organiser.post(
        "/admin/retention", data={"csrf_token": token, "months": "2"}, follow_redirects=True
    )
    assert "Ateliers effacés maintenant : 1." in done.get_data(as_text=True)
    assert 'value="2"' in done.get_data(as_text=True)
    stranger = app.test_client()
    own_token = csrf_token(stranger, "/admin/login")
    refused = stranger.post("/admin/retention", data={"csrf_token": own_token, "months": "1"})
    assert refused.headers["Location"].startswith("/admin/login")
