"""build_application(): the Telegram application around a Services (handlers, jobs)."""

from __future__ import annotations

from datetime import timedelta
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

from bot.runtime import jobs
from bot.runtime.ratelimit import PacedRateLimiter, Pacer
from bot.services import Services
from handlers.context import AppData, BotContext
from handlers.registry import command_menus, register

NewsApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], AppData, JobQueue[BotContext]
]
CONSOLE_TOKEN = "0:console"


def build_application(
    services: Services,
    request: BaseRequest | None = None,
    schedule: bool = True,
    rate_limiter: BaseRateLimiter[Any] | None = None,
) -> NewsApplication:
    """The application with every handler and dependency; briefing jobs rebuilt from SQLite.

    `request` replaces the HTTP transport (the console and tests pass a loopback one).
    """
    settings = services.settings
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
    deps = services.deps()
    application.bot_data.deps = deps
    register(application)
    if schedule and application.job_queue is not None:
        jobs.BriefingScheduler(application, deps, services.deliverer).rebuild()
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
    deps = application.bot_data.deps
    admins = deps.admin_ids if deps is not None else frozenset()
    open_corrections = deps is not None and deps.open_corrections
    for commands, scope in command_menus(admins, open_corrections):
        await application.bot.set_my_commands(commands, scope=scope)
