"""Near-duplicate copies across outlets are stored once, with the other outlet recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.storylines.dedup import NEAR_DAYS, jaccard, minhash_bands, shingles
from storage.store import Store
from tests.fakes.feeds import LONG_PARAGRAPHS

NOW = datetime(2025, 6, 10, 8, tzinfo=UTC)
TEXT = " ".join(LONG_PARAGRAPHS)


def test_syndicated_copy_is_a_duplicate_with_its_outlet_recorded(store: Store) -> None:
    original = ArticleDraft(
        "Kelvik ferries halted", TEXT, "Harbour Wire", url="https://a.example/1"
    )
    edited = TEXT.replace("Monday", "Monday morning").replace("three days", "3 days")
    copy = ArticleDraft(
        "Storm halts Kelvik ferries",
        edited + " (Reporting by Wire staff.)",
        "Coast Daily",
        url="https://b.example/kelvik",
    )
    report = Ingestor(store.archive).ingest([(1, original), (2, copy)], NOW)
    assert report.summary() == "imported 1, duplicates 1, rejected 0"
    assert store.archive.syndicated_sources(report.article_ids[0]) == ["Coast Daily"]


def test_different_articles_on_the_same_story_are_both_kept(store: Store) -> None:
    first = ArticleDraft("Kelvik ferries halted", TEXT, "Harbour Wire")
    other = ArticleDraft(
        "Kelvik pier repairs begin",
        "Repair crews began work on the storm-damaged pier at Kelvik harbour on Tuesday. "
        "The ferry operator said crossings would resume on Thursday if the weather allowed, "
        "and passengers with cancelled tickets could claim refunds online or at the terminal. "
        "The council said the cost of the repairs would be shared with the operator.",
        "Coast Daily",
    )
    assert Ingestor(store.archive).ingest([(1, first), (2, other)], NOW).imported == 2


def test_short_texts_are_not_compared_by_shingles() -> None:
    assert shingles("Storm closes Kelvik harbour") == set()
    assert minhash_bands(set()) == []
    long = shingles(TEXT)
    assert jaccard(long, long) == 1.0 and len(minhash_bands(long)) == 16


def _copy_of(draft: ArticleDraft, published_at: datetime) -> ArticleDraft:
    edited = draft.body.replace("Monday", "Monday morning") + " (Reporting by Wire staff.)"
    return replace(draft, body=edited, source="Coast Daily", url="", published_at=published_at)


def test_a_copy_is_found_among_articles_dated_within_days_of_it(store: Store) -> None:
    original = ArticleDraft("Kelvik ferries halted", TEXT, "Harbour Wire", published_at=NOW)
    later = NOW + timedelta(days=NEAR_DAYS, hours=-1)
    # Dated before the original too: a file need not be in time order.
    earlier = NOW - timedelta(days=NEAR_DAYS, hours=-1)
    copies = [_copy_of(original, later), _copy_of(original, earlier)]
    report = Ingestor(store.archive).ingest(enumerate([original, *copies]), NOW)
    assert report.summary() == "imported 1, duplicates 2, rejected 0"


def test_a_copy_dated_weeks_apart_is_kept_as_its_own_article(store: Store) -> None:
    # Copies are looked for only near the article's date (NEAR_DAYS): a wire story run again
    # weeks later is stored again, and the storyline shows both dates.
    original = ArticleDraft("Kelvik ferries halted", TEXT, "Harbour Wire", published_at=NOW)
    rerun = _copy_of(original, NOW + timedelta(days=NEAR_DAYS + 2))
    report = Ingestor(store.archive).ingest(enumerate([original, rerun]), NOW)
    assert report.summary() == "imported 2, duplicates 0, rejected 0"
