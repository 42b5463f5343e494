"""Every handler of the bot, in the order they are tried."""

from __future__ import annotations

from typing import Any

from telegram import BotCommand
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import admin, briefing, callbacks, follow, ingest, search, settings, start

PUBLIC_COMMANDS = [BotCommand(name, text[:256]) for name, text in start.COMMANDS]


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("start", start.start),
        CommandHandler("help", start.help_command),
        CommandHandler("stop", start.stop),
        CommandHandler("search", search.search_command),
        CommandHandler("story", search.story_command),
        CommandHandler("follow", follow.follow_command),
        CommandHandler("unfollow", follow.unfollow_command),
        CommandHandler("following", follow.following_command),
        CommandHandler("briefing", briefing.briefing_command),
        CommandHandler("settings", settings.settings_command),
        CommandHandler("stats", admin.stats_command),
        CommandHandler("feeds", admin.feeds_command),
        CommandHandler("ingest", ingest.ingest_command),
        CallbackQueryHandler(callbacks.button_pressed),
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, start.unknown_command),
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT, search.free_text
        ),
    ]


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handlers(handlers())
