"""What the bench and the tests both start: a real `kiosk serve` in a subprocess, and Debian's Chromium."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

KIOSK = Path(sys.executable).with_name("kiosk")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless, and nothing that reaches outside the room: no updates, no sync, no QUIC.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port():
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`kiosk serve` in a subprocess, as `make run` starts it, on 127.0.0.1 (`async_mode` None: the
    mode it chooses by itself)."""

    def __init__(self, instance_path, async_mode="eventlet", port=None, **settings):
        self.instance_path = Path(instance_path)
        self.instance_path.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {"KIOSK_INSTANCE_PATH": str(self.instance_path)}
        if async_mode:  # None: the mode `kiosk serve` chooses by itself
            self.env["KIOSK_ASYNC_MODE"] = async_mode
        self.env |= {f"KIOSK_{name.upper()}": value for name, value in settings.items()}
        self.process = None
        self.log = None

    def run(self, *args, stdin=None):
        """Run another `kiosk` command against the same instance folder; returns its stdout."""
        done = subprocess.run(
            [KIOSK, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=60, check=True
        )
        return done.stdout

    def start(self, *options):
        """Start the server (with `kiosk serve` options such as --no-migrate) and wait until it answers."""
        self._close_log()
        self.log = open(self.instance_path / "server.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [KIOSK, "serve", "--host", "127.0.0.1", "--port", str(self.port), *options],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        # A busy machine (the tests of several projects at once) may take long to start Python.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/api/openapi.json", timeout=1).ok:
                    return
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
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
