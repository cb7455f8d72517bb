"""Quick picture polls: started by the moderator, answered once per person (changeable), shown as counts."""

import sqlalchemy as sa

from kiosk.data.models import Attendee, PollAnswer
from kiosk.extensions import db, socketio
from kiosk.rules import attendance

from .helpers import become_moderator, check_in, client_id, gen_workshop


def start(moderator, code, **body):
    """Start a poll as the console does."""
    return moderator.post(f"/api/workshops/{code}/polls", json={"client_id": client_id(), **body})


def answer(client, poll_id, choice, **more):
    """Tap one answer, as a phone does."""
    return client.post(
        f"/api/polls/{poll_id}/answer", json={"choice": choice, "client_id": client_id(), **more}
    )


def test_one_answer_per_person_which_they_may_change(app):
    code = gen_workshop(app, phase="questions")
    moderator = become_moderator(app, app.test_client(), code)
    poll = start(moderator, code, preset="phone").json
    assert [o["pictogram"] for o in poll["options"]] == ["android", "iphone", "no_smartphone"]
    marie, paul = app.test_client(), app.test_client()
    check_in(marie, code, "Marie")
    check_in(paul, code, "Paul")
    assert answer(marie, poll["id"], 0).status_code == 201
    changed = answer(marie, poll["id"], 2)
    assert changed.status_code == 200
    assert changed.json["poll"]["counts"] == [0, 0, 1]
    answer(paul, poll["id"], 2)
    # Someone without a phone, at the door kiosk: each tap is another person.
    answer(moderator, poll["id"], 1, kiosk=True)
    seen = marie.get(f"/api/workshops/{code}/poll").json
    assert seen["poll"]["counts"] == [0, 1, 2] and seen["poll"]["total"] == 3
    assert seen["mine"] == 2


def test_a_retry_counts_once_and_a_client_id_is_not_someone_elses(app):
    code = gen_workshop(app, phase="questions")
    moderator = become_moderator(app, app.test_client(), code)
    cid = client_id()
    first = moderator.post(f"/api/workshops/{code}/polls", json={"client_id": cid, "options": ["Oui", "Non"]})
    again = moderator.post(f"/api/workshops/{code}/polls", json={"client_id": cid, "options": ["Oui", "Non"]})
    assert (first.status_code, again.status_code) == (201, 200) and first.json["id"] == again.json["id"]
    marie, paul = app.test_client(), app.test_client()
    check_in(marie, code, "Marie")
    check_in(paul, code, "Paul")
    body = {"choice": 1, "client_id": client_id()}
    assert marie.post(f"/api/polls/{first.json['id']}/answer", json=body).status_code == 201
    assert marie.post(f"/api/polls/{first.json['id']}/answer", json=body).status_code == 200
    assert paul.post(f"/api/polls/{first.json['id']}/answer", json=body).status_code == 409
    assert marie.get(f"/api/workshops/{code}/poll").json["poll"]["counts"] == [0, 1]


def test_typed_polls_have_two_to_four_answers_in_plain_words(app):
    code = gen_workshop(app, phase="questions")
    moderator = become_moderator(app, app.test_client(), code)
    assert "deux à quatre" in start(moderator, code, options=["Seule"]).json["error"]
    assert "deux à quatre" in start(moderator, code, options=["A", "B", "C", "D", "E"]).json["error"]
    assert "deux à quatre" in start(moderator, code, options=["A", "  ", ""]).json["error"]
    assert "trop longue" in start(moderator, code, options=["A", "B" * 41]).json["error"]
    assert start(moderator, code, preset="quiz").status_code == 400
    made = start(moderator, code, question="  Café   ou thé ? ", options=["<b>Café</b>", "Thé"])
    assert made.status_code == 201
    # Cleaned like every text, kept as typed: the screens insert it as text, never as markup.
    assert made.json["question"] == "Café ou thé ?"
    assert made.json["options"][0] == {"pictogram": None, "label": "<b>Café</b>"}


def test_only_the_moderator_starts_and_stops_and_answers_stop_with_the_poll(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    assert start(client, code, preset="yes_no").status_code == 403
    moderator = become_moderator(app, app.test_client(), code)
    poll = start(moderator, code, preset="yes_no").json
    assert answer(client, poll["id"], 3).status_code == 409
    assert answer(client, poll["id"], 0, kiosk=True).status_code == 403
    assert client.patch(f"/api/polls/{poll['id']}", json={"status": "closed"}).status_code == 403
    assert moderator.patch(f"/api/polls/{poll['id']}", json={"status": "closed"}).json["status"] == "closed"
    late = answer(client, poll["id"], 0)
    assert late.status_code == 409 and "terminé" in late.json["error"]
    # The result stays on the screens until the moderator puts it away, or starts the next poll.
    assert client.get(f"/api/workshops/{code}/poll").json["poll"]["status"] == "closed"
    following = start(moderator, code, preset="device").json
    assert client.get(f"/api/workshops/{code}/poll").json["poll"]["id"] == following["id"]
    assert moderator.patch(f"/api/polls/{poll['id']}", json={"status": "open"}).status_code == 409
    moderator.patch(f"/api/polls/{following['id']}", json={"status": "done"})
    assert client.get(f"/api/workshops/{code}/poll").json == {"poll": None, "mine": None}


def test_every_screen_hears_the_counts_and_never_who_answered(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Germaine")
    board_screen = socketio.test_client(app, auth={"code": code, "role": "public"})
    assert board_screen.get_received()[0]["args"][0]["poll"] is None
    moderator = become_moderator(app, app.test_client(), code)
    poll = start(moderator, code, preset="phone").json
    answer(client, poll["id"], 1)
    heard = board_screen.get_received()
    polls_heard = [e["data"]["poll"] for m in heard for e in m["args"][0]["events"] if e["kind"] == "poll"]
    assert polls_heard[-1]["counts"] == [0, 1, 0]
    assert "Germaine" not in str(heard)


def test_an_answer_stays_counted_when_its_person_is_erased(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Marie")
    moderator = become_moderator(app, app.test_client(), code)
    poll = start(moderator, code, preset="phone").json
    answer(client, poll["id"], 0)
    with app.app_context():
        attendance.remove(db.session.scalar(sa.select(Attendee)))
        (kept,) = db.session.scalars(sa.select(PollAnswer)).all()
        assert kept.attendee_id is None and kept.choice == 0


def test_no_poll_in_a_closed_workshop(app):
    code = gen_workshop(app, phase="closed")
    moderator = become_moderator(app, app.test_client(), code)
    assert start(moderator, code, preset="phone").status_code == 409


def test_the_results_stay_in_the_workshops_report(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    moderator = become_moderator(app, app.test_client(), code)
    first = start(moderator, code, preset="device").json
    answer(client, first["id"], 1)
    start(moderator, code, question="Café ou thé ?", options=["Café", "Thé"])
    page = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    assert "Sondages rapides" in page
    assert "Sur quel appareil voulez-vous apprendre" in page and "Tablette" in page
    assert "Café ou thé ?" in page
