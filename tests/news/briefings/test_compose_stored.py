"""Briefing composition on a real store: only what is new, quoted verbatim, never repeated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from news.briefings.compose import compose
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.search.summary import sentence_digest
from storage.store import Store

T0 = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
BODY1 = (
    "Rescue teams reached the flooded village of Marrow on Tuesday. "
    "The river Dune rose two metres overnight after storms. "
    "Officials in Marrow said 300 homes were evacuated before dawn. "
    "The regional governor promised emergency funds for Marrow families."
)
BODY2 = (
    "The river Dune rose two metres overnight after storms. "  # a syndicated sentence
    "Engineers began pumping water out of Marrow's flooded school on Wednesday. "
    "The governor visited Marrow and met evacuated families at the sports hall."
)


def add(store: Store, title: str, body: str, source: str, when: datetime) -> int:
    report = Ingestor(store.archive).ingest([(1, ArticleDraft(title, body, source))], when)
    (article_id,) = report.article_ids
    article = store.archive.articles([article_id])[0]
    assert article.storyline_id is not None
    return article.storyline_id


def briefing(store: Store, chat: int, previous: datetime | None, now: datetime):  # type: ignore[no-untyped-def]
    return compose(
        store.archive,
        chat,
        store.follows.for_chat(chat),
        previous,
        now,
        store.ledger.sent_digests(chat),
    )


def test_sentences_are_verbatim_new_and_never_repeated(store: Store) -> None:
    storyline = add(store, "Floods hit Marrow as river Dune rises", BODY1, "Wire", T0)
    store.chats.ensure(3, T0)
    store.follows.follow_storyline(3, storyline, T0 - timedelta(hours=1))
    first = briefing(store, 3, None, T0 + timedelta(hours=1))
    (item,) = first.items
    assert 1 <= len(item.sentences) <= 3
    for sentence in item.sentences:
        assert sentence in BODY1
    # Record it as sent, as the delivery does.
    claim = store.ledger.claim(3, "on_demand", first.as_of, first.as_of)
    assert claim is not None
    from storage.ledger import Part

    delivery = store.ledger.compose(claim.id, [Part("x", None, tuple(item.digests))])
    store.ledger.part_sent(delivery, 0, first.as_of)
    store.ledger.settle(claim.id, "sent", first.as_of)

    second_story = add(
        store, "Marrow floods: pumping begins at school", BODY2, "Daily", T0 + timedelta(hours=5)
    )
    assert second_story == storyline
    second = briefing(store, 3, first.as_of, T0 + timedelta(hours=6))
    (item2,) = second.items
    assert [a.source for a in item2.articles] == ["Daily"]  # only the new article
    assert not {sentence_digest(s) for s in item2.sentences} & set(item.digests)
    for sentence in item2.sentences:
        assert sentence in BODY2


def test_nothing_new_before_the_follow_or_after_the_briefing_time(store: Store) -> None:
    storyline = add(store, "Floods hit Marrow as river Dune rises", BODY1, "Wire", T0)
    store.chats.ensure(4, T0)
    store.follows.follow_storyline(4, storyline, T0 + timedelta(minutes=1))
    assert briefing(store, 4, None, T0 + timedelta(hours=1)).empty
    add(store, "Marrow floods: pumping begins at school", BODY2, "Daily", T0 + timedelta(hours=3))
    assert briefing(store, 4, None, T0 + timedelta(hours=2)).empty  # stored after "now"
    assert not briefing(store, 4, None, T0 + timedelta(hours=4)).empty


def test_topic_follow_brings_matching_storylines(store: Store) -> None:
    store.chats.ensure(5, T0)
    store.follows.follow_topic(5, "river floods", T0)
    add(store, "Floods hit Marrow as river Dune rises", BODY1, "Wire", T0 + timedelta(hours=1))
    result = briefing(store, 5, None, T0 + timedelta(hours=2))
    (item,) = result.items
    assert item.topic == "river floods"
