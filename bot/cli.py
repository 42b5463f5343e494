"""The `newsbrief` command line (SPEC §2): global options, then a command."""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from bot import feeds_cli
from bot.app import build_application, open_store, system_clock
from bot.console import run_console, ticking_clock
from bot.embeddings import EmbeddingsUnavailable, shared_clusterer
from bot.evaluate import EvalError, evaluate_pairs, evaluate_search, evaluate_storylines
from bot.files import FORMATS, InputError, Records, parse_file
from bot.settings import Settings, SettingsError, read_environment
from bot.workers import analyzed_ahead
from handlers.context import Clock, Deps
from handlers.delivery import deliver, parts_for, prepare
from handlers.render import visible_text
from news.dates import parse_datetime, to_iso
from news.demo import NOTICE, demo_drafts
from news.ingest import Ingestor
from news.models import IngestReport, Storyline
from news.ports import Fetcher
from news.search import QueryError, search
from news.storylines import Clusterer
from storage.database import StorageError
from storage.store import Store

log = logging.getLogger("newsbrief")


class UsageError(Exception):
    """Bad input from the command line: exit status 2."""


# The fetcher the network commands use; tests replace it to reach a local server.
make_fetcher: Callable[[Settings], Fetcher] = feeds_cli.default_fetcher


def iso_time(text: str) -> datetime:
    try:
        return parse_datetime(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return int(text)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="newsbrief", description="A self-hosted Telegram news briefing bot."
    )
    main.add_argument("--db", help="database path (default: $NEWSBRIEF_DB or ./data/newsbrief.db)")
    main.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the Telegram bot")
    run.add_argument("--webhook", metavar="URL", help="receive updates by webhook at URL")

    console = commands.add_parser("console", help="chat with the bot in the terminal")
    console.add_argument("--chat-id", type=int, default=1, help="the chat to act as (default 1)")
    console.add_argument("--demo", action="store_true", help="import the demo corpus if empty")
    console.add_argument("--now", type=iso_time, help="start the clock at this ISO time")

    ingest = commands.add_parser("ingest", help="import files (- for stdin)")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--format", choices=FORMATS, default="auto")
    ingest.add_argument("--source", help="outlet name for records that lack one")
    ingest.add_argument("--fetched-at", type=iso_time, help="when the files were fetched")

    storylines = commands.add_parser("storylines", help="list storylines, newest activity first")
    storylines.add_argument("--limit", type=positive, default=20)
    storylines.add_argument("--json", action="store_true")

    find = commands.add_parser("search", help="search storylines")
    find.add_argument("query", nargs="+")
    find.add_argument("--json", action="store_true")
    find.add_argument("--limit", type=positive, default=10)

    brief = commands.add_parser("brief", help="compose and deliver a chat's briefing")
    brief.add_argument("--chat-id", type=int, required=True)
    brief.add_argument("--now", type=iso_time)
    brief.add_argument("--dry-run", action="store_true")
    brief.add_argument("--json", action="store_true")

    evaluate = commands.add_parser("eval", help="score storylines against labelled data")
    kinds = evaluate.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind in ("storylines", "pairs", "search"):
        sub = kinds.add_parser(kind)
        sub.add_argument("file", metavar="FILE.jsonl")
        sub.add_argument("--json", action="store_true")

    feeds_cli.add_parsers(commands)

    db = commands.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    backup = actions.add_parser("backup", help="consistent online backup")
    backup.add_argument("path")
    actions.add_parser("check", help="integrity and schema check")
    return main


def storyline_json(store: Store, storyline: Storyline) -> dict[str, Any]:
    return {
        "id": storyline.id,
        "label": storyline.label,
        "articles": storyline.article_count,
        "sources": storyline.source_count,
        "first_seen": to_iso(storyline.first_seen),
        "last_seen": to_iso(storyline.last_seen),
        "article_ids": store.archive.public_article_ids(storyline.id),
    }


def print_storylines(store: Store, storylines: Sequence[Storyline], as_json: bool) -> None:
    if as_json:
        print(
            json.dumps([storyline_json(store, s) for s in storylines], ensure_ascii=False, indent=1)
        )
        return
    if not storylines:
        print("no storylines")
    for s in storylines:
        print(
            f"{s.id:>5}  {s.article_count:>3} art {s.source_count:>3} src  "
            f"{s.last_seen:%Y-%m-%d %H:%M}  {s.label}"
        )


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


def cmd_ingest(args: argparse.Namespace, settings: Settings, store: Store, clock: Clock) -> int:
    now = clock()
    fetched_at = args.fetched_at or now
    report = IngestReport()
    ingestor = Ingestor(store.archive, clusterer_for(settings), analyzer=analyzed_ahead)
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


def cmd_brief(args: argparse.Namespace, settings: Settings, store: Store, clock: Clock) -> int:
    now = args.now or clock()
    chat = store.chats.get(args.chat_id)
    if chat is None:
        raise UsageError(f"chat {args.chat_id} is unknown: it has never written to the bot")
    deps = Deps(store=store, clock=lambda: now, admin_ids=settings.admin_ids)
    if args.dry_run:
        briefing = prepare(deps, chat, now)
        parts = parts_for(briefing, chat, scheduled=False)
    else:
        outcome = asyncio.run(_deliver(settings, deps, args.chat_id, now))
        if outcome.briefing is None:
            raise UsageError(f"chat {args.chat_id} is inactive (it blocked the bot)")
        if outcome.status in ("failed", "blocked", "deferred"):
            print(f"newsbrief: sending {outcome.status}: {outcome.error}", file=sys.stderr)
            return 1
        briefing, parts = outcome.briefing, list(outcome.parts)
    if args.json:
        print(
            json.dumps(
                {
                    "chat_id": args.chat_id,
                    "as_of": to_iso(now),
                    "items": [
                        {
                            "storyline_id": item.storyline.id,
                            "label": item.storyline.label,
                            "sentences": item.sentences,
                            "article_ids": [a.public_id for a in item.articles],
                            "new_articles": len(item.articles),
                            "sources": len(item.sources),
                            "links": item.links,
                        }
                        for item in briefing.items
                    ],
                    "messages": [part.text for part in parts],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for part in parts:
            print(visible_text(part.text), end="\n\n")
    return 0


async def _deliver(settings: Settings, deps: Deps, chat_id: int, now: datetime) -> Any:
    if not settings.token:
        # No bot configured: the briefing is recorded in the ledger and printed only.
        return await deliver(None, deps, chat_id, "command", now)
    from telegram import Bot

    async with Bot(settings.token, base_url=settings.api_url) as bot:
        return await deliver(bot, deps, chat_id, "command", now)


def cmd_console(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    clock = ticking_clock(args.now, time.monotonic) if args.now else system_clock
    if args.demo and store.archive.article_count() == 0:
        ingestor = Ingestor(store.archive, clusterer_for(settings))
        report = ingestor.ingest(enumerate(demo_drafts(clock()), 1), clock())
        print(f"{NOTICE} ({report.summary()})")
    # The person at the terminal is the operator: admin commands work in the console.
    operator = replace(settings, admin_ids=settings.admin_ids | {args.chat_id})
    asyncio.run(run_console(operator, store, clock, args.chat_id))
    return 0


class InstanceLock:
    """One running bot per database: an exclusive lock on a file beside it."""

    def __init__(self, db_path: str) -> None:
        self.path = Path(f"{db_path}.lock")
        self.handle: IO[str] | None = None

    def __enter__(self) -> InstanceLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise UsageError(
                f"another newsbrief is already running on {self.path.parent}"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


def cmd_run(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    if not settings.token:
        print(
            "No NEWSBRIEF_TELEGRAM_TOKEN configured: starting `newsbrief console --demo` instead.",
            file=sys.stderr,
        )
        return cmd_console(argparse.Namespace(chat_id=1, demo=True, now=None), settings, store)
    if args.webhook and not settings.webhook_secret:
        raise UsageError(
            "NEWSBRIEF_WEBHOOK_SECRET: required with --webhook, so that only Telegram can post"
        )
    # The lock comes before anything is scheduled or polled: a second instance stops here.
    with InstanceLock(settings.db_path):
        application = build_application(settings, store)
        log.info("newsbrief starting (database %s)", settings.db_path)
        if args.webhook:
            # PTB answers 403 to requests without the secret token header.
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(args.webhook).path.lstrip("/"),
                webhook_url=args.webhook,
                secret_token=settings.webhook_secret,
            )
        else:
            application.run_polling()
    log.info("newsbrief stopped")
    return 0


def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "eval":
        path = Path(args.file)
        evaluations = {
            "storylines": evaluate_storylines,
            "pairs": evaluate_pairs,
            "search": evaluate_search,
        }
        result = evaluations[args.kind](path, clusterer_for(settings))
        print(
            json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items())
        )
        return 0
    store = open_store(settings)
    try:
        clock: Clock = system_clock
        match args.command:
            case "run":
                return cmd_run(args, settings, store)
            case "console":
                return cmd_console(args, settings, store)
            case "ingest":
                return cmd_ingest(args, settings, store, clock)
            case "storylines":
                print_storylines(store, store.archive.latest_storylines(args.limit), args.json)
                return 0
            case "search":
                try:
                    results = search(store.archive, " ".join(args.query), clock(), limit=args.limit)
                except QueryError as exc:
                    raise UsageError(str(exc)) from None
                print_storylines(store, [r.storyline for r in results], args.json)
                return 0
            case "brief":
                return cmd_brief(args, settings, store, clock)
            case "db":
                return cmd_db(args, store)
            case "feeds":
                return feeds_cli.run_feeds(
                    args,
                    settings,
                    store,
                    clock,
                    make_fetcher(settings),
                    lambda: clusterer_for(settings),
                )
            case "ingest-url":
                return feeds_cli.run_ingest_urls(
                    args, store, clock, make_fetcher(settings), clusterer_for(settings)
                )
        raise UsageError(f"unknown command {args.command}")
    finally:
        store.close()


def clusterer_for(settings: Settings) -> Clusterer:
    """The configured clusterer: loads the embedding model only for commands that ingest."""
    try:
        return shared_clusterer(settings.embeddings, settings.model_dir)
    except EmbeddingsUnavailable as exc:
        raise SettingsError(f"NEWSBRIEF_EMBEDDINGS: {exc}") from None


def cmd_db(args: argparse.Namespace, store: Store) -> int:
    if args.action == "backup":
        target = Path(args.path)
        if target.exists():
            raise UsageError(f"{target} already exists; choose a new file")
        store.db.backup(target)
        problems = Store(target).db.check()
        if problems:
            print(f"newsbrief: backup {target} failed its check: {problems[0]}", file=sys.stderr)
            return 1
        print(f"backed up to {target} (integrity ok)")
        return 0
    problems = store.db.check()
    for problem in problems:
        print(problem)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


def main(argv: Sequence[str] | None = None) -> int:
    # PTB 22 warns on RetryAfter.retry_after unless it may return a timedelta (its future type).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = parser().parse_args(argv)
    # Commands report in their own words; log lines are for `run` (and --debug).
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.ERROR,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Schema upgrades are said in every command: one can take minutes, and reports what it did.
    logging.getLogger("storage.database").setLevel(logging.INFO)
    logging.getLogger("storage.migrations").setLevel(logging.INFO)
    try:
        env = read_environment(os.environ)
        if args.db:
            env["NEWSBRIEF_DB"] = args.db
        settings = Settings.from_env(env)
        if args.command == "run" and not args.debug:
            logging.getLogger().setLevel(settings.log_level)
            logging.getLogger("httpx").setLevel(logging.WARNING)
        return dispatch(args, settings)
    except (
        SettingsError,
        UsageError,
        InputError,
        EvalError,
        StorageError,
        feeds_cli.CommandError,
    ) as exc:
        if args.debug:
            raise
        print(f"newsbrief: {exc}", file=sys.stderr)
        return 2 if not isinstance(exc, StorageError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`newsbrief storylines | head -1`): stop quietly, as Unix tools
        # do, and point stdout at /dev/null so the interpreter's last flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"newsbrief: {type(exc).__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
