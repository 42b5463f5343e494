"""`newsbrief feeds ...` and `newsbrief ingest-url ...`: the operator's feed and link commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from bot.fetcher import SafeFetcher
from bot.settings import Settings
from handlers.context import Clock
from news.encoding import decode
from news.feeds import health
from news.ingest import Ingestor, NotAnArticle, ingest_url
from news.models import FetchError, IngestReport
from news.opml import OpmlError, feed_urls, to_opml
from news.polling import FeedPoller
from news.ports import Fetcher
from news.storylines import Clusterer
from news.urls import canonical_url
from storage.store import Store


class CommandError(Exception):
    """Bad input for a command: exit status 2, with this line."""


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    feeds = commands.add_parser("feeds", help="manage RSS/Atom/JSON feeds")
    actions = feeds.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a feed")
    add.add_argument("url")
    add.add_argument(
        "--interval", type=int, metavar="MINUTES", help="minutes between polls of this feed"
    )
    actions.add_parser("list", help="feeds with their health")
    remove = actions.add_parser("remove", help="remove a feed")
    remove.add_argument("id", type=int)
    poll = actions.add_parser("poll", help="poll the feeds that are due (all of them with --once)")
    poll.add_argument("--once", action="store_true", help="one pass over every active feed")
    opml_in = actions.add_parser("import-opml", help="add the feeds of OPML files")
    opml_in.add_argument("files", nargs="+", metavar="FILE")
    actions.add_parser("export-opml", help="print the feeds as OPML")

    urls = commands.add_parser("ingest-url", help="fetch pages and import their articles")
    urls.add_argument("urls", nargs="+", metavar="URL")


def run_feeds(
    args: argparse.Namespace,
    settings: Settings,
    store: Store,
    clock: Clock,
    fetcher: Fetcher,
    clusterer: Callable[[], Clusterer] = Clusterer,
) -> int:
    """`clusterer` is called only by `poll`: other actions need no embedding model."""
    now = clock()
    if args.action == "add":
        if not canonical_url(args.url):
            raise CommandError(f"not an http(s) URL: {args.url}")
        if args.interval is not None and not 1 <= args.interval <= 1440:
            raise CommandError("--interval is a number of minutes from 1 to 1440")
        interval = (
            timedelta(minutes=args.interval) if args.interval else settings.feed_poll_interval
        )
        feed, added = store.feeds.add(args.url, interval, now)
        print(f"{'added' if added else 'already there, reactivated'}: feed {feed.id} {feed.url}")
        return 0
    if args.action == "list":
        feeds = store.feeds.all()
        if not feeds:
            print("no feeds")
        for feed in feeds:
            print(f"{feed.id:>4}  {feed.url}  [{feed.title or '-'}]  {health(feed, now)}")
        return 0
    if args.action == "remove":
        removed = store.feeds.remove(args.id)
        if removed is None:
            raise CommandError(f"there is no feed {args.id}")
        print(f"removed feed {removed.id} {removed.url}")
        return 0
    if args.action == "import-opml":
        return _import_opml(args.files, store, settings.feed_poll_interval, now)
    if args.action == "export-opml":
        sys.stdout.write(to_opml(store.feeds.all()))
        return 0
    poller = FeedPoller(store.feeds, store.archive, fetcher, clock, settings.full_text, clusterer())
    return asyncio.run(_poll(args.once, poller))


def _import_opml(paths: list[str], store: Store, interval: timedelta, now: datetime) -> int:
    """Add the feeds of each file. An unusable file gets one line and the others go on; the
    summary comes last. Exit status 2 only when no file could be used."""
    added = known = invalid = unusable = 0
    for path in paths:
        try:
            found = feed_urls(decode(Path(path).read_bytes()))
        except OSError as exc:
            print(f"{path}: unusable: cannot read it: {exc.strerror or exc}", file=sys.stderr)
            unusable += 1
            continue
        except OpmlError as exc:
            print(f"{path}: unusable: {exc}", file=sys.stderr)
            unusable += 1
            continue
        for url, title in found:
            if not canonical_url(url):
                invalid += 1
            elif store.feeds.add(url, interval, now, title)[1]:
                added += 1
            else:
                known += 1
    sys.stderr.flush()
    summary = f"imported {added} feeds, {known} already there, {invalid} invalid"
    print(f"{summary}, unusable files {unusable}" if unusable else summary)
    return 0 if unusable < len(paths) else 2


async def _poll(once: bool, poller: FeedPoller) -> int:
    while True:
        reports = await poller.poll_due(everything=once)
        for report in reports:
            print(report.line())
        if once:
            if not reports:
                print("no active feeds")
            return 0 if all(r.error is None for r in reports) else 1
        await asyncio.sleep(30)


def run_ingest_urls(
    args: argparse.Namespace, store: Store, clock: Clock, fetcher: Fetcher, clusterer: Clusterer
) -> int:
    """Import the article of each URL. A URL refused for safety makes the exit status 2."""
    return asyncio.run(
        _ingest_urls(args.urls, Ingestor(store.archive, clusterer), clock(), fetcher)
    )


async def _ingest_urls(urls: list[str], ingestor: Ingestor, now: datetime, fetcher: Fetcher) -> int:
    total = IngestReport()
    status = 0
    for url in urls:
        try:
            report, draft = await ingest_url(url, fetcher, ingestor, now)
        except FetchError as exc:
            print(f"newsbrief: {url}: {exc}", file=sys.stderr)
            status = 2 if exc.refused else max(status, 1)
            continue
        except NotAnArticle as exc:
            print(f"newsbrief: {url}: {exc}", file=sys.stderr)
            status = max(status, 1)
            continue
        print(f"{url}: {draft.title} ({draft.source})", file=sys.stderr)
        total.merge(report)
    sys.stderr.flush()
    print(total.summary())
    return status


def default_fetcher(settings: Settings) -> SafeFetcher:
    return SafeFetcher(allow=settings.allow_networks)
