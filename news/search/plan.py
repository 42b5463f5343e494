"""What a full-text query ranks, decided before any ranking is done.

FTS5 scores every match of a query before it sorts, and its bm25() first counts every match of
each phrase, so ranking a common word costs more with every article stored. A plan keeps that
cost bounded whatever the archive's size; storage turns it into SQL (storage/search.py):

- fewer than `recent` matches of the whole query: all of them are ranked;
- otherwise a phrase in more than half the newest articles is not ranked: BM25 gives it no
  weight (FTS5 floors its IDF at 1e-6), yet counting its matches is most of the cost. Articles
  matched only through such phrases follow every real match, newest first;
- the newest `recent` matches of the other phrases are ranked in full, and older articles only
  when they hold a selective phrase (fewer than `selective` matches, in the whole text or only
  in titles): an older article with none would have only common words to match by, and lose to
  the newer ones anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Bounds:
    recent: int = 5_000  # matches ranked in full, newest first
    selective: int = 3_000  # fewer matches than this make a phrase selective
    # Titles are searched for a phrase only when it has fewer than `title_scan` x `selective`
    # matches in all: a title-only look reads every match of the phrase.
    title_scan: int = 10


DEFAULT_BOUNDS = Bounds()


class MatchIndex(Protocol):
    """How many articles match, as the full-text index tells it without scoring."""

    def nth_newest_match(self, match: str, n: int) -> int | None:
        """The article id of the n-th newest match, or None when fewer match."""
        ...

    def newest_article(self) -> int: ...


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """FTS5 expressions and article-id bounds of one query."""

    phrases: tuple[str, ...]
    every: str  # any phrase of the query
    # Id of the `recent`-th newest match of the query; None when fewer match (all are ranked).
    recent_from: int | None = None
    ranked: str = ""  # the phrases ranked by BM25 (not in over half the newest articles)
    # Matches of `ranked` from this id on are ranked in full; older ones only through `older`.
    ranked_from: int | None = None
    older: str = ""  # the selective phrases older articles may match by ("": none)
    unranked: bool = False  # some phrase is too common to rank: its matches follow, newest first


def plan_search(
    index: MatchIndex, phrases: Sequence[str], bounds: Bounds = DEFAULT_BOUNDS
) -> SearchPlan:
    every = " OR ".join(phrases)
    if not phrases:
        return SearchPlan((), "")
    recent_from = index.nth_newest_match(every, bounds.recent)
    if recent_from is None:
        return SearchPlan(tuple(phrases), every)
    newest = index.newest_article()
    weighty = [p for p in phrases if not _ubiquitous(index, p, newest, bounds)]
    unranked = len(weighty) < len(phrases)
    if not weighty:
        return SearchPlan(tuple(phrases), every, recent_from, unranked=unranked)
    ranked = " OR ".join(weighty)
    ranked_from = index.nth_newest_match(ranked, bounds.recent)
    older = ""
    if ranked_from is not None:
        older = " OR ".join(filter(None, (_selective(index, p, bounds) for p in weighty)))
    return SearchPlan(tuple(phrases), every, recent_from, ranked, ranked_from, older, unranked)


def _ubiquitous(index: MatchIndex, phrase: str, newest: int, bounds: Bounds) -> bool:
    """Whether the phrase is in more than half the newest articles (judged by how far back
    its newest `recent` matches reach)."""
    nth = index.nth_newest_match(phrase, bounds.recent)
    return nth is not None and 2 * bounds.recent > newest - nth + 1


def _selective(index: MatchIndex, phrase: str, bounds: Bounds) -> str:
    """The phrase as a query of older articles: as it is when it is selective anywhere, only
    in titles when it is selective there (a name that is also a common word), or ""."""
    if index.nth_newest_match(phrase, bounds.selective) is None:
        return phrase
    if index.nth_newest_match(phrase, bounds.selective * bounds.title_scan) is not None:
        return ""  # too common to be a name
    in_titles = f"title : {phrase}"
    if index.nth_newest_match(in_titles, bounds.selective) is None:
        return in_titles
    return ""
