"""Floods from one phone are cut short with a plain message; everyone else goes on as before."""

import pytest
import socketio as socketio_client

from kiosk.extensions import socketio

from .helpers import check_in, client_id, gen_workshop

FLOODER = {"REMOTE_ADDR": "192.168.1.66"}
NEIGHBOUR = {"REMOTE_ADDR": "192.168.1.20"}


@pytest.fixture
def app(make_app):
    """The app with its rate limits on, as `kiosk serve` runs it."""
    return make_app(RATELIMIT_ENABLED=True)


def phone(app, environ, name):
    client = app.test_client()
    client.environ_base.update(environ)
    return client


def test_a_question_flood_is_cut_short_and_the_board_stays_usable(app):
    code = gen_workshop(app)
    flooder = phone(app, FLOODER, "flood")
    check_in(flooder, code, "Flood")
    answers = [
        flooder.post(f"/api/workshops/{code}/questions", json={"text": f"spam {n}", "client_id": client_id()})
        for n in range(300)
    ]
    accepted = [a for a in answers if a.status_code == 201]
    assert len(accepted) == 5
    refused = answers[-1]
    assert refused.status_code == 429
    assert (
        refused.json["error"] == "Doucement ! Trop d’envois d’un coup. Attendez une minute, puis réessayez."
    )
    neighbour = phone(app, NEIGHBOUR, "Marie")
    check_in(neighbour, code, "Marie")
    asked = neighbour.post(
        f"/api/workshops/{code}/questions", json={"text": "Où sont mes photos ?", "client_id": client_id()}
    )
    assert asked.status_code == 201
    board = app.test_client().get(f"/api/workshops/{code}/questions").json["questions"]
    assert len(board) == 6 and "Où sont mes photos ?" in [q["text"] for q in board]


def test_a_vote_flood_is_cut_short(app):
    code = gen_workshop(app)
    neighbour = phone(app, NEIGHBOUR, "Marie")
    check_in(neighbour, code, "Marie")
    question = neighbour.post(
        f"/api/workshops/{code}/questions", json={"text": "Où sont mes photos ?", "client_id": client_id()}
    ).json
    flooder = phone(app, FLOODER, "flood")
    check_in(flooder, code, "Flood")
    url = f"/api/questions/{question['id']}/vote"
    codes = []
    for n in range(200):
        method = flooder.post if n % 2 == 0 else flooder.delete
        codes.append(method(url, json={"client_id": client_id()}).status_code)
    assert codes.count(429) == 170
    assert 429 not in codes[:30]


def test_a_phone_dropping_its_cookies_cannot_fill_the_places(app):
    code = gen_workshop(app)
    answers = [check_in(phone(app, FLOODER, str(n)), code, f"Bot {n}") for n in range(15)]
    assert [a.status_code for a in answers] == [201] * 4 + [429] * 11
    assert "Trop d’inscriptions" in answers[4].json["error"]
    assert check_in(phone(app, NEIGHBOUR, "Marie"), code, "Marie").status_code == 201


def test_the_door_kiosk_on_the_room_pc_is_never_slowed_down(make_app):
    app = make_app(RATELIMIT_ENABLED=True, TRUST_LOOPBACK=True)
    code = gen_workshop(app, capacity=100)
    door = app.test_client()
    answers = [
        door.post(
            f"/api/workshops/{code}/attendees",
            json={"name": f"Personne {n}", "client_id": client_id(), "kiosk": True},
        )
        for n in range(40)
    ]
    assert {a.status_code for a in answers} == {201}


def test_a_flood_of_live_connections_is_refused(app):
    code = gen_workshop(app)
    http = phone(app, FLOODER, "flood")
    sockets = [socketio.test_client(app, flask_test_client=http, auth={"code": code}) for _ in range(35)]
    connected = [s.is_connected() for s in sockets]
    assert connected[:30] == [True] * 30 and connected[30:] == [False] * 5
    neighbour = socketio.test_client(
        app, flask_test_client=phone(app, NEIGHBOUR, "Marie"), auth={"code": code}
    )
    assert neighbour.is_connected()


def test_an_oversize_live_message_is_refused(live_server):
    code = live_server.run("workshop", "create", "--title", "Atelier", "--json").split('"code": "')[1][:4]
    client = socketio_client.Client(reconnection=False)
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        client.connect(
            live_server.url,
            auth={"code": code, "padding": "x" * 20_000},
            transports=["polling"],
            wait_timeout=5,
        )
    small = socketio_client.Client(reconnection=False)
    small.connect(live_server.url, auth={"code": code}, transports=["polling"], wait_timeout=5)
    assert small.connected
    small.disconnect()


GUESSED_PAGES = ["/{}", "/w/{}", "/api/workshops/{}", "/w/{}/board", "/api/workshops/{}/questions"]
TOO_MANY_CODES = "Trop de codes inconnus essayés. Attendez une minute, puis réessayez."


def unknown_codes(known, count):
    """`count` four-digit codes that are not the known one."""
    return [c for c in map(str, range(1000, 1000 + count + 1)) if c != known][:count]


def test_guessing_workshop_codes_is_refused_after_twenty_unknown_ones(app):
    code = gen_workshop(app)
    guesser = phone(app, FLOODER, "guess")
    answers = [
        guesser.get(GUESSED_PAGES[n % len(GUESSED_PAGES)].format(guess)).status_code
        for n, guess in enumerate(unknown_codes(code, 25))
    ]
    assert answers == [404] * 20 + [429] * 5
    # The known code is refused too, or the answers would still tell which codes exist.
    refused = guesser.get(f"/api/workshops/{code}")
    assert refused.status_code == 429 and refused.json["error"] == TOO_MANY_CODES
    page = guesser.get(f"/w/{code}")
    assert page.status_code == 429 and TOO_MANY_CODES in page.get_data(as_text=True)
    neighbour = phone(app, NEIGHBOUR, "Marie")
    assert neighbour.get(f"/w/{code}").status_code == 200
    assert check_in(neighbour, code, "Marie").status_code == 201


def test_guessing_codes_over_the_live_channel_is_refused_too(app):
    code = gen_workshop(app)
    http = phone(app, FLOODER, "guess")
    guesses = [
        socketio.test_client(app, flask_test_client=http, auth={"code": guess})
        for guess in unknown_codes(code, 20)
    ]
    assert not any(guess.is_connected() for guess in guesses)
    assert not socketio.test_client(app, flask_test_client=http, auth={"code": code}).is_connected()
    assert http.get(f"/w/{code}").status_code == 429
    neighbour = socketio.test_client(
        app, flask_test_client=phone(app, NEIGHBOUR, "Marie"), auth={"code": code}
    )
    assert neighbour.is_connected()
