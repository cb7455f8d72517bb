"""A phone is told plainly when the server refuses it, and a person the moderator removed starts again."""

import json

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import LiveServer, free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def strict_server(tmp_path):
    """A server whose own PC's browser is a phone like any other: limits apply, only links moderate."""
    port = free_port()
    server = LiveServer(
        tmp_path / "strict", port=port, base_url=f"http://127.0.0.1:{port}", trust_loopback="false"
    )
    server.start()
    yield server
    server.stop()


def open_check_in(page, server, code, name):
    page.goto(f"{server.url}/{code}")
    page.get_by_label("Votre prénom ou un surnom").fill(name)
    page.get_by_role("button", name="J’entre").click()


def test_a_phone_over_the_new_people_limit_is_told_why_and_not_blamed_on_the_network(strict_server, new_page):
    code = json.loads(
        strict_server.run("workshop", "create", "--title", "Café", "--capacity", "20", "--json")
    )["code"]
    for n in range(4):  # the most one address may add in ten minutes
        phone = new_page(viewport={"width": 390, "height": 844})
        open_check_in(phone, strict_server, code, f"Personne {n}")
        expect(phone.get_by_role("heading", name=f"Bienvenue, Personne {n} !")).to_be_visible()
    fifth = new_page(viewport={"width": 390, "height": 844})
    open_check_in(fifth, strict_server, code, "Cinquième")
    expect(
        fifth.get_by_text("Trop d’inscriptions depuis cet appareil. Demandez à l’animateur ou l’animatrice.")
    ).to_be_visible()
    expect(fifth.get_by_text("Pas de réseau. Ce que vous envoyez partira tout seul.")).to_be_hidden()
    expect(fifth.get_by_text("Pas de réseau. Votre message partira tout seul.")).to_have_count(0)


def test_a_phone_the_moderator_removed_comes_back_to_the_check_in_form(strict_server, new_page):
    code = json.loads(strict_server.run("workshop", "create", "--title", "Café", "--json"))["code"]
    phone = new_page(viewport={"width": 390, "height": 844})
    open_check_in(phone, strict_server, code, "Gérard")
    expect(phone.get_by_role("heading", name="Bienvenue, Gérard !")).to_be_visible()
    expect(phone.locator("html[data-live=on]")).to_have_count(1)
    moderator = requests.Session()
    assert moderator.get(strict_server.run("moderator-link", code).strip()).ok
    gerard = phone.evaluate(f"fetch('/api/workshops/{code}').then((r) => r.json())")["me"]
    assert moderator.delete(f"{strict_server.url}/api/attendees/{gerard['id']}", json={}).ok
    phone.get_by_role("textbox", name="Votre question").fill("Est-ce que je suis encore là ?")
    phone.get_by_role("button", name="J’envoie").click()
    expect(phone.get_by_label("Votre prénom ou un surnom")).to_be_visible()
    expect(phone.get_by_role("heading", name="Bienvenue, Gérard !")).to_have_count(0)
