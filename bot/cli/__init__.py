"""The `newsbrief` command line: global options, then a command.

Each command's options and code live together in one module of this package, which adds
its parsers and points each at its function (`set_defaults(func=...)`); the function takes
the parsed arguments and the process's `Services` and returns the exit status.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot.cli import briefs, database, evaluations, feeds, imports, listing, running
from bot.config import Settings, SettingsError, read_environment
from bot.errors import CommandError
from bot.services import Services
from storage.database import StorageError

COMMAND_MODULES = (running, imports, feeds, listing, briefs, evaluations, database)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="newsbrief", description="A self-hosted Telegram news briefing bot."
    )
    main.add_argument("--db", help="database path (default: $NEWSBRIEF_DB or ./data/newsbrief.db)")
    main.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_parsers(commands)
    return main


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
            # trafilatura logs an ERROR for every page that holds no article; we say so already.
            logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
        services = Services(settings)
        try:
            status: int = args.func(args, services)
        finally:
            services.close()
        return status
    except (SettingsError, CommandError, StorageError) as exc:
        if args.debug:
            raise
        print(f"newsbrief: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, StorageError) else 2
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
