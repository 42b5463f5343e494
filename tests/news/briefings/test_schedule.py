from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from news.briefings.schedule import due_at, is_briefing_day, latest_due, next_due
from news.records import ChatSettings, Days


def chat(
    zone: str, at: time = time(7, 30), days: Days = Days.DAILY, weekly_day: int = 0
) -> ChatSettings:
    return ChatSettings(
        chat_id=1, timezone=zone, briefing_times=(at,), days=days, weekly_day=weekly_day
    )


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc"),
    [
        ("Europe/Berlin", date(2025, 3, 29), datetime(2025, 3, 29, 6, 30, tzinfo=UTC)),  # CET
        ("Europe/Berlin", date(2025, 3, 31), datetime(2025, 3, 31, 5, 30, tzinfo=UTC)),  # CEST
        ("America/New_York", date(2025, 11, 3), datetime(2025, 11, 3, 12, 30, tzinfo=UTC)),
        ("Asia/Kolkata", date(2025, 6, 1), datetime(2025, 6, 1, 2, 0, tzinfo=UTC)),
    ],
)
def test_due_at_follows_the_local_clock(zone: str, day: date, expected_utc: datetime) -> None:
    assert due_at(chat(zone), day) == expected_utc


def test_time_in_the_spring_gap_is_shifted_forward() -> None:
    # 02:30 does not exist in Berlin on 2025-03-30; it is delivered at 03:30 CEST.
    assert due_at(chat("Europe/Berlin", time(2, 30)), date(2025, 3, 30)) == datetime(
        2025, 3, 30, 1, 30, tzinfo=UTC
    )


def test_one_due_time_per_local_day_across_autumn_overlap() -> None:
    settings = chat("Europe/Berlin", time(2, 30))
    moment = datetime(2025, 10, 25, 0, 0, tzinfo=UTC)
    dues = []
    while moment < datetime(2025, 10, 27, tzinfo=UTC):
        due = next_due(settings, moment)
        dues.append((due.day, due.at))
        moment = due.at
    assert [d for d, _ in dues] == [date(2025, 10, 25), date(2025, 10, 26), date(2025, 10, 27)]


def test_weekdays_and_weekly() -> None:
    assert not is_briefing_day(chat("UTC", days=Days.WEEKDAYS), date(2025, 6, 7))  # Saturday
    weekly = chat("UTC", days=Days.WEEKLY, weekly_day=4)
    due = next_due(weekly, datetime(2025, 6, 2, tzinfo=UTC))
    assert due.day == date(2025, 6, 6) and due.at.weekday() == 4


def test_latest_due_is_at_or_before_now() -> None:
    settings = chat("Europe/Kyiv")
    now = datetime(2025, 6, 10, 5, 0, tzinfo=UTC)  # 08:00 in Kyiv
    latest = latest_due(settings, now)
    assert latest is not None
    assert latest.day == date(2025, 6, 10) and latest.at == now - timedelta(minutes=30)
    assert latest.key == "2025-06-10"


def test_several_times_a_day_are_slots_with_keys_of_their_own() -> None:
    settings = ChatSettings(1, "Europe/Kyiv", (time(7, 30), time(18, 0)))
    morning = datetime(2025, 6, 10, 4, 30, tzinfo=UTC)  # 07:30 in Kyiv
    evening = next_due(settings, morning)
    assert (evening.day, evening.slot, evening.key) == (date(2025, 6, 10), 1, "2025-06-10#2")
    assert evening.at == datetime(2025, 6, 10, 15, 0, tzinfo=UTC)
    after = next_due(settings, evening.at)
    assert (after.day, after.slot, after.key) == (date(2025, 6, 11), 0, "2025-06-11")
    latest = latest_due(settings, evening.at + timedelta(hours=1))
    assert latest == evening
