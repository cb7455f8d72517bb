"""Small builders for test data, and a real server process for end-to-end tests."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from kiosk.rules import workshops
from kiosk.web.access import issue_moderator_link


def client_id():
    """A fresh client-generated write id, as a browser makes one."""
    return secrets.token_hex(16)


def gen_workshop(app, title="Premiers pas sur tablette", **fields):
    """Create a workshop and return its code."""
    with app.app_context():
        return workshops.create(title, **fields).code


def check_in(client, code, name="Marie", cid=None):
    """Check a browser in through the API; returns the response."""
    return client.post(
        f"/api/workshops/{code}/attendees", json={"name": name, "client_id": cid or client_id()}
    )


def ask(client, code, text="Comment envoyer une photo ?", cid=None, anonymous=True):
    """Post a question through the API; returns the response."""
    return client.post(
        f"/api/workshops/{code}/questions",
        json={"text": text, "client_id": cid or client_id(), "anonymous": anonymous},
    )


def same_phone(app, client):
    """Another client holding a copy of `client`'s cookie as it is now: the same phone, a moment ago."""
    copy = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is not None:
        copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return copy


def become_moderator(app, client, code):
    """Log a client in as moderator the way a phone does: through a one-time link."""
    with app.app_context():
        token = issue_moderator_link(workshops.by_code(code))
    response = client.get(f"/m/{token}")
    assert response.status_code == 302
    return client


def free_port():
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


KIOSK = Path(sys.executable).with_name("kiosk")


class LiveServer:
    """`kiosk serve` in a subprocess, as `make run` starts it, on 127.0.0.1."""

    def __init__(self, instance_path, async_mode="eventlet", port=None, **settings):
        self.instance_path = Path(instance_path)
        self.instance_path.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {
            "KIOSK_INSTANCE_PATH": str(self.instance_path),
            "KIOSK_ASYNC_MODE": async_mode,
        }
        self.env |= {f"KIOSK_{name.upper()}": value for name, value in settings.items()}
        self.process = None
        self.log = None

    def run(self, *args, stdin=None):
        """Run another `kiosk` command against the same instance folder; returns its stdout."""
        done = subprocess.run(
            [KIOSK, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=60, check=True
        )
        return done.stdout

    def start(self):
        """Start the server and wait until it answers."""
        self._close_log()
        self.log = open(self.instance_path / "server.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [KIOSK, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/api/openapi.json", timeout=1).ok:
                    return
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("kiosk serve did not start:\n" + (self.instance_path / "server.log").read_text())

    def kill(self):
        """Kill the server at once, as a power cut or a crash would (SIGKILL)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_log()

    def _close_log(self):
        if self.log is not None:
            self.log.close()
            self.log = None

    def stop(self):
        """Stop the server if it still runs."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._close_log()


PASSPHRASE = "le chat dort sur le clavier"


def become_organiser(app, client, passphrase=PASSPHRASE):
    """Sign a client in as the organiser through the login form (choosing the passphrase if none yet)."""
    from kiosk.rules import organiser

    with app.app_context():
        if not organiser.has_passphrase():
            organiser.set_passphrase(passphrase)
    response = client.post(
        "/admin/login", data={"csrf_token": csrf_token(client, "/admin/login"), "passphrase": passphrase}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_token(client, path):
    """The CSRF token of the form on a page, as the browser would send it back (Flask's test client or
    a requests session)."""
    page = client.get(path).text
    return page.split('name="csrf_token" value="')[1].split('"')[0]
