"""Storylines' article lists kept in memory for briefings.

A broadcast asks for the same storylines' new articles for thousands of chats, each from
its own last briefing. A storyline's article count and centroid norm name one exact list
(every join, merge and correction changes the norm), so the list is read once per version and
each chat's window is cut from it in memory.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from news.records import Article

ARTICLE_BUDGET = 5_000  # articles kept across all lists (a few KB each: about 20 MB)
# A longer storyline is read window by window instead: reading all of it for each chat
# would cost more than the list saves.
LONGEST = 500


@dataclass(frozen=True, slots=True)
class ArticleList:
    """A storyline's articles, oldest first, with their fetch times for bisecting."""

    articles: tuple[Article, ...]
    times: tuple[datetime, ...]

    @classmethod
    def of(cls, articles: Sequence[Article]) -> ArticleList:
        return cls(tuple(articles), tuple(a.fetched_at for a in articles))

    def between(self, after: datetime, until: datetime) -> list[Article]:
        """The articles fetched in (after, until]."""
        start = bisect_right(self.times, after)
        end = bisect_right(self.times, until)
        return list(self.articles[start:end])


class ArticleLists:
    """Least-recently-used article_lists by (storyline id, article count, centroid norm),
    within a budget of articles; shared by the threads that compose briefings."""

    def __init__(self, budget: int = ARTICLE_BUDGET, longest: int = LONGEST) -> None:
        self.budget = budget
        self.longest = min(longest, budget)
        self._kept: OrderedDict[tuple[int, int, float], ArticleList] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def keeps(self, article_count: int) -> bool:
        """Whether a storyline this long is kept as a whole list."""
        return article_count <= self.longest

    def get(self, storyline_id: int, article_count: int, norm: float = 0.0) -> ArticleList | None:
        key = (storyline_id, article_count, norm)
        with self._lock:
            timeline = self._kept.get(key)
            if timeline is not None:
                self._kept.move_to_end(key)
            return timeline

    def put(self, storyline_id: int, timeline: ArticleList, norm: float = 0.0) -> None:
        """Keep a timeline read just now, under the count it actually has."""
        size = len(timeline.articles)
        if not self.keeps(size):
            return
        key = (storyline_id, size, norm)
        with self._lock:
            if key in self._kept:
                return
            self._kept[key] = timeline
            self._size += size
            while self._size > self.budget:
                _, evicted = self._kept.popitem(last=False)
                self._size -= len(evicted.articles)
