"""axe-core in the real browser, on every page in each of its states: no WCAG A/AA violation."""

import pytest
import requests
from playwright.sync_api import expect

from ..helpers import LiveServer, client_id
from .conftest import axe_violations, create_workshop, screenshot, set_phase
from .pages import BoardPage, ParticipantPage

pytestmark = pytest.mark.browser


def enhanced_contrast_violations(page):
    """axe-core's 7:1 contrast rule, on a page already carrying axe."""
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']}})"
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def assert_accessible(page, name):
    screenshot(page, f"axe-{name}")
    assert axe_violations(page) == [], name


def seed(url, code):
    """A checked-in phone with a question, seen by everyone."""
    phone = requests.Session()
    phone.post(f"{url}/api/workshops/{code}/attendees", json={"name": "Marie", "client_id": client_id()})
    for text in ["Comment faire une capture d’écran ?", "Où trouver mes photos ?", "كيف أرسل صورة؟"]:
        phone.post(f"{url}/api/workshops/{code}/questions", json={"text": text, "client_id": client_id()})
    return phone


def set_status(url, question_id, status):
    assert requests.patch(f"{url}/api/questions/{question_id}", json={"status": status}).status_code == 200


@pytest.mark.parametrize("width", [1280, 320])
def test_home_and_error_pages(live_server, workshop, new_page, width):
    page = new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
    page.goto(live_server.url + "/")
    assert_accessible(page, f"home-{width}")
    page.goto(live_server.url + "/w/0000")
    assert_accessible(page, f"not-found-{width}")
    page.goto(live_server.url + "/m/not-a-valid-token")
    assert_accessible(page, f"link-expired-{width}")
    page.goto(live_server.url + "/privacy")
    assert_accessible(page, f"privacy-{width}")
    page.goto(live_server.url + "/privacy/kids")
    assert_accessible(page, f"privacy-kids-{width}")
    page.goto(live_server.url + "/accessibility")
    assert_accessible(page, f"accessibility-{width}")
    page.goto(live_server.url + "/memo")
    assert_accessible(page, f"memo-{width}")


@pytest.mark.parametrize("width", [1280, 320])
def test_participant_page_in_each_state(live_server, workshop, new_page, width):
    seed(live_server.url, workshop)
    page = new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
    page.goto(f"{live_server.url}/w/{workshop}")
    assert_accessible(page, f"checkin-form-{width}")
    page.get_by_label(ParticipantPage.NAME).fill("   ")
    page.get_by_role("button", name=ParticipantPage.ENTER).click()
    expect(page.locator("[data-checkin] [data-error]")).to_be_visible()
    assert_accessible(page, f"checkin-error-{width}")
    page.get_by_label(ParticipantPage.NAME).fill("Paul")
    page.get_by_role("button", name=ParticipantPage.ENTER).click()
    expect(page.get_by_text("Comment faire une capture d’écran ?")).to_be_visible()
    assert_accessible(page, f"participant-questions-{width}")
    set_phase(live_server.url, workshop, "feedback")
    expect(page.get_by_role("heading", name=ParticipantPage.FEEDBACK)).to_be_visible()
    assert_accessible(page, f"participant-feedback-{width}")
    set_phase(live_server.url, workshop, "closed")
    # The line on the page, not the screen readers' status line that says the same a moment later.
    expect(page.locator("[data-closed]")).to_contain_text("L’atelier est terminé.")
    assert_accessible(page, f"participant-closed-{width}")


@pytest.mark.parametrize("width", [1280, 320])
def test_door_board_and_console(live_server, workshop, new_page, width):
    page = new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
    page.goto(f"{live_server.url}/w/{workshop}/door")
    assert_accessible(page, f"door-{width}")
    page.goto(f"{live_server.url}/w/{workshop}/board")
    expect(page.get_by_text(BoardPage.EMPTY)).to_be_visible()
    assert_accessible(page, f"board-empty-{width}")
    seed(live_server.url, workshop)
    questions = requests.get(f"{live_server.url}/api/workshops/{workshop}/questions").json()["questions"]
    set_status(live_server.url, questions[0]["id"], "current")
    set_status(live_server.url, questions[1]["id"], "resolved")
    expect(page.locator("[data-current]")).not_to_be_empty()
    expect(page.locator("[data-done] li")).to_have_count(1)
    assert_accessible(page, f"board-busy-{width}")
    # Read from the back of the room: the board meets the enhanced contrast of 7:1 (WCAG AAA).
    assert enhanced_contrast_violations(page) == []
    page.goto(f"{live_server.url}/w/{workshop}/moderate")
    expect(page.locator("[data-questions] li")).to_have_count(3)
    assert_accessible(page, f"moderator-{width}")
    page.goto(f"{live_server.url}/w/{workshop}/handout")
    assert_accessible(page, f"handout-{width}")
    page.goto(f"{live_server.url}/w/{workshop}/poster")
    assert_accessible(page, f"poster-{width}")


@pytest.mark.parametrize("width", [1280, 320])
def test_pages_that_say_phones_cannot_join(tmp_path, new_page, width):
    server = LiveServer(tmp_path / "this-pc-only")  # served on 127.0.0.1, with no address for phones
    server.start()
    try:
        code = create_workshop(server.url)
        page = new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
        for path, name in (("/", "home"), (f"/w/{code}/door", "door"), (f"/w/{code}/moderate", "console")):
            page.goto(server.url + path)
            expect(page.get_by_text("Kiosk est ouvert sur ce PC seulement.")).to_be_visible()
            assert_accessible(page, f"no-phones-{name}-{width}")
    finally:
        server.stop()
