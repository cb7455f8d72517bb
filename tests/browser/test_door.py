"""The door: a QR code that really opens the workshop, and the kiosk for people without a phone."""

import io
import subprocess

import openpyxl
import pytest
import requests
from playwright.sync_api import expect

from ..helpers import client_id
from .conftest import OtherPhone, axe_violations, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, TABLET, BoardPage, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser


def test_the_door_qr_code_scans_to_the_participant_page(live_server, workshop, screen, tmp_path):
    door = screen(DoorPage, viewport={"width": 1280, "height": 800}).open()
    picture = tmp_path / "door.png"
    door.screenshot(path=str(picture))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True, check=True
    )
    url = decoded.stdout.strip()
    assert url == f"{live_server.url}/{workshop}"
    assert door.get_by_text(url.removeprefix("http://")).is_visible()
    phone = screen(ParticipantPage, viewport=PHONE)
    phone.goto(url)
    expect(phone.get_by_role("heading", name=ParticipantPage.WELCOME)).to_be_visible()
    phone.enter("Yvonne")
    expect(phone.get_by_role("heading", name=ParticipantPage.welcome("Yvonne"))).to_be_visible()
    door.expect_places(1, 12)


def test_the_door_kiosk_checks_people_in_one_after_the_other(screen):
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    door.no_phone_button().click()
    name = door.name_field()
    expect(name).to_be_focused()
    assert axe_violations(door) == []
    door.enter("Rose")
    expect(door.get_by_text(ParticipantPage.welcome("Rose"))).to_be_visible()
    screenshot(door, "door-kiosk-welcome")
    door.expect_places(1, 12)
    expect(door.no_phone_button()).to_be_visible(timeout=10_000)
    assert "Rose" not in door.locator("main").inner_text()
    door.no_phone_button().click()
    expect(name).to_have_value("")
    door.enter("Léon")
    expect(door.get_by_text(ParticipantPage.welcome("Léon"))).to_be_visible()
    door.expect_places(2, 12)


def test_moderator_adds_a_walk_in_and_counts_the_room(live_server, workshop, screen):
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    console.get_by_label(ConsolePage.ADD_PERSON).fill("Robert")
    console.locator("[data-add-person]").get_by_role("button", name=ConsolePage.ADD).click()
    expect(console.locator("[data-people]")).to_contain_text("Robert")
    console.button(ConsolePage.ONE_MORE).click()
    console.button(ConsolePage.ONE_MORE).click()
    expect(console.locator("[data-total]")).to_have_text("3")
    console.button(ConsolePage.RENAME).click()
    console.get_by_label(ConsolePage.new_name("Robert")).fill("Robert M.")
    console.button("OK").click()
    expect(console.locator("[data-people]")).to_contain_text("Robert M.")
    # Asked aloud, Robert agrees to be named in the activity tool's import file.
    with console.expect_response(lambda r: r.request.method == "PATCH" and "/api/attendees/" in r.url):
        console.get_by_label(ConsolePage.named_consent("Robert M.")).check()
    expect(console.get_by_label(ConsolePage.named_consent("Robert M."))).to_be_checked()
    workbook = requests.get(f"{live_server.url}/api/workshops/{workshop}/export/beneficiaires.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["Bénéficiaires"]
    assert sheet["B4"].value == "Robert M."
    assert axe_violations(console) == []
    screenshot(console, "moderator-attendance")


def test_a_name_put_right_or_removed_on_the_console_changes_on_the_projector_at_once(
    live_server, workshop, screen
):
    text = "Comment envoyer une vidéo à mon petit-fils ?"
    paul = OtherPhone(live_server.url, workshop, "Paul")
    asked = paul.session.post(
        f"{live_server.url}/api/workshops/{workshop}/questions",
        json={"text": text, "client_id": client_id(), "anonymous": False},
    )
    assert asked.status_code == 201, asked.text
    board = screen(BoardPage, viewport=PROJECTOR).open().live()
    row = board.locator("li.question", has_text=text)
    expect(row).to_contain_text("Paul")
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    console.button(ConsolePage.RENAME).click()
    console.get_by_label(ConsolePage.new_name("Paul")).fill("Paulo")
    console.button("OK").click()
    expect(row).to_contain_text("Paulo")
    screenshot(board, "board-name-put-right")
    # Removed from the list: his question stays on the projector, without his name.
    console.once("dialog", lambda dialog: dialog.accept())
    console.locator("[data-people]").get_by_role("button", name="Retirer").click()
    expect(row).not_to_contain_text("Paulo")
    expect(row).to_be_visible()
