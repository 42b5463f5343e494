"""/briefing: the chat's briefing now, counted like a scheduled one."""

from __future__ import annotations

from telegram import Update

from handlers.common import chat_settings, reply
from handlers.context import BotContext
from handlers.delivery import deliver


async def briefing_command(update: Update, context: BotContext) -> None:
    settings = chat_settings(update, context)
    if settings is None:
        return
    deps = context.deps
    if not deps.store.follows.for_chat(settings.chat_id):
        await reply(
            update,
            "You follow nothing yet, so there is nothing to brief you on. "
            "Find a storyline with /search and press Follow, or /follow a topic.",
        )
        return
    outcome = await deliver(context.bot, deps, settings.chat_id, "on_demand", deps.clock())
    if outcome.status == "failed":
        await reply(update, "Sorry, I could not send your briefing just now; please try again.")
