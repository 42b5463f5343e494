"""Scheduled briefings: job callbacks called directly with a fixed clock, never by waiting."""

from __future__ import annotations

from datetime import UTC, datetime, time

from telegram.ext import CallbackContext

from bot.app import build_application
from bot.jobs import BriefingScheduler, job_id
from bot.settings import Settings
from news.demo import demo_drafts
from news.ingest import Ingestor
from news.models import ArticleDraft
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest

CHAT = 9


def prepare_chat(store: Store, clock: FakeClock, zone: str = "Europe/Kyiv") -> int:
    Ingestor(store.archive).ingest(enumerate(demo_drafts(clock()), 1), clock())
    settings = store.chats.ensure(CHAT, clock())
    from dataclasses import replace

    store.chats.update(replace(settings, timezone=zone, briefing_time=time(7, 30)), clock())
    storyline = store.archive.latest_storylines(1)[0]
    store.follows.follow_storyline(CHAT, storyline.id, clock())
    return storyline.id


def add_news(store: Store, clock: FakeClock, storyline_label: str, n: int) -> None:
    clock.advance(minutes=1)
    words = storyline_label.split()
    Ingestor(store.archive).ingest(
        [
            (
                i,
                ArticleDraft(
                    f"{storyline_label} update {i}",
                    f"{' '.join(words)} latest news {i} here.",
                    f"Outlet {i}",
                ),
            )
            for i in range(n)
        ],
        clock(),
    )


def run_date(job) -> datetime:  # type: ignore[no-untyped-def]
    """When a job is set to run (the scheduler is not started in these tests)."""
    return job.job.trigger.run_date  # type: ignore[no-any-return]


async def run_job(app, scheduler: BriefingScheduler) -> None:  # type: ignore[no-untyped-def]
    job = app.job_queue.get_jobs_by_name(job_id(CHAT))[0]
    await scheduler.run(CallbackContext.from_job(job, app))


async def test_one_scheduled_briefing_per_local_day(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> None:
    clock.set(datetime(2025, 6, 10, 2, 0, tzinfo=UTC))  # 05:00 in Kyiv
    storyline_id = prepare_chat(store, clock)
    label = store.archive.storyline(storyline_id).label  # type: ignore[union-attr]
    app = build_application(settings, store, clock, request=request_recorder)
    scheduler = BriefingScheduler(app, app.bot_data.deps)  # type: ignore[arg-type]
    scheduler.schedule_chat(CHAT)
    job = app.job_queue.get_jobs_by_name(job_id(CHAT))[0]  # type: ignore[union-attr]
    assert run_date(job) == datetime(2025, 6, 10, 4, 30, tzinfo=UTC)  # 07:30 Kyiv (EEST)
    async with app:
        add_news(store, clock, label, 2)
        clock.set(datetime(2025, 6, 10, 4, 30, 5, tzinfo=UTC))
        await run_job(app, scheduler)
        assert len(request_recorder.sent(CHAT)) == 1
        assert "new article" in request_recorder.last_text()
        # The job fires again the same day (a restart, a clock change): nothing more is sent.
        await scheduler.run(CallbackContext.from_job(job, app))
        assert len(request_recorder.sent(CHAT)) == 1
        # The next day, with nothing new and quiet mode on, nothing is sent but it is recorded.
        clock.set(datetime(2025, 6, 11, 4, 30, 5, tzinfo=UTC))
        await run_job(app, scheduler)
        assert len(request_recorder.sent(CHAT)) == 1
        assert store.ledger.scheduled_for(CHAT, "2025-06-11") is not None


async def test_restart_catches_up_within_the_window_only(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> None:
    clock.set(datetime(2025, 6, 10, 2, 0, tzinfo=UTC))
    prepare_chat(store, clock)
    # Down across 07:30 Kyiv; back two hours later: the briefing runs at once.
    clock.set(datetime(2025, 6, 10, 6, 30, tzinfo=UTC))
    app = build_application(settings, store, clock, request=request_recorder)
    job = app.job_queue.get_jobs_by_name(job_id(CHAT))[0]  # type: ignore[union-attr]
    assert run_date(job) <= datetime.now(UTC)
    # Back five hours later instead: skipped, the next one is tomorrow.
    clock.set(datetime(2025, 6, 10, 9, 30, tzinfo=UTC))
    app = build_application(settings, store, clock, request=request_recorder)
    job = app.job_queue.get_jobs_by_name(job_id(CHAT))[0]  # type: ignore[union-attr]
    assert run_date(job) == datetime(2025, 6, 11, 4, 30, tzinfo=UTC)


async def test_blocked_chat_becomes_inactive(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> None:
    clock.set(datetime(2025, 6, 10, 2, 0, tzinfo=UTC))
    storyline_id = prepare_chat(store, clock)
    add_news(store, clock, store.archive.storyline(storyline_id).label, 1)  # type: ignore[union-attr]
    request_recorder.fail_next(CHAT, 403, "Forbidden: bot was blocked by the user")
    app = build_application(settings, store, clock, request=request_recorder)
    scheduler = BriefingScheduler(app, app.bot_data.deps)  # type: ignore[arg-type]
    async with app:
        clock.set(datetime(2025, 6, 10, 4, 31, tzinfo=UTC))
        scheduler.schedule_chat(CHAT)
        # schedule_chat computed tomorrow; run today's due briefing directly.
        await run_job(app, scheduler)
    chat = store.chats.get(CHAT)
    assert chat is not None and not chat.active
    assert app.job_queue.get_jobs_by_name(job_id(CHAT)) == [] or all(  # type: ignore[union-attr]
        j.removed
        for j in app.job_queue.get_jobs_by_name(job_id(CHAT))  # type: ignore[union-attr]
    )
