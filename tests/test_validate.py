"""Text typed by a person, cleaned at the edge: whatever is sent, a clean line or a plain refusal."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.web import validate
from kiosk.web.errors import ApiError
from kiosk.web.fields import Says, Text
from kiosk.web.inputs import Declared

LIMIT = 40
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a phone may send where a text is expected: text of every kind, and any other JSON value.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
TYPED = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from(" \t\r\n\u00a0\u202e\u2066\x00\x07é"),
    max_size=60,
)


@pytest.fixture
def request_context(app):
    """Inside a request, where the refusals are put in words."""
    with app.test_request_context():
        yield


class Asked(Declared):
    """A line that must be written, as a question is."""

    text: Text(Says("Écrivez votre question."), max_length=LIMIT)


class Optional(Declared):
    """A line that may be left empty, as a comment is."""

    text: Text(Says("Écrivez votre commentaire."), max_length=LIMIT, min_length=0) = ""


def clean(value, required=True):
    """The cleaned text, or None when it is refused with a plain message."""
    try:
        return validate.read(Asked if required else Optional, {"text": value}).text
    except ApiError as refusal:
        assert refusal.status == 400 and refusal.message.endswith(".")
        return None


@given(value=JSON)
def test_anything_sent_is_cleaned_or_refused_in_words(request_context, value):
    result = clean(value, required=False)
    assert result is None or isinstance(result, str)


@given(value=TYPED)
def test_cleaned_text_is_one_tidy_line_within_the_limit(request_context, value):
    result = clean(value)
    if result is None:
        return
    assert 1 <= len(result) <= LIMIT
    assert result == result.strip() and "  " not in result
    assert not any(unicodedata.category(c) == "Cc" for c in result)
    assert not INVISIBLE.search(result)
    assert unicodedata.is_normalized("NFC", result)


@given(value=TYPED)
def test_cleaning_keeps_every_word_and_changes_nothing_the_second_time(request_context, value):
    result = clean(value)
    if result is None:
        return
    assert result.split() == unicodedata.normalize("NFC", value).split()
    assert clean(result) == result


@given(words=st.lists(st.text(alphabet="abcdeéèàçôABC?!'", min_size=1, max_size=8), min_size=1, max_size=4))
def test_a_line_break_or_tab_pasted_between_words_becomes_a_space(request_context, words):
    assert clean("\r\n".join(words) + "\t") == " ".join(words)
