"""`newsbrief feeds …`: the operator's feed commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bot.adapters.fetcher import literal_refusal
from bot.cli.common import Commands
from bot.errors import CommandError
from bot.services import Services
from news.polling import FeedPoller
from news.sources.encoding import decode
from news.sources.feeds import health
from news.sources.opml import OpmlError, feed_urls, starter_feeds, to_opml
from news.sources.urls import canonical_url
from storage.store import Store


def add_parsers(commands: Commands) -> None:
    feeds = commands.add_parser("feeds", help="manage RSS/Atom/JSON feeds")
    actions = feeds.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a feed")
    add.add_argument("url")
    add.add_argument(
        "--interval", type=int, metavar="MINUTES", help="minutes between polls of this feed"
    )
    add.set_defaults(func=add_feed)
    actions.add_parser("list", help="feeds with their health").set_defaults(func=list_feeds)
    remove = actions.add_parser("remove", help="remove a feed")
    remove.add_argument("id", type=int)
    remove.set_defaults(func=remove_feed)
    poll = actions.add_parser("poll", help="poll the feeds that are due (all of them with --once)")
    poll.add_argument("--once", action="store_true", help="one pass over every active feed")
    poll.set_defaults(func=poll_feeds)
    opml_in = actions.add_parser("import-opml", help="add the feeds of OPML files")
    opml_in.add_argument("files", nargs="*", metavar="FILE")
    opml_in.add_argument(
        "--starter", action="store_true", help="add the starter set of world-news feeds"
    )
    opml_in.set_defaults(func=import_opml_files)
    actions.add_parser("export-opml", help="print the feeds as OPML").set_defaults(func=export_opml)


def add_feed(args: argparse.Namespace, services: Services) -> int:
    if not canonical_url(args.url):
        raise CommandError(f"not an http(s) URL: {args.url}")
    refused = literal_refusal(args.url, services.settings.allow_networks)
    if refused:
        raise CommandError(refused)
    if args.interval is not None and not 1 <= args.interval <= 1440:
        raise CommandError("--interval is a number of minutes from 1 to 1440")
    interval = (
        timedelta(minutes=args.interval) if args.interval else services.settings.feed_poll_interval
    )
    feed, added = services.store.feeds.add(args.url, interval, services.clock())
    print(f"{'added' if added else 'already there, reactivated'}: feed {feed.id} {feed.url}")
    return 0


def list_feeds(args: argparse.Namespace, services: Services) -> int:
    feeds, now = services.store.feeds.all(), services.clock()
    if not feeds:
        print("no feeds")
    for feed in feeds:
        print(f"{feed.id:>4}  {feed.url}  [{feed.title or '-'}]  {health(feed, now)}")
    return 0


def remove_feed(args: argparse.Namespace, services: Services) -> int:
    removed = services.store.feeds.remove(args.id)
    if removed is None:
        raise CommandError(f"there is no feed {args.id}")
    print(f"removed feed {removed.id} {removed.url}")
    return 0


def poll_feeds(args: argparse.Namespace, services: Services) -> int:
    return asyncio.run(_poll(args.once, services.poller))


def export_opml(args: argparse.Namespace, services: Services) -> int:
    sys.stdout.write(to_opml(services.store.feeds.all()))
    return 0


def import_opml_files(args: argparse.Namespace, services: Services) -> int:
    interval, store, now = services.settings.feed_poll_interval, services.store, services.clock()
    if args.starter:
        starter = starter_feeds()
        added = store.feeds.add_many(starter, interval, now)
        print(f"starter set: {added} of {len(starter)} feeds added")
    elif not args.files:
        raise CommandError("import-opml needs FILE... or --starter")
    return import_opml(args.files, store, interval, now) if args.files else 0


def import_opml(paths: list[str], store: Store, interval: timedelta, now: datetime) -> int:
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
