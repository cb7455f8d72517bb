"""The information notice, a person's rights of access and erasure, and the accessibility statement."""

import json

from kiosk.data.models import Feedback
from kiosk.extensions import db, socketio
from kiosk.rules import organiser

from .helpers import ask, become_moderator, become_organiser, check_in, client_id, csrf_token, gen_workshop


def test_the_notice_is_one_tap_from_every_participant_page(app, client):
    code = gen_workshop(app)
    with app.app_context():
        organiser.put(organiser.RETENTION_KEY, 6)
    for path in (f"/w/{code}", f"/w/{code}/door"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="/privacy"' in page and 'href="/privacy/kids"' in page
    check_in(client, code)
    assert 'href="/privacy"' in client.get(f"/w/{code}").get_data(as_text=True)
    notice = client.get("/privacy").get_data(as_text=True)
    assert "Nous les effaçons après 6 mois." in notice
    assert "CNIL" in notice
    kids = client.get("/privacy/kids").get_data(as_text=True)
    assert "Tu n’es pas obligé de donner ton vrai prénom." in kids


def test_the_organiser_finds_a_person_hands_over_their_data_and_erases_it(app):
    code = gen_workshop(app)
    phone = app.test_client()
    check_in(phone, code, "Hélène")
    ask(phone, code, "Comment bloquer un numéro ?")
    phone.post(f"/api/workshops/{code}/help", json={"client_id": client_id()})
    phone.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": "good"})
    check_in(app.test_client(), code, "Paul")
    moderator = become_moderator(app, app.test_client(), code)
    moderator.post(
        f"/api/workshops/{code}/registrations",
        json={"name": "Helene Martin", "phone": "0601020304", "consent": True, "client_id": client_id()},
    )
    organiser_browser = become_organiser(app, app.test_client())
    found = organiser_browser.get("/admin/people?q=helene").get_data(as_text=True)
    assert "Hélène" in found and "Helene Martin" in found and "Paul" not in found
    export_link = found.split('href="/admin/people/attendee/')[1].split('"')[0]
    held = organiser_browser.get("/admin/people/attendee/" + export_link)
    assert held.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(held.data)
    assert data["nom"] == "Hélène"
    assert data["questions"] == ["Comment bloquer un numéro ?"]
    assert len(data["demandes_d_aide"]) == 1
    attendee_id = export_link.split(".")[0]
    token = csrf_token(organiser_browser, "/admin/people?q=helene")
    organiser_browser.post(f"/admin/people/attendee/{attendee_id}/erase", data={"csrf_token": token})
    after = organiser_browser.get("/admin/people?q=helene").get_data(as_text=True)
    assert "Hélène" not in after.split("<tbody>")[1] and "Helene Martin" in after
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 0
    board = app.test_client().get(f"/api/workshops/{code}/questions").json["questions"]
    assert [q["text"] for q in board] == ["Comment bloquer un numéro ?"]
    assert all(q.get("author") is None for q in board)
    # Only the organiser may do any of this.
    stranger = app.test_client()
    assert stranger.get(f"/admin/people/attendee/{attendee_id}.json").status_code == 302
    assert moderator.get("/admin/people?q=paul").status_code == 302


def test_a_closed_workshop_shows_no_names_on_its_public_pages(app, client):
    code = gen_workshop(app)
    check_in(client, code, "Philomène")
    ask(client, code, "Comment envoyer un SMS ?", anonymous=False)
    stranger = app.test_client()
    listed = f"/api/workshops/{code}/questions"
    assert stranger.get(listed).json["questions"][0]["author"] == "Philomène"  # signed, in the room
    auth = {"code": code, "role": "public", "since": None}
    projector = socketio.test_client(app, flask_test_client=app.test_client(), auth=auth)
    projector.get_received()
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.patch(f"/api/workshops/{code}", json={"phase": "closed"}).status_code == 200

    told = [
        event["data"]
        for message in projector.get_received()
        if message["name"] == "change"
        for event in message["args"][0]["events"]
        if event["kind"] == "question"
    ]
    assert told and all(question["author"] is None for question in told)
    assert stranger.get(listed).json["questions"][0]["author"] is None
    assert client.get(listed).json["questions"][0]["author"] is None  # her own phone too
    assert "Philomène" not in stranger.get(f"/w/{code}/handout").get_data(as_text=True)
    late = socketio.test_client(app, flask_test_client=app.test_client(), auth=auth)
    (snapshot,) = [m["args"][0] for m in late.get_received() if m["name"] == "snapshot"]
    assert "Philomène" not in json.dumps(snapshot, ensure_ascii=False)
    # The moderator still knows who asked.
    assert moderator.get(listed).json["questions"][0]["asked_by"] == "Philomène"


def test_the_organiser_completes_the_accessibility_statement_linked_from_every_page(app, client):
    code = gen_workshop(app)
    for path in ("/", f"/w/{code}", f"/w/{code}/door", "/privacy"):
        assert 'href="/accessibility"' in client.get(path).get_data(as_text=True), path
    before = client.get("/accessibility").get_data(as_text=True)
    assert "partiellement conforme" in before and "Défenseur des droits" in before
    organiser_browser = become_organiser(app, app.test_client())
    token = csrf_token(organiser_browser, "/admin/accessibility")
    form = {
        "csrf_token": token,
        "entity": "Médiathèque de Redon",
        "contact": "accueil@mediatheque.example\n02 99 00 00 00",
        "audit_date": "3 novembre 2026",
        "status": "full",
        "exceptions": "",
    }
    assert organiser_browser.post("/admin/accessibility", data=form).status_code == 302
    after = client.get("/accessibility").get_data(as_text=True)
    assert "Médiathèque de Redon s’engage" in after and "totalement conforme" in after
    assert "Audit réalisé le 3 novembre 2026." in after
    bad = organiser_browser.post("/admin/accessibility", data=form | {"entity": "x" * 500})
    assert bad.status_code == 400
    assert "Médiathèque de Redon" in client.get("/accessibility").get_data(as_text=True)
    stranger = app.test_client()
    own = form | {"csrf_token": csrf_token(stranger, "/admin/login"), "entity": "Pirate"}
    assert stranger.post("/admin/accessibility", data=own).headers["Location"].startswith("/admin/login")
    assert "Pirate" not in client.get("/accessibility").get_data(as_text=True)
