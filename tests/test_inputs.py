"""Whatever a browser sends, the answer is a plain sentence and nothing half-stored, never a 500."""

import pytest

from kiosk.rules import pulse, workshops

from .helpers import ask, become_moderator, become_organiser, check_in, client_id, csrf_token, gen_workshop

HUGE = "99999999999999999999"


def test_a_face_sent_as_a_list_is_refused_plainly(app, client):
    code = gen_workshop(app, phase="feedback")
    check_in(client, code)
    answer = client.post(
        f"/api/workshops/{code}/feedback", json={"client_id": client_id(), "rating": ["good"]}
    )
    assert (answer.status_code, answer.json) == (400, {"error": "Choisissez un visage."})
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.put(f"/api/workshops/{code}/feedback/paper", json={}).json["count"] == 0


def test_a_theme_sent_as_a_list_is_refused_plainly(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    question = ask(client, code).json
    moderator = become_moderator(app, app.test_client(), code)
    answer = moderator.patch(f"/api/questions/{question['id']}", json={"theme": ["email"]})
    assert (answer.status_code, answer.json) == (400, {"error": "Choisissez une thématique de la liste."})


def test_a_level_sent_as_an_object_is_refused_plainly(app, client):
    code = gen_workshop(app)
    become_moderator(app, client, code)
    answer = client.patch(f"/api/workshops/{code}", json={"title": "Autre titre", "level": {}})
    assert (answer.status_code, answer.json) == (400, {"error": "Choisissez un niveau de la liste."})
    assert client.get(f"/api/workshops/{code}").json["title"] == "Premiers pas sur tablette"


def test_an_id_of_twenty_digits_in_any_api_path_is_refused_plainly(app, client):
    code = gen_workshop(app)
    become_moderator(app, client, code)
    spec = client.get("/api/openapi.json").json
    tried = 0
    for path, operations in spec["paths"].items():
        if "_id}" not in path:
            continue
        ids = ("attendee_id", "question_id", "help_id", "registration_id", "poll_id")
        url = path.format(code=code, **dict.fromkeys(ids, HUGE))
        for method in operations:
            if method == "parameters":
                continue
            answer = client.open(url, method=method.upper(), json={"client_id": client_id(), "into": 1})
            assert answer.status_code == 400, (method, url)
            assert "trop grand" in answer.json["error"]
            tried += 1
    assert tried >= 10


def test_an_id_of_twenty_digits_in_the_organisers_pages_is_refused_plainly(app):
    organiser = become_organiser(app, app.test_client())
    answer = organiser.get(f"/admin/people/attendee/{HUGE}.json")
    assert answer.status_code == 400
    assert "trop grand" in answer.get_data(as_text=True)


def test_json_nested_thirty_thousand_deep_is_refused_plainly(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    deep = "[" * 30_000 + "]" * 30_000
    answer = client.post(f"/api/workshops/{code}/questions", data=deep, content_type="application/json")
    assert (answer.status_code, answer.json) == (400, {"error": "Envoyez les données en JSON."})


def test_a_lone_surrogate_in_a_question_is_refused_and_nothing_is_stored(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    body = '{"text": "Mon \\ud800 mot de passe", "client_id": "abcdefgh1234"}'
    answer = client.post(f"/api/workshops/{code}/questions", data=body, content_type="application/json")
    assert answer.status_code == 400
    assert (
        answer.json["error"] == "Il y a un signe caché dans votre texte. Effacez tout et écrivez à nouveau."
    )
    assert client.get(f"/api/workshops/{code}/questions").json["questions"] == []


@pytest.mark.parametrize("typed", ["²", "١٢", "12.5", "-3", "douze"])
def test_a_number_field_that_is_not_digits_is_refused_plainly(app, typed):
    organiser = become_organiser(app, app.test_client())
    form = {
        "csrf_token": csrf_token(organiser, "/admin/workshops/new"),
        "title": "Premiers pas",
        "starts_at": "2026-12-01T14:00",
        "capacity": typed,
        "duration_minutes": "90",
    }
    answer = organiser.post("/admin/workshops/new", data=form)
    assert answer.status_code == 400
    assert "Écrivez un nombre de places de 1 à 1000." in answer.get_data(as_text=True)


def test_a_retention_of_superscript_two_months_is_refused_and_the_setting_kept(app):
    organiser = become_organiser(app, app.test_client())
    token = csrf_token(organiser, "/admin/")
    answer = organiser.post(
        "/admin/retention", data={"csrf_token": token, "months": "²"}, follow_redirects=True
    )
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "Choisissez une durée de conservation de 1 à 36 mois." in page


def test_a_reversed_period_is_refused_with_a_plain_sentence(app):
    organiser = become_organiser(app, app.test_client())
    answer = organiser.get("/admin/period?from=2026-10-31&to=2026-10-01")
    assert answer.status_code == 400
    assert "La date de fin vient avant la date de début." in answer.get_data(as_text=True)
    assert organiser.get("/admin/period.csv?from=0001-01-01").status_code == 400
    assert organiser.get("/admin/period?from=2026-10-01&to=2026-10-31").status_code == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"commune": "x" * 81}, "Le nom de votre commune est trop long. Écrivez 80 lettres au plus."),
        ({"age_band": "vieux"}, "Choisissez votre âge dans la liste."),
        ({"first_visit": "peut-être"}, "Dites si c’est votre première visite, ou ne répondez pas."),
        ({"client_id": "court"}, "Ça n’a pas marché. Fermez la page et ouvrez-la à nouveau."),
    ],
)
def test_each_field_is_refused_with_its_own_whole_sentence(app, client, body, message):
    code = gen_workshop(app, ask_commune=True, ask_age_band=True, ask_first_visit=True)
    answer = client.post(
        f"/api/workshops/{code}/attendees", json={"name": "Marie", "client_id": client_id()} | body
    )
    assert (answer.status_code, answer.json) == (400, {"error": message})
    assert client.get(f"/api/workshops/{code}").json["attendance"]["present"] == 0


def test_a_too_short_question_says_how_many_letters_in_the_readers_language(app, client):
    code = gen_workshop(app)
    check_in(client, code)
    assert (
        ask(client, code, "ok").json["error"] == "Votre question est trop courte. Écrivez au moins 3 lettres."
    )
    client.get("/lang/uk")
    refused = ask(client, code, "ok").json["error"]
    assert "3" in refused and "Votre" not in refused


@pytest.mark.parametrize("looks_like_yes_or_no", [0.0, 1, "true", "oui"])
def test_a_yes_or_no_sent_as_a_number_or_a_word_is_refused_plainly(app, client, looks_like_yes_or_no):
    code = gen_workshop(app)
    check_in(client, code)
    sent = {"client_id": client_id(), "kind": "lost", "kiosk": looks_like_yes_or_no}
    answer = client.post(f"/api/workshops/{code}/pulse", json=sent)
    assert answer.status_code == 400 and answer.json["error"]
    # Nothing was counted: the moderator's pulse is still quiet.
    with app.app_context():
        assert pulse.counts(workshops.by_code(code)) == {"lost": 0, "slower": 0}
    refused = client.post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Paul", "client_id": client_id(), "first_visit": looks_like_yes_or_no},
    )
    assert refused.status_code == 400
