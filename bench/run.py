"""`make bench` / `make bench-full`: one `name=value` line per figure.

Every ratio compares against a baseline measured in the same run on the same machine:
raw sqlite-utils inserts, raw FTS5 queries, the configured send rate.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from bench.corpus import articles
from news.briefing import compose
from news.ingest import Ingestor
from news.search import fts_query, search
from storage.store import Store

QUERIES = [
    "earthquake",
    "strike talks",
    "election results",
    "flood warning",
    "summit",
    "protest city",
    "storm damage",
    "merger deal",
    "fire",
    "trial verdict",
]


def figure(name: str, value: float, note: str = "") -> None:
    print(f"{name}={value:.3f}" + (f"  # {note}" if note else ""), flush=True)


def bench_ingest(folder: Path, small: int, large: int) -> Store:
    """Ingest rate against a raw insert of the same rows into an FTS5-indexed table, and the
    per-article cost at two archive sizes."""
    drafts = list(articles(large))
    raw = sqlite_utils.Database(folder / "raw.db")
    table = raw.table("articles")
    table.create({"id": int, "title": str, "body": str, "source": str}, pk="id")
    table.enable_fts(["title", "body"], create_triggers=True)
    sample = drafts[:small]
    started = time.perf_counter()
    table.insert_all(
        ({"title": d.title, "body": d.body, "source": d.source} for d in sample), batch_size=200
    )
    raw_seconds = time.perf_counter() - started
    raw.close()

    store = Store(folder / "bench.db")
    ingestor = Ingestor(store.archive)
    now = datetime.now(UTC)
    started = time.perf_counter()
    ingestor.ingest(enumerate(sample, 1), now)
    seconds = time.perf_counter() - started
    figure(
        "ingest_ratio",
        raw_seconds / seconds,
        f"{small} articles: ours {small / seconds:.0f}/s,"
        f" raw insert_all {small / raw_seconds:.0f}/s",
    )
    first_cost = seconds / small
    ingestor.ingest(enumerate(drafts[small : large - small], 1), now)
    started = time.perf_counter()
    ingestor.ingest(enumerate(drafts[large - small :], 1), now)
    last_cost = (time.perf_counter() - started) / small
    figure(
        "ingest_cost_growth",
        last_cost / first_cost,
        f"per-article cost at {large} articles ÷ at the first {small}",
    )
    return store


def bench_search(store: Store) -> None:
    now = datetime.now(UTC) + timedelta(days=365)
    ours, raw = [], []
    for query in QUERIES * 20:
        started = time.perf_counter()
        search(store.archive, query, now)
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        store.db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 10",
            (fts_query(query),),
        ).fetchall()
        raw.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(ours, n=20)[-1]
    raw_p95 = statistics.quantiles(raw, n=20)[-1]
    figure(
        "search_p95_ms",
        p95,
        f"{store.archive.article_count()} articles, 200 queries; "
        f"p50 {statistics.median(ours):.1f} ms",
    )
    figure("search_ratio", p95 / raw_p95, f"raw FTS5 MATCH p95 {raw_p95:.2f} ms")


def bench_compose(store: Store, chats: int) -> None:
    """Briefings for `chats` chats following 5 storylines each."""
    storylines = [s.id for s in store.archive.latest_storylines(50)]
    start = datetime.now(UTC) - timedelta(days=400)
    with store.db.writing():
        for chat_id in range(1, chats + 1):
            store.chats.ensure(chat_id, start)
            for offset in range(5):
                store.follows.follow_storyline(
                    chat_id, storylines[(chat_id + offset * 7) % len(storylines)], start
                )
    now = datetime.now(UTC) + timedelta(days=365)
    started = time.perf_counter()
    for chat_id in range(1, chats + 1):
        # Everything since the follow is new: the heaviest briefing each chat can get.
        compose(store.archive, chat_id, store.follows.for_chat(chat_id), start, now, set())
    seconds = time.perf_counter() - started
    figure(
        "compose_seconds_100k",
        seconds * 100_000 / chats,
        f"extrapolated from {chats} chats ({seconds:.1f} s)" if chats != 100_000 else "",
    )


def bench_send(messages: int, rate: int) -> None:
    """Throughput through the real HTTP stack to the fake Bot API enforcing Telegram's limits."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from telegram.ext import ExtBot

    from bot.ratelimit import PacedRateLimiter, Pacer
    from tests.fakes.bot_api import FakeBotApi

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    small, large, chats, messages = (
        (10_000, 100_000, 100_000, 1000) if args.full else (1000, 4000, 300, 250)
    )
    print(
        f"# {'full' if args.full else 'quick'} run: ingest {small} -> {large} articles, "
        f"{chats} chats, {messages} sends",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        store = bench_ingest(Path(folder), small, large)
        bench_search(store)
        bench_compose(store, chats)
        store.close()
    bench_send(messages, 25)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figure("peak_rss_mb", peak, "this benchmark process, not yet the bot at 1M articles")


if __name__ == "__main__":
    main()
