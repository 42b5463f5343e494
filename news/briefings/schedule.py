"""When a chat's briefings are due, in its own time zone, across daylight-saving changes.

A chat has one to four briefing times a day (its slots). Each due briefing is named by a key
the delivery ledger keeps unique: the local date for the day's first slot (as when a chat had
one time only) and `DATE#N` for the N-th, so changing a time never repeats that day's slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from news.records import ChatSettings, Days

MAX_SLOTS = 4
# A time of day as people write it: 7:30, 07:30, 07.30, 7h30 (24-hour clock).
_CLOCK_TIME = re.compile(r"([01]?\d|2[0-3])[:.h]([0-5]\d)")


def clock_time(text: str) -> time | None:
    """The time of day a text such as "07:30" names, or None."""
    match = _CLOCK_TIME.fullmatch(text.strip())
    return time(int(match[1]), int(match[2])) if match else None


@dataclass(frozen=True, slots=True)
class Due:
    """One due briefing: its local day, which of the day's slots, and when (UTC)."""

    day: date
    slot: int  # 0-based, in the order of the day's times
    at: datetime

    @property
    def key(self) -> str:
        """The ledger's name for this briefing (one delivery per key)."""
        return self.day.isoformat() if self.slot == 0 else f"{self.day.isoformat()}#{self.slot + 1}"


def is_briefing_day(settings: ChatSettings, local_date: date) -> bool:
    if settings.days is Days.WEEKDAYS:
        return local_date.weekday() < 5
    if settings.days is Days.WEEKLY:
        return local_date.weekday() == settings.weekly_day
    return True


def due_at(settings: ChatSettings, local_date: date, at: time | None = None) -> datetime:
    """The UTC instant of a briefing at `at` (the first time by default) on a local date.

    In an autumn overlap the first occurrence counts (fold=0); a time that does not exist in a
    spring gap is shifted forward by the gap, as zoneinfo resolves it.
    """
    zone = ZoneInfo(settings.timezone)
    at = settings.briefing_times[0] if at is None else at
    local = datetime.combine(local_date, at).replace(tzinfo=zone, fold=0)
    return local.astimezone(UTC)


def local_date_of(settings: ChatSettings, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings.timezone)).date()


def _day(settings: ChatSettings, day: date) -> list[Due]:
    """The briefings of a local day, in order (none when it is not a briefing day)."""
    if not is_briefing_day(settings, day):
        return []
    return [Due(day, n, due_at(settings, day, at)) for n, at in enumerate(settings.briefing_times)]


def latest_due(settings: ChatSettings, now: datetime) -> Due | None:
    """The most recent due briefing at or before `now` (within the last eight days)."""
    today = local_date_of(settings, now)
    for back in range(9):
        past = [due for due in _day(settings, today - timedelta(days=back)) if due.at <= now]
        if past:
            return max(past, key=lambda due: due.at)
    return None


def next_due(settings: ChatSettings, now: datetime) -> Due:
    """The first due briefing strictly after `now`."""
    today = local_date_of(settings, now)
    for ahead in range(9):
        coming = [due for due in _day(settings, today + timedelta(days=ahead)) if due.at > now]
        if coming:
            return min(coming, key=lambda due: due.at)
    raise ValueError("no briefing day within a week")  # every Days value has one
