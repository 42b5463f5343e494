"""The composition root: everything newsbrief runs on, built once from Settings.

The bot, every command, the console and the evaluations take one `Services`; each part is
made on first use, so a command pays only for what it touches (`eval` opens no database,
`storylines` loads no embedding model).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import cached_property

from bot.adapters.embeddings import EmbeddingsUnavailable, describe, shared_clusterer
from bot.adapters.fetcher import SafeFetcher
from bot.config import Settings, SettingsError
from bot.runtime.delivery import Deliverer
from handlers.context import Deps
from handlers.flood import InboundLimiter
from news.ingest import Ingestor
from news.polling import FeedPoller
from news.ports import Clock, Fetcher
from news.storylines.analysis import Analyzer, in_place
from news.storylines.assignment import Clusterer
from news.storylines.corrections import Editor
from news.storylines.state import QueryEmbedder
from storage.store import Store


def system_clock() -> datetime:
    return datetime.now(UTC)


def safe_fetcher(settings: Settings) -> Fetcher:
    return SafeFetcher(allow=settings.allow_networks)


# How every part that fetches gets its fetcher; tests point it at a local server.
make_fetcher: Callable[[Settings], Fetcher] = safe_fetcher


class Services:
    """The store, clock, fetcher, clusterer, ingestor, poller and deliverer of one process."""

    def __init__(
        self,
        settings: Settings,
        store: Store | None = None,
        clock: Clock = system_clock,
        fetcher: Fetcher | None = None,
        clusterer: Clusterer | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        if store is not None:
            self.store = store
        if fetcher is not None:
            self.fetcher = fetcher
        if clusterer is not None:
            self.clusterer = clusterer

    @cached_property
    def store(self) -> Store:
        settings = self.settings
        return Store(settings.db_path, settings.timezone, settings.briefing_time)

    @cached_property
    def fetcher(self) -> Fetcher:
        return make_fetcher(self.settings)

    @cached_property
    def clusterer(self) -> Clusterer:
        """The configured clusterer; its embedding model loads here, on first use."""
        try:
            return shared_clusterer(self.settings.embeddings)
        except EmbeddingsUnavailable as exc:
            raise SettingsError(f"NEWSBRIEF_EMBEDDINGS: {exc}") from None

    @property
    def meaning(self) -> QueryEmbedder | None:
        """The model search asks for a query's meaning, when storylines use one."""
        embedder = self.clusterer.embedder
        return embedder if isinstance(embedder, QueryEmbedder) else None

    @cached_property
    def deliverer(self) -> Deliverer:
        return Deliverer(self.store, self.clock)

    @cached_property
    def poller(self) -> FeedPoller:
        store = self.store
        return FeedPoller(
            store.feeds,
            store.archive,
            self.fetcher,
            self.clock,
            self.settings.full_text,
            self.clusterer,
        )

    def ingestor(self, analyzer: Analyzer = in_place, dedupe: bool = True) -> Ingestor:
        """An ingestor into this store; large imports pass the worker's `analyzer`."""
        return Ingestor(self.store.archive, self.clusterer, dedupe=dedupe, analyzer=analyzer)

    def editor(self) -> Editor:
        """Corrections by a person, made through this process's clusterer."""
        ingestor = self.ingestor()
        return Editor(
            self.store.archive, ingestor.clusterer, ingestor.corpus, self.store.corrections
        )

    def admit(self, user_id: int) -> None:
        """Make `user_id` an admin for this process, never slowed (the console's operator)."""
        settings = self.settings
        self.settings = replace(settings, admin_ids=settings.admin_ids | {user_id}, chat_burst=0)

    def deps(self) -> Deps:
        """What handlers and jobs reach through their context."""
        settings = self.settings
        return Deps(
            store=self.store,
            clock=self.clock,
            admin_ids=settings.admin_ids,
            results_per_page=settings.results_per_page,
            catchup_window=settings.catchup_window,
            fetcher=self.fetcher,
            poller=self.poller,
            open_ingest=settings.open_ingest,
            feed_interval=settings.feed_poll_interval,
            ingestor=self.ingestor(),
            deliverer=self.deliverer,
            inbound=InboundLimiter(burst=settings.chat_burst),
            editor=self.editor(),
            open_corrections=settings.open_corrections,
            comparing=describe(settings.embeddings) if self.meaning else "words alone",
            meaning=self.meaning,
        )

    def close(self) -> None:
        """Close the store, if it was opened."""
        if "store" in self.__dict__:
            self.store.close()
