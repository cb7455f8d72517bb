"""Answers people can keep, prepared questions brought to the board one by one, and what comes back."""

from datetime import UTC, datetime

import sqlalchemy as sa

from kiosk.data.models import Question, Workshop
from kiosk.extensions import db, socketio
from kiosk.rules import takeaways, venues, workshops

from .helpers import ask, become_moderator, check_in, client_id, gen_workshop


def test_the_moderator_adds_an_answer_and_a_link_that_phones_and_the_take_home_page_show(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Germaine")
    question = ask(client, code, "Comment refaire ma carte Vitale ?", anonymous=False).json
    moderator = become_moderator(app, app.test_client(), code)
    screen = socketio.test_client(app, auth={"code": code, "role": "public"})
    screen.get_received()
    changed = moderator.patch(
        f"/api/questions/{question['id']}",
        json={"answer": "  Sur le compte   ameli, rubrique « Mes démarches ».", "link": "www.ameli.fr"},
    )
    assert changed.status_code == 200
    # Cleaned like every text, and the link made one a browser opens.
    assert changed.json["answer"] == "Sur le compte ameli, rubrique « Mes démarches »."
    assert changed.json["link"] == "https://www.ameli.fr"
    (event,) = [e for m in screen.get_received() for e in m["args"][0]["events"] if e["kind"] == "question"]
    assert event["data"]["answer"].startswith("Sur le compte ameli")
    moderator.patch(f"/api/workshops/{code}", json={"phase": "closed"})
    page = client.get(f"/w/{code}/handout").get_data(as_text=True)
    assert "Sur le compte ameli" in page and 'href="https://www.ameli.fr"' in page
    # The take-home page leaves the room: no names on it.
    assert "Germaine" not in page


def test_a_link_must_be_a_web_page_and_an_answer_short(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    question = ask(client, code).json
    moderator = become_moderator(app, app.test_client(), code)
    url = f"/api/questions/{question['id']}"
    for link in ("javascript:alert(1)", "data:text/html,<script>", "ftp://exemple.fr", "mon site"):
        refused = moderator.patch(url, json={"link": link})
        assert refused.status_code == 400 and "adresse de page web" in refused.json["error"], link
    assert "trop longue" in moderator.patch(url, json={"answer": "a" * 501}).json["error"]
    assert client.patch(url, json={"answer": "Moi je sais"}).status_code == 403
    # An answer can be taken back.
    moderator.patch(url, json={"answer": "Oui", "link": "https://exemple.fr"})
    cleared = moderator.patch(url, json={"answer": "", "link": ""}).json
    assert (cleared["answer"], cleared["link"]) == ("", "")


def test_prepared_questions_wait_off_the_board_and_come_one_by_one(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    moderator = become_moderator(app, app.test_client(), code)
    prepared = [
        moderator.post(f"/api/workshops/{code}/prepared", json={"text": text, "client_id": client_id()}).json
        for text in ("Qu’est-ce qu’un mot de passe solide ?", "Comment reconnaître un faux SMS ?")
    ]
    assert all(p["status"] == "prepared" for p in prepared)
    assert client.get(f"/api/workshops/{code}/questions").json["questions"] == []
    assert moderator.get(f"/api/workshops/{code}/questions").json["questions"] == []
    assert (
        client.post(f"/api/questions/{prepared[0]['id']}/vote", json={"client_id": client_id()}).status_code
        == 404
    )
    assert client.post(f"/api/questions/{prepared[0]['id']}/bring", json={}).status_code == 403
    brought = moderator.post(f"/api/questions/{prepared[0]['id']}/bring", json={})
    assert brought.json["status"] == "current"
    (shown,) = client.get(f"/api/workshops/{code}/questions").json["questions"]
    assert shown["text"].startswith("Qu’est-ce") and shown["status"] == "current"
    assert moderator.post(f"/api/questions/{prepared[0]['id']}/bring", json={}).status_code == 409
    # The next one takes its place; the first goes back to the list.
    moderator.post(f"/api/questions/{prepared[1]['id']}/bring", json={})
    statuses = {
        q["text"][:5]: q["status"] for q in client.get(f"/api/workshops/{code}/questions").json["questions"]
    }
    assert statuses == {"Qu’es": "open", "Comme": "current"}
    third = moderator.post(
        f"/api/workshops/{code}/prepared", json={"text": "Inutile", "client_id": client_id()}
    )
    assert moderator.delete(f"/api/questions/{third.json['id']}/prepared", json={}).json == {
        "removed": third.json["id"]
    }
    assert moderator.delete(f"/api/questions/{prepared[1]['id']}/prepared", json={}).status_code == 409


def test_the_moderator_console_hears_prepared_questions(app):
    code = gen_workshop(app, phase="checkin")
    moderator = become_moderator(app, app.test_client(), code)
    console = socketio.test_client(app, flask_test_client=moderator, auth={"code": code, "role": "moderator"})
    assert console.get_received()[0]["args"][0]["prepared"] == []
    moderator.post(f"/api/workshops/{code}/prepared", json={"text": "Préparée", "client_id": client_id()})
    (event,) = [e for m in console.get_received() for e in m["args"][0]["events"] if e["kind"] == "prepared"]
    assert [p["text"] for p in event["data"]] == ["Préparée"]


def test_what_was_left_for_later_comes_back_in_next_weeks_workshop(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Marie")
    moderator = become_moderator(app, app.test_client(), code)
    texts = {
        "later": "Pour plus tard",
        "open": "Sans réponse",
        "resolved": "Vue ensemble",
        "hidden": "Cachée",
    }
    for status, text in texts.items():
        question = ask(client, code, text, anonymous=False).json
        if status != "open":
            moderator.patch(f"/api/questions/{question['id']}", json={"status": status})
    with app.app_context():
        copy = workshops.duplicate_a_week_later(workshops.by_code(code))
        carried = db.session.scalars(sa.select(Question).where(Question.workshop_id == copy.id)).all()
        assert sorted(q.text for q in carried) == ["Pour plus tard", "Sans réponse"]
        # Brought back as the moderator's own: nobody's name comes with them.
        assert all(q.status == "prepared" and q.attendee_id is None and q.anonymous for q in carried)


def left_for_later(app, client, code, texts):
    """Ask `texts` in the workshop, leave the first for later and the others open, and see the rest together."""
    check_in(client, code, "Marie")
    moderator = become_moderator(app, app.test_client(), code)
    for status, text in zip(["later", "open", "resolved"], texts, strict=False):
        question = ask(client, code, text).json
        if status != "open":
            moderator.patch(f"/api/questions/{question['id']}", json={"status": status})


def prepared_in(app, code):
    with app.app_context():
        workshop = workshops.by_code(code)
        return sorted(q["text"] for q in takeaways.prepared(workshop))


def test_the_next_workshop_of_a_series_gets_the_previous_ones_left_overs_once(app, client, organiser):
    from .test_venues import new_workshop

    with app.app_context():
        series = venues.new_series("Tablette")
        db.session.commit()
        series_id = series.id
    first = gen_workshop(
        app, phase="questions", series_id=series_id, starts_at=datetime(2026, 12, 3, 13, tzinfo=UTC)
    )
    left_for_later(app, client, first, ["Pour plus tard", "Sans réponse", "Vue ensemble"])
    # An older date of the series, with its own left-overs: the latest earlier one is the one that counts.
    older = gen_workshop(app, series_id=series_id, starts_at=datetime(2026, 11, 26, 13, tzinfo=UTC))
    with app.app_context():
        db.session.add(
            Question(workshop_id=workshops.by_code(older).id, text="Plus ancienne", client_id=client_id())
        )
        db.session.commit()

    page = new_workshop(organiser, series=str(series_id), starts_at="2026-12-10T14:00")
    assert "Atelier créé" in page.get_data(as_text=True)
    with app.app_context():
        second = db.session.scalar(sa.select(Workshop).order_by(Workshop.id.desc())).code
    assert prepared_in(app, second) == ["Pour plus tard", "Sans réponse"]
    # A second later date does not get them again: the oldest date's left-over comes instead.
    new_workshop(organiser, series=str(series_id), starts_at="2026-12-17T14:00")
    with app.app_context():
        third = db.session.scalar(sa.select(Workshop).order_by(Workshop.id.desc())).code
    assert prepared_in(app, third) == ["Plus ancienne"]
    # Duplicating the first one now brings nothing back twice either.
    with app.app_context():
        copy = workshops.duplicate_a_week_later(workshops.by_code(first)).code
    assert prepared_in(app, copy) == []
    # Outside any series, a new workshop starts with no prepared question.
    assert prepared_in(app, gen_workshop(app)) == []


def test_a_duplicated_workshop_takes_its_own_left_overs_even_with_a_date_in_between(app, client):
    with app.app_context():
        series = venues.new_series("Tablette")
        db.session.commit()
        series_id = series.id
    first = gen_workshop(
        app, phase="questions", series_id=series_id, starts_at=datetime(2026, 12, 3, 13, tzinfo=UTC)
    )
    left_for_later(app, client, first, ["Pour plus tard"])
    between = gen_workshop(app, series_id=series_id, starts_at=datetime(2026, 12, 5, 13, tzinfo=UTC))
    assert prepared_in(app, between) == ["Pour plus tard"]
    with app.app_context():
        for code, text in ((between, "Du samedi"), (first, "Encore une")):
            db.session.add(Question(workshop_id=workshops.by_code(code).id, text=text, client_id=client_id()))
        db.session.commit()
        copy = workshops.duplicate_a_week_later(workshops.by_code(first)).code
    # The series' latest date before the copy gives its own, and the workshop copied gives the rest.
    assert prepared_in(app, copy) == ["Du samedi", "Encore une"]
