"""Feed entries as drafts: who wrote them, and what of their text is the story's."""

from __future__ import annotations

from datetime import UTC, datetime

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.sources.feeds import parse_feed
from storage.store import Store
from tests.fakes.feeds import aggregator_rss, rss

QUAKE = [
    ("Magnitude 6.1 earthquake strikes Kelvik, twelve dead", "Harbour Wire"),
    ("Kelvik earthquake: twelve killed as magnitude 6.1 quake hits coast", "Coast Daily"),
    ("Port Aurel transit strike ends after union deal", "Harbour Wire"),
]


def drafts(body: bytes) -> list[ArticleDraft]:
    parsed = parse_feed(body, {}, "https://digest.example/rss")
    return [d for _, d in parsed.records if isinstance(d, ArticleDraft)]


def test_an_aggregators_items_are_credited_to_their_outlets_without_their_names() -> None:
    found = drafts(aggregator_rss(QUAKE))
    assert [(d.title, d.source, d.body) for d in found] == [(h, o, "") for h, o in QUAKE]


def test_one_event_from_two_outlets_of_an_aggregator_is_one_storyline_of_two_sources(
    store: Store,
) -> None:
    now = datetime(2025, 6, 10, 9, tzinfo=UTC)
    report = Ingestor(store.archive).ingest(enumerate(drafts(aggregator_rss(QUAKE)), 1), now)
    first, second, other = store.archive.articles(report.article_ids)
    assert first.storyline_id == second.storyline_id != other.storyline_id
    quake = store.archive.storyline(first.storyline_id or 0)
    assert quake is not None and quake.source_count == 2


def test_a_description_that_only_repeats_the_title_leaves_a_headline() -> None:
    items = [
        (
            "Storm closes Kelvik harbour",
            "https://harbour.example/storm",
            "Storm closes Kelvik harbour",
        ),
        ("Pier repairs begin", "https://harbour.example/pier", "Engineers began work on Monday."),
    ]
    found = drafts(rss(items, title="Harbour Wire"))
    assert [(d.title, d.source, d.body) for d in found] == [
        ("Storm closes Kelvik harbour", "Harbour Wire", ""),
        ("Pier repairs begin", "Harbour Wire", "Engineers began work on Monday."),
    ]


def test_a_headline_ending_in_a_name_that_is_not_its_outlet_keeps_it() -> None:
    found = drafts(aggregator_rss([("Talks on the port deal - Kelvik", "Harbour Wire")]))
    assert found[0].title == "Talks on the port deal - Kelvik"


def test_a_summarys_link_to_the_rest_is_not_stored(store: Store) -> None:
    """The Guardian's "Continue reading..." and WordPress's "… Continue reading "<title>"" end
    many a feed summary; stored, they would be quoted in briefings."""
    items = [
        (
            "Storm closes Kelvik harbour",
            "https://harbour.example/storm",
            '<p>The storm closed the harbour.</p> <a href="https://harbour.example/storm">'
            "Continue reading...</a>",
        ),
        (
            "Pier repairs begin",
            "https://harbour.example/pier",
            "<p>Engineers began work on the pier &#8230; <a href='https://harbour.example/pier'>"
            'Continue reading<span> "Pier repairs begin"</span></a></p>',
        ),
    ]
    now = datetime(2025, 6, 10, 9, tzinfo=UTC)
    report = Ingestor(store.archive).ingest(enumerate(drafts(rss(items)), 1), now)
    bodies = [a.body for a in store.archive.articles(report.article_ids)]
    assert bodies == ["The storm closed the harbour.", "Engineers began work on the pier …"]
