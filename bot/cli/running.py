"""`newsbrief run` and `newsbrief console`: the bot on Telegram, or in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import logging
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from bot.adapters.embeddings import describe
from bot.app import build_application
from bot.cli.common import Commands, iso_time
from bot.console import run_console, ticking_clock
from bot.errors import CommandError
from bot.services import Services
from news.sources.demo import NOTICE, demo_drafts

log = logging.getLogger("newsbrief")


def add_parsers(commands: Commands) -> None:
    run = commands.add_parser("run", help="run the Telegram bot")
    run.add_argument("--webhook", metavar="URL", help="receive updates by webhook at URL")
    run.set_defaults(func=run_bot)

    console = commands.add_parser("console", help="chat with the bot in the terminal")
    console.add_argument("--chat-id", type=int, default=1, help="the chat to act as (default 1)")
    console.add_argument("--demo", action="store_true", help="import the demo corpus if empty")
    console.add_argument("--now", type=iso_time, help="start the clock at this ISO time")
    console.set_defaults(func=open_console)


def open_console(args: argparse.Namespace, services: Services) -> int:
    return console_chat(services, args.chat_id, args.demo, args.now)


def console_chat(services: Services, chat_id: int, demo: bool, now: datetime | None) -> int:
    if now is not None:
        services.clock = ticking_clock(now, time.monotonic)
    if demo and services.store.archive.article_count() == 0:
        report = services.ingestor().ingest(
            enumerate(demo_drafts(services.clock()), 1), services.clock()
        )
        print(f"{NOTICE} ({report.summary()})")
    # The person at the terminal is the operator: admin commands work in the console.
    services.admit(chat_id)
    asyncio.run(run_console(services, chat_id))
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
            raise CommandError(
                f"another newsbrief is already running on {self.path.parent}"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


def run_bot(args: argparse.Namespace, services: Services) -> int:
    settings = services.settings
    if not settings.token:
        print(
            "No NEWSBRIEF_TELEGRAM_TOKEN configured: starting `newsbrief console --demo` instead.",
            file=sys.stderr,
        )
        return console_chat(services, chat_id=1, demo=True, now=None)
    if args.webhook and not settings.webhook_secret:
        raise CommandError(
            "NEWSBRIEF_WEBHOOK_SECRET: required with --webhook, so that only Telegram can post"
        )
    # The lock comes before anything is scheduled or polled: a second instance stops here.
    with InstanceLock(settings.db_path):
        application = build_application(services)
        log.info(
            "newsbrief starting (database %s; storylines compare %s)",
            settings.db_path,
            describe(settings.embeddings),
        )
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
