"""A retry is a retry: every write replays its first result, even when its twin wins a race."""

import pytest
import sqlalchemy as sa

from kiosk.data.models import Attendee, Feedback, HelpRequest, Question, Registration, Vote
from kiosk.extensions import db
from kiosk.rules import changes, workshops

from .helpers import ask, become_moderator, check_in, client_id, gen_workshop, meanwhile, same_phone


def twin_commits_while_waiting_for_the_lock(app, send):
    """Send a write; its twin (the same request, from the same browser) commits in a thread of its own
    (its own session and connection, as a second phone's) just before the first one numbers its change
    and takes the workshop's lock. Returns (first answer, twin's answer)."""
    # A session event: it comes before the statement reaches the connection, where the turn to write
    # is taken.
    with meanwhile(lambda state: state.statement is changes.NEXT_SEQ, send) as twin:
        first = send()
    return first, twin["answer"]


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def phone_in(app, code, name="Marie"):
    phone = app.test_client()
    phone.get(f"/w/{code}")
    assert check_in(phone, code, name).status_code == 201
    return phone


# Each write: (the browser that sends it, its address, its body, the table it adds a row to).
def question_write(app, code):
    body = {"text": "Comment envoyer une photo ?", "client_id": client_id(), "anonymous": True}
    return phone_in(app, code), f"/api/workshops/{code}/questions", body, Question


def vote_write(app, code):
    asked = ask(phone_in(app, code, "Paul"), code).json
    return phone_in(app, code), f"/api/questions/{asked['id']}/vote", {"client_id": client_id()}, Vote


def check_in_write(app, code):
    phone = app.test_client()
    phone.get(f"/w/{code}")
    body = {"name": "Marie", "client_id": client_id()}
    return phone, f"/api/workshops/{code}/attendees", body, Attendee


def feedback_write(app, code):
    with app.app_context():
        workshops.update(workshops.by_code(code), {"phase": "feedback"})
    body = {"client_id": client_id(), "rating": "good"}
    return phone_in(app, code), f"/api/workshops/{code}/feedback", body, Feedback


def registration_write(app, code):
    moderator = become_moderator(app, app.test_client(), code)
    body = {"name": "Odette", "client_id": client_id()}
    return moderator, f"/api/workshops/{code}/registrations", body, Registration


def help_write(app, code):
    return phone_in(app, code), f"/api/workshops/{code}/help", {"client_id": client_id()}, HelpRequest


@pytest.mark.parametrize(
    "write",
    [question_write, vote_write, check_in_write, feedback_write, registration_write, help_write],
    ids=["question", "vote", "check-in", "feedback", "registration", "help"],
)
def test_a_retry_racing_its_twin_gets_the_same_answer_and_counts_once(app, write):
    code = gen_workshop(app)
    browser, url, body, model = write(app, code)

    def send():
        return same_phone(app, browser).post(url, json=body)

    before = count(app, model)
    first, twin = twin_commits_while_waiting_for_the_lock(app, send)
    assert twin.status_code in (200, 201) and first.status_code == 200, (first.json, twin.json)
    assert first.json == twin.json
    assert count(app, model) == before + 1
    again = send()
    assert (again.status_code, again.json) == (200, twin.json)


def test_a_retry_whose_twin_is_taken_back_meanwhile_gets_an_answer(app):
    code = gen_workshop(app)
    browser, url, body, _model = vote_write(app, code)
    assert same_phone(app, browser).post(url, json=body).status_code == 200

    def looks_for_its_twin(state):
        # The retry is refused by the database; just as it looks for its twin, the "moi aussi" is taken
        # back from the same phone, in a request of its own.
        return state.is_select and state.statement.column_descriptions[0].get("entity") is Vote

    def take_back():
        return same_phone(app, browser).delete(url, json={})

    with meanwhile(looks_for_its_twin, take_back) as taken_back:
        retried = same_phone(app, browser).post(url, json=body)
    assert taken_back["answer"].status_code == 200
    assert retried.status_code == 200, retried.get_data(as_text=True)
    assert retried.json["votes"] == count(app, Vote) == 1


@pytest.mark.parametrize(
    "write",
    [question_write, vote_write, feedback_write, help_write],
    ids=["question", "vote", "feedback", "help"],
)
def test_a_client_id_replayed_by_another_person_is_refused_plainly(app, write):
    code = gen_workshop(app)
    browser, url, body, model = write(app, code)
    assert browser.post(url, json=body).status_code in (200, 201)
    refused = phone_in(app, code, "Léa").post(url, json=body)
    assert refused.status_code == 409, refused.json
    assert refused.json["error"] == "Cette demande a déjà servi. Rechargez la page."
    assert count(app, model) == 1
