"""What the domain's use-cases need from storage, as protocols (storage implements them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from news.records import (
    Article,
    ChatSettings,
    Correction,
    CorrectionKind,
    Feed,
    FetchResult,
    Follow,
    NewArticle,
    Storyline,
)
from news.search.plan import MatchIndex, SearchPlan
from news.storylines.constraints import Constraints
from news.storylines.state import CorpusView, StorylineState
from news.text.boilerplate import OutletMemory
from news.vectors import Vector

# The time now, always timezone-aware UTC; tests pass a clock they move by hand.
Clock = Callable[[], datetime]


class IngestArchive(CorpusView, Constraints, OutletMemory, Protocol):
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

    def storyline_embeddings(self, since: datetime, limit: int) -> list[tuple[int, Vector]]: ...

    def storyline_languages(self, ids: Sequence[int]) -> dict[int, list[str]]: ...


class Fetcher(Protocol):
    """Fetches http(s) URLs safely; raises news.records.FetchError."""

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


class CorrectionArchive(IngestArchive, Protocol):
    """Storylines regrouped by a person (storage.regroup)."""

    def articles(self, ids: Sequence[int]) -> list[Article]: ...

    def member_articles(self, storyline_id: int) -> list[Article]: ...

    def article_embeddings(self, ids: Sequence[int]) -> dict[int, Vector]: ...

    def member_ids(self, storyline_id: int) -> list[int]: ...

    def storyline_of_article(self, article_id: int) -> int | None: ...

    def storylines_of(self, article_ids: Sequence[int]) -> list[int | None]: ...

    def place_articles(self, article_ids: Sequence[int], storyline_id: int) -> None: ...

    def new_storyline(self, state: StorylineState) -> int: ...

    def rewrite_storyline(self, state: StorylineState, index_terms: Sequence[str]) -> None: ...

    def retire_storyline(self, storyline_id: int, into: int) -> None: ...

    def merged_ids(self, storyline_id: int) -> list[int]: ...

    def point_at(self, retired: Sequence[int], storyline_id: int) -> None: ...

    def add_moved_out(
        self, storyline_id: int, article_id: int, counts: Mapping[str, float], correction: int
    ) -> None: ...

    def forget_moved_out(self, correction: int) -> None: ...

    def forget_moved_back(self, storyline_id: int) -> None: ...

    def set_label(self, storyline_id: int, label: str, locked: bool = True) -> None: ...

    def storyline_followers(self, storyline_id: int) -> list[int]: ...

    def restore_follows(
        self, storyline_id: int, chats: Sequence[int], survivor: int, keep: Sequence[int]
    ) -> None: ...


class CorrectionLog(Protocol):
    """The log of corrections (storage.corrections)."""

    def record(
        self,
        kind: CorrectionKind,
        storyline_id: int,
        others: Sequence[int],
        made_by: str,
        now: datetime,
        label: str = "",
        undo: Mapping[str, Any] | None = None,
    ) -> int: ...

    def get(self, correction_id: int) -> Correction | None: ...

    def later(self, correction_id: int) -> list[Correction]: ...

    def mark_undone(self, correction_id: int, now: datetime) -> None: ...


class ChatRepository(Protocol):
    """Chats, their briefing settings and the time each is next due."""

    def get(self, chat_id: int) -> ChatSettings | None: ...

    def ensure(
        self, chat_id: int, now: datetime, chat_type: str = "private", title: str = ""
    ) -> ChatSettings: ...

    def update(self, settings: ChatSettings, now: datetime) -> None: ...

    def plan(self, times: Iterable[tuple[int, datetime | None]]) -> None: ...


class FollowRepository(Protocol):
    """A chat's follows of storylines and topics."""

    def follow_storyline(self, chat_id: int, storyline_id: int, now: datetime) -> bool: ...

    def follow_topic(self, chat_id: int, topic: str, now: datetime) -> bool: ...

    def for_chat(self, chat_id: int) -> list[Follow]: ...

    def remove_storyline(self, chat_id: int, storyline_id: int) -> bool: ...

    def remove_topic(self, chat_id: int, topic: str) -> bool: ...

    def remove_all(self, chat_id: int) -> int: ...


class ReportLog(Protocol):
    """Readers' reports of an article in the wrong storyline."""

    def report(
        self, article_id: int, storyline_id: int, chat_id: int, now: datetime, since: datetime
    ) -> bool: ...
