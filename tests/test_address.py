"""Every page and QR code gives an address phones can reach, or says in plain words why phones cannot join."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
import requests

from kiosk.web.network import NO_NETWORK, THIS_PC_ONLY, lan_addresses, reach

from .helpers import KIOSK, free_port

THIS_PC_ONLY_SAYS = "Kiosk est ouvert sur ce PC seulement."
NO_NETWORK_SAYS = "Ce PC n’est relié à aucun réseau."
# A network namespace of its own, with no network but its loopback: a PC on no network at all.
ALONE = ["unshare", "--user", "--map-root-user", "--net"]


def can_be_alone():
    """Whether this machine lets a test run a process with no network (unprivileged namespaces)."""
    if not shutil.which("unshare"):
        return False
    return subprocess.run([*ALONE, "true"], capture_output=True).returncode == 0


def test_served_on_this_pc_only_phones_get_no_address():
    assert reach({"PORT": 5000}, 5000, served="127.0.0.1") == (None, THIS_PC_ONLY)
    assert reach({"PORT": 5000}, 5000, served="localhost") == (None, THIS_PC_ONLY)
    assert reach({"PORT": 5000}, 5000, served="::1") == (None, THIS_PC_ONLY)


def test_served_on_one_address_phones_get_that_address_and_port():
    assert reach({}, 5123, served="192.168.1.20").url == "http://192.168.1.20:5123"
    assert reach({}, 80, served="fd00::7").url == "http://[fd00::7]"


def test_served_everywhere_phones_get_this_pcs_network_address():
    found = reach({}, 5123, served="0.0.0.0")
    if lan_addresses():
        assert found.url == f"http://{lan_addresses()[0]}:5123"
    else:
        assert found == (None, NO_NETWORK)


def test_a_fixed_address_wins_even_on_this_pc_only():
    found = reach({"BASE_URL": "http://kiosk.local/"}, 5000, served="127.0.0.1")
    assert found == ("http://kiosk.local", None)


@pytest.mark.skipif(not can_be_alone(), reason="no network namespaces on this machine")
def test_a_pc_on_no_network_says_so_on_its_pages(tmp_path):
    script = textwrap.dedent(
        """
        import json
        from kiosk import create_app
        from kiosk.rules import workshops
        app = create_app({"TESTING": True, "SECRET_KEY": "x"})
        with app.app_context():
            from kiosk.data.database import upgrade_schema
            upgrade_schema()
            code = workshops.create("Atelier").code
        client = app.test_client()
        print(json.dumps({
            "home": client.get("/").text,
            "door": client.get(f"/w/{code}/door").text,
            "qr": client.get(f"/w/{code}/qr.svg").status_code,
        }))
        """
    )
    env = os.environ | {"KIOSK_INSTANCE_PATH": str(tmp_path)}
    done = subprocess.run(
        [*ALONE, sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    pages = json.loads(done.stdout.strip().splitlines()[-1])
    for page in ("home", "door"):
        assert NO_NETWORK_SAYS in pages[page]
        assert "Reliez-le au Wi-Fi de la salle" in pages[page]
    assert "qr.svg" not in pages["door"]
    assert pages["qr"] == 404


@pytest.mark.skipif(not can_be_alone(), reason="no network namespaces on this machine")
def test_a_pc_on_no_network_says_so_in_its_terminal(tmp_path):
    env = {"KIOSK_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [*ALONE, KIOSK, "workshop", "create", "--title", "Atelier"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "ce PC n’est relié à aucun réseau" in done.stdout
    assert "Reliez-le au Wi-Fi de la salle" in done.stdout


def test_served_on_this_pc_only_every_page_says_phones_cannot_join(live_server):
    this_pc_only = live_server  # `kiosk serve --host 127.0.0.1`, with no fixed address for phones
    created = json.loads(this_pc_only.run("workshop", "create", "--title", "Atelier", "--json"))
    code = created["code"]
    # The command knows the real server: its port, and that phones cannot join it.
    assert created["phones_can_join"] is False
    assert created["phones_problem"] == THIS_PC_ONLY
    assert created["door"] == f"http://localhost:{this_pc_only.port}/w/{code}/door"
    for path in ("/", f"/w/{code}/door", f"/w/{code}/board", f"/w/{code}/poster", f"/w/{code}/moderate"):
        page = requests.get(this_pc_only.url + path, timeout=30)
        assert page.status_code == 200, path
        assert THIS_PC_ONLY_SAYS in page.text, path
        assert "Démarrer Kiosk" in page.text, path
        assert "qr.svg" not in page.text, path
    assert requests.get(f"{this_pc_only.url}/w/{code}/qr.svg", timeout=30).status_code == 404
    plain = this_pc_only.run("workshop", "create", "--title", "Deuxième")
    assert "il est ouvert sur ce PC seulement" in plain


def test_served_everywhere_the_command_gives_the_real_port(tmp_path):
    port = free_port()
    env = os.environ | {"KIOSK_INSTANCE_PATH": str(tmp_path)}
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [KIOSK, "serve", "--host", "0.0.0.0", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    try:
        status = ""
        for _ in range(300):
            status = subprocess.run([KIOSK, "status"], env=env, capture_output=True, text=True).stdout
            if "répond" in status and "ne répond pas" not in status:
                break
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
        done = subprocess.run(
            [KIOSK, "workshop", "create", "--title", "Atelier", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        created = json.loads(done.stdout)
        if lan_addresses():
            assert created["participant"] == f"http://{lan_addresses()[0]}:{port}/{created['code']}"
            assert f"Sur les téléphones du Wi-Fi : http://{lan_addresses()[0]}:{port}" in status
        else:
            assert created["phones_problem"] == NO_NETWORK
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_served_on_this_pc_only_no_phone_code_for_moderating(app):
    from .helpers import gen_workshop

    app.config["SERVED_HOST"] = "127.0.0.1"
    code = gen_workshop(app)
    app.config["TRUST_LOOPBACK"] = True  # the room PC's own browser moderates
    answer = app.test_client().post(f"/api/workshops/{code}/moderator-links", json={})
    assert answer.status_code == 409
    assert (
        answer.json["error"]
        == "Les téléphones ne peuvent pas ouvrir Kiosk. Lisez ce que dit la page d’accueil."
    )
