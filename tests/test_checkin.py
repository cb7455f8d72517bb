"""Checking in: once per phone whatever the network does, never past capacity, bad input refused."""

import threading

import pytest

from kiosk.data.models import Attendee
from kiosk.extensions import db

from .helpers import ask, become_moderator, check_in, client_id, gen_workshop, same_phone


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
    assert client.get(f"/w/{code}").get_data(as_text=True).count("Bienvenue, <bdi>Marie</bdi> !") == 1


def test_a_phone_whose_answer_was_lost_gets_the_same_attendee_when_it_retries(app, client):
    code = gen_workshop(app)
    client.get(f"/w/{code}")  # the page gives the phone its own id
    before = same_phone(app, client)  # its cookie before the answer that was lost on the way
    cid = client_id()
    first = check_in(client, code, "Marie", cid)
    retry = check_in(before, code, "Marie", cid)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json["id"] == first.json["id"]
    assert ask(before, code, "Ma question de Marie").status_code == 201
    assert len(attendees(app)) == 1


def test_a_check_in_replayed_from_another_browser_does_not_hand_the_person_over(app, client):
    code = gen_workshop(app)
    cid = client_id()
    assert check_in(client, code, "Marie", cid).status_code == 201
    stranger = app.test_client()
    taken = check_in(stranger, code, "Marie", cid)
    assert taken.status_code == 409
    assert "déjà servi" in taken.json["error"]
    assert stranger.get(f"/api/workshops/{code}").json["me"] is None
    assert ask(stranger, code, "Je me fais passer pour Marie").status_code == 403
    # A browser already checked in as someone else gets the same refusal.
    paul = app.test_client()
    check_in(paul, code, "Paul")
    assert check_in(paul, code, "Marie", cid).status_code == 409
    assert paul.get(f"/api/workshops/{code}").json["me"]["name"] == "Paul"


def test_second_check_in_from_the_same_phone_does_not_create_a_second_attendee(app, client):
    code = gen_workshop(app)
    first = check_in(client, code, "Marie")
    second = check_in(client, code, "Marie-Jo")
    assert second.status_code == 200
    assert second.json["id"] == first.json["id"]
    assert [a.name for a in attendees(app)] == ["Marie"]


def test_double_tap_at_the_same_moment_counts_once(app, client):
    code = gen_workshop(app)
    client.get(f"/w/{code}")
    cid = client_id()
    results = []

    def tap():
        results.append(check_in(same_phone(app, client), code, "Marie", cid).status_code)

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
        ("Ma\x00rie", "signe caché"),
        ("Ma\x1brie", "signe caché"),
        ("\u202eeiram", "signe caché"),
        (42, "Écrivez votre prénom ou surnom."),
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
    assert "Bienvenue, <bdi>Jeanne</bdi> !" in client.get(f"/w/{code}").get_data(as_text=True)


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


def test_a_removed_participant_never_acts_as_the_next_person_who_checks_in(app, client):
    code = gen_workshop(app, phase="feedback")
    removed = check_in(client, code, "Marie").json
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.delete(f"/api/attendees/{removed['id']}", json={}).status_code == 200
    assert client.get(f"/api/workshops/{code}").json["me"] is None
    # The next person must not inherit anything from the removed browser, whatever id they get.
    paul = app.test_client()
    paul_id = check_in(paul, code, "Paul").json["id"]
    assert paul_id != removed["id"]
    question = ask(paul, code, "La question de Paul").json
    assert ask(client, code, "Je parle au nom de Paul ?").status_code == 403
    assert (
        client.post(f"/api/questions/{question['id']}/vote", json={"client_id": client_id()}).status_code
        == 403
    )
    assert client.post(f"/api/workshops/{code}/help", json={"client_id": client_id()}).status_code == 403
    feedback = {"client_id": client_id(), "rating": "bad"}
    assert client.post(f"/api/workshops/{code}/feedback", json=feedback).status_code == 403
    assert client.get(f"/api/workshops/{code}").json["me"] is None
    # Checking in again makes them someone new.
    again = check_in(client, code, "Marie").json
    assert again["id"] not in (removed["id"], paul_id)


def test_ids_of_removed_people_are_never_given_again(app, client):
    code = gen_workshop(app)
    moderator = become_moderator(app, app.test_client(), code)
    last = check_in(client, code, "Marie").json["id"]
    moderator.delete(f"/api/attendees/{last}", json={})
    assert check_in(app.test_client(), code, "Paul").json["id"] > last


def test_merging_cuts_the_browser_of_the_merged_entry(app, client):
    code = gen_workshop(app)
    moderator = become_moderator(app, app.test_client(), code)
    kept = check_in(app.test_client(), code, "Marie Dupont").json
    twin = check_in(client, code, "Marie").json
    assert moderator.post(f"/api/attendees/{twin['id']}/merge", json={"into": kept["id"]}).status_code == 200
    assert client.get(f"/api/workshops/{code}").json["me"] is None
    assert ask(client, code, "Encore moi").status_code == 403


def test_a_removed_participants_live_channel_no_longer_gets_their_own_state(app, client):
    from kiosk.extensions import socketio

    code = gen_workshop(app)
    marie = check_in(client, code, "Marie").json
    ask(client, code, "Ma question")
    sock = socketio.test_client(app, flask_test_client=client, auth={"code": code, "role": "public"})
    (state,) = [m["args"][0] for m in sock.get_received() if m["name"] == "snapshot"]
    assert state["me"]["name"] == "Marie"
    moderator = become_moderator(app, app.test_client(), code)
    moderator.delete(f"/api/attendees/{marie['id']}", json={})
    sock.get_received()
    sock.emit("sync", {})
    (state,) = [m["args"][0] for m in sock.get_received() if m["name"] == "snapshot"]
    assert "me" not in state or state["me"] is None
    sock.disconnect()


def test_a_kiosk_check_in_needs_a_door_screen_the_moderator_opened(app, client):
    code = gen_workshop(app)
    body = {"name": "Rose", "client_id": client_id(), "kiosk": True}
    refused = client.post(f"/api/workshops/{code}/attendees", json=body)
    assert refused.status_code == 403
    assert "écran d’accueil" in refused.json["error"]
    door = become_moderator(app, app.test_client(), code)
    assert door.post(f"/api/workshops/{code}/attendees", json=body).status_code == 201


def test_the_door_says_in_words_when_more_people_are_in_than_places(app):
    code = gen_workshop(app, capacity=1)
    check_in(app.test_client(), code, "Marie")
    moderator = become_moderator(app, app.test_client(), code)
    waiting = check_in(app.test_client(), code, "Paul").json
    assert waiting["status"] == "waiting"
    door = app.test_client().get(f"/w/{code}/door").get_data(as_text=True)
    assert "Plus de monde que de places" in door.split("data-over-capacity")[1].split("</p>")[0]
    assert "data-over-capacity hidden" in door
    moderator.patch(f"/api/attendees/{waiting['id']}", json={"status": "present"})
    door = app.test_client().get(f"/w/{code}/door").get_data(as_text=True)
    assert "data-over-capacity hidden" not in door
    report = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    assert "a fait entrer 1 personne de plus que les places prévues" in report
