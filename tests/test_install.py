"""Installing Kiosk as a librarian does: prerequisites said in plain French, the offline archive, no banner."""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import requests

from .helpers import free_port
from .test_address import ALONE, THIS_PC_ONLY_SAYS, can_be_alone

ROOT = Path(__file__).resolve().parents[1]
# What a fresh desktop session has: no pip settings, no Kiosk variables, no project virtualenv.
PLAIN = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


def make(*args, env=None):
    """`make` in the project folder, as typed in a terminal."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        env=env or os.environ | PLAIN,
        capture_output=True,
        text=True,
        timeout=900,
    )


def fake_python(folder, lacks):
    """A python3 that lacks a module, as Debian's python3 does before `apt install python3-venv`."""
    shadow = folder / "shadow"
    (shadow / lacks).mkdir(parents=True)
    (shadow / lacks / "__init__.py").write_text(f"raise ModuleNotFoundError('No module named {lacks!r}')\n")
    python = folder / "python3"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={shadow} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    return python


def test_a_missing_venv_is_said_before_anything_is_installed(tmp_path):
    python = fake_python(tmp_path, "ensurepip")
    venv = tmp_path / "venv"
    done = make("run", f"PYTHON={python}", f"VENV={venv}")
    assert done.returncode != 0
    assert "Kiosk ne peut pas encore s’installer sur ce PC." in done.stderr
    assert "Il manque le module « venv » de Python" in done.stderr
    assert "sudo apt install python3-venv python3.11-venv" in done.stderr
    assert not venv.exists()


def test_a_missing_or_old_python_is_said_in_plain_french(tmp_path):
    done = make("run", f"PYTHON={tmp_path / 'python3'}", f"VENV={tmp_path / 'venv'}")
    assert "Il manque Python 3" in done.stderr
    assert "sudo apt install python3 python3-venv" in done.stderr
    old = tmp_path / "old"
    old.write_text('#!/bin/sh\n[ "$1" = -c ] && case "$2" in *print*) echo 3.9;; *) exit 1;; esac\n')
    old.chmod(0o755)
    done = make("run", f"PYTHON={old}", f"VENV={tmp_path / 'venv'}")
    assert "Kiosk demande Python 3.11 ou plus récent. Ce PC a Python 3.9." in done.stderr
    assert not (tmp_path / "venv").exists()


def test_the_users_path_installs_a_normal_package_without_banner(tmp_path):
    venv = tmp_path / "venv"
    done = make(f"{venv}/.installed", f"VENV={venv}", env=os.environ)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr
    assert "Première installation" in done.stdout
    shown = subprocess.run(
        [venv / "bin/pip", "show", "kiosk"], capture_output=True, text=True, check=True
    ).stdout
    assert "Editable project location" not in shown
    # Its data stays in the project's instance folder, as the README says.
    where = subprocess.run(
        [venv / "bin/python", "-c", "import os; print(os.environ['KIOSK_INSTANCE_PATH'])"],
        capture_output=True,
        text=True,
        env=PLAIN,
        check=True,
    )
    assert where.stdout.strip() == str(ROOT / "instance")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """`make bundle`, once for this module: the archive a librarian carries to the room."""
    out = tmp_path_factory.mktemp("bundle")
    done = make("bundle", f"BUNDLE_DIR={out}", env=os.environ)
    assert done.returncode == 0, done.stdout + done.stderr
    (archive,) = out.glob("kiosk-hors-ligne-*.tar.gz")
    assert f"Archive écrite : {archive}" in done.stdout
    return archive


def test_the_offline_archive_installs_with_no_network_and_serves(bundle, tmp_path):
    with tarfile.open(bundle) as archive:
        archive.extractall(tmp_path, filter="data")
    folder = tmp_path / "kiosk-hors-ligne"
    assert {"installer.sh", "prerequisites.sh", "LISEZMOI.txt", "wheels"} <= {
        p.name for p in folder.iterdir()
    }
    home = tmp_path / "home"
    home.mkdir()
    env = PLAIN | {"HOME": str(home)}
    # No network at all when the machine allows it; the installer itself never looks beyond its wheels.
    prefix = ALONE if can_be_alone() else []
    done = subprocess.run(
        [*prefix, "sh", str(folder / "installer.sh"), str(tmp_path / "room")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr
    assert "Kiosk est installé." in done.stdout
    assert (home / ".local/share/applications/kiosk.desktop").exists()

    kiosk = tmp_path / "room/venv/bin/kiosk"
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [kiosk, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    try:
        status = subprocess.run([kiosk, "status"], env=env, capture_output=True, text=True)
        while "(répond)" not in status.stdout:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            status = subprocess.run([kiosk, "status"], env=env, capture_output=True, text=True)
        home_page = requests.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert home_page.status_code == 200
        assert THIS_PC_ONLY_SAYS in home_page.text
        assert requests.get(f"http://127.0.0.1:{port}/static/js/live.js", timeout=30).status_code == 200
        english = requests.get(f"http://127.0.0.1:{port}/", headers={"Accept-Language": "en"}, timeout=30)
        assert "The address to give" in english.text  # the compiled catalogs came along
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    # Its data lives beside it, in the folder the installer chose.
    assert (tmp_path / "room/instance/kiosk.sqlite3").exists()
