"""Two storylines that turn out to tell one story merge; readers' follows move along."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.storylines.assignment import ClusterConfig, Clusterer
from storage.store import Store
from tests.fakes.decisions import always

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)

FIRST = ArticleDraft(
    "Kelvik harbour closed as storm Alda floods the quay",
    "Storm Alda flooded the quay at Kelvik harbour on Monday. The harbour master closed "
    "Kelvik harbour to ferries while the quay was under water.",
    "Coast Wire",
)
SECOND = ArticleDraft(
    "Storm Alda: ferries stopped at Kelvik harbour after quay floods",
    "Ferries were stopped at Kelvik harbour after storm Alda flooded the quay, the harbour "
    "master said on Monday.",
    "Harbour Daily",
)
BRIDGE = ArticleDraft(
    "Kelvik harbour quay still flooded a day after storm Alda",
    "The quay at Kelvik harbour was still flooded on Tuesday, a day after storm Alda, and "
    "ferries stayed in port, the harbour master said.",
    "Island Post",
)


def ingest(store: Store, clusterer: Clusterer, *drafts: ArticleDraft) -> list[int]:
    report = Ingestor(store.archive, clusterer).ingest(enumerate(drafts, 1), NOW)
    return [a.storyline_id or 0 for a in store.archive.articles(report.article_ids)]


def test_matching_storylines_merge_and_follows_move(store: Store) -> None:
    # Two early reports of one story that, by a stricter rule, started two storylines.
    never_join = always(joins=False)
    first, second = ingest(store, never_join, FIRST, SECOND)
    assert first != second
    for chat in (1, 2, 3):
        store.chats.ensure(chat, NOW)
    store.follows.follow_storyline(1, second, NOW)
    store.follows.follow_storyline(2, first, NOW)
    store.follows.follow_storyline(3, first, NOW)
    store.follows.follow_storyline(3, second, NOW)

    # A later report matches both: they are one story now. It joins one, which then holds
    # two articles to the other's one, so that one survives.
    (joined,) = ingest(store, always(joins=True), BRIDGE)
    survivor = store.archive.storyline(joined)
    assert survivor is not None and survivor.id in (first, second)
    gone = second if survivor.id == first else first
    assert survivor.article_count == 3 and survivor.source_count == 3
    assert [s.id for s in store.archive.latest_storylines(10)] == [survivor.id]
    assert {a.storyline_id for a in store.archive.storyline_articles(survivor.id, 10)} == {
        survivor.id
    }
    # The old id still leads somewhere: links and buttons sent before the merge keep working.
    absorbed = store.archive.storyline(gone)
    assert absorbed is not None and absorbed.id == survivor.id
    for chat in (1, 2, 3):
        assert [f.storyline_id for f in store.follows.for_chat(chat)] == [survivor.id]


def test_different_stories_that_share_an_article_do_not_merge(store: Store) -> None:
    never_join = always(joins=False)
    other = ArticleDraft(
        "Kelvik council approves new school budget",
        "The Kelvik council approved the school budget on Monday after a long debate about "
        "teachers' pay and new classrooms.",
        "Town News",
    )
    first, second = ingest(store, never_join, FIRST, other)
    ingest(store, always(joins=True), BRIDGE)
    assert {s.id for s in store.archive.latest_storylines(10)} == {first, second}


@pytest.mark.parametrize(("headline_merge_threshold", "merged"), [(0.25, True), (0.6, False)])
def test_headline_storylines_merge_on_a_weaker_likeness(
    store: Store, headline_merge_threshold: float, merged: bool
) -> None:
    # Headlines share few terms, so the centroids of one story told in two sets of headlines
    # are less alike than full articles' would be: a headline bridging them merges them at
    # the lower threshold, not at the full-article one.
    never_join = always(joins=False)
    first, second = ingest(
        store,
        never_join,
        ArticleDraft("Kelvik harbour closed as storm Alda floods the quay", "", "Coast Wire"),
        ArticleDraft("Kelvik ferries cancelled until the weekend", "", "Harbour Daily"),
    )
    clusterer = Clusterer(ClusterConfig(headline_merge_threshold=headline_merge_threshold))
    bridge = ArticleDraft("Storm Alda floods Kelvik quay; ferries cancelled", "", "Island Post")
    (joined,) = ingest(store, clusterer, bridge)
    remaining = {s.id for s in store.archive.latest_storylines(10)}
    assert remaining == ({joined} if merged else {first, second})


LATER_SAME_STORY = ArticleDraft(
    "Kelvik harbour quay flooded again by a storm like Alda",
    "The quay at Kelvik harbour flooded again on Monday, a month after storm Alda, and the "
    "harbour master closed Kelvik harbour to ferries.",
    "Coast Wire",
)
# Same harbour, another story: close enough to join an active storyline, not to wake one.
LATER_OTHER_STORY = ArticleDraft(
    "Kelvik fishermen sell a record catch",
    "Fishermen at Kelvik harbour sold a record catch of herring on Monday at the quay market. "
    "Traders expect more boats next week as the season peaks along the northern coast.",
    "Coast Wire",
)


@pytest.mark.parametrize(
    ("draft", "days", "wakes"),
    [
        (LATER_SAME_STORY, 30, True),
        (LATER_OTHER_STORY, 30, False),
        (LATER_OTHER_STORY, 3, True),  # still active: the usual threshold
        (LATER_SAME_STORY, 400, False),  # beyond the dormant window
    ],
)
def test_a_dormant_storyline_wakes_only_for_a_strong_match(
    store: Store, draft: ArticleDraft, days: int, wakes: bool
) -> None:
    (quiet,) = ingest(store, Clusterer(), FIRST)
    later = replace(draft, published_at=NOW + timedelta(days=days))
    (joined,) = ingest(store, Clusterer(), later)
    assert (joined == quiet) is wakes
