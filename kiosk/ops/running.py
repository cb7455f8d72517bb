"""The server of an instance folder: a note of its process and address, read by start, status and stop."""

import json
import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

NOTE = "server.json"


def note(instance_path, host, port):
    """Write down that this process serves the instance folder on host:port."""
    path = Path(instance_path) / NOTE
    fresh = path.with_suffix(".tmp")
    fresh.write_text(json.dumps({"pid": os.getpid(), "host": host, "port": int(port)}))
    fresh.replace(path)


def forget(instance_path):
    """Remove the note, if it is this process's."""
    found = _read(instance_path)
    if found and found["pid"] == os.getpid():
        (Path(instance_path) / NOTE).unlink(missing_ok=True)


def _read(instance_path):
    try:
        found = json.loads((Path(instance_path) / NOTE).read_text())
        return {"pid": int(found["pid"]), "host": str(found["host"]), "port": int(found["port"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_kiosk_server(pid):
    """Whether process `pid` is a `kiosk serve` (a note left by a crash may name a reused number)."""
    try:
        command = psutil.Process(pid).cmdline()
    except (psutil.Error, OSError):
        return False
    return "serve" in command and any("kiosk" in Path(part).name for part in command)


def local_url(server):
    """The address that opens this server's pages on the PC it runs on."""
    host = server["host"]
    if host in ("", "0.0.0.0", "::", "127.0.0.1", "::1", "localhost"):
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{server['port']}"


def answers(server, timeout=2):
    """Whether the server answers a request right now."""
    try:
        with urllib.request.urlopen(local_url(server) + "/api/openapi.json", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def current(instance_path):
    """The running server of this instance folder ({pid, host, port}), or None."""
    found = _read(instance_path)
    if found is None or not _is_kiosk_server(found["pid"]):
        return None
    return found


def wait_until_answering(instance_path, process, seconds):
    """Wait for the server started as `process` to answer; returns it, or None if it stopped or took too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        server = current(instance_path)
        if server and answers(server):
            return server
        time.sleep(0.2)
    return None


def _gone(process):
    """Whether a process has ended (a zombie has: only its parent's bookkeeping is left)."""
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _wait_gone(process, seconds):
    deadline = time.monotonic() + seconds
    while not _gone(process):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def stop(server, seconds=15):
    """Ask the server to stop (SIGTERM), then force it after `seconds`; True once it is gone."""
    try:
        process = psutil.Process(server["pid"])
        process.send_signal(signal.SIGTERM)
    except psutil.NoSuchProcess:
        return True
    if _wait_gone(process, seconds):
        return True
    try:
        process.kill()
    except psutil.NoSuchProcess:
        return True
    return _wait_gone(process, 5)
