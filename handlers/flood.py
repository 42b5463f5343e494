"""One reader cannot slow the others: each chat's updates are rationed before any work is done.

A token bucket per chat: `burst` updates at once, then `per_second` a second. A person never
notices it; a script or a stuck key does. The first update refused in a flood gets one polite
line, the rest of the flood none; none of them is searched, fetched or stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    ADMIT = "admit"
    SLOW_DOWN = "slow down"  # refused: tell the chat, once per flood
    DROP = "drop"  # refused quietly: it was told already


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float
    told: bool = False


class InboundLimiter:
    """Per-chat token buckets; `burst` 0 admits everything (the console's operator)."""

    def __init__(
        self,
        burst: int = 10,
        per_second: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        keep: int = 10_000,
    ) -> None:
        self.burst, self.per_second, self.clock, self.keep = burst, per_second, clock, keep
        self._buckets: dict[int, _Bucket] = {}

    def admit(self, chat_id: int) -> Verdict:
        if self.burst <= 0:
            return Verdict.ADMIT
        now = self.clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if len(self._buckets) >= self.keep:
                self._forget_idle(now)
            bucket = self._buckets[chat_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.per_second)
        bucket.stamp = now
        if bucket.tokens >= self.burst:
            bucket.told = False  # quiet long enough to fill up: a flood after this is a new one
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Verdict.ADMIT
        if bucket.told:
            return Verdict.DROP
        bucket.told = True
        return Verdict.SLOW_DOWN

    def _forget_idle(self, now: float) -> None:
        """Drop the buckets that have filled up again: a new one starts full all the same."""
        refill = self.burst / self.per_second
        self._buckets = {chat: b for chat, b in self._buckets.items() if now - b.stamp < refill}
