"""Attacks performed for real in a browser: markup in every text field, and moderator QR codes."""

import json
import re
import subprocess

import pytest
import requests
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot, serve
from .pages import PHONE, ROOM_PC, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser

# Each would run script if it reached the page as markup; the page's own policy (CSP) is bypassed in
# these browsers, so only escaping stands between the payload and the page.
PAYLOADS = [
    '<img src=x onerror="window.pwned=1">',
    "<script>window.pwned=1</script>",
    '"><svg onload="window.pwned=1">',
]


def test_markup_typed_anywhere_shows_as_text_and_never_runs(live_server, workshop, new_page):
    url = live_server.url
    api = f"{url}/api/workshops/{workshop}"
    room_pc = requests.Session()  # 127.0.0.1: the room PC, moderator of every workshop
    assert room_pc.patch(api, json={"phase": "questions", "notes": PAYLOADS[2]}).status_code == 200
    people = []
    for n, payload in enumerate(PAYLOADS):
        phone = requests.Session()
        checked = phone.post(f"{api}/attendees", json={"name": payload[:40], "client_id": f"c{n}" * 8})
        assert checked.status_code == 201, checked.text
        asked = phone.post(
            f"{api}/questions", json={"text": payload, "client_id": f"q{n}" * 8, "anonymous": False}
        )
        assert asked.status_code == 201, asked.text
        people.append(phone)
    room_pc.patch(api, json={"phase": "feedback"})
    for n, phone in enumerate(people):
        answer = {
            "client_id": f"f{n}" * 8,
            "rating": "good",
            "comment": PAYLOADS[n],
            "next_topic": PAYLOADS[n],
        }
        assert phone.post(f"{api}/feedback", json=answer).status_code == 201
    room_pc.post(
        f"{api}/registrations", json={"name": PAYLOADS[0][:40], "client_id": "r" * 16, "consent": False}
    )

    for path in (f"/w/{workshop}/board", f"/w/{workshop}/moderate", f"/w/{workshop}/report"):
        page = new_page(viewport=ROOM_PC, bypass_csp=True)
        page.goto(url + path)
        expect(page.get_by_text(PAYLOADS[1], exact=True).filter(visible=True).first).to_be_visible()
        assert page.evaluate("window.pwned") is None, path
        assert page.locator("main script, main img[src=x], main svg[onload]").count() == 0, path
        screenshot(page, "attack-" + path.rsplit("/", 1)[1])
    phone = ParticipantPage(new_page(viewport=PHONE, bypass_csp=True), url, workshop)
    phone.goto(f"{url}/w/{workshop}")
    phone.enter(PAYLOADS[0][:40])
    expect(phone.get_by_role("heading", name=re.compile("Bienvenue, <img"))).to_be_visible()
    assert phone.evaluate("window.pwned") is None


@pytest.fixture(scope="module")
def untrusting_server(tmp_path_factory):
    """A server that does not trust its own PC's browser, so only links make moderators here."""
    server = serve(tmp_path_factory.mktemp("strict"), trust_loopback="false")
    yield server
    server.stop()


@pytest.fixture
def strict_workshop(untrusting_server):
    """A workshop on the untrusting server. Nobody there may start one over HTTP without the organisers'
    passphrase, which one test needs unset: it is made in the terminal."""
    return json.loads(untrusting_server.run("workshop", "create", "--title", "Café numérique", "--json"))[
        "code"
    ]


def test_a_phone_scans_the_consoles_one_time_code_and_moderates(
    untrusting_server, strict_workshop, new_page, tmp_path
):
    server, workshop = untrusting_server, strict_workshop
    stranger = new_page()
    stranger.goto(f"{server.url}/w/{workshop}/moderate")
    expect(stranger.get_by_role("heading", name=ConsolePage.RESERVED)).to_be_visible()
    console = ConsolePage(new_page(viewport=ROOM_PC), server.url, workshop)
    console.goto(server.run("moderator-link", workshop).strip())
    console.unfold(ConsolePage.DEVICES).button(ConsolePage.PHONE_CODE).click()
    code = console.get_by_role("img", name=ConsolePage.PHONE_CODE_IMAGE)
    expect(code).to_be_visible()
    picture = tmp_path / "moderator-qr.png"
    code.screenshot(path=str(picture))
    screenshot(console, "moderator-qr")
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert scanned.startswith(f"{server.url}/m/")
    phone = new_page(viewport=PHONE)
    phone.goto(scanned)
    expect(phone.get_by_role("button", name=ConsolePage.FEEDBACK)).to_be_visible()
    screenshot(phone, "moderator-phone")
    # Single use: the same code opens nothing a second time.
    stranger.goto(scanned)
    expect(stranger.get_by_role("heading", name="Ce lien ne marche plus")).to_be_visible()
    # The console logs the phone out; its next action is refused.
    console.button(ConsolePage.LOG_OUT_OTHERS).click()
    expect(console.get_by_text("Autres appareils déconnectés : 1")).to_be_visible()
    phone.reload()
    expect(phone.get_by_role("heading", name=ConsolePage.RESERVED)).to_be_visible()


def test_pages_seen_away_from_the_room_pc_are_accessible(untrusting_server, strict_workshop, new_page):
    """Without the room PC's trust: the first-start page explains where to go; a door screen nobody
    signed in on sends people without a phone to the moderator at feedback time."""
    server, workshop = untrusting_server, strict_workshop
    page = DoorPage(new_page(viewport=PHONE, bypass_csp=True), server.url, workshop)
    page.goto(server.url + "/admin/setup")
    expect(page.get_by_text("Elle se choisit sur le PC de la salle")).to_be_visible()
    assert axe_violations(page) == []
    moderator = requests.Session()
    assert moderator.get(server.run("moderator-link", workshop).strip()).ok
    page.open()
    # A door screen nobody moderates checks nobody in: it points people to the moderator.
    expect(page.get_by_text(DoorPage.ASK_THE_MODERATOR)).to_be_visible()
    expect(page.no_phone_button()).to_have_count(0)
    moderator.patch(f"{server.url}/api/workshops/{workshop}", json={"phase": "feedback"})
    expect(page.get_by_text(DoorPage.ASK_FOR_FEEDBACK)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "door-feedback-not-moderator")
