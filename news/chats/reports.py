"""A reader's report of an article in the wrong storyline: checked against where the article is
now, and news to the admins at most once a day for each article, however many readers report
it. Telling the admins is the caller's (it holds the Bot API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from news.ports import Clock, ReportLog
from news.records import Article, Storyline

# However many readers report one article, the admins hear of it once in this window.
REPORT_WINDOW = timedelta(days=1)


class ReportedArchive(Protocol):
    def articles(self, ids: list[int]) -> list[Article]: ...

    def storyline(self, storyline_id: int) -> Storyline | None: ...


@dataclass(frozen=True, slots=True)
class Reported:
    """What became of a report: `news` is False when the article has moved since or the
    admins were told of it within the window; `article` is None when it has moved."""

    news: bool
    article: Article | None = None
    storyline: Storyline | None = None


@dataclass(frozen=True, slots=True)
class Reports:
    archive: ReportedArchive
    log: ReportLog
    clock: Clock

    def report(self, article_id: int, storyline_id: int, chat_id: int) -> Reported:
        """Record a reader's report of the article as not part of the storyline."""
        articles = self.archive.articles([article_id])
        storyline = self.archive.storyline(storyline_id)
        if not articles or storyline is None or articles[0].storyline_id != storyline.id:
            return Reported(news=False)
        article, now = articles[0], self.clock()
        news = self.log.report(article.id, storyline.id, chat_id, now, now - REPORT_WINDOW)
        return Reported(news, article, storyline)
