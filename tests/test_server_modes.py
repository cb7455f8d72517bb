"""`kiosk serve` in each server mode carries the live channel over a real WebSocket."""

import threading
import time

import pytest
import requests
import socketio

from .helpers import client_id, serving


@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_each_server_mode_delivers_a_question_over_websocket(tmp_path, mode):
    with serving(tmp_path / mode, mode) as (server, code):
        changes, snapshot = [], threading.Event()
        screen = socketio.Client(reconnection=False)
        screen.on("snapshot", lambda state: snapshot.set())
        screen.on("change", changes.append)
        screen.connect(
            server.url, auth={"code": code, "role": "screen", "since": None}, transports=["websocket"]
        )
        assert screen.transport() == "websocket"
        assert snapshot.wait(5)
        phone = requests.Session()
        phone.post(
            f"{server.url}/api/workshops/{code}/attendees", json={"name": "Marie", "client_id": client_id()}
        )
        phone.post(
            f"{server.url}/api/workshops/{code}/questions",
            json={"text": "En direct ?", "client_id": client_id()},
        )
        deadline = time.monotonic() + 5
        while len(changes) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        screen.disconnect()
        assert [c["seq"] for c in changes] == [1, 2]
        assert changes[1]["events"][0]["data"]["text"] == "En direct ?"
    # The server's output keeps no personal data: no names, no addresses, no request lines.
    output = (server.instance_path / "server.log").read_text()
    for personal in ("Marie", "127.0.0.1 -", "/api/workshops"):
        assert personal not in output, mode
    # A screen that leaves closes its WebSocket cleanly: its closing frame is answered, never read as
    # a new HTTP request (which left every leaving phone waiting and wrote a line in the terminal).
    assert "HTTP method" not in output and "Expected GET" not in output, output
