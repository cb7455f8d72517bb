"""The `kiosk` command as the organiser types it: create a workshop, print a one-time moderator link."""

import json
import subprocess

from .helpers import KIOSK


def run(instance, *args):
    env = {"KIOSK_INSTANCE_PATH": str(instance), "PATH": "/usr/bin:/bin"}
    return subprocess.run([KIOSK, *args], env=env, capture_output=True, text=True, timeout=60)


def test_workshop_create_prints_its_code_and_addresses(tmp_path):
    done = run(tmp_path, "workshop", "create", "--title", "Premiers pas", "--capacity", "10", "--json")
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    code = created["code"]
    assert code.isdigit() and len(code) == 4
    assert created["capacity"] == 10
    assert created["participant"].endswith(f"/{code}")
    assert created["door"].endswith(f"/w/{code}/door")
    assert created["board"].endswith(f"/w/{code}/board")
    assert created["moderator"].endswith(f"/w/{code}/moderate")
    plain = run(tmp_path, "workshop", "create", "--title", "Deuxième atelier")
    assert "Code :" in plain.stdout and "/moderate" in plain.stdout


def test_workshop_create_refuses_an_empty_title(tmp_path):
    done = run(tmp_path, "workshop", "create", "--title", "   ")
    assert done.returncode != 0
    assert "--title" in done.stderr


def test_moderator_link_for_an_unknown_code_says_so(tmp_path):
    done = run(tmp_path, "moderator-link", "9999")
    assert done.returncode == 1
    assert "Aucun atelier n’a le code 9999" in done.stderr


def test_moderator_link_logs_a_browser_in_once(live_server):
    import requests

    code = json.loads(live_server.run("workshop", "create", "--title", "Atelier", "--json"))["code"]
    url = live_server.run("moderator-link", code).strip()
    assert "/m/" in url
    local = live_server.url + url[url.index("/m/") :]
    phone = requests.Session()
    opened = phone.get(local)
    assert opened.status_code == 200
    assert opened.url.endswith(f"/w/{code}/moderate")
    assert requests.get(local).status_code == 403
