"""Button presses as typed values, and the one codec between them and Telegram's callback data.

Each press is a small frozen dataclass of non-negative ints; its code is declared once, in
PRESSES, and the fields say how many numbers it carries. Callback data is the code and the
numbers joined by ":" ("f:12"; trailing defaults left out), at most 64 bytes as Telegram
allows. Anything else, a forged or stale button included, decodes to None.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TypeAlias

MAX_DATA_BYTES = 64


@dataclass(frozen=True, slots=True)
class Follow:
    storyline_id: int


@dataclass(frozen=True, slots=True)
class Unfollow:
    storyline_id: int


@dataclass(frozen=True, slots=True)
class Story:
    """Open a storyline; `offset` pages to older articles."""

    storyline_id: int
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Chart:
    storyline_id: int


@dataclass(frozen=True, slots=True)
class More:
    """The next page of a remembered search."""

    query_id: int
    offset: int


@dataclass(frozen=True, slots=True)
class AddStarter:
    """Add the starter feeds (an admin's offer on an empty bot)."""


@dataclass(frozen=True, slots=True)
class Manage:
    """Manage a linked channel (its id, negated: callback numbers are never negative), or this
    chat (0)."""

    negated_channel_id: int


@dataclass(frozen=True, slots=True)
class Link:
    """Link the channel a post was forwarded from (its id, negated)."""

    negated_channel_id: int


@dataclass(frozen=True, slots=True)
class NotThisStory:
    article_id: int


@dataclass(frozen=True, slots=True)
class Undo:
    correction_id: int


@dataclass(frozen=True, slots=True)
class ReportChoices:
    """A reader's ⚑ Report: list the storyline's articles to choose from."""

    storyline_id: int


@dataclass(frozen=True, slots=True)
class Report:
    article_id: int
    storyline_id: int


Press: TypeAlias = (
    Follow
    | Unfollow
    | Story
    | Chart
    | More
    | AddStarter
    | Manage
    | Link
    | NotThisStory
    | Undo
    | ReportChoices
    | Report
)
# One letter each: the codes are part of every button already sent, so they never change.
PRESSES: dict[str, type[Press]] = {
    "f": Follow,
    "u": Unfollow,
    "s": Story,
    "c": Chart,
    "m": More,
    "a": AddStarter,
    "g": Manage,
    "l": Link,
    "x": NotThisStory,
    "z": Undo,
    "p": ReportChoices,
    "r": Report,
}
CODES: dict[type[Press], str] = {kind: code for code, kind in PRESSES.items()}


def encode(press: Press) -> str:
    fields = dataclasses.fields(press)
    numbers = [getattr(press, field.name) for field in fields]
    # Trailing numbers at their default are left out: "s:12" rather than "s:12:0".
    while fields and numbers and numbers[-1] == fields[len(numbers) - 1].default:
        numbers.pop()
    if any(not isinstance(n, int) or n < 0 for n in numbers):
        raise ValueError(f"button numbers are non-negative ints: {press!r}")
    data = ":".join([CODES[type(press)], *(str(n) for n in numbers)])
    if len(data.encode()) > MAX_DATA_BYTES:
        raise ValueError(f"callback data over {MAX_DATA_BYTES} bytes: {data!r}")
    return data


def decode(data: object) -> Press | None:
    """The press behind callback data, or None for anything forged, stale or malformed."""
    if not isinstance(data, str) or len(data.encode()) > MAX_DATA_BYTES:
        return None
    code, _, rest = data.partition(":")
    kind = PRESSES.get(code)
    if kind is None:
        return None
    parts = rest.split(":") if rest else []
    if not all(part.isascii() and part.isdigit() and len(part) <= 19 for part in parts):
        return None
    fields = dataclasses.fields(kind)
    required = sum(field.default is dataclasses.MISSING for field in fields)
    if not required <= len(parts) <= len(fields):
        return None
    return kind(*(int(part) for part in parts))
