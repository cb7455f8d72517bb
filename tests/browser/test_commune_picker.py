"""The commune picker, as people use it: by keyboard alone, with a screen reader's names, on a phone, at the
door kiosk and in the console; and what it chose reaches the national tool's file as a code it accepts."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .. import coop_importer
from ..helpers import french_csv_rows
from .conftest import axe_violations, screenshot
from .pages import PHONE, ROOM_PC, TABLET, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser


def ask_commune(url, code):
    """The room PC switches the optional commune question on."""
    assert requests.patch(f"{url}/api/workshops/{code}", json={"ask_commune": True}).status_code == 200


def beneficiaires(url, code):
    """The import file as the Coop's importer reads it (the room PC downloads it)."""
    response = requests.get(f"{url}/api/workshops/{code}/export/beneficiaires.xlsx")
    assert response.status_code == 200
    return coop_importer.analyse(response.content)


def name_everyone(url, code, family_name="Durand"):
    """The room PC records that everyone present agreed to be named, with a family name."""
    session = requests.Session()
    table = french_csv_rows(session.get(f"{url}/api/workshops/{code}/export/attendees.csv").text)
    for person in table:
        answer = session.patch(
            f"{url}/api/attendees/{person['N°']}", json={"named_consent": True, "family_name": family_name}
        )
        assert answer.status_code == 200, answer.text


def test_a_phone_picks_its_commune_with_the_keyboard_alone(live_server, workshop, screen):
    ask_commune(live_server.url, workshop)
    phone = screen(ParticipantPage, viewport=PHONE, bypass_csp=True).open()
    phone.name_field().fill("Yvonne")
    phone.keyboard.press("Tab")
    field = phone.commune_field()
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-expanded", "false")
    phone.keyboard.type("st etienne")
    expect(field).to_have_attribute("aria-expanded", "true")
    options = phone.commune_options()
    expect(options.first).to_have_accessible_name(re.compile(r"^Saint-Étienne 42000"))
    expect(options).to_have_count(10)
    expect(phone.get_by_role("status").filter(has_text="10 communes trouvées")).to_have_count(1)
    phone.keyboard.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    expect(options.first).to_have_attribute("aria-selected", "true")
    assert axe_violations(phone) == []
    screenshot(phone, "commune-picker-phone")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("Enter")  # chooses; does not send the form
    expect(field).to_have_value(re.compile(r"^Saint-Étienne \(42000"))
    expect(phone.commune_list()).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(phone.get_by_role("heading", name=ParticipantPage.WELCOME)).to_be_visible()
    phone.get_by_role("button", name=ParticipantPage.ENTER).click()
    expect(phone.get_by_role("heading", name=ParticipantPage.welcome("Yvonne"))).to_be_visible()
    name_everyone(live_server.url, workshop)
    row = beneficiaires(live_server.url, workshop)["rows"][0]
    assert (row["values"]["communeCodeInsee"], row["errors"]) == ("42218", {})


def test_escape_closes_the_list_and_typing_again_forgets_the_choice(live_server, workshop, screen):
    ask_commune(live_server.url, workshop)
    phone = screen(ParticipantPage, viewport=PHONE).open()
    field = phone.commune_field()
    field.fill("blois")
    expect(phone.commune_options().first).to_have_accessible_name(re.compile("^Blois 41000"))
    field.press("Escape")
    expect(phone.commune_list()).to_be_hidden()
    field.press("ArrowDown")
    expect(phone.commune_list()).to_be_visible()
    field.press("Enter")
    expect(phone.locator("[data-commune-code]")).to_have_value("41018")
    field.press("Backspace")
    expect(phone.locator("[data-commune-code]")).to_have_value("")
    field.fill("zzzz")
    expect(phone.get_by_role("status").filter(has_text="Aucune commune trouvée")).to_have_count(1)
    expect(phone.commune_list()).to_be_hidden()


def test_the_door_kiosk_takes_a_commune_by_postal_code_and_the_details_of_a_named_person(
    live_server, workshop, screen
):
    ask_commune(live_server.url, workshop)
    door = screen(DoorPage, viewport=TABLET, bypass_csp=True).open()
    door.no_phone_button().click()
    door.name_field().fill("Rose")
    door.commune_field().fill("41000")
    blois = door.commune_options().filter(has_text="Blois")
    expect(blois).to_be_visible()
    blois.click()  # a tap on the choice
    expect(door.commune_field()).to_have_value("Blois (41000)")
    expect(door.get_by_label(DoorPage.FAMILY_NAME)).to_be_hidden()
    door.get_by_label(DoorPage.NAMED_CONSENT).check()
    door.get_by_label(DoorPage.FAMILY_NAME).fill("Durand")
    door.get_by_label(DoorPage.BIRTH_YEAR).fill("1948")
    door.get_by_text("Une femme", exact=True).click()
    assert axe_violations(door) == []
    screenshot(door, "commune-picker-door")
    door.get_by_role("button", name=DoorPage.ENTER).click()
    expect(door.get_by_text(ParticipantPage.welcome("Rose"))).to_be_visible()
    analysis = beneficiaires(live_server.url, workshop)
    assert analysis["status"] == "ok"
    values = analysis["rows"][0]["values"]
    assert (values["nom"], values["prenom"], values["anneeNaissance"], values["genre"]) == (
        "Durand",
        "Rose",
        1948,
        "F",
    )
    assert (values["communeNom"], values["communeCodeInsee"], values["communeCodePostal"]) == (
        "Blois",
        "41018",
        "41000",
    )
    # The next person finds nothing of Rose: no commune, no consent, no details.
    expect(door.no_phone_button()).to_be_visible(timeout=10_000)
    door.no_phone_button().click()
    expect(door.commune_field()).to_have_value("")
    expect(door.locator("[data-door-kiosk] [data-commune-code]")).to_have_value("")
    expect(door.get_by_label(DoorPage.NAMED_CONSENT)).not_to_be_checked()
    expect(door.get_by_label(DoorPage.FAMILY_NAME)).to_be_hidden()


def test_the_console_completes_a_named_person_and_says_when_their_row_is_ready(live_server, workshop, screen):
    console = screen(ConsolePage, viewport=ROOM_PC, bypass_csp=True).open().live()
    console.get_by_label(ConsolePage.ADD_PERSON).fill("Robert")
    console.locator("[data-add-person]").get_by_role("button", name=ConsolePage.ADD).click()
    expect(console.locator("[data-people]")).to_contain_text("Robert")
    console.get_by_label(ConsolePage.named_consent("Robert")).check()
    # Ticked: the details the national tool asks come at once; they may wait (Escape).
    dialog = console.get_by_role("dialog", name="Pour le bilan\u00a0: Robert")
    expect(dialog.get_by_label(ConsolePage.FAMILY_NAME)).to_be_focused()
    console.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    console.unfold(ConsolePage.EXPORTS)
    review = console.locator("[data-named-review]")
    expect(review).to_contain_text("Il manque le nom de famille.")
    expect(review).to_contain_text("Pas de commune. La Coop accepte la ligne sans commune.")
    review.get_by_role("button", name=ConsolePage.complete_for("Robert")).click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label(ConsolePage.FAMILY_NAME)).to_be_focused()
    console.keyboard.type("Martin")
    dialog.get_by_label("Année de naissance. Vous pouvez laisser vide.").fill("1890")
    field = dialog.get_by_role("combobox", name=ConsolePage.REGISTER_COMMUNE)
    field.fill("paris 16")
    first = dialog.get_by_role("listbox", name=ConsolePage.REGISTER_COMMUNE).get_by_role("option").first
    expect(first).to_have_accessible_name(re.compile("^Paris 16e Arrondissement"))
    field.press("ArrowDown")
    field.press("Enter")
    assert axe_violations(console) == []
    dialog.get_by_role("button", name=ConsolePage.SAVE).click()
    expect(dialog.get_by_role("alert")).to_have_text(re.compile("L’année de naissance va de 1900 à"))
    dialog.get_by_label("Année de naissance. Vous pouvez laisser vide.").fill("1950")
    dialog.get_by_role("button", name=ConsolePage.SAVE).click()
    expect(dialog).to_be_hidden()
    expect(review).to_contain_text(ConsolePage.READY)
    screenshot(console, "named-review")
    analysis = beneficiaires(live_server.url, workshop)
    assert analysis["status"] == "ok"
    values = analysis["rows"][0]["values"]
    assert (values["nom"], values["communeCodeInsee"], values["communeCodePostal"]) == (
        "Martin",
        "75116",
        "75016",
    )


def test_a_registration_keeps_the_commune_chosen_for_the_day(live_server, workshop, screen):
    console = screen(ConsolePage, viewport=ROOM_PC).open().live()
    console.unfold(ConsolePage.REGISTRATIONS)
    console.get_by_label("Prénom et nom").fill("Lucie")
    field = console.commune_field(ConsolePage.REGISTER_COMMUNE)
    field.fill("Ajaccio")
    listed = console.commune_options(ConsolePage.REGISTER_COMMUNE).first
    expect(listed).to_have_accessible_name(re.compile("^Ajaccio"))
    field.press("ArrowDown")
    field.press("Enter")
    console.get_by_role("button", name="Inscrire").click()
    expect(console.locator("[data-registrations]")).to_contain_text("Lucie")
    expect(field).to_have_value("")
    console.locator("[data-registrations]").get_by_role("button", name="Est là").click()
    expect(console.locator("[data-people]")).to_contain_text("Lucie")
    name_everyone(live_server.url, workshop)
    row = beneficiaires(live_server.url, workshop)["rows"][0]
    assert (row["values"]["communeCodeInsee"], row["values"]["communeCodePostal"], row["errors"]) == (
        "2A004",
        "20000, 20167, 20090",
        {},
    )
