"""What people do, in a real browser against a real server: check in, ask, see it live, lose the network."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser


def check_in(page, url, code, name):
    page.goto(f"{url}/{code}")
    page.get_by_label("Votre prénom ou un surnom").fill(name)
    page.get_by_role("button", name="J’entre").click()
    expect(page.get_by_role("heading", name=f"Bienvenue, {name} !")).to_be_visible()
    expect(page.locator("html[data-live=on]")).to_have_count(1)


def test_a_question_from_a_phone_appears_on_the_board_live(live_server, workshop, new_page):
    board = new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{live_server.url}/w/{workshop}/board")
    expect(board.get_by_text("Pas encore de question")).to_be_visible()
    phone = new_page(viewport={"width": 390, "height": 844})
    check_in(phone, live_server.url, workshop, "Marie")
    phone.get_by_role("textbox", name="Votre question").fill("Comment envoyer une photo par e-mail ?")
    phone.get_by_role("button", name="J’envoie").click()
    # Within a second of being sent, the whole room sees it.
    expect(board.get_by_text("Comment envoyer une photo par e-mail ?")).to_be_visible(timeout=1000)
    expect(phone.get_by_text("Question envoyée. Merci !")).to_be_visible()
    screenshot(phone, "participant-after-asking")
    screenshot(board, "board-one-question")


def test_me_too_from_another_phone_reorders_the_board(live_server, workshop, new_page):
    marie, paul = new_page(), new_page()
    check_in(marie, live_server.url, workshop, "Marie")
    for text in ("Première question posée", "Deuxième question posée"):
        marie.get_by_role("textbox", name="Votre question").fill(text)
        marie.get_by_role("button", name="J’envoie").click()
        expect(marie.locator(".question-text", has_text=text)).to_be_visible()
    check_in(paul, live_server.url, workshop, "Paul")
    second = paul.locator("li.question", has_text="Deuxième question posée")
    second.get_by_role("button", name="Moi aussi").click()
    expect(second.get_by_role("button", name="Moi aussi")).to_have_attribute("aria-pressed", "true")
    board = new_page()
    board.goto(f"{live_server.url}/w/{workshop}/board")
    expect(board.locator("[data-open] li").first).to_contain_text("Deuxième question posée")
    expect(board.locator("[data-open] li").first).to_contain_text("1 × moi aussi")


def test_the_board_catches_up_after_the_server_is_killed_and_restarted(live_server, workshop, new_page):
    board = new_page()
    board.goto(f"{live_server.url}/w/{workshop}/board")
    expect(board.get_by_text("Pas encore de question")).to_be_visible()
    live_server.kill()
    expect(board.get_by_text("Connexion perdue")).to_be_visible()
    live_server.start()
    # Posted while the board is still reconnecting: it must find it by itself.
    phone = requests.Session()
    phone.post(
        f"{live_server.url}/api/workshops/{workshop}/attendees", json={"name": "Léa", "client_id": "a" * 32}
    )
    phone.post(
        f"{live_server.url}/api/workshops/{workshop}/questions",
        json={"text": "Posée pendant la coupure", "client_id": "b" * 32},
    )
    expect(board.get_by_text("Posée pendant la coupure")).to_be_visible(timeout=20_000)
    expect(board.get_by_text("Connexion perdue")).to_be_hidden()


def test_a_question_written_offline_is_sent_once_when_the_network_returns(live_server, workshop, new_page):
    phone = new_page()
    check_in(phone, live_server.url, workshop, "Nour")
    phone.context.set_offline(True)
    phone.get_by_role("textbox", name="Votre question").fill("Écrite sans réseau")
    phone.get_by_role("button", name="J’envoie").click()
    expect(phone.get_by_text("Envoi en attente du réseau")).to_be_visible()
    # The phone reloads the page while still offline: the question waits in the browser.
    phone.context.set_offline(False)
    phone.context.set_offline(True)
    phone.context.set_offline(False)
    expect(phone.get_by_text("Question envoyée. Merci !")).to_be_visible(timeout=15_000)
    phone.reload()
    expect(phone.locator(".question-text", has_text="Écrite sans réseau")).to_have_count(1)
    listed = requests.get(f"{live_server.url}/api/workshops/{workshop}/questions").json()["questions"]
    assert [q["text"] for q in listed] == ["Écrite sans réseau"]


def test_a_write_waiting_in_the_browser_survives_a_reload(live_server, workshop, new_page):
    phone = new_page()
    check_in(phone, live_server.url, workshop, "Ana")
    live_server.kill()
    phone.get_by_role("textbox", name="Votre question").fill("Envoyée après le redémarrage")
    phone.get_by_role("button", name="J’envoie").click()
    expect(phone.get_by_text("Envoi en attente du réseau")).to_be_visible()
    live_server.start()
    phone.reload()
    expect(phone.locator(".question-text", has_text="Envoyée après le redémarrage")).to_have_count(
        1, timeout=15_000
    )
    listed = requests.get(f"{live_server.url}/api/workshops/{workshop}/questions").json()["questions"]
    assert [q["text"] for q in listed] == ["Envoyée après le redémarrage"]


def test_moderator_opens_feedback_and_every_phone_switches_to_it(live_server, workshop, new_page):
    phone = new_page()
    check_in(phone, live_server.url, workshop, "Marie")
    expect(phone.get_by_role("heading", name="Votre avis")).to_be_hidden()
    console = new_page()
    console.goto(f"{live_server.url}/w/{workshop}/moderate")
    console.get_by_role("button", name="Avis").click()
    expect(console.get_by_role("button", name="Avis")).to_have_attribute("aria-pressed", "true")
    expect(phone.get_by_role("heading", name="Votre avis")).to_be_visible()
    phone.get_by_text("Très bien").click()
    phone.get_by_role("button", name="J’envoie mon avis").click()
    expect(phone.get_by_text("Merci ! Votre avis est bien reçu.")).to_be_visible()
    expect(console.locator("[data-fb-count]")).to_have_text("1")
    expect(console.locator("[data-fb-score]")).to_have_text("10")
    screenshot(console, "moderator-console")


def test_moderator_makes_a_question_current_on_the_projector(live_server, workshop, new_page):
    phone = new_page()
    check_in(phone, live_server.url, workshop, "Marie")
    phone.get_by_role("textbox", name="Votre question").fill("Comment protéger mon compte ?")
    phone.get_by_role("button", name="J’envoie").click()
    board = new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{live_server.url}/w/{workshop}/board")
    console = new_page()
    console.goto(f"{live_server.url}/w/{workshop}/moderate")
    console.locator("li.question", has_text="Comment protéger").get_by_role(
        "button", name="Au tableau"
    ).click()
    expect(board.locator("[data-current]")).to_have_text("Comment protéger mon compte ?")
    expect(phone.locator("li.question", has_text="Comment protéger")).to_contain_text("En ce moment")
    screenshot(board, "board-current-question")


def test_door_counter_follows_check_ins(live_server, workshop, new_page):
    door = new_page(viewport={"width": 1280, "height": 800})
    door.goto(f"{live_server.url}/w/{workshop}/door")
    expect(door.locator("[data-places]")).to_have_text(re.compile(r"0\s*/\s*12\s*places"))
    check_in(new_page(), live_server.url, workshop, "Marie")
    expect(door.locator("[data-places]")).to_have_text(re.compile(r"1\s*/\s*12\s*places"))
    screenshot(door, "door")


def post(page, text):
    page.get_by_role("textbox", name="Votre question").fill(text)
    page.get_by_role("button", name="J’envoie").click()
    expect(page.locator("[data-status]")).not_to_be_empty()


def test_resolved_questions_move_aside_and_a_reloaded_board_shows_the_same(live_server, workshop, new_page):
    phone = new_page()
    check_in(phone, live_server.url, workshop, "Marie")
    post(phone, "Question déjà traitée")
    post(phone, "Question encore ouverte")
    board = new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{live_server.url}/w/{workshop}/board")
    console = new_page()
    console.goto(f"{live_server.url}/w/{workshop}/moderate")
    treated = console.locator("li.question").filter(
        has=console.locator(".question-text", has_text="déjà traitée")
    )
    treated.get_by_role("button", name="Répondue").click()
    expect(board.locator("[data-done]")).to_contain_text("Question déjà traitée")
    expect(board.locator("[data-open]")).not_to_contain_text("Question déjà traitée")
    expect(board.locator("[data-done-count]")).to_have_text("1")
    before = board.locator("main").inner_text()
    board.reload()
    expect(board.locator("[data-done-count]")).to_have_text("1")
    expect(board.locator("[data-open]")).to_contain_text("Question encore ouverte")
    assert board.locator("main").inner_text() == before


def test_a_frozen_list_does_not_move_until_the_reader_asks(live_server, workshop, new_page):
    reader, other = new_page(), new_page()
    check_in(reader, live_server.url, workshop, "Lina")
    check_in(other, live_server.url, workshop, "Marc")
    reader.get_by_role("button", name="Figer la liste").click()
    post(other, "Arrivée pendant la lecture")
    expect(other.locator(".question-text", has_text="Arrivée pendant la lecture")).to_be_visible()
    expect(reader.locator(".question-text", has_text="Arrivée pendant la lecture")).to_have_count(0)
    reader.get_by_role("button", name="Voir les nouveautés").click()
    expect(reader.locator(".question-text", has_text="Arrivée pendant la lecture")).to_be_visible()


def test_pre_moderation_and_a_personal_help_request(live_server, workshop, new_page):
    console = new_page(viewport={"width": 1280, "height": 900})
    console.goto(f"{live_server.url}/w/{workshop}/moderate")
    console.get_by_label("Valider les questions avant qu’elles s’affichent").check()
    board = new_page()
    board.goto(f"{live_server.url}/w/{workshop}/board")
    phone = new_page()
    check_in(phone, live_server.url, workshop, "Jean")
    post(phone, "Question à valider")
    expect(phone.get_by_text("Elle attend l’accord")).to_be_visible()
    pending = console.locator("li.question", has_text="Question à valider")
    expect(pending).to_contain_text("À valider")
    expect(board.get_by_text("Question à valider")).to_have_count(0)
    pending.get_by_role("button", name="Valider").click()
    expect(board.get_by_text("Question à valider")).to_be_visible()
    phone.get_by_role("button", name="J’ai besoin d’aide pour moi").click()
    expect(phone.get_by_text("viendra vous voir.")).to_be_visible()
    expect(console.locator("[data-help-list]")).to_contain_text("Jean demande de l’aide")
    expect(board.locator("main")).not_to_contain_text("Jean")
    console.get_by_role("button", name="C’est fait").click()
    expect(console.locator("[data-help-list] li")).to_have_count(0)


def test_at_the_end_the_board_offers_the_days_questions_to_take_home(live_server, workshop, new_page):
    phone = new_page()
    check_in(phone, live_server.url, workshop, "Marie")
    post(phone, "Une question à emporter")
    board = new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{live_server.url}/w/{workshop}/board")
    expect(board.get_by_role("heading", name="Emportez les questions du jour")).to_be_hidden()
    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "closed"})
    expect(board.get_by_role("heading", name="Emportez les questions du jour")).to_be_visible()
    screenshot(board, "board-closed")
    handout = new_page()
    handout.goto(f"{live_server.url}/w/{workshop}/handout")
    expect(handout.get_by_text("Une question à emporter")).to_be_visible()
