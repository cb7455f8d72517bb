"""The migrations: each goes up, down and up again on a database holding a workshop, and loses nothing."""

import itertools
import sqlite3
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade

from kiosk.data.database import MIGRATIONS
from kiosk.extensions import db
from kiosk.rules import workshops

REVISIONS = sorted(path.name.split("_")[0] for path in Path(MIGRATIONS, "versions").glob("[0-9]*_*.py"))
# Kept by SQLite itself: the next id of each table, which a rebuilt table starts again from its rows.
OWN_TABLES = ("alembic_version", "sqlite_sequence")

# A workshop of the first schema: two people, a question with a "moi aussi", an answer, a link.
FIRST_DAY = """
INSERT INTO workshop (id, code, title, starts_at, duration_minutes, place, place_type, commune, postal_code,
    capacity, phase, level, themes, materials, notes, anonymous_default, premoderation, seq, created_at)
VALUES (1, '4821', 'Premiers pas sur tablette', '2026-11-20 13:30:00', 90, 'Médiathèque', 'mediatheque',
    'Bron', '69500', 12, 'feedback', NULL, '["email"]', '[]', '', 1, 0, 5, '2026-11-01 09:00:00');
INSERT INTO attendee (id, workshop_id, client_id, name, status, first_visit, age_band, social_status, commune,
    checked_in_at)
VALUES (1, 1, 'a1', 'Marie', 'present', 1, '70_plus', 'retraite', 'Bron', '2026-11-20 13:31:00'),
       (2, 1, 'a2', 'Paul', 'present', NULL, NULL, NULL, NULL, '2026-11-20 13:32:00');
INSERT INTO question (id, workshop_id, attendee_id, client_id, text, anonymous, status, theme, created_at,
    updated_at)
VALUES (1, 1, 1, 'q1', 'Comment envoyer une photo ?', 0, 'resolved', 'email', '2026-11-20 13:40:00',
    '2026-11-20 14:00:00');
INSERT INTO vote (id, question_id, attendee_id, client_id, created_at)
VALUES (1, 1, 2, 'v1', '2026-11-20 13:41:00');
INSERT INTO feedback (id, workshop_id, attendee_id, client_id, rating, learned, at_ease, next_topic, comment,
    created_at, updated_at)
VALUES (1, 1, 1, 'f1', 'good', 'yes', 'yes', 'Les photos', 'Merci', '2026-11-20 14:50:00',
    '2026-11-20 14:50:00');
INSERT INTO moderator_link (id, workshop_id, token_hash, expires_at, used_at)
VALUES (1, 1, 'h1', '2026-11-20 13:35:00', NULL);
"""


def schema(path):
    """Every table as SQLite holds it: columns, keys, indexes, and whether its ids are never reused.

    Read field by field: a table rebuilt by a migration may list the same constraints in another order.
    """
    with sqlite3.connect(path) as conn:
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {
            name: {
                "columns": conn.execute(f'PRAGMA table_info("{name}")').fetchall(),
                "foreign keys": sorted(row[2:] for row in conn.execute(f'PRAGMA foreign_key_list("{name}")')),
                "indexes": sorted(
                    (unique, [column for *_, column in conn.execute(f'PRAGMA index_info("{index}")')])
                    for _seq, index, unique, *_ in conn.execute(f'PRAGMA index_list("{name}")')
                ),
                "autoincrement": "AUTOINCREMENT" in sql.upper(),
            }
            for name, sql in tables.fetchall()
        }


def contents(path):
    """Every row of every table, in order."""
    with sqlite3.connect(path) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
            if table not in OWN_TABLES
        }


@pytest.mark.sqlite_only
def test_every_migration_goes_up_down_and_up_again_without_losing_data(make_app, tmp_path, migrated_database):
    path = tmp_path / "stairs.sqlite3"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=REVISIONS[0])
        with sqlite3.connect(path) as conn:
            conn.executescript(FIRST_DAY)
        for previous, revision in itertools.pairwise(REVISIONS):
            upgrade(directory=MIGRATIONS, revision=revision)
            up = schema(path), contents(path)
            downgrade(directory=MIGRATIONS, revision=previous)
            upgrade(directory=MIGRATIONS, revision=revision)
            assert (schema(path), contents(path)) == up, revision
        assert contents(path)["attendee"] and contents(path)["vote"]
        # Climbed step by step, the database is the one a fresh install gets, AUTOINCREMENT included.
        assert schema(path) == schema(migrated_database)
        workshop = workshops.by_code("4821")
        assert [a.name for a in workshop.attendees] == ["Marie", "Paul"]
        assert workshop.questions[0].text == "Comment envoyer une photo ?"
        db.engine.dispose()


@pytest.mark.sqlite_only
def test_the_first_revision_goes_down_to_an_empty_database(make_app, tmp_path):
    path = tmp_path / "empty.sqlite3"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        downgrade(directory=MIGRATIONS, revision="base")
        db.engine.dispose()
    assert set(schema(path)) <= {"alembic_version"}


def test_communes_typed_before_0012_get_their_code_where_certain_and_stay_as_typed(make_app, tmp_path):
    path = tmp_path / "communes.sqlite3"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    typed = ["Bron", "blois 41000", "ST-ÉTIENNE", "Saint-Denis", "Paris", "chez moi", None]
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0011")
        with sqlite3.connect(path) as conn:
            conn.executescript(FIRST_DAY.split("INSERT INTO attendee")[0])
            conn.executemany(
                "INSERT INTO attendee (workshop_id, client_id, name, status, commune, checked_in_at,"
                " came_before, named_consent) VALUES (1, ?, 'X', 'present', ?, '2026-11-20 13:31:00', 0, 0)",
                [(f"c{i}", text) for i, text in enumerate(typed)],
            )
        upgrade(directory=MIGRATIONS, revision="0012")
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT commune, commune_insee FROM attendee ORDER BY id").fetchall()
        assert rows == [
            ("Bron", "69029"),
            ("blois 41000", "41018"),
            ("ST-ÉTIENNE", "42218"),
            # Several communes have that name, or the city is known by arrondissement: kept as typed.
            ("Saint-Denis", None),
            ("Paris", None),
            ("chez moi", None),
            (None, None),
        ]
        downgrade(directory=MIGRATIONS, revision="0011")
        with sqlite3.connect(path) as conn:
            assert [r[0] for r in conn.execute("SELECT commune FROM attendee ORDER BY id")] == typed
        db.engine.dispose()


def test_questions_a_copy_already_took_back_before_0016_do_not_come_back_again(make_app, tmp_path):
    path = tmp_path / "carried.sqlite3"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0015")
        with sqlite3.connect(path) as conn:
            conn.executescript(FIRST_DAY.split("INSERT INTO attendee")[0])
            conn.executemany(
                "INSERT INTO question (id, workshop_id, client_id, text, anonymous, status, created_at,"
                " updated_at) VALUES (?, 1, ?, 'Q', 1, ?, '2026-11-20 13:31:00', '2026-11-20 13:31:00')",
                [(100, "a", "later"), (101, "carried-100-to-1", "prepared"), (102, "b", "open")],
            )
        upgrade(directory=MIGRATIONS, revision="0016")
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT id, carried_over FROM question ORDER BY id").fetchall()
        assert rows == [(100, 1), (101, 0), (102, 0)]
        db.engine.dispose()
