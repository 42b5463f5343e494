from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from news.records import Article
from news.storylines.timeline import MAX_SOURCES, OTHERS, daily_counts

T0 = datetime(2025, 6, 1, 10, tzinfo=UTC)


def art(i: int, day: int, source: str) -> Article:
    return Article(i, "t", "b", source, "", T0 + timedelta(days=day), T0, 1)


def test_counts_per_day_and_source_with_empty_days() -> None:
    timeline = daily_counts([art(1, 0, "A"), art(2, 0, "B"), art(3, 2, "A")])
    assert timeline.days == [date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 3)]
    assert timeline.counts == {"A": [1, 0, 1], "B": [1, 0, 0]}
    assert timeline.total == 3


def test_small_sources_fold_into_others() -> None:
    articles = [art(i, 0, f"S{i}") for i in range(MAX_SOURCES + 3)]
    timeline = daily_counts(articles)
    assert len(timeline.counts) == MAX_SOURCES
    assert timeline.counts[OTHERS] == [4]
    assert daily_counts([]).days == []
