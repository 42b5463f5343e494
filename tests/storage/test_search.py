"""Search against a real SQLite store: filters, and any text as a query."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.search.plan import DEFAULT_BOUNDS, Bounds, plan_search
from news.search.ranking import QueryError, parse_query, search
from news.sources.demo import demo_drafts
from storage.archive import Archive
from storage.search import UBIQUITOUS_SCORE
from storage.store import Store

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_store() -> Iterator[Store]:
    store = Store(":memory:")
    Ingestor(store.archive).ingest(enumerate(demo_drafts(NOW), 1), NOW)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("text", "since", "sources", "words"),
    [
        ("flood since:3d", NOW - timedelta(days=3), (), "flood"),
        ("since:12h", NOW - timedelta(hours=12), (), ""),
        (
            "strike SOURCE:Reuters since:2025-06-01",
            datetime(2025, 6, 1, tzinfo=UTC),
            ("reuters",),
            "strike",
        ),
        ("no filters here", None, (), "no filters here"),
    ],
)
def test_parse_query(
    text: str, since: datetime | None, sources: tuple[str, ...], words: str
) -> None:
    query = parse_query(text, NOW)
    assert (query.words, query.since, query.sources) == (words, since, sources)


@pytest.mark.parametrize("text", ["since:abc", "since:", "flood source:", "since:3y"])
def test_malformed_filters_raise_with_a_hint(text: str) -> None:
    with pytest.raises(QueryError, match="since:3d"):
        parse_query(text, NOW)


def test_source_filter(demo_store: Store) -> None:
    results = search(demo_store.archive, "earthquake source:coastline", NOW)
    assert results
    assert all(
        any(
            "Coastline" in a.source
            for a in demo_store.archive.storyline_articles(r.storyline.id, 50)
        )
        for r in results
    )
    assert search(demo_store.archive, "earthquake source:nonexistent", NOW) == []


def test_since_filter_keeps_only_recent_storylines(demo_store: Store) -> None:
    everything = search(demo_store.archive, "since:30d", NOW, limit=20)
    recent = search(demo_store.archive, "since:6h", NOW, limit=20)
    assert len(recent) < len(everything)
    assert all(r.storyline.last_seen >= NOW - timedelta(hours=6) for r in recent)


def test_stemming_and_diacritics(demo_store: Store) -> None:
    assert search(demo_store.archive, "flooding", NOW)[0].storyline.label
    Ingestor(demo_store.archive).ingest(
        [(1, ArticleDraft("Zürich café opens", "The Zürich café opened today to crowds.", "X"))],
        NOW,
    )
    assert search(demo_store.archive, "zurich cafe", NOW)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_never_raises_except_for_filters(demo_store: Store, text: str) -> None:
    try:
        results = search(demo_store.archive, text, NOW)
    except QueryError:
        assert "since:" in text.lower() or "source:" in text.lower()
        return
    assert isinstance(results, list)


def hits(
    archive: Archive,
    phrases: list[str],
    limit: int,
    bounds: Bounds = DEFAULT_BOUNDS,
    **filters: Any,
) -> list[tuple[int, int, float]]:
    """The hits of the plan news.search.ranking makes for these phrases, within these bounds."""
    return archive.search_hits(plan_search(archive, phrases, bounds), limit, **filters)


def test_ranked_hits_are_the_same_with_or_without_filters_and_never_from_later() -> None:
    store = Store(":memory:")
    try:
        early = [
            ArticleDraft("Harbour storm closes Kelvik", "The harbour closed in the storm.", "A"),
            ArticleDraft("Kelvik council meets", "The council met near the harbour.", "B"),
        ]
        late = ArticleDraft("Harbour reopens after storm", "Ferries use the harbour again.", "C")
        Ingestor(store.archive).ingest(enumerate(early, 1), NOW)
        Ingestor(store.archive).ingest([(1, late)], NOW + timedelta(hours=2))
        archive = store.archive
        fast = hits(archive, ['"harbour"'], 50)  # nothing to filter: FTS5 ranks alone
        slow = hits(archive, ['"harbour"'], 50, since=datetime(1970, 1, 1, tzinfo=UTC))
        assert fast == slow and len(fast) == 3
        assert [score for *_, score in fast] == sorted(score for *_, score in fast)
        earlier = hits(archive, ['"harbour"'], 50, until=NOW + timedelta(hours=1))
        assert [hit[0] for hit in earlier] == [hit[0] for hit in fast if hit[0] != 3]
    finally:
        store.close()


def test_past_the_recent_matches_older_articles_compete_by_their_selective_words() -> None:
    store = Store(":memory:")
    try:
        old = [
            ArticleDraft(
                "Dorvel dam cracks after storm", "The Dorvel dam cracked in the storm.", "A"
            ),
            ArticleDraft("Storm season begins", "Forecasters expect a long storm season.", "B"),
        ]
        # Storm articles (ids 3, 5, … 17) between others, so that "storm" is in half of them.
        newer = [
            draft
            for n in range(8)
            for draft in (
                ArticleDraft(f"Storm {n} reaches the coast", f"Storm number {n} hit.", "C"),
                ArticleDraft(f"Market {n} opens", f"Traders met at market {n}.", "D"),
            )
        ]
        Ingestor(store.archive).ingest(enumerate(old, 1), NOW)
        Ingestor(store.archive).ingest(enumerate(newer, 1), NOW + timedelta(hours=1))
        archive = store.archive
        phrases = ['"dorvel"', '"storm"']
        exact = hits(archive, phrases, 50)
        assert len(exact) == 10
        small = Bounds(recent=4, selective=2)
        bounded = hits(archive, phrases, 50, small)
        # The 4 newest storm articles, and the old Dorvel one with its exact score; the old
        # article that only says "storm" is left out.
        by_id = dict((article, score) for article, _, score in exact)
        assert {article for article, *_ in bounded} == {1, 11, 13, 15, 17}
        assert all(score == pytest.approx(by_id[article]) for article, _, score in bounded)
        assert bounded[0][0] == exact[0][0] == 1
        # Filters narrow the same bounded set: the newest storm articles, or the old one by
        # its selective word, whichever pass.
        by_source = hits(archive, phrases, 50, small, sources=["a"])
        assert [(hit[0], hit[2]) for hit in by_source] == [(1, pytest.approx(by_id[1]))]
        from_c = hits(archive, phrases, 50, small, sources=["c"])
        assert {hit[0] for hit in from_c} == {11, 13, 15, 17}
        recent = hits(archive, phrases, 50, small, since=NOW + timedelta(minutes=30))
        assert {hit[0] for hit in recent} == {11, 13, 15, 17}
    finally:
        store.close()


def test_a_name_common_in_bodies_but_rare_in_titles_still_finds_older_articles() -> None:
    store = Store(":memory:")
    try:
        old = ArticleDraft("Kelvik quay reopens", "The quay reopened on Monday.", "A")
        # Kelvik ferries (ids 2, 4, … 12) between other articles.
        newer = [
            draft
            for n in range(6)
            for draft in (
                ArticleDraft(f"Ferry {n} sails", f"Ferry {n} sailed from Kelvik.", "B"),
                ArticleDraft(f"Market {n} opens", f"Traders met at market {n}.", "D"),
            )
        ]
        Ingestor(store.archive).ingest([(1, old)], NOW)
        Ingestor(store.archive).ingest(enumerate(newer, 1), NOW + timedelta(hours=1))
        archive = store.archive
        exact = hits(archive, ['"kelvik"'], 50)
        bounded = hits(archive, ['"kelvik"'], 50, Bounds(recent=3, selective=2))
        assert exact[0][0] == bounded[0][0] == 1  # the headline match, though oldest
        assert bounded[0][2] == pytest.approx(exact[0][2])
        assert len(bounded) == 4  # the 3 newest, and the old one through its title
        # A word in many more articles is too common to be a name: titles are not read.
        scan_less = Bounds(recent=3, selective=2, title_scan=3)  # 7 matches >= 2 x 3
        assert {hit[0] for hit in hits(archive, ['"kelvik"'], 50, scan_less)} == {8, 10, 12}
    finally:
        store.close()


def test_a_word_in_most_articles_is_not_ranked_but_its_matches_follow_newest_first() -> None:
    store = Store(":memory:")
    try:
        old = ArticleDraft("Dorvel dam cracks in the storm", "The Dorvel dam cracked.", "A")
        newer = [
            ArticleDraft(f"Storm {n} reaches the coast", f"Storm number {n} hit the coast.", "C")
            for n in range(8)
        ]
        Ingestor(store.archive).ingest([(1, old)], NOW)
        Ingestor(store.archive).ingest(enumerate(newer, 1), NOW + timedelta(hours=1))
        archive = store.archive
        phrases = ['"dorvel"', '"storm"']
        exact = hits(archive, phrases, 50)
        # BM25 gives a word in every article no weight: FTS5 floors its IDF at 1e-6.
        assert exact[0][0] == 1
        assert all(UBIQUITOUS_SCORE * 10 < score < 0 for *_, score in exact[1:])
        bounded = hits(archive, phrases, 50, Bounds(recent=4))
        assert bounded[0][0] == 1 and bounded[0][2] == pytest.approx(exact[0][2])
        assert [hit[0] for hit in bounded[1:]] == [9, 8, 7, 6]  # the 4 newest matches
        assert {score for *_, score in bounded[1:]} == {UBIQUITOUS_SCORE}
        # Only such words: the newest matches, every one at the floor.
        alone = hits(archive, ['"storm"'], 3, Bounds(recent=4))
        assert [(hit[0], hit[2]) for hit in alone] == [(n, UBIQUITOUS_SCORE) for n in (9, 8, 7)]
    finally:
        store.close()


def test_search_reads_hits_and_newest_articles_through_indexes(demo_store: Store) -> None:
    # Read through the rows instead, each of a few thousand hits costs a disk read or two
    # on a large archive with a cold cache (m007): the plans are part of the design.
    conn = demo_store.db.sql.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        results = search(demo_store.archive, "harbour ferries", NOW)
    finally:
        conn.set_trace_callback(None)
    assert results

    def plan(sql: str) -> str:
        return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))

    hits = [plan(s) for s in statements if "SELECT id, storyline_id" in s]
    newest = [plan(s) for s in statements if "ORDER BY COALESCE(a.published_at" in s]
    assert hits and all("COVERING INDEX articles_storyline_of" in p for p in hits), hits
    assert newest and all("INDEX articles_storyline_time" in p for p in newest), newest
    assert not any("TEMP B-TREE" in p for p in newest), newest
