"""The question board's rules, as plain functions, and its API as phones and the moderator use it."""

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from kiosk import choices
from kiosk.data.models import Attendee, Feedback, HelpRequest, PollAnswer, Pulse, Question, Vote
from kiosk.extensions import db
from kiosk.rules import attendance, board, help_requests, polls, pulse, satisfaction, workshops
from kiosk.rules.refusals import Refused

from .helpers import ask, become_moderator, check_in, client_id, gen_workshop


@pytest.fixture
def room(app):
    """A workshop with two attendees, inside an app context, for the rules."""
    with app.app_context():
        workshop = workshops.create("Café numérique")
        marie, _ = attendance.check_in(workshop, "Marie", client_id())
        paul, _ = attendance.check_in(workshop, "Paul", client_id())
        yield workshop, marie, paul


def test_ask_then_replay_keeps_one_question(room):
    workshop, marie, _paul = room
    cid = client_id()
    first, created = board.ask(workshop, "Comment faire une capture d’écran ?", cid, attendee=marie)
    again, created_again = board.ask(workshop, "Comment faire une capture d’écran ?", cid, attendee=marie)
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert db.session.query(Question).count() == 1


def test_board_order_is_current_then_votes_then_age(room):
    workshop, marie, paul = room
    old, _ = board.ask(workshop, "Première question", client_id(), attendee=marie)
    popular, _ = board.ask(workshop, "Question populaire", client_id(), attendee=marie)
    current, _ = board.ask(workshop, "Celle dont on parle", client_id(), attendee=marie)
    done, _ = board.ask(workshop, "Déjà vue", client_id(), attendee=marie)
    board.vote(popular, paul, client_id())
    board.update(current, status="current")
    board.update(done, status="resolved")
    assert [q["text"] for q in board.listing(workshop)] == [
        "Celle dont on parle",
        "Question populaire",
        "Première question",
        "Déjà vue",
    ]
    assert old.status == "open"


# How the room reads the board: what waits for approval (the moderator's only), the current question,
# open ones, then those set aside.
READING_ORDER = ["pending", "current", "open", "later", "resolved", "hidden"]
START = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
# Status, "moi aussi" count, and when it was asked (half-second steps: some asked at the same instant).
QUESTIONS = st.lists(
    st.tuples(st.sampled_from(choices.QUESTION_STATUSES), st.integers(0, 3), st.integers(0, 6)), max_size=8
)


@given(questions=QUESTIONS)
def test_every_screen_orders_the_board_by_status_then_votes_then_age(app, questions):
    with app.app_context():
        workshop = workshops.create("Café numérique")
        people = [Attendee(workshop=workshop, name=f"P{n}", client_id=client_id()) for n in range(3)]
        db.session.add_all(people)
        db.session.flush()
        for n, (status, votes, half_seconds) in enumerate(questions):
            asked = START + timedelta(milliseconds=500 * half_seconds)
            question = Question(
                workshop=workshop, text=f"Q{n}", client_id=client_id(), status=status, created_at=asked
            )
            question.votes = [Vote(attendee_id=p.id, client_id=client_id()) for p in people[:votes]]
            db.session.add(question)
        db.session.commit()
        moderator, public = board.listing(workshop, moderator=True), board.listing(workshop)
    assert len(moderator) == len(questions)
    # Each next question comes later in the reading order, or has fewer "moi aussi", or was asked later.
    for first, then in itertools.pairwise(moderator):
        by_status = READING_ORDER.index(first["status"]) - READING_ORDER.index(then["status"])
        by_votes = then["votes"] - first["votes"]
        by_age = datetime.fromisoformat(first["created_at"]) - datetime.fromisoformat(then["created_at"])
        assert (by_status, by_votes, by_age, first["id"]) < (0, 0, timedelta(0), then["id"])
    # Phones and the projector show the same order, less what only the moderator may see.
    shown = [q["id"] for q in moderator if q["status"] not in choices.PRIVATE_STATUSES]
    assert [q["id"] for q in public] == shown


def test_only_one_question_is_current(room):
    workshop, marie, _paul = room
    first, _ = board.ask(workshop, "Première", client_id(), attendee=marie)
    second, _ = board.ask(workshop, "Deuxième", client_id(), attendee=marie)
    board.update(first, status="current")
    board.update(second, status="current")
    assert {q["text"]: q["status"] for q in board.listing(workshop)} == {
        "Première": "open",
        "Deuxième": "current",
    }


def test_voting_twice_keeps_one_vote_and_can_be_taken_back(room):
    workshop, marie, paul = room
    question, _ = board.ask(workshop, "Comment trier mes photos ?", client_id(), attendee=marie)
    assert board.vote(question, paul, client_id()) == (1, True)
    assert board.vote(question, paul, client_id()) == (1, False)
    assert board.unvote(question, paul) == 0
    assert board.unvote(question, paul) == 0


def test_hidden_questions_leave_the_public_board_but_not_the_moderators(room):
    workshop, marie, _paul = room
    question, _ = board.ask(workshop, "Question hors sujet", client_id(), attendee=marie)
    board.update(question, status="hidden")
    assert board.listing(workshop) == []
    assert [q["status"] for q in board.listing(workshop, moderator=True)] == ["hidden"]
    board.update(question, status="open")
    assert [q["text"] for q in board.listing(workshop)] == ["Question hors sujet"]


def test_names_show_only_for_questions_posted_under_a_nickname(room):
    workshop, marie, _paul = room
    board.ask(workshop, "Anonyme", client_id(), attendee=marie, anonymous=True)
    board.ask(workshop, "Signée", client_id(), attendee=marie, anonymous=False)
    authors = {q["text"]: q["author"] for q in board.listing(workshop)}
    assert authors == {"Anonyme": None, "Signée": "Marie"}
    assert "asked_by" not in board.listing(workshop)[0]


def test_a_phone_posts_and_everyone_sees_it(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    response = ask(client, code, "  Comment   envoyer une photo ?  ")
    assert response.status_code == 201
    assert response.json["text"] == "Comment envoyer une photo ?"
    assert response.json["author"] is None
    listed = app.test_client().get(f"/api/workshops/{code}/questions").json["questions"]
    assert [q["text"] for q in listed] == ["Comment envoyer une photo ?"]


def test_replayed_question_returns_the_same_one_with_200(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    cid = client_id()
    first, replay = ask(client, code, cid=cid), ask(client, code, cid=cid)
    assert (first.status_code, replay.status_code) == (201, 200)
    assert first.json["id"] == replay.json["id"]


def test_a_client_id_cannot_replay_into_another_workshop(app, client):
    one, two = gen_workshop(app), gen_workshop(app, title="Autre")
    check_in(client, one)
    check_in(client, two)
    cid = client_id()
    assert ask(client, one, cid=cid).status_code == 201
    assert ask(client, two, cid=cid).status_code == 409


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ok", "trop court"),
        ("x" * 281, "trop long"),
        ("", "Écrivez votre question"),
        ("a\x07bc", "signe caché"),
    ],
)
def test_bad_questions_are_refused_and_nothing_is_stored(app, client, text, message):
    code = gen_workshop(app)
    check_in(client, code)
    response = ask(client, code, text)
    assert response.status_code == 400
    assert message in response.json["error"]
    assert client.get(f"/api/workshops/{code}/questions").json["questions"] == []


def test_someone_not_checked_in_cannot_post(app, client):
    code = gen_workshop(app)
    response = ask(client, code)
    assert response.status_code == 403
    assert "Inscrivez-vous" in response.json["error"]


def test_me_too_from_a_phone(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    question = ask(client, code).json
    other = app.test_client()
    check_in(other, code, "Paul")
    assert (
        other.post(f"/api/questions/{question['id']}/vote", json={"client_id": client_id()}).json["votes"]
        == 1
    )
    assert (
        other.post(f"/api/questions/{question['id']}/vote", json={"client_id": client_id()}).json["votes"]
        == 1
    )
    assert other.delete(f"/api/questions/{question['id']}/vote", json={}).json["votes"] == 0


def test_no_me_too_on_ones_own_question(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    question = ask(client, code).json
    response = client.post(f"/api/questions/{question['id']}/vote", json={"client_id": client_id()})
    assert response.status_code == 409
    assert "votre question" in response.json["error"]


def test_moderator_marks_a_question_current_and_fixes_a_typo(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    question = ask(client, code, "Coment faire ?").json
    moderator = become_moderator(app, app.test_client(), code)
    response = moderator.patch(
        f"/api/questions/{question['id']}", json={"status": "current", "text": "Comment faire ?"}
    )
    assert response.status_code == 200
    listed = client.get(f"/api/workshops/{code}/questions").json["questions"]
    assert [(q["text"], q["status"]) for q in listed] == [("Comment faire ?", "current")]


def test_moderator_adds_a_question_heard_out_loud(app):
    code = gen_workshop(app)
    moderator = become_moderator(app, app.test_client(), code)
    assert ask(moderator, code, "Question posée à voix haute").status_code == 201


@pytest.mark.parametrize("who", ["attendee", "stranger"])
def test_only_the_moderator_changes_a_question(app, client, who):
    code = gen_workshop(app)
    check_in(client, code)
    question = ask(client, code).json
    actor = client if who == "attendee" else app.test_client()
    response = actor.patch(f"/api/questions/{question['id']}", json={"status": "hidden"})
    assert response.status_code == 403
    assert client.get(f"/api/workshops/{code}/questions").json["questions"][0]["status"] == "open"


def test_closed_workshop_takes_no_more_questions(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/workshops/{code}", json={"phase": "closed"})
    response = ask(client, code)
    assert response.status_code == 409
    assert "terminé" in response.json["error"]


def test_pre_moderated_questions_wait_for_approval(app, client):
    code = gen_workshop(app)
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/workshops/{code}", json={"premoderation": True})
    check_in(client, code)
    posted = ask(client, code, "Question à valider")
    assert posted.json["status"] == "pending"  # the asker is told it waits
    assert client.get(f"/api/workshops/{code}/questions").json["questions"] == []
    vote = client.post(f"/api/questions/{posted.json['id']}/vote", json={"client_id": client_id()})
    assert vote.status_code == 404
    moderator_list = moderator.get(f"/api/workshops/{code}/questions").json["questions"]
    assert [q["status"] for q in moderator_list] == ["pending"]
    moderator.patch(f"/api/questions/{posted.json['id']}", json={"status": "open"})
    assert [q["text"] for q in client.get(f"/api/workshops/{code}/questions").json["questions"]] == [
        "Question à valider"
    ]
    heard = ask(moderator, code, "Posée à voix haute")
    assert heard.json["status"] == "open"


def test_merging_a_duplicate_adds_its_votes_and_its_asker(room):
    workshop, marie, paul = room
    with_votes = attendance.check_in(workshop, "Lou", client_id())[0]
    original, _ = board.ask(workshop, "Comment sauvegarder mes photos ?", client_id(), attendee=marie)
    duplicate, _ = board.ask(workshop, "Sauvegarder les photos ?", client_id(), attendee=paul)
    board.vote(duplicate, with_votes, client_id())
    board.vote(duplicate, marie, client_id())  # Marie backs both: she counts once, and never on her own
    board.merge(duplicate, original)
    listed = board.listing(workshop)
    assert [(q["text"], q["votes"]) for q in listed] == [("Comment sauvegarder mes photos ?", 2)]
    hidden = board.listing(workshop, moderator=True)[-1]
    assert (hidden["status"], hidden["merged_into"]) == ("hidden", original.id)


def test_every_status_can_be_undone(room):
    workshop, marie, _paul = room
    question, _ = board.ask(workshop, "Une question", client_id(), attendee=marie)
    for status in ("current", "resolved", "open", "later", "open", "hidden", "open"):
        board.update(question, status=status)
        assert board.listing(workshop, moderator=True)[0]["status"] == status


def test_merge_is_moderator_only_and_within_the_workshop(app, client):
    code, other = gen_workshop(app), gen_workshop(app, title="Autre")
    check_in(client, code)
    one, two = ask(client, code, "Première").json, ask(client, code, "Deuxième").json
    assert client.post(f"/api/questions/{two['id']}/merge", json={"into": one["id"]}).status_code == 403
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.post(f"/api/questions/{two['id']}/merge", json={"into": two["id"]}).status_code == 400
    stranger = app.test_client()
    check_in(stranger, other)
    foreign = ask(stranger, other, "Ailleurs").json
    assert (
        moderator.post(f"/api/questions/{two['id']}/merge", json={"into": foreign["id"]}).status_code == 400
    )
    assert moderator.post(f"/api/questions/{two['id']}/merge", json={"into": one["id"]}).status_code == 200


def test_help_request_reaches_the_moderator_only(app, client):
    from kiosk.extensions import socketio

    code = gen_workshop(app)
    check_in(client, code, "Germaine")
    board_screen = socketio.test_client(app, auth={"code": code, "role": "public"})
    moderator = become_moderator(app, app.test_client(), code)
    console = socketio.test_client(app, flask_test_client=moderator, auth={"code": code, "role": "moderator"})
    board_screen.get_received()
    console.get_received()
    first = client.post(f"/api/workshops/{code}/help", json={"client_id": client_id()})
    again = client.post(f"/api/workshops/{code}/help", json={"client_id": client_id()})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"]
    assert "Germaine" not in str(board_screen.get_received())
    assert "Germaine" in str(console.get_received())
    assert client.get(f"/api/workshops/{code}/questions").json["questions"] == []
    handled = f"/api/help/{first.json['id']}"
    assert client.patch(handled, json={"handled": True}).status_code == 403
    assert moderator.patch(handled, json={"handled": True}).json["waiting"] is False
    assert client.post(f"/api/workshops/{code}/help", json={"client_id": client_id()}).status_code == 201


def test_handout_lists_the_days_questions_but_not_hidden_ones(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    seen, secret = ask(client, code, "Vue ensemble").json, ask(client, code, "<b>Cachée</b>").json
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/questions/{seen['id']}", json={"status": "resolved"})
    moderator.patch(f"/api/questions/{secret['id']}", json={"status": "hidden"})
    page = app.test_client().get(f"/w/{code}/handout").get_data(as_text=True)
    assert "Les questions vues ensemble" in page and "Vue ensemble" in page
    assert "Cachée" not in page
    assert app.test_client().get(f"/w/{code}/handout-qr.svg").mimetype == "image/svg+xml"


def test_the_rules_refuse_a_vote_on_ones_own_or_a_hidden_question(room):
    workshop, marie, paul = room
    mine, _ = board.ask(workshop, "Ma question", client_id(), attendee=marie)
    with pytest.raises(Refused) as own:
        board.vote(mine, marie, client_id())
    assert own.value.reason == "own_question"
    board.update(mine, status="hidden")
    with pytest.raises(Refused) as hidden:
        board.vote(mine, paul, client_id())
    assert hidden.value.reason == "question_not_on_board"
    assert board.vote_count(mine) == 0


def test_the_rules_keep_a_merge_within_one_workshop(room):
    workshop, marie, _paul = room
    other = workshops.create("Autre atelier")
    lou, _ = attendance.check_in(other, "Lou", client_id())
    here, _ = board.ask(workshop, "Ici", client_id(), attendee=marie)
    there, _ = board.ask(other, "Là-bas", client_id(), attendee=lou)
    for duplicate, into in ((here, there), (here, here)):
        with pytest.raises(Refused):
            board.merge(duplicate, into)
    assert here.status == "open" and here.merged_into_id is None
    with pytest.raises(Refused):
        attendance.merge(lou, marie)


def test_a_closed_workshop_takes_no_question_or_check_in_whoever_calls(room):
    workshop, marie, _paul = room
    workshops.update(workshop, {"phase": "closed"})
    for write in (
        lambda: board.ask(workshop, "Trop tard", client_id(), attendee=marie),
        lambda: board.ask(workshop, "Trop tard aussi", client_id()),
        lambda: attendance.check_in(workshop, "Retardataire", client_id()),
    ):
        with pytest.raises(Refused) as refused:
            write()
        assert refused.value.reason == "workshop_closed"


def test_people_on_the_waiting_list_watch_but_cannot_write_until_let_in(app, client):
    code = gen_workshop(app, capacity=1, phase="feedback")
    marie = app.test_client()
    check_in(marie, code, "Marie")
    question = ask(marie, code).json
    waiting = check_in(client, code, "Paul").json
    assert waiting["status"] == "waiting"
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert "Vous pourrez écrire quand on vous fera entrer" in page
    assert "data-ask data-needs-place hidden" in page
    assert client.get(f"/api/workshops/{code}/questions").json["questions"]  # the board stays visible
    refusals = [
        ask(client, code, "Puis-je poser une question ?"),
        client.post(f"/api/questions/{question['id']}/vote", json={"client_id": client_id()}),
        client.post(f"/api/workshops/{code}/help", json={"client_id": client_id()}),
        client.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": "good"}),
    ]
    assert [r.status_code for r in refusals] == [409] * 4
    assert "liste d’attente" in refusals[0].json["error"]
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/attendees/{waiting['id']}", json={"status": "present"})
    assert ask(client, code, "Maintenant je peux ?").status_code == 201
    assert "data-ask data-needs-place hidden" not in client.get(f"/w/{code}").get_data(as_text=True)


# Every write a person makes, as the rules take it: each may arrive just after the moderator removed them.
PERSONS_WRITES = {
    "moi aussi": lambda workshop, person, question: board.vote(question, person, client_id()),
    "question": lambda workshop, person, question: board.ask(workshop, "Et le Wi-Fi ?", client_id(), person),
    "help": lambda workshop, person, question: help_requests.ask_for_help(workshop, person, client_id()),
    "pulse": lambda workshop, person, question: pulse.give(workshop, person, "lost", client_id()),
    "feedback": lambda workshop, person, question: satisfaction.give(
        workshops.update(workshop, {"phase": "feedback"}), person, client_id(), {"rating": "good"}
    ),
    "poll": lambda workshop, person, question: polls.answer(
        polls.start(workshop, client_id(), preset="yes_no")[0], person, 0, client_id()
    ),
}


@pytest.mark.parametrize("write", PERSONS_WRITES)
def test_a_write_that_arrives_just_after_its_person_was_removed_is_refused_not_broken(app, client, write):
    """The request read its person, then the moderator removed them before the write was made."""
    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Marie")
    question_id = ask(client, code, "Comment envoyer une photo ?").json["id"]
    check_in(app.test_client(), code, "Paul")
    with app.app_context():
        paul = db.session.scalar(sa.select(Attendee).where(Attendee.name == "Paul"))
        question = db.session.get(Question, question_id)
        workshop = question.workshop
        # The moderator's removal, committed on another connection while this request holds Paul.
        with db.engine.begin() as other:
            other.execute(sa.delete(Attendee).where(Attendee.id == paul.id))
        with pytest.raises(Refused) as refused:
            PERSONS_WRITES[write](workshop, paul, question)
        assert refused.value.reason == "not_checked_in"
        # Nothing kept for nobody.
        for model, kept in (
            (Vote, 0),
            (Question, 1),
            (HelpRequest, 0),
            (Pulse, 0),
            (PollAnswer, 0),
            (Feedback, 0),
        ):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == kept


def test_me_too_votes_racing_their_voters_removal_on_a_real_server_never_break(live_server):
    """Each round, a phone presses "moi aussi" while the room PC removes that same person, at once."""
    import threading

    import requests

    url = live_server.url
    code = json.loads(live_server.run("workshop", "create", "--title", "Atelier", "--json"))["code"]
    room_pc = requests.Session()  # trusted as moderator: it is the PC the server runs on
    assert room_pc.patch(f"{url}/api/workshops/{code}", json={"phase": "questions"}).status_code == 200
    asked = room_pc.post(
        f"{url}/api/workshops/{code}/questions",
        json={"text": "Comment envoyer une photo ?", "client_id": client_id()},
    )
    question_id = asked.json()["id"]
    answers = []
    for round_ in range(20):
        phone = requests.Session()
        person = phone.post(
            f"{url}/api/workshops/{code}/attendees", json={"name": f"P{round_}", "client_id": client_id()}
        ).json()
        start = threading.Barrier(2)

        def vote(phone=phone, start=start):
            start.wait()
            answers.append(
                phone.post(f"{url}/api/questions/{question_id}/vote", json={"client_id": client_id()})
            )

        def remove(person=person, start=start):
            start.wait()
            assert room_pc.delete(f"{url}/api/attendees/{person['id']}", json={}).status_code == 200

        threads = [threading.Thread(target=vote), threading.Thread(target=remove)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    # Counted in time, or refused in plain words that send the phone back to the check-in form.
    assert {a.status_code for a in answers} <= {200, 403}
    for refused in (a for a in answers if a.status_code == 403):
        assert refused.json()["error"] == "Inscrivez-vous d’abord avec votre prénom."
    # Everyone was removed in the end, and their "moi aussi" with them.
    listed = requests.get(f"{url}/api/workshops/{code}/questions").json()["questions"]
    assert [q["votes"] for q in listed] == [0]
