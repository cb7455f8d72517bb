"""Each question gets a suggested thématique from keyword lists the organiser edits."""

import pytest

from kiosk.rules import themes

from .helpers import ask, become_moderator, check_in, csrf_token, gen_workshop


@pytest.mark.parametrize(
    ("question", "theme"),
    [
        ("J’ai oublié mon mot de passe", "securite_numerique"),
        ("Comment prendre rendez-vous sur Doctolib ?", "sante"),
        ("Comment déclarer mes impôts en ligne ?", "aide_aux_demarches_administratives"),
        ("Comment SAUVEGARDER mes photos ?", "gere_ses_contenus_numeriques"),
        ("C’est quoi ChatGPT ?", "intelligence_artificielle"),
        ("Bonjour, j’ai une question", None),
        # "Comment" is not "commande", "téléphone" not "télécharger": no banking, no installing.
        ("Comment faire ?", None),
    ],
)
def test_a_question_gets_the_thematique_whose_words_it_uses(question, theme):
    assert themes.suggest(question, themes.DEFAULT_KEYWORDS) == theme


def test_the_moderator_finds_the_suggestion_and_may_change_it(app, client):
    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    question = ask(client, code, "Comment éviter les arnaques et les virus ?").json
    moderator = become_moderator(app, app.test_client(), code)
    (seen,) = moderator.get(f"/api/workshops/{code}/questions").json["questions"]
    assert seen["theme"] == "securite_numerique"
    changed = moderator.patch(f"/api/questions/{question['id']}", json={"theme": "reseaux_sociaux"}).json
    assert changed["theme"] == "reseaux_sociaux"


def test_the_organiser_edits_the_keyword_lists(app, organiser, client):
    page = organiser.get("/admin/themes").get_data(as_text=True)
    assert "Mots-clés des thématiques" in page and "doctolib" in page
    token = csrf_token(organiser, "/admin/themes")
    saved = organiser.post(
        "/admin/themes",
        data={"csrf_token": token, "culture_numerique": "Tricot,  CROCHET , tricot", "sante": "ameli"},
        follow_redirects=True,
    )
    assert "Mots-clés enregistrés" in saved.get_data(as_text=True)
    with app.app_context():
        lists = themes.keywords()
    assert lists["culture_numerique"] == ["tricot", "crochet"]
    code = gen_workshop(app, phase="questions")
    check_in(client, code)
    ask(client, code, "Un site de tricot ?")
    moderator = become_moderator(app, app.test_client(), code)
    assert (
        moderator.get(f"/api/workshops/{code}/questions").json["questions"][0]["theme"] == "culture_numerique"
    )
    # Only the organiser.
    stranger = app.test_client()
    assert stranger.get("/admin/themes").status_code in (302, 403)
