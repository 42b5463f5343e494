"""Composing and delivering a chat's briefing, recorded in the delivery ledger."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from handlers import keyboards, render
from handlers.context import Deps
from news.briefing import Briefing, compose
from news.models import ChatSettings

log = logging.getLogger(__name__)

MAX_RETRY_AFTER = 60.0  # longer waits are not parked in a coroutine; the delivery fails instead


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(slots=True)
class Outcome:
    status: str  # sent, empty, duplicate, inactive, failed
    briefing: Briefing | None = None
    messages: list[OutgoingMessage] = field(default_factory=list)
    error: str | None = None


def prepare(deps: Deps, settings: ChatSettings, now: datetime) -> Briefing:
    """The chat's briefing as of `now`, from its follows and the ledger."""
    store = deps.store
    previous = store.ledger.last_briefing(settings.chat_id, until=now)
    return compose(
        store.archive,
        settings.chat_id,
        store.follows.for_chat(settings.chat_id),
        previous.as_of if previous else None,
        now,
        store.ledger.sent_digests(settings.chat_id),
    )


def messages_for(
    briefing: Briefing, settings: ChatSettings, scheduled: bool
) -> list[OutgoingMessage]:
    """Telegram messages of a briefing; none for a quiet scheduled briefing with nothing new."""
    if briefing.empty:
        if scheduled and settings.quiet_when_empty:
            return []
        return [OutgoingMessage(render.nothing_new(briefing, settings.timezone))]
    blocks = [render.briefing_item(item) for item in briefing.items]
    header = render.briefing_header(briefing, settings.timezone)
    messages = []
    for text, members in render.split_blocks(header, blocks):
        items = [briefing.items[i] for i in members]
        rows = [
            [
                keyboards.button(
                    f"More on {item.storyline.id}", keyboards.STORY, item.storyline.id
                ),
                keyboards.button(
                    f"➕ Follow {item.storyline.id}", keyboards.FOLLOW, item.storyline.id
                )
                if item.topic
                else keyboards.button(
                    f"✖ Unfollow {item.storyline.id}", keyboards.UNFOLLOW, item.storyline.id
                ),
            ]
            for item in items
        ]
        messages.append(OutgoingMessage(text, keyboards.keyboard(rows)))
    return messages


async def _send(bot: Bot, chat_id: int, message: OutgoingMessage) -> None:
    try:
        await bot.send_message(chat_id, message.text, reply_markup=message.markup)
    except RetryAfter as exc:
        wait = (
            exc.retry_after
            if isinstance(exc.retry_after, int | float)
            else exc.retry_after.total_seconds()
        )
        if wait > MAX_RETRY_AFTER:
            raise
        log.info("flood control: waiting %.0fs before resending to chat %s", wait, chat_id)
        await asyncio.sleep(wait)
        await bot.send_message(chat_id, message.text, reply_markup=message.markup)


async def deliver(
    bot: Bot | None,
    deps: Deps,
    chat_id: int,
    kind: str,
    now: datetime,
    local_date: str | None = None,
) -> Outcome:
    """Claim the briefing in the ledger, send it (when a bot is given), settle the ledger.

    The claim comes first: should the process die after sending, the claim stops a second
    copy for the same scheduled day.
    """
    store = deps.store
    settings = store.chats.get(chat_id)
    if settings is None or not settings.active:
        return Outcome("inactive")
    briefing = prepare(deps, settings, now)
    claim = store.ledger.claim(chat_id, kind, now, deps.clock(), local_date)
    if claim is None:
        return Outcome("duplicate", briefing)
    messages = messages_for(briefing, settings, scheduled=kind == "scheduled")
    digests = [d for item in briefing.items for d in item.digests]
    if not messages:
        store.ledger.settle(claim.id, "empty", deps.clock())
        return Outcome("empty", briefing)
    sent = 0
    try:
        for message in messages:
            if bot is not None:
                await _send(bot, chat_id, message)
            sent += 1
    except Forbidden as exc:
        store.chats.set_active(chat_id, False, deps.clock())
        store.ledger.settle(claim.id, "failed", deps.clock(), sent, error=str(exc))
        log.info("chat %s blocked the bot; marked inactive", chat_id)
        return Outcome("inactive", briefing, messages, str(exc))
    except BadRequest as exc:
        if "chat not found" in str(exc).lower():
            store.chats.set_active(chat_id, False, deps.clock())
        store.ledger.settle(claim.id, "failed", deps.clock(), sent, error=str(exc))
        return Outcome("failed", briefing, messages, str(exc))
    except TelegramError as exc:
        store.ledger.settle(claim.id, "failed", deps.clock(), sent, error=str(exc))
        log.warning("briefing to chat %s failed: %s", chat_id, exc)
        return Outcome("failed", briefing, messages, str(exc))
    # Sentences already sent are remembered even when a later part failed: never repeat them.
    store.ledger.settle(claim.id, "sent", deps.clock(), sent, digests)
    return Outcome("sent", briefing, messages)
