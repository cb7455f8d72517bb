"""The "carte Kiosk" at the door kiosk, keyboard only: typed, from a hand scanner, shown to the camera;
and the sheet of cards the organiser prints."""

import contextlib
import re
import subprocess

import pytest
import qrcode
import requests
from playwright.sync_api import expect

from bench.harness import CHROMIUM, CHROMIUM_FLAGS
from kiosk.rules import cards

from ..helpers import client_id
from ..test_cards import as_an_azerty_pc_gets_it
from .conftest import axe_violations, create_workshop, screenshot
from .pages import PHONE, TABLET, ConsolePage, DoorPage, ParticipantPage
from .test_feedback_and_reports import sign_in_as_organiser

pytestmark = pytest.mark.browser


def tab_to(page, target, most=60):
    """Press Tab until `target` has the focus, as a keyboard user does."""
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("never reached with Tab")


def scan(page, text):
    """Each sign of `text` as a key pressed, then Enter: what a hand scanner does. Playwright's own typing
    inserts a sign missing from a US keyboard (é, è, ç) with no key event, where a French PC sends one."""
    keys = page.context.new_cdp_session(page)
    for sign in text:
        keys.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": sign, "text": sign})
        keys.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": sign})
    keys.detach()
    page.keyboard.press("Enter")


def came_with_a_card(url, card, name):
    """`name` checked in with this card at an earlier workshop's door (the room PC's own door)."""
    earlier = create_workshop(url, "Atelier de la semaine dernière")
    body = {"name": name, "client_id": client_id(), "kiosk": True, "card": card}
    assert requests.post(f"{url}/api/workshops/{earlier}/attendees", json=body).status_code == 201


def test_a_returning_card_is_greeted_by_name_and_checks_in_with_one_tap(live_server, screen):
    card = cards.new_code()
    came_with_a_card(live_server.url, card, "Rose")
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    tab_to(door, door.card_button())
    door.keyboard.press("Enter")
    expect(door.card_field()).to_be_focused()
    assert axe_violations(door) == []
    door.keyboard.type(cards.shown(card).lower())
    door.keyboard.press("Enter")
    greeting = door.get_by_text(DoorPage.card_hello("Rose"))
    expect(greeting).to_be_visible()
    expect(greeting).to_be_focused()
    assert axe_violations(door) == []
    screenshot(door, "door-card-greeting")
    tab_to(door, door.card_section().get_by_role("button", name=DoorPage.ENTER))
    door.keyboard.press("Enter")
    expect(door.get_by_text(ParticipantPage.welcome("Rose"))).to_be_visible()
    door.expect_places(1, 12)
    # The next person finds the door empty: no name, no code.
    expect(door.card_button()).to_be_visible(timeout=10_000)
    door.card_button().click()
    expect(door.card_field()).to_have_value("")
    assert "Rose" not in door.locator("main").inner_text()


def test_a_new_card_from_a_hand_scanner_asks_the_first_name_once(live_server, screen, workshop):
    card = cards.new_code()
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    tab_to(door, door.card_button())
    door.keyboard.press("Enter")
    scan(door.page, cards.qr_text(card))
    expect(door.get_by_text(DoorPage.NEW_CARD)).to_be_visible()
    expect(door.name_field()).to_be_focused()
    assert axe_violations(door) == []
    door.keyboard.type("Léon")
    door.keyboard.press("Enter")
    expect(door.get_by_text(ParticipantPage.welcome("Léon"))).to_be_visible()
    door.expect_places(1, 12)
    # Next time, the card knows Léon.
    answer = requests.post(f"{live_server.url}/api/workshops/{workshop}/cards/shown", json={"card": card})
    assert answer.json() == {"known": True, "name": "Léon"}


@pytest.mark.parametrize("keyboard", ["same", "azerty"])
def test_a_card_scanned_while_the_door_shows_its_qr_code_is_read_with_no_tap(live_server, screen, keyboard):
    card = cards.new_code()
    came_with_a_card(live_server.url, card, "Marcel")
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    expect(door.card_button()).to_be_visible()
    text = cards.qr_text(card)
    # A scanner in its factory setting (US keyboard) on a French PC: what the page receives.
    scan(door.page, as_an_azerty_pc_gets_it(text) if keyboard == "azerty" else text)
    expect(door.get_by_text(DoorPage.card_hello("Marcel"))).to_be_visible()


def test_a_mistyped_code_is_refused_next_to_the_field(screen):
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    door.card_button().click()
    code = cards.new_code()
    wrong = code[:-1] + next(c for c in cards.ALPHABET if c != code[-1])
    door.card_field().fill(wrong)
    door.keyboard.press("Enter")
    error = door.card_section().locator("[data-error]")
    expect(error).to_have_text(
        "Il y a une erreur dans ce code. Regardez bien la carte et écrivez le code à nouveau."
    )
    expect(door.card_field()).to_have_attribute("aria-invalid", "true")
    expect(door.card_field()).to_be_focused()
    assert axe_violations(door) == []
    door.card_field().fill("bonjour")
    door.keyboard.press("Enter")
    expect(error).to_have_text(re.compile("pas celui d’une carte Kiosk"))


def test_the_card_form_in_arabic_reads_right_to_left(live_server, new_page, workshop):
    page = new_page(viewport=TABLET, bypass_csp=True)
    page.goto(f"{live_server.url}/w/{workshop}/door?lang=ar&form=card")
    expect(page.locator("html[lang=ar][dir=rtl]")).to_have_count(1)
    expect(page.get_by_label("رمز بطاقتك")).to_be_focused()
    assert axe_violations(page) == []
    screenshot(page, "door-card-arabic")


def test_the_organiser_prints_a_sheet_of_ten_cards(own_server, new_page, tmp_path):
    page = new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    sign_in_as_organiser(page, own_server.url)
    page.get_by_role("link", name="Cartes Kiosk à imprimer").click()
    codes = page.locator("[data-card-code]")
    expect(codes).to_have_count(10)
    for shown in codes.all_inner_texts():
        assert cards.parse(shown)
    assert axe_violations(page) == []
    screenshot(page, "card-sheet")
    page.emulate_media(media="print")
    screenshot(page, "card-sheet-print")
    # What a phone or a scanner reads on the printed cards: each code, with its prefix, never an address.
    picture = tmp_path / "sheet.png"
    page.screenshot(path=str(picture), full_page=True)
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(decoded) == sorted(cards.PREFIX + cards.parse(c) for c in codes.all_inner_texts())


def y4m(path, text, width=640, height=480, scale=10):
    """A one-frame video (YUV4MPEG2) of the QR code of `text`, black on white, for Chromium's fake camera."""
    code = qrcode.QRCode(border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * scale
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray(b"\xff" * width * height)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (top + y * scale + dy) * width + left + x * scale
                    luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (width // 2) * (height // 2)
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + bytes(luma) + chroma + chroma)
    return path


@contextlib.contextmanager
def door_with_a_camera(browser, url, code, video):
    """The door kiosk in a Chromium of its own whose camera films `video` (set when Chromium starts)."""
    camera = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    chromium = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *camera])
    try:
        context = chromium.new_context(locale="fr-FR", viewport=TABLET, bypass_csp=True)
        context.grant_permissions(["camera"], origin=url)
        yield DoorPage(context.new_page(), url, code).open()
    finally:
        chromium.close()


def test_a_card_shown_to_the_camera_is_read(live_server, workshop, browser, tmp_path):
    card = cards.new_code()
    came_with_a_card(live_server.url, card, "Yvette")
    video = y4m(tmp_path / "card.y4m", cards.qr_text(card))
    with door_with_a_camera(browser, live_server.url, workshop, video) as door:
        door.card_button().click()
        start = door.get_by_role("button", name=DoorPage.CAMERA)
        expect(start).to_be_visible()
        start.click()
        expect(door.get_by_text(DoorPage.card_hello("Yvette"))).to_be_visible()
        # The camera stopped by itself once the card was read.
        expect(door.locator("[data-camera-view]")).to_be_hidden()
        assert door.evaluate("document.querySelector('[data-camera-video]').srcObject") is None
        assert axe_violations(door) == []
        door.card_section().get_by_role("button", name=DoorPage.ENTER).click()
        expect(door.get_by_text(ParticipantPage.welcome("Yvette"))).to_be_visible()


def test_the_camera_shows_what_it_sees_until_the_person_stops_it(live_server, workshop, browser, tmp_path):
    # Something that is no card: the camera keeps looking, and the person sees what it films.
    video = y4m(tmp_path / "no-card.y4m", "Bonjour")
    with door_with_a_camera(browser, live_server.url, workshop, video) as door:
        door.card_button().click()
        door.get_by_role("button", name=DoorPage.CAMERA).click()
        expect(door.locator("[data-camera-status]")).to_have_text("La caméra cherche la carte.")
        expect(door.locator("[data-camera-video]")).to_be_visible()
        door.wait_for_function("document.querySelector('[data-camera-video]').videoWidth > 0")
        stop = door.get_by_role("button", name="Arrêter la caméra")
        expect(stop).to_be_visible()
        assert axe_violations(door) == []
        screenshot(door, "door-card-camera")
        stop.click()
        expect(door.locator("[data-camera-video]")).to_be_hidden()
        expect(door.locator("[data-camera-status]")).to_have_text(
            "La caméra est arrêtée. Vous pouvez écrire le code."
        )
        assert door.evaluate("document.querySelector('[data-camera-video]').srcObject") is None
        expect(door.get_by_role("button", name=DoorPage.CAMERA)).to_be_focused()


def test_the_moderator_prints_one_card_even_from_a_phone(live_server, workshop, new_page):
    # The room PC's browser is the moderator; a phone-sized window shows the same page.
    page = ConsolePage(new_page(viewport=PHONE, bypass_csp=True), live_server.url, workshop).open()
    page.unfold(ConsolePage.CHECKIN_SETTINGS)
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Une carte Kiosk à imprimer, pour une personne sans téléphone").click()
    card_page = opened.value
    expect(card_page.locator("[data-card-code]")).to_have_count(1)
    assert card_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(card_page) == []
    screenshot(card_page, "card-one-phone")
