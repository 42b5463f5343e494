"""`newsbrief db backup PATH` and `newsbrief db check`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.cli.common import Commands
from bot.errors import CommandError
from bot.services import Services
from handlers.wording import plural


def add_parsers(commands: Commands) -> None:
    db = commands.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    backup = actions.add_parser("backup", help="consistent online backup")
    backup.add_argument("path")
    backup.set_defaults(func=back_up)
    actions.add_parser("check", help="integrity and schema check").set_defaults(func=check)


def back_up(args: argparse.Namespace, services: Services) -> int:
    target = Path(args.path)
    if target.exists():
        raise CommandError(f"{target} already exists; choose a new file")
    # Said before the copy starts: SQLite would only say "unable to open database file".
    folder = target.parent
    if not folder.is_dir():
        raise CommandError(f"the folder {folder} does not exist; create it or choose another")
    if not os.access(folder, os.W_OK):
        raise CommandError(f"cannot write in {folder}; choose a folder you may write in")
    problems = services.store.backup(target)
    if problems:
        print(f"newsbrief: backup {target} failed its check: {problems[0]}", file=sys.stderr)
        return 1
    print(f"backed up to {target} (integrity ok)")
    return 0


def check(args: argparse.Namespace, services: Services) -> int:
    problems = services.store.db.check()
    for problem in problems:
        print(problem)
    print("ok" if not problems else plural(len(problems), "problem"))
    return 0 if not problems else 1
