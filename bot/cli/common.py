"""What every command shares: the argument types and the subcommand table's type."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TypeAlias

from news.dates import parse_datetime

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
