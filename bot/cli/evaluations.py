"""`newsbrief eval storylines|pairs|search FILE`: quality through the production code."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.cli.common import Commands, positive
from bot.evaluate import evaluate_pairs, evaluate_search, evaluate_storylines
from bot.services import Services

EVALUATIONS = ("storylines", "pairs", "search")


def add_parsers(commands: Commands) -> None:
    evaluate = commands.add_parser("eval", help="score storylines against labelled data")
    kinds = evaluate.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind in EVALUATIONS:
        sub = kinds.add_parser(kind)
        sub.add_argument("file", metavar="FILE.jsonl")
        sub.add_argument("--json", action="store_true")
        if kind != "search":
            sub.add_argument(
                "--folds", type=positive, metavar="K", help="grouped cross-validation, K folds"
            )
        sub.set_defaults(func=run_evaluation)


def run_evaluation(args: argparse.Namespace, services: Services) -> int:
    """Each evaluation clusters into a database of its own: the configured one is not opened."""
    path, clusterer = Path(args.file), services.clusterer
    if args.kind == "storylines":
        result = evaluate_storylines(path, clusterer, args.folds)
    elif args.kind == "pairs":
        result = evaluate_pairs(path, clusterer, args.folds)
    else:
        result = evaluate_search(path, clusterer)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0
