"""Parsing and formatting of timestamps; everything stored is timezone-aware UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 timestamp as aware UTC; a naive one is taken as UTC. Raises ValueError."""
    text = value.strip()
    if not text:
        raise ValueError("empty timestamp")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def to_iso(moment: datetime) -> str:
    """The canonical stored form: UTC, microseconds, so text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(text: str) -> datetime:
    """A stored timestamp (see to_iso). The canonical form is parsed directly: a briefing
    reads thousands of them."""
    if text.endswith("Z"):
        return datetime.fromisoformat(text)
    return parse_datetime(text)


_RELATIVE = re.compile(
    r"^\s*(?:(?P<n>\d+|an?|one)\s+(?P<unit>second|sec|minute|min|hour|hr|day|week|month)s?\s+ago"
    r"|(?P<word>just now|yesterday|today))\s*$",
    re.IGNORECASE,
)
_UNITS = {
    "second": timedelta(seconds=1),
    "sec": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
    "month": timedelta(days=30),
}


def parse_relative(text: str, anchor: datetime) -> datetime | None:
    """'21 minutes ago' resolved against `anchor`; None when the text is not a relative time."""
    match = _RELATIVE.match(text)
    if not match:
        return None
    word = (match.group("word") or "").lower()
    if word in ("just now", "today"):
        return anchor
    if word == "yesterday":
        return anchor - timedelta(days=1)
    raw = match.group("n").lower()
    count = int(raw) if raw.isdigit() else 1
    return anchor - count * _UNITS[match.group("unit").lower()]


def is_relative_time(text: str) -> bool:
    return _RELATIVE.match(text) is not None
