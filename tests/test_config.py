"""Configuration layers and the instance folder."""

import subprocess
from pathlib import Path

import pytest

import kiosk_entry
from kiosk import config, create_app


def test_secret_key_is_generated_once_and_kept(instance, make_app):
    first = make_app().config["SECRET_KEY"]
    assert len(first) == 64
    assert (instance / "secret_key").stat().st_mode & 0o777 == 0o600
    assert make_app().config["SECRET_KEY"] == first


def test_instance_config_then_environment_then_test_config(instance, make_app, monkeypatch):
    (instance / "config.py").write_text('MODERATOR_LINK_SECONDS = 60\nHOSTS = ["salle.local"]\nPORT = 8000\n')
    app = make_app()
    assert app.config["MODERATOR_LINK_SECONDS"] == 60
    assert app.config["HOSTS"] == ["salle.local"]
    monkeypatch.setenv("KIOSK_MODERATOR_LINK_SECONDS", "30")
    assert make_app().config["MODERATOR_LINK_SECONDS"] == 30
    assert make_app(MODERATOR_LINK_SECONDS=10).config["MODERATOR_LINK_SECONDS"] == 10


def test_database_lives_in_the_instance_folder_by_default(instance):
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/kiosk.sqlite3"


def test_database_url_from_the_environment(instance, monkeypatch, tmp_path):
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite3")
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/other.sqlite3"


def shared_settings(**settings):
    """What the workers share, derived from these settings as `create_app` does (an app is not built:
    one with a message queue would leave its Redis listener running in the test process)."""
    derived = config.DEFAULTS | settings
    config.shared(derived)
    return derived


def test_one_redis_serves_the_message_queue_and_the_limits():
    derived = shared_settings(REDIS_URL="redis://127.0.0.1:6379/3")
    assert derived["MESSAGE_QUEUE"] == derived["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    # A message queue in Redis, set alone as before, is the Redis the workers share.
    derived = shared_settings(MESSAGE_QUEUE="redis://127.0.0.1:6379/4")
    assert derived["REDIS_URL"] == derived["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/4"
    # One process alone keeps its counts in memory.
    alone = shared_settings()
    assert alone["REDIS_URL"] is None and alone["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize(
    ("asked", "database", "mode"),
    [
        (None, None, "eventlet"),
        (None, "postgresql+psycopg://kiosk@db/kiosk", "gevent"),
        ("eventlet", "postgresql+psycopg://kiosk@db/kiosk", "eventlet"),  # refused by `kiosk serve`
        ("threading", None, "threading"),
    ],
)
def test_the_server_mode_is_gevent_with_postgresql_unless_one_is_asked(
    instance, monkeypatch, asked, database, mode
):
    for name, value in (("KIOSK_ASYNC_MODE", asked), ("KIOSK_DATABASE_URL", database)):
        if value:
            monkeypatch.setenv(name, value)
    assert kiosk_entry.server_mode() == mode


def test_the_server_mode_reads_the_database_in_the_instance_config(instance):
    (instance / "config.py").write_text('DATABASE_URL = "postgresql+psycopg://kiosk@db/kiosk"\n')
    assert kiosk_entry.server_mode() == "gevent"


def test_behind_a_proxy_the_loopback_is_not_trusted(make_app):
    app = make_app(BEHIND_PROXY=True, TRUST_LOOPBACK=True)
    assert app.config["TRUST_LOOPBACK"] is False


def test_repository_ships_no_secret_only_an_example_config():
    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(
        ["git", "ls-files", "instance"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(tracked) == ["instance/README.md", "instance/config.example.py"]
    ignored = subprocess.run(
        ["git", "check-ignore", "instance/secret_key", "instance/kiosk.sqlite3"],
        cwd=root,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert ignored == ["instance/secret_key", "instance/kiosk.sqlite3"]
