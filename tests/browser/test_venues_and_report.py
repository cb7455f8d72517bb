"""The organiser's venues in a real browser: added with the keyboard alone, picked for a workshop, and the
activity-report card that says what is still missing before copying."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot
from .pages import PHONE, ROOM_PC
from .test_feedback_and_reports import sign_in_as_organiser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [ROOM_PC, PHONE], ids=["room-pc", "phone"])
def test_a_venue_typed_with_the_keyboard_fills_the_report_and_the_card_says_what_is_missing(
    own_server, new_page, viewport
):
    page = new_page(viewport=viewport, bypass_csp=True)
    sign_in_as_organiser(page, own_server.url)
    page.get_by_role("link", name="Les lieux").click()
    expect(page.get_by_role("heading", name="Ajouter un lieu")).to_be_visible()
    assert axe_violations(page) == [], "venues"
    page.get_by_label("Nom du lieu").focus()
    page.keyboard.type("Médiathèque Maurice-Genevoix")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # "Autre lieu", the second type in the national list
    page.keyboard.press("Tab")
    # A commune typed and not chosen, that names none for sure, is refused in plain words.
    page.keyboard.type("Nulle-part-sur-Loire")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text(re.compile("Cette commune n’est pas dans la liste"))
    # What was typed is still there, to be corrected.
    expect(page.get_by_label("Nom du lieu")).to_have_value("Médiathèque Maurice-Genevoix")
    # The commune is chosen in the picker's list, with the keyboard.
    commune = page.get_by_role("combobox", name="Commune du lieu")
    commune.fill("blois")
    choices = page.get_by_role("listbox", name="Commune du lieu").get_by_role("option")
    expect(choices.first).to_have_accessible_name(re.compile("^Blois 41000"))
    commune.press("ArrowDown")
    commune.press("Enter")
    expect(page.locator("[data-commune-code]")).to_have_value("41018")
    commune.press("Enter")
    expect(page.get_by_role("status").filter(has_text="enregistré")).to_have_text(
        "Lieu «\u00a0Médiathèque Maurice-Genevoix\u00a0» enregistré."
    )
    row = page.get_by_role("row", name=re.compile("Médiathèque Maurice-Genevoix"))
    expect(row).to_contain_text("Blois")
    expect(row).to_contain_text("41000")
    expect(row).to_contain_text("Autre lieu")
    screenshot(page, f"venues-{viewport['width']}")

    page.goto(own_server.url + "/admin/workshops/new")
    page.get_by_label("Titre de l’atelier").fill("Premiers pas sur tablette")
    page.get_by_label("Date et heure").fill("2026-11-20T14:30")
    page.get_by_label("Lieu, dans votre liste").select_option(label="Médiathèque Maurice-Genevoix (Blois)")
    page.get_by_label("Série").select_option(label="Une nouvelle série, au nom de cet atelier")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Atelier créé\. Code\s:\s\d+"))
    code = re.search(r"Code\s:\s(\d+)", page.get_by_role("status").inner_text()).group(1)

    page.goto(f"{own_server.url}/w/{code}/report")
    missing = page.locator("#cra-missing")
    expect(missing).to_contain_text("il manque des champs obligatoires")
    expect(missing.get_by_role("link")).to_have_count(3)
    expect(page.locator(".cra-row", has_text="Code INSEE")).to_contain_text("41018")
    expect(page.locator(".cra-row", has_text="Code postal")).to_contain_text("41000")
    assert axe_violations(page) == [], "report with missing fields"
    screenshot(page, f"report-missing-{viewport['width']}")
    page.get_by_role("link", name="Thématiques\u00a0: cochez au moins une thématique.").click()
    expect(page).to_have_url(re.compile(f"/admin/workshops/{code}/edit#themes$"))
    page.get_by_label("E-mail").check()
    page.get_by_label("Tablette").check()
    page.get_by_label("Niveau de l’atelier").select_option(label="Débutant")
    page.get_by_role("button", name="Enregistrer").click()
    page.goto(f"{own_server.url}/w/{code}/report")
    expect(page.locator(".cra-row", has_text="Thématiques")).to_contain_text("E-mail")
    expect(page.locator("#cra-missing")).to_have_count(0)

    page.goto(f"{own_server.url}/admin/period?from=2026-11-01&to=2026-11-30")
    by_venue = page.get_by_role("table", name="Par lieu")
    expect(by_venue.get_by_role("row", name=re.compile("Médiathèque Maurice-Genevoix"))).to_contain_text(
        "1,5"
    )
    expect(page.get_by_role("table", name="Par série")).to_contain_text("Premiers pas sur tablette")
    assert axe_violations(page) == [], "period"
    screenshot(page, f"period-venues-{viewport['width']}")
