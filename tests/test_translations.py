"""Languages: complete catalogs, one-tap choice per phone, shared screens in the workshop's language."""

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from kiosk.web.languages import LANGUAGES

from .helpers import become_moderator, check_in, gen_workshop

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "kiosk" / "translations"
TRANSLATED = [code for code in LANGUAGES if code != "fr"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory):
    """Every French string of the code and templates, extracted as `make translations` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [Path(sys.executable).with_name("pybabel"), "extract", "-F", "babel.cfg"]
        + [
            "-k",
            "_",
            "-k",
            "gettext",
            "-k",
            "N_",
            "-k",
            "_l",
            "-k",
            "plural_forms:1,2",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return [message.id for message in read_po(f) if message.id]


def placeholders(text):
    return sorted(a or b for a, b in PLACEHOLDER.findall(text))


def uncounted(text):
    """The placeholders of a counted sentence but its count."""
    return [name for name in placeholders(text) if name not in ("num", "n")]


def key(message_id):
    """A message's id; a message with plural forms is known by its singular."""
    return message_id[0] if isinstance(message_id, (tuple, list)) else message_id


def forms(string):
    """Every form of a translation: one, or one per plural form of the language."""
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated_with_the_same_placeholders(source_messages, language):
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    missing = [
        m for m in source_messages if not catalog.get(key(m)) or not all(forms(catalog.get(key(m)).string))
    ]
    assert missing == [], f"{language}: translate these (make translations)"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == []
    # A counted sentence may say its number in words in some forms (Arabic "شخصان", two people).
    wrong = [
        (m, form)
        for m in source_messages
        for form in forms(catalog.get(key(m)).string)
        if placeholders(form) != placeholders(key(m))
        and not (isinstance(m, (tuple, list)) and placeholders(form) == uncounted(key(m)))
    ]
    assert wrong == [], f"{language}: placeholders differ"
    plurals = [m for m in source_messages if isinstance(m, (tuple, list))]
    assert all(len(forms(catalog.get(key(m)).string)) == catalog.num_plurals for m in plurals)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_the_one_written(language):
    folder = CATALOGS / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as po, (folder / "messages.mo").open("rb") as mo:
        written, compiled = read_po(po), read_mo(mo)
    assert {key(m.id): forms(m.string) for m in written if m.id} == {
        key(m.id): forms(m.string) for m in compiled if m.id
    }


def test_a_participant_chooses_their_language_in_one_tap_and_it_stays(app, client):
    code = gen_workshop(app)
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page and "Votre prénom ou un surnom" in page
    assert 'hreflang="uk"' in page and "Українська" in page
    chosen = client.get(f"/lang/en?next=/w/{code}")
    assert chosen.headers["Location"] == f"/w/{code}"
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page and "Your first name or a nickname" in page
    check_in(client, code, "Olena")
    client.get(f"/lang/uk?next=/w/{code}")
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert '<html lang="uk"' in page and "Olena" in page and "Ваше питання" in page
    error = client.post(f"/api/workshops/{code}/questions", json={"text": "", "client_id": "x" * 12})
    assert error.json["error"] == "Напишіть своє питання."


def test_a_phone_set_to_spanish_opens_in_spanish_and_a_tapped_choice_beats_it(app, client):
    code = gen_workshop(app)
    spanish = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
    response = client.get(f"/w/{code}", headers=spanish)
    page = response.get_data(as_text=True)
    assert '<html lang="es"' in page and "Su nombre o un apodo" in page
    assert "Accept-Language" in response.vary
    ukrainian_then_german = {"Accept-Language": "de-DE, uk;q=0.8"}
    assert '<html lang="uk"' in client.get(f"/w/{code}", headers=ukrainian_then_german).get_data(as_text=True)
    # The projector and the door speak the workshop's language, whatever the PC's browser is set to.
    for path in ("board", "door", "poster"):
        assert '<html lang="fr"' in client.get(f"/w/{code}/{path}", headers=spanish).get_data(as_text=True)
    # A language Kiosk does not speak: French, as before.
    assert '<html lang="fr"' in client.get(f"/w/{code}", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    client.get(f"/lang/ar?next=/w/{code}")
    assert '<html lang="ar" dir="rtl">' in client.get(f"/w/{code}", headers=spanish).get_data(as_text=True)
    refused = client.post(
        f"/api/workshops/{code}/attendees", json={"name": "", "client_id": "x" * 12}, headers=spanish
    )
    assert refused.json["error"] == "اكتب اسمك أو لقبك."
    stranger = app.test_client().post(
        f"/api/workshops/{code}/attendees", json={"name": "", "client_id": "y" * 12}, headers=spanish
    )
    assert stranger.json["error"] == "Escriba su nombre o apodo."


def test_the_door_speaks_the_persons_language_only_when_the_moderator_opened_it(app, client):
    code = gen_workshop(app)
    assert '<html lang="fr"' in client.get(f"/w/{code}/door?lang=uk").get_data(as_text=True)
    door = become_moderator(app, app.test_client(), code)
    page = door.get(f"/w/{code}/door?lang=uk&form=checkin").get_data(as_text=True)
    assert '<html lang="uk"' in page and "data-open-form" in page and 'data-workshop-language="fr"' in page
    assert f'href="/w/{code}/door?lang=fr&amp;form=checkin"' in page
    assert '<html lang="fr"' in door.get(f"/w/{code}/door?lang=klingon").get_data(as_text=True)


def test_arabic_mirrors_the_whole_page(app, client):
    code = gen_workshop(app)
    client.get("/lang/ar")
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_shared_screens_speak_the_workshops_language_whatever_the_browser_chose(app, client):
    code = gen_workshop(app)
    client.get("/lang/es")
    assert '<html lang="fr"' in client.get(f"/w/{code}/board").get_data(as_text=True)
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.patch(f"/api/workshops/{code}", json={"language": "ar"}).status_code == 200
    for path in ("board", "door", "poster"):
        page = client.get(f"/w/{code}/{path}").get_data(as_text=True)
        assert '<html lang="ar" dir="rtl">' in page, path
    assert '<html lang="es"' in client.get(f"/w/{code}").get_data(as_text=True)
    assert moderator.patch(f"/api/workshops/{code}", json={"language": "xx"}).status_code == 400


def test_an_unknown_language_or_a_foreign_return_address_is_ignored(client):
    assert client.get("/lang/klingon?next=/privacy").headers["Location"] == "/privacy"
    assert '<html lang="fr"' in client.get("/privacy").get_data(as_text=True)
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"


def test_dates_and_numbers_follow_the_language(app):
    from datetime import datetime

    code = gen_workshop(app, starts_at=datetime(2026, 11, 20, 14, 0).astimezone(), phase="feedback")
    phone = app.test_client()
    check_in(phone, code)
    phone.post(f"/api/workshops/{code}/feedback", json={"client_id": "f" * 16, "rating": "good"})
    other = app.test_client()
    check_in(other, code, "Paul")
    other.post(f"/api/workshops/{code}/feedback", json={"client_id": "g" * 16, "rating": "medium"})
    third = app.test_client()
    check_in(third, code, "Inès")
    third.post(f"/api/workshops/{code}/feedback", json={"client_id": "h" * 16, "rating": "medium"})
    moderator = become_moderator(app, app.test_client(), code)
    french = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    assert "20 novembre 2026" in french and "6,7 / 10" in french
    moderator.get("/lang/en")
    english = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    assert "November 20, 2026" in english and "6.7 / 10" in english


# What the door says of its places, in the languages with more than two plural forms.
PLACES = {
    "uk": {1: "1 місце", 2: "2 місця", 5: "5 місць", 11: "11 місць", 21: "21 місце"},
    "ar": {1: "1 مكان", 2: "2 مكانان", 5: "5 أماكن", 11: "11 مكانًا", 21: "21 مكانًا"},
}


@pytest.mark.parametrize(("language", "capacity"), [(lang, n) for lang in PLACES for n in PLACES[lang]])
def test_the_door_counts_its_places_with_the_right_plural_form(app, client, language, capacity):
    code = gen_workshop(app, language=language, capacity=capacity)
    door = client.get(f"/w/{code}/door").get_data(as_text=True)
    places = re.search(r"data-places>(.*?)</p>", door).group(1)
    assert re.sub(r"<[^>]+>", "", places) == f"0 / {PLACES[language][capacity]}"
    assert "<bdi>" in places  # the numbers are set apart from the right-to-left words


@pytest.mark.parametrize(
    ("language", "wait", "says"),
    [
        ("uk", 1, "Зачекайте 1 секунду"),
        ("uk", 2, "Зачекайте 2 секунди"),
        ("uk", 5, "Зачекайте 5 секунд"),
        ("uk", 11, "Зачекайте 11 секунд"),
        ("uk", 21, "Зачекайте 21 секунду"),
        ("ar", 1, "انتظر ثانية واحدة"),
        ("ar", 2, "انتظر ثانيتين"),
        ("ar", 5, "انتظر 5 ثوانٍ"),
        ("ar", 11, "انتظر 11 ثانية"),
        ("ar", 21, "انتظر 21 ثانية"),
    ],
)
def test_a_count_in_a_message_agrees_with_its_number(app, language, wait, says):
    from flask_babel import ngettext

    with app.test_request_context(headers={"Cookie": f"kiosk_lang={language}"}):
        message = ngettext(
            "Trop d’essais. Attendez %(num)d seconde, puis réessayez.",
            "Trop d’essais. Attendez %(num)d secondes, puis réessayez.",
            wait,
        )
    assert says in message


# French puts a non-breaking space before these marks, and inside « »; any other space may break the line.
BREAKABLE = re.compile(r"[^\S\u00a0\u202f][:;!?»]|«[^\S\u00a0\u202f]")


def test_no_french_sentence_breaks_before_its_punctuation(source_messages):
    texts = [text for message in source_messages for text in forms(message)]
    assert [text for text in texts if BREAKABLE.search(text)] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_french_space_leaks_before_a_colon_in_other_languages(language):
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    leaked = [s for m in catalog if m.id for s in forms(m.string) if re.search(r"\s[:;!?](\s|$)", s)]
    assert leaked == []


def test_arabic_counts_11_to_99_and_100_to_102_each_with_its_own_form():
    """Babel's Arabic formula gives form 5 to 11–99 (CLDR "many": "11 شخصًا", accusative) and form 4 to
    100–102 ("other": "100 شخص"), unlike the order often seen elsewhere; a catalog written the other way
    round would say "100 شخصًا". The accusative ending (ًا) shows which form is which."""
    with (CATALOGS / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    index = gettext.c2py(catalog.plural_expr)
    assert [index(n) for n in (0, 1, 2, 5, 11, 99, 100, 102, 111)] == [0, 1, 2, 3, 5, 5, 4, 4, 5]
    accusative = "\u064b\u0627"
    swapped = [
        m.id[0]
        for m in catalog
        if m.pluralizable and m.string[4].count(accusative) > m.string[5].count(accusative)
    ]
    assert swapped == []
