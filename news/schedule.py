"""When a chat's briefings are due, in its own time zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from news.models import ChatSettings, Days


def is_briefing_day(settings: ChatSettings, local_date: date) -> bool:
    if settings.days is Days.WEEKDAYS:
        return local_date.weekday() < 5
    if settings.days is Days.WEEKLY:
        return local_date.weekday() == settings.weekly_day
    return True


def due_at(settings: ChatSettings, local_date: date) -> datetime:
    """The UTC instant of the briefing on a local date.

    In an autumn overlap the first occurrence counts (fold=0); a time that does not exist in a
    spring gap is shifted forward by the gap, as zoneinfo resolves it.
    """
    zone = ZoneInfo(settings.timezone)
    local = datetime.combine(local_date, settings.briefing_time).replace(tzinfo=zone, fold=0)
    return local.astimezone(UTC)


def local_date_of(settings: ChatSettings, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings.timezone)).date()


def latest_due(settings: ChatSettings, now: datetime) -> tuple[date, datetime] | None:
    """The most recent due briefing at or before `now` (within the last eight days)."""
    today = local_date_of(settings, now)
    for back in range(9):
        day = today - timedelta(days=back)
        if is_briefing_day(settings, day):
            due = due_at(settings, day)
            if due <= now:
                return day, due
    return None


def next_due(settings: ChatSettings, now: datetime) -> tuple[date, datetime]:
    """The first due briefing strictly after `now`."""
    today = local_date_of(settings, now)
    for ahead in range(9):
        day = today + timedelta(days=ahead)
        if is_briefing_day(settings, day):
            due = due_at(settings, day)
            if due > now:
                return day, due
    raise ValueError("no briefing day within a week")  # every Days value has one
