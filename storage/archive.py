"""The archive: articles, corpus statistics, storylines and search over one database.

Each noun lives in its own module; the Archive is their union, the one object the domain's
ports (news.ports) are implemented by.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from news.records import NewArticle
from news.storylines.state import StorylineState
from storage.article_lists import ArticleLists
from storage.articles import ArticleRows
from storage.corpus import CorpusStatistics, TermCounts
from storage.database import Database
from storage.outlets import OutletRows
from storage.regroup import RegroupRows
from storage.search import SearchIndex
from storage.storylines import StorylineRows


class Archive(ArticleRows, CorpusStatistics, StorylineRows, SearchIndex, RegroupRows, OutletRows):
    """Repository of articles and storylines (implements news.ports' archive protocols)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._source_ids: dict[str, int] = {}
        self._counts: TermCounts | None = None
        self._centroids: dict[tuple[int, int, float], dict[str, float]] = {}
        self._article_lists = ArticleLists()

    def store(
        self,
        article: NewArticle,
        storyline: StorylineState,
        when: datetime,
        index_terms: Sequence[str],
    ) -> int:
        """Store an article with its storyline's new state (a new storyline when the state's
        id is 0), dated `when`, indexed under `index_terms`; the article's id."""
        if not storyline.storyline_id:
            # The storyline first, so the article is stored in it: setting the article's
            # storyline afterwards rewrote four of its index entries.
            return self._insert_article(
                article, self._create_storyline(storyline, when, index_terms)
            )
        article_id = self._insert_article(article, storyline.storyline_id)
        self._join_storyline(storyline, when, index_terms)  # its source count reads the article
        return article_id
