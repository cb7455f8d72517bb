"""Every screen fits its device: a portrait door tablet, a 320 px phone, a first-time volunteer's laptop."""

import pytest
import requests
from playwright.sync_api import expect

from ..helpers import client_id
from .conftest import axe_violations, screenshot
from .pages import ConsolePage, DoorPage, ParticipantPage
from .test_accessibility import seed, set_phase

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
LONG_QUESTION = (
    "Comment faire une capture d’écran sur une tablette Samsung quand les boutons du côté ne marchent plus ?"
)


def crowd(url, code):
    """A busy workshop: questions (a long one among them) and two people, so every card and select is drawn."""
    phone = seed(url, code)
    phone.post(
        f"{url}/api/workshops/{code}/questions", json={"text": LONG_QUESTION, "client_id": client_id()}
    )
    requests.post(
        f"{url}/api/workshops/{code}/attendees",
        json={"name": "Marie-Christine de la Fontaine", "client_id": client_id(), "walk_in": True},
    )


def scroll_width(page):
    return page.evaluate("() => document.documentElement.scrollWidth")


@pytest.mark.parametrize("size", [(768, 1024), (800, 1280)])
def test_a_portrait_door_tablet_shows_the_code_the_places_and_the_kiosk_without_scrolling(screen, size):
    width, height = size
    door = screen(DoorPage, viewport={"width": width, "height": height}, bypass_csp=True).open().live()
    screenshot(door, f"door-portrait-{width}x{height}")
    for part in [door.no_phone_button(), door.card_button(), door.locator(".door-code"), door.places()]:
        expect(part).to_be_in_viewport(ratio=1)
    assert scroll_width(door) <= width
    assert axe_violations(door) == []


@pytest.mark.parametrize("width", [320, 390])
def test_a_busy_console_on_a_phone_never_scrolls_sideways(live_server, workshop, screen, width):
    crowd(live_server.url, workshop)
    console = screen(ConsolePage, viewport={"width": width, "height": 700}, bypass_csp=True).open().live()
    expect(console.question(LONG_QUESTION).get_by_role("combobox")).to_have_count(2)
    expect(console.locator("[data-people] select")).to_have_count(2)
    assert scroll_width(console) <= width
    for part in [
        ConsolePage.BOARD_SETTINGS,
        ConsolePage.REGISTRATIONS,
        ConsolePage.CHECKIN_SETTINGS,
        ConsolePage.EXPORTS,
        ConsolePage.DEVICES,
    ]:
        console.unfold(part)
    screenshot(console, f"console-busy-{width}")
    assert scroll_width(console) <= width
    assert axe_violations(console) == []


@pytest.mark.parametrize("width", [320, 390])
def test_the_feedback_faces_stay_on_one_row_on_a_small_phone(live_server, workshop, screen, width):
    phone = screen(ParticipantPage, viewport={"width": width, "height": 800}).check_in("Paul")
    set_phase(live_server.url, workshop, "feedback")
    expect(phone.feedback_heading()).to_be_visible()
    faces = [phone.locator(".faces label").nth(i).bounding_box() for i in range(3)]
    screenshot(phone, f"feedback-faces-{width}")
    assert len({round(face["y"]) for face in faces}) == 1, faces
    assert all(face["x"] + face["width"] <= width for face in faces), faces
    assert scroll_width(phone) <= width


def test_the_console_puts_the_current_steps_work_first_on_a_laptop(live_server, workshop, screen):
    crowd(live_server.url, workshop)
    console = screen(ConsolePage, viewport=LAPTOP, bypass_csp=True).open().live()
    # At the door, the people coming in and the field to add one without a phone come first.
    expect(console.get_by_label(ConsolePage.ADD_PERSON)).to_be_in_viewport(ratio=1)
    console.step(ConsolePage.QUESTIONS).click()
    expect(console.step(ConsolePage.QUESTIONS)).to_have_attribute("aria-pressed", "true")
    first = console.first_question()
    expect(first).to_be_in_viewport()
    expect(first.get_by_role("button", name=ConsolePage.ON_BOARD)).to_be_in_viewport(ratio=1)
    screenshot(console, "console-questions-step")
    assert console.evaluate("() => window.scrollY") == 0
    assert axe_violations(console) == []


def test_a_phone_offers_its_nickname_but_the_shared_door_kiosk_does_not(screen):
    phone = screen(ParticipantPage).open()
    expect(phone.name_field()).to_have_attribute("autocomplete", "nickname")
    door = screen(DoorPage, viewport={"width": 768, "height": 1024}).open()
    door.no_phone_button().click()
    expect(door.name_field()).to_have_attribute("autocomplete", "off")
    expect(door.locator("form[data-checkin]")).to_have_attribute("autocomplete", "off")
