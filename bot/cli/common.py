"""What every command shares: the argument types, the subcommand table's type, and how a
storyline's figures read in JSON."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any, TypeAlias

from news.dates import parse_datetime, to_iso
from news.storylines.figures import StorylineFigure

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def iso_time(text: str) -> datetime:
    try:
        return parse_datetime(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return int(text)


def figure_json(figure: StorylineFigure) -> dict[str, Any]:
    """A storyline's figure: its value and bound, its value in the chat's previous briefing
    (null before one), and each outlet's latest report."""
    previous = figure.previous
    return {
        "kind": figure.kind,
        "value": _number(figure.value),
        "bound": figure.bound,
        "previous": _number(previous.value) if previous is not None else None,
        "reports": [
            {
                "source": r.source,
                "value": _number(r.value),
                "article_id": r.public_id,
                "at": to_iso(r.at),
            }
            for r in figure.reports
        ],
    }


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value
