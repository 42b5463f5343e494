"""When a handler fails: the person gets one line, the log gets the traceback with what the
update was, and nothing else is affected (the next update is handled as usual)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from handlers.common import reply
from handlers.context import BotContext

log = logging.getLogger(__name__)

SOMETHING_WRONG = "Something went wrong; the operator has the details."


def update_kind(update: object) -> str:
    """What the update was, for the log: never its text beyond a command's name."""
    if not isinstance(update, Update):
        return "a job"
    if update.callback_query is not None:
        return "a button press"
    if update.channel_post or update.edited_channel_post:
        return "a channel post"
    message = update.effective_message
    text = (message.text or "") if message is not None else ""
    if text.startswith("/"):
        return f"the command {text.split()[0][:40]}"
    return "a message"


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, TelegramError):
        # Telegram or the network failed to take a reply: no bug, and telling the person
        # would be one more message that may not arrive either.
        log.warning("handling %s: Telegram failed: %s", update_kind(update), error)
        return
    exc_info = (type(error), error, error.__traceback__) if error is not None else None
    log.error("handling %s failed", update_kind(update), exc_info=exc_info)
    if not isinstance(update, Update) or update.channel_post or update.edited_channel_post:
        return  # a job or a channel's own post: nobody to tell
    try:
        # A button's message is the update's message too: the line goes under it.
        await reply(update, SOMETHING_WRONG)
    except TelegramError as exc:
        log.warning("could not tell the chat that handling failed: %s", exc)
