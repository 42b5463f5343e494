"""Exactly one scheduled briefing per local day, at the chosen local time, across DST changes.

The job loop is simulated with a fixed clock: each job is run at its own run date, then the
scheduler sets the next one, as APScheduler would.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.base import BaseScheduler
from telegram.ext import CallbackContext, JobQueue

from bot.app import build_application
from bot.jobs import BriefingScheduler, job_id
from bot.settings import Settings
from news.demo import demo_drafts
from news.ingest import Ingestor
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest

CHAT = 21


def prepare(store: Store, clock: FakeClock, zone: str, at: time) -> None:
    Ingestor(store.archive).ingest(enumerate(demo_drafts(clock()), 1), clock())
    settings = store.chats.ensure(CHAT, clock())
    # quiet off: every briefing sends a message, even "nothing new", so each one is counted.
    store.chats.update(
        replace(settings, timezone=zone, briefing_time=at, quiet_when_empty=False), clock()
    )
    store.follows.follow_topic(CHAT, "earthquake", clock())


def run_date(app) -> datetime:  # type: ignore[no-untyped-def]
    (job,) = [j for j in app.job_queue.get_jobs_by_name(job_id(CHAT)) if not j.removed]
    return job.job.trigger.run_date  # type: ignore[no-any-return]


async def simulate(app, clock: FakeClock, until: datetime, delay: timedelta) -> None:  # type: ignore[no-untyped-def]
    scheduler = BriefingScheduler(app, app.bot_data.deps)
    while True:
        due = run_date(app)
        if due > until:
            return
        clock.set(max(clock(), due + delay))
        (job,) = [j for j in app.job_queue.get_jobs_by_name(job_id(CHAT)) if not j.removed]
        await scheduler.run(CallbackContext.from_job(job, app))


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
    app = build_application(settings, store, clock, request=recorder)
    until = start + timedelta(days=7)
    async with app:
        await simulate(app, clock, until, delay)
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
    app = build_application(settings, store, clock, request=recorder)
    due = run_date(app)
    if expect_now:
        assert due <= datetime.now(UTC) + timedelta(seconds=5)
    else:
        assert due in (
            datetime(2025, 6, 10, 4, 30, tzinfo=UTC),
            datetime(2025, 6, 11, 4, 30, tzinfo=UTC),
        )
        assert due > restart_at
    # Run whatever is due now, then restart again at once: still one briefing for the day.
    async with app:
        if expect_now:
            scheduler = BriefingScheduler(app, app.bot_data.deps)  # type: ignore[arg-type]
            (job,) = app.job_queue.get_jobs_by_name(job_id(CHAT))  # type: ignore[union-attr]
            await scheduler.run(CallbackContext.from_job(job, app))
    again = build_application(settings, store, clock, request=recorder)
    assert run_date(again) == datetime(2025, 6, 11, 4, 30, tzinfo=UTC) or not expect_now
    assert len(recorder.sent(CHAT)) == (1 if expect_now else 0)


def test_start_up_schedules_each_chat_without_listing_every_job(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listing the jobs for each chat made start-up quadratic: with 100,000 chats the bot had
    # not answered anyone after ten minutes.
    clock = FakeClock(datetime(2025, 6, 10, 0, 0, tzinfo=UTC))
    prepare(store, clock, "Europe/Kyiv", time(7, 30))
    chats = range(100, 160)
    for chat in chats:
        store.chats.ensure(chat, clock())
        store.follows.follow_topic(chat, "earthquake", clock())
    # Before the scheduler runs, a lookup by id scans its pending jobs too.
    listed = Counter[str]()
    for owner, name in ((JobQueue, "jobs"), (BaseScheduler, "get_job")):
        original = getattr(owner, name)

        def counted(*args: object, _f: Any = original, _n: str = name, **kwargs: object) -> Any:
            listed[_n] += 1
            return _f(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)
    app = build_application(settings, store, clock, request=RecordingRequest())
    monkeypatch.undo()
    assert listed == Counter()
    scheduled = {job.name for job in app.job_queue.jobs()}  # type: ignore[union-attr]
    assert {job_id(chat) for chat in [CHAT, *chats]} <= scheduled
    # Rescheduling one chat leaves it exactly one job.
    BriefingScheduler(app, app.bot_data.deps).schedule_chat(CHAT)  # type: ignore[arg-type]
    assert len(app.job_queue.get_jobs_by_name(job_id(CHAT))) == 1  # type: ignore[union-attr]
