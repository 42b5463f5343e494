"""`newsbrief ingest` and `newsbrief ingest-url`: articles from files and from links."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime

from bot.adapters.files import FORMATS, InputError, Records, parse_file
from bot.adapters.workers import analyzed_ahead
from bot.cli.common import Commands, iso_time
from bot.services import Services
from news.ingest import Ingestor, NotAnArticle, ingest_url
from news.ports import Fetcher
from news.records import FetchError, IngestReport


def add_parsers(commands: Commands) -> None:
    ingest = commands.add_parser(
        "ingest",
        help="import files (- for stdin)",
        description="Import articles from JSON Lines, RSS/Atom/JSON Feed, HTML pages and saved "
        "news pages; the format is detected, or given with --format.",
        epilog="JSON Lines: one object a line with title, text (or body, content, summary), "
        "url, source, published_at (ISO 8601), language and id; a title alone (no text, no "
        "url) must read as a headline. A bad line is reported with its number; the rest "
        "imports.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--format", choices=FORMATS, default="auto")
    ingest.add_argument("--source", help="outlet name for records that lack one")
    ingest.add_argument("--fetched-at", type=iso_time, help="when the files were fetched")
    ingest.set_defaults(func=ingest_files)

    urls = commands.add_parser("ingest-url", help="fetch pages and import their articles")
    urls.add_argument("urls", nargs="+", metavar="URL")
    urls.set_defaults(func=ingest_urls)


def _progress(records: Records, label: str) -> Records:
    """Records passed through, with a progress bar when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from records
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=None)
        for item in records:
            yield item
            progress.advance(task)


def ingest_files(args: argparse.Namespace, services: Services) -> int:
    now = services.clock()
    fetched_at = args.fetched_at or now
    report = IngestReport()
    ingestor = services.ingestor(analyzer=analyzed_ahead)
    for path in args.paths:
        # One unusable file is reported and skipped: it never costs the others their import.
        try:
            _, records = parse_file(path, args.format, args.source, args.fetched_at, now)
        except InputError as exc:
            print(f"{path}: unusable: {exc}", file=sys.stderr)
            report.unusable_files += 1
            continue
        part = ingestor.ingest(_progress(records, path), fetched_at)
        for rejection in part.rejections:
            print(f"{path}:{rejection.line}: rejected: {rejection.reason}", file=sys.stderr)
        report.merge(part)
    sys.stderr.flush()
    print(report.summary())
    return 0 if report.unusable_files < len(args.paths) else 2


def ingest_urls(args: argparse.Namespace, services: Services) -> int:
    """Import the article of each URL. A URL refused for safety makes the exit status 2."""
    return asyncio.run(
        _ingest_urls(args.urls, services.ingestor(), services.clock(), services.fetcher)
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
