"""The "carte Kiosk": a person without a phone is recognised when they come back, from a card's code
typed or scanned at the door kiosk; only a keyed hash of it is kept, and it goes with the person."""

import re
from datetime import timedelta

import pytest

from kiosk.data.database import now
from kiosk.data.models import Attendee
from kiosk.extensions import db
from kiosk.rules import cards, reporting, workshops

from .helpers import (
    become_moderator,
    become_organiser,
    check_in,
    client_id,
    close_database,
    csrf_token,
    gen_workshop,
)
from .test_data_register import database_bytes

LOOK_ALIKES = set("0O1IL")


def mistyped(code):
    """The code with one sign changed for another of the alphabet."""
    other = next(c for c in cards.ALPHABET if c != code[3])
    return code[:3] + other + code[4:]


def as_an_azerty_pc_gets_it(text):
    """What a French AZERTY PC receives from a scanner typing `text` as on a US keyboard."""
    us_keys = dict(zip("23456789AQWZM-:", "é\"'(-è_çQAZW?)M", strict=True))
    return "".join(us_keys.get(c, c) for c in text)


def test_a_new_code_is_nine_signs_without_look_alikes_and_its_own_check_sign():
    made = {cards.new_code() for _ in range(500)}
    assert len(made) == 500
    for code in made:
        assert len(code) == 9 and not LOOK_ALIKES & set(code)
        assert set(code) <= set(cards.ALPHABET)
        assert cards.parse(code) == code
    assert re.fullmatch("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]", cards.shown(next(iter(made))))


@pytest.mark.parametrize(
    "typed",
    [
        "{prefixed}",  # what the card's QR code holds, as a hand scanner types it
        "{shown}",
        "{shown_lower}",
        " {spaced} ",
        "kiosk-carte:{lower}",
        "KIOSK)CARTE.{code}",  # a scanner set for another keyboard layout
        "{azerty}",  # a scanner in its factory setting (US keyboard) on a French AZERTY PC
    ],
)
def test_a_code_is_read_whatever_the_case_spaces_dashes_or_the_scanners_prefix(typed):
    code = cards.new_code()
    shown = cards.shown(code)
    text = typed.format(
        prefixed=cards.qr_text(code),
        shown=shown,
        shown_lower=shown.lower(),
        spaced=" ".join(shown.replace("-", "")),
        lower=code.lower(),
        code=code,
        azerty=as_an_azerty_pc_gets_it(cards.qr_text(code)),
    )
    assert cards.parse(text) == code


def test_one_wrong_sign_or_two_signs_swapped_are_found_out():
    for _ in range(200):
        code = cards.new_code()
        with pytest.raises(cards.NotACard) as refused:
            cards.parse(mistyped(code))
        assert refused.value.reason == "check"
        i = 2
        if code[i] != code[i + 1]:
            with pytest.raises(cards.NotACard):
                cards.parse(code[:i] + code[i + 1] + code[i] + code[i + 2 :])


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "K7MH",
        "K7MH4PX2QQ",
        "K0MH4PX2Q",
        "KIOSK-CARTE:",
        "http://192.168.1.2/K7MH4PX2Q",
        "é" * 9,
        None,
        12,
        "2" * 41,
    ],
)
def test_anything_but_a_card_code_is_refused_as_such(garbage):
    with pytest.raises(cards.NotACard) as refused:
        cards.parse(garbage)
    assert refused.value.reason == "garbage"


def test_the_stored_hash_is_keyed_with_the_apps_secret():
    code = cards.new_code()
    assert cards.card_hash("secret one", code) == cards.card_hash("secret one", code)
    assert cards.card_hash("secret one", code) != cards.card_hash("secret two", code)
    assert code not in cards.card_hash("secret one", code)


def door(app, code):
    """The door screen the moderator opened: it checks people in one after the other."""
    return become_moderator(app, app.test_client(), code)


def card_check_in(browser, code, card, name="Rose", cid=None):
    body = {"name": name, "client_id": cid or client_id(), "kiosk": True, "card": card}
    return browser.post(f"/api/workshops/{code}/attendees", json=body)


def shown(browser, code, card):
    return browser.post(f"/api/workshops/{code}/cards/shown", json={"card": card})


def test_a_card_used_before_greets_its_holder_and_counts_them_as_came_before(app):
    card = cards.new_code()
    first = gen_workshop(app, "Premier atelier", starts_at=now() - timedelta(days=7))
    second = gen_workshop(app, "Deuxième atelier")
    assert shown(door(app, first), first, card).json == {"known": False, "name": None}
    assert card_check_in(door(app, first), first, cards.shown(card), "Rose").status_code == 201
    # Next week, shown to the camera (the QR code's text), at another workshop.
    at_the_door = door(app, second)
    greeted = shown(at_the_door, second, cards.qr_text(card))
    assert greeted.status_code == 200 and greeted.json == {"known": True, "name": "Rose"}
    assert card_check_in(at_the_door, second, cards.qr_text(card), "Rose").status_code == 201
    with app.app_context():
        rose_first, rose_again = db.session.scalars(db.select(Attendee).order_by(Attendee.id)).all()
        assert not rose_first.came_before and rose_again.came_before
        assert rose_first.card_hash == rose_again.card_hash
        assert reporting.participants(workshops.by_code(second))["returning"] == 1
        assert reporting.participants(workshops.by_code(first))["returning"] == 0


def test_the_period_counts_a_person_with_a_card_once(app):
    card = cards.new_code()
    for days_ago in (14, 7, 0):
        code = gen_workshop(app, f"Atelier J-{days_ago}", starts_at=now() - timedelta(days=days_ago))
        card_check_in(door(app, code), code, card, "Rose")
        card_check_in(door(app, code), code, None, "Sans carte")
    with app.app_context():
        summary = reporting.period((now() - timedelta(days=20)).date(), now().date())
    assert summary["participants"] == 6
    assert summary["unique_people"] == 1 + 3  # Rose, and three people nobody can recognise
    assert summary["returning"] == 2


def test_the_greeting_uses_the_name_given_last_time(app):
    card = cards.new_code()
    for title, name in (("Un", "Rose"), ("Deux", "Rosie")):
        code = gen_workshop(app, title)
        card_check_in(door(app, code), code, card, name)
    third = gen_workshop(app, "Trois")
    assert shown(door(app, third), third, card).json["name"] == "Rosie"


def test_a_replayed_or_repeated_card_check_in_counts_once(app):
    code = gen_workshop(app)
    at_the_door = door(app, code)
    card, cid = cards.new_code(), client_id()
    made = card_check_in(at_the_door, code, card, cid=cid)
    again = card_check_in(at_the_door, code, card, cid=cid)
    # The person shows their card a second time, a new request: still the one person.
    shown_twice = card_check_in(at_the_door, code, card)
    assert (made.status_code, again.status_code, shown_twice.status_code) == (201, 200, 200)
    assert made.json["id"] == again.json["id"] == shown_twice.json["id"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Attendee)) == 1


def test_a_card_counts_for_capacity_and_the_waiting_list_like_anyone(app):
    code = gen_workshop(app, capacity=1)
    check_in(app.test_client(), code, "Marie")
    waiting = card_check_in(door(app, code), code, cards.new_code())
    assert waiting.status_code == 201 and waiting.json["status"] == "waiting"


def test_a_mistyped_code_is_refused_in_plain_words_and_makes_no_one(app):
    code = gen_workshop(app)
    at_the_door = door(app, code)
    wrong = mistyped(cards.new_code())
    for refused in (shown(at_the_door, code, wrong), card_check_in(at_the_door, code, wrong)):
        assert refused.status_code == 404
        assert refused.json["error"] == (
            "Il y a une erreur dans ce code. Regardez bien la carte et écrivez le code à nouveau."
        )
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Attendee)) == 0


@pytest.mark.parametrize(
    "card",
    [
        "x" * 5000,
        12345,
        ["K7MH4PX2Q"],
        {"code": "K7MH4PX2Q"},
        True,
        "K7MH\u202e4PX2Q",
        "K7MH\x004PX2Q",
        "ⅯⅯⅯⅯⅯⅯⅯⅯⅯ",
    ],
)
def test_hostile_card_input_gets_a_clear_400(app, card):
    code = gen_workshop(app)
    at_the_door = door(app, code)
    for refused in (shown(at_the_door, code, card), card_check_in(at_the_door, code, card)):
        assert refused.status_code == 400
        assert refused.json["error"] == (
            "Ce code n’est pas celui d’une carte Kiosk. Regardez la carte et écrivez le code à nouveau."
        )
    missing = at_the_door.post(f"/api/workshops/{code}/cards/shown", json={})
    assert missing.status_code == 400 and missing.json["error"] == "Écrivez le code de votre carte."


def test_only_the_door_screen_reads_cards(app, client):
    code = gen_workshop(app)
    assert shown(client, code, cards.new_code()).status_code == 403
    # A phone is recognised by itself: a card it sends is not kept.
    check_in(client, code, "Marie")
    client.post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Marie", "client_id": client_id(), "card": cards.new_code()},
    )
    with app.app_context():
        assert db.session.scalar(db.select(Attendee.card_hash)) is None


@pytest.mark.sqlite_only
def test_no_card_code_is_ever_stored_only_its_keyed_hash(app, instance):
    code = gen_workshop(app)
    card = cards.new_code()
    card_check_in(door(app, code), code, cards.qr_text(card), "Rose")
    with app.app_context():
        stored = db.session.scalar(db.select(Attendee.card_hash))
        assert stored == cards.card_hash(app.config["SECRET_KEY"], card)
    close_database(app)
    on_disk = database_bytes(instance)
    for form in (card, cards.shown(card), card.lower()):
        assert form.encode() not in on_disk
    assert stored.encode() in on_disk
    # Erased with the person: not a byte of the hash stays in the file.
    organiser = become_organiser(app, app.test_client())
    found = organiser.get("/admin/people?q=rose").get_data(as_text=True)
    attendee_id = found.split('href="/admin/people/attendee/')[1].split(".")[0]
    token = csrf_token(organiser, "/admin/people?q=rose")
    organiser.post(f"/admin/people/attendee/{attendee_id}/erase", data={"csrf_token": token})
    close_database(app)
    assert stored.encode() not in database_bytes(instance)


def test_erasing_a_person_erases_their_card_and_it_no_longer_recognises_them(app):
    card = cards.new_code()
    first = gen_workshop(app, "Premier atelier")
    second = gen_workshop(app, "Deuxième atelier")
    card_check_in(door(app, first), first, card, "Héloïse")
    card_check_in(door(app, second), second, card, "Héloïse")
    organiser = become_organiser(app, app.test_client())
    found = organiser.get("/admin/people?q=heloise").get_data(as_text=True)
    attendee_id = found.split('href="/admin/people/attendee/')[1].split(".")[0]
    held = organiser.get(f"/admin/people/attendee/{attendee_id}.json").json
    assert held["présence"]["carte_kiosk"] is True
    token = csrf_token(organiser, "/admin/people?q=heloise")
    organiser.post(f"/admin/people/attendee/{attendee_id}/erase", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(Attendee, int(attendee_id)) is None
        assert db.session.scalars(db.select(Attendee.card_hash)).all() == [None]
    third = gen_workshop(app, "Troisième atelier")
    assert shown(door(app, third), third, card).json == {"known": False, "name": None}


def test_the_purge_erases_card_hashes_with_the_workshops_people(app):
    old = gen_workshop(app, "L’an dernier", starts_at=now() - timedelta(days=400))
    card_check_in(door(app, old), old, cards.new_code())
    from kiosk.rules import retention

    with app.app_context():
        retention.purge(app.instance_path)
        assert db.session.scalars(db.select(Attendee.card_hash)).all() == []


def test_the_organiser_prints_sheets_of_cards_and_the_moderator_one(app):
    organiser = become_organiser(app, app.test_client())
    sheet = organiser.get("/admin/cards").get_data(as_text=True)
    codes = re.findall(r"data-card-code>([^<]+)<", sheet)
    assert len(codes) == cards.PER_SHEET == len(set(codes))
    assert all(cards.parse(c) for c in codes)
    assert sheet.count('src="data:image/svg+xml;base64,') == cards.PER_SHEET
    assert organiser.get("/admin/cards").headers["Cache-Control"] == "no-store"
    assert len(re.findall(r"data-card-code>", organiser.get("/admin/cards?sheets=3").text)) == 30
    assert len(re.findall(r"data-card-code>", organiser.get("/admin/cards?sheets=99999").text)) == 100
    assert len(re.findall(r"data-card-code>", organiser.get("/admin/cards?sheets=x").text)) == 10
    assert app.test_client().get("/admin/cards").status_code == 302
    code = gen_workshop(app)
    one = door(app, code).get(f"/w/{code}/card").get_data(as_text=True)
    assert len(re.findall(r"data-card-code>", one)) == 1
    assert app.test_client().get(f"/w/{code}/card").status_code == 403


def test_only_the_door_screen_may_ask_for_the_camera(app, client):
    code = gen_workshop(app)
    assert "camera=(self)" in client.get(f"/w/{code}/door").headers["Permissions-Policy"]
    for elsewhere in (f"/w/{code}", f"/w/{code}/board", "/"):
        assert "camera=()" in client.get(elsewhere).headers["Permissions-Policy"]
