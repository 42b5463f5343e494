"""One reader cannot slow the others: a chat flooding the bot is slowed, told once, and the
other chats' replies still arrive at once."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import replace
from typing import Any

import pytest
from telegram import Update

import handlers.search
from bot.app import build_application
from bot.config import Settings
from bot.services import Services
from handlers.flood import InboundLimiter, Verdict
from handlers.registry import SLOW_DOWN
from news.ingest import Ingestor
from news.sources.demo import demo_drafts
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message

FLOODER = 1
OTHERS = range(100, 120)
SEARCH_SECONDS = 0.035


def test_a_bucket_admits_a_burst_then_its_rate_and_tells_once() -> None:
    now = [0.0]
    limiter = InboundLimiter(burst=3, per_second=2.0, clock=lambda: now[0])
    assert [limiter.admit(1) for _ in range(5)] == [
        Verdict.ADMIT,
        Verdict.ADMIT,
        Verdict.ADMIT,
        Verdict.SLOW_DOWN,
        Verdict.DROP,
    ]
    assert limiter.admit(2) is Verdict.ADMIT  # other chats are not touched
    now[0] = 0.5  # one token back: the same flood goes on, told already
    assert [limiter.admit(1) for _ in range(2)] == [Verdict.ADMIT, Verdict.DROP]
    now[0] = 3.0  # quiet until full again: a new flood is told again
    assert [limiter.admit(1) for _ in range(4)][-1] is Verdict.SLOW_DOWN
    assert InboundLimiter(burst=0).admit(1) is Verdict.ADMIT


async def test_one_chat_flooding_does_not_slow_twenty_others(
    settings: Settings, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    Ingestor(store.archive).ingest(enumerate(demo_drafts(clock()), 1), clock())
    # A search as it costs on a large archive with a cold cache (docs/performance.md): 50 a
    # second of them would take all of the bot's time without the limit.
    real_search = handlers.search.search

    def costly_search(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SEARCH_SECONDS)
        return real_search(*args, **kwargs)

    monkeypatch.setattr(handlers.search, "search", costly_search)
    recorder = RecordingRequest(time_source=time.monotonic)
    limited = replace(settings, chat_burst=10)
    app = build_application(Services(limited, store, clock), request=recorder)
    asked: dict[int, float] = {}

    def send_like_telegram(loop: asyncio.AbstractEventLoop) -> None:
        """Updates arrive on the clock, whatever the bot is doing (as from getUpdates)."""
        started = time.monotonic()
        for n in range(50):  # 50 searches a second from one chat, the others once each
            flood = Update.de_json(message("/search earthquake rescue", FLOODER), app.bot)
            loop.call_soon_threadsafe(app.update_queue.put_nowait, flood)
            if n % 2 == 0 and n // 2 < len(OTHERS):
                chat = OTHERS[n // 2]
                asked[chat] = time.monotonic()
                once = Update.de_json(message("/search flood", chat), app.bot)
                loop.call_soon_threadsafe(app.update_queue.put_nowait, once)
            time.sleep(max(0.0, started + (n + 1) / 50 - time.monotonic()))

    async with app:
        await app.start()
        await asyncio.to_thread(send_like_telegram, asyncio.get_running_loop())
        for _ in range(1000):
            if all(recorder.sent(chat) for chat in OTHERS):
                break
            await asyncio.sleep(0.01)
        await app.stop()
    answered = {chat: at for at, chat in recorder.send_times if chat in asked}
    delays = [answered[chat] - asked[chat] for chat in OTHERS]
    p95 = statistics.quantiles(delays, n=20)[-1]
    assert p95 < 1.0, f"p95 {p95:.2f} s"
    flooder = [str(c.params["text"]) for c in recorder.sent(FLOODER)]
    assert flooder.count(SLOW_DOWN) == 1
    assert len(flooder) <= 10 + 1 + 2  # the burst, the notice, and what refilled meanwhile
