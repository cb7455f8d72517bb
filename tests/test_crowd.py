"""A crowd arriving: phones hear only what concerns them, counts come coalesced, screens catch up from `since`."""

import contextlib
import time

import socketio

from kiosk.data.models import Question
from kiosk.rules import attendance, workshops
from kiosk.web import events
from kiosk.web.catchup import Ring, listen

from .helpers import ask, become_moderator, check_in, client_id, each_statement, gen_workshop, meanwhile
from .test_live import connect


def messages(sock):
    """(name, first argument) of everything a socket received since last asked."""
    return [(m["name"], m["args"][0] if m["args"] else None) for m in sock.get_received()]


def wait_for(sock, name, until, deadline=30.0):
    """The messages `name` a socket receives until one satisfies `until` (the machine may be busy)."""
    got = []
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        got += [data for kind, data in messages(sock) if kind == name]
        if got and until(got[-1]):
            return got
        time.sleep(0.02)
    raise AssertionError(f"no {name} satisfying the condition; got {got}")


def attendance_of(message):
    return next(e["data"] for e in message["events"] if e["kind"] == "attendance")


def test_a_phone_does_not_hear_the_others_check_in(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    phone = connect(app, client, code)
    phone.get_received()
    for name in ("Paul", "Aïcha", "Jean"):
        check_in(app.test_client(), code, name)
    ask(client, code, "Comment envoyer une photo ?")
    heard = messages(phone)
    # Only the question: no check-in, no name, no count.
    assert [kind for kind, _ in heard] == ["change"]
    assert [e["kind"] for e in heard[0][1]["events"]] == ["question"]
    assert "Paul" not in str(heard)


def test_the_door_the_board_and_the_console_get_the_counts_coalesced(app, client, monkeypatch):
    # A window wider than any test: what the screens hear in it can only be what the first check-in said.
    monkeypatch.setattr(events, "COUNTS_EVERY", 600.0)
    code = gen_workshop(app)
    door = connect(app, app.test_client(), code, role="screen")
    console = connect(app, become_moderator(app, app.test_client(), code), code, role="moderator")
    phone = connect(app, client, code)
    for sock in (door, console, phone):
        sock.get_received()
    check_in(app.test_client(), code, "Personne 0")
    (first,) = wait_for(door, "counts", lambda m: attendance_of(m)["present"] == 1)
    wait_for(console, "counts", lambda m: attendance_of(m)["present"] == 1)
    for i in range(1, 6):
        check_in(app.test_client(), code, f"Personne {i}")
    # Five check-ins in the window: nothing yet on the door, each arrival on the console's list of names.
    assert "counts" not in [kind for kind, _ in messages(door)]
    arrivals = [data for kind, data in messages(console) if kind == "change"]
    assert [e["data"]["name"] for c in arrivals for e in c["events"]] == [
        f"Personne {i}" for i in range(1, 6)
    ]
    # The window ends: one message says all five.
    monkeypatch.setattr(events, "COUNTS_EVERY", 0.0)
    (counted,) = wait_for(door, "counts", lambda m: attendance_of(m)["present"] == 6)
    assert attendance_of(counted) == {"present": 6, "waiting": 0, "capacity": 12}
    (summary,) = wait_for(console, "counts", lambda m: attendance_of(m)["present"] == 6)
    assert attendance_of(summary)["total"] == 6
    assert [e["kind"] for e in summary["events"]] == ["attendance", "registrations"]
    # Phones heard none of it.
    assert messages(phone) == []


def test_a_reconnect_with_since_gets_exactly_the_changes_it_missed(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    ask(client, code, "Vue avant la coupure")
    phone = connect(app, client, code)
    ((kind, state),) = messages(phone)
    assert kind == "snapshot"
    phone.disconnect()
    for name in ("Paul", "Jean"):
        check_in(app.test_client(), code, name)
    ask(client, code, "Première pendant la coupure")
    ask(client, code, "Seconde pendant la coupure")
    again = connect(app, client, code, since=state["seq"])
    ((kind, missed),) = messages(again)
    assert kind == "catchup"
    told = [e["data"]["text"] for c in missed["changes"] for e in c["events"]]
    assert told == ["Première pendant la coupure", "Seconde pendant la coupure"]
    # Each follows the one before, the first one what the phone held.
    assert missed["changes"][0]["prev"] <= state["seq"]
    assert missed["changes"][1]["prev"] == missed["changes"][0]["seq"]


def test_a_reconnect_older_than_the_ring_gets_a_snapshot(app, client):
    app.extensions["kiosk.ring"].keep = 3
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    texts = [f"Question numéro {i}" for i in range(5)]
    for text in texts:
        ask(client, code, text)
    ((kind, state),) = messages(connect(app, client, code, since=1))
    assert kind == "snapshot"
    assert sorted(q["text"] for q in state["questions"]) == sorted(texts)
    # A gap the ring still holds is replayed.
    ((kind, missed),) = messages(connect(app, client, code, since=state["seq"] - 2))
    assert kind == "catchup"
    assert [c["seq"] for c in missed["changes"]] == [state["seq"] - 1, state["seq"]]


@contextlib.contextmanager
def board_reads():
    """Counts the times the questions of a board (whole rows) are read from the database within the block."""
    reads = []

    def count(state):
        if state.is_select and state.statement.column_descriptions[0].get("expr") is Question:
            reads.append(state.statement)

    with each_statement(count):
        yield reads


def test_phones_coming_back_together_read_the_board_once_and_each_is_still_itself(app, client):
    # However slow the machine, the snapshot is kept for the whole test.
    app.extensions["kiosk.snapshots"].keep_for = 600
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    ask(client, code, "Comment partager une photo ?")
    paul = app.test_client()
    check_in(paul, code, "Paul")
    ask(paul, code, "Et pour une vidéo ?", anonymous=False)
    with board_reads() as reads:
        # Phones and screens with no `since` (a restart emptied the ring): all at the same change number.
        visitors = [messages(connect(app, app.test_client(), code)) for _ in range(3)]
        (marie,) = messages(connect(app, client, code))
        (pauls,) = messages(connect(app, paul, code))
        visitors.append(messages(connect(app, app.test_client(), code)))
        visitors.append(messages(connect(app, app.test_client(), code, role="screen")))
    assert len(reads) == 1
    for ((kind, state),) in visitors:
        assert kind == "snapshot"
        assert [(q["text"], q["author"]) for q in state["questions"]] == [
            ("Comment partager une photo ?", None),
            ("Et pour une vidéo ?", "Paul"),
        ]
        assert "me" not in state
    assert marie[1]["me"]["name"] == "Marie"
    assert pauls[1]["me"]["name"] == "Paul"
    # People checking in change nothing on the board but its counts: the next ones still share it.
    check_in(app.test_client(), code, "Jean")
    check_in(app.test_client(), code, "Rose")
    with board_reads() as reads:
        ((kind, state),) = messages(connect(app, app.test_client(), code))
        ((_kind, again),) = messages(connect(app, app.test_client(), code, role="screen"))
    assert len(reads) == 0
    with app.app_context():
        assert state["seq"] == again["seq"] == workshops.by_code(code).seq
    assert state["attendance"]["present"] == again["attendance"]["present"] == 4
    assert [q["author"] for q in state["questions"]] == [None, "Paul"]
    # Anything the board shows that changes (a name put right by the moderator), the next one reads it again.
    paul_id = paul.get(f"/api/workshops/{code}").json["me"]["id"]
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.patch(f"/api/attendees/{paul_id}", json={"name": "Paulo"}).status_code == 200
    with board_reads() as reads:
        ((kind, state),) = messages(connect(app, app.test_client(), code))
    assert len(reads) == 1
    assert state["attendance"]["present"] == 4
    assert [q["author"] for q in state["questions"]] == [None, "Paulo"]
    # An answer to the feedback changes what the board shows, and phones hear nothing of it: read again.
    assert moderator.patch(f"/api/workshops/{code}", json={"phase": "feedback"}).status_code == 200
    messages(connect(app, app.test_client(), code))
    paul.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": "good"})
    with board_reads() as reads:
        ((kind, state),) = messages(connect(app, app.test_client(), code))
    assert len(reads) == 1
    assert state["feedback"]["count"] == 1


def test_a_screen_with_a_since_from_nowhere_gets_a_snapshot(app, client):
    code = gen_workshop(app)
    for since in (99, -1, "1", True):
        ((kind, _state),) = messages(connect(app, app.test_client(), code, role="screen", since=since))
        assert kind == "snapshot"


def test_a_question_asked_while_a_phone_connects_reaches_it(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Marie")
    phone = connect(app, client, code)
    ((_kind, state),) = messages(phone)
    phone.disconnect()
    other = app.test_client()
    check_in(other, code, "Paul")

    def reads_the_workshop(state):
        return state.statement is attendance.LIVE

    def asks():
        return ask(other, code, "Et mes photos ?")

    # Just after the connecting phone has read its workshop, and before it joins the phones' room, a
    # question is asked from another phone, in a request of its own.
    with meanwhile(reads_the_workshop, asks, after=True) as asked:
        again = connect(app, client, code, since=state["seq"])
    assert asked["answer"].status_code == 201
    ((kind, missed),) = messages(again)
    assert kind == "catchup"
    told = [e["data"].get("text") for c in missed["changes"] for e in c["events"]]
    assert told == ["Et mes photos ?"]


def test_only_the_person_let_in_hears_it(app, client):
    code = gen_workshop(app, capacity=1)
    check_in(app.test_client(), code, "Marie")
    check_in(client, code, "Paul")
    other = app.test_client()
    check_in(other, code, "Jean")
    paul = connect(app, client, code)
    jean = connect(app, other, code)
    assert paul.get_received()[0]["args"][0]["me"]["status"] == "waiting"
    jean.get_received()
    moderator = become_moderator(app, app.test_client(), code)
    paul_id = client.get(f"/api/workshops/{code}").json["me"]["id"]
    assert moderator.patch(f"/api/attendees/{paul_id}", json={"status": "present"}).status_code == 200
    assert ("personal", {"events": [{"kind": "admitted", "data": None}]}) in messages(paul)
    assert "personal" not in [kind for kind, _ in messages(jean)]


def test_the_ring_keeps_each_rooms_changes_in_order_whichever_came_first():
    ring = Ring(keep=3)
    for seq in (1, 2, 4, 3):  # two workers' changes crossing in the message queue
        ring.heard("w1", {"seq": seq, "prev": seq - 1, "events": []})
    ring.heard("w1", {"seq": 3, "prev": 2, "events": []})  # heard twice: kept once
    assert [m["seq"] for m in ring.since("w1", 1, 4)] == [2, 3, 4]
    assert ring.since("w1", 0, 4) is None  # change 1 is no longer kept
    assert ring.since("w1", 1, 5) is None  # change 5 never arrived here
    # Change 4 was delivered after the screen read its latest number (3): it comes too.
    assert [m["seq"] for m in ring.since("w1", 1, 3)] == [2, 3, 4]
    # Past a change still on its way (6), the rest comes live: what follows on is given.
    ring.heard("w1", {"seq": 7, "prev": 6, "events": []})
    assert [m["seq"] for m in ring.since("w1", 2, 3)] == [3, 4]
    assert ring.since("p1", 0, 0) == []


def test_the_ring_tells_when_the_screens_heard_nothing_new_in_between():
    ring = Ring()
    for seq in (1, 2, 3):  # check-ins: nothing for a shared screen
        ring.heard("w1", {"seq": seq, "prev": seq - 1, "events": []})
    ring.heard("w1", {"seq": 4, "prev": 3, "events": [{"kind": "question", "data": {"id": 1}}]})
    ring.heard("w1", {"seq": 6, "prev": 5, "events": []})
    assert ring.told_nothing("w1", 0, 3)
    assert not ring.told_nothing("w1", 2, 4)  # a question
    assert not ring.told_nothing("w1", 3, 4)
    assert not ring.told_nothing("w1", 4, 6)  # change 5 never arrived here
    assert not ring.told_nothing("w2", 0, 1)


def test_the_ring_hears_what_a_message_queue_delivers_from_other_workers():
    ring = Ring()
    manager = socketio.PubSubManager(channel="kiosk")
    listen(manager, ring)
    manager.set_server(socketio.Server(async_mode="threading"))
    # What another worker published, as the queue's listener hands it over.
    change = {"seq": 7, "prev": 5, "events": [{"kind": "question", "data": {"id": 1}}]}
    manager._handle_emit(
        {"method": "emit", "event": "change", "data": [change], "room": "p3", "namespace": "/"}
    )
    assert ring.since("p3", 5, 7) == [change]
