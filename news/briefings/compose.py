"""Briefing composition: what is new on what a chat follows since its last briefing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from news.ports import SearchArchive
from news.records import Article, Follow, FollowKind, Muted, Storyline
from news.search.muting import NOTHING_MUTED, shown
from news.search.ranking import QueryError, matching_storylines, parse_query
from news.search.summary import Quote, quotes, sentence_digest
from news.storylines.figures import StorylineFigure, figures_of

MAX_SENTENCES = 3
MAX_LINKS = 3
TOPIC_RESULTS = 5
SUMMARY_ARTICLES = 12


class BriefingArchive(SearchArchive, Protocol):
    def new_articles(
        self, storyline_id: int, after: datetime, until: datetime
    ) -> list[Article]: ...


@dataclass(frozen=True, slots=True)
class BriefingItem:
    storyline: Storyline
    quotes: list[Quote]  # each sentence with the article it was taken from
    articles: list[Article]
    topic: str | None = None  # set when the item comes from a followed topic
    # The storyline's figures, each with its value in the chat's previous briefing (None
    # before the first briefing on it, when `figures_seen` is False).
    figures: list[StorylineFigure] = field(default_factory=list)
    figures_seen: bool = False

    @property
    def figures_to_tell(self) -> list[StorylineFigure]:
        """The figures a reader is told: all of them the first time, then those that changed
        and those an outlet newly disagrees on."""
        if not self.figures_seen:
            return self.figures
        return [f for f in self.figures if f.changed or f.newly_disputed]

    @property
    def sentences(self) -> list[str]:
        return [quote.text for quote in self.quotes]

    @property
    def sources(self) -> list[str]:
        return sorted({a.source for a in self.articles})

    @property
    def links(self) -> list[str]:
        seen: list[str] = []
        for article in reversed(self.articles):  # newest first
            if article.url.startswith(("http://", "https://")) and article.url not in seen:
                seen.append(article.url)
        return seen[:MAX_LINKS]

    @property
    def digests(self) -> list[str]:
        return [sentence_digest(s) for s in self.sentences]


@dataclass(frozen=True, slots=True)
class Briefing:
    chat_id: int
    as_of: datetime
    since: datetime | None
    items: list[BriefingItem] = field(default_factory=list)
    # Followed storylines a person split since the last briefing: (followed, split off).
    splits: list[tuple[Storyline, Storyline]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.items and not self.splits


def _importance(item: BriefingItem) -> tuple[int, int, datetime, int]:
    latest = max(a.fetched_at for a in item.articles)
    return (len(item.articles), len(item.sources), latest, item.storyline.id)


def compose(
    archive: BriefingArchive,
    chat_id: int,
    follows: list[Follow],
    previous: datetime | None,
    now: datetime,
    sent_digests: set[str],
    muted: Muted = NOTHING_MUTED,
    splits: Sequence[tuple[int, int]] = (),
) -> Briefing:
    """The chat's briefing as of `now`: followed storylines first, then topic matches. An
    article from a muted source or with a muted word is left out, and a storyline with
    nothing else new with it. `splits` are the (storyline, split off) pairs a person made
    since the last briefing: those of followed storylines are mentioned."""
    items: list[BriefingItem] = []
    covered: set[int] = set()
    used = set(sent_digests)

    def item_for(storyline: Storyline, since: datetime, topic: str | None) -> BriefingItem | None:
        articles = shown(muted, archive.new_articles(storyline.id, since, now))
        if not articles:
            return None
        # What is new is said by the newest articles; scanning hundreds would only cost time.
        taken = quotes(articles[-SUMMARY_ARTICLES:], max_sentences=MAX_SENTENCES, exclude=used)
        used.update(sentence_digest(quote.text) for quote in taken)
        # The chat saw the storyline's figures in a briefing if one came since it followed.
        seen = previous is not None and since == previous
        hide = (lambda found: shown(muted, found)) if muted else None
        figures = figures_of(archive, storyline, now, since if seen else None, hide)
        return BriefingItem(storyline, taken, articles, topic, figures, seen)

    followed = [f for f in follows if f.kind is FollowKind.STORYLINE and f.storyline_id]
    storylines = {
        s.id: s for s in archive.storylines([f.storyline_id for f in followed if f.storyline_id])
    }
    for follow in followed:
        storyline = storylines.get(follow.storyline_id or 0)
        if storyline is None or storyline.id in covered:
            continue
        since = max(previous, follow.created_at) if previous else follow.created_at
        item = item_for(storyline, since, None)
        covered.add(storyline.id)
        if item:
            items.append(item)
    items.sort(key=_importance, reverse=True)

    topic_items: list[BriefingItem] = []
    for follow in follows:
        if follow.kind is not FollowKind.TOPIC or not follow.topic:
            continue
        since = max(previous, follow.created_at) if previous else follow.created_at
        try:
            query = parse_query(follow.topic, now)
        except QueryError:
            continue  # /follow refuses such topics; one stored earlier is skipped, not fatal
        for storyline, _ in matching_storylines(archive, query, now, limit=TOPIC_RESULTS):
            if storyline.id in covered:
                continue
            covered.add(storyline.id)
            item = item_for(storyline, since, follow.topic)
            if item:
                topic_items.append(item)
    topic_items.sort(key=_importance, reverse=True)
    followed_ids = {f.storyline_id for f in followed}
    wanted = [(old, new) for old, new in splits if old in followed_ids]
    found = {s.id: s for s in archive.storylines([i for pair in wanted for i in pair])}
    split = [(found[old], found[new]) for old, new in wanted if old in found and new in found]
    return Briefing(chat_id, now, previous, items + topic_items, split)
