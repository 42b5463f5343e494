from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from news.language.terms import entities, stem, words
from news.text.cleaning import normalize, split_sentences, without_process_tags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  a   b \n\n\n c ", "a b\nc"),
        ("<p>Hello <b>world</b></p><script>x()</script>", "Hello world"),
        ("AT&amp;T", "AT&T"),
        ("Cafe\u0301", "Café"),
        ("tab\there\x00", "tab here"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One fact. Another one!", ["One fact.", "Another one!"]),
        (
            "Dr. Smith met U.S. officials. They talked.",
            ["Dr. Smith met U.S. officials.", "They talked."],
        ),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ("J. Smith won 3.5 percent. Others lost.", ["J. Smith won 3.5 percent.", "Others lost."]),
        ("First paragraph\nSecond paragraph", ["First paragraph", "Second paragraph"]),
        ("Он уехал. Путин прибыл.", ["Он уехал.", "Путин прибыл."]),
        (
            "Talks ended. Éamon Ryan left. Η Αθήνα απάντησε.",
            ["Talks ended.", "Éamon Ryan left.", "Η Αθήνα απάντησε."],
        ),
        ("Он уехал. и вернулся.", ["Он уехал. и вернулся."]),
        (
            "Am 6. Februar bebte die Erde. Viele starben.",
            ["Am 6. Februar bebte die Erde.", "Viele starben."],
        ),
        ("The toll rose to 6. Rescuers left.", ["The toll rose to 6.", "Rescuers left."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@given(st.text())
def test_split_sentences_keeps_all_words(text: str) -> None:
    assert words(" ".join(split_sentences(text))) == words(normalize(text))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("protests", "protest"), ("protesters", "protest"), ("protested", "protest"), ("bus", "bus")],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Spelt in Latin letters, so that reports in other languages share them.
        ("Rescuers reached Łódź and met Éamon Ryan.", ["lodz", "eamon ryan"]),
        ("Вчера в Москве Путин встретился с Мишустиным.", ["moskve putin", "mishustinym"]),
        ("Σεισμός στην Κρήτη σήμερα.", ["kriti"]),
    ],
)
def test_names_start_with_a_capital_of_any_script(text: str, expected: list[str]) -> None:
    assert entities(text) == expected


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("UPDATE 1-Mt. Gox files for US bankruptcy", "Mt. Gox files for US bankruptcy"),
        ("REFILE-UPDATE 2-EU deals blow to pipelines", "EU deals blow to pipelines"),
        ("BREAKING: Quake hits Aceh", "Quake hits Aceh"),
        ("Breaking News | Quake hits Aceh", "Quake hits Aceh"),
        ("Sbarro files for bankruptcy--Update", "Sbarro files for bankruptcy"),
        ("SAC Capital renames itself -- 3rd Update", "SAC Capital renames itself"),
        ("SoftBank chief woos US (Update)", "SoftBank chief woos US"),
        # What a piece is tells the reader something; an update as news is news.
        ("VIDEO: Quake hits Aceh", "VIDEO: Quake hits Aceh"),
        ("Correction: Aceh quake story", "Correction: Aceh quake story"),
        ("CORRECTED-Aceh toll rises to 31", "Aceh toll rises to 31"),
        ("Apple TV update hides channels", "Apple TV update hides channels"),
        ("Windows 10 Update", "Windows 10 Update"),
        ("Update-game sales rise", "Update-game sales rise"),
        ("UPDATE", "UPDATE"),
    ],
)
def test_a_headline_loses_the_wires_process_tags(headline: str, expected: str) -> None:
    assert without_process_tags(headline) == expected
