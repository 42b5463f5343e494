"""`newsbrief storylines merge|split|move|label|undo|corrections`: corrections by a person on
the command line, and their log."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from bot.errors import CommandError
from bot.services import Services
from news.dates import to_iso
from news.storylines.corrections import Corrected, CorrectionError, Editor

BY = "command line"


def add_actions(storylines: argparse.ArgumentParser) -> None:
    """The corrections, as subcommands of `newsbrief storylines` (which alone lists)."""
    actions = storylines.add_subparsers(dest="action", metavar="ACTION")
    merge = actions.add_parser("merge", help="merge storylines into the first (it keeps its id)")
    merge.add_argument("into", type=int, metavar="INTO")
    merge.add_argument("others", type=int, nargs="+", metavar="FROM")
    merge.set_defaults(func=merge_command)
    split = actions.add_parser("split", help="move articles out of a storyline into a new one")
    split.add_argument("storyline", type=int, metavar="ID")
    split.add_argument("articles", nargs="+", metavar="ARTICLE")
    split.set_defaults(func=split_command)
    move = actions.add_parser("move", help="move an article to another storyline")
    move.add_argument("article", metavar="ARTICLE")
    move.add_argument("storyline", type=int, metavar="ID")
    move.set_defaults(func=move_command)
    label = actions.add_parser("label", help="name a storyline (kept as it grows)")
    label.add_argument("storyline", type=int, metavar="ID")
    label.add_argument("text", nargs="+", metavar="TEXT")
    label.set_defaults(func=label_command)
    undo = actions.add_parser("undo", help="undo a correction (its number in the log)")
    undo.add_argument("correction", type=int, metavar="N")
    undo.set_defaults(func=undo_command)
    log = actions.add_parser("corrections", help="the corrections people made")
    log.add_argument("--json", action="store_true")
    log.set_defaults(func=corrections_command)


def _corrected(
    services: Services, change: Callable[[Editor], Corrected], id_only: bool = False
) -> int:
    """Make the correction and say what it did; with `id_only`, stdout has just the id of the
    storyline it leads to (a split's new one), for scripts, and the sentence goes to stderr."""
    try:
        done = change(services.editor())
    except CorrectionError as exc:
        raise CommandError(str(exc)) from None
    said = f"{done.summary} (correction {done.correction_id})"
    if id_only:
        print(done.storyline_id)
        print(said, file=sys.stderr)
    else:
        print(said)
    return 0


def _article(services: Services, public_id: str) -> int:
    """An article by the id `newsbrief storylines --json` shows."""
    found = services.store.archive.article_by_public_id(public_id)
    if found is None:
        raise CommandError(f"no article {public_id}")
    return found


def merge_command(args: argparse.Namespace, services: Services) -> int:
    now = services.clock()
    return _corrected(services, lambda e: e.merge(args.into, args.others, BY, now))


def split_command(args: argparse.Namespace, services: Services) -> int:
    ids = [_article(services, a) for a in args.articles]
    now = services.clock()
    return _corrected(services, lambda e: e.split(args.storyline, ids, BY, now), id_only=True)


def move_command(args: argparse.Namespace, services: Services) -> int:
    article, now = _article(services, args.article), services.clock()
    return _corrected(services, lambda e: e.move(article, args.storyline, BY, now))


def label_command(args: argparse.Namespace, services: Services) -> int:
    text, now = " ".join(args.text), services.clock()
    return _corrected(services, lambda e: e.label(args.storyline, text, BY, now))


def undo_command(args: argparse.Namespace, services: Services) -> int:
    now = services.clock()
    return _corrected(services, lambda e: e.undo(args.correction, now))


def corrections_command(args: argparse.Namespace, services: Services) -> int:
    log = services.store.corrections.all()
    if args.json:
        rows = [
            {
                "id": c.id,
                "kind": c.kind.value,
                "storyline_id": c.storyline_id,
                "others": list(c.others),
                "label": c.label,
                "by": c.made_by,
                "at": to_iso(c.made_at),
                "undone_at": to_iso(c.undone_at) if c.undone_at else None,
            }
            for c in log
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not log:
        print("no corrections")
    for c in log:
        undone = f"  (undone {c.undone_at:%Y-%m-%d %H:%M})" if c.undone_at else ""
        print(
            f"{c.id:>4}  {c.made_at:%Y-%m-%d %H:%M}  {c.kind.value:<6} {c.storyline_id:>5}  "
            f"{c.changed}  by {c.made_by}{undone}"
        )
    return 0
