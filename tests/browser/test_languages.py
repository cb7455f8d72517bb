"""Each person's language from the first screen, and the screen read aloud by the device's own voices."""

import json

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, TABLET, BoardPage, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser

FRENCH_VOICE = {"name": "Amélie", "lang": "fr-FR", "localService": True}
NETWORK_VOICE = {"name": "Online French", "lang": "fr-FR", "localService": False}


# A stand-in for the device's speech engine (headless Chromium has no voice): it notes what it is asked to say.
FAKE_SPEECH = """voices => {
  window.spoken = [];
  const synth = new EventTarget();
  synth.speaking = false;
  synth.getVoices = () => voices;
  synth.speak = (utterance) => { window.spoken.push({ text: utterance.text, lang: utterance.lang }); };
  synth.cancel = () => {};
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = class extends EventTarget {
    constructor(text) { super(); this.text = text; }
  };
}"""


def with_voices(screen, voices):
    """Give a screen a speech engine holding `voices`; what it is asked to say lands in `window.spoken`."""
    screen.add_init_script(f"({FAKE_SPEECH})({json.dumps(voices)});")
    return screen


def test_a_phone_finds_its_language_at_the_top_of_the_check_in_page(screen):
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).open()
    choice = phone.language_choice()
    english = choice.get_by_role("link", name="English")
    box, name_field = english.bounding_box(), phone.name_field().bounding_box()
    # On the first screen, above the form: nobody has to scroll through French to find their language.
    assert box["y"] + box["height"] <= PHONE["height"] and box["y"] < name_field["y"]
    assert box["height"] >= 24 and box["width"] >= 24
    assert choice.get_by_role("link", name="Українська").get_attribute("lang") == "uk"
    assert axe_violations(phone) == []
    english.click()
    phone.expect_language("en")
    expect(phone.get_by_label("Your first name or a nickname")).to_be_visible()
    screenshot(phone, "check-in-language-at-the-top")


def test_a_phone_set_to_ukrainian_opens_in_ukrainian(new_page, live_server, workshop):
    phone = ParticipantPage(new_page(viewport=PHONE, locale="uk-UA"), live_server.url, workshop).open()
    phone.expect_language("uk")
    expect(phone.get_by_label("Ваше ім’я або псевдонім")).to_be_visible()


def test_the_door_speaks_the_persons_language_then_the_workshops_again(screen):
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open().live()
    door.no_phone_button().click()
    door.language_choice().get_by_role("link", name="Español").click()
    door.expect_language("es")
    name = door.get_by_label("Su nombre o un apodo")
    expect(name).to_be_focused()
    assert axe_violations(door) == []
    name.fill("Lucía")
    door.get_by_role("button", name="Entrar").click()
    expect(door.get_by_text("¡Le damos la bienvenida, Lucía!")).to_be_visible()
    # The next person finds the door in the workshop's language, with nothing of Lucía left.
    expect(door.no_phone_button()).to_be_visible(timeout=15_000)
    door.expect_language("fr")
    assert "Lucía" not in door.locator("main").inner_text()
    door.expect_places(1, 12)


def test_listen_is_hidden_where_the_device_has_no_voice_of_its_own(screen):
    # Headless Chromium has no voice at all.
    phone = screen(ParticipantPage, viewport=PHONE).open()
    expect(phone.locator("[data-listen]")).to_have_count(1)
    expect(phone.locator("[data-listen]")).to_be_hidden()
    # A voice on the Internet would send the text away: as good as none.
    online = screen(ParticipantPage, viewport=PHONE)
    with_voices(online, [NETWORK_VOICE]).open()
    expect(online.get_by_role("heading", name=ParticipantPage.WELCOME)).to_be_visible()
    expect(online.locator("[data-listen]")).to_be_hidden()


def test_listen_reads_the_check_in_page_with_the_phones_own_voice(screen):
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True)
    with_voices(phone, [NETWORK_VOICE, FRENCH_VOICE]).open()
    listen = phone.get_by_role("button", name=ParticipantPage.LISTEN)
    expect(listen).to_be_visible()
    assert axe_violations(phone) == []
    listen.click()
    phone.wait_for_function("() => window.spoken.length === 1")
    said = phone.evaluate("() => window.spoken[0]")
    assert said["lang"] == "fr-FR"
    assert said["text"].startswith("Bienvenue !") and "Votre prénom ou un surnom" in said["text"]
    expect(phone.get_by_role("button", name=ParticipantPage.STOP_LISTENING)).to_be_visible()


def test_the_door_reads_its_form_aloud_in_the_persons_language(screen):
    door = screen(DoorPage, viewport=TABLET)
    with_voices(door, [FRENCH_VOICE, {"name": "Olena", "lang": "uk-UA", "localService": True}]).open()
    door.no_phone_button().click()
    door.language_choice().get_by_role("link", name="Українська").click()
    door.expect_language("uk")
    door.listen_button().click()
    door.wait_for_function("() => window.spoken.length === 1")
    said = door.evaluate("() => window.spoken[0]")
    assert said["lang"] == "uk-UA" and "Ваше ім’я або псевдонім" in said["text"]


def test_the_moderator_has_the_board_read_the_current_question_aloud(screen):
    board = screen(BoardPage, viewport=PROJECTOR)
    with_voices(board, [FRENCH_VOICE]).open().live()
    console = screen(ConsolePage, viewport=ROOM_PC).open().live()
    console.button(ConsolePage.READ_ALOUD).click()
    expect(console.get_by_text(ConsolePage.NO_CURRENT)).to_be_visible()
    phone = screen(ParticipantPage, viewport=PHONE).check_in("Marie")
    phone.post("Comment retrouver mes photos ?")
    console.question("retrouver mes photos").get_by_role("button", name=ConsolePage.ON_BOARD).click()
    expect(board.current()).to_have_text("Comment retrouver mes photos ?")
    console.button(ConsolePage.READ_ALOUD).click()
    board.wait_for_function("() => window.spoken.length === 1")
    assert board.evaluate("() => window.spoken") == [
        {"text": "Comment retrouver mes photos ?", "lang": "fr-FR"}
    ]
    expect(console.get_by_text(ConsolePage.NO_CURRENT)).to_be_hidden()
