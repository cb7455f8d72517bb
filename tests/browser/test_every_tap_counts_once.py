"""A tap counts once on a phone without network, and every press counts on the console, however busy."""

import pytest
import requests
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, WAITING, BoardPage, ConsolePage, ParticipantPage

pytestmark = pytest.mark.browser

OUTBOX_EMPTY = "() => JSON.parse(localStorage.getItem('kiosk-outbox') || '[]').length === 0"


def questions(live_server, code):
    return requests.get(f"{live_server.url}/api/workshops/{code}/questions").json()["questions"]


def test_a_second_tap_offline_does_not_post_the_question_twice(live_server, workshop, screen):
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Nour")
    phone.context.set_offline(True)
    phone.ask("Comment changer mon code PIN ?")
    send = phone.send_button()
    expect(send).to_be_disabled()
    note = phone.locator("[data-ask-form] [role=status]", has_text=WAITING)
    expect(note).to_be_visible()
    expect(phone.get_by_text(ParticipantPage.OFFLINE)).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "participant-question-waiting")
    # The impatient second tap, on the button itself as a finger would.
    send.click(force=True)
    phone.context.set_offline(False)
    expect(phone.get_by_text(ParticipantPage.SENT)).to_be_visible(timeout=15_000)
    expect(send).to_be_enabled()
    expect(note).to_have_count(0)
    phone.wait_for_function(OUTBOX_EMPTY)
    assert [q["text"] for q in questions(live_server, workshop)] == ["Comment changer mon code PIN ?"]


def test_a_second_tap_on_me_too_offline_does_not_take_the_vote_back(live_server, workshop, screen):
    marie, paul = screen(ParticipantPage), screen(ParticipantPage, viewport=PHONE)
    marie.check_in("Marie")
    marie.ask("Comment trier mes photos ?")
    expect(marie.get_by_text(ParticipantPage.SENT)).to_be_visible()
    paul.check_in("Paul")
    question = paul.question("Comment trier mes photos ?")
    me_too = paul.me_too("Comment trier mes photos ?")
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


def test_feedback_waiting_for_the_network_holds_its_button(screen):
    phone = screen(ParticipantPage, viewport=PHONE).check_in("Lina")
    console = screen(ConsolePage).open()
    console.open_feedback()
    expect(phone.feedback_heading()).to_be_visible()
    phone.context.set_offline(True)
    phone.get_by_text("Très bien").click()
    send = phone.get_by_role("button", name=ParticipantPage.SEND_FEEDBACK)
    send.click()
    expect(send).to_be_disabled()
    expect(phone.locator("[data-feedback-form] [role=status]")).to_have_text(WAITING)
    phone.context.set_offline(False)
    expect(phone.get_by_text(ParticipantPage.FEEDBACK_SENT)).to_be_visible(timeout=15_000)
    expect(console.feedback_count()).to_have_text("1")


def test_three_quick_presses_make_the_board_three_steps_larger(live_server, workshop, screen):
    board = screen(BoardPage, viewport=PROJECTOR).open()
    console = screen(ConsolePage, viewport=ROOM_PC).open().live().unfold(ConsolePage.BOARD_SETTINGS)
    bigger = console.button(ConsolePage.LARGER)
    # Three presses before the console hears back about the first, as on a busy machine.
    bigger.evaluate("(button) => { button.click(); button.click(); button.click(); }")
    expect(console.board_scale()).to_have_text("130 %")
    board.wait_for_scale("1.3")
    assert requests.get(f"{live_server.url}/api/workshops/{workshop}").json()["board_scale"] == 130
    smaller = console.button(ConsolePage.SMALLER)
    for _ in range(2):
        smaller.click()
    expect(console.board_scale()).to_have_text("110 %")
