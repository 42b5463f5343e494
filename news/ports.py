"""What the domain's use-cases need from storage, as protocols (storage implements them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from news.models import Article, Feed, FetchResult, NewArticle, Storyline
from news.search_plan import MatchIndex, SearchPlan
from news.storyline_state import CorpusView, StorylineState


class IngestArchive(CorpusView, Protocol):
    """Article and storyline storage as the ingest pipeline uses it."""

    def writing(self) -> AbstractContextManager[None]: ...

    def find_duplicate(self, url_key: str, fingerprint: str) -> int | None: ...

    def band_candidates(
        self, bands: Sequence[tuple[int, int]], days: Sequence[int], limit: int
    ) -> list[tuple[int, str]]: ...

    def add_syndication(self, article_id: int, source: str, url: str) -> None: ...

    def count_terms(self, terms: Iterable[str]) -> None: ...

    def store(
        self,
        article: NewArticle,
        storyline: StorylineState,
        when: datetime,
        index_terms: Sequence[str],
    ) -> int: ...

    def merge_storylines(
        self, absorbed_id: int, state: StorylineState, index_terms: Sequence[str]
    ) -> None: ...

    def storyline_state(self, storyline_id: int) -> StorylineState | None: ...


class SearchArchive(MatchIndex, Protocol):
    """Full-text hits and storyline lookups as search uses them."""

    def search_hits(
        self,
        plan: SearchPlan,
        limit: int,
        until: datetime | None = None,
        since: datetime | None = None,
        sources: Sequence[str] = (),
    ) -> list[tuple[int, int, float]]: ...

    def storylines(self, ids: Sequence[int]) -> list[Storyline]: ...

    def storyline_articles(
        self, storyline_id: int, limit: int, until: datetime | None = None
    ) -> list[Article]: ...


class Fetcher(Protocol):
    """Fetches http(s) URLs safely; raises news.models.FetchError."""

    async def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> FetchResult: ...


class FeedRepository(Protocol):
    """Feeds and their polling state, as the poller uses them."""

    def all(self) -> list[Feed]: ...

    def due(self, now: datetime) -> list[Feed]: ...

    def polled(
        self,
        feed: Feed,
        now: datetime,
        next_poll_at: datetime,
        *,
        title: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        new: int = 0,
        url: str | None = None,
    ) -> None: ...

    def failed(
        self, feed: Feed, now: datetime, error: str, next_poll_at: datetime, deactivate: str | None
    ) -> None: ...
