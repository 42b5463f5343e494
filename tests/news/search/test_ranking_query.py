from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news.search.ranking import fts_query


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t(body) VALUES ('C++ x-ray NOT protests in Kyiv')")
    return conn


REGRESSIONS = [
    '"',
    "''",
    '"\'"',
    "C++",
    "x-ray",
    "NOT",
    "AND OR NOT",
    "body:kyiv",
    "*",
    "",
    "\x00",
    "kyiv*",
    "(protests",
    "^start",
    "NEAR(a b)",
    "🙂🙂",
    "   ",
    "-",
    '"unbalanced',
]


INDEXED_WORDS = {"c", "x", "ray", "not", "protests", "in", "kyiv"}


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regressions_find_the_row_when_they_name_one_of_its_words(
    fts: sqlite3.Connection, text: str
) -> None:
    query = fts_query(text)
    named = set(re.findall(r"[^\W_]+", text.lower()))
    assert (query is None) == (not named)
    if query is not None:
        found = fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()[0]
        assert found == (1 if named & INDEXED_WORDS else 0), (text, query)


def test_operators_are_searched_as_words(fts: sqlite3.Connection) -> None:
    query = fts_query("protests NOT kyiv")
    assert query is not None
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()[0] == 1


def test_nothing_searchable_gives_none() -> None:
    assert fts_query("  !!! ") is None
    assert fts_query("") is None


# Letters of the scripts news comes in, digits, and everything FTS5 would read as syntax.
# (Outside these, SQLite's tokenizer knows Unicode 6.1 only: a newer emoji or letter is part
# of a word to it.)
QUERY_CHARACTERS = "abcXYZéüßøкиївЁαβΓعربيעבר0129 \"'*:^()-+.,!?\t\n\x00"
QUERY_WORDS = ["AND", "OR", "NOT", "NEAR", "body", "kyiv*", "^start", "x-ray", "C++"]


@given(
    st.lists(st.text(QUERY_CHARACTERS, max_size=12) | st.sampled_from(QUERY_WORDS), max_size=8).map(
        " ".join
    )
)
@settings(deadline=None)  # the first word of a language loads its stemmer
def test_any_text_is_a_valid_query_that_finds_the_text_itself(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t(body) VALUES (?)", (text,))
    query = fts_query(text)
    if query is not None:
        found = conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()[0]
        assert found == 1, (text, query)
    conn.close()
