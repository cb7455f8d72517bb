"""A forum day in a real browser: the organiser's page follows every room live; the entrance's QR code
leads a phone to its workshop."""

import re
import subprocess

import pytest
import requests
from playwright.sync_api import expect

from ..helpers import client_id
from .conftest import OtherPhone, axe_violations, create_workshop, screenshot
from .pages import PHONE, PROJECTOR, ROOM_PC, ParticipantPage
from .test_feedback_and_reports import sign_in_as_organiser

pytestmark = pytest.mark.browser

DAY_TITLE = "Tous les ateliers du jour"
ENTRANCE_TITLE = "Les ateliers du jour"


def room(page, title):
    """One room's card on the day page, found by its title."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title, exact=True))


def count(card, what):
    """The number a card shows for `what` ("Présents", "Questions ouvertes"…)."""
    return card.locator("div", has=card.page.get_by_text(what, exact=True)).locator("dd")


def never_scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_day_page_follows_every_room_without_losing_the_organisers_place(live_server, new_page):
    tablets = create_workshop(live_server.url, "Premiers pas sur tablette")
    mails = create_workshop(live_server.url, "Envoyer un e-mail")
    page = new_page(viewport=ROOM_PC)
    sign_in_as_organiser(page, live_server.url)
    page.goto(live_server.url + "/admin/day")
    expect(page.get_by_role("heading", name=DAY_TITLE)).to_be_visible()
    expect(page.locator("html[data-live=on]")).to_have_count(1)
    first, second = room(page, "Premiers pas sur tablette"), room(page, "Envoyer un e-mail")
    expect(count(first, "Présents")).to_have_text("0 / 12 places")
    # The organiser is about to open the second room's console: the updates must not move them.
    link = second.get_by_role("link", name=re.compile("^Animer"))
    link.focus()

    marie = OtherPhone(live_server.url, tablets, "Marie")
    OtherPhone(live_server.url, tablets, "Paul")
    marie.ask("Comment envoyer une photo ?")
    help_asked = marie.session.post(
        f"{live_server.url}/api/workshops/{tablets}/help", json={"client_id": client_id()}
    )
    assert help_asked.status_code == 201
    OtherPhone(live_server.url, mails, "Inès")

    expect(count(first, "Présents")).to_have_text("2 / 12 places")
    expect(count(first, "Questions ouvertes")).to_have_text("1")
    expect(count(first, "Demandes d’aide")).to_have_text("1")
    expect(count(second, "Présents")).to_have_text("1 / 12 places")
    expect(count(page.locator("[data-rooms]"), "Présents")).to_have_text(re.compile(r"^3 / \d+ places$"))
    expect(link).to_be_focused()
    screenshot(page, "forum-day")

    # A room added during the day appears too.
    create_workshop(live_server.url, "Atelier de l’après-midi")
    OtherPhone(live_server.url, mails, "Olga")
    expect(room(page, "Atelier de l’après-midi")).to_be_visible()


def test_the_day_page_on_a_phone_and_on_the_projector(live_server, new_page):
    code = create_workshop(
        live_server.url, "Un atelier très demandé avec un titre assez long pour passer à la ligne"
    )
    requests.patch(f"{live_server.url}/api/workshops/{code}", json={"capacity": 1}).raise_for_status()
    OtherPhone(live_server.url, code, "Marie")
    OtherPhone(live_server.url, code, "Paul")  # on the waiting list: the card says so in bold, framed
    for name, viewport in (("phone", {"width": 320, "height": 700}), ("projector", PROJECTOR)):
        page = new_page(viewport=viewport, bypass_csp=True)
        sign_in_as_organiser(page, live_server.url)
        page.goto(live_server.url + "/admin/day")
        card = room(page, "Un atelier très demandé avec un titre assez long pour passer à la ligne")
        expect(count(card, "Liste d’attente")).to_have_text("1")
        assert never_scrolls_sideways(page), name
        screenshot(page, f"forum-day-{name}")
        assert axe_violations(page) == [], name


def test_the_entrance_qr_code_leads_a_phone_to_its_workshop(live_server, new_page, tmp_path):
    code = create_workshop(live_server.url, "Faire ses démarches en ligne")
    poster = new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    poster.goto(live_server.url + "/today")
    expect(poster.get_by_role("heading", name=ENTRANCE_TITLE)).to_be_visible()
    # The room's code, shown big (it is also the end of the address to type under it).
    expect(poster.locator(".code").get_by_text(code, exact=True)).to_be_visible()
    assert axe_violations(poster) == []
    picture = tmp_path / "entrance.png"
    poster.get_by_role("img", name="QR code de la liste des ateliers du jour").screenshot(path=str(picture))
    screenshot(poster, "forum-entrance")
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert scanned == f"{live_server.url}/today"

    phone = new_page(viewport={"width": 320, "height": 700}, bypass_csp=True)
    phone.goto(scanned)
    assert never_scrolls_sideways(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "forum-entrance-phone")
    phone.get_by_role("link", name="Faire ses démarches en ligne").click()
    expect(phone.get_by_role("heading", name=ParticipantPage.WELCOME)).to_be_visible()
    assert phone.url.endswith(f"/w/{code}")


@pytest.mark.parametrize(
    ("locale", "title", "direction"),
    [
        ("en-GB", "Today's workshops", "ltr"),
        ("es-ES", "Los talleres del día", "ltr"),
        ("ar", "ورشات اليوم", "rtl"),
        ("uk-UA", "Семінари дня", "ltr"),
    ],
)
def test_the_entrance_speaks_the_phones_language(live_server, new_page, locale, title, direction):
    create_workshop(live_server.url, "Café numérique")
    phone = new_page(viewport=PHONE, locale=locale, bypass_csp=True)
    phone.goto(live_server.url + "/today")
    expect(phone.get_by_role("heading", name=title)).to_be_visible()
    expect(phone.locator(f"html[dir={direction}]")).to_have_count(1)
    assert axe_violations(phone) == []
