"""The door: a QR code that really opens the workshop, and the kiosk form for people without a phone."""

import io
import json
import re
import subprocess

import openpyxl
import pytest
import requests
from playwright.sync_api import expect

from ..helpers import LiveServer, free_port
from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def room_server(tmp_path):
    """A server whose printed address is its loopback one, so a decoded QR code can be opened here."""
    port = free_port()
    server = LiveServer(tmp_path / "room", port=port, base_url=f"http://127.0.0.1:{port}")
    server.start()
    yield server
    server.stop()


def test_the_door_qr_code_scans_to_the_participant_page(room_server, new_page, tmp_path):
    code = json.loads(room_server.run("workshop", "create", "--title", "Atelier tablette", "--json"))["code"]
    door = new_page(viewport={"width": 1280, "height": 800})
    door.goto(f"{room_server.url}/w/{code}/door")
    picture = tmp_path / "door.png"
    door.screenshot(path=str(picture))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True, check=True
    )
    url = decoded.stdout.strip()
    assert url == f"{room_server.url}/{code}"
    assert door.get_by_text(url.removeprefix("http://")).is_visible()
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(url)
    expect(phone.get_by_role("heading", name="Bienvenue !")).to_be_visible()
    phone.get_by_label("Votre prénom ou un surnom").fill("Yvonne")
    phone.get_by_role("button", name="J’entre").click()
    expect(phone.get_by_role("heading", name="Bienvenue, Yvonne !")).to_be_visible()
    expect(door.locator("[data-places]")).to_have_text(re.compile(r"1\s*/\s*12"))


def test_the_door_kiosk_checks_people_in_one_after_the_other(live_server, workshop, new_page):
    door = new_page(viewport={"width": 1024, "height": 768}, bypass_csp=True)
    door.goto(f"{live_server.url}/w/{workshop}/door")
    door.get_by_role("button", name="Pas de smartphone ? Inscrivez-vous ici").click()
    name = door.get_by_label("Votre prénom ou un surnom")
    expect(name).to_be_focused()
    assert axe_violations(door) == []
    name.fill("Rose")
    door.get_by_role("button", name="J’entre").click()
    expect(door.get_by_text("Bienvenue, Rose !")).to_be_visible()
    screenshot(door, "door-kiosk-welcome")
    expect(door.locator("[data-places]")).to_have_text(re.compile(r"1\s*/\s*12"))
    expect(door.get_by_role("button", name="Pas de smartphone ? Inscrivez-vous ici")).to_be_visible(
        timeout=10_000
    )
    assert "Rose" not in door.locator("main").inner_text()
    door.get_by_role("button", name="Pas de smartphone ? Inscrivez-vous ici").click()
    expect(name).to_have_value("")
    name.fill("Léon")
    door.get_by_role("button", name="J’entre").click()
    expect(door.get_by_text("Bienvenue, Léon !")).to_be_visible()
    expect(door.locator("[data-places]")).to_have_text(re.compile(r"2\s*/\s*12"))


def test_moderator_adds_a_walk_in_and_counts_the_room(live_server, workshop, new_page):
    console = new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    console.goto(f"{live_server.url}/w/{workshop}/moderate")
    console.get_by_label("Ajouter une personne arrivée sans téléphone").fill("Robert")
    console.locator("[data-add-person]").get_by_role("button", name="Ajouter").click()
    expect(console.locator("[data-people]")).to_contain_text("Robert")
    console.get_by_role("button", name="Une personne de plus").click()
    console.get_by_role("button", name="Une personne de plus").click()
    expect(console.locator("[data-total]")).to_have_text("3")
    console.get_by_role("button", name="Renommer").click()
    console.get_by_label("Nouveau prénom de Robert").fill("Robert M.")
    console.get_by_role("button", name="OK").click()
    expect(console.locator("[data-people]")).to_contain_text("Robert M.")
    # Asked aloud, Robert agrees to be named in the activity tool's import file.
    with console.expect_response(lambda r: r.request.method == "PATCH" and "/api/attendees/" in r.url):
        console.get_by_label("Accepte d’être nommé(e) : Robert M.").check()
    expect(console.get_by_label("Accepte d’être nommé(e) : Robert M.")).to_be_checked()
    workbook = requests.get(f"{live_server.url}/api/workshops/{workshop}/export/beneficiaires.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["Bénéficiaires"]
    assert sheet["B4"].value == "Robert M."
    assert axe_violations(console) == []
    screenshot(console, "moderator-attendance")
