"""The briefing use case against an archive in memory: what is new on what a chat follows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from news.briefings.compose import compose
from news.ingest import Ingestor
from news.records import ArticleDraft, Follow, FollowKind
from news.search.summary import summarize
from tests.fakes.archive import MemoryArchive
from tests.news.test_ingest import QUAKE_A, QUAKE_B

T0 = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)


def follow(storyline_id: int | None, topic: str | None, when: datetime) -> Follow:
    kind = FollowKind.STORYLINE if storyline_id else FollowKind.TOPIC
    return Follow(1, 7, kind, storyline_id, topic, when)


def test_a_followed_storyline_brings_only_what_is_new_since_the_last_briefing() -> None:
    archive = MemoryArchive()
    Ingestor(archive).ingest([(1, QUAKE_A[0])], T0)
    storyline_id = archive.rows[1].article.storyline_id
    follows = [follow(storyline_id, None, T0 - timedelta(hours=1))]
    first = compose(archive, 7, follows, None, T0 + timedelta(hours=1), set())
    (item,) = first.items
    assert [a.id for a in item.articles] == [1]
    assert all(sentence in QUAKE_A[0].body for sentence in item.sentences)
    Ingestor(archive).ingest([(1, QUAKE_A[1])], T0 + timedelta(hours=2))
    second = compose(archive, 7, follows, first.as_of, T0 + timedelta(hours=3), set(item.digests))
    (item,) = second.items
    assert [a.source for a in item.articles] == ["Coast Daily"]
    assert not set(item.digests) & set(first.items[0].digests)
    assert compose(archive, 7, follows, second.as_of, T0 + timedelta(hours=4), set()).empty


def test_a_followed_topic_brings_the_storylines_that_match_it() -> None:
    archive = MemoryArchive()
    market = ArticleDraft(
        "Kelvik fish market reopens after repairs",
        "Traders returned to the Kelvik fish market on Monday after a month of repairs.",
        "Harbour Wire",
    )
    Ingestor(archive).ingest([(1, market), (2, QUAKE_B)], T0)
    briefing = compose(
        archive, 7, [follow(None, "earthquake", T0 - timedelta(days=1))], None, T0, set()
    )
    assert [item.topic for item in briefing.items] == ["earthquake"]
    assert briefing.items[0].articles[0].title == QUAKE_B.title


def test_a_summary_never_quotes_site_chrome_stored_before_it_was_taken_out() -> None:
    archive = MemoryArchive()
    Ingestor(archive).ingest([(1, QUAKE_A[0])], T0)
    box = "Sign up for our free daily newsletter to get the Kelvik quake news in your inbox."
    stored = replace(archive.rows[1].article, body=f"{box}\n{QUAKE_A[0].body}")
    chosen = summarize([stored], {"kelvik", "quake"}, max_sentences=3)
    assert chosen and box not in chosen
