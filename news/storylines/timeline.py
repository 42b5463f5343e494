"""A storyline's growth over time: articles per day, by source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from news.records import Article

MAX_SOURCES = 7
OTHERS = "others"


@dataclass(frozen=True, slots=True)
class Timeline:
    days: list[date]
    counts: dict[str, list[int]]  # source -> articles per day, biggest sources first

    @property
    def total(self) -> int:
        return sum(sum(values) for values in self.counts.values())


def daily_counts(articles: Sequence[Article]) -> Timeline:
    """Articles per UTC day and source, the smaller sources folded into "others"."""
    if not articles:
        return Timeline([], {})
    first = min(a.when for a in articles).date()
    last = max(a.when for a in articles).date()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    by_source = Counter(a.source for a in articles)
    kept = [source for source, _ in by_source.most_common(MAX_SOURCES)]
    if len(by_source) > MAX_SOURCES:
        kept = kept[: MAX_SOURCES - 1]
    counts: dict[str, list[int]] = {source: [0] * len(days) for source in kept}
    for article in articles:
        source = article.source if article.source in counts else OTHERS
        counts.setdefault(source, [0] * len(days))[(article.when.date() - first).days] += 1
    return Timeline(days, counts)
