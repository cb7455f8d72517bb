"""Configuration layers and the instance folder."""

import subprocess
from pathlib import Path


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


def test_database_lives_in_the_instance_folder_by_default(instance, make_app):
    app = make_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/kiosk.sqlite3"


def test_database_url_from_the_environment(make_app, monkeypatch, tmp_path):
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite3")
    assert make_app().config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/other.sqlite3"


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
