"""Peak memory of `newsbrief run` itself on the benchmark archive, while it works.

The bot runs as its own process against the fake Bot API, as in production: on start it
owes briefings to a few hundred chats (its catch-up path), and meanwhile an admin pastes
articles (ingest and storyline assignment on the big archive) and readers search. The
figure is the process's high-water mark of resident memory (VmHWM), read just before it
stops.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

from bench.corpus import articles
from bench.figures import figure
from bench.search import QUERIES
from storage.store import Store
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.process import start_bot, stop_bot

ADMIN = 999_999_999
FOLLOWS = 5
SPREAD = 2000


def seed_due(db: Path, chats: int) -> None:
    """`chats` chats, each following 5 storylines since long ago, with a briefing due a
    minute ago: the bot owes them their heaviest briefing the moment it starts."""
    store = Store(db)
    now = datetime.now(UTC)
    start = now - timedelta(days=400)
    # Spread over many storylines, as a real audience is, so that every cache fills.
    storylines = [s.id for s in store.archive.latest_storylines(SPREAD)]
    due = (now - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    with store.db.writing():
        for chat_id in range(1, chats + 1):
            settings = store.chats.ensure(chat_id, start)
            store.chats.update(replace(settings, briefing_time=due), start)
            for offset in range(FOLLOWS):
                store.follows.follow_storyline(
                    chat_id, storylines[(chat_id * FOLLOWS + offset) % len(storylines)], start
                )
    store.close()


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc: peak memory needs Linux")


def bench_bot_memory(db: Path, chats: int, pastes: int, timeout: float = 600) -> None:
    """`peak_rss_mb` of the bot process briefing `chats` chats while taking `pastes` articles
    and 2·`pastes` searches."""
    seed_due(db, chats)
    drafts = list(islice(articles(10_000_000, seed=11), pastes))
    size = Store(db).archive.article_count()
    readers = range(ADMIN + 1, ADMIN + 1 + pastes)
    with FakeBotApi(enforce_limits=True) as api:

        def progress() -> tuple[int, int, int]:
            delivered = api.delivered
            return (
                sum(1 for c in range(1, chats + 1) if c in delivered),
                sum(1 for c in readers if len(delivered.get(c, ())) >= 2),
                len(delivered.get(ADMIN, ())),
            )

        process = start_bot(api, db, NEWSBRIEF_ADMIN_IDS=str(ADMIN))
        started = time.monotonic()
        log = ""
        try:
            for index, draft in enumerate(drafts):
                # A Telegram message holds at most 4,096 characters.
                api.send_text(ADMIN, f"{draft.title}\n\n{draft.body}"[:4096])
                api.send_text(readers[index], f"/search {QUERIES[index % len(QUERIES)]}")
                api.send_text(readers[index], QUERIES[(index + 3) % len(QUERIES)])
            done = api.wait_until(lambda: progress() == (chats, pastes, pastes), timeout)
            seconds = time.monotonic() - started
            peak = peak_kib(process.pid) / 1024
        finally:
            log = stop_bot(process)
        briefed, answered, added = progress()
    if not done:
        raise RuntimeError(
            f"the bot did not finish within {timeout:.0f} s: {briefed} of {chats} briefings, "
            f"{answered} of {pastes} readers answered, {added} of {pastes} pastes; "
            f"its log ends: {log[-800:]}"
        )
    figure(
        "peak_rss_mb",
        peak,
        f"newsbrief run on {size} articles: {chats} briefings, {pastes} pasted articles, "
        f"{2 * pastes} searches in {seconds:.0f} s",
    )
