"""For everyone: keyboard-only journeys, larger text that stays on, a board sized for the room, reflow."""

import pytest
import requests
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, BoardPage, ConsolePage, ParticipantPage

pytestmark = pytest.mark.browser


def tab_to(page, selector, limit=60):
    """Press Tab, as a keyboard user does, until `selector` has the focus; it must show it visibly."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has the focus but does not show it"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_check_in_ask_and_give_feedback_with_the_keyboard_only(live_server, workshop, screen):
    page = screen(ParticipantPage, viewport=PHONE)
    page.goto(f"{live_server.url}/w/{workshop}")
    tab_to(page, "#name")
    page.keyboard.type("Clavier")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=ParticipantPage.welcome("Clavier"))).to_be_visible()
    page.live()

    tab_to(page, "#question-text")
    page.keyboard.type("Comment agrandir le texte ?")
    tab_to(page, "[data-ask] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("li.question", has_text="Comment agrandir le texte ?")).to_be_visible()
    # Announced without moving the focus away from where the person is.
    expect(page.locator("[role=status]", has_text="envoyée").first).to_be_attached()

    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "feedback"})
    expect(page.feedback_heading()).to_be_visible()
    page.evaluate("() => document.activeElement.blur()")
    tab_to(page, "#rating-bad")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#rating-good")).to_be_checked()
    tab_to(page, "[data-feedback-form] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text(ParticipantPage.FEEDBACK_SENT)).to_be_visible()
    report = requests.get(f"{live_server.url}/w/{workshop}/report").text
    assert "Note : 10 / 10" in report


def test_larger_text_stays_on_for_this_phone(screen):
    page = screen(ParticipantPage, viewport=PHONE).open()
    size = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    normal = page.evaluate(size)
    switch = page.get_by_role("button", name=ParticipantPage.LARGER_TEXT)
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(size) > normal * 1.15
    page.reload()
    assert page.evaluate(size) > normal * 1.15
    expect(page.get_by_role("button", name=ParticipantPage.LARGER_TEXT)).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(page, "participant-large-text")
    # Another phone is not affected.
    other = screen(ParticipantPage, viewport=PHONE).open()
    assert other.evaluate(size) == normal


def test_the_moderator_makes_the_board_larger_live(live_server, workshop, screen):
    requests.post(
        f"{live_server.url}/api/workshops/{workshop}/questions",
        json={"text": "Une question pour le fond de la salle", "client_id": "b" * 16},
    )
    board = screen(BoardPage, viewport=PROJECTOR).open()
    question = board.get_by_text("Une question pour le fond de la salle")
    expect(question).to_be_visible()
    size = "(e) => parseFloat(getComputedStyle(e).fontSize)"
    before = question.evaluate(size)
    console = screen(ConsolePage, viewport=ROOM_PC).open().unfold(ConsolePage.BOARD_SETTINGS)
    for _ in range(3):
        console.button(ConsolePage.LARGER).click()
        expect(console.board_scale()).not_to_have_text("100 %")
    expect(console.board_scale()).to_have_text("130 %")
    board.wait_for_function(
        "() => parseFloat(getComputedStyle(document.body).fontSize) > 0 && "
        "document.body.style.getPropertyValue('--board-scale') === '1.3'"
    )
    assert question.evaluate(size) == pytest.approx(before * 1.3, rel=0.02)
    screenshot(board, "board-larger")
    board.reload()
    expect(question).to_be_visible()
    board.wait_for_scale("1.3")


@pytest.mark.parametrize(
    "path",
    [
        "/w/{code}",
        "/w/{code}/door",
        "/w/{code}/board",
        "/w/{code}/moderate",
        "/w/{code}/report",
        "/privacy",
        "/accessibility",
    ],
)
def test_every_page_reflows_at_320_pixels(live_server, workshop, new_page, path):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(live_server.url + path.format(code=workshop))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


@pytest.mark.parametrize("language", ["ar", "uk"])
def test_a_phone_in_another_language_in_one_tap(live_server, workshop, new_page, language):
    page = new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page.goto(f"{live_server.url}/w/{workshop}")
    name = {"ar": "العربية", "uk": "Українська"}[language]
    page.get_by_role("link", name=name).click()
    expect(page.locator(f"html[lang={language}]")).to_have_count(1)
    # The new page's script must be listening before Enter is pressed (a busy machine parses slowly).
    page.wait_for_load_state()
    if language == "ar":
        expect(page.locator("html[dir=rtl]")).to_have_count(1)
        # The whole page is mirrored: the name field starts on the right.
        box = page.locator("#name").bounding_box()
        label = page.get_by_text("اسمك أو اسم مستعار", exact=True).bounding_box()
        assert label["x"] + label["width"] == pytest.approx(box["x"] + box["width"], abs=2)
    page.locator("#name").fill("Олена" if language == "uk" else "ليلى")
    page.locator("#name").press("Enter")
    expect(page.locator("[data-ask] h2")).to_have_text(
        {"ar": "اطرح سؤالك", "uk": "Поставте своє питання"}[language]
    )
    assert axe_violations(page) == []
    screenshot(page, f"participant-{language}")
    page.reload()
    expect(page.locator(f"html[lang={language}]")).to_have_count(1)
