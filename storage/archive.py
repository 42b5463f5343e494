"""The archive: articles, corpus statistics, storylines and search over one database.

Each noun lives in its own module; the Archive is their union, the one object the domain's
ports (news.ports) are implemented by.
"""

from __future__ import annotations

from storage.article_lists import ArticleLists
from storage.articles import ArticleRows
from storage.corpus import CorpusStatistics, TermCounts
from storage.database import Database
from storage.search import SearchIndex
from storage.storylines import StorylineRows


class Archive(ArticleRows, CorpusStatistics, StorylineRows, SearchIndex):
    """Repository of articles and storylines (implements news.ports' archive protocols)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._source_ids: dict[str, int] = {}
        self._counts: TermCounts | None = None
        self._centroids: dict[tuple[int, int, float], dict[str, float]] = {}
        self._article_lists = ArticleLists()
