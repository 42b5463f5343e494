"""`newsbrief eval storylines|pairs|search|figures FILE`: quality through the production code."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.cli.common import Commands, positive
from bot.errors import CommandError
from bot.services import Services
from lab.editor import evaluate_corrections
from lab.evaluate import evaluate_pairs, evaluate_search, evaluate_storylines, fit_files
from lab.figures import DEFAULT_DATA, evaluate_figures
from news.storylines.decision import shipped_path

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
            sub.add_argument(
                "--with",
                dest="also",
                nargs="+",
                type=Path,
                default=[],
                metavar="FILE.jsonl",
                help="with --folds: fit each fold's decision on these labelled files too",
            )
        if kind == "storylines":
            sub.add_argument(
                "--corrections",
                type=positive,
                metavar="N",
                help="replay with at most N corrections by a simulated editor",
            )
        sub.set_defaults(func=run_evaluation)
    figures = kinds.add_parser("figures", help="score the figures read from labelled reports")
    figures.add_argument("file", metavar="FILE.jsonl")
    figures.add_argument("--json", action="store_true")
    figures.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        metavar="DIR",
        help="where the development files that records point at (ref) are",
    )
    figures.set_defaults(func=run_figures)
    fit = kinds.add_parser("fit", help="fit the same-story decision on labelled files")
    fit.add_argument("files", nargs="+", metavar="FILE.jsonl")
    fit.add_argument("--out", type=Path, metavar="PATH", help="where to write the weights")
    fit.set_defaults(func=run_fit)


def run_evaluation(args: argparse.Namespace, services: Services) -> int:
    """Each evaluation clusters into a database of its own: the configured one is not opened."""
    path, clusterer = Path(args.file), services.clusterer
    if getattr(args, "also", None) and not args.folds:
        raise CommandError("--with needs --folds")
    if args.kind == "storylines" and args.corrections:
        if args.folds:
            raise CommandError("--corrections and --folds cannot be combined")
        result = evaluate_corrections(path, clusterer, args.corrections)
    elif args.kind == "storylines":
        result = evaluate_storylines(path, clusterer, args.folds, args.also)
    elif args.kind == "pairs":
        result = evaluate_pairs(path, clusterer, args.folds, args.also)
    else:
        result = evaluate_search(path, clusterer)
    print(json.dumps(result) if args.json else "\n".join(_lines(result)))
    return 0


def run_figures(args: argparse.Namespace, services: Services) -> int:
    del services  # figures need no storylines and no database
    result = evaluate_figures(Path(args.file), args.data)
    print(json.dumps(result) if args.json else "\n".join(_lines(result)))
    return 0


def _lines(result: dict[str, Any], indent: str = "") -> list[str]:
    """A result as `key: value` lines: a nested object indented under its key, and a list of
    steps as one line each."""
    lines = []
    for key, value in result.items():
        if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
            lines += [f"{indent}{key}:", *_lines(value, indent + "  ")]
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            lines += [
                f"{indent}  " + ", ".join(f"{k} {v}" for k, v in item.items()) for item in value
            ]
        else:
            lines.append(f"{indent}{key}: {value}")
    return lines


def run_fit(args: argparse.Namespace, services: Services) -> int:
    """Fits on the files in the order given; without --out, writes the shipped weights file
    (the one with the embedding cosine when an embedder is configured)."""
    clusterer = services.clusterer
    model = fit_files([Path(name) for name in args.files], clusterer)
    out = args.out or shipped_path(semantic=clusterer.embedder is not None)
    try:
        out.write_text(model.as_json(), encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"fitted on {', '.join(model.trained_on)}: {len(model.features)} features -> {out}")
    return 0
