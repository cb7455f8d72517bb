"""What people do, in a real browser against a real server: check in, ask, see it live, lose the network."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .conftest import create_workshop, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, BoardPage, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser


def test_a_question_from_a_phone_appears_on_the_board_live(screen):
    board = screen(BoardPage, viewport=PROJECTOR).open()
    expect(board.get_by_text(BoardPage.EMPTY)).to_be_visible()
    phone = screen(ParticipantPage, viewport=PHONE).check_in("Marie")
    phone.ask("Comment envoyer une photo par e-mail ?")
    # Within a second of being sent, the whole room sees it.
    expect(board.get_by_text("Comment envoyer une photo par e-mail ?")).to_be_visible(timeout=1000)
    expect(phone.get_by_text(ParticipantPage.SENT)).to_be_visible()
    screenshot(phone, "participant-after-asking")
    screenshot(board, "board-one-question")


def test_me_too_from_another_phone_reorders_the_board(screen):
    marie, paul = screen(ParticipantPage), screen(ParticipantPage)
    marie.check_in("Marie")
    for text in ("Première question posée", "Deuxième question posée"):
        marie.ask(text)
        expect(marie.question_text(text)).to_be_visible()
    paul.check_in("Paul")
    paul.me_too("Deuxième question posée").click()
    expect(paul.me_too("Deuxième question posée")).to_have_attribute("aria-pressed", "true")
    board = screen(BoardPage).open()
    expect(board.locator("[data-open] li").first).to_contain_text("Deuxième question posée")
    expect(board.locator("[data-open] li").first).to_contain_text("Moi aussi : 1 personne")


def test_the_board_catches_up_after_the_server_is_killed_and_restarted(own_server, new_page):
    workshop = create_workshop(own_server.url)
    board = BoardPage(new_page(), own_server.url, workshop).open()
    expect(board.get_by_text(BoardPage.EMPTY)).to_be_visible()
    own_server.kill()
    expect(board.get_by_text(BoardPage.OFFLINE)).to_be_visible()
    own_server.start()
    # Posted while the board is still reconnecting: it must find it by itself.
    phone = requests.Session()
    phone.post(
        f"{own_server.url}/api/workshops/{workshop}/attendees", json={"name": "Léa", "client_id": "a" * 32}
    )
    phone.post(
        f"{own_server.url}/api/workshops/{workshop}/questions",
        json={"text": "Posée pendant la coupure", "client_id": "b" * 32},
    )
    expect(board.get_by_text("Posée pendant la coupure")).to_be_visible(timeout=20_000)
    expect(board.get_by_text(BoardPage.OFFLINE)).to_be_hidden()


def test_a_question_written_offline_is_sent_once_when_the_network_returns(live_server, workshop, screen):
    phone = screen(ParticipantPage).check_in("Nour")
    phone.context.set_offline(True)
    phone.ask("Écrite sans réseau")
    expect(phone.get_by_text(ParticipantPage.OFFLINE)).to_be_visible()
    # The phone reloads the page while still offline: the question waits in the browser.
    phone.context.set_offline(False)
    phone.context.set_offline(True)
    phone.context.set_offline(False)
    expect(phone.get_by_text(ParticipantPage.SENT)).to_be_visible(timeout=15_000)
    phone.reload()
    expect(phone.question_text("Écrite sans réseau")).to_have_count(1)
    listed = requests.get(f"{live_server.url}/api/workshops/{workshop}/questions").json()["questions"]
    assert [q["text"] for q in listed] == ["Écrite sans réseau"]


def test_a_write_waiting_in_the_browser_survives_a_reload(own_server, new_page):
    workshop = create_workshop(own_server.url)
    phone = ParticipantPage(new_page(), own_server.url, workshop).check_in("Ana")
    own_server.kill()
    phone.ask("Envoyée après le redémarrage")
    expect(phone.get_by_text(ParticipantPage.OFFLINE)).to_be_visible()
    own_server.start()
    phone.reload()
    expect(phone.question_text("Envoyée après le redémarrage")).to_have_count(1, timeout=15_000)
    listed = requests.get(f"{own_server.url}/api/workshops/{workshop}/questions").json()["questions"]
    assert [q["text"] for q in listed] == ["Envoyée après le redémarrage"]


def test_moderator_opens_feedback_and_every_phone_switches_to_it(screen):
    phone = screen(ParticipantPage).check_in("Marie")
    expect(phone.feedback_heading()).to_be_hidden()
    console = screen(ConsolePage).open()
    console.open_feedback()
    expect(console.button(ConsolePage.FEEDBACK)).to_have_attribute("aria-pressed", "true")
    expect(phone.feedback_heading()).to_be_visible()
    phone.get_by_text("Très bien").click()
    phone.get_by_role("button", name=ParticipantPage.SEND_FEEDBACK).click()
    expect(phone.get_by_text(ParticipantPage.FEEDBACK_SENT)).to_be_visible()
    expect(console.feedback_count()).to_have_text("1")
    expect(console.feedback_score()).to_have_text("10")
    screenshot(console, "moderator-console")


def test_moderator_makes_a_question_current_on_the_projector(screen):
    phone = screen(ParticipantPage).check_in("Marie")
    phone.ask("Comment protéger mon compte ?")
    board = screen(BoardPage, viewport=PROJECTOR).open()
    console = screen(ConsolePage).open()
    console.question("Comment protéger").get_by_role("button", name=ConsolePage.ON_BOARD).click()
    expect(board.current()).to_have_text("Comment protéger mon compte ?")
    expect(phone.question("Comment protéger")).to_contain_text("En ce moment")
    screenshot(board, "board-current-question")


def test_door_counter_follows_check_ins(screen):
    door = screen(DoorPage, viewport={"width": 1280, "height": 800}).open()
    expect(door.places()).to_have_text(re.compile(r"0\s*/\s*12\s*places"))
    screen(ParticipantPage).check_in("Marie")
    expect(door.places()).to_have_text(re.compile(r"1\s*/\s*12\s*places"))
    screenshot(door, "door")


def test_resolved_questions_move_aside_and_a_reloaded_board_shows_the_same(screen):
    phone = screen(ParticipantPage).check_in("Marie")
    phone.post("Question déjà traitée")
    phone.post("Question encore ouverte")
    board = screen(BoardPage, viewport=PROJECTOR).open()
    console = screen(ConsolePage).open()
    treated = console.locator("li.question").filter(
        has=console.locator(".question-text", has_text="déjà traitée")
    )
    treated.get_by_role("button", name=ConsolePage.RESOLVED).click()
    expect(board.done()).to_contain_text("Question déjà traitée")
    expect(board.open_questions()).not_to_contain_text("Question déjà traitée")
    expect(board.locator("[data-done-count]")).to_have_text("1")
    before = board.locator("main").inner_text()
    board.reload()
    expect(board.locator("[data-done-count]")).to_have_text("1")
    expect(board.open_questions()).to_contain_text("Question encore ouverte")
    assert board.locator("main").inner_text() == before


def test_a_frozen_list_does_not_move_until_the_reader_asks(screen):
    reader, other = screen(ParticipantPage), screen(ParticipantPage)
    reader.check_in("Lina")
    other.check_in("Marc")
    reader.get_by_role("button", name=ParticipantPage.FREEZE).click()
    other.post("Arrivée pendant la lecture")
    expect(other.question_text("Arrivée pendant la lecture")).to_be_visible()
    expect(reader.question_text("Arrivée pendant la lecture")).to_have_count(0)
    reader.get_by_role("button", name=ParticipantPage.SHOW_NEW).click()
    expect(reader.question_text("Arrivée pendant la lecture")).to_be_visible()


def test_pre_moderation_and_a_personal_help_request(screen):
    console = screen(ConsolePage, viewport=ROOM_PC).open().unfold(ConsolePage.BOARD_SETTINGS)
    console.get_by_label(ConsolePage.PREMODERATION).check()
    board = screen(BoardPage).open()
    phone = screen(ParticipantPage).check_in("Jean")
    phone.post("Question à valider")
    expect(phone.get_by_text("Elle attend l’accord")).to_be_visible()
    pending = console.question("Question à valider")
    expect(pending).to_contain_text("À valider")
    expect(board.get_by_text("Question à valider")).to_have_count(0)
    pending.get_by_role("button", name=ConsolePage.APPROVE).click()
    expect(board.get_by_text("Question à valider")).to_be_visible()
    phone.get_by_role("button", name=ParticipantPage.HELP).click()
    expect(phone.get_by_text("viendra vous voir.")).to_be_visible()
    expect(console.locator("[data-help-list]")).to_contain_text("Jean demande de l’aide")
    expect(board.locator("main")).not_to_contain_text("Jean")
    console.button(ConsolePage.HELP_DONE).click()
    expect(console.locator("[data-help-list] li")).to_have_count(0)


def test_at_the_end_the_board_offers_the_days_questions_to_take_home(live_server, workshop, screen, new_page):
    phone = screen(ParticipantPage).check_in("Marie")
    phone.post("Une question à emporter")
    board = screen(BoardPage, viewport=PROJECTOR).open()
    expect(board.get_by_role("heading", name=BoardPage.TAKE_HOME)).to_be_hidden()
    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "closed"})
    expect(board.get_by_role("heading", name=BoardPage.TAKE_HOME)).to_be_visible()
    screenshot(board, "board-closed")
    handout = new_page()
    handout.goto(f"{live_server.url}/w/{workshop}/handout")
    expect(handout.get_by_text("Une question à emporter")).to_be_visible()
