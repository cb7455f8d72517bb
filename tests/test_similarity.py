"""'Same question?': real French questions that must match, and near misses that must not."""

import pytest

from kiosk.rules import similarity

SAME = [
    ("Comment envoyer une photo par mail ?", "Comment on envoie des photos par e-mail"),
    ("J’ai oublié mon mot de passe", "Mot de passe oublié, que faire ?"),
    ("Comment mettre à jour mon téléphone ?", "mise à jour du telephone"),
    ("Où sont mes photos sur la tablette ?", "Sur la tablette, où sont les photos ?"),
    ("COMMENT CRÉER UNE ADRESSE E-MAIL ?", "comment creer une adresse email"),
    ("Je voudrais savoir comment faire une visio avec ma petite-fille", "Faire une visio avec ma petite fille"),
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
    board = [(1, "Comment supprimer une photo ?"), (2, "Envoyer des photos par mail"), (3, "Photo par e-mail")]
    found = similarity.alike("Comment envoyer une photo par mail ?", board)
    assert [key for key, _score in found] == [2, 3]
    assert similarity.alike("Comment envoyer une photo par mail ?", board, limit=1)[0][0] == 2


def test_groups_gather_what_says_the_same_largest_first():
    texts = ["Les mots de passe", "Mot de passe oublié", "Le cloud", "Mots de passe", "Les virus"]
    grouped = similarity.groups(texts)
    assert grouped[0] == ["Les mots de passe", "Mot de passe oublié", "Mots de passe"]
    assert sorted(g[0] for g in grouped[1:]) == ["Le cloud", "Les virus"]
