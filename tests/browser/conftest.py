"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a real `kiosk serve`."""

import re
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from bench.harness import CHROMIUM, CHROMIUM_FLAGS

from ..helpers import LiveServer, client_id, csrf_token, free_port

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
SCREENSHOTS = Path(__file__).with_name("screenshots")


# A check-in reloads the page and a live change crosses a real server: on a 2-core machine kept busy (the room
# PC also drives the projector), that can take longer than Playwright's 5-second default, without being wrong.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser profiles (one per person), closed after the test."""
    contexts = []

    def make(**options):
        # French unless the test gives the phone another language.
        context = browser.new_context(**({"locale": "fr-FR"} | options))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def serve(folder, **settings):
    """Start `kiosk serve` on a free port; the address it prints is its loopback one, so that a QR code
    it draws opens here."""
    port = free_port()
    server = LiveServer(folder, port=port, base_url=f"http://127.0.0.1:{port}", **settings)
    server.start()
    return server


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One real server shared by the module's tests: each works in a workshop of its own."""
    server = serve(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture
def own_server(tmp_path):
    """A real server for one test alone: for a test that kills it, or needs it untouched."""
    server = serve(tmp_path / "own")
    yield server
    server.stop()


def create_workshop(url, title="Café numérique"):
    """Start a workshop from the room PC's start page, as the room PC does (it trusts 127.0.0.1)."""
    room_pc = requests.Session()
    response = room_pc.post(
        url + "/workshops",
        data={"title": title, "csrf_token": csrf_token(room_pc, url + "/")},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return re.fullmatch(r"/w/(\w+)/moderate", response.headers["Location"]).group(1)


@pytest.fixture
def workshop(live_server):
    """A new workshop on the module's server; returns its code."""
    return create_workshop(live_server.url)


@pytest.fixture
def screen(new_page, live_server, workshop):
    """A page of the test's workshop in a fresh browser profile: `screen(BoardPage, viewport=PROJECTOR)`."""

    def make(kind, **options):
        return kind(new_page(**options), live_server.url, workshop)

    return make


def set_phase(url, code, phase):
    """Move the workshop to `phase` as the room PC does (it trusts 127.0.0.1)."""
    response = requests.patch(f"{url}/api/workshops/{code}", json={"phase": phase})
    assert response.status_code == 200


class OtherPhone:
    """Another person's phone in the room, through the API the page scripts use: checks in, asks, votes."""

    def __init__(self, url, code, name):
        self.url, self.code = url, code
        self.session = requests.Session()
        answer = self.session.post(
            f"{url}/api/workshops/{code}/attendees", json={"name": name, "client_id": client_id()}
        )
        assert answer.status_code < 300, answer.text

    def ask(self, text):
        """Post a question; returns its id."""
        answer = self.session.post(
            f"{self.url}/api/workshops/{self.code}/questions", json={"text": text, "client_id": client_id()}
        )
        assert answer.status_code < 300, answer.text
        return answer.json()["id"]

    def me_too(self, question_id):
        """Press "moi aussi" on a question."""
        answer = self.session.post(
            f"{self.url}/api/questions/{question_id}/vote", json={"client_id": client_id()}
        )
        assert answer.status_code < 300, answer.text


def axe_violations(page):
    """Run axe-core in the page for WCAG 2.x A and AA; returns the violations, readable.

    The page's context must be opened with bypass_csp=True: Kiosk's own policy forbids injected scripts.
    """
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]


def screenshot(page, name):
    """Keep a picture of what a person sees, for looking at after the run."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
