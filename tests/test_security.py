"""Protections on every response: Host allow-list (HTTP and Socket.IO), CSP, cross-site writes, CSRF."""

import pytest

from kiosk.extensions import socketio

from .helpers import ask, become_moderator, check_in, client_id, gen_workshop


@pytest.mark.parametrize("path", ["/", "/api/openapi.json", "/socket.io/?EIO=4&transport=polling"])
def test_requests_for_another_host_are_refused(client, path):
    # DNS rebinding: a page of evil.example resolved to this PC still says Host: evil.example.
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 421
    assert client.get(path, headers={"Host": "localhost:5000"}).status_code == 200


def test_configured_names_are_accepted(make_app):
    app = make_app(HOSTS="kiosk.local, mediatheque-pc")
    assert app.test_client().get("/", headers={"Host": "kiosk.local:5000"}).status_code == 200
    assert app.test_client().get("/", headers={"Host": "mediatheque-pc"}).status_code == 200


def test_socket_io_refuses_a_page_from_another_origin(client):
    foreign = client.get(
        "/socket.io/?EIO=4&transport=polling", headers={"Host": "localhost", "Origin": "http://evil.example"}
    )
    assert foreign.status_code == 400
    own = client.get(
        "/socket.io/?EIO=4&transport=polling", headers={"Host": "localhost", "Origin": "http://localhost"}
    )
    assert own.status_code == 200
    assert socketio.server.eio.cors_allowed_origins != "*"


@pytest.mark.parametrize("path", ["/", "/api/openapi.json"])
def test_every_response_carries_a_strict_policy(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    for path in ("/", f"/w/{code}", f"/w/{code}/door", f"/w/{code}/board"):
        page = client.get(path).get_data(as_text=True)
        for tag in page.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening, path


def test_api_write_from_another_site_is_refused(app, client):
    code = gen_workshop(app)
    response = client.post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Marie", "client_id": client_id()},
        headers={"Origin": "http://evil.example"},
    )
    assert response.status_code == 403
    response = client.post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Marie", "client_id": client_id()},
        headers={"Referer": "http://evil.example/page"},
    )
    assert response.status_code == 403
    assert client.get(f"/api/workshops/{code}").json["attendance"]["present"] == 0


def test_api_write_from_our_own_page_is_accepted(app, client):
    code = gen_workshop(app)
    response = client.post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Marie", "client_id": client_id()},
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 201


def test_api_write_that_is_not_json_is_refused(app, client):
    code = gen_workshop(app)
    # What a cross-site HTML form can send.
    response = client.post(
        f"/api/workshops/{code}/attendees", data={"name": "Marie", "client_id": client_id()}
    )
    assert response.status_code == 415
    assert "JSON" in response.json["error"]


def test_oversize_body_is_refused_plainly(app, client):
    code = gen_workshop(app)
    response = client.post(
        f"/api/workshops/{code}/questions", json={"text": "x" * 100_000, "client_id": client_id()}
    )
    assert response.status_code == 413
    assert "trop long" in response.json["error"]


def test_html_form_without_csrf_token_is_refused(app, client):
    code = gen_workshop(app)
    response = client.post(f"/w/{code}/checkin", data={"name": "Marie", "client_id": client_id()})
    assert response.status_code == 400
    assert "Vous avez attendu longtemps." in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(app, client):
    code = gen_workshop(app)
    cookie = check_in(client, code).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_every_moderator_route_refuses_a_participant_and_a_stranger(app):
    """Walk the API description: every operation it marks x-kiosk-moderator is tried for real."""
    code = gen_workshop(app)
    participant = app.test_client()
    me = check_in(participant, code, "Marie").json
    question = ask(participant, code, "Où sont mes photos ?").json
    moderator = become_moderator(app, app.test_client(), code)
    help_id = participant.post(f"/api/workshops/{code}/help", json={"client_id": client_id()}).json["id"]
    registration = moderator.post(
        f"/api/workshops/{code}/registrations", json={"name": "Paul", "client_id": client_id()}
    ).json
    poll = moderator.post(
        f"/api/workshops/{code}/polls", json={"preset": "phone", "client_id": client_id()}
    ).json
    ids = {
        "code": code,
        "poll_id": poll["id"],
        "attendee_id": me["id"],
        "question_id": question["id"],
        "help_id": help_id,
        "registration_id": registration["id"],
        "table": "attendees",
    }
    spec = app.test_client().get("/api/openapi.json").json
    tried = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters" or not operation.get("x-kiosk-moderator"):
                continue
            url = path.format(**ids)
            for who in (participant, app.test_client()):
                answer = who.open(url, method=method.upper(), json={"client_id": client_id()})
                assert answer.status_code == 403, (method, url, answer.status_code)
            tried += 1
    assert tried >= 15
    # Nothing was changed by all those refused attempts.
    assert app.test_client().get(f"/api/workshops/{code}").json["phase"] == "checkin"


@pytest.mark.parametrize(
    "body",
    [bytes(range(256)) * 4, b'{"name": "Ma\xffrie", "client_id": "abcdefgh12"}', b"[1, 2, 3]", b"\x00" * 100],
)
def test_binary_or_malformed_input_gets_a_plain_refusal_and_stores_nothing(app, client, body):
    code = gen_workshop(app)
    answer = client.post(f"/api/workshops/{code}/attendees", data=body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json == {"error": "Envoyez les données en JSON."}
    assert client.get(f"/api/workshops/{code}").json["attendance"]["present"] == 0


PROXY_HEADERS = [
    {"X-Forwarded-For": "192.168.1.23"},
    {"Forwarded": "for=192.168.1.23;proto=http"},
    {"X-Forwarded-Host": "kiosk.local"},
]


@pytest.mark.parametrize("headers", PROXY_HEADERS)
def test_a_phone_behind_a_forgotten_proxy_setting_is_not_the_room_pc(room_pc_app, headers):
    # A reverse proxy on this PC connects from 127.0.0.1 on behalf of every phone of the Wi-Fi.
    code = gen_workshop(room_pc_app)
    room_pc = room_pc_app.test_client()
    assert room_pc.get(f"/w/{code}/moderate").status_code == 200
    through_proxy = room_pc_app.test_client()
    assert through_proxy.get(f"/w/{code}/moderate", headers=headers).status_code == 403
    assert (
        through_proxy.patch(f"/api/workshops/{code}", json={"phase": "closed"}, headers=headers).status_code
        == 403
    )
    live = socketio.test_client(
        room_pc_app,
        flask_test_client=through_proxy,
        auth={"code": code, "role": "moderator"},
        headers=headers,
    )
    assert not live.is_connected()
    assert socketio.test_client(
        room_pc_app, flask_test_client=room_pc, auth={"code": code, "role": "moderator"}
    ).is_connected()
