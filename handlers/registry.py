"""Every handler of the bot, in the order they are tried."""

from __future__ import annotations

from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import admin, briefing, callbacks, follow, ingest, mute, search, settings, start
from handlers.common import chat_settings, reply
from handlers.context import BotContext
from handlers.flood import Verdict

SLOW_DOWN = "⏳ That is faster than I can read: I will skip messages for a few seconds."
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
        CommandHandler("mute", mute.mute_command),
        CommandHandler("unmute", mute.unmute_command),
        CommandHandler("muted", mute.muted_command),
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


async def once_per_update(update: Update, context: BotContext) -> None:
    """Before any handler runs: stop an update from a chat sending faster than anyone reads
    (told once) or one seen before (a webhook retry, a replay), and register the update's
    chat, so that every chat that writes is known."""
    deps = context.deps
    chat = update.effective_chat
    verdict = deps.inbound.admit(chat.id) if chat is not None else Verdict.ADMIT
    if verdict is Verdict.SLOW_DOWN:
        await reply(update, SLOW_DOWN)
    if verdict is not Verdict.ADMIT:
        raise ApplicationHandlerStop
    if not deps.store.updates.first_time(update.update_id, deps.clock()):
        raise ApplicationHandlerStop
    context.chat = chat_settings(update, context)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, once_per_update), group=-1)
    application.add_handlers(handlers())
