"""Sentences that agree in every language, as the page scripts write them from the catalog's forms."""

import pytest
from playwright.sync_api import expect

# "N people have the same question" on a phone, in the languages with more than two plural forms.
SAME_QUESTION = {
    "uk": {1: "особа має", 2: "особи мають", 5: "осіб мають", 11: "осіб мають", 21: "особа має"},
    "ar": {1: "شخص واحد لديه", 2: "شخصان لديهما", 5: "أشخاص لديهم", 11: "شخصًا لديهم", 21: "شخصًا لديهم"},
}


@pytest.mark.parametrize("language", SAME_QUESTION)
def test_the_phone_counts_people_with_the_plural_form_of_its_language(
    live_server, workshop, new_page, language
):
    page = new_page()
    page.goto(f"{live_server.url}/lang/{language}?next=/w/{workshop}")
    expect(page.locator(f"html[lang={language}]")).to_have_count(1)
    said = page.evaluate(
        """(counts) => counts.map((n) => {
             const line = document.createElement("p");
             line.append(Kiosk.plural("votes", n));
             return [line.textContent, line.querySelector("span[dir=auto]")?.textContent ?? null];
           })""",
        list(SAME_QUESTION[language]),
    )
    for (n, words), (text, number) in zip(SAME_QUESTION[language].items(), said, strict=True):
        assert words in text, n
        # The number, where the sentence shows one, is set apart so that a right-to-left line keeps its order.
        assert number is not None or (language == "ar" and n < 3), n
