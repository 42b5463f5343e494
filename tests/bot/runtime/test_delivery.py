"""Delivery under Telegram's limits and errors, through the recording transport.

Time is virtual: the pacer's clock stands still and its sleeps only record when each send
would happen, so 200 paced sends take no real time.
"""

from __future__ import annotations

import asyncio
import contextvars
from dataclasses import replace
from datetime import UTC, datetime, time

import pytest

from bot.app import NewsApplication, build_application
from bot.config import Settings
from bot.runtime.delivery import Deliverer
from bot.runtime.jobs import BRIEFING_JOB, RESUME_JOB
from bot.runtime.ratelimit import PacedRateLimiter, Pacer
from bot.services import Services
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.sources.demo import demo_drafts
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, run_job

VIRTUAL = contextvars.ContextVar("virtual_time", default=0.0)


@pytest.fixture(autouse=True)
def no_inline_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.runtime.delivery.INLINE_RETRY_PAUSES", (0.0, 0.0))


async def virtual_sleep(seconds: float) -> None:
    VIRTUAL.set(seconds)  # the pacer's clock reads 0, so the wait is the send time
    await asyncio.sleep(0)


def make_app(settings: Settings, store: Store, clock: FakeClock):  # type: ignore[no-untyped-def]
    recorder = RecordingRequest(time_source=VIRTUAL.get)
    limiter = PacedRateLimiter(Pacer(clock=lambda: 0.0), sleep=virtual_sleep)
    app = build_application(
        Services(settings, store, clock), request=recorder, rate_limiter=limiter
    )
    return app, recorder


def setup_chats(store: Store, clock: FakeClock, chat_ids: list[int]) -> int:
    """Chats that follow the demo's strike storyline, then one new article on it."""
    clock.set(datetime(2025, 6, 10, 5, 0, tzinfo=UTC))
    Ingestor(store.archive).ingest(enumerate(demo_drafts(clock()), 1), clock())
    storyline = next(
        s
        for s in store.archive.latest_storylines(10)
        if "Port Aurel" in s.label and s.article_count >= 8
    )
    for chat_id in chat_ids:
        kind = "group" if chat_id < 0 else "private"
        settings = store.chats.ensure(chat_id, clock(), kind)
        store.chats.update(replace(settings, briefing_times=(time(7, 0),)), clock())
        store.follows.follow_storyline(chat_id, storyline.id, clock())
    clock.advance(minutes=10)
    Ingestor(store.archive).ingest(
        [
            (
                1,
                ArticleDraft(
                    "Port Aurel transit union calls new strike vote",
                    "The Port Aurel transit union will hold a new strike vote on Friday. "
                    "Drivers say the city broke the pay deal.",
                    "Civic Ledger",
                    url="https://civic-ledger.example/vote",
                ),
            )
        ],
        clock(),
    )
    clock.set(datetime(2025, 6, 10, 7, 0, 5, tzinfo=UTC))
    return storyline.id


def windows_ok(times: list[float], limit: int, width: float) -> bool:
    times = sorted(times)
    start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= width:
            start += 1
        if end - start + 1 > limit:
            return False
    return True


async def test_200_chats_due_at_once_stay_under_every_limit(
    settings: Settings, store: Store, clock: FakeClock
) -> None:
    chats = list(range(1, 181)) + [-1000 - i for i in range(20)]
    setup_chats(store, clock, chats)
    app, recorder = make_app(settings, store, clock)
    async with app:
        await run_job(app, BRIEFING_JOB)
    sent_to = [chat for _, chat in recorder.send_times]
    assert sorted(sent_to) == sorted(chats)  # every chat once
    times = [t for t, _ in recorder.send_times]
    assert windows_ok(times, 25, 1.0)
    assert max(times) >= 199 / 25 - 0.01  # paced, not bunched
    groups = [t for t, chat in recorder.send_times if chat < 0]
    assert windows_ok(groups, 20 * 60, 60.0)
    # Every chat due again (a restart in the same minute): nothing more is sent.
    store.chats.plan((chat, datetime(2025, 6, 10, 7, 0, tzinfo=UTC)) for chat in chats)
    async with app:
        await run_job(app, BRIEFING_JOB)
    assert len(recorder.send_times) == 200


def test_pacer_spaces_one_chat_and_groups() -> None:
    pacer = Pacer(clock=lambda: 0.0)
    private = [pacer.reserve(5, group=False) for _ in range(3)]
    group = [pacer.reserve(-7, group=True) for _ in range(21)]
    assert private[1] - private[0] >= 1.0 and private[2] - private[1] >= 1.0
    assert windows_ok(group, 20, 60.0)
    pacer.pause(10)
    assert pacer.reserve(6, group=False) >= 10.0


@pytest.mark.parametrize(
    ("status", "description", "params", "ledger_status", "active", "retried"),
    [
        (429, "Too Many Requests: retry after 3", {"retry_after": 3}, "sent", True, True),
        (429, "Too Many Requests: retry after 600", {"retry_after": 600}, "deferred", True, False),
        (403, "Forbidden: bot was blocked by the user", {}, "blocked", False, False),
        (400, "Bad Request: chat not found", {}, "blocked", False, False),
        (0, "", {}, "unknown", True, False),
        (-1, "", {}, "sent", True, True),  # never left: retried inline
        (-1, "", {"repeat": 3}, "deferred", True, False),
        (502, "Bad Gateway", {}, "sent", True, True),  # retried inline once
        (503, "Service Unavailable", {"repeat": 3}, "deferred", True, False),
        (400, "Bad Request: can't parse entities: unsupported start tag", {}, "sent", True, True),
    ],
)
async def test_send_errors_end_in_the_documented_state(
    settings: Settings,
    store: Store,
    clock: FakeClock,
    status: int,
    description: str,
    params: dict[str, int],
    ledger_status: str,
    active: bool,
    retried: bool,
) -> None:
    setup_chats(store, clock, [11])
    app, recorder = make_app(settings, store, clock)
    for _ in range(params.pop("repeat", 1)):
        recorder.fail_next(11, status, description, **params)
    async with app:
        outcome = await deliverer(app).deliver(app.bot, 11, "scheduled", clock(), "2025-06-10")
    assert outcome.status == ledger_status
    chat = store.chats.get(11)
    assert chat is not None and chat.active is active
    assert (len(recorder.sent(11)) == 1) is retried
    delivery = store.ledger.scheduled_for(11, "2025-06-10")
    assert delivery is not None and delivery.status == ledger_status
    if status == 429 and retried:
        assert recorder.send_times[-1][0] >= 3.0  # waited out retry_after


async def test_deferred_delivery_is_resumed_once(
    settings: Settings, store: Store, clock: FakeClock
) -> None:
    setup_chats(store, clock, [12])
    app, recorder = make_app(settings, store, clock)
    for _ in range(3):  # the first try and both inline retries
        recorder.fail_next(12, 502, "Bad Gateway")
    async with app:
        first = await deliverer(app).deliver(app.bot, 12, "scheduled", clock(), "2025-06-10")
        assert first.status == "deferred"
        await run_job(app, RESUME_JOB)
        assert recorder.sent(12) == []  # not due yet
        clock.advance(minutes=2)
        await run_job(app, RESUME_JOB)
        await run_job(app, RESUME_JOB)
    assert len(recorder.sent(12)) == 1
    delivery = store.ledger.scheduled_for(12, "2025-06-10")
    assert delivery is not None and delivery.status == "sent"


async def test_group_migration_moves_follows_and_resends_there(
    settings: Settings, store: Store, clock: FakeClock
) -> None:
    storyline_id = setup_chats(store, clock, [-500])
    app, recorder = make_app(settings, store, clock)
    recorder.fail_next(
        -500,
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-100500,
    )
    async with app:
        outcome = await deliverer(app).deliver(app.bot, -500, "scheduled", clock(), "2025-06-10")
    assert outcome.status == "sent"
    assert len(recorder.sent(-100500)) == 1
    assert [f.storyline_id for f in store.follows.for_chat(-100500)] == [storyline_id]
    assert store.follows.for_chat(-500) == []
    assert store.ledger.scheduled_for(-100500, "2025-06-10") is not None


async def test_crash_after_a_send_resends_at_most_that_part(
    settings: Settings, store: Store, clock: FakeClock
) -> None:
    setup_chats(store, clock, [13])
    # A crash after claiming and composing but before recording the send leaves it pending.
    claim = store.ledger.claim(13, "scheduled", clock(), clock(), "2025-06-10")
    assert claim is not None
    app, recorder = make_app(settings, store, clock)
    # Due now: the start-up plan does not know the day was claimed by a crashed run.
    store.chats.plan([(13, datetime(2025, 6, 10, 7, 0, tzinfo=UTC))])
    async with app:
        await run_job(app, RESUME_JOB)
        await run_job(app, RESUME_JOB)
        # The briefing job for today finds the day already claimed.
        await run_job(app, BRIEFING_JOB)
    assert len(recorder.sent(13)) == 1
    assert "new article" in str(recorder.sent(13)[0].params["text"])


def deliverer(app: NewsApplication) -> Deliverer:
    deps = app.bot_data.deps
    assert deps is not None and isinstance(deps.deliverer, Deliverer)
    return deps.deliverer
