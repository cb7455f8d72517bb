"""End-of-session feedback: one answer per attendee, the score of the three faces, no-JS form."""

from datetime import timedelta

import pytest

from kiosk.data.database import now
from kiosk.extensions import db
from kiosk.rules import satisfaction, workshops

from .helpers import become_moderator, check_in, client_id, gen_workshop


def give(client, code, **answers):
    return client.post(f"/api/workshops/{code}/feedback", json={"client_id": client_id()} | answers)


@pytest.mark.parametrize(
    ("ratings", "score"),
    [([], None), (["good"], 10), (["good", "bad"], 5), (["good", "medium", "medium"], 6.7), (["bad"] * 3, 0)],
)
def test_score_out_of_ten_from_the_three_faces(ratings, score):
    assert satisfaction.score(ratings) == score


def test_second_answer_replaces_the_first(app, client):
    code = gen_workshop(app, phase="feedback")
    check_in(client, code)
    first = give(client, code, rating="bad")
    second = give(client, code, rating="good", learned="yes", next_topic="Les mots de passe")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["id"] == second.json["id"]
    moderator = become_moderator(app, app.test_client(), code)
    csv = moderator.get(f"/api/workshops/{code}/export/feedback.csv").get_data(as_text=True)
    assert csv.count("\n") == 2
    assert "Très bien;Oui;;Les mots de passe" in csv


def test_feedback_needs_a_face_and_a_checked_in_person(app, client):
    code = gen_workshop(app, phase="feedback")
    assert give(client, code, rating="good").status_code == 403
    check_in(client, code)
    missing = give(client, code)
    assert missing.status_code == 400
    assert "Choisissez un visage" in missing.json["error"]
    assert give(client, code, rating="great").status_code == 400


def test_feedback_without_javascript(app, client):
    code = gen_workshop(app, phase="feedback")
    page = client.get(f"/w/{code}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post(f"/w/{code}/checkin", data={"csrf_token": token, "client_id": client_id(), "name": "Lou"})
    response = client.post(
        f"/w/{code}/feedback",
        data={"csrf_token": token, "client_id": client_id(), "rating": "medium", "at_ease": "a_bit"},
        follow_redirects=True,
    )
    assert "Merci ! Votre avis est bien reçu." in response.get_data(as_text=True)


def test_feedback_waits_for_its_step_and_ends_after_the_grace_period(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    early = give(client, code, rating="good")
    assert early.status_code == 409
    assert "pas encore venu" in early.json["error"]
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/workshops/{code}", json={"phase": "feedback"})
    assert give(client, code, rating="bad").status_code == 201
    moderator.patch(f"/api/workshops/{code}", json={"phase": "closed"})
    assert give(client, code, rating="medium").status_code == 200  # still typing when it closed
    with app.app_context():
        workshop = workshops.by_code(code)
        workshop.closed_at = now() - timedelta(minutes=31)
        db.session.commit()
    late = give(client, code, rating="good")
    assert late.status_code == 409
    assert "passé" in late.json["error"]
    with app.app_context():
        assert satisfaction.summary(workshops.by_code(code))["rating"]["medium"] == 1


def test_ratings_posted_during_check_in_are_refused(app):
    code = gen_workshop(app)
    answers = []
    for n in range(9):
        phone = app.test_client()  # fresh cookies each time
        check_in(phone, code, f"Bot {n}")
        answers.append(give(phone, code, rating="bad").status_code)
    assert answers == [409] * 9
    with app.app_context():
        assert satisfaction.summary(workshops.by_code(code))["count"] == 0


def test_the_report_explains_answers_given_at_the_door(app):
    code = gen_workshop(app, phase="feedback")
    door = become_moderator(app, app.test_client(), code)
    for _n in range(2):
        door.post(
            f"/api/workshops/{code}/feedback",
            json={"client_id": client_id(), "rating": "good", "kiosk": True},
        )
    report = door.get(f"/w/{code}/report").get_data(as_text=True)
    assert "2 avis viennent de l’écran d’accueil" in report


def test_a_phone_reloaded_just_after_closing_still_shows_the_form(app, client):
    code = gen_workshop(app, phase="feedback")
    check_in(client, code)
    moderator = become_moderator(app, app.test_client(), code)
    moderator.patch(f"/api/workshops/{code}", json={"phase": "closed"})
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert "data-feedback data-needs-place data-taking" in page
    with app.app_context():
        workshop = workshops.by_code(code)
        workshop.closed_at = now() - timedelta(minutes=31)
        db.session.commit()
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert "data-taking" not in page
