"""Kiosk set up by a librarian: the start button, the service, start/status/stop, all run as installed."""

import configparser
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from kiosk.ops.cli import cli

from .helpers import KIOSK, free_port


@pytest.fixture
def desktop(tmp_path):
    """A home folder of its own (desktop, menu, services), a Kiosk port, and a browser that notes what it opens."""
    home = tmp_path / "home"
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    browser.chmod(0o755)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "BROWSER": str(browser),
        "KIOSK_INSTANCE_PATH": str(tmp_path / "instance"),
        "KIOSK_PORT": str(free_port()),
    }
    (home / "Bureau").mkdir(parents=True)
    yield env, opened
    subprocess.run([KIOSK, "stop"], env=env, capture_output=True, timeout=60)


def kiosk(env, *args):
    """A `kiosk` command as the room PC's user types it, in this process (what the launcher and the
    service run is run as a process of its own)."""
    result = CliRunner().invoke(cli, args, env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, "")


def read_ini(path):
    """A desktop entry or systemd unit, its keys as written."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


def test_the_start_button_starts_kiosk_once_and_opens_the_home_page(desktop):
    env, opened = desktop
    done = kiosk(env, "install-shortcut")
    assert done.returncode == 0, done.stderr
    home = Path(env["HOME"])
    menu = home / ".local/share/applications/kiosk.desktop"
    on_desktop = home / "Bureau/kiosk.desktop"
    assert "Démarrer Kiosk" in done.stdout
    assert menu.read_text() == on_desktop.read_text()
    assert os.access(on_desktop, os.X_OK)
    if shutil.which("desktop-file-validate"):
        valid = subprocess.run(["desktop-file-validate", str(menu)], capture_output=True, text=True)
        assert valid.returncode == 0 and not valid.stdout, valid.stdout + valid.stderr
    entry = read_ini(menu)["Desktop Entry"]
    assert entry["Name"] == "Démarrer Kiosk"
    assert entry["Terminal"] == "false"
    command = shlex.split(entry["Exec"])

    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    url = f"http://localhost:{env['KIOSK_PORT']}/"
    assert opened.read_text().split() == [url]
    page = requests.get(url, timeout=30)
    assert page.status_code == 200 and "L’adresse à donner" in page.text
    note = json.loads((Path(env["KIOSK_INSTANCE_PATH"]) / "server.json").read_text())

    # A second click while it runs opens the page again, on the same server.
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "démarre…" not in second.stdout
    assert opened.read_text().split() == [url, url]
    assert json.loads((Path(env["KIOSK_INSTANCE_PATH"]) / "server.json").read_text()) == note

    status = kiosk(env, "status")
    assert status.returncode == 0
    assert "Kiosk est démarré (répond)." in status.stdout
    assert f"http://localhost:{env['KIOSK_PORT']}" in status.stdout
    stopped = kiosk(env, "stop")
    assert stopped.stdout.strip() == "Kiosk est arrêté."
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)
    after = kiosk(env, "status")
    assert after.returncode == 3 and after.stdout.strip() == "Kiosk est arrêté."
    assert kiosk(env, "stop").stdout.strip() == "Kiosk était déjà arrêté."


def test_the_service_is_a_valid_unit_whose_command_serves_kiosk(desktop):
    env, _opened = desktop
    port = env["KIOSK_PORT"]
    done = kiosk(env, "install-service", "--port", port)
    assert done.returncode == 0, done.stderr
    unit_path = Path(env["XDG_CONFIG_HOME"]) / "systemd/user/kiosk.service"
    assert f"Service écrit : {unit_path}" in done.stdout
    # No systemd session manager here: it says what to use instead.
    if "Kiosk démarre maintenant" not in done.stdout:
        assert "Utilisez le bouton « Démarrer Kiosk »" in done.stdout
    if shutil.which("systemd-analyze"):
        verified = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", str(unit_path)], capture_output=True, text=True, env=env
        )
        assert verified.returncode == 0 and not verified.stderr, verified.stderr
    unit = read_ini(unit_path)
    assert unit["Install"]["WantedBy"] == "default.target"
    assert unit["Service"]["Restart"] == "on-failure"
    variables = dict(item.split("=", 1) for item in shlex.split(unit["Service"]["Environment"]))
    assert variables == {"KIOSK_INSTANCE_PATH": env["KIOSK_INSTANCE_PATH"]}

    # What systemd would run, run here: it serves the room's network on the port chosen.
    command = shlex.split(unit["Service"]["ExecStart"])
    assert command[1:] == ["serve", "--host", "0.0.0.0", "--port", port]
    log = open(Path(env["HOME"]) / "service.log", "wb")  # noqa: SIM115
    service = subprocess.Popen(command, env=env | variables, stdout=log, stderr=subprocess.STDOUT)
    try:
        status = kiosk(env, "status")
        while "(répond)" not in status.stdout:
            assert service.poll() is None, (Path(env["HOME"]) / "service.log").read_text()
            status = kiosk(env, "status")
        assert requests.get(f"http://localhost:{port}/", timeout=30).status_code == 200
        assert kiosk(env, "stop").stdout.strip() == "Kiosk est arrêté."
        # Stopped on purpose, it ends cleanly: systemd's Restart=on-failure leaves it stopped.
        assert service.wait(timeout=30) == 0
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
        log.close()


def test_a_note_left_by_a_crash_names_no_running_server(tmp_path):
    from kiosk.ops import running

    note = tmp_path / running.NOTE
    assert running.current(tmp_path) is None
    note.write_text("not json")
    assert running.current(tmp_path) is None
    # The process number now belongs to another program (here, this one).
    note.write_text(json.dumps({"pid": os.getpid(), "host": "0.0.0.0", "port": 5000}))
    assert running.current(tmp_path) is None
    ended = subprocess.Popen(["true"])
    ended.wait()
    note.write_text(json.dumps({"pid": ended.pid, "host": "0.0.0.0", "port": 5000}))
    assert running.current(tmp_path) is None


def test_the_button_goes_on_the_desktop_the_user_has(tmp_path, monkeypatch):
    from kiosk.ops import shortcuts

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DESKTOP_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    assert shortcuts.desktop_folder() == tmp_path / "Bureau"
    (tmp_path / "Desktop").mkdir()
    assert shortcuts.desktop_folder() == tmp_path / "Desktop"
    (tmp_path / ".config").mkdir()
    (tmp_path / ".config/user-dirs.dirs").write_text('XDG_DESKTOP_DIR="$HOME/Mon bureau"\n')
    assert shortcuts.desktop_folder() == tmp_path / "Mon bureau"
    entry = shortcuts.desktop_entry(tmp_path / "kiosk", tmp_path / "mes données")
    assert f"Exec=env 'KIOSK_INSTANCE_PATH={tmp_path}/mes données' {tmp_path}/kiosk start" in entry
