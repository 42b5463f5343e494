"""Scheduled briefings on PTB's JobQueue: each minute one job briefs the chats now due.

When each chat's next briefing is due is kept in SQLite (`chats.next_briefing_at`), so the
scheduler holds a handful of jobs whatever the number of chats.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import Bot
from telegram.error import TelegramError

from bot.runtime.delivery import Deliverer
from handlers.context import BotContext, Deps
from news.briefings.schedule import latest_due, next_due
from news.records import ChatSettings
from storage.chats import BEFORE_ANY_CHAT
from storage.store import Store

if TYPE_CHECKING:
    from telegram.ext import Application

log = logging.getLogger(__name__)

# APScheduler skips a job that starts later than its grace time (1 s by default), which a busy
# event loop easily causes (PTB #3642). A late briefing is better than a lost one.
MISFIRE_GRACE = timedelta(hours=1)


RESUME_JOB = "deliveries:resume"
RESUME_INTERVAL = 60.0

BRIEFING_JOB = "briefings:due"
START_JOB = "briefings:at-start"
# Chats briefed at once: their deliveries wait on the rate limiter together, and each holds
# its composed briefing until sent.
SWEEP_BATCH = 256
PLAN_BATCH = 1000


class BriefingScheduler:
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        deps: Deps,
        deliverer: Deliverer,
    ) -> None:
        self.application = application
        self.deps = deps
        self.deliverer = deliverer
        self.sweeping = False

    def rebuild(self) -> None:
        """Plan every chat's next briefing and start the jobs: one that briefs the chats due,
        at the start of each minute (and once right away, for briefings missed while down),
        and one that resumes deliveries left unfinished (deferred, or pending after a crash).
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
            grace = int(MISFIRE_GRACE.total_seconds())
            queue.run_once(
                self.sweep,
                when=1.0,
                name=START_JOB,
                job_kwargs={"id": START_JOB, "replace_existing": True, "misfire_grace_time": grace},
            )
            queue.run_repeating(
                self.sweep,
                interval=60.0,
                # On the minute: a briefing set for 07:30 goes out at 07:30, not up to a
                # minute later.
                first=60.0 - time.time() % 60.0,
                name=BRIEFING_JOB,
                job_kwargs={
                    "id": BRIEFING_JOB,
                    "replace_existing": True,
                    "coalesce": True,
                    "misfire_grace_time": grace,
                    # A broadcast to many chats outlasts the minute; the next minute's run
                    # then returns at once, rather than APScheduler warning it was skipped.
                    "max_instances": 2,
                },
            )
        self.plan_all()

    def plan_all(self) -> None:
        """Each chat's next briefing, worked out again at start (settings may have been
        changed while the bot was down): a briefing missed within the catch-up window and
        not yet delivered is due now; otherwise the next one. Chats are read a page at a
        time, so memory does not grow with their number."""
        store = self.deps.store
        now = self.deps.clock()
        with store.db.writing():
            store.chats.forget_plans()
            after, planned = BEFORE_ANY_CHAT, 0
            while page := store.chats.scheduled(after, PLAN_BATCH):
                store.chats.plan((s.chat_id, self._first_due(s, now)) for s in page)
                after, planned = page[-1].chat_id, planned + len(page)
        log.info("briefings planned for %d chats", planned)

    def _first_due(self, settings: ChatSettings, now: datetime) -> datetime:
        latest, ledger = latest_due(settings, now), self.deps.store.ledger
        if (
            latest is not None
            and now - latest.at <= self.deps.catchup_window
            and ledger.scheduled_for(settings.chat_id, latest.key) is None
        ):
            return latest.at
        return next_due(settings, now).at

    async def sweep(self, context: BotContext) -> None:
        """The job: brief every chat now due, up to SWEEP_BATCH at once, until none is left.

        Chats are read a page at a time after the last one taken (by due time, then id), so a
        chat still being briefed, or whose briefing failed, is not taken twice; a slow chat
        holds up only its own slot.
        """
        if self.sweeping:  # the start-up run and the minute's run met: one is enough
            return
        self.sweeping = True
        slots = asyncio.Semaphore(SWEEP_BATCH)
        running: set[asyncio.Task[None]] = set()

        async def brief(settings: ChatSettings) -> None:
            try:
                await self.brief(context.bot, settings)
            except Exception as exc:  # one chat's failure must not stop the others
                log.error("scheduled briefing for chat %s failed: %r", settings.chat_id, exc)
            finally:
                slots.release()

        try:
            after: tuple[datetime, int] | None = None
            while page := self.deps.store.chats.due(self.deps.clock(), SWEEP_BATCH, after):
                for _, settings in page:
                    await slots.acquire()
                    task = asyncio.create_task(brief(settings))
                    running.add(task)
                    task.add_done_callback(running.discard)
                after = page[-1][0], page[-1][1].chat_id
            await asyncio.gather(*running)
        finally:
            self.sweeping = False

    async def brief(self, bot: Bot, settings: ChatSettings) -> None:
        """Deliver the chat's briefing due now (once per local date), then plan its next."""
        deps = self.deps
        chat_id = settings.chat_id
        now = deps.clock()
        try:
            latest = latest_due(settings, now)
            if settings.active and latest is not None and now - latest.at <= deps.catchup_window:
                outcome = await self.deliverer.deliver(
                    bot, chat_id, "scheduled", now, local_date=latest.key
                )
                log.info(
                    "scheduled briefing for chat %s (%s): %s", chat_id, latest.key, outcome.status
                )
        finally:
            # Even when the delivery failed: the ledger resumes it, and the chat must not be
            # due again in this sweep.
            deps.subscriptions.replan(chat_id)

    async def resume_unfinished(self, context: BotContext) -> None:
        """Resume deferred deliveries now due, and pending ones no task of ours is sending."""
        deps, deliverer = self.deps, self.deliverer
        waiting = [
            d for d in deps.store.ledger.unfinished(deps.clock()) if d.id not in deliverer.in_flight
        ]
        # All at once: the rate limiter queues them at the allowed pace.
        outcomes = await asyncio.gather(*(deliverer.resume(context.bot, d) for d in waiting))
        for delivery, outcome in zip(waiting, outcomes, strict=True):
            log.info(
                "resumed delivery %s to chat %s: %s", delivery.id, delivery.chat_id, outcome.status
            )


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
    problems = store.backup(target)
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
