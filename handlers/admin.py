"""Admin-only commands (ids in NEWSBRIEF_ADMIN_IDS)."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from handlers.common import chat_settings, is_admin, reply
from handlers.context import BotContext

NOT_ADMIN = "Sorry, that command is for the bot's admins."


async def stats_command(update: Update, context: BotContext) -> None:
    chat_settings(update, context)
    if not is_admin(update, context):
        await reply(update, NOT_ADMIN)
        return
    store = context.deps.store
    chats, active = store.chats.count()
    now = context.deps.clock()
    await reply(
        update,
        "<b>Stats</b>\n"
        f"Articles: {store.archive.article_count()}\n"
        f"Storylines: {store.archive.storyline_count()}\n"
        f"Chats: {chats} ({active} active)\n"
        f"Follows: {store.follows.count()}\n"
        f"Briefings in the last 24 h: {_counts(store.ledger.counts(now - timedelta(days=1)))}",
    )


def _counts(by_status: dict[str, int]) -> str:
    if not by_status:
        return "none"
    return ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
