"""In the room: what a café numérique needs beyond the board, seen in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import OtherPhone, axe_violations, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, TABLET, BoardPage, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser

# The quiet pulse's words, as people read them.
LOST = "Je ne comprends plus"
SLOWER = "Plus lentement, s’il vous plaît"
NOTED = "C’est noté. L’animateur ou l’animatrice le voit, sans votre prénom."
PULSE_PANEL = "Signes discrets du groupe"


def test_a_quiet_sign_reaches_the_console_as_a_count_and_never_a_name(screen, live_server, workshop):
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    board = screen(BoardPage, viewport=PROJECTOR).open()
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Josiane")
    panel = console.locator("[data-pulse-panel]")
    expect(panel.get_by_role("heading", name=PULSE_PANEL)).to_be_visible()
    expect(panel).to_contain_text("0 personne ne comprend plus")

    # Keyboard only: the sign is one button among the page's, reached and pressed without a pointer.
    phone.get_by_role("button", name=LOST).focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text(NOTED)).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "pulse-phone-noted")
    # Pressed again by an impatient finger: still one person.
    phone.keyboard.press("Enter")
    OtherPhone(live_server.url, workshop, "Raymond").session.post(
        f"{live_server.url}/api/workshops/{workshop}/pulse", json={"kind": "lost", "client_id": "p" * 16}
    )
    # Someone without a phone, at the door kiosk.
    door.get_by_role("button", name=SLOWER).click()
    expect(door.get_by_text(NOTED)).to_be_visible()
    assert axe_violations(door) == []
    screenshot(door, "pulse-door-noted")

    expect(panel.locator("[data-pulse-count=lost]")).to_have_text("2 personnes ne comprennent plus")
    expect(panel.locator("[data-pulse-count=slower]")).to_have_text(
        "1 personne demande d’aller plus lentement"
    )
    assert axe_violations(console) == []
    screenshot(console, "pulse-console-counts")
    for name in ("Josiane", "Raymond"):
        expect(panel).not_to_contain_text(name)
    expect(board.locator("main")).not_to_contain_text(re.compile("comprend|lentement"))


def test_someone_on_the_waiting_list_or_after_the_end_sees_no_sign_to_give(screen, live_server, workshop):
    import requests

    phone = screen(ParticipantPage, viewport=PHONE).check_in("Ginette")
    expect(phone.get_by_role("button", name=SLOWER)).to_be_visible()
    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "closed"})
    expect(phone.get_by_role("button", name=SLOWER)).to_be_hidden()
