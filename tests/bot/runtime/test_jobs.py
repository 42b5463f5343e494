"""Scheduled briefings: job callbacks called directly with a fixed clock, never by waiting."""

from __future__ import annotations

import asyncio
import time as time_module
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

import bot.runtime.delivery
import bot.runtime.jobs
from bot.app import build_application
from bot.config import Settings
from bot.runtime.jobs import BRIEFING_JOB, START_JOB
from bot.services import Services
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.sources.demo import demo_drafts
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, run_job

CHAT = 9


def prepare_chat(store: Store, clock: FakeClock, zone: str = "Europe/Kyiv") -> int:
    Ingestor(store.archive).ingest(enumerate(demo_drafts(clock()), 1), clock())
    settings = store.chats.ensure(CHAT, clock())
    store.chats.update(replace(settings, timezone=zone, briefing_times=(time(7, 30),)), clock())
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


def three_chats_due(store: Store, clock: FakeClock) -> None:
    """CHAT, 10 and 11 follow one storyline, which has news; all three are due at 04:30 UTC."""
    clock.set(datetime(2025, 6, 10, 2, 0, tzinfo=UTC))
    storyline_id = prepare_chat(store, clock)
    for chat in (10, 11):
        own = replace(store.chats.ensure(chat, clock()), timezone="Europe/Kyiv")
        store.chats.update(replace(own, briefing_times=(time(7, 30),)), clock())
        store.follows.follow_storyline(chat, storyline_id, clock())
    add_news(store, clock, store.archive.storyline(storyline_id).label, 1)  # type: ignore[union-attr]


async def test_one_scheduled_briefing_per_local_day(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> None:
    clock.set(datetime(2025, 6, 10, 2, 0, tzinfo=UTC))  # 05:00 in Kyiv
    storyline_id = prepare_chat(store, clock)
    label = store.archive.storyline(storyline_id).label  # type: ignore[union-attr]
    app = build_application(Services(settings, store, clock), request=request_recorder)
    assert store.chats.next_briefing(CHAT) == datetime(2025, 6, 10, 4, 30, tzinfo=UTC)  # 07:30
    async with app:
        add_news(store, clock, label, 2)
        clock.set(datetime(2025, 6, 10, 4, 29, 59, tzinfo=UTC))
        await run_job(app, BRIEFING_JOB)
        assert request_recorder.sent(CHAT) == []  # not due yet
        clock.set(datetime(2025, 6, 10, 4, 30, 5, tzinfo=UTC))
        await run_job(app, BRIEFING_JOB)
        assert len(request_recorder.sent(CHAT)) == 1
        assert "new article" in request_recorder.last_text()
        assert store.chats.next_briefing(CHAT) == datetime(2025, 6, 11, 4, 30, tzinfo=UTC)
        # Due again the same day (a restart, a clock change): nothing more is sent.
        store.chats.plan([(CHAT, datetime(2025, 6, 10, 4, 30, tzinfo=UTC))])
        await run_job(app, BRIEFING_JOB)
        assert len(request_recorder.sent(CHAT)) == 1
        # The next day, with nothing new and quiet mode on, nothing is sent but it is recorded.
        clock.set(datetime(2025, 6, 11, 4, 30, 5, tzinfo=UTC))
        await run_job(app, BRIEFING_JOB)
        assert len(request_recorder.sent(CHAT)) == 1
        assert store.ledger.scheduled_for(CHAT, "2025-06-11") is not None


async def test_restart_catches_up_within_the_window_only(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> None:
    clock.set(datetime(2025, 6, 10, 2, 0, tzinfo=UTC))
    prepare_chat(store, clock)
    # Down across 07:30 Kyiv; back two hours later: the briefing is due at once.
    clock.set(datetime(2025, 6, 10, 6, 30, tzinfo=UTC))
    build_application(Services(settings, store, clock), request=request_recorder)
    assert store.chats.next_briefing(CHAT) == datetime(2025, 6, 10, 4, 30, tzinfo=UTC)
    # Back five hours later instead: skipped, the next one is tomorrow.
    clock.set(datetime(2025, 6, 10, 9, 30, tzinfo=UTC))
    build_application(Services(settings, store, clock), request=request_recorder)
    assert store.chats.next_briefing(CHAT) == datetime(2025, 6, 11, 4, 30, tzinfo=UTC)


async def test_blocked_chat_becomes_inactive(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> None:
    clock.set(datetime(2025, 6, 10, 2, 0, tzinfo=UTC))
    storyline_id = prepare_chat(store, clock)
    add_news(store, clock, store.archive.storyline(storyline_id).label, 1)  # type: ignore[union-attr]
    request_recorder.fail_next(CHAT, 403, "Forbidden: bot was blocked by the user")
    app = build_application(Services(settings, store, clock), request=request_recorder)
    async with app:
        clock.set(datetime(2025, 6, 10, 4, 31, tzinfo=UTC))
        await run_job(app, BRIEFING_JOB)
    chat = store.chats.get(CHAT)
    assert chat is not None and not chat.active
    assert store.chats.next_briefing(CHAT) is None


async def test_a_failing_chat_does_not_hold_up_the_others(
    settings: Settings,
    store: Store,
    clock: FakeClock,
    request_recorder: RecordingRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    three_chats_due(store, clock)
    app = build_application(Services(settings, store, clock), request=request_recorder)
    original = bot.runtime.delivery.prepare

    def broken(store, chat_settings, *args, **kwargs):  # type: ignore[no-untyped-def]
        if chat_settings.chat_id == 10:
            raise RuntimeError("a bug")
        return original(store, chat_settings, *args, **kwargs)

    monkeypatch.setattr(bot.runtime.delivery, "prepare", broken)
    async with app:
        clock.set(datetime(2025, 6, 10, 4, 31, tzinfo=UTC))
        await run_job(app, BRIEFING_JOB)
    assert request_recorder.sent(10) == []
    assert len(request_recorder.sent(CHAT)) == 1 and len(request_recorder.sent(11)) == 1
    # Not due again in a loop: its next briefing is tomorrow's (the ledger resumes today's).
    assert store.chats.next_briefing(10) == datetime(2025, 6, 11, 4, 30, tzinfo=UTC)


async def test_a_slow_chat_holds_up_only_its_own_slot(
    settings: Settings,
    store: Store,
    clock: FakeClock,
    request_recorder: RecordingRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    three_chats_due(store, clock)
    app = build_application(Services(settings, store, clock), request=request_recorder)
    monkeypatch.setattr(bot.runtime.jobs, "SWEEP_BATCH", 2)
    release = asyncio.Event()
    original = bot.runtime.delivery.Deliverer.deliver

    async def slow_for_10(self, telegram_bot, chat_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        if chat_id == 10:
            await release.wait()
        return await original(self, telegram_bot, chat_id, *args, **kwargs)

    monkeypatch.setattr(bot.runtime.delivery.Deliverer, "deliver", slow_for_10)
    async with app:
        clock.set(datetime(2025, 6, 10, 4, 31, tzinfo=UTC))
        sweep = asyncio.create_task(run_job(app, BRIEFING_JOB))
        # Chats 9 and 10 take the two slots; 11 goes out once 9 is done, 10 still waiting.
        for _ in range(500):
            if request_recorder.sent(11):
                break
            await asyncio.sleep(0.01)
        assert request_recorder.sent(11) and request_recorder.sent(CHAT)
        assert request_recorder.sent(10) == []
        release.set()
        await asyncio.wait_for(sweep, 10)
    assert len(request_recorder.sent(10)) == 1


async def test_a_blocked_event_loop_delays_the_briefing_but_does_not_lose_it(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> None:
    # APScheduler skips a job more than its grace time late
    # (1 s by default), so a busy event loop would silently lose the minute's briefings.
    three_chats_due(store, clock)
    app = build_application(Services(settings, store, clock), request=request_recorder)
    clock.set(datetime(2025, 6, 10, 4, 31, tzinfo=UTC))
    async with app:
        await app.start()
        scheduler = app.job_queue.scheduler  # type: ignore[union-attr]
        scheduler.remove_job(START_JOB)
        scheduler.get_job(BRIEFING_JOB).modify(
            next_run_time=datetime.now(UTC) + timedelta(seconds=0.2)
        )
        time_module.sleep(2.0)  # noqa: ASYNC251 (the point: the loop is blocked past the job time)
        for _ in range(500):
            if len(request_recorder.sent(11)) == 1:
                break
            await asyncio.sleep(0.01)
        await app.stop()
    assert [len(request_recorder.sent(c)) for c in (CHAT, 10, 11)] == [1, 1, 1]
