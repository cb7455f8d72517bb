"""In the room: what a café numérique needs beyond the board, seen in a real browser."""

import re
import subprocess

import pytest
import requests
from playwright.sync_api import expect

from .conftest import OtherPhone, axe_violations, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, TABLET, BoardPage, ConsolePage, DoorPage, ParticipantPage
from .test_feedback_and_reports import sign_in_as_organiser

pytestmark = pytest.mark.browser

# The quiet pulse's words, as people read them.
LOST = "Je ne comprends plus"
SLOWER = "Plus lentement, s’il vous plaît"
NOTED = "C’est noté. L’animateur ou l’animatrice le voit, sans votre prénom."
PULSE_PANEL = "Signes discrets du groupe"


def test_a_quiet_sign_reaches_the_console_as_a_count_and_never_a_name(screen, live_server, workshop):
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    board = screen(BoardPage, viewport=PROJECTOR).open()
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Josiane")
    panel = console.locator("[data-pulse-panel]")
    expect(panel.get_by_role("heading", name=PULSE_PANEL)).to_be_visible()
    expect(panel).to_contain_text("0 personne ne comprend plus")

    # Keyboard only: the sign is one button among the page's, reached and pressed without a pointer.
    phone.get_by_role("button", name=LOST).focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text(NOTED)).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "pulse-phone-noted")
    # Pressed again by an impatient finger: still one person.
    phone.keyboard.press("Enter")
    OtherPhone(live_server.url, workshop, "Raymond").session.post(
        f"{live_server.url}/api/workshops/{workshop}/pulse", json={"kind": "lost", "client_id": "p" * 16}
    )
    # Someone without a phone, at the door kiosk.
    door.get_by_role("button", name=SLOWER).click()
    expect(door.get_by_text(NOTED)).to_be_visible()
    assert axe_violations(door) == []
    screenshot(door, "pulse-door-noted")

    expect(panel.locator("[data-pulse-count=lost]")).to_have_text("2 personnes ne comprennent plus")
    expect(panel.locator("[data-pulse-count=slower]")).to_have_text(
        "1 personne demande d’aller plus lentement"
    )
    assert axe_violations(console) == []
    screenshot(console, "pulse-console-counts")
    for name in ("Josiane", "Raymond"):
        expect(panel).not_to_contain_text(name)
    expect(board.locator("main")).not_to_contain_text(re.compile("comprend|lentement"))


def test_someone_on_the_waiting_list_or_after_the_end_sees_no_sign_to_give(screen, live_server, workshop):
    phone = screen(ParticipantPage, viewport=PHONE).check_in("Ginette")
    expect(phone.get_by_role("button", name=SLOWER)).to_be_visible()
    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "closed"})
    expect(phone.get_by_role("button", name=SLOWER)).to_be_hidden()


PHONE_POLL = "Android / iPhone / Pas de smartphone"
PHONE_QUESTION = "Quel téléphone avez-vous ?"


def poll_row(page, answer):
    """A line of a poll's result table, found as a screen reader finds it: by its row header."""
    return page.locator("[data-poll-result] tr", has=page.get_by_role("rowheader", name=answer, exact=True))


def test_a_picture_poll_answered_on_phones_and_at_the_door_shown_as_bars_and_a_table(
    screen, live_server, workshop
):
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    board = screen(BoardPage, viewport=PROJECTOR, bypass_csp=True).open()
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Lucienne")
    other = OtherPhone(live_server.url, workshop, "Marcel")
    console.get_by_role("button", name=PHONE_POLL).click()
    expect(board.get_by_role("heading", name=PHONE_QUESTION)).to_be_visible()
    expect(phone.get_by_role("heading", name=PHONE_QUESTION)).to_be_visible()

    # Keyboard only on the phone: Tab reaches the answer, Enter chooses it; the choice shows as pressed.
    iphone = phone.get_by_role("button", name="iPhone")
    iphone.focus()
    phone.keyboard.press("Enter")
    expect(iphone).to_have_attribute("aria-pressed", "true")
    expect(phone.get_by_text("Vous pouvez changer votre réponse")).to_be_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "poll-phone-answered")
    poll_id = other.session.get(f"{live_server.url}/api/workshops/{workshop}/poll").json()["poll"]["id"]
    other.session.post(
        f"{live_server.url}/api/polls/{poll_id}/answer", json={"choice": 0, "client_id": "o" * 16}
    )
    door.get_by_role("button", name="Pas de smartphone", exact=True).click()
    expect(door.get_by_text("Merci pour votre réponse !")).to_be_visible()
    assert axe_violations(door) == []
    screenshot(door, "poll-door-answered")

    for answer, count in (("Android", "1"), ("iPhone", "1"), ("Pas de smartphone", "1")):
        expect(poll_row(board, answer)).to_contain_text(count)
    expect(board.locator("[data-poll-box]")).to_contain_text("Réponses : 3")
    expect(board.locator("main")).not_to_contain_text("Lucienne")
    assert axe_violations(board) == []
    screenshot(board, "poll-board-bars")

    # She changes her mind: still one answer of hers.
    phone.get_by_role("button", name="Android").click()
    expect(poll_row(board, "Android")).to_contain_text("2")
    expect(board.locator("[data-poll-box]")).to_contain_text("Réponses : 3")

    console.get_by_role("button", name="Arrêter le vote").click()
    expect(phone.get_by_text("Le sondage est terminé. Voici le résultat.")).to_be_visible()
    expect(phone.get_by_role("button", name="Android")).to_have_count(0)
    expect(poll_row(phone, "Android")).to_contain_text("2")
    expect(door.locator("[data-poll-box]")).to_be_hidden()
    assert axe_violations(console) == []
    screenshot(console, "poll-console-stopped")
    console.get_by_role("button", name="Retirer des écrans").click()
    expect(board.locator("[data-poll-box]")).to_be_hidden()
    expect(phone.locator("[data-poll-box]")).to_be_hidden()


def test_the_moderator_types_a_poll_of_their_own(screen):
    console = screen(ConsolePage, viewport=ROOM_PC).open()
    phone = screen(ParticipantPage, viewport=PHONE).check_in("Odette")
    console.get_by_text("Écrire mon propre sondage").click()
    console.locator("[data-poll-console]").get_by_label("La question").fill("Café ou thé ?")
    console.get_by_label("Réponse 1", exact=True).fill("Café")
    console.get_by_label("Réponse 2", exact=True).fill("<b>Thé</b>")
    console.get_by_role("button", name="Lancer le sondage").click()
    expect(phone.get_by_role("heading", name="Café ou thé ?")).to_be_visible()
    expect(phone.get_by_role("button", name="<b>Thé</b>")).to_be_visible()
    expect(phone.locator("[data-poll-options] button")).to_have_count(2)


def test_an_answer_to_keep_reaches_the_phones_and_phones_turn_into_the_take_home_page(
    screen, live_server, workshop
):
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Huguette")
    phone.post("Comment refaire ma carte Vitale ?")
    panel = console.locator("[data-answer-panel]")
    expect(panel.get_by_label("La question", exact=True)).to_have_value(re.compile(r"\d+"))
    panel.get_by_label("La réponse, en quelques mots").fill(
        "Sur le compte ameli, rubrique « Mes démarches »."
    )
    panel.get_by_label("Un lien vers une page web").fill("www.ameli.fr")
    panel.get_by_role("button", name="Enregistrer la réponse").click()
    expect(panel.get_by_text("Réponse enregistrée.")).to_be_visible()
    answer = phone.locator(".kept-answer")
    expect(answer).to_contain_text("Sur le compte ameli")
    expect(answer.get_by_role("link", name="https://www.ameli.fr")).to_be_visible()
    assert axe_violations(phone) == []
    assert axe_violations(console) == []
    screenshot(phone, "answer-on-the-phone")

    # A moderator's bad link is refused in plain words.
    panel.get_by_label("Un lien vers une page web").fill("javascript:alert(1)")
    panel.get_by_role("button", name="Enregistrer la réponse").click()
    expect(console.get_by_text("Écrivez une adresse de page web")).to_be_visible()

    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "closed"})
    expect(phone.get_by_role("heading", name="Nos questions du jour")).to_be_visible()
    expect(phone.get_by_role("button", name=ParticipantPage.ME_TOO)).to_have_count(0)
    expect(phone.get_by_text("Sur le compte ameli")).to_be_visible()
    expect(phone.locator("main")).not_to_contain_text("Huguette")
    assert axe_violations(phone) == []
    screenshot(phone, "take-home-page-on-the-phone")


def test_prepared_questions_are_brought_to_the_board_one_by_one(screen):
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    board = screen(BoardPage, viewport=PROJECTOR).open()
    panel = console.locator("[data-prepared-panel]")
    for text in ("Qu’est-ce qu’un mot de passe solide ?", "Comment reconnaître un faux SMS ?"):
        panel.get_by_label("Préparer une question").fill(text)
        panel.get_by_role("button", name="Ajouter").click()
        expect(panel.get_by_text(text)).to_be_visible()
    expect(board.get_by_text("mot de passe solide")).to_have_count(0)
    assert axe_violations(console) == []
    # Keyboard only: the first "Mettre au tableau" is reached and pressed without a pointer.
    first = panel.get_by_role("button", name="Mettre au tableau").first
    first.focus()
    console.keyboard.press("Enter")
    expect(board.locator("[data-current]")).to_have_text("Qu’est-ce qu’un mot de passe solide ?")
    expect(panel.get_by_text("mot de passe solide")).to_have_count(0)
    panel.get_by_role("button", name="Mettre au tableau").click()
    expect(board.locator("[data-current]")).to_have_text("Comment reconnaître un faux SMS ?")
    expect(panel.get_by_text("Aucune question préparée.")).to_be_visible()


def test_same_question_while_typing_backs_the_existing_one_and_the_moderator_merges_repeats(
    screen, live_server, workshop
):
    other = OtherPhone(live_server.url, workshop, "Marcel")
    other.ask("Comment envoyer une photo par mail ?")
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open()
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Simone")
    # Keyboard only: typing shows the look-alike, Tab reaches its "Moi aussi", Enter backs it.
    phone.question_field().focus()
    phone.keyboard.type("on envoie des photos par e-mail comment")
    same = phone.locator("[data-same-box]")
    expect(same).to_contain_text("Comment envoyer une photo par mail ?")
    assert axe_violations(phone) == []
    screenshot(phone, "same-question-while-typing")
    same.get_by_role("button", name="Moi aussi").focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("[data-same-status]")).to_contain_text("est compté")
    expect(phone.question_field()).to_have_value("")
    expect(
        phone.question("Comment envoyer une photo par mail ?").get_by_role("button", name="Moi aussi")
    ).to_have_attribute("aria-pressed", "true")

    # A twin posted anyway: the console shows it on the question itself.
    other.ask("Envoyer des photos par e-mail")
    expect(console.question("Envoyer des photos par e-mail").locator(".twin")).to_be_visible()
    console.get_by_role("button", name=MERGE_REPEAT).click()
    expect(phone.question_text("Envoyer des photos par e-mail")).to_have_count(0)


FIRST = "Comment envoyer une photo par mail ?"
REPEAT = "Envoyer des photos par e-mail"
MERGE_REPEAT = f"Fusionner « {REPEAT} » dans « {FIRST} »"


def test_the_moderator_merges_a_repeat_from_the_question_itself_with_the_keyboard(
    screen, live_server, workshop
):
    marcel = OtherPhone(live_server.url, workshop, "Marcel")
    simone = OtherPhone(live_server.url, workshop, "Simone")
    marcel.ask(FIRST)
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open().live()
    expect(console.question(FIRST)).to_be_visible()
    expect(console.locator(".twin")).to_have_count(0)
    assert console.locator("[data-merges-panel]").count() == 0  # one place: on the question

    # A twin arrives while the console is open: the repeat says so, with its one-tap merge.
    simone.ask(REPEAT)
    repeat = console.question(REPEAT)
    expect(repeat.locator(".twin p")).to_have_text(f"Même question que « {FIRST} »")
    expect(console.question(FIRST).locator(".twin")).to_have_count(0)
    merge = repeat.get_by_role("button", name=MERGE_REPEAT)
    assert axe_violations(console) == []
    screenshot(console, "twin-on-the-question-room-pc")

    # Keyboard only. Questions keep arriving while the moderator is on the button: it stays theirs.
    merge.focus()
    marcel.ask("Comment bloquer un numéro qui m’appelle ?")
    expect(console.question_text("bloquer un numéro")).to_be_visible()
    expect(merge).to_be_focused()
    console.keyboard.press("Enter")
    expect(console.locator(".twin")).to_have_count(0)
    # Simone now backs the first one; the repeat left the open questions, and the keyboard is still in the list.
    expect(console.question(FIRST)).to_contain_text("Moi aussi : 1 personne")
    expect(console.question(REPEAT)).to_contain_text("Cachée")
    assert console.evaluate(
        "() => document.querySelector('[data-questions]').contains(document.activeElement)"
    )


@pytest.mark.parametrize(
    ("viewport", "locale", "name"),
    [(PHONE, "fr-FR", "phone"), (PHONE, "ar", "phone-ar"), (ROOM_PC, "ar", "room-pc-ar")],
)
def test_a_twin_on_the_console_fits_a_phone_and_reads_right_to_left(
    screen, live_server, workshop, viewport, locale, name
):
    OtherPhone(live_server.url, workshop, "Marcel").ask(FIRST)
    OtherPhone(live_server.url, workshop, "Simone").ask(REPEAT)
    console = screen(ConsolePage, viewport=viewport, locale=locale, bypass_csp=True).open()
    twin = console.question(REPEAT).locator(".twin")
    expect(twin).to_contain_text(FIRST)
    box = twin.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert console.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(console) == []
    screenshot(console, f"twin-on-the-question-{name}")


def test_a_participant_opens_a_proof_of_attendance_on_the_phone(screen):
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).check_in("Zoé")
    phone.get_by_role("link", name="Obtenir une attestation de présence").click()
    assert axe_violations(phone) == []
    # Keyboard only: the name, then Enter.
    phone.get_by_label("Nom et prénom").focus()
    phone.keyboard.type("Zoé Quatrebarbes")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Attestation de présence")).to_be_visible()
    expect(phone.locator(".proof")).to_contain_text("Zoé Quatrebarbes a participé")
    assert axe_violations(phone) == []
    screenshot(phone, "attestation-on-the-phone")


def test_the_door_shows_two_numbered_codes_that_scan_to_the_wifi_and_to_kiosk(
    live_server, workshop, screen, new_page, tmp_path
):
    organiser = new_page(viewport=ROOM_PC)
    sign_in_as_organiser(organiser, live_server.url)
    organiser.goto(f"{live_server.url}/admin/wifi")
    organiser.get_by_label("Nom du Wi-Fi").fill("Mediatheque")
    organiser.get_by_label("Mot de passe du Wi-Fi").fill("lire2026")
    organiser.get_by_role("button", name="Enregistrer le Wi-Fi").click()
    expect(organiser.get_by_text("Wi-Fi enregistré.")).to_be_visible()
    door = screen(DoorPage, viewport={"width": 1280, "height": 1400}, bypass_csp=True).open()
    expect(door.get_by_role("heading", name="1. Rejoindre le Wi-Fi")).to_be_visible()
    expect(door.get_by_role("heading", name="2. Ouvrir Kiosk")).to_be_visible()
    assert axe_violations(door) == []
    picture = tmp_path / "door-wifi.png"
    door.screenshot(path=str(picture), full_page=True)
    screenshot(door, "door-two-codes")
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True, check=True
    )
    wanted = ["WIFI:T:WPA;S:Mediatheque;P:lire2026;;", f"{live_server.url}/{workshop}"]
    assert sorted(decoded.stdout.split()) == sorted(wanted)
