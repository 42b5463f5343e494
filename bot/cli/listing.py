"""`newsbrief storylines` and `newsbrief search`: storylines as a list or as JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.cli.common import Commands, figure_json, positive
from bot.cli.corrections import add_actions
from bot.errors import CommandError
from bot.services import Services
from news.dates import to_iso
from news.records import Storyline
from news.search.ranking import QueryError, search
from news.storylines.figures import figures_of
from storage.store import Store


def add_parsers(commands: Commands) -> None:
    storylines = commands.add_parser("storylines", help="list storylines, newest activity first")
    storylines.add_argument("--limit", type=positive, default=20)
    storylines.add_argument("--json", action="store_true")
    storylines.set_defaults(func=list_storylines)
    add_actions(storylines)

    find = commands.add_parser("search", help="search storylines")
    find.add_argument("query", nargs="+")
    find.add_argument("--json", action="store_true")
    find.add_argument("--limit", type=positive, default=10)
    find.set_defaults(func=search_storylines)


def list_storylines(args: argparse.Namespace, services: Services) -> int:
    store = services.store
    print_storylines(
        store, store.archive.latest_storylines(args.limit), args.json, services.clock()
    )
    return 0


def search_storylines(args: argparse.Namespace, services: Services) -> int:
    store = services.store
    try:
        results = search(
            store.archive,
            " ".join(args.query),
            services.clock(),
            limit=args.limit,
            meaning=services.meaning,
        )
    except QueryError as exc:
        raise CommandError(str(exc)) from None
    print_storylines(store, [r.storyline for r in results], args.json, services.clock())
    return 0


def storyline_json(store: Store, storyline: Storyline, now: datetime) -> dict[str, Any]:
    return {
        "id": storyline.id,
        "label": storyline.label,
        "articles": storyline.article_count,
        "sources": storyline.source_count,
        "first_seen": to_iso(storyline.first_seen),
        "last_seen": to_iso(storyline.last_seen),
        "article_ids": store.archive.public_article_ids(storyline.id),
        "languages": store.archive.storyline_languages([storyline.id]).get(storyline.id, []),
        "figures": [figure_json(f) for f in figures_of(store.archive, storyline, now)],
    }


def print_storylines(
    store: Store, storylines: Sequence[Storyline], as_json: bool, now: datetime
) -> None:
    if as_json:
        print(
            json.dumps(
                [storyline_json(store, s, now) for s in storylines], ensure_ascii=False, indent=1
            )
        )
        return
    if not storylines:
        print("no storylines")
    for s in storylines:
        print(
            f"{s.id:>5}  {s.article_count:>3} art {s.source_count:>3} src  "
            f"{s.last_seen:%Y-%m-%d %H:%M}  {s.label}"
        )
