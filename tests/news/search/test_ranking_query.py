from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
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


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regressions_never_raise(fts: sqlite3.Connection, text: str) -> None:
    query = fts_query(text)
    if query is not None:
        fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()


def test_operators_are_searched_as_words(fts: sqlite3.Connection) -> None:
    query = fts_query("protests NOT kyiv")
    assert query is not None
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()[0] == 1


def test_nothing_searchable_gives_none() -> None:
    assert fts_query("  !!! ") is None
    assert fts_query("") is None


@given(st.text())
def test_any_text_is_a_valid_query(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    query = fts_query(text)
    if query is not None:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()
    conn.close()
