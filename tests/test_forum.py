"""A forum day: the organiser's page of every room of the day, and the entrance page for everyone."""

from datetime import date, datetime, timedelta

import pytest
from flask_socketio import SocketIOTestClient

from kiosk.extensions import socketio
from kiosk.rules import satisfaction, workshops

from .helpers import ask, become_moderator, check_in, client_id, gen_workshop

TODAY = date.today()


def at(day, hour, minute=0):
    """A local time on `day`, as the organiser types it."""
    return datetime(day.year, day.month, day.day, hour, minute).astimezone()


def counts_of(page, code):
    """The text of one room's card on the day page, spaces squeezed."""
    card = page.split(f'id="room-{code}"')[1].split("</li>\n")[0]
    return " ".join(card.split())


def test_the_day_page_counts_every_room_of_the_day(app, organiser):
    tablet = gen_workshop(app, "Premiers pas sur tablette", starts_at=at(TODAY, 9, 30), capacity=2)
    mail = gen_workshop(app, "Envoyer un e-mail", starts_at=at(TODAY, 14), place="Salle Colette")
    gen_workshop(app, "Atelier de la veille", starts_at=at(TODAY - timedelta(days=1), 10))
    phones = [app.test_client() for _ in range(3)]
    for phone, name in zip(phones, ("Marie", "Ahmed", "Olga"), strict=True):
        assert check_in(phone, tablet, name).status_code == 201
    ask(phones[0], tablet, "Comment envoyer une photo ?")
    ask(phones[1], tablet, "Où sont mes fichiers ?")
    assert phones[1].post(f"/api/workshops/{tablet}/help", json={"client_id": client_id()}).status_code == 201
    with app.app_context():
        workshop = workshops.by_code(tablet)
        workshops.update(workshop, {"phase": "feedback"})
        satisfaction.set_paper_tally(workshop, {"medium": 2})
    answer = {"client_id": client_id(), "rating": "good"}
    assert phones[0].post(f"/api/workshops/{tablet}/feedback", json=answer).status_code == 201

    page = organiser.get("/admin/day").text
    assert "Atelier de la veille" not in page
    assert page.index("Premiers pas sur tablette") < page.index("Envoyer un e-mail")
    card = counts_of(page, tablet)
    assert "Présents</dt><dd" in card and "2 / 2 places" in card
    assert f'data-count="{tablet}-waiting">1<' in card
    assert f'data-count="{tablet}-questions">2<' in card
    assert f'data-count="{tablet}-help">1<' in card
    assert f'data-count="{tablet}-feedback">3<' in card
    assert "Salle Colette" in counts_of(page, mail)
    assert "0 / 12 places" in counts_of(page, mail)
    # Counts only: no name of anyone checked in.
    assert "Marie" not in page and "Ahmed" not in page


def test_the_day_page_shows_another_day_when_asked(app, organiser):
    gen_workshop(app, "Atelier de la veille", starts_at=at(TODAY - timedelta(days=1), 10))
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert "Atelier de la veille" in organiser.get(f"/admin/day?day={yesterday}").text
    assert "Pas d’atelier ce jour-là." in organiser.get("/admin/day").text


@pytest.mark.parametrize("day", ["demain", "1999-12-31", "2026-02-30"])
def test_a_day_that_is_no_day_gets_a_plain_answer(organiser, day):
    response = organiser.get(f"/admin/day?day={day}")
    assert response.status_code == 400
    assert "Choisissez un jour entre 2000 et 2099." in response.text


def test_the_day_page_is_the_organisers_only(app, client):
    code = gen_workshop(app, starts_at=at(TODAY, 10))
    response = client.get("/admin/day")
    assert response.status_code == 302 and "/admin/login" in response.location
    become_moderator(app, client, code)
    assert client.get("/admin/day").status_code == 302


def listen_to_the_day(app, http_client):
    return socketio.test_client(app, flask_test_client=http_client, auth={"role": "day"})


def test_the_day_channel_hears_that_a_room_changed_and_nothing_else(app, organiser):
    first = gen_workshop(app, starts_at=at(TODAY, 10))
    second = gen_workshop(app, starts_at=at(TODAY, 11))
    day: SocketIOTestClient = listen_to_the_day(app, organiser)
    assert day.is_connected()
    day.get_received()
    check_in(app.test_client(), first, "Marie")
    check_in(app.test_client(), second, "Ahmed")
    heard = [message for message in day.get_received() if message["name"] == "day"]
    assert len(heard) == 2
    assert all(message["args"] in ([], None) for message in heard)  # nothing to read there, not even a code


def test_the_day_channel_is_refused_to_anyone_but_the_organiser(app, client):
    code = gen_workshop(app, starts_at=at(TODAY, 10))
    assert not listen_to_the_day(app, client).is_connected()
    become_moderator(app, client, code)
    assert not listen_to_the_day(app, client).is_connected()


def test_the_entrance_lists_every_room_of_the_day_with_its_code(app, client):
    morning = gen_workshop(app, "Premiers pas sur tablette", starts_at=at(TODAY, 9, 30), place="Salle 1")
    closed = gen_workshop(app, "Atelier du matin", starts_at=at(TODAY, 8))
    gen_workshop(app, "Atelier du lendemain", starts_at=at(TODAY + timedelta(days=1), 10))
    with app.app_context():
        workshops.update(workshops.by_code(closed), {"phase": "closed"})
    check_in(app.test_client(), morning, "Marie")

    page = client.get("/today").text
    assert "Atelier du lendemain" not in page
    assert f'<a href="/{morning}">Premiers pas sur tablette</a>' in page
    assert morning in page and "Salle 1" in page
    # A closed room is still listed with its code, but leads nowhere.
    assert f'<a href="/{closed}">' not in page and "Cet atelier est terminé." in page
    assert "Marie" not in page
    assert 'src="/today/qr.svg"' in page
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert "Atelier du lendemain" in client.get(f"/today?day={tomorrow}").text


def test_the_entrance_qr_code_always_opens_todays_list(client):
    response = client.get("/today/qr.svg?day=2030-01-01")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    page = client.get("/today?day=2030-01-01").text
    # The address to type under it ends with the list's own path, kept whole on its line.
    assert '<wbr><span class="address-part">today</span></bdi></strong>' in page
