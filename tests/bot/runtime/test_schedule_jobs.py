"""Exactly one scheduled briefing per local day, at the chosen local time, across DST changes.

The job loop is simulated with a fixed clock: the briefing job is run at the chat's next
briefing time (plus a delay), as the minute's run would find it due.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.runtime.jobs import BRIEFING_JOB
from bot.services import Services
from news.ingest import Ingestor
from news.sources.demo import demo_drafts
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, run_job

CHAT = 21


def prepare(store: Store, clock: FakeClock, zone: str, at: time) -> None:
    Ingestor(store.archive).ingest(enumerate(demo_drafts(clock()), 1), clock())
    settings = store.chats.ensure(CHAT, clock())
    # quiet off: every briefing sends a message, even "nothing new", so each one is counted.
    store.chats.update(
        replace(settings, timezone=zone, briefing_times=(at,), quiet_when_empty=False), clock()
    )
    store.follows.follow_topic(CHAT, "earthquake", clock())


async def simulate(app, store: Store, clock: FakeClock, until: datetime, delay: timedelta) -> None:  # type: ignore[no-untyped-def]
    while True:
        due = store.chats.next_briefing(CHAT)
        assert due is not None
        if due > until:
            return
        clock.set(max(clock(), due + delay))
        await run_job(app, BRIEFING_JOB)


CASES = [
    ("Europe/Berlin", time(7, 30), datetime(2025, 3, 27, tzinfo=UTC)),
    ("Europe/Berlin", time(2, 30), datetime(2025, 3, 27, tzinfo=UTC)),
    ("Europe/Berlin", time(2, 30), datetime(2025, 10, 23, tzinfo=UTC)),
    ("America/New_York", time(7, 0), datetime(2025, 3, 6, tzinfo=UTC)),
    ("America/New_York", time(1, 30), datetime(2025, 10, 30, tzinfo=UTC)),
    ("America/Santiago", time(0, 30), datetime(2025, 4, 2, tzinfo=UTC)),
    ("America/Santiago", time(0, 30), datetime(2025, 9, 3, tzinfo=UTC)),
    ("Asia/Kolkata", time(6, 45), datetime(2025, 3, 27, tzinfo=UTC)),
]


@pytest.mark.parametrize(("zone", "at", "start"), CASES)
@pytest.mark.parametrize("delay", [timedelta(seconds=1), timedelta(minutes=40)])
async def test_one_briefing_per_local_day(
    settings: Settings, store: Store, zone: str, at: time, start: datetime, delay: timedelta
) -> None:
    clock = FakeClock(start)
    prepare(store, clock, zone, at)
    recorder = RecordingRequest()
    app = build_application(Services(settings, store, clock), request=recorder)
    until = start + timedelta(days=7)
    async with app:
        await simulate(app, store, clock, until, delay)
    tz = ZoneInfo(zone)
    sent = [datetime.fromisoformat(d.as_of.isoformat()).astimezone(tz) for d in _scheduled(store)]
    days = Counter(moment.date() for moment in sent)
    assert len(days) == 7, sent
    assert set(days.values()) == {1}
    assert len(recorder.sent(CHAT)) == 7
    for moment in sent:
        # fold=0: the first of two occurrences; a time in a spring gap moves on by the gap.
        due = datetime.combine(moment.date(), at).replace(tzinfo=tz).astimezone(UTC)
        assert timedelta(0) <= moment.astimezone(UTC) - due <= delay + timedelta(seconds=1)


TWO_SLOTS = [
    ("Europe/Berlin", (time(7, 30), time(18, 0)), datetime(2025, 3, 27, tzinfo=UTC)),
    ("Europe/Berlin", (time(2, 30), time(19, 0)), datetime(2025, 10, 23, tzinfo=UTC)),
    ("America/New_York", (time(1, 30), time(23, 30)), datetime(2025, 10, 30, tzinfo=UTC)),
]


@pytest.mark.parametrize(("zone", "times", "start"), TWO_SLOTS)
async def test_two_briefings_a_day_each_once_across_dst(
    settings: Settings, store: Store, zone: str, times: tuple[time, ...], start: datetime
) -> None:
    clock = FakeClock(start)
    prepare(store, clock, zone, times[0])
    chat = store.chats.get(CHAT)
    assert chat is not None
    store.chats.update(replace(chat, briefing_times=times), clock())
    recorder = RecordingRequest()
    app = build_application(Services(settings, store, clock), request=recorder)
    async with app:
        await simulate(app, store, clock, start + timedelta(days=7), timedelta(seconds=1))
    tz = ZoneInfo(zone)
    sent = [d.as_of.astimezone(tz) for d in _scheduled(store)]
    # 7 days from `start`: 14 briefings, never more than two on a local day, each slot once.
    per_day = Counter(moment.date() for moment in sent)
    assert len(sent) == 14 and max(per_day.values()) == 2, sent
    keys = [d.local_date for d in _scheduled(store)]
    assert len(set(keys)) == 14 and sum("#2" in k for k in keys) == 7
    for moment in sent:  # each at one of its times, on its local day
        assert (moment - timedelta(seconds=1)).time().replace(second=0) in times
    assert len(recorder.sent(CHAT)) == 14


def _scheduled(store: Store):  # type: ignore[no-untyped-def]
    rows = store.db.query("SELECT id FROM deliveries WHERE kind = 'scheduled' ORDER BY id")
    return [store.ledger.get(row["id"]) for row in rows]


@pytest.mark.parametrize(
    ("restart_at", "expect_now"),
    [
        (datetime(2025, 6, 10, 4, 0, tzinfo=UTC), False),  # before 07:30 Kyiv (04:30 UTC)
        (datetime(2025, 6, 10, 4, 30, tzinfo=UTC), True),  # right at it
        (datetime(2025, 6, 10, 6, 0, tzinfo=UTC), True),  # 90 min late: within the window
        (datetime(2025, 6, 10, 8, 0, tzinfo=UTC), False),  # 3.5 h late: skipped, tomorrow
    ],
)
async def test_restart_around_the_due_time(
    settings: Settings, store: Store, restart_at: datetime, expect_now: bool
) -> None:
    clock = FakeClock(datetime(2025, 6, 10, 0, 0, tzinfo=UTC))
    prepare(store, clock, "Europe/Kyiv", time(7, 30))
    clock.set(restart_at)
    recorder = RecordingRequest()
    app = build_application(Services(settings, store, clock), request=recorder)
    due = store.chats.next_briefing(CHAT)
    assert due is not None
    if expect_now:
        assert due <= restart_at
    else:
        assert due in (
            datetime(2025, 6, 10, 4, 30, tzinfo=UTC),
            datetime(2025, 6, 11, 4, 30, tzinfo=UTC),
        )
        assert due > restart_at
    # Run whatever is due now, then restart again at once: still one briefing for the day.
    async with app:
        await run_job(app, BRIEFING_JOB)
    build_application(Services(settings, store, clock), request=recorder)
    assert store.chats.next_briefing(CHAT) == (
        datetime(2025, 6, 11, 4, 30, tzinfo=UTC) if expect_now else due
    )
    assert len(recorder.sent(CHAT)) == (1 if expect_now else 0)


def test_the_scheduler_holds_the_same_few_jobs_however_many_chats(
    settings: Settings, store: Store
) -> None:
    # One job per chat held about 1 KB each in APScheduler: 100 MB with 100,000 chats.
    clock = FakeClock(datetime(2025, 6, 10, 0, 0, tzinfo=UTC))
    prepare(store, clock, "Europe/Kyiv", time(7, 30))
    one = build_application(Services(settings, store, clock), request=RecordingRequest())
    jobs = {job.name for job in one.job_queue.jobs()}  # type: ignore[union-attr]
    chats = range(100, 160)
    for chat in chats:
        store.chats.ensure(chat, clock())
        store.follows.follow_topic(chat, "earthquake", clock())
    store.chats.ensure(200, clock())  # follows nothing: no briefing to expect
    many = build_application(Services(settings, store, clock), request=RecordingRequest())
    assert {job.name for job in many.job_queue.jobs()} == jobs  # type: ignore[union-attr]
    for chat in chats:
        assert store.chats.next_briefing(chat) == datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
    assert store.chats.next_briefing(200) is None
