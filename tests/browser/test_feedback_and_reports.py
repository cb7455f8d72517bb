"""End of the session in a real browser: feedback on phones and at the door, then the reports."""

import re

import pytest
import requests
from playwright.sync_api import expect

from ..helpers import PASSPHRASE
from .conftest import axe_violations, create_workshop, screenshot
from .pages import PHONE, ROOM_PC, TABLET, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser


def sign_in_as_organiser(page, url):
    """On the room PC: choose the passphrase on the first visit, else log in with it."""
    page.goto(url + "/admin/")
    if page.url.endswith("/admin/setup"):
        page.get_by_label("Phrase secrète").fill(PASSPHRASE)
        page.get_by_label("La même, encore une fois").fill(PASSPHRASE)
    else:
        page.get_by_label("Phrase secrète").fill(PASSPHRASE)
    page.get_by_role("button", name=re.compile("Enregistrer|Entrer")).click()
    expect(page.get_by_role("heading", name="Tous les ateliers")).to_be_visible()


def test_the_phase_switch_turns_three_phones_to_the_form_at_once(screen):
    phones = [screen(ParticipantPage, viewport=PHONE) for _ in range(3)]
    for phone, name in zip(phones, ("Marie", "Paul", "Inès"), strict=True):
        phone.check_in(name)
    console = screen(ConsolePage).open()
    console.open_feedback()
    for phone in phones:
        expect(phone.feedback_heading()).to_be_visible()
        expect(phone.get_by_text("Personne ne saura que c’est vous.")).to_be_visible()
    screenshot(phones[0], "participant-feedback-form")
    for phone, face in zip(phones, ("Très bien", "Très bien", "Moyen"), strict=True):
        phone.give_feedback(face)
    expect(console.feedback_count()).to_have_text("3")
    expect(console.feedback_score()).to_have_text("8,3")


def test_the_door_kiosk_takes_one_answer_then_shows_a_fresh_form(live_server, workshop, screen):
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "feedback"})
    form = door.feedback_form()
    expect(form.get_by_role("heading", name=DoorPage.FEEDBACK)).to_be_visible()
    assert axe_violations(door) == []
    form.get_by_text("Moyen", exact=True).click()
    form.get_by_role("group", name=DoorPage.LEARNED).get_by_text("Oui").click()
    form.get_by_label(DoorPage.COMMENT).fill("Merci Rose")
    form.get_by_role("button", name=DoorPage.SEND_FEEDBACK).click()
    expect(door.get_by_text(DoorPage.FEEDBACK_SENT)).to_be_visible()
    screenshot(door, "door-feedback-thanks")
    # The next person finds the form again, with nothing of the previous answer.
    expect(form.get_by_role("button", name=DoorPage.SEND_FEEDBACK)).to_be_visible(timeout=10_000)
    assert form.locator("input:checked").count() == 0
    expect(form.get_by_label(DoorPage.COMMENT)).to_have_value("")
    form.get_by_text("Très bien", exact=True).click()
    form.get_by_role("button", name=DoorPage.SEND_FEEDBACK).click()
    expect(door.get_by_text(DoorPage.FEEDBACK_SENT)).to_be_visible()
    summary = requests.get(f"{live_server.url}/w/{workshop}/report").text
    assert "Réponses : 2" in summary
    assert "Merci Rose" in summary


def test_the_report_shows_what_was_collected_and_copies_each_field(live_server, workshop, screen, new_page):
    phone = screen(ParticipantPage, viewport=PHONE).check_in("Marie")
    phone.ask("Comment trier mes courriels ?")
    expect(phone.question("Comment trier")).to_be_visible()
    requests.patch(f"{live_server.url}/api/workshops/{workshop}", json={"phase": "feedback"})
    phone.get_by_text("Très bien", exact=True).click()
    phone.get_by_label(ParticipantPage.NEXT_TOPIC).fill("Les photos")
    phone.get_by_role("button", name=ParticipantPage.SEND_FEEDBACK).click()
    expect(phone.get_by_text(ParticipantPage.FEEDBACK_SENT)).to_be_visible()

    report = new_page(viewport=ROOM_PC, bypass_csp=True)
    report.goto(f"{live_server.url}/w/{workshop}/report")
    expect(report.get_by_role("heading", name=re.compile("Bilan de l’atelier"))).to_be_visible()
    expect(report.locator(".cra-row", has_text="Participants")).to_contain_text("1")
    expect(report.get_by_text("Comment trier mes courriels ?")).to_be_visible()
    expect(report.get_by_text("Les photos")).to_be_visible()
    expect(report.get_by_text("Note : 10 / 10")).to_be_visible()
    report.get_by_role("button", name="Copier : Participants").click()
    expect(report.locator("[data-copy-status]")).to_have_text("Copié : Participants")
    assert axe_violations(report) == []
    screenshot(report, "report")
    report.emulate_media(media="print")
    expect(report.get_by_role("button", name="Copier : Participants")).to_be_hidden()
    screenshot(report, "report-print")


# Its own server: the first-start page shows only while no passphrase has been chosen.
@pytest.mark.parametrize("width", [1280, 320])
def test_the_organisers_pages_are_accessible(own_server, new_page, width):
    workshop = create_workshop(own_server.url)
    requests.post(
        f"{own_server.url}/api/workshops/{workshop}/attendees", json={"name": "Marie", "client_id": "a" * 32}
    )
    page = new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
    page.goto(own_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Première mise en route")).to_be_visible()
    assert axe_violations(page) == [], "setup"
    sign_in_as_organiser(page, own_server.url)
    page.get_by_role("button", name="Me déconnecter").click()
    page.goto(own_server.url + "/admin/login")
    assert axe_violations(page) == [], "login"
    sign_in_as_organiser(page, own_server.url)
    for path, name in (
        ("/admin/", "admin"),
        ("/admin/workshops/new", "admin-new"),
        (f"/admin/workshops/{workshop}/edit", "admin-edit"),
        ("/admin/period", "period"),
        ("/admin/people?q=Marie", "people"),
        ("/admin/accessibility", "accessibility-edit"),
        ("/admin/venues/", "venues"),
        (f"/w/{workshop}/report", "report"),
        (f"/w/{workshop}/bookings", "bookings"),
    ):
        page.goto(own_server.url + path)
        screenshot(page, f"axe-{name}-{width}")
        assert axe_violations(page) == [], name


def test_the_organiser_creates_a_workshop_and_finds_it_in_the_period(live_server, new_page):
    page = new_page(viewport=ROOM_PC)
    sign_in_as_organiser(page, live_server.url)
    page.get_by_role("link", name="Nouvel atelier").click()
    page.get_by_label("Titre de l’atelier").fill("Ma tablette pas à pas")
    page.get_by_label("Date et heure").fill("2026-11-20T14:30")
    page.get_by_label("Nombre de places").fill("8")
    page.get_by_label("E-mail").check()
    page.get_by_label("Tablette").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile(r"Atelier créé\. Code : \d+"))).to_be_visible()
    expect(page.get_by_role("cell", name="Ma tablette pas à pas", exact=True)).to_be_visible()
    screenshot(page, "admin-list")
    page.goto(live_server.url + "/admin/period?from=2026-11-01&to=2026-11-30")
    expect(page.get_by_role("link", name="Ma tablette pas à pas")).to_be_visible()
    expect(page.get_by_role("img", name="Participants par atelier")).to_be_visible()
    screenshot(page, "period")
