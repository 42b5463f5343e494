"""Text without spaces between words: pairs of characters, sentences, language and length."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from news.language.detection import language_of
from news.language.terms import content_terms
from news.text.cleaning import split_sentences
from news.text.segmentation import clipped, indexed, news_length, segmented

QUAKE_ZH = "中国南方发生强烈地震，至少12人死亡。救援人员正在搜索废墟！另有5人失踪"


def test_a_cjk_run_is_read_in_overlapping_pairs() -> None:
    assert segmented("地震") == ["地震"]
    assert segmented("强烈地震") == ["强烈", "烈地", "地震"]
    assert segmented("震") == ["震"]
    assert segmented("g20峰会") == ["g20", "峰会"]
    assert segmented("quake") == ["quake"]


def test_storyline_terms_of_chinese_hold_its_words() -> None:
    terms = content_terms(QUAKE_ZH)
    assert {"地震", "死亡", "救援", "失踪"} <= set(terms)
    assert "12" not in terms  # numbers are arguments, not terms, in any script


def test_chinese_sentences_end_at_their_own_stops() -> None:
    assert split_sentences(QUAKE_ZH) == [
        "中国南方发生强烈地震，至少12人死亡。",
        "救援人员正在搜索废墟！",
        "另有5人失踪",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (QUAKE_ZH, "zh"),
        ("東京で強い地震が発生し、建物が倒壊しました。", "ja"),
        ("서울에서 강한 지진이 발생해 건물이 무너졌다.", "ko"),
        ("A strong earthquake struck southern China on Monday, killing at least 12.", "en"),
    ],
)
def test_cjk_languages_are_told_by_their_script(text: str, language: str) -> None:
    assert language_of("", text, "") == language


def test_a_cjk_character_weighs_as_several_letters() -> None:
    assert news_length("地震") == 6
    assert news_length("quake") == 5
    assert clipped("地震" * 100, 30) == "地震" * 5
    assert clipped("short", 30) == "short"


def test_the_index_reads_cjk_pairs_and_leaves_other_text_alone() -> None:
    assert indexed("Budget passes") == "Budget passes"
    assert indexed("新华社: 强烈地震").split() == ["新华", "华社", ":", "强烈", "烈地", "地震"]


@given(st.text(alphabet=st.sampled_from("ab1地震強烈中国ソウル서울-"), min_size=1))
def test_segmenting_keeps_every_character_and_makes_no_empty_word(token: str) -> None:
    pieces = segmented(token)
    assert all(pieces)
    assert set("".join(pieces)) == set(token)
