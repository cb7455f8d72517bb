"""Sentences that agree in every language, as the page scripts write them from the catalog's forms."""

from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect

CATALOGS = Path(__file__).resolve().parents[2] / "kiosk" / "translations"

# "N people have the same question" on a phone, in the languages with more than two plural forms.
SAME_QUESTION = {
    "uk": {1: "особа має", 2: "особи мають", 5: "осіб мають", 11: "осіб мають", 21: "особа має"},
    "ar": {1: "شخص واحد لديه", 2: "شخصان لديهما", 5: "أشخاص لديهم", 11: "شخصًا لديهم", 21: "شخصًا لديهم"},
}


def people_counted(page, url, counts):
    """Open the participant page at `url` and have its script count people for each of `counts`: the
    sentence, and its number as set apart for right-to-left lines (None where the sentence says it in words)."""
    page.goto(url)
    expect(page.locator("html[data-live=on]")).to_have_count(1)
    return page.evaluate(
        """(counts) => counts.map((n) => {
             const line = document.createElement("p");
             line.append(Kiosk.plural("votes", n));
             return [line.textContent, line.querySelector("span[dir=auto]")?.textContent ?? null];
           })""",
        list(counts),
    )


@pytest.mark.parametrize("language", SAME_QUESTION)
def test_the_phone_counts_people_with_the_plural_form_of_its_language(
    live_server, workshop, new_page, language
):
    said = people_counted(
        new_page(), f"{live_server.url}/lang/{language}?next=/w/{workshop}", SAME_QUESTION[language]
    )
    for (n, words), (text, number) in zip(SAME_QUESTION[language].items(), said, strict=True):
        assert words in text, n
        # The number, where the sentence shows one, is set apart so that a right-to-left line keeps its order.
        assert number is not None or (language == "ar" and n < 3), n


@pytest.mark.parametrize(
    ("language", "counts"), [("ar", [0, 1, 2, 5, 11, 100]), ("uk", [0, 1, 2, 5, 11, 21, 100])]
)
def test_the_page_shows_the_form_the_catalog_gives_for_each_count(
    live_server, workshop, new_page, language, counts
):
    """The page picks a form by `Intl.PluralRules` category, the catalog by its Plural-Forms formula, whose
    indexes follow another order in Arabic (11–99 is form 5, 100–102 form 4): both must land on the same words."""
    catalog = Translations.load(str(CATALOGS), [language])
    shown = people_counted(new_page(), f"{live_server.url}/lang/{language}?next=/w/{workshop}", counts)
    for n, (text, number) in zip(counts, shown, strict=True):
        form = catalog.ngettext("{n} personne a la même question", "{n} personnes ont la même question", n)
        # The number as the page's language writes it, where the catalog's form has one.
        assert text == form.replace("{n}", number or ""), n
    if language == "ar":
        # 11 people: accusative "شخصًا"; 100 people: "شخص", never "100 شخصًا".
        assert "شخصًا" in shown[4][0] and "شخصًا" not in shown[5][0], shown
