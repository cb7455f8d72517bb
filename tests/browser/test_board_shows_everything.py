"""The projector with nobody at the keyboard: every open question reaches the screen, read from 8 m."""

import re

import pytest
import requests
from playwright.sync_api import expect

from ..helpers import client_id
from .conftest import axe_violations, screenshot, serve
from .pages import BoardPage

pytestmark = pytest.mark.browser

PAGE_SECONDS = 2
# Some long, some short, one in Arabic: as a real group writes them.
QUESTIONS = [
    f"Question {n} : comment retrouver une photo envoyée par ma petite-fille sur WhatsApp ?" * (1 + n % 3)
    for n in range(1, 20)
] + ["كيف أرسل صورة إلى حفيدتي؟"]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The module's server, turning the board's pages quickly so that a whole cycle fits in a test."""
    server = serve(tmp_path_factory.mktemp("board"), board_page_seconds=str(PAGE_SECONDS))
    yield server
    server.stop()


def settle(url, code, **settings):
    """Change the workshop from the room PC (trusted as moderator)."""
    assert requests.patch(f"{url}/api/workshops/{code}", json=settings).status_code == 200


def post_questions(url, code, texts):
    """The room PC types the questions asked out loud; returns their ids by text."""
    ids = {}
    for text in texts:
        response = requests.post(
            f"{url}/api/workshops/{code}/questions", json={"text": text, "client_id": client_id()}
        )
        assert response.status_code == 201, response.text
        ids[text] = response.json()["id"]
    return ids


def set_status(url, question_id, status):
    assert requests.patch(f"{url}/api/questions/{question_id}", json={"status": status}).status_code == 200


@pytest.mark.parametrize(
    ("width", "height", "scale", "language"),
    [
        (1920, 1080, 100, "fr"),
        (1280, 720, 100, "fr"),
        (1280, 720, 150, "fr"),
        (1920, 1080, 150, "ar"),
        (1920, 1080, 250, "ar"),
    ],
)
def test_twenty_open_questions_all_reach_the_projector_by_themselves(
    live_server, workshop, screen, width, height, scale, language
):
    settle(live_server.url, workshop, board_scale=scale, language=language)
    ids = post_questions(live_server.url, workshop, ["La question dont on parle maintenant", *QUESTIONS])
    set_status(live_server.url, ids["La question dont on parle maintenant"], "current")
    board = screen(BoardPage, viewport={"width": width, "height": height}).open()
    board.wait_for_scale(str(scale / 100).removesuffix(".0"))
    expect(board.locator("[data-open] li")).to_have_count(len(QUESTIONS))
    expect(board.page_number()).to_be_visible()
    screenshot(board, f"board-20-questions-{width}x{height}-{scale}-{language}")
    # Many pages turn while nobody touches anything; the slowest take a few seconds each on a busy machine.
    board.wait_until_each_was_on_screen(QUESTIONS, timeout=len(QUESTIONS) * PAGE_SECONDS * 3000)
    # The question being talked about stayed on screen the whole time.
    expect(board.current()).to_be_in_viewport(ratio=1)
    screenshot(board, f"board-20-questions-{width}x{height}-{scale}-{language}-later-page")


def test_a_new_question_reaches_the_screen_though_the_list_is_full(live_server, workshop, screen):
    post_questions(live_server.url, workshop, QUESTIONS)
    board = screen(BoardPage, viewport={"width": 1280, "height": 720}).open()
    expect(board.locator("[data-open] li")).to_have_count(len(QUESTIONS))
    post_questions(live_server.url, workshop, ["La toute dernière question arrivée"])
    board.wait_until_each_was_on_screen(["La toute dernière question arrivée"], timeout=60_000)


def test_names_counts_and_the_address_grow_with_the_board_size(live_server, workshop, screen):
    phone = requests.Session()
    phone.post(
        f"{live_server.url}/api/workshops/{workshop}/attendees",
        json={"name": "Marie", "client_id": client_id()},
    )
    phone.post(
        f"{live_server.url}/api/workshops/{workshop}/questions",
        json={"text": "Comment agrandir le texte ?", "client_id": client_id(), "anonymous": False},
    )
    board = screen(BoardPage, viewport={"width": 1920, "height": 1080}).open()
    meta = board.locator("[data-open] .question-meta")
    expect(meta).to_contain_text("Marie")
    address = board.locator("[data-join] .join-address")
    size = "(e) => parseFloat(getComputedStyle(e).fontSize)"
    before = {"name": meta.evaluate(size), "address": address.evaluate(size)}
    # From the back of the room the way in, for those who cannot scan, is no smaller than the rest.
    assert before["address"] >= 30
    settle(live_server.url, workshop, board_scale=150)
    board.wait_for_scale("1.5")
    assert meta.evaluate(size) == pytest.approx(before["name"] * 1.5, rel=0.02)
    assert address.evaluate(size) == pytest.approx(before["address"] * 1.5, rel=0.02)


@pytest.mark.parametrize("viewport", [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}])
def test_at_its_largest_the_board_keeps_the_address_whole_and_on_screen(
    live_server, workshop, screen, viewport
):
    board = screen(BoardPage, viewport=viewport).open().live()
    settle(live_server.url, workshop, board_scale=250)
    board.wait_for_scale("2.5")
    corner = board.locator("[data-join]")
    # Each part of the address (the host and its port, the code) stays on one line: cut, it gets mistyped.
    parts = corner.locator(".address-part")
    expect(parts).to_have_count(2)
    for part in parts.all():
        assert part.evaluate("(e) => e.getClientRects().length") == 1, part.inner_text()
    inside = """(e) => { const r = e.getBoundingClientRect(), c = e.closest('[data-join]').getBoundingClientRect();
                          return r.left >= c.left - 1 && r.right <= c.right + 1 && r.bottom <= innerHeight; }"""
    expect(parts.first).to_be_visible()
    assert all(part.evaluate(inside) for part in parts.all())
    # The code under it is on the projector's screen too.
    assert corner.locator(".board-code strong").evaluate(inside)
    address = corner.locator(".join-address").evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    assert address >= 30


def test_a_question_to_look_up_later_says_so_in_words_and_shape(live_server, workshop, screen):
    ids = post_questions(live_server.url, workshop, ["Une question ouverte", "Une question pour plus tard"])
    set_status(live_server.url, ids["Une question pour plus tard"], "later")
    board = screen(BoardPage, viewport={"width": 1920, "height": 1080}).open()
    later = board.locator("li.question", has_text="Une question pour plus tard")
    still_open = board.locator("li.question", has_text="Une question ouverte")
    expect(later).to_contain_text(BoardPage.LATER)
    expect(still_open).not_to_contain_text(BoardPage.LATER)
    style = "(e) => getComputedStyle(e).borderTopStyle"
    assert later.evaluate(style) != still_open.evaluate(style)


def test_the_feedback_step_asks_the_room_and_counts_answers_live(live_server, workshop, screen):
    board = screen(BoardPage, viewport={"width": 1280, "height": 720}, bypass_csp=True).open().live()
    expect(board.get_by_text(BoardPage.GIVE_FEEDBACK)).to_be_hidden()
    settle(live_server.url, workshop, phase="feedback")
    expect(board.get_by_role("heading", name=BoardPage.GIVE_FEEDBACK)).to_be_visible()
    expect(board.feedback_count()).to_have_text("0")
    # With no question open, nothing asks the room for questions over the call for its opinion.
    expect(board.get_by_text(BoardPage.EMPTY)).to_be_hidden()
    for name, face in (("Marie", "good"), ("Paul", "medium")):
        phone = requests.Session()
        phone.post(
            f"{live_server.url}/api/workshops/{workshop}/attendees",
            json={"name": name, "client_id": client_id()},
        )
        answer = phone.post(
            f"{live_server.url}/api/workshops/{workshop}/feedback",
            json={"client_id": client_id(), "rating": face},
        )
        assert answer.status_code == 201, answer.text
    expect(board.feedback_count()).to_have_text("2")
    # The score is the moderator's to show.
    expect(board.feedback_score()).to_be_hidden()
    assert axe_violations(board) == []
    screenshot(board, "board-feedback-step")
    assert (
        requests.put(
            f"{live_server.url}/api/workshops/{workshop}/feedback/on-board", json={"show": True}
        ).status_code
        == 200
    )
    expect(board.feedback_score()).to_have_text(re.compile(r"7,5"))
    board.reload()
    expect(board.feedback_count()).to_have_text("2")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_paged_board_stays_accessible(live_server, workshop, screen, language):
    settle(live_server.url, workshop, language=language)
    ids = post_questions(live_server.url, workshop, QUESTIONS)
    set_status(live_server.url, ids[QUESTIONS[3]], "later")
    set_status(live_server.url, ids[QUESTIONS[4]], "resolved")
    # Asking for less motion, the pages turn with no fade (and axe never meets text half faded in).
    board = screen(
        BoardPage, viewport={"width": 1280, "height": 720}, bypass_csp=True, reduced_motion="reduce"
    ).open()
    expect(board.page_number()).to_be_visible()
    expect(board.page_number()).to_contain_text("2 /", timeout=10 * PAGE_SECONDS * 1000)
    assert board.locator("[data-open]").evaluate("(e) => getComputedStyle(e).animationName") == "none"
    assert axe_violations(board) == []
    screenshot(board, f"board-paged-axe-{language}")


def give_answer(url, question_id, answer, link=""):
    """The room PC adds the answer the group keeps to a question."""
    response = requests.patch(f"{url}/api/questions/{question_id}", json={"answer": answer, "link": link})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("width", "height", "language"),
    [(1280, 720, "fr"), (1920, 1080, "fr"), (1280, 720, "ar"), (1920, 1080, "ar")],
)
def test_the_board_shows_each_answer_under_its_question_readable_from_the_back(
    live_server, workshop, screen, width, height, language
):
    settle(live_server.url, workshop, language=language)
    now = "Comment refaire ma carte Vitale ?"
    seen = "Où trouver mes impôts en ligne ?"
    waiting = "Comment bloquer un numéro ?"
    ids = post_questions(live_server.url, workshop, [seen, waiting, now])
    set_status(live_server.url, ids[seen], "resolved")
    set_status(live_server.url, ids[now], "current")
    board = screen(BoardPage, viewport={"width": width, "height": height}, bypass_csp=True).open()
    expect(board.current()).to_have_text(now)
    expect(board.locator(".kept-answer")).to_have_count(0)

    # Answers arrive live, under their question: the current one, one seen together, one still open.
    give_answer(live_server.url, ids[now], "Sur le compte ameli, rubrique « Mes démarches ».", "www.ameli.fr")
    give_answer(live_server.url, ids[seen], "Sur impots.gouv.fr, espace particulier.")
    give_answer(live_server.url, ids[waiting], "Dans les réglages du téléphone.")
    current = board.locator("[data-current-section] .kept-answer")
    expect(current).to_contain_text("Sur le compte ameli")
    expect(current.get_by_role("link", name="https://www.ameli.fr")).to_be_visible()
    expect(board.locator("[data-done] .kept-answer")).to_contain_text("impots.gouv.fr")
    expect(board.locator("[data-open] .kept-answer")).to_contain_text("Dans les réglages")
    screenshot(board, f"board-answers-{width}x{height}-{language}")
    # Nothing of it below the projector's edge, and as large as the names from the back of the room.
    expect(current).to_be_in_viewport(ratio=1)
    expect(board.locator("[data-open] .kept-answer")).to_be_in_viewport(ratio=1)
    size = "(e) => parseFloat(getComputedStyle(e).fontSize)"
    assert current.evaluate(size) >= 24
    assert board.locator("[data-open] .kept-answer").evaluate(size) >= 22
    assert board.evaluate("() => document.documentElement.scrollWidth") <= width
    assert axe_violations(board) == []
    screenshot(board, f"board-answers-{width}x{height}-{language}")

    # The moderator takes an answer back: it leaves the board.
    give_answer(live_server.url, ids[waiting], "")
    expect(board.locator("[data-open] .kept-answer")).to_have_count(0)
