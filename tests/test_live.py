"""The live channel: every committed change reaches the workshop's room, numbered, and screens catch up."""

import pytest
import sqlalchemy as sa

from kiosk.data.models import Attendee, Question
from kiosk.extensions import db, socketio
from kiosk.rules import attendance, board, workshops
from kiosk.rules.refusals import Refused

from .helpers import ask, become_moderator, become_organiser, check_in, client_id, csrf_token, gen_workshop


def connect(app, http_client, code, role="public", since=None):
    """A screen's live connection, with the cookies of its browser."""
    return socketio.test_client(
        app, flask_test_client=http_client, auth={"code": code, "role": role, "since": since}
    )


def received(sock, name):
    return [message["args"][0] for message in sock.get_received() if message["name"] == name]


def test_a_new_screen_gets_a_snapshot(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    ask(client, code, "Comment faire une capture ?")
    screen = connect(app, app.test_client(), code)
    assert screen.is_connected()
    (state,) = received(screen, "snapshot")
    assert state["seq"] == 2
    assert [q["text"] for q in state["questions"]] == ["Comment faire une capture ?"]
    assert state["attendance"] == {"present": 1, "waiting": 0, "capacity": 12}


def test_every_change_reaches_every_shared_screen_once_numbered(app, client):
    code = gen_workshop(app)
    board_screen = connect(app, app.test_client(), code, role="screen")
    phone = connect(app, client, code)
    for sock in (board_screen, phone):
        sock.get_received()
    check_in(client, code, "Marie")
    question = ask(client, code, "Où sont mes photos ?").json
    changes = received(board_screen, "change")
    assert [(c["seq"], c["prev"]) for c in changes] == [(1, 0), (2, 1)]
    # The check-in itself says nothing to a shared screen: its counts come apart, coalesced.
    assert changes[0]["events"] == []
    assert changes[1]["events"][0]["data"]["id"] == question["id"]
    # The phone hears the question only, and knows from `prev` that it missed nothing meant for it.
    (heard,) = received(phone, "change")
    assert (heard["seq"], heard["prev"]) == (2, 0)
    assert heard["events"][0]["data"]["id"] == question["id"]


def test_public_screens_never_get_names_or_feedback(app, client):
    code = gen_workshop(app)
    screen = connect(app, app.test_client(), code, role="screen")
    moderator = become_moderator(app, app.test_client(), code)
    console = connect(app, moderator, code, role="moderator")
    screen.get_received()
    console.get_received()
    check_in(client, code, "Marie")
    moderator.patch(f"/api/workshops/{code}", json={"phase": "feedback"})
    client.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": "good"})
    public = received(screen, "change")
    assert "Marie" not in str(public)
    assert [c["seq"] for c in public] == [1, 2, 3]
    # Feedback stays with the moderator: public screens only learn how many answered.
    assert public[2]["events"] == [{"kind": "feedback", "data": {"shown": False, "count": 1}}]
    private = received(console, "change")
    assert "Marie" in str(private)
    assert private[2]["events"][0]["data"]["rating"]["good"] == 1


def test_a_screen_that_reconnects_up_to_date_gets_no_snapshot(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    screen = connect(app, app.test_client(), code, since=1)
    assert received(screen, "snapshot") == []


def test_a_screen_that_missed_changes_catches_up_on_reconnect(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    screen = connect(app, app.test_client(), code)
    seen = received(screen, "snapshot")[0]["seq"]
    screen.disconnect()
    ask(client, code, "Posée pendant la coupure")
    again = connect(app, app.test_client(), code, since=seen)
    # The changes it missed, not the whole board again.
    ((name, missed),) = [(m["name"], m["args"][0]) for m in again.get_received()]
    assert name == "catchup"
    assert [c["seq"] for c in missed["changes"]] == [seen + 1]
    assert [e["data"]["text"] for e in missed["changes"][0]["events"]] == ["Posée pendant la coupure"]


def test_sync_after_a_gap_sends_the_whole_state(app, client):
    code = gen_workshop(app)
    screen = connect(app, app.test_client(), code)
    screen.get_received()
    check_in(client, code)
    screen.get_received()
    screen.emit("sync")
    (state,) = received(screen, "snapshot")
    assert state["seq"] == 1


def test_a_screen_that_asks_again_too_often_is_told_so_and_asks_later(make_app, client):
    app = make_app(RATELIMIT_ENABLED=True)
    code = gen_workshop(app)
    screen = connect(app, app.test_client(), code)
    screen.get_received()
    check_in(client, code)
    ask(client, code, "Manquée")
    screen.get_received()
    # Each answered ask is acknowledged without a refusal; past the limit, the refusal tells the page to
    # wait and ask again (live.js does, a few seconds later) instead of staying behind in silence.
    answers = [screen.emit("sync", {"since": 0}, callback=True) for _ in range(31)]
    assert False not in answers[:30]
    assert answers[30] is False
    assert len(received(screen, "catchup")) == 30


def test_rolled_back_changes_are_never_announced(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    asked = ask(client, code, "Déjà au tableau").json
    screen = connect(app, app.test_client(), code, role="screen")
    seen = received(screen, "snapshot")[0]["seq"]
    with app.app_context():
        workshop = workshops.by_code(code)
        marie = db.session.scalar(sa.select(Attendee).where(Attendee.name == "Marie"))
        # The moderator removes Marie (on another connection) while her phone's question is on its way.
        with app.app_context():
            attendance.remove(db.session.get(Attendee, marie.id))
        # Numbered under the workshop's lock, then refused: the question would point at nobody.
        with pytest.raises(Refused):
            board.ask(workshop, "Jamais arrivée", client_id(), attendee=marie)
        board.update(db.session.get(Question, asked["id"]), status="current")
    changes = received(screen, "change")
    assert [c["seq"] for c in changes] == [seen + 1, seen + 2]
    told = [(e["data"]["id"], e["data"]["status"]) for e in changes[1]["events"]]
    assert told == [(asked["id"], "current")]
    assert "Jamais arrivée" not in str(changes)


def test_a_participant_snapshot_knows_their_own_questions_and_votes(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    mine = ask(client, code, "La mienne").json
    other = app.test_client()
    check_in(other, code, "Paul")
    theirs = ask(other, code, "Celle de Paul").json
    client.post(f"/api/questions/{theirs['id']}/vote", json={"client_id": client_id()})
    (state,) = received(connect(app, client, code), "snapshot")
    assert state["me"]["questions"] == [mine["id"]]
    assert state["me"]["votes"] == [theirs["id"]]


def shown(sock):
    """Each question as the changes a socket received last told it: id -> (author, "moi aussi")."""
    views = {}
    for change in received(sock, "change"):
        for event in change["events"]:
            if event["kind"] == "question":
                views[event["data"]["id"]] = (event["data"].get("author"), event["data"].get("votes"))
    return views


def test_a_name_put_right_merged_removed_or_erased_changes_on_the_board_and_the_phones_at_once(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    marie_asks = ask(client, code, "Comment trier mes photos ?").json["id"]
    paul = app.test_client()
    check_in(paul, code, "Paul")
    paul_asks = ask(paul, code, "Et pour une vidéo ?", anonymous=False).json["id"]
    paul.post(f"/api/questions/{marie_asks}/vote", json={"client_id": client_id()})
    paul_id = paul.get(f"/api/workshops/{code}").json["me"]["id"]
    moderator = become_moderator(app, app.test_client(), code)
    board_screen = connect(app, app.test_client(), code, role="screen")
    phone = connect(app, client, code)
    for sock in (board_screen, phone):
        sock.get_received()

    moderator.patch(f"/api/attendees/{paul_id}", json={"name": "Paulo"})
    for sock in (board_screen, phone):
        assert shown(sock) == {paul_asks: ("Paulo", 0)}

    # The same man checked in again from another phone, and said "moi aussi" there too: once merged,
    # his questions carry the name kept, and his two "moi aussi" count once.
    again = app.test_client()
    check_in(again, code, "Paul Dupont")
    again.post(f"/api/questions/{marie_asks}/vote", json={"client_id": client_id()})
    kept_id = again.get(f"/api/workshops/{code}").json["me"]["id"]
    for sock in (board_screen, phone):
        assert shown(sock) == {marie_asks: (None, 2)}
    moderator.post(f"/api/attendees/{paul_id}/merge", json={"into": kept_id})
    for sock in (board_screen, phone):
        assert shown(sock) == {paul_asks: ("Paul Dupont", 0), marie_asks: (None, 1)}

    # Removed: his question stays, without his name; his "moi aussi" goes with him.
    moderator.delete(f"/api/attendees/{kept_id}", json={})
    for sock in (board_screen, phone):
        assert shown(sock) == {paul_asks: (None, 0), marie_asks: (None, 0)}

    # Erased on request, from the organiser's pages.
    helene = app.test_client()
    check_in(helene, code, "Hélène")
    helene_asks = ask(helene, code, "Comment bloquer un numéro ?", anonymous=False).json["id"]
    helene_id = helene.get(f"/api/workshops/{code}").json["me"]["id"]
    for sock in (board_screen, phone):
        assert shown(sock) == {helene_asks: ("Hélène", 0)}
    organiser = become_organiser(app, app.test_client())
    token = csrf_token(organiser, "/admin/people?q=helene")
    organiser.post(f"/admin/people/attendee/{helene_id}/erase", data={"csrf_token": token})
    for sock in (board_screen, phone):
        assert shown(sock) == {helene_asks: (None, 0)}


def test_a_person_removed_leaves_the_moderators_help_list_and_quiet_signs_at_once(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Odette")
    client.post(f"/api/workshops/{code}/help", json={"client_id": client_id()})
    client.post(f"/api/workshops/{code}/pulse", json={"kind": "lost", "client_id": client_id()})
    odette_id = client.get(f"/api/workshops/{code}").json["me"]["id"]
    moderator = become_moderator(app, app.test_client(), code)
    console = connect(app, moderator, code, role="moderator")
    (state,) = received(console, "snapshot")
    assert [r["name"] for r in state["help"]] == ["Odette"]
    assert len(state["pulse"]["lost"]) == 1
    moderator.delete(f"/api/attendees/{odette_id}", json={})
    (change,) = received(console, "change")
    told = {e["kind"]: e["data"] for e in change["events"]}
    assert told["help"] == []
    assert told["pulse"] == {"lost": [], "slower": []}


def test_the_help_list_follows_a_name_put_right_and_two_entries_of_one_person_made_one(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Odette")
    client.post(f"/api/workshops/{code}/help", json={"client_id": client_id()})
    odette_id = client.get(f"/api/workshops/{code}").json["me"]["id"]
    again = app.test_client()
    check_in(again, code, "Odette Martin")
    kept_id = again.get(f"/api/workshops/{code}").json["me"]["id"]
    moderator = become_moderator(app, app.test_client(), code)
    console = connect(app, moderator, code, role="moderator")
    console.get_received()

    def help_told():
        return [
            [r["name"] for r in e["data"]]
            for c in received(console, "change")
            for e in c["events"]
            if e["kind"] == "help"
        ]

    moderator.patch(f"/api/attendees/{odette_id}", json={"name": "Odette M."})
    assert help_told() == [["Odette M."]]
    # Still waiting for help once her two entries are one: the moderator must not lose her.
    moderator.post(f"/api/attendees/{odette_id}/merge", json={"into": kept_id})
    assert help_told() == [["Odette Martin"]]


def test_a_merge_leaves_nobody_backing_their_own_question(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Paul")
    first = ask(client, code, "Comment envoyer une vidéo ?").json["id"]
    paul_id = client.get(f"/api/workshops/{code}").json["me"]["id"]
    again = app.test_client()
    check_in(again, code, "Paul Dupont")
    second = ask(again, code, "Et une photo ?").json["id"]
    kept_id = again.get(f"/api/workshops/{code}").json["me"]["id"]
    # Each of his two entries said "moi aussi" to the other's question.
    client.post(f"/api/questions/{second}/vote", json={"client_id": client_id()})
    again.post(f"/api/questions/{first}/vote", json={"client_id": client_id()})
    board_screen = connect(app, app.test_client(), code, role="screen")
    board_screen.get_received()
    moderator = become_moderator(app, app.test_client(), code)
    moderator.post(f"/api/attendees/{paul_id}/merge", json={"into": kept_id})
    assert shown(board_screen) == {first: (None, 0), second: (None, 0)}
    assert {
        q["id"]: q["votes"] for q in client.get(f"/api/workshops/{code}/questions").json["questions"]
    } == {
        first: 0,
        second: 0,
    }


def test_questions_loaded_before_a_person_leaves_are_told_as_the_database_holds_them(app, client):
    code = gen_workshop(app)
    for name in ("Paul", "Paul Dupont"):
        check_in(client := app.test_client(), code, name)
        ask(client, code, f"La question de {name}", anonymous=False)
    board_screen = connect(app, app.test_client(), code, role="screen")
    board_screen.get_received()
    with app.app_context():
        # The questions are held in this session, each naming its person, as a longer request would.
        held = db.session.scalars(sa.select(Question).order_by(Question.id)).all()
        assert [q.attendee.name for q in held] == ["Paul", "Paul Dupont"]
        paul, kept = db.session.scalars(sa.select(Attendee).order_by(Attendee.id)).all()
        attendance.merge(paul, kept)
        assert [a for a, _votes in shown(board_screen).values()] == ["Paul Dupont"]
        attendance.remove(kept)
        assert [a for a, _votes in shown(board_screen).values()] == [None, None]
        db.session.remove()


def test_a_phone_checked_in_to_two_workshops_is_itself_in_each(app, client):
    morning, afternoon = gen_workshop(app), gen_workshop(app)
    check_in(client, morning, "Marie")
    check_in(client, afternoon, "Marie-Anne")
    mine = ask(client, afternoon, "Celle de l’après-midi").json
    (state,) = received(connect(app, client, afternoon), "snapshot")
    assert state["me"]["name"] == "Marie-Anne"
    assert state["me"]["questions"] == [mine["id"]]
    (state,) = received(connect(app, client, morning), "snapshot")
    assert state["me"]["name"] == "Marie"
    assert state["me"]["questions"] == []
    # Somebody else's phone is nobody in either.
    (state,) = received(connect(app, app.test_client(), afternoon), "snapshot")
    assert "me" not in state


@pytest.mark.parametrize("auth", [{"code": "0000"}, {}, None, "garbage"])
def test_connections_to_no_workshop_are_refused(app, auth):
    sock = socketio.test_client(app, auth=auth)
    assert not sock.is_connected()


@pytest.mark.parametrize("role", [["moderator"], {"moderator": True}, 3, None])
def test_a_role_that_is_no_role_connects_as_a_phone(app, client, role):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    sock = socketio.test_client(app, auth={"code": code, "role": role})
    assert sock.is_connected()
    (state,) = received(sock, "snapshot")
    assert "attendees" not in state


def test_moderator_room_is_refused_to_attendees(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    assert not connect(app, client, code, role="moderator").is_connected()
    assert connect(app, become_moderator(app, app.test_client(), code), code, role="moderator").is_connected()


def screen_board(sock):
    """The questions a screen holds after its snapshot and the live events since, in the order the
    server's keys give: what a page script shows, knowing no rule of the board."""
    held = {}
    for message in sock.get_received():
        if message["name"] == "snapshot":
            held = {q["id"]: q for q in message["args"][0]["questions"]}
        for event in message["args"][0]["events"] if message["name"] == "change" else []:
            if event["kind"] == "question":
                held[event["data"]["id"]] = event["data"]
    shown = [q for q in held.values() if "order" in q]
    return [q["text"] for q in sorted(shown, key=lambda q: q["order"])]


def test_screens_that_only_listen_show_the_board_in_the_servers_order(app, client):
    code = gen_workshop(app)
    moderator = become_moderator(app, app.test_client(), code)
    board_screen = connect(app, app.test_client(), code, role="screen")
    console = connect(app, moderator, code, role="moderator")
    check_in(client, code, "Marie")
    oldest = ask(client, code, "La plus ancienne").json
    backed = ask(client, code, "Celle que Paul partage").json
    spoken = ask(client, code, "Celle dont on parle").json
    moderator.patch(f"/api/workshops/{code}", json={"premoderation": True})
    ask(client, code, "Celle qui attend")
    paul = app.test_client()
    check_in(paul, code, "Paul")
    # A vote moves the others down without the server telling them anything.
    paul.post(f"/api/questions/{backed['id']}/vote", json={"client_id": client_id()})
    moderator.patch(f"/api/questions/{oldest['id']}", json={"status": "later"})
    moderator.patch(f"/api/questions/{spoken['id']}", json={"status": "current"})
    assert screen_board(board_screen) == [
        "Celle dont on parle",
        "Celle que Paul partage",
        "La plus ancienne",
    ]
    # The moderator sees the question waiting for approval first.
    assert screen_board(console) == [
        "Celle qui attend",
        "Celle dont on parle",
        "Celle que Paul partage",
        "La plus ancienne",
    ]
    listed = client.get(f"/api/workshops/{code}/questions").json["questions"]
    assert [q["text"] for q in listed] == screen_board(connect(app, app.test_client(), code))


def test_only_a_moderator_can_have_the_board_read_the_current_question_aloud(app, client):
    code = gen_workshop(app)
    board_screen = connect(app, app.test_client(), code, role="screen")
    moderator = become_moderator(app, app.test_client(), code)
    console = connect(app, moderator, code, role="moderator")
    check_in(client, code, "Marie")
    asked = ask(client, code, "Comment ranger mes photos ?").json["id"]
    # Before any question is on the board, there is nothing to read and the console is told so.
    assert console.emit("read_aloud", callback=True) is False
    assert moderator.patch(f"/api/questions/{asked}", json={"status": "current"}).status_code == 200
    board_screen.get_received()
    # A phone on the public channel cannot make the projector speak.
    phone = connect(app, client, code)
    assert phone.emit("read_aloud", callback=True) is False
    assert received(board_screen, "read_aloud") == []
    assert console.emit("read_aloud", callback=True) is True
    assert received(board_screen, "read_aloud") == [{"text": "Comment ranger mes photos ?"}]
