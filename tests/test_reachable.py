"""One device on the Wi-Fi cannot make Kiosk unreachable for the rest of the room."""

import http.client
import resource
import socket
import time

import pytest
import requests

from kiosk.config import DEFAULTS

from .helpers import LiveServer

MODES = ["eventlet", "gevent", "threading"]
HALF_OPEN = 1100  # more than the 1,024 connections eventlet serves at once by default
PER_ADDRESS = DEFAULTS["MAX_CONNECTIONS_PER_ADDRESS"]
PARTIAL_REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"


@pytest.fixture(autouse=True)
def many_open_files():
    """Let this test process hold a thousand sockets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 4 * HALF_OPEN) if hard != resource.RLIM_INFINITY else 4 * HALF_OPEN
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def half_open(port, source, count):
    """Open `count` connections from `source` that start a request and never finish it."""
    held = []
    for _ in range(count):
        sock = socket.socket()
        sock.settimeout(3)
        sock.bind((source, 0))
        try:
            sock.connect(("127.0.0.1", port))
            sock.sendall(PARTIAL_REQUEST)
        except OSError:
            pass  # refused or cut off by the server: just as good for an attacker holding the rest
        held.append(sock)
    return held


def timed_get(port, source, path="/api/openapi.json"):
    """GET `path` from another loopback address; returns (status, seconds taken)."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", path)
        status = conn.getresponse().status
    finally:
        conn.close()
    return status, time.monotonic() - started


def still_open(sock):
    """Whether the server still keeps this connection open (without waiting)."""
    sock.setblocking(False)
    try:
        return sock.recv(1024) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def closed_by_server(sock, within):
    """Whether the server closes this connection within `within` seconds."""
    sock.settimeout(within)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


@pytest.mark.parametrize("mode", MODES)
def test_a_thousand_half_open_requests_from_one_phone_do_not_block_another(tmp_path, mode):
    # Headers may take a minute here: what protects the room is the cap on connections per address.
    server = LiveServer(tmp_path / mode, async_mode=mode, header_timeout="60")
    server.start()
    held = []
    try:
        held = half_open(server.port, "127.0.0.2", HALF_OPEN)
        status, seconds = timed_get(server.port, "127.0.0.3")
        assert status == 200
        assert seconds < 1, f"{mode}: {seconds:.2f} s"
        # The phone keeps no more than its share; the rest were closed as they came.
        deadline = time.monotonic() + 10
        while sum(map(still_open, held)) > PER_ADDRESS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sum(map(still_open, held)) <= PER_ADDRESS
    finally:
        for sock in held:
            sock.close()
        server.stop()


@pytest.mark.parametrize("mode", MODES)
def test_a_request_dripping_its_headers_byte_by_byte_is_cut_off(tmp_path, mode):
    server = LiveServer(tmp_path / mode, async_mode=mode, header_timeout="2")
    server.start()
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        started = time.monotonic()
        # One byte every half second: each read is quick, the whole head never comes.
        closed = False
        for byte in PARTIAL_REQUEST:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            if closed_by_server(sock, 0.5):
                closed = True
                break
        assert closed, mode
        assert time.monotonic() - started < 10
        sock.close()
        # Someone else's request is still answered.
        assert timed_get(server.port, "127.0.0.3")[0] == 200
    finally:
        server.stop()


def test_serve_warns_once_when_requests_come_through_a_proxy(live_server):
    for _ in range(3):
        response = requests.get(f"{live_server.url}/", headers={"X-Forwarded-For": "192.168.1.23"}, timeout=5)
        assert response.status_code == 200
    live_server.stop()
    lines = (live_server.instance_path / "server.log").read_text().splitlines()
    warnings = [line for line in lines if "KIOSK_BEHIND_PROXY=true" in line]
    assert len(warnings) == 1
    assert "proxy" in warnings[0]
