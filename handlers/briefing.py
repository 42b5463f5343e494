"""/briefing: the chat's briefing now, counted like a scheduled one."""

from __future__ import annotations

from telegram import Update

from handlers.common import in_chat, reply
from handlers.context import BotContext
from news.records import ChatSettings, DeliveryStatus


@in_chat
async def briefing_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    deps = context.deps
    if not deps.store.follows.for_chat(settings.chat_id):
        await reply(
            update,
            "You follow nothing yet, so there is nothing to brief you on. "
            "Find a storyline with /search and press Follow, or /follow a topic.",
        )
        return
    if deps.deliverer is None:
        raise RuntimeError("the composition root did not provide a deliverer")
    status = await deps.deliverer.on_demand(context.bot, settings.chat_id)
    if status is DeliveryStatus.FAILED:
        await reply(update, "Sorry, I could not send your briefing just now; please try again.")
