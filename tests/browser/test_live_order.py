"""Changes that arrive out of order, as they do with several workers: the board still shows every question,
without asking the server again for a change that is only a moment late.

The server is real; only the network between it and the browser is held back, by Playwright's WebSocket
routing, as a message published by another worker arrives after a later one.
"""

import json

import pytest
import requests
from playwright.sync_api import expect

from ..helpers import client_id
from .pages import PROJECTOR, BoardPage

pytestmark = pytest.mark.browser


def post(url, code, text):
    """The room PC types a question asked out loud."""
    response = requests.post(
        f"{url}/api/workshops/{code}/questions", json={"text": text, "client_id": client_id()}
    )
    assert response.status_code == 201, response.text


def change_texts(message):
    """The question texts a Socket.IO "change" message carries (none for any other message)."""
    if not isinstance(message, str) or not message.startswith('42["change"'):
        return []
    _name, change = json.loads(message[2:])
    return [event["data"].get("text") for event in change["events"]]


class LateNetwork:
    """Between one page and the server: holds the change carrying `late` back; releases it after the
    change carrying `overtaking` (or never, if `release` is False). Counts the page's "sync" asks."""

    def __init__(self, page, late, overtaking, release=True):
        self.late, self.overtaking, self.release = late, overtaking, release
        self.held, self.asks, self.released = [], [], 0
        page.route_web_socket("**/socket.io/**", self.route)

    def route(self, page_side):
        server = page_side.connect_to_server()

        def to_server(message):
            if isinstance(message, str) and message.startswith("42") and '["sync"' in message:
                self.asks.append(message)
            server.send(message)

        def to_page(message):
            if self.late in change_texts(message):
                self.held.append(message)
                return
            page_side.send(message)
            if self.release and self.overtaking in change_texts(message):
                while self.held:
                    page_side.send(self.held.pop(0))
                    self.released += 1

        page_side.on_message(to_server)
        server.on_message(to_page)


def on_websocket(board):
    """Open the board and wait until its live channel runs over the WebSocket (it starts over HTTP
    long-polling, which the routing above does not see)."""
    board.open().live()
    board.evaluate("() => { window.liveSocket = Kiosk.live({}); }")
    board.wait_for_function("() => window.liveSocket.io.engine.transport.name === 'websocket'")


def test_a_change_that_overtakes_the_one_before_it_waits_for_it(screen, live_server, workshop):
    board = screen(BoardPage, viewport=PROJECTOR)
    network = LateNetwork(board.page, late="Première question", overtaking="Deuxième question")
    on_websocket(board)
    post(live_server.url, workshop, "Première question")
    post(live_server.url, workshop, "Deuxième question")
    expect(board.get_by_text("Première question")).to_be_visible()
    expect(board.get_by_text("Deuxième question")).to_be_visible()
    # Both shown from the changes themselves: the page did not ask the server to send them again.
    board.wait_for_timeout(1000)
    assert network.released == 1 and network.asks == []


def test_a_change_that_never_comes_is_asked_for_again(screen, live_server, workshop):
    board = screen(BoardPage, viewport=PROJECTOR)
    network = LateNetwork(board.page, late="Perdue en route", overtaking="Arrivée", release=False)
    on_websocket(board)
    post(live_server.url, workshop, "Perdue en route")
    post(live_server.url, workshop, "Arrivée")
    # The next change shows the gap; after a moment the page asks for what it missed, and shows it.
    expect(board.get_by_text("Arrivée")).to_be_visible()
    expect(board.get_by_text("Perdue en route")).to_be_visible()
    assert len(network.asks) == 1
    assert network.held, "the first change was never held back: this test would show nothing"
