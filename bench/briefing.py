"""Briefings: composing them for many chats, and sending them through Telegram's limits."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bench.figures import figure
from news.briefings.compose import compose
from storage.store import Store
from tests.fakes.bot_api import FakeBotApi

FOLLOWS = 5


def bench_compose(store: Store, chats: int) -> None:
    """`compose_seconds_100k`: briefings for `chats` chats following 5 storylines each, every
    article since the follow new (the heaviest briefing a chat can get)."""
    storylines = [s.id for s in store.archive.latest_storylines(50)]
    start = datetime.now(UTC) - timedelta(days=400)
    # Not due for hours: the memory phase that follows briefs only the chats it seeds (with
    # the default 08:00, a run between 08:00 and 11:00 UTC would owe all of these one too).
    later = (datetime.now(UTC) + timedelta(hours=12)).time().replace(second=0, microsecond=0)
    with store.db.writing():
        for chat_id in range(1, chats + 1):
            settings = store.chats.ensure(chat_id, start)
            store.chats.update(replace(settings, briefing_times=(later,)), start)
            for offset in range(FOLLOWS):
                store.follows.follow_storyline(
                    chat_id, storylines[(chat_id + offset * 7) % len(storylines)], start
                )
    now = datetime.now(UTC) + timedelta(days=365)
    started = time.perf_counter()
    for chat_id in range(1, chats + 1):
        compose(store.archive, chat_id, store.follows.for_chat(chat_id), start, now, set())
    seconds = time.perf_counter() - started
    figure(
        "compose_seconds_100k",
        seconds * 100_000 / chats,
        f"extrapolated from {chats} chats ({seconds:.1f} s)" if chats != 100_000 else "",
    )


def bench_send(messages: int, rate: int) -> None:
    """`send_ratio`: throughput through the real HTTP stack to the fake Bot API enforcing
    Telegram's limits, against the configured rate."""
    from telegram.ext import ExtBot

    from bot.runtime.ratelimit import PacedRateLimiter, Pacer

    async def run(api: FakeBotApi) -> float:
        bot = ExtBot(
            "123456:" + "B" * 35,
            base_url=api.base_url,
            rate_limiter=PacedRateLimiter(Pacer(per_second=rate)),
        )
        async with bot:
            started = time.perf_counter()
            await asyncio.gather(
                *(bot.send_message(chat, "hello") for chat in range(1, messages + 1))
            )
            return time.perf_counter() - started

    with FakeBotApi(enforce_limits=True) as api:
        seconds = asyncio.run(run(api))
    throughput = messages / seconds
    figure(
        "send_ratio",
        throughput / rate,
        f"{throughput:.1f} msg/s against the configured {rate}/s; 429s {api.limit_violations}",
    )
