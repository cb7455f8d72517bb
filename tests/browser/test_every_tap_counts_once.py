"""A tap counts once on a phone without network, and every press counts on the console, however busy."""

import pytest
import requests
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

WAITING = "Pas de réseau. Votre message partira tout seul."
OUTBOX_EMPTY = "() => JSON.parse(localStorage.getItem('kiosk-outbox') || '[]').length === 0"


def check_in(page, url, code, name):
    page.goto(f"{url}/{code}")
    page.get_by_label("Votre prénom ou un surnom").fill(name)
    page.get_by_role("button", name="J’entre").click()
    expect(page.get_by_role("heading", name=f"Bienvenue, {name} !")).to_be_visible()
    expect(page.locator("html[data-live=on]")).to_have_count(1)


def questions(live_server, code):
    return requests.get(f"{live_server.url}/api/workshops/{code}/questions").json()["questions"]


def test_a_second_tap_offline_does_not_post_the_question_twice(live_server, workshop, new_page):
    phone = new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
    check_in(phone, live_server.url, workshop, "Nour")
    phone.context.set_offline(True)
    phone.get_by_role("textbox", name="Votre question").fill("Comment changer mon code PIN ?")
    send = phone.get_by_role("button", name="J’envoie")
    send.click()
    expect(send).to_be_disabled()
    note = phone.locator("[data-ask-form] [role=status]", has_text=WAITING)
    expect(note).to_be_visible()
    expect(phone.get_by_text("Envoi en attente du réseau")).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "participant-question-waiting")
    # The impatient second tap, on the button itself as a finger would.
    send.click(force=True)
    phone.context.set_offline(False)
    expect(phone.get_by_text("Question envoyée. Merci !")).to_be_visible(timeout=15_000)
    expect(send).to_be_enabled()
    expect(note).to_have_count(0)
    phone.wait_for_function(OUTBOX_EMPTY)
    assert [q["text"] for q in questions(live_server, workshop)] == ["Comment changer mon code PIN ?"]


def test_a_second_tap_on_me_too_offline_does_not_take_the_vote_back(live_server, workshop, new_page):
    marie, paul = new_page(), new_page(viewport={"width": 390, "height": 844})
    check_in(marie, live_server.url, workshop, "Marie")
    marie.get_by_role("textbox", name="Votre question").fill("Comment trier mes photos ?")
    marie.get_by_role("button", name="J’envoie").click()
    expect(marie.get_by_text("Question envoyée. Merci !")).to_be_visible()
    check_in(paul, live_server.url, workshop, "Paul")
    question = paul.locator("li.question", has_text="Comment trier mes photos ?")
    me_too = question.get_by_role("button", name="Moi aussi")
    paul.context.set_offline(True)
    me_too.click()
    expect(me_too).to_have_attribute("aria-pressed", "true")
    expect(me_too).to_be_disabled()
    expect(question.get_by_role("status")).to_have_text(WAITING)
    me_too.click(force=True)
    paul.context.set_offline(False)
    expect(me_too).to_be_enabled(timeout=15_000)
    expect(question.get_by_role("status")).to_have_text("")
    expect(me_too).to_have_attribute("aria-pressed", "true")
    paul.wait_for_function(OUTBOX_EMPTY)
    assert [q["votes"] for q in questions(live_server, workshop)] == [1]


def test_feedback_waiting_for_the_network_holds_its_button(live_server, workshop, new_page):
    phone = new_page(viewport={"width": 390, "height": 844})
    check_in(phone, live_server.url, workshop, "Lina")
    console = new_page()
    console.goto(f"{live_server.url}/w/{workshop}/moderate")
    console.get_by_role("button", name="Avis").click()
    expect(phone.get_by_role("heading", name="Votre avis")).to_be_visible()
    phone.context.set_offline(True)
    phone.get_by_text("Très bien").click()
    send = phone.get_by_role("button", name="J’envoie mon avis")
    send.click()
    expect(send).to_be_disabled()
    expect(phone.locator("[data-feedback-form] [role=status]")).to_have_text(WAITING)
    phone.context.set_offline(False)
    expect(phone.get_by_text("Merci ! Votre avis est bien reçu.")).to_be_visible(timeout=15_000)
    expect(console.locator("[data-fb-count]")).to_have_text("1")


def test_three_quick_presses_make_the_board_three_steps_larger(live_server, workshop, new_page):
    board = new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{live_server.url}/w/{workshop}/board")
    console = new_page(viewport={"width": 1280, "height": 900})
    console.goto(f"{live_server.url}/w/{workshop}/moderate")
    expect(console.locator("html[data-live=on]")).to_have_count(1)
    bigger = console.get_by_role("button", name="Plus grand")
    # Three presses before the console hears back about the first, as on a busy machine.
    bigger.evaluate("(button) => { button.click(); button.click(); button.click(); }")
    expect(console.locator("[data-board-scale]")).to_have_text("130 %")
    board.wait_for_function("() => document.body.style.getPropertyValue('--board-scale') === '1.3'")
    assert requests.get(f"{live_server.url}/api/workshops/{workshop}").json()["board_scale"] == 130
    smaller = console.get_by_role("button", name="Plus petit")
    for _ in range(2):
        smaller.click()
    expect(console.locator("[data-board-scale]")).to_have_text("110 %")
