"""The moderator's attendance panel, optional check-in questions, returning phones and registrations."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.data.models import Registration
from kiosk.extensions import db
from kiosk.rules import attendance, registrations, workshops
from kiosk.rules.refusals import Refused

from .helpers import ask, become_moderator, check_in, client_id, french_csv_rows, gen_workshop


def settings(app, code, **values):
    moderator = become_moderator(app, app.test_client(), code)
    assert moderator.patch(f"/api/workshops/{code}", json=values).status_code == 200
    return moderator


def exported(moderator, code):
    """The attendees as the moderator exports them, by name."""
    text = moderator.get(f"/api/workshops/{code}/export/attendees.csv").get_data(as_text=True)
    return {row["Prénom ou pseudo"]: row for row in french_csv_rows(text)}


@pytest.mark.parametrize(
    ("typed", "registered"), [("marie dupont", "Marie Dupont"), ("  Hélène ", "helene"), ("JOSÉ", "José")]
)
def test_names_match_whatever_the_case_accents_and_spaces(typed, registered):
    assert attendance.same_name(typed) == attendance.same_name(registered)


# The accents a French keyboard types on each letter, and the letters of a name without them.
ACCENTED = {"a": "àâä", "c": "ç", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "y": "ÿ"}
PLAIN_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -'", min_size=1, max_size=20).filter(str.strip)


@given(name=PLAIN_NAME, data=st.data())
def test_a_name_typed_with_other_accents_capitals_or_spaces_is_the_same_name(name, data):
    typed = "".join(
        data.draw(st.sampled_from([letter, *ACCENTED.get(letter, "")])) if letter != " " else " " * 3
        for letter in name
    )
    if data.draw(st.booleans()):
        typed = typed.upper()
    assert attendance.same_name(" " + typed + " ") == attendance.same_name(name)


@given(name=st.text(max_size=30))
def test_a_folded_name_has_no_accent_and_single_spaces(name):
    folded = attendance.same_name(name)
    assert folded == " ".join(folded.split())
    assert not any(unicodedata.combining(c) for c in folded)


def test_a_phone_from_an_earlier_workshop_is_recognised_and_prefilled(app, client):
    first, second = gen_workshop(app, title="Janvier"), gen_workshop(app, title="Février")
    check_in(client, first, "Odette")
    page = client.get(f"/w/{second}").get_data(as_text=True)
    assert "Content de vous revoir !" in page
    assert 'value="Odette"' in page
    check_in(client, second, "Odette")
    moderator = become_moderator(app, app.test_client(), second)
    assert exported(moderator, second)["Odette"]["Déjà venu"] == "Oui"
    assert "Content de vous revoir" not in app.test_client().get(f"/w/{second}").get_data(as_text=True)


def test_the_door_kiosk_remembers_nobody(app):
    code = gen_workshop(app)
    tablet = become_moderator(app, app.test_client(), code)
    first = tablet.post(
        f"/api/workshops/{code}/attendees", json={"name": "Rose", "client_id": client_id(), "kiosk": True}
    )
    second = tablet.post(
        f"/api/workshops/{code}/attendees", json={"name": "Léon", "client_id": client_id(), "kiosk": True}
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["id"] != second.json["id"]
    assert tablet.get(f"/api/workshops/{code}").json["me"] is None
    page = tablet.get(f"/w/{code}").get_data(as_text=True)
    assert "Rose" not in page and "Léon" not in page
    # A door screen nobody moderates points people to their phone instead.
    posing = app.test_client().post(
        f"/api/workshops/{code}/attendees", json={"name": "Bot", "client_id": client_id(), "kiosk": True}
    )
    assert posing.status_code == 403


def test_optional_questions_are_stored_only_when_asked(app, client):
    code = gen_workshop(app)
    answers = {"first_visit": True, "age_band": "70_plus", "social_status": "retraite", "commune": "Brest"}
    # Answers sent while the workshop does not ask them are not kept.
    client.post(f"/api/workshops/{code}/attendees", json={"name": "Paul", "client_id": client_id()} | answers)
    moderator = settings(
        app, code, ask_age_band=True, ask_first_visit=True, ask_status=True, ask_commune=True
    )
    other = app.test_client()
    other.post(f"/api/workshops/{code}/attendees", json={"name": "Anne", "client_id": client_id()} | answers)
    rows = exported(moderator, code)
    assert (rows["Paul"]["Tranche d'âge"], rows["Paul"]["Commune"]) == ("", "")
    assert rows["Anne"]["Tranche d'âge"] == "70 ans et plus"
    assert rows["Anne"]["Première visite"] == "Oui"
    assert rows["Anne"]["Situation"] == "Retraité"
    assert rows["Anne"]["Commune"] == "Brest"


def test_prefer_not_to_say_is_stored_as_nothing(app, client):
    code = gen_workshop(app)
    moderator = settings(app, code, ask_age_band=True, ask_first_visit=True)
    page = client.get(f"/w/{code}").get_data(as_text=True)
    assert page.count("Je préfère ne pas répondre") == 2
    client.post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Zoé", "client_id": client_id(), "age_band": "", "first_visit": None},
    )
    assert exported(moderator, code)["Zoé"]["Tranche d'âge"] == ""


@pytest.mark.parametrize(
    "answers", [{"age_band": "centenaire"}, {"first_visit": "peut-être"}, {"commune": "x" * 81}]
)
def test_bad_optional_answers_are_refused_and_nothing_is_stored(app, client, answers):
    code = gen_workshop(app)
    moderator = settings(app, code, ask_age_band=True, ask_first_visit=True, ask_commune=True)
    response = client.post(
        f"/api/workshops/{code}/attendees", json={"name": "Zoé", "client_id": client_id()} | answers
    )
    assert response.status_code == 400
    assert exported(moderator, code) == {}


def test_moderator_adds_a_walk_in_even_when_full(app):
    code = gen_workshop(app, capacity=1)
    check_in(app.test_client(), code, "Marie")
    moderator = become_moderator(app, app.test_client(), code)
    response = moderator.post(
        f"/api/workshops/{code}/attendees", json={"name": "Robert", "client_id": client_id(), "walk_in": True}
    )
    assert response.json["status"] == "present"
    assert moderator.get(f"/api/workshops/{code}").json["me"] is None


def test_a_participant_cannot_pretend_to_be_the_moderator(app, client):
    code = gen_workshop(app, capacity=1)
    check_in(app.test_client(), code, "Marie")
    response = client.post(
        f"/api/workshops/{code}/attendees", json={"name": "Robert", "client_id": client_id(), "walk_in": True}
    )
    assert response.status_code == 403


def test_admit_from_the_waiting_list(app):
    code = gen_workshop(app, capacity=1)
    check_in(app.test_client(), code, "Marie")
    late = app.test_client()
    waiting = check_in(late, code, "Paul").json
    moderator = become_moderator(app, app.test_client(), code)
    assert (
        moderator.patch(f"/api/attendees/{waiting['id']}", json={"status": "present"}).json["status"]
        == "present"
    )
    assert late.get(f"/api/workshops/{code}").json["me"]["status"] == "present"


def test_rename_merge_and_remove(app):
    code = gen_workshop(app)
    phone = app.test_client()
    marie = check_in(phone, code, "Marie").json
    question = ask(phone, code, "Ma question").json
    moderator = become_moderator(app, app.test_client(), code)
    twin = moderator.post(
        f"/api/workshops/{code}/attendees", json={"name": "Marie D", "client_id": client_id(), "kiosk": True}
    ).json
    assert (
        moderator.patch(f"/api/attendees/{marie['id']}", json={"name": "Marie Dupont"}).json["name"]
        == "Marie Dupont"
    )
    merged = moderator.post(f"/api/attendees/{twin['id']}/merge", json={"into": marie["id"]})
    assert merged.status_code == 200
    assert list(exported(moderator, code)) == ["Marie Dupont"]
    assert moderator.delete(f"/api/attendees/{marie['id']}", json={}).status_code == 200
    assert exported(moderator, code) == {}
    remaining = moderator.get(f"/api/workshops/{code}/questions").json["questions"]
    assert [(q["id"], q["asked_by"]) for q in remaining] == [(question["id"], None)]


def test_merge_into_oneself_or_another_workshop_is_refused(app):
    code, other = gen_workshop(app), gen_workshop(app, title="Autre")
    marie = check_in(app.test_client(), code, "Marie").json
    paul = check_in(app.test_client(), other, "Paul").json
    moderator = become_moderator(app, app.test_client(), code)
    for into in (marie["id"], paul["id"], "x"):
        response = moderator.post(f"/api/attendees/{marie['id']}/merge", json={"into": into})
        assert response.status_code == 400


def test_attendance_panel_is_moderator_only(app, client):
    code = gen_workshop(app)
    marie = check_in(client, code, "Marie").json
    assert client.patch(f"/api/attendees/{marie['id']}", json={"name": "Hack"}).status_code == 403
    assert client.delete(f"/api/attendees/{marie['id']}", json={}).status_code == 403
    assert client.get(f"/api/workshops/{code}/registrations").status_code == 403


def test_head_count_makes_the_total_right(app):
    code = gen_workshop(app)
    check_in(app.test_client(), code, "Marie")
    moderator = settings(app, code, head_count=3)
    with app.app_context():
        from kiosk.rules import workshops

        summary = attendance.summary(workshops.by_code(code))
    assert (summary["present"], summary["head_count"], summary["total"]) == (1, 3, 4)
    assert moderator.patch(f"/api/workshops/{code}", json={"head_count": -1}).status_code == 400


def test_a_phone_or_an_email_is_kept_only_with_the_persons_consent(app):
    with app.app_context():
        workshop = workshops.create("Café numérique")
        for contact in ({"phone": "06 12 34 56 78"}, {"email": "jeanne@example.fr"}):
            with pytest.raises(Refused) as refused:
                registrations.register(workshop, "Jeanne", client_id(), **contact)
            assert refused.value.reason == "contact_without_consent"
        assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0
        nameonly, _ = registrations.register(workshop, "Paul", client_id())
        agreed, _ = registrations.register(workshop, "Jeanne", client_id(), phone="0612345678", consent=True)
        assert (nameonly.phone, agreed.phone) == (None, "0612345678")


def test_registrations_before_the_day(app):
    code = gen_workshop(app, capacity=2)
    moderator = become_moderator(app, app.test_client(), code)

    def register(name, **contact):
        return moderator.post(
            f"/api/workshops/{code}/registrations", json={"name": name, "client_id": client_id()} | contact
        )

    assert register("Jeanne Martin", phone="06 12 34 56 78", consent=True).status_code == 201
    assert register("Hélène Roux").json["waiting"] is False
    assert register("Paul Petit").json["waiting"] is True
    refused = register("Sans Accord", email="a@b.fr")
    assert refused.status_code == 400 and "accord" in refused.json["error"]
    # At the door, Hélène types her name on her phone; it matches, and the list stays private.
    phone = app.test_client()
    check_in(phone, code, "helene roux")
    assert "Jeanne" not in phone.get(f"/w/{code}").get_data(as_text=True)
    listed = {
        r["name"]: r for r in moderator.get(f"/api/workshops/{code}/registrations").json["registrations"]
    }
    assert listed["Hélène Roux"]["present"] is True
    # Jeanne arrives without a phone: one tap by the moderator.
    tap = moderator.post(
        f"/api/registrations/{listed['Jeanne Martin']['id']}/present", json={"client_id": client_id()}
    )
    assert tap.json["name"] == "Jeanne Martin"
    # Paul, waiting, gets a place when someone cancels.
    check_in(app.test_client(), code, "Walk In")
    moderator.delete(f"/api/registrations/{listed['Hélène Roux']['id']}", json={})
    listed = {
        r["name"]: r for r in moderator.get(f"/api/workshops/{code}/registrations").json["registrations"]
    }
    assert listed["Paul Petit"]["waiting"] is False
    with app.app_context():
        from kiosk.rules import workshops

        summary = attendance.summary(workshops.by_code(code))
    assert summary["registered"] == 2
    assert summary["registered_present"] == 1
    assert summary["registered_absent"] == 1
    assert summary["attendance_rate"] == 50
