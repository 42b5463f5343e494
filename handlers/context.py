"""The typed context through which handlers reach their dependencies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from telegram import Bot
from telegram.ext import CallbackContext, ExtBot

from handlers.flood import InboundLimiter
from news.chats.rights import Rights
from news.chats.subscriptions import Subscriptions
from news.ingest import Ingestor
from news.polling import FeedPoller
from news.ports import Clock, Fetcher
from news.records import ChatSettings, DeliveryStatus
from news.storylines.corrections import Editor
from news.storylines.state import QueryEmbedder
from storage.store import Store


class OnDemand(Protocol):
    """Sends a chat its briefing when asked (the delivery use case, bot.runtime.delivery)."""

    async def on_demand(self, bot: Bot, chat_id: int) -> DeliveryStatus: ...


@dataclass
class Deps:
    """Everything handlers and jobs use, built once by the composition root (bot.services)."""

    store: Store
    clock: Clock
    # One for every way articles come in (links, forwards, pastes, feeds), with the
    # configured clusterer.
    ingestor: Ingestor
    admin_ids: frozenset[int] = frozenset()
    results_per_page: int = 5
    catchup_window: timedelta = timedelta(hours=3)
    deliverer: OnDemand | None = None
    # Each chat's updates are rationed before any work is done (handlers.flood).
    inbound: InboundLimiter = field(default_factory=InboundLimiter)
    fetcher: Fetcher | None = None
    poller: FeedPoller | None = None
    # Whether anyone (not only admins) may add articles by link, forward or paste.
    open_ingest: bool = False
    feed_interval: timedelta = timedelta(minutes=15)
    # People's corrections to storylines; whether every reader may make them in a private chat.
    editor: Editor | None = None
    open_corrections: bool = False
    # How storylines and search compare articles (words alone, or words and meaning), and
    # the model that finds a query's meaning when there is one.
    comparing: str = "words alone"
    meaning: QueryEmbedder | None = None

    @property
    def rights(self) -> Rights:
        """Who may do what (news.chats.rights)."""
        return Rights(self.admin_ids, self.open_corrections, self.open_ingest)

    @property
    def subscriptions(self) -> Subscriptions:
        """Follows and settings, each change replanning the chat's briefings."""
        return Subscriptions(self.store.chats, self.store.follows, self.clock)


class AppData:
    """The application's bot_data: one typed slot instead of string keys."""

    def __init__(self) -> None:
        self.deps: Deps | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], AppData]):
    # The update's chat as registered in storage, set once per update before any handler
    # runs (handlers.registry); PTB hands every handler of one update the same context.
    chat: ChatSettings | None = None

    @property
    def deps(self) -> Deps:
        deps = self.bot_data.deps
        if deps is None:
            raise RuntimeError("build_application() did not install the dependencies")
        return deps
