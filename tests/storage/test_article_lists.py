"""A storyline's article list, read once per version and cut to each chat's window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from news.ingest import Ingestor
from news.records import Article, ArticleDraft
from storage.article_lists import ArticleList, ArticleLists
from storage.store import Store
from tests.fakes.decisions import always

T0 = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)


def article(number: int, when: datetime) -> Article:
    return Article(number, f"Title {number}", "", "Wire", "", None, when, storyline_id=1)


def test_windows_are_cut_by_fetch_time_after_exclusive_until_inclusive() -> None:
    timeline = ArticleList.of([article(n, T0 + timedelta(hours=n)) for n in range(1, 6)])
    window = timeline.between(T0 + timedelta(hours=2), T0 + timedelta(hours=4))
    assert [a.id for a in window] == [3, 4]
    assert timeline.between(T0 + timedelta(hours=5), T0 + timedelta(days=1)) == []


def test_the_budget_evicts_the_least_recently_used() -> None:
    article_lists = ArticleLists(budget=5)
    two = ArticleList.of([article(n, T0) for n in range(2)])
    three = ArticleList.of([article(n, T0) for n in range(3)])
    article_lists.put(1, two)
    article_lists.put(2, three)
    assert article_lists.get(1, 2) is two  # 1 is now the most recently used
    article_lists.put(3, two)  # 7 articles: over budget, 2 goes
    assert article_lists.get(2, 3) is None
    assert article_lists.get(1, 2) is two and article_lists.get(3, 2) is two
    article_lists.put(4, ArticleList.of([article(n, T0) for n in range(6)]))  # larger than it all
    assert article_lists.get(4, 6) is None and not article_lists.keeps(6)


def test_an_article_joining_after_a_briefing_read_is_seen_by_the_next(store: Store) -> None:
    join_all = always(joins=True)

    def add(title: str, when: datetime) -> int:
        report = Ingestor(store.archive, join_all).ingest(
            [(1, ArticleDraft(title, f"{title}. Harbour officials spoke.", "Wire"))], when
        )
        return store.archive.articles(report.article_ids)[0].storyline_id or 0

    storyline = add("Kelvik harbour floods", T0)
    assert len(store.archive.new_articles(storyline, T0 - timedelta(hours=1), T0)) == 1
    assert add("Kelvik harbour still flooded", T0 + timedelta(hours=2)) == storyline
    later = store.archive.new_articles(storyline, T0, T0 + timedelta(hours=3))
    assert [a.title for a in later] == ["Kelvik harbour still flooded"]
    # A storyline too long to keep whole is read by window, with the same answer.
    store.archive._article_lists.longest = 1
    assert store.archive.new_articles(storyline, T0, T0 + timedelta(hours=3)) == later
