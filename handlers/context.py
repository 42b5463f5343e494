"""The typed context through which handlers reach their dependencies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import CallbackContext, ExtBot

from news.ingest import Ingestor
from news.polling import FeedPoller
from news.ports import Fetcher
from news.storylines import Clusterer
from storage.store import Store

Clock = Callable[[], datetime]


@dataclass
class Deps:
    """Everything handlers and jobs use, built once by bot.app.build_application()."""

    store: Store
    clock: Clock
    admin_ids: frozenset[int] = frozenset()
    results_per_page: int = 5
    catchup_window: timedelta = timedelta(hours=3)
    # Called after a chat's schedule or follows change, so its briefing job is rebuilt.
    reschedule: Callable[[int], None] = field(default=lambda chat_id: None)
    # Ledger rows being sent by this process right now: the resume pass leaves them alone.
    in_flight: set[int] = field(default_factory=set)
    fetcher: Fetcher | None = None
    poller: FeedPoller | None = None
    # Whether anyone (not only admins) may add articles by link, forward or paste.
    open_ingest: bool = False
    feed_interval: timedelta = timedelta(minutes=15)
    # Shared by every way articles come in, so all of them use the configured embedder.
    clusterer: Clusterer = field(default_factory=Clusterer)

    def ingestor(self) -> Ingestor:
        return Ingestor(self.store.archive, self.clusterer)


class AppData:
    """The application's bot_data: one typed slot instead of string keys."""

    def __init__(self) -> None:
        self.deps: Deps | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], AppData]):
    @property
    def deps(self) -> Deps:
        deps = self.bot_data.deps
        if deps is None:
            raise RuntimeError("build_application() did not install the dependencies")
        return deps
