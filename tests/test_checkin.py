"""Checking in: once per phone whatever the network does, never past capacity, bad input refused."""

import threading

import pytest

from kiosk.extensions import db
from kiosk.models import Attendee

from .helpers import check_in, client_id, gen_workshop


def attendees(app):
    with app.app_context():
        return db.session.query(Attendee).order_by(Attendee.id).all()


def test_check_in_with_a_first_name_only(app, client):
    code = gen_workshop(app)
    response = check_in(client, code, "Marie")
    assert response.status_code == 201
    assert response.json["name"] == "Marie"
    assert response.json["status"] == "present"
    assert client.get(f"/api/workshops/{code}").json["me"]["name"] == "Marie"
    assert client.get(f"/w/{code}").get_data(as_text=True).count("Bienvenue, Marie !") == 1


def test_replayed_check_in_returns_the_same_attendee(app, client):
    code = gen_workshop(app)
    cid = client_id()
    first = check_in(client, code, "Marie", cid)
    # The same request replayed from another browser (lost answer, retried elsewhere).
    replay = check_in(app.test_client(), code, "Marie", cid)
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json["id"] == first.json["id"]
    assert len(attendees(app)) == 1


def test_second_check_in_from_the_same_phone_does_not_create_a_second_attendee(app, client):
    code = gen_workshop(app)
    first = check_in(client, code, "Marie")
    second = check_in(client, code, "Marie-Jo")
    assert second.status_code == 200
    assert second.json["id"] == first.json["id"]
    assert [a.name for a in attendees(app)] == ["Marie"]


def test_double_tap_at_the_same_moment_counts_once(app):
    code = gen_workshop(app)
    cid = client_id()
    results = []

    def tap():
        results.append(check_in(app.test_client(), code, "Marie", cid).status_code)

    threads = [threading.Thread(target=tap) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] * 5 + [201]
    assert len(attendees(app)) == 1


def test_concurrent_check_ins_never_pass_capacity(app):
    code = gen_workshop(app, capacity=5)
    statuses = []

    def arrive(i):
        statuses.append(check_in(app.test_client(), code, f"Personne {i}").json["status"])

    threads = [threading.Thread(target=arrive, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == ["present"] * 5 + ["waiting"] * 7
    counts = app.test_client().get(f"/api/workshops/{code}").json["attendance"]
    assert counts == {"present": 5, "waiting": 7, "capacity": 5}


def test_past_capacity_people_are_told_they_wait(app):
    code = gen_workshop(app, capacity=1)
    check_in(app.test_client(), code, "Marie")
    late = app.test_client()
    assert check_in(late, code, "Paul").json["status"] == "waiting"
    assert "liste d’attente" in late.get(f"/w/{code}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Écrivez votre prénom"),
        ("   ", "Écrivez votre prénom"),
        ("x" * 500, "trop long"),
        ("Ma\x00rie", "caractères invisibles"),
        ("Ma\x1brie", "caractères invisibles"),
        ("\u202eeiram", "caractères invisibles"),
        (42, "doit être du texte"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_stored(app, client, name, message):
    code = gen_workshop(app)
    response = client.post(f"/api/workshops/{code}/attendees", json={"name": name, "client_id": client_id()})
    assert response.status_code == 400
    assert message in response.json["error"]
    assert attendees(app) == []


def test_markup_in_a_name_is_kept_as_text_and_shown_as_text(app, client):
    code = gen_workshop(app)
    check_in(client, code, "<script>alert(1)</script>")
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_check_in_without_javascript_uses_a_plain_form(app, client):
    code = gen_workshop(app)
    page = client.get(f"/w/{code}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    cid = page.split('name="client_id" value="')[1].split('"')[0]
    form = {"csrf_token": token, "client_id": cid, "name": "Jeanne"}
    response = client.post(f"/w/{code}/checkin", data=form)
    assert response.status_code == 302
    # The same form sent again (reload, double tap) does not add anyone.
    client.post(f"/w/{code}/checkin", data=form)
    assert [a.name for a in attendees(app)] == ["Jeanne"]
    assert "Bienvenue, Jeanne !" in client.get(f"/w/{code}").get_data(as_text=True)


def test_plain_form_error_is_shown_on_the_page(app, client):
    code = gen_workshop(app)
    page = client.get(f"/w/{code}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        f"/w/{code}/checkin", data={"csrf_token": token, "client_id": client_id(), "name": ""}
    )
    assert response.status_code == 400
    assert "Écrivez votre prénom ou surnom." in response.get_data(as_text=True)
    assert attendees(app) == []


def test_unknown_workshop_is_a_plain_404(client):
    response = client.post("/api/workshops/0000/attendees", json={"name": "Marie", "client_id": client_id()})
    assert response.status_code == 404
    assert "n’existe pas" in response.json["error"]
    assert client.get("/w/0000").status_code == 404


def test_short_address_leads_to_the_workshop(app, client):
    code = gen_workshop(app)
    response = client.get(f"/{code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/w/{code}")
