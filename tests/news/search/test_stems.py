"""A query's words in other languages are searched by their stems; English is left alone."""

from __future__ import annotations

import pytest

from news.language.terms import entities
from news.search.ranking import fts_phrases
from news.search.stems import search_stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("выборы", "выбор"),
        ("землетрясение", "землетрясен"),
        ("erdbeben", "erdbeb"),
        ("elecciones", "eleccion"),
        ("earthquake", None),  # English: the index's own stemmer reads it
        ("talks", None),
        ("2024", None),
        ("地震", None),  # pairs of characters need no stem
        ("мир", None),  # nothing to drop
    ],
)
def test_a_words_search_stem(word: str, stem: str | None) -> None:
    assert search_stem(word) == stem


def test_a_stemmed_word_is_searched_as_a_prefix_and_english_as_typed() -> None:
    assert fts_phrases("выборы в Берлине") == ['"выбор"*', '"берлин"*']
    assert fts_phrases("peace talks") == ['"peace"', '"talks"']


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Вчера президент Путин прилетел в Минск.", "putin"),
        ("Am Montag sprach Selenskyj mit Putin.", "putin"),
        ("В понедельник президент Зеленский заявил об этом.", "zelensky"),
        ("Rescuers reached Łódź on Monday.", "lodz"),
    ],
)
def test_names_in_any_script_are_spelt_in_latin_letters(text: str, name: str) -> None:
    assert name in entities(text)
