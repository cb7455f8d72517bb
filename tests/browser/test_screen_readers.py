"""The participant page for a person who uses a keyboard or a screen reader: focus stays where they are,
what changes out of sight is said once, errors are tied to their field."""

import re

import pytest
import requests
from playwright.sync_api import expect

from kiosk.choices import QUESTION_MAX

from .conftest import OtherPhone, axe_violations, set_phase
from .pages import PHONE, ROOM_PC, ConsolePage, ParticipantPage

pytestmark = pytest.mark.browser

FIRST = "Comment faire une capture d’écran ?"
SECOND = "Où trouver mes photos ?"


@pytest.fixture
def paul(screen):
    """Paul's phone, checked in, with axe allowed in (bypass_csp)."""
    return screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Paul")


def test_moi_aussi_keeps_the_keyboard_on_its_question_when_pressed_and_when_others_vote(
    live_server, workshop, paul
):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    first = marie.ask(FIRST)
    marie.ask(SECOND)
    expect(paul.question_text(SECOND)).to_be_visible()
    paul.me_too(SECOND).focus()
    paul.keyboard.press("Enter")
    expect(paul.me_too(SECOND)).to_have_attribute("aria-pressed", "true")
    # The question climbed to the top of the list, and the keyboard went with it.
    expect(paul.locator("li.question").first).to_contain_text(SECOND)
    expect(paul.me_too(SECOND)).to_be_focused()
    # Another phone votes twice for the other question and asks a new one: the list moves, Paul stays.
    lea, nour = OtherPhone(live_server.url, workshop, "Léa"), OtherPhone(live_server.url, workshop, "Nour")
    lea.me_too(first)
    nour.me_too(first)
    lea.ask("Comment changer la sonnerie ?")
    expect(paul.locator("li.question").first).to_contain_text(FIRST)
    expect(paul.question_text("Comment changer la sonnerie ?")).to_be_visible()
    expect(paul.me_too(SECOND)).to_be_focused()
    # Pressed again, from where it stands: the vote is taken back and the keyboard still there.
    paul.keyboard.press("Enter")
    expect(paul.me_too(SECOND)).to_have_attribute("aria-pressed", "false")
    expect(paul.me_too(SECOND)).to_be_focused()


def set_status(url, question_id, status):
    """Change a question's state as the room PC does (it trusts 127.0.0.1)."""
    assert requests.patch(f"{url}/api/questions/{question_id}", json={"status": status}).status_code == 200


def test_a_question_that_leaves_the_phones_list_hands_the_keyboard_to_the_next_then_to_the_heading(
    live_server, workshop, paul
):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    first, second = marie.ask(FIRST), marie.ask(SECOND)
    expect(paul.me_too(SECOND)).to_be_visible()
    paul.me_too(FIRST).focus()
    set_status(live_server.url, first, "hidden")
    expect(paul.question(FIRST)).to_have_count(0)
    expect(paul.question_text(SECOND)).to_be_focused()
    paul.keyboard.press("Tab")
    expect(paul.me_too(SECOND)).to_be_focused()
    set_status(live_server.url, second, "hidden")
    expect(paul.get_by_role("heading", name="Les questions du groupe")).to_be_focused()


@pytest.fixture
def console(screen):
    """The moderator console on the room PC, with axe allowed in."""
    return screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open().live()


def test_the_console_keeps_the_keyboard_on_its_question_while_phones_post_and_vote(
    live_server, workshop, console
):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    marie.ask(FIRST)
    second = marie.ask(SECOND)
    hide = console.action(SECOND, ConsolePage.HIDE)
    hide.focus()
    # A new question has no "moi aussi" yet: nothing is said of it, rather than "0 personne".
    expect(console.question(SECOND)).not_to_contain_text("Moi aussi")
    lea, nour = OtherPhone(live_server.url, workshop, "Léa"), OtherPhone(live_server.url, workshop, "Nour")
    lea.me_too(second)
    nour.me_too(second)
    lea.ask("Comment changer la sonnerie ?")
    expect(console.first_question()).to_contain_text(SECOND)
    expect(console.question(SECOND)).to_contain_text(re.compile(r"Moi aussi\s:\s2 personnes"))
    expect(console.question_text("Comment changer la sonnerie ?")).to_be_visible()
    expect(hide).to_be_focused()
    # The keyboard goes on from where it stands, to the same question's next button.
    console.keyboard.press("Tab")
    expect(console.action(SECOND, ConsolePage.EDIT)).to_be_focused()
    assert axe_violations(console.page) == []


def test_a_question_set_aside_from_the_console_hands_the_keyboard_to_the_one_in_its_place(
    live_server, workshop, console
):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    marie.ask(FIRST)
    marie.ask(SECOND)
    console.action(FIRST, ConsolePage.RESOLVED).focus()
    console.keyboard.press("Enter")
    # The resolved question went down the list; the reader goes on with the question now in its place.
    expect(console.question(FIRST)).to_contain_text(ConsolePage.RESOLVED)
    expect(console.first_question()).to_contain_text(SECOND)
    expect(console.question_text(SECOND)).to_be_focused()
    console.keyboard.press("Tab")
    expect(console.action(SECOND, ConsolePage.ON_BOARD)).to_be_focused()
    # Merged into the other one, the last open question hands the keyboard back to the one above it.
    console.duplicate_choice(SECOND).select_option(label=FIRST)
    expect(console.question(SECOND)).to_contain_text("fusionnée")
    expect(console.question_text(FIRST)).to_be_focused()


def test_a_question_corrected_from_the_console_keeps_its_form_while_phones_vote(
    live_server, workshop, console
):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    first = marie.ask(FIRST)
    console.action(FIRST, ConsolePage.EDIT).click()
    field = console.get_by_role("textbox", name="Texte corrigé")
    field.fill("Comment faire une capture d’écran sur tablette ?")
    OtherPhone(live_server.url, workshop, "Léa").me_too(first)
    marie.ask(SECOND)
    expect(console.question_text(SECOND)).to_be_visible()
    expect(field).to_have_value("Comment faire une capture d’écran sur tablette ?")
    expect(field).to_be_focused()
    console.keyboard.press("Enter")
    expect(console.question_text("sur tablette")).to_be_visible()
    expect(console.action("sur tablette", ConsolePage.EDIT)).to_be_focused()


def test_moi_aussi_is_named_without_its_tick_and_described_by_its_question(live_server, workshop, paul):
    OtherPhone(live_server.url, workshop, "Marie").ask(FIRST)
    paul.me_too(FIRST).click()
    expect(paul.me_too(FIRST)).to_have_attribute("aria-pressed", "true")
    expect(paul.me_too(FIRST)).to_have_accessible_name(ParticipantPage.ME_TOO)
    expect(paul.me_too(FIRST)).to_have_accessible_description(FIRST)


def test_a_question_from_another_phone_is_said_once_and_several_are_summed_up(live_server, workshop, paul):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    marie.ask(FIRST)
    expect(paul.announcement()).to_have_text(ParticipantPage.new_question(FIRST))
    expect(paul.announcement()).to_have_attribute("role", "status")
    # Three more in a row, within the quiet time after the first: one sentence for the three.
    for n in range(3):
        marie.ask(f"Question numéro {n + 1} de Marie")
    expect(paul.announcement()).to_have_text(ParticipantPage.new_questions(3), timeout=15_000)
    assert axe_violations(paul.page) == []


def test_a_paused_list_stays_silent(live_server, workshop, paul):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    paul.get_by_role("button", name=ParticipantPage.FREEZE).click()
    marie.ask("Posée pendant que la liste est figée")
    paul.get_by_role("button", name=ParticipantPage.SHOW_NEW).click()
    expect(paul.question_text("Posée pendant que la liste est figée")).to_be_visible()
    marie.ask(SECOND)
    # Only what came once the list moves again is said, alone.
    expect(paul.announcement()).to_have_text(ParticipantPage.new_question(SECOND), timeout=15_000)


def test_the_feedback_form_and_the_end_are_said(live_server, workshop, paul):
    set_phase(live_server.url, workshop, "feedback")
    expect(paul.announcement()).to_have_text(ParticipantPage.FEEDBACK_OPEN)
    set_phase(live_server.url, workshop, "closed")
    expect(paul.announcement()).to_have_text(ParticipantPage.CLOSED)


def test_focus_goes_to_the_thanks_after_feedback(live_server, workshop, paul):
    set_phase(live_server.url, workshop, "feedback")
    expect(paul.feedback_heading()).to_be_visible()
    paul.give_feedback("Très bien")
    expect(paul.thanks()).to_be_focused()
    assert axe_violations(paul.page) == []


def test_a_refused_question_is_tied_to_its_field(paul):
    # Enough characters for the browser, nothing but spaces for the server.
    paul.question_field().fill("     ")
    paul.send_button().click()
    field = paul.question_field()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    # Heard once, through the field (no alert besides), and without the warning sign seen before it.
    expect(field).to_have_accessible_description(f"5 / {QUESTION_MAX} Écrivez votre question.")
    expect(paul.locator("#question-error")).not_to_have_attribute("role", "alert")
    assert axe_violations(paul.page) == []
    paul.post("Une vraie question cette fois")
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(f"0 / {QUESTION_MAX}")


def test_a_refused_name_is_tied_to_its_field(screen):
    phone = screen(ParticipantPage, viewport=PHONE).open()
    phone.enter("   ")
    field = phone.name_field()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    error = phone.locator("[data-checkin] [data-error]")
    expect(error).to_be_visible()
    expect(error).not_to_have_attribute("role", "alert")
    message = error.inner_text().removeprefix("⚠").strip()
    expect(field).to_have_accessible_description(f"C’est tout ce qu’il faut. {message}")


def test_a_refused_name_without_script_is_focused_and_described_once(live_server, workshop, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(f"{live_server.url}/w/{workshop}")
    page.get_by_label(ParticipantPage.NAME).fill("   ")
    page.get_by_role("button", name=ParticipantPage.ENTER).click()
    field = page.get_by_label(ParticipantPage.NAME)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    expect(page.locator("#name-error")).not_to_have_attribute("role", "alert")
    expect(field).to_have_accessible_description("C’est tout ce qu’il faut. Écrivez votre prénom ou surnom.")


def test_a_refusal_tied_to_no_field_is_an_alert(live_server, workshop, paul):
    marie = OtherPhone(live_server.url, workshop, "Marie")
    question = marie.ask(FIRST)
    expect(paul.me_too(FIRST)).to_be_visible()
    # A vote for a question no longer on the board (a closed workshop now turns the phone into the take-home
    # page, so the refusal is played with a question that is gone).
    gone = question + 1_000_000
    paul.evaluate("(id) => Kiosk.send('POST', `/api/questions/${id}/vote`, {}, 'vote', id)", gone)
    error = paul.locator("[data-vote-error]")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("uk", ["1 нове питання", "2 нові питання", "5 нових питань", "11 нових питань", "21 нове питання"]),
        ("ar", ["سؤال جديد واحد", "سؤالان جديدان", "أسئلة جديدة", "سؤالًا جديدًا", "سؤالًا جديدًا"]),
    ],
)
def test_several_new_questions_are_counted_in_the_readers_language(
    live_server, workshop, paul, language, said
):
    paul.goto(f"{live_server.url}/lang/{language}?next=/{workshop}")
    paul.live()
    heard = paul.evaluate("[1, 2, 5, 11, 21].map((n) => Kiosk.plural('new_questions', n).textContent)")
    assert [words in sentence for words, sentence in zip(said, heard, strict=True)] == [True] * 5, heard
