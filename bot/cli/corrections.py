"""`newsbrief storylines merge|label|corrections`: corrections by a person, and their log."""

from __future__ import annotations

import argparse
import json

from bot.errors import CommandError
from bot.services import Services
from news.corrections import CorrectionError, merge_storylines
from news.dates import to_iso
from news.models import CorrectionKind
from news.text import one_line

BY = "command line"


def add_actions(storylines: argparse.ArgumentParser) -> None:
    """The corrections, as subcommands of `newsbrief storylines` (which alone lists)."""
    actions = storylines.add_subparsers(dest="action", metavar="ACTION")
    merge = actions.add_parser("merge", help="merge storylines into the first (it keeps its id)")
    merge.add_argument("into", type=int, metavar="INTO")
    merge.add_argument("others", type=int, nargs="+", metavar="FROM")
    merge.set_defaults(func=merge_command)
    label = actions.add_parser("label", help="name a storyline (kept as it grows)")
    label.add_argument("storyline", type=int, metavar="ID")
    label.add_argument("text", nargs="+", metavar="TEXT")
    label.set_defaults(func=label_command)
    log = actions.add_parser("corrections", help="the corrections people made")
    log.add_argument("--json", action="store_true")
    log.set_defaults(func=corrections_command)


def merge_command(args: argparse.Namespace, services: Services) -> int:
    store = services.store
    try:
        state = merge_storylines(services.ingestor(), args.into, args.others)
    except CorrectionError as exc:
        raise CommandError(str(exc)) from None
    merged = list(dict.fromkeys(args.others))
    with store.db.writing():
        store.corrections.record(CorrectionKind.MERGE, args.into, merged, BY, services.clock())
    print(
        f"merged {', '.join(map(str, merged))} into {args.into}: "
        f"{state.label} ({state.size} articles)"
    )
    return 0


def label_command(args: argparse.Namespace, services: Services) -> int:
    store, text = services.store, one_line(" ".join(args.text))[:200]
    if not text:
        raise CommandError("the label is empty")
    if store.archive.storyline_state(args.storyline) is None:
        raise CommandError(f"no storyline {args.storyline}")
    with store.db.writing():
        store.archive.set_label(args.storyline, text)
        store.corrections.record(
            CorrectionKind.LABEL, args.storyline, [], BY, services.clock(), label=text
        )
    print(f"storyline {args.storyline} is now labelled: {text}")
    return 0


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
            }
            for c in log
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not log:
        print("no corrections")
    for c in log:
        what = c.label if c.kind is CorrectionKind.LABEL else ", ".join(map(str, c.others))
        print(
            f"{c.id:>4}  {c.made_at:%Y-%m-%d %H:%M}  {c.kind.value:<6} {c.storyline_id:>5}  {what}"
        )
    return 0
