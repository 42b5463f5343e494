"""The polling job: admins hear when a feed is given up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.adapters.fetcher import SafeFetcher
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.web import LOOPBACK, WebServer


async def test_admins_hear_when_a_feed_is_given_up(
    settings,
    store: Store,
    web: WebServer,  # type: ignore[no-untyped-def]
) -> None:
    from telegram.ext import CallbackContext

    from bot.app import build_application
    from bot.runtime.jobs import POLL_JOB
    from bot.services import Services
    from tests.fakes.telegram import RecordingRequest

    clock = FakeClock(datetime(2025, 6, 10, 8, tzinfo=UTC))
    web.routes["/gone"] = lambda h: (410, {}, b"")
    store.feeds.add(web.url("/gone"), timedelta(minutes=15), clock())
    recorder = RecordingRequest()
    app = build_application(
        Services(settings, store, clock, fetcher=SafeFetcher(allow=LOOPBACK)), request=recorder
    )
    async with app:
        (job,) = app.job_queue.get_jobs_by_name(POLL_JOB)  # type: ignore[union-attr]
        await job.callback(CallbackContext.from_job(job, app))
    (notice,) = recorder.sent(42)
    assert "stopped" in str(notice.params["text"]) and "410" in str(notice.params["text"])
