"""The quiet pulse: one tap says "je ne comprends plus" or "plus lentement"; the moderator sees counts
over the last five minutes, never names, and the signs fade by themselves."""

from datetime import timedelta

import sqlalchemy as sa

from kiosk.data.database import now
from kiosk.data.models import Attendee, Pulse
from kiosk.extensions import db, socketio
from kiosk.rules import pulse, workshops

from .helpers import become_moderator, check_in, client_id, gen_workshop


def sign(client, code, kind="lost", **more):
    """Give a sign through the API, as the phone's button does."""
    return client.post(f"/api/workshops/{code}/pulse", json={"kind": kind, "client_id": client_id(), **more})


def test_counts_people_over_the_last_five_minutes_and_a_person_counts_once(app):
    code = gen_workshop(app, phase="questions")
    phones = [app.test_client() for _ in range(3)]
    for n, phone in enumerate(phones):
        check_in(phone, code, f"Personne {n}")
    assert sign(phones[0], code).status_code == 201
    # Tapped again (impatient, or the network retried with a new id): still one person.
    assert sign(phones[0], code).status_code == 200
    assert sign(phones[1], code).status_code == 201
    assert sign(phones[2], code, "slower").status_code == 201
    with app.app_context():
        workshop = workshops.by_code(code)
        assert pulse.counts(workshop) == {"lost": 2, "slower": 1}
        # Four minutes later they are still there; six minutes later they have faded.
        assert pulse.counts(workshop, now() + timedelta(minutes=4)) == {"lost": 2, "slower": 1}
        assert pulse.counts(workshop, now() + timedelta(minutes=6)) == {"lost": 0, "slower": 0}
        seconds = pulse.signs(workshop)["lost"]
        assert all(290 <= s <= 300 for s in seconds)


def test_a_faded_sign_can_be_given_again_and_faded_ones_are_deleted(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    first = sign(client, code)
    with app.app_context():
        db.session.execute(sa.update(Pulse).values(created_at=now() - timedelta(minutes=6)))
        db.session.commit()
    again = sign(client, code)
    assert again.status_code == 201 and again.json["id"] != first.json["id"]
    with app.app_context():
        # Who once felt lost is nobody's business once the moderator no longer needs it.
        assert db.session.scalars(sa.select(Pulse.id)).all() == [again.json["id"]]
        assert pulse.counts(workshops.by_code(code)) == {"lost": 1, "slower": 0}


def test_the_same_client_id_replays_and_cannot_be_taken_by_someone_else(app):
    code = gen_workshop(app, phase="questions")
    marie, paul = app.test_client(), app.test_client()
    check_in(marie, code, "Marie")
    check_in(paul, code, "Paul")
    cid = client_id()
    body = {"kind": "slower", "client_id": cid}
    first = marie.post(f"/api/workshops/{code}/pulse", json=body)
    assert marie.post(f"/api/workshops/{code}/pulse", json=body).json["id"] == first.json["id"]
    assert paul.post(f"/api/workshops/{code}/pulse", json=body).status_code == 409


def test_the_moderator_hears_counts_never_names_and_the_board_hears_nothing(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Germaine")
    board_screen = socketio.test_client(app, auth={"code": code, "role": "screen"})
    moderator = become_moderator(app, app.test_client(), code)
    console = socketio.test_client(app, flask_test_client=moderator, auth={"code": code, "role": "moderator"})
    # The attendance counts of the check-in may come before or after the snapshot: they are sent aside.
    (snapshot,) = [m["args"][0] for m in console.get_received() if m["name"] == "snapshot"]
    assert snapshot["pulse"] == {"lost": [], "slower": []}
    board_screen.get_received()
    sign(client, code, "slower")
    heard = console.get_received()
    (event,) = [e for m in heard for e in m["args"][0]["events"] if e["kind"] == "pulse"]
    assert len(event["data"]["slower"]) == 1 and event["data"]["lost"] == []
    assert "Germaine" not in str(heard)
    public = board_screen.get_received()
    assert public and all(m["args"][0]["events"] == [] for m in public)


def test_who_may_give_a_sign(app, client):
    code = gen_workshop(app, phase="questions", capacity=1)
    # Not checked in.
    assert sign(client, code).status_code == 403
    check_in(client, code, "Marie")
    waiting = app.test_client()
    check_in(waiting, code, "Paul")
    assert sign(waiting, code).status_code == 409
    # A phone cannot pose as the door kiosk to tap again and again.
    assert sign(client, code, kiosk=True).status_code == 403
    assert sign(client, code, "bored").status_code == 400
    assert "deux signes" in sign(client, code, "bored").json["error"]
    moderator = become_moderator(app, app.test_client(), code)
    door = [sign(moderator, code, kiosk=True) for _ in range(2)]
    assert [r.status_code for r in door] == [201, 201]
    with app.app_context():
        # At the door, each tap is someone else's.
        assert pulse.counts(workshops.by_code(code)) == {"lost": 2, "slower": 0}
    moderator.patch(f"/api/workshops/{code}", json={"phase": "closed"})
    assert sign(client, code).status_code == 409


def test_signs_go_with_the_person(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Marie")
    sign(client, code)
    with app.app_context():
        from kiosk.rules import attendance

        attendance.remove(db.session.scalar(sa.select(Attendee)))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Pulse)) == 0
