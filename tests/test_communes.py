"""Communes by code INSEE, offline: the vendored list, looking one up, and finding one from what is typed."""

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.rules import communes


def names(found):
    """The names of the communes found, in order."""
    return [c.name for c in found]


def test_a_commune_is_found_by_its_code():
    blois = communes.find("41018")
    assert (blois.name, blois.postal_codes) == ("Blois", ("41000",))
    assert communes.find(" 2a004 ").name == "Ajaccio"
    assert communes.find("99999") is None
    assert communes.find("") is None
    assert communes.find(None) is None


def test_the_list_holds_every_commune_and_the_arrondissements_the_national_tools_use():
    assert 34_000 < len(communes._entries()) < 36_000
    assert communes.find("75115").name == "Paris 15e Arrondissement"
    assert communes.find("69381").name == "Lyon 1er Arrondissement"
    assert communes.find("13216").name == "Marseille 16e Arrondissement"
    # The whole cities are not codes the Coop knows: people pick their arrondissement.
    assert [communes.find(code) for code in ("75056", "69123", "13055")] == [None, None, None]
    assert communes.find("97411").name == "Saint-Denis"  # overseas communes too


def test_every_row_has_a_code_a_name_and_postal_codes():
    with open(communes.FOLDER / "communes.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len({row["insee"] for row in rows}) == len(rows)
    for row in rows:
        assert len(row["insee"]) == 5 and row["name"].strip() == row["name"] != ""
        assert all(len(p) == 5 and p.isdigit() for p in row["postal_codes"].split())


@pytest.mark.parametrize(
    "typed",
    ["Blois", "blois", "BLOIS", "  blois ", "bloi", "41000", "41018", "Blois 41000"],
)
def test_what_people_type_finds_the_commune_first(typed):
    assert names(communes.search(typed))[0] == "Blois"


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("st etienne", "Saint-Étienne"),
        ("St-Étienne", "Saint-Étienne"),
        ("saint etienne", "Saint-Étienne"),
        ("SAINT-ETIENNE", "Saint-Étienne"),
        ("ste foy les lyon", "Sainte-Foy-lès-Lyon"),
        ("Sainte Foy lès Lyon", "Sainte-Foy-lès-Lyon"),
        ("lhay les roses", "L'Haÿ-les-Roses"),
        ("l’haÿ", "L'Haÿ-les-Roses"),
        ("evry courcouronnes", "Évry-Courcouronnes"),
        ("chateauroux", "Châteauroux"),
        ("paris 15", "Paris 15e Arrondissement"),
        ("Paris 1", "Paris 1er Arrondissement"),
        ("75016", "Paris 16e Arrondissement"),
        ("marseille 13", "Marseille 13e Arrondissement"),
        ("lyon 9e", "Lyon 9e Arrondissement"),
        ("2A004", "Ajaccio"),
    ],
)
def test_accents_case_hyphens_and_saint_are_forgiven(typed, first):
    assert names(communes.search(typed))[0] == first


def test_an_exact_name_comes_before_names_that_only_begin_with_it():
    found = names(communes.search("Château"))
    assert found[0] == "Château"
    assert all(name.startswith("Château") for name in found)


def test_among_equal_matches_the_bigger_commune_comes_first():
    saint_denis = communes.search("Saint-Denis")
    assert [c.insee for c in saint_denis[:2]] == ["97411", "93066"]


def test_a_postal_code_finds_every_commune_it_serves():
    found = communes.search("41000")
    assert len(found) == 5
    assert all("41000" in c.postal_codes for c in found)
    assert found[0].name == "Blois"


def test_a_partial_code_finds_communes_of_that_area():
    found = communes.search("410")
    assert len(found) == 10
    assert all(c.insee.startswith("410") or any(p.startswith("410") for p in c.postal_codes) for c in found)


def test_at_most_ten_answers_and_nothing_for_nothing():
    assert len(communes.search("a")) == 10
    assert len(communes.search("saint", limit=3)) == 3
    assert communes.search("") == communes.search("   ") == communes.search("-'") == []
    assert communes.search("zzzzqqq") == []


@given(st.text(max_size=40))
def test_any_text_gives_at_most_ten_known_communes(text):
    found = communes.search(text)
    assert len(found) <= communes.MAX_RESULTS
    assert all(communes.find(c.insee) == c for c in found)


def test_a_commune_is_given_to_the_api_as_code_name_and_postal_codes():
    assert communes.find("41018").as_dict() == {"insee": "41018", "name": "Blois", "postal_codes": ["41000"]}


def test_a_report_shows_the_name_of_a_code_and_what_was_typed_otherwise():
    assert communes.label("41018", "blois") == "Blois"
    assert communes.label(None, "Chez moi") == "Chez moi"
    assert communes.label("00000") == ""


def test_the_coop_gets_the_name_and_postal_codes_as_it_holds_them():
    assert communes.for_coop("41018") == ("Blois", "41000")
    # Several postal codes: written the Coop's way, in the Coop's order.
    assert communes.for_coop("2A004") == ("Ajaccio", "20000, 20167, 20090")
    assert communes.for_coop("75116") == ("Paris 16e Arrondissement", "75016")
    # A commune created after the Coop's list was made: the Coop cannot take it.
    assert communes.for_coop("12218") is None
    assert communes.for_coop("99999") is None
