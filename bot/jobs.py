"""Scheduled briefings on PTB's JobQueue: one job per chat, rebuilt from SQLite at start."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram.error import TelegramError

from handlers.context import BotContext, Deps
from handlers.delivery import deliver, resume
from news.models import ChatSettings
from news.schedule import latest_due, next_due
from storage.store import Store

if TYPE_CHECKING:
    from telegram.ext import Application

log = logging.getLogger(__name__)

# APScheduler skips a job that starts later than its grace time (1 s by default), which a busy
# event loop easily causes (PTB #3642). A late briefing is better than a lost one.
MISFIRE_GRACE = timedelta(hours=1)


RESUME_JOB = "deliveries:resume"
RESUME_INTERVAL = 60.0


def job_id(chat_id: int) -> str:
    return f"briefing:{chat_id}"


class BriefingScheduler:
    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any], deps: Deps) -> None:
        self.application = application
        self.deps = deps

    def rebuild(self) -> None:
        """One job per chat that follows something; missed briefings within the window run now.

        Also a job that resumes deliveries left unfinished (deferred, or pending after a crash).
        """
        queue = self.application.job_queue
        if queue is not None:
            queue.run_repeating(
                self.resume_unfinished,
                interval=RESUME_INTERVAL,
                first=1.0,
                name=RESUME_JOB,
                job_kwargs={"id": RESUME_JOB, "replace_existing": True, "coalesce": True},
            )
        now = self.deps.clock()
        chats = self.deps.store.chats.scheduled()
        for settings in chats:
            latest = latest_due(settings, now)
            if latest is not None:
                day, due = latest
                missed = self.deps.store.ledger.scheduled_for(settings.chat_id, day.isoformat())
                if missed is None and now - due <= self.deps.catchup_window:
                    self._add(settings.chat_id, 0.0)
                    continue
            # Added, not looked up first: there is nothing to replace at start, and a lookup
            # before the scheduler runs scans its pending jobs (quadratic in the chats). The
            # chats are active and follow something: `scheduled()` chose them so.
            _, due = next_due(settings, now)
            self._add(settings.chat_id, due)
        log.info("briefing schedules rebuilt for %d chats", len(chats))

    async def resume_unfinished(self, context: BotContext) -> None:
        """Resume deferred deliveries now due, and pending ones no task of ours is sending."""
        deps = self.deps
        waiting = [
            d for d in deps.store.ledger.unfinished(deps.clock()) if d.id not in deps.in_flight
        ]
        # All at once: the rate limiter queues them at the allowed pace.
        outcomes = await asyncio.gather(*(resume(context.bot, deps, d) for d in waiting))
        for delivery, outcome in zip(waiting, outcomes, strict=True):
            log.info(
                "resumed delivery %s to chat %s: %s", delivery.id, delivery.chat_id, outcome.status
            )

    def schedule_chat(self, chat_id: int) -> None:
        """(Re)schedule a chat's next briefing, or drop its job when it follows nothing."""
        queue = self.application.job_queue
        if queue is None:
            return
        # By id, not by name: PTB's get_jobs_by_name lists every job.
        queued = queue.scheduler.get_job(job_id(chat_id))
        if queued is not None:
            queued.remove()
        settings = self.deps.store.chats.get(chat_id)
        if settings is not None:
            self._schedule(settings)

    def _schedule(self, settings: ChatSettings) -> None:
        """Add the chat's next briefing, if it is active and follows something."""
        chat_id = settings.chat_id
        if not settings.active or not self.deps.store.follows.for_chat(chat_id):
            return
        _, due = next_due(settings, self.deps.clock())
        self._add(chat_id, due)

    def _add(self, chat_id: int, when: object) -> None:
        queue = self.application.job_queue
        if queue is None:
            return
        queue.run_once(
            self.run,
            when=when,  # type: ignore[arg-type]
            data=chat_id,
            name=job_id(chat_id),
            job_kwargs={
                "id": job_id(chat_id),
                "replace_existing": True,
                "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
                "coalesce": True,
            },
        )

    async def run(self, context: BotContext) -> None:
        """The job: deliver the briefing due now (once per local date), then schedule the next."""
        job = context.job
        if job is None or not isinstance(job.data, int):
            return
        chat_id = job.data
        deps = self.deps
        now = deps.clock()
        settings = deps.store.chats.get(chat_id)
        if settings is not None and settings.active:
            latest = latest_due(settings, now)
            if latest is not None and now - latest[1] <= deps.catchup_window:
                day, _ = latest
                outcome = await deliver(
                    context.bot, deps, chat_id, "scheduled", now, local_date=day.isoformat()
                )
                log.info("scheduled briefing for chat %s (%s): %s", chat_id, day, outcome.status)
        self.schedule_chat(chat_id)


POLL_JOB = "feeds:poll"
POLL_EVERY = 60.0  # seconds between looks for due feeds; each feed has its own interval


def schedule_feed_polling(
    application: Application[Any, Any, Any, Any, Any, Any], deps: Deps
) -> None:
    """A job that polls the feeds that are due and tells admins about feeds given up on."""
    queue = application.job_queue
    if queue is None or deps.poller is None:
        return

    async def poll(context: BotContext) -> None:
        assert deps.poller is not None
        reports = await deps.poller.poll_due()
        if reports:
            imported = sum(r.imported for r in reports)
            log.info("polled %d feeds: %d new articles", len(reports), imported)
        for report in reports:
            if report.deactivated:
                for admin in deps.admin_ids:
                    try:
                        await context.bot.send_message(
                            admin,
                            f"⚠️ Feed {report.feed.id} stopped: {report.line()}"[:4000],
                            parse_mode=None,
                        )
                    except TelegramError as exc:
                        log.warning(
                            "could not tell admin %s about feed %s: %s", admin, report.feed.id, exc
                        )

    queue.run_repeating(
        poll,
        interval=POLL_EVERY,
        first=5.0,
        name=POLL_JOB,
        job_kwargs={"id": POLL_JOB, "replace_existing": True, "coalesce": True, "max_instances": 1},
    )


BACKUP_JOB = "database:backup"


def backup_now(store: Store, folder: Path, keep: int, now: datetime) -> Path:
    """An online backup into `folder`, integrity-checked; only the newest `keep` are kept."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"newsbrief-{now:%Y%m%d-%H%M%S}.db"
    store.db.backup(target)
    copy = Store(target)
    try:
        problems = copy.db.check()
    finally:
        copy.close()
    if problems:
        target.unlink(missing_ok=True)
        raise RuntimeError(f"backup failed its integrity check: {problems[0]}")
    for old in sorted(folder.glob("newsbrief-*.db"))[:-keep]:
        old.unlink(missing_ok=True)
    return target


def schedule_backups(
    application: Application[Any, Any, Any, Any, Any, Any],
    deps: Deps,
    folder: Path,
    every: timedelta,
    keep: int,
) -> None:
    queue = application.job_queue
    if queue is None:
        return

    async def backup(context: BotContext) -> None:
        try:
            target = await asyncio.to_thread(backup_now, deps.store, folder, keep, deps.clock())
        except (OSError, RuntimeError, sqlite3.Error) as exc:
            log.error("database backup failed: %s", exc)
            return
        log.info("database backed up to %s", target)

    queue.run_repeating(
        backup,
        interval=every,
        first=60.0,
        name=BACKUP_JOB,
        job_kwargs={"id": BACKUP_JOB, "replace_existing": True, "coalesce": True},
    )
