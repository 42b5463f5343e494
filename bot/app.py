"""build_application(): all wiring of the bot in one place (handlers, dependencies, jobs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    BaseRateLimiter,
    ContextTypes,
    Defaults,
    ExtBot,
    JobQueue,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot import jobs
from bot.embeddings import shared_clusterer
from bot.fetcher import SafeFetcher
from bot.ratelimit import PacedRateLimiter, Pacer
from bot.settings import Settings
from handlers.context import AppData, BotContext, Clock, Deps
from handlers.registry import PUBLIC_COMMANDS, register
from news.polling import FeedPoller
from news.ports import Fetcher
from news.storylines import Clusterer
from storage.store import Store

NewsApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], AppData, JobQueue[BotContext]
]
CONSOLE_TOKEN = "0:console"


def system_clock() -> datetime:
    return datetime.now(UTC)


def open_store(settings: Settings) -> Store:
    return Store(settings.db_path, settings.timezone, settings.briefing_time)


def build_application(
    settings: Settings,
    store: Store,
    clock: Clock = system_clock,
    request: BaseRequest | None = None,
    schedule: bool = True,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    fetcher: Fetcher | None = None,
    clusterer: Clusterer | None = None,
) -> NewsApplication:
    """The application with every handler and dependency; briefing jobs rebuilt from SQLite.

    `request` replaces the HTTP transport (the console and tests pass a loopback one);
    `clusterer` defaults to the one the settings describe (loading its model, if any).
    """
    # The builder changes its generic type with each call; the result is typed below instead.
    builder: Any = (
        Application.builder()
        .token(settings.token or CONSOLE_TOKEN)
        .base_url(settings.api_url)
        .context_types(ContextTypes(context=BotContext, bot_data=AppData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .post_init(_announce_commands)
        # Updates are handled concurrently: one slow command (a page fetch) must not hold up
        # the replies to other chats.
        .concurrent_updates(64)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # Sends are paced before they take a connection, so waiting for one is harmless:
        # PTB's default 1 s pool timeout turned a busy broadcast into lost replies.
        builder = builder.request(HTTPXRequest(connection_pool_size=32, pool_timeout=10.0))
    if rate_limiter is not None or request is None:
        builder = builder.rate_limiter(
            rate_limiter or PacedRateLimiter(Pacer(per_second=settings.send_rate))
        )
    application: NewsApplication = builder.build()
    fetcher = fetcher or SafeFetcher(allow=settings.allow_networks)
    clusterer = clusterer or shared_clusterer(settings.embeddings, settings.model_dir)
    deps = Deps(
        store=store,
        clock=clock,
        admin_ids=settings.admin_ids,
        results_per_page=settings.results_per_page,
        catchup_window=settings.catchup_window,
        fetcher=fetcher,
        poller=FeedPoller(
            store.feeds, store.archive, fetcher, clock, settings.full_text, clusterer
        ),
        open_ingest=settings.open_ingest,
        feed_interval=settings.feed_poll_interval,
        clusterer=clusterer,
    )
    application.bot_data.deps = deps
    register(application)
    if schedule and application.job_queue is not None:
        scheduler = jobs.BriefingScheduler(application, deps)
        deps.reschedule = scheduler.schedule_chat
        scheduler.rebuild()
        jobs.schedule_feed_polling(application, deps)
        if settings.backup_dir:
            jobs.schedule_backups(
                application,
                deps,
                Path(settings.backup_dir),
                timedelta(hours=settings.backup_hours),
                settings.backup_keep,
            )
    return application


async def _announce_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await application.bot.set_my_commands(PUBLIC_COMMANDS)
