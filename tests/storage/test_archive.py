from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.search.ranking import search
from news.sources.demo import demo_drafts, demo_lines
from news.sources.saved_pages import parse_page
from storage.store import Store

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def ingest(store: Store, drafts: list[ArticleDraft], when: datetime = NOW):  # type: ignore[no-untyped-def]
    return Ingestor(store.archive).ingest(enumerate(drafts, start=1), when)


def test_sample_page_storylines(store: Store, shared_data: Path) -> None:
    drafts = parse_page((shared_data / "sample-page.txt").read_text(), NOW, "Saved page")
    report = ingest(store, drafts)
    assert report.summary() == "imported 4, duplicates 0, rejected 0"
    assert ingest(store, drafts).summary() == "imported 0, duplicates 4, rejected 0"
    by_source = {a.source: a for a in store.archive.articles(report.article_ids)}
    assert by_source["BBC News"].storyline_id == by_source["Daily Mail"].storyline_id
    la_story = by_source["BBC News"].storyline_id
    assert by_source["Reuters"].storyline_id != la_story
    assert by_source["Saved page"].storyline_id != la_story


def test_duplicate_by_canonical_url(store: Store) -> None:
    first = ArticleDraft("Title one", "Body one.", "A", url="https://x.example/a?utm_source=feed")
    copy = ArticleDraft("Other title", "Other body.", "B", url="http://www.x.example/a")
    assert ingest(store, [first, copy]).summary() == "imported 1, duplicates 1, rejected 0"


def test_demo_corpus_forms_its_storylines(store: Store) -> None:
    gold = {json.loads(line)["id"]: json.loads(line)["cluster"] for line in demo_lines()}
    report = ingest(store, demo_drafts(NOW))
    articles = store.archive.articles(report.article_ids)
    assert len(articles) == 40
    stories: dict[int | None, set[str]] = {}
    for article in articles:
        stories.setdefault(article.storyline_id, set()).add(gold[article.public_id])
    # Each storyline holds one story, and the two different earthquakes stay apart.
    assert all(len(labels) == 1 for labels in stories.values())
    assert 7 <= len(stories) <= 9


def test_search_ranks_the_matching_storyline_first(store: Store) -> None:
    ingest(store, demo_drafts(NOW))
    results = search(store.archive, "transit strike protests", NOW)
    assert results and "Port Aurel" in results[0].storyline.label
    assert results[0].summary and all(len(s) > 20 for s in results[0].summary)


def test_search_hides_articles_fetched_later(store: Store) -> None:
    ingest(store, [ArticleDraft("Volcano erupts on Mount Kell", "Lava flows.", "A")], NOW)
    assert search(store.archive, "volcano", NOW - timedelta(hours=1)) == []
    assert len(search(store.archive, "volcano", NOW)) == 1


def test_term_counts_within_a_write_are_seen_at_once_and_stored_at_its_end(store: Store) -> None:
    archive = store.archive
    archive.count_terms({"storm": 2.5, "harbour": 1.0})  # outside a transaction: stored now
    with archive.writing():
        archive.count_terms({"storm": 1.0, "quay": 1.7})
        assert archive.document_count() == 2
        assert archive.document_frequencies(["storm", "quay", "ferry"]) == {"storm": 2, "quay": 1}
    rows = dict(store.db.execute("SELECT term, df FROM terms").fetchall())
    assert rows == {"storm": 2, "harbour": 1, "quay": 1}
    with pytest.raises(RuntimeError), archive.writing():
        archive.count_terms({"ferry": 1.0})
        raise RuntimeError("crash before commit")
    assert archive.document_count() == 2
    assert archive.document_frequencies(["ferry", "storm"]) == {"storm": 2}


def test_a_storyline_state_read_again_after_a_join_has_the_new_centroid(store: Store) -> None:
    first = ArticleDraft("Storm floods Kelvik quay", "Storm Alda flooded the Kelvik quay.", "A")
    (article,) = store.archive.articles(ingest(store, [first]).article_ids)
    storyline_id = article.storyline_id or 0
    before = store.archive.storyline_state(storyline_id)
    assert before is not None and "ferry" not in before.terms
    second = ArticleDraft(
        "Kelvik quay flooded; ferries stopped", "Ferries stopped at the flooded Kelvik quay.", "B"
    )
    ingest(store, [second])
    after = store.archive.storyline_state(storyline_id)
    assert after is not None and after.size == 2 and "ferry" in after.terms


def test_candidates_beyond_the_centroid_cache_each_get_their_own_centroid(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.storylines.CENTROID_CACHE", 1)
    stories = {
        "storm": ArticleDraft(
            "Storm floods Kelvik quay",
            "Storm Alda flooded the harbour overnight. Waves broke over the sea wall, fishing "
            "boats sank at their moorings and the coastguard rescued two sailors.",
            "A",
        ),
        "mayor": ArticleDraft(
            "Kelvik council elects a mayor",
            "Councillors chose Ana Brun by nineteen votes to twelve. She promised cheaper "
            "housing, new schools and an audit of the budget her predecessor left.",
            "B",
        ),
        "cup": ArticleDraft(
            "Kelvik Rovers win the cup",
            "A late goal from the young striker won the final. Supporters sang in the "
            "stadium until midnight and the coach praised his defenders.",
            "C",
        ),
    }
    ingest(store, list(stories.values()))
    assert store.archive.storyline_count() == 3
    for _ in range(2):  # once with nothing cached, once with one centroid cached
        found = store.archive.candidate_storylines(["kelvik"], NOW - timedelta(days=1), 20)
        assert sorted(word for state in found for word in stories if word in state.terms) == [
            "cup",
            "mayor",
            "storm",
        ]
        assert all(len([w for w in stories if w in state.terms]) == 1 for state in found)


def test_index_stamps_lag_by_at_most_the_slack_and_lookups_allow_for_it(store: Store) -> None:
    def stamps_and_terms() -> tuple[set[str], set[str]]:
        rows = store.db.execute("SELECT last_seen, term FROM storyline_terms").fetchall()
        return {row[0] for row in rows}, {row[1] for row in rows}

    def story(title: str, body: str, minutes: int) -> ArticleDraft:
        return ArticleDraft(title, body, "A", published_at=NOW + timedelta(minutes=minutes))

    ingest(store, [story("Storm floods Kelvik quay", "Storm Alda flooded the quay.", 0)])
    (first_stamp,), _ = stamps_and_terms()
    ingest(store, [story("Kelvik ferries stopped", "Ferries stopped at Kelvik quay.", 30)])
    (stamp,), terms = stamps_and_terms()
    assert stamp == first_stamp and "ferry" in terms  # new terms, under the old stamp
    assert store.archive.storyline_count() == 1
    # Last seen at 12:30 but stamped 12:00: a window from 12:20 still finds it.
    found = store.archive.candidate_storylines(["kelvik"], NOW + timedelta(minutes=20), 20)
    assert [state.storyline_id for state in found] == [1]
    assert store.archive.candidate_storylines(["kelvik"], NOW + timedelta(minutes=31), 20) == []
    # Older than the slack: every row is stamped again.
    ingest(store, [story("Kelvik quay reopens", "The Kelvik quay reopened to ferries.", 120)])
    (stamp,), _ = stamps_and_terms()
    assert stamp > first_stamp


def test_a_centroid_stored_as_a_json_object_is_still_read_and_rewritten_as_it_changes(
    store: Store,
) -> None:
    first = ArticleDraft("Storm floods Kelvik quay", "Storm Alda flooded the Kelvik quay.", "A")
    (article,) = store.archive.articles(ingest(store, [first]).article_ids)
    storyline_id = article.storyline_id or 0
    stored = store.archive.storyline_state(storyline_id)
    assert stored is not None and "kelvik" in stored.terms
    # As an archive written before centroids were stored as binary holds it.
    with store.db.writing():
        store.db.execute(
            "UPDATE storylines SET centroid = ?, article_count = 7 WHERE id = ?",
            (json.dumps({**stored.terms, "@kelvik quay": 0.5, "pérez": 1.25}), storyline_id),
        )
    old = store.archive.storyline_state(storyline_id)
    assert old is not None and old.terms == {**stored.terms, "@kelvik quay": 0.5, "pérez": 1.25}
    second = ArticleDraft("Kelvik quay flooded again", "Storm Alda flooded the Kelvik quay.", "B")
    ingest(store, [second])
    (kind,) = store.db.execute(
        "SELECT typeof(centroid) FROM storylines WHERE id = ?", (storyline_id,)
    ).fetchone()
    new = store.archive.storyline_state(storyline_id)
    assert kind == "blob" and new is not None and new.size == 8
    assert new.terms["pérez"] == 1.25 and new.terms["@kelvik quay"] == 0.5
