"""The delivery use case: compose a chat's briefing and send it through the ledger.

The ledger row is claimed before composing, the composed parts are stored with it, and each
part is recorded as soon as Telegram confirms it. What can go wrong, and what happens then
(the reliability scenarios of the spec, 1-10):

- 429 with a short retry_after: the rate limiter waits and resends that part once or twice.
- 429 with a long retry_after, 5xx, a dropped connection: the delivery is *deferred* and
  resumed later from the first unsent part (back-off 1, 5, 15, 60 minutes; then failed).
- A read timeout: the part may well have arrived (PTB #1045), so it is not resent blindly;
  the delivery is settled as *unknown* and counted as given. A pool or connect timeout
  (the request never left) is retried like a dropped connection.
- 403 (blocked, kicked) or 400 "chat not found": the chat is marked inactive, no retries
  (a channel's managers are told);
  for a forum topic, 400 "message thread not found" or a closed or deleted topic marks that
  topic inactive, not the group's other topics.
- 400 "group chat was upgraded": follows and schedule move to the new id, the part is resent
  there once.
- 400 "can't parse entities" (should not happen: the renderer escapes everything): the part
  is resent once as plain text.
- A crash between a send and its record: the delivery stays pending and is resumed at start,
  so that one part may arrive twice, never zero times.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.runtime.ratelimit import retry_seconds
from handlers import keyboards, render
from news.briefings.compose import Briefing, compose
from news.chats.subscriptions import Subscriptions
from news.ports import Clock
from news.records import ChatSettings, DeliveryStatus
from storage.ledger import Delivery, Part
from storage.store import Store

log = logging.getLogger(__name__)

INLINE_RETRY_PAUSES = (0.5, 2.0)
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=1),
)


@dataclass(slots=True)
class Outcome:
    status: DeliveryStatus
    briefing: Briefing | None = None
    parts: tuple[Part, ...] = ()
    error: str | None = None
    delivery_id: int | None = None


# What Telegram says when a chat, or a forum topic, can no longer be written to.
GONE = ("chat not found", "message thread not found", "topic_closed", "topic_deleted")


@dataclass(slots=True)
class _Target:
    chat_id: int
    migrated: bool = field(default=False)


def prepare(
    store: Store, settings: ChatSettings, now: datetime, delivery_id: int | None = None
) -> Briefing:
    """The chat's briefing as of `now`, from its follows and the ledger.

    `delivery_id` is the briefing's own ledger row, which must not count as the previous one.
    """
    previous = store.ledger.last_briefing(settings.chat_id, until=now, exclude=delivery_id)
    follows = store.follows.for_chat(settings.chat_id)
    # A split is mentioned once: in the first briefing after it (or after following).
    since = previous.as_of if previous else min((f.created_at for f in follows), default=now)
    followed = [f.storyline_id for f in follows if f.storyline_id]
    return compose(
        store.archive,
        settings.chat_id,
        follows,
        previous.as_of if previous else None,
        now,
        store.ledger.sent_digests(settings.chat_id),
        store.mutes.for_chat(settings.chat_id),
        store.corrections.splits(followed, since, now),
    )


def parts_for(briefing: Briefing, settings: ChatSettings, scheduled: bool) -> list[Part]:
    """Telegram messages of a briefing; none for a quiet scheduled briefing with nothing new."""
    if briefing.empty:
        if scheduled and settings.quiet_when_empty:
            return []
        return [Part(render.nothing_new(briefing, settings.timezone))]
    blocks = [render.briefing_item(item, settings.timezone) for item in briefing.items]
    blocks += [render.split_note(old, new) for old, new in briefing.splits]
    header = render.briefing_header(briefing, settings.timezone)
    parts = []
    for text, members in render.split_blocks(header, blocks):
        items = [briefing.items[i] for i in members if i < len(briefing.items)]
        markup = keyboards.briefing_keyboard([(i.storyline.id, not i.topic) for i in items])
        digests = tuple(d for item in items for d in item.digests)
        parts.append(Part(text, markup.to_dict() if markup else None, digests))
    return parts


def never_sent(exc: TimedOut) -> bool:
    """Whether a timed-out request never left: no free connection in the pool, or no
    connection made. PTB raises TimedOut for these too, chained from httpx's exception."""
    return isinstance(exc.__cause__, httpx.PoolTimeout | httpx.ConnectTimeout)


def _markup(part: Part, bot: Bot) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup.de_json(part.markup, bot) if part.markup else None


class Deliverer:
    """Delivers briefings of one store; knows which ledger rows this process is sending."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        # Ledger rows being sent by this process right now: the resume pass leaves them alone.
        self.in_flight: set[int] = set()

    async def on_demand(self, bot: Bot, chat_id: int) -> DeliveryStatus:
        """The chat's briefing now, asked for in chat (/briefing)."""
        return (await self.deliver(bot, chat_id, "on_demand", self.clock())).status

    async def deliver(
        self,
        bot: Bot | None,
        chat_id: int,
        kind: str,
        now: datetime,
        local_date: str | None = None,
    ) -> Outcome:
        """Claim, compose and send a chat's briefing. Without a bot it is only recorded."""
        store = self.store
        settings = store.chats.get(chat_id)
        if settings is None or not settings.active:
            return Outcome(DeliveryStatus.INACTIVE)
        claim = store.ledger.claim(chat_id, kind, now, self.clock(), local_date)
        if claim is None:
            return Outcome(DeliveryStatus.DUPLICATE)
        # Ours from the claim on: the resume pass must not pick it up while we compose.
        self.in_flight.add(claim.id)
        try:
            # Composing reads the archive and scores sentences: off the event loop, so that a
            # broadcast to thousands of chats does not stall replies (or the pacing of sends).
            briefing, parts, delivery = await asyncio.to_thread(
                self._compose, settings, now, claim.id, kind == "scheduled"
            )
            if not parts:
                store.ledger.settle(claim.id, DeliveryStatus.EMPTY, self.clock())
                return Outcome(DeliveryStatus.EMPTY, briefing, delivery_id=claim.id)
            outcome = await self.send_parts(bot, delivery)
        finally:
            self.in_flight.discard(claim.id)
        outcome.briefing = briefing
        return outcome

    def _compose(
        self, settings: ChatSettings, now: datetime, delivery_id: int, scheduled: bool
    ) -> tuple[Briefing, list[Part], Delivery]:
        briefing = prepare(self.store, settings, now, delivery_id)
        parts = parts_for(briefing, settings, scheduled=scheduled)
        return briefing, parts, self.store.ledger.compose(delivery_id, parts)

    async def resume(self, bot: Bot, delivery: Delivery) -> Outcome:
        """Carry on with a deferred delivery, or one a crash left pending."""
        ledger = self.store.ledger
        if delivery.parts is None:
            # Claimed but never composed: compose it now, as of its own time.
            settings = self.store.chats.get(delivery.chat_id)
            if settings is None or not settings.active:
                ledger.settle(delivery.id, DeliveryStatus.BLOCKED, self.clock(), "chat inactive")
                return Outcome(DeliveryStatus.BLOCKED, delivery_id=delivery.id)
            briefing = prepare(self.store, settings, delivery.as_of, delivery.id)
            parts = parts_for(briefing, settings, scheduled=delivery.kind == "scheduled")
            delivery = ledger.compose(delivery.id, parts)
            if not parts:
                ledger.settle(delivery.id, DeliveryStatus.EMPTY, self.clock())
                return Outcome(DeliveryStatus.EMPTY, briefing, delivery_id=delivery.id)
        return await self.send_parts(bot, delivery)

    async def send_parts(self, bot: Bot | None, delivery: Delivery) -> Outcome:
        """Send the parts not yet sent and settle the ledger with what happened."""
        held = delivery.id in self.in_flight  # deliver() holds it already
        self.in_flight.add(delivery.id)
        try:
            return await self._send_remaining(bot, delivery, _Target(delivery.chat_id))
        finally:
            if not held:
                self.in_flight.discard(delivery.id)

    def _settle(
        self,
        delivery: Delivery,
        status: DeliveryStatus,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> Outcome:
        self.store.ledger.settle(delivery.id, status, self.clock(), error, retry_at)
        return Outcome(status, None, delivery.parts or (), error, delivery.id)

    async def _send_remaining(
        self, bot: Bot | None, delivery: Delivery, target: _Target
    ) -> Outcome:
        ledger, chats, parts = self.store.ledger, self.store.chats, delivery.parts or ()
        if bot is None:
            for index in range(delivery.parts_sent, len(parts)):
                ledger.part_sent(delivery, index, self.clock())
            return self._settle(delivery, DeliveryStatus.RECORDED)
        for index in range(delivery.parts_sent, len(parts)):
            try:
                await self._send_part(bot, target, parts[index])
            except Forbidden as exc:
                chats.set_active(target.chat_id, False, self.clock())
                log.info("chat %s blocked the bot; marked inactive", target.chat_id)
                await self._tell_managers(bot, target.chat_id)
                return self._settle(delivery, DeliveryStatus.BLOCKED, str(exc))
            except TimedOut as exc:
                if not never_sent(exc):
                    # Telegram may have delivered it: no blind resend (PTB #1045).
                    log.warning("briefing to chat %s timed out; outcome unknown", target.chat_id)
                    return self._settle(delivery, DeliveryStatus.UNKNOWN, str(exc))
                return self._defer(delivery, target, exc)
            except BadRequest as exc:
                if any(gone in str(exc).lower() for gone in GONE):
                    chats.set_active(target.chat_id, False, self.clock())
                    return self._settle(delivery, DeliveryStatus.BLOCKED, str(exc))
                log.error("briefing to chat %s refused: %s", target.chat_id, exc)
                return self._settle(delivery, DeliveryStatus.FAILED, str(exc))
            except (RetryAfter, NetworkError) as exc:
                return self._defer(delivery, target, exc)
            except TelegramError as exc:
                log.error("briefing to chat %s failed: %s", target.chat_id, exc)
                return self._settle(delivery, DeliveryStatus.FAILED, str(exc))
            ledger.part_sent(delivery, index, self.clock())
        return self._settle(delivery, DeliveryStatus.SENT)

    async def _send_part(self, bot: Bot, target: _Target, part: Part) -> None:
        """Send one part; a 5xx or a dropped connection is retried twice with back-off.

        Not a read timeout (TimedOut): Telegram may have delivered that one.
        """
        for pause in (*INLINE_RETRY_PAUSES, None):
            try:
                await self._send_part_once(bot, target, part)
                return
            except TimedOut as exc:
                if not never_sent(exc) or pause is None:
                    raise
                log.info("send to chat %s never left (%s); retrying", target.chat_id, exc)
                await asyncio.sleep(pause)
            except (BadRequest, ChatMigrated, Forbidden, RetryAfter):
                raise
            except NetworkError as exc:
                if pause is None:
                    raise
                log.info(
                    "send to chat %s failed (%s); retrying in %.1f s", target.chat_id, exc, pause
                )
                await asyncio.sleep(pause)

    async def _send_part_once(self, bot: Bot, target: _Target, part: Part) -> None:
        """Send one part, following a group's migration and falling back to plain text once."""
        # A forum topic's id stands for its group and thread (storage/topics.py).
        chat_id, thread = self.store.topics.address(target.chat_id)
        try:
            await bot.send_message(
                chat_id, part.text, reply_markup=_markup(part, bot), message_thread_id=thread
            )
        except ChatMigrated as exc:
            if target.migrated:
                raise
            new_id = int(exc.new_chat_id)
            log.info(
                "chat %s migrated to %s; moving its follows and schedule", target.chat_id, new_id
            )
            self.store.migrate_chat(target.chat_id, new_id, self.clock())
            subscriptions = Subscriptions(self.store.chats, self.store.follows, self.clock)
            subscriptions.replan(target.chat_id)
            subscriptions.replan(new_id)
            target.chat_id, target.migrated = new_id, True
            await bot.send_message(new_id, part.text, reply_markup=_markup(part, bot))
        except BadRequest as exc:
            if "can't parse entities" not in str(exc).lower():
                raise
            log.error("Telegram refused the HTML of a briefing part; resending it as plain text")
            await bot.send_message(
                chat_id,
                render.visible_text(part.text),
                parse_mode=None,
                reply_markup=_markup(part, bot),
                message_thread_id=thread,
            )

    async def _tell_managers(self, bot: Bot, chat_id: int) -> None:
        """A channel that removed the bot: the people who manage it hear of it, once (the
        channel is inactive from now on, so nothing is sent to it again)."""
        title = self.store.chats.title(chat_id)
        for manager in self.store.managers.managers(chat_id):
            try:
                await bot.send_message(
                    manager,
                    f"📣 {title} removed me (or took my right to post): its briefings have "
                    "stopped. Add me back as an administrator allowed to post, then link it again "
                    "with /channel and its name.",
                    parse_mode=None,
                )
            except TelegramError as exc:
                log.warning("could not tell %s that channel %s is gone: %s", manager, chat_id, exc)

    def _defer(self, delivery: Delivery, target: _Target, exc: TelegramError) -> Outcome:
        """Settle a delivery that may be tried again later (back-off), or failed for good."""
        if delivery.attempts >= len(RETRY_DELAYS):
            log.error("briefing to chat %s failed for good: %s", target.chat_id, exc)
            return self._settle(delivery, DeliveryStatus.FAILED, str(exc))
        delay = RETRY_DELAYS[delivery.attempts]
        if isinstance(exc, RetryAfter):
            delay = max(delay, timedelta(seconds=retry_seconds(exc.retry_after)))
        log.warning("briefing to chat %s deferred by %s: %s", target.chat_id, delay, exc)
        return self._settle(delivery, DeliveryStatus.DEFERRED, str(exc), self.clock() + delay)
