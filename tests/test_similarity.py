"""'Same question?': real French questions that must match, and near misses that must not."""

import pytest

from kiosk.rules import similarity

SAME = [
    ("Comment envoyer une photo par mail ?", "Comment on envoie des photos par e-mail"),
    ("J’ai oublié mon mot de passe", "Mot de passe oublié, que faire ?"),
    ("Comment mettre à jour mon téléphone ?", "mise à jour du telephone"),
    ("Où sont mes photos sur la tablette ?", "Sur la tablette, où sont les photos ?"),
    ("COMMENT CRÉER UNE ADRESSE E-MAIL ?", "comment creer une adresse email"),
    (
        "Je voudrais savoir comment faire une visio avec ma petite-fille",
        "Faire une visio avec ma petite fille",
    ),
]
DIFFERENT = [
    ("Comment envoyer une photo par mail ?", "Comment supprimer une photo ?"),
    ("Comment sauvegarder mes photos ?", "Comment sauvegarder mes contacts ?"),
    ("C’est quoi le cloud ?", "C’est quoi un virus ?"),
    ("Comment payer en ligne ?", "Comment prendre rendez-vous chez le médecin en ligne ?"),
    ("Mon téléphone est lent", "Mon ordinateur est lent"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_question_written_differently_matches(a, b):
    assert similarity.score(a, b) >= similarity.SAME, (a, b, similarity.score(a, b))
    assert similarity.score(b, a) == similarity.score(a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_near_misses_about_something_else_do_not_match(a, b):
    assert similarity.score(a, b) < similarity.SAME, (a, b, similarity.score(a, b))


def test_filler_words_alone_match_nothing():
    assert similarity.score("Comment on fait ?", "Comment on fait ?") == 0.0
    assert similarity.words("Bonjour, c’est quoi ça ?") == []


def test_alike_gives_the_closest_first_and_no_more_than_asked():
    board = [
        (1, "Comment supprimer une photo ?"),
        (2, "Envoyer des photos par mail"),
        (3, "Photo par e-mail"),
    ]
    found = similarity.alike("Comment envoyer une photo par mail ?", board)
    assert [key for key, _score in found] == [2, 3]
    assert similarity.alike("Comment envoyer une photo par mail ?", board, limit=1)[0][0] == 2


def test_groups_gather_what_says_the_same_largest_first():
    texts = ["Les mots de passe", "Mot de passe oublié", "Le cloud", "Mots de passe", "Les virus"]
    grouped = similarity.groups(texts)
    assert grouped[0] == ["Les mots de passe", "Mot de passe oublié", "Mots de passe"]
    assert sorted(g[0] for g in grouped[1:]) == ["Le cloud", "Les virus"]


def test_a_person_typing_sees_the_boards_questions_that_look_like_theirs(app, client):
    from .helpers import ask, become_moderator, check_in, gen_workshop

    code = gen_workshop(app, phase="questions")
    check_in(client, code, "Marie")
    photo = ask(client, code, "Comment envoyer une photo par mail ?", anonymous=False).json
    ask(client, code, "Comment supprimer une photo ?")
    moderator = become_moderator(app, app.test_client(), code)
    hidden = ask(client, code, "Envoyer des photos par e-mail").json
    moderator.patch(f"/api/questions/{hidden['id']}", json={"status": "hidden"})
    found = app.test_client().get(
        f"/api/workshops/{code}/same-questions?text=on+envoie+des+photos+par+e-mail"
    )
    # Only what the board shows: not the hidden twin.
    assert [q["id"] for q in found.json["questions"]] == [photo["id"]]
    assert client.get(f"/api/workshops/{code}/same-questions?text=").json == {"questions": []}
    too_long = client.get(f"/api/workshops/{code}/same-questions?text={'a' * 300}")
    assert too_long.status_code == 400 and "trop longue" in too_long.json["error"]


def test_the_moderator_is_offered_each_repeat_to_merge_into_the_older_question(app, client):
    from .helpers import ask, become_moderator, check_in, gen_workshop

    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    first = ask(client, code, "Mot de passe oublié, que faire ?").json
    ask(client, code, "Comment sauvegarder mes contacts ?")
    again = ask(client, code, "J’ai oublié mon mot de passe").json
    assert client.get(f"/api/workshops/{code}/merges").status_code == 403
    moderator = become_moderator(app, app.test_client(), code)
    (merge,) = moderator.get(f"/api/workshops/{code}/merges").json["merges"]
    assert (merge["id"], merge["into"]) == (again["id"], first["id"])
    moderator.post(f"/api/questions/{again['id']}/merge", json={"into": first["id"]})
    assert moderator.get(f"/api/workshops/{code}/merges").json["merges"] == []


def test_each_repeat_names_its_one_twin_and_the_suggestions_follow_the_questions(app, client):
    from .helpers import ask, become_moderator, check_in, gen_workshop

    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    moderator = become_moderator(app, app.test_client(), code)
    first = ask(client, code, "Mot de passe oublié, que faire ?").json
    second = ask(client, code, "J’ai oublié mon mot de passe").json
    third = ask(client, code, "Oublié le mot de passe de ma boîte mail").json

    def twins():
        merges = moderator.get(f"/api/workshops/{code}/merges").json["merges"]
        return {m["id"]: (m["into"], m["into_text"]) for m in merges}

    # Every repeat goes into the oldest one, never into another repeat.
    assert twins() == {q["id"]: (first["id"], first["text"]) for q in (second, third)}
    # The oldest one reworded: the repeats now go into the next oldest.
    moderator.patch(f"/api/questions/{first['id']}", json={"text": "Comment changer la sonnerie ?"})
    assert twins() == {third["id"]: (second["id"], second["text"])}
    # A question set aside as seen together is no longer one to merge.
    moderator.patch(f"/api/questions/{second['id']}", json={"status": "resolved"})
    assert twins() == {}
