"""Readers' reports: news to the admins once a day for each article, and never for an article
that has moved since."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from news.chats.reports import REPORT_WINDOW, Reports
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.storylines.assignment import Clusterer
from storage.store import Store
from tests.fakes.clock import FakeClock

QUAY = ArticleDraft(
    "Kelvik harbour closed as storm Alda floods the quay",
    "Storm Alda flooded the quay at Kelvik harbour on Monday. The harbour master closed it.",
    "Coast Wire",
)


def test_a_report_is_news_once_a_window_and_not_for_a_moved_article(store: Store) -> None:
    clock = FakeClock(datetime(2025, 6, 10, 12, 0, tzinfo=UTC))
    report = Ingestor(store.archive, Clusterer()).ingest([(1, QUAY)], clock())
    (article,) = store.archive.articles(report.article_ids)
    assert article.storyline_id is not None
    reports = Reports(store.archive, store.corrections, clock)
    first = reports.report(article.id, article.storyline_id, chat_id=7)
    assert first.news and first.article == article and first.storyline is not None
    assert not reports.report(article.id, article.storyline_id, chat_id=8).news
    clock.set(clock() + REPORT_WINDOW + timedelta(minutes=1))
    assert reports.report(article.id, article.storyline_id, chat_id=8).news
    moved = reports.report(article.id, article.storyline_id + 1, chat_id=7)
    assert not moved.news and moved.article is None
