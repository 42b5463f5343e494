"""Every handler of the bot, in the order they are tried."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Update,
)
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

from handlers import (
    admin,
    briefing,
    callbacks,
    channel_sources,
    corrections,
    destinations,
    follow,
    ingest,
    mute,
    search,
    settings,
    start,
)
from handlers.common import chat_settings, reply
from handlers.context import BotContext
from handlers.errors import on_error
from handlers.flood import Verdict

SLOW_DOWN = "⏳ That is faster than I can read: I will skip messages for a few seconds."


def _menu(commands: list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, text[:256]) for name, text in commands]


def command_menus(
    admin_ids: Iterable[int], open_corrections: bool = False
) -> list[tuple[list[BotCommand], BotCommandScope]]:
    """What each kind of user sees in Telegram's command menu: readers in private chats and
    groups the reader's commands, newsbrief's admins in their private chats theirs too."""
    readers = _menu(start.COMMANDS)
    # /channel works only in a private chat (a channel is managed from there).
    in_groups = [command for command in readers if command.command != "channel"]
    if open_corrections:
        readers += _menu(start.CORRECTION_COMMANDS)
    menus: list[tuple[list[BotCommand], BotCommandScope]] = [
        (readers, BotCommandScopeAllPrivateChats()),
        (in_groups, BotCommandScopeAllGroupChats()),
    ]
    admins = _menu(start.COMMANDS + start.CORRECTION_COMMANDS + start.ADMIN_COMMANDS)
    menus += [(admins, BotCommandScopeChat(admin_id)) for admin_id in sorted(admin_ids)]
    return menus


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
        CommandHandler("sources", channel_sources.sources_command),
        CommandHandler("channel", destinations.channel_command),
        CommandHandler("merge", corrections.merge_command),
        CommandHandler("move", corrections.move_command),
        CommandHandler("label", corrections.label_command),
        CommandHandler("corrections", corrections.corrections_command),
        MessageHandler(filters.UpdateType.CHANNEL_POSTS, channel_sources.channel_post),
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
    if update.channel_post or update.edited_channel_post:
        # A channel's posts are its admins' writing, not a reader's messages: no flood
        # control (nobody to tell) and no chat to register, only the replay check.
        if not deps.store.updates.first_time(update.update_id, deps.clock()):
            raise ApplicationHandlerStop
        return
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
    application.add_error_handler(on_error)
