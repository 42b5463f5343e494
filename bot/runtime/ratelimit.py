"""Pacing every message under Telegram's limits, and waiting out short flood waits.

Limits (Bots FAQ, PTB's constants.FloodLimit): about 30 messages per second overall, one per
second per chat, 20 per minute per group. We pace at 25 per second by default: sends leave on
their reserved times but reach Telegram with some jitter, and the margin absorbs it. The
limits are not guaranteed, so a 429 can still come: its retry_after pauses all sends.
PTB's AIORateLimiter does not pace private chats, hence this one:
https://github.com/python-telegram-bot/python-telegram-bot/wiki/Avoiding-flood-limits
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

# Endpoints that put a message in a chat; answers to button presses must not wait.
PACED_ENDPOINTS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "editMessageText",
        "editMessageCaption",
        "copyMessage",
        "forwardMessage",
    }
)


LATE_TOLERANCE = 0.05  # seconds a send may start after its reserved time


class Pacer:
    """Hands out send times: no 1-second window holds more than `per_second` sends, each chat
    waits `chat_interval` between its messages (`group_interval` for groups).

    Times are reserved in order of asking, which makes the schedule a queue (an outbox) that
    drains at the allowed rate however many briefings fall due at once.
    """

    def __init__(
        self,
        per_second: float = 25.0,
        chat_interval: float = 1.0,
        group_interval: float = 3.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # A hair over 1/rate, so float rounding never lets rate+1 sends into one second.
        self.spacing = 1.0 / per_second + 1e-6
        self.chat_interval = chat_interval
        self.group_interval = group_interval
        self.clock = clock
        self._times: list[float] = []
        self._chat_ready: dict[object, float] = {}
        self._paused_until = 0.0

    def reserve(self, chat: object, group: bool) -> float:
        now = self.clock()
        self._forget_before(now - 2.0)
        moment = max(now, self._chat_ready.get(chat, 0.0), self._paused_until)
        # Tolerance below the margin in `spacing`: a float sum must not be judged too close.
        gap = self.spacing - 1e-7
        while True:
            index = bisect.bisect_left(self._times, moment)
            if index > 0 and moment - self._times[index - 1] < gap:
                moment = self._times[index - 1] + self.spacing
            elif index < len(self._times) and self._times[index] - moment < gap:
                moment = self._times[index] + self.spacing
            else:
                break
        bisect.insort(self._times, moment)
        self._chat_ready[chat] = moment + (self.group_interval if group else self.chat_interval)
        return moment

    def pause(self, seconds: float) -> None:
        """Hold every send until `seconds` from now (a 429's retry_after)."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    def _forget_before(self, horizon: float) -> None:
        cut = bisect.bisect_left(self._times, horizon)
        if cut:
            del self._times[:cut]
        if len(self._chat_ready) > 10_000:
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > horizon}


def retry_seconds(value: float | timedelta) -> float:
    """A RetryAfter's wait in seconds (PTB gives a float or a timedelta)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PacedRateLimiter(BaseRateLimiter[None]):
    """PTB rate limiter: paced sends; a 429 pauses everything and the request is retried.

    A retry_after longer than `max_wait` is raised to the caller instead of parking a
    coroutine: the delivery ledger defers that briefing.
    """

    def __init__(
        self,
        pacer: Pacer | None = None,
        max_wait: float = 30.0,
        max_retries: int = 2,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.pacer = pacer or Pacer()
        self.max_wait = max_wait
        self.max_retries = max_retries
        self.sleep = sleep

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = data.get("chat_id")
        paced = endpoint in PACED_ENDPOINTS and chat is not None
        group = isinstance(chat, str) or (isinstance(chat, int) and chat < 0)
        for attempt in range(self.max_retries + 1):
            if paced:
                await self._wait_for_slot(chat, group)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_seconds(exc.retry_after)
                if wait > self.max_wait or attempt == self.max_retries:
                    raise
                log.warning("flood control (429): pausing all sends for %.0f s", wait)
                self.pacer.pause(wait)
                if not paced:
                    await self.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _wait_for_slot(self, chat: object, group: bool) -> None:
        """Sleep until a reserved send time. Waking up late (a busy event loop) takes a new
        slot: many late sleepers sending at once would burst over the limit."""
        for _ in range(10):
            moment = self.pacer.reserve(chat, group)
            delay = moment - self.pacer.clock()
            if delay > 0:
                await self.sleep(delay)
            if self.pacer.clock() - moment <= LATE_TOLERANCE:
                return
