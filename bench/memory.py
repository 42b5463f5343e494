"""Peak memory of `newsbrief run` itself on the benchmark archive, while it works.

The bot runs as its own process against the fake Bot API, as in production: on start it
owes briefings to a few hundred chats (its catch-up path), and meanwhile it polls feeds
served on this machine (full-text entries, imported and assigned to storylines), an admin
pastes articles and readers search. The figure is the process's high-water mark of
resident memory (VmHWM), read just before it stops.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

from bench.corpus import articles
from bench.figures import figure
from bench.search import QUERIES
from bot.adapters.embeddings import describe
from news.records import ArticleDraft
from storage.store import Store
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.feeds import rss
from tests.fakes.process import start_bot, stop_bot
from tests.fakes.web import Route, WebServer

ADMIN = 999_999_999
FOLLOWS = 5
SPREAD = 2000
FEED_ITEMS = 50


def seed_due(db: Path, chats: int) -> range:
    """`chats` chats, each following 5 storylines since long ago, with a briefing due a
    minute ago: the bot owes them their heaviest briefing the moment it starts."""
    store = Store(db)
    now = datetime.now(UTC)
    start = now - timedelta(days=400)
    # Spread over many storylines, as a real audience is, so that every cache fills.
    storylines = [s.id for s in store.archive.latest_storylines(SPREAD)]
    due = (now - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    with store.db.writing():
        # An archive kept with --workdir may have run this before: the bot would rightly
        # skip updates it has seen (the fake API numbers them from 1 again), and chats it
        # briefed today, so new chats are seeded each time.
        store.db.execute("DELETE FROM processed_updates")
        row = store.db.execute("SELECT MAX(id) FROM chats WHERE id < ?", (ADMIN,)).fetchone()
        first = (row[0] or 0) + 1
        seeded = range(first, first + chats)
        for chat_id in seeded:
            settings = store.chats.ensure(chat_id, start)
            store.chats.update(replace(settings, briefing_times=(due,)), start)
            for offset in range(FOLLOWS):
                store.follows.follow_storyline(
                    chat_id, storylines[(chat_id * FOLLOWS + offset) % len(storylines)], start
                )
    store.close()
    return seeded


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc: peak memory needs Linux")


def _static(body: bytes) -> Route:
    def route(headers: Mapping[str, str]) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/rss+xml"}, body

    return route


def new_articles(seed: int, run: int) -> Iterator[ArticleDraft]:
    """Articles the archive has not seen: on an archive kept with --workdir, a second run
    with the same ones would only find copies, and the bot would do far less work."""
    return articles(10_000_000, seed=seed * 1_000_000_000 + run)


def serve_feeds(web: WebServer, db: Path, count: int, run: int) -> list[str]:
    """`count` RSS feeds of FEED_ITEMS full-text entries each, registered in the archive."""
    drafts = new_articles(13, run)
    store = Store(db)
    now = datetime.now(UTC)
    urls = []
    for number in range(count):
        items = [
            (d.title, f"https://feed{number}.example/{run}/{index}", d.body)
            for index, d in enumerate(islice(drafts, FEED_ITEMS))
        ]
        web.routes[f"/feed{number}"] = _static(rss(items, title=f"Feed {number}", start=now))
        urls.append(web.url(f"/feed{number}"))
        store.feeds.add(urls[-1], timedelta(minutes=15), now, f"Feed {number}")
    store.close()
    return urls


def bench_bot_memory(
    db: Path, chats: int, pastes: int, feeds: int = 5, timeout: float = 600
) -> None:
    """`peak_rss_mb` of the bot process briefing `chats` chats while polling `feeds` feeds
    and taking `pastes` articles and 2·`pastes` searches."""
    due = seed_due(db, chats)
    run = due.start  # new chats each run: their first id tells the runs apart
    drafts = list(islice(new_articles(11, run), pastes))
    size = Store(db).archive.article_count()
    readers = range(ADMIN + 1, ADMIN + 1 + pastes)
    with FakeBotApi(enforce_limits=True) as api, WebServer() as web:
        urls = serve_feeds(web, db, feeds, run)
        watcher = Store(db)

        def progress() -> tuple[int, int, int]:
            delivered = api.delivered
            return (
                sum(1 for c in due if c in delivered),
                sum(1 for c in readers if len(delivered.get(c, ())) >= 2),
                len(delivered.get(ADMIN, ())),
            )

        def polled() -> int:
            return sum(1 for f in watcher.feeds.all() if f.url in urls and f.last_success_at)

        # The feeds are served on this machine: the bot is told it may reach it. The admin
        # pastes every article at once, faster than flood control lets a person write: off.
        process = start_bot(
            api,
            db,
            NEWSBRIEF_ADMIN_IDS=str(ADMIN),
            NEWSBRIEF_ALLOW_NETWORKS="127.0.0.0/8",
            NEWSBRIEF_CHAT_BURST="0",
        )
        started = time.monotonic()
        log = ""
        try:
            for index, draft in enumerate(drafts):
                # A Telegram message holds at most 4,096 characters.
                api.send_text(ADMIN, f"{draft.title}\n\n{draft.body}"[:4096])
                api.send_text(readers[index], f"/search {QUERIES[index % len(QUERIES)]}")
                api.send_text(readers[index], QUERIES[(index + 3) % len(QUERIES)])
            # The feeds are read from the database only once the chats are served.
            goal = (chats, pastes, pastes)
            done = api.wait_until(lambda: progress() == goal and polled() == feeds, timeout)
            seconds = time.monotonic() - started
            peak = peak_kib(process.pid) / 1024
        finally:
            log = stop_bot(process)
        briefed, answered, added = progress()
        fed = polled()
        watcher.close()
    if not done:
        raise RuntimeError(
            f"the bot did not finish within {timeout:.0f} s: {briefed} of {chats} briefings, "
            f"{answered} of {pastes} readers answered, {added} of {pastes} pastes, "
            f"{fed} of {feeds} feeds; its log ends: {log[-800:]}"
        )
    figure(
        "peak_rss_mb",
        peak,
        f"newsbrief run on {size} articles: {chats} briefings, {feeds} feeds of {FEED_ITEMS} "
        f"entries polled, {pastes} pasted articles, {2 * pastes} searches in {seconds:.0f} s; "
        f"storylines compare {describe('auto')}",
    )
