"""The whole bot as its own process against the fake Bot API: broadcasts, faults, SIGKILL.

Chats are seeded with a briefing due a minute ago, so `newsbrief run` sends them at once
through its catch-up path (the same job and delivery code as any scheduled briefing).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.sources.demo import demo_drafts
from storage.store import Store
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.process import start_bot as start
from tests.fakes.process import stop_bot as stop

pytestmark = pytest.mark.e2e


def seed(db: Path, chats: int | Callable[[Store], list[tuple[int, str]]]) -> None:
    """Chats (1..`chats`, or the (id, type) pairs `chats` makes in the store) following one
    storyline, each due a briefing a minute ago, with news."""
    now = datetime.now(UTC)
    store = Store(db)
    destinations = (
        [(chat_id, "private") for chat_id in range(1, chats + 1)]
        if isinstance(chats, int)
        else chats(store)
    )
    Ingestor(store.archive).ingest(
        enumerate(demo_drafts(now - timedelta(hours=2)), 1), now - timedelta(hours=2)
    )
    storyline = next(s for s in store.archive.latest_storylines(10) if s.article_count >= 8)
    due = (now - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    with store.db.writing():
        for chat_id, kind in destinations:
            settings = store.chats.ensure(chat_id, now - timedelta(hours=1), kind)
            store.chats.update(replace(settings, briefing_times=(due,)), now - timedelta(hours=1))
            store.follows.follow_storyline(chat_id, storyline.id, now - timedelta(hours=1))
    Ingestor(store.archive).ingest(
        [
            (
                1,
                ArticleDraft(
                    f"{storyline.label}: new developments",
                    f"{storyline.label}. Officials gave an update on Tuesday.",
                    "Civic Ledger",
                    url="https://civic-ledger.example/update",
                ),
            )
        ],
        now - timedelta(minutes=30),
    )
    store.close()


def test_1000_chats_due_at_once_each_get_one_briefing_within_the_limits(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    seed(db, 1000)
    with FakeBotApi(enforce_limits=True) as api:
        started = time.monotonic()
        process = start(api, db)
        try:
            assert api.wait_until(lambda: len(api.delivered) >= 1000, timeout=150)
            seconds = time.monotonic() - started
            time.sleep(1.0)
        finally:
            stop(process)
    counts = [len(api.delivered[c]) for c in range(1, 1001)]
    print(
        f"\n1000 chats: delivered to {sum(1 for c in counts if c)}, duplicates "
        f"{sum(c - 1 for c in counts if c > 1)}, 429s {api.limit_violations}, {seconds:.1f} s"
    )
    assert counts == [1] * 1000
    assert api.limit_violations == 0
    assert all("new article" in api.delivered[c][0] for c in (1, 500, 1000))


def test_random_faults_still_deliver_every_briefing(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    seed(db, 300)
    with FakeBotApi(fault_rate=0.10, seed=7) as api:
        process = start(api, db)
        try:
            assert api.wait_until(lambda: len(api.delivered) >= 300, timeout=150), (
                f"{len(api.delivered)} of 300 delivered"
            )
            time.sleep(1.0)
        finally:
            stop(process)
    counts = [len(api.delivered[c]) for c in range(1, 301)]
    print(
        f"\n300 chats with 10% faults {dict(api.faults)}: delivered to "
        f"{sum(1 for c in counts if c)}, duplicates {sum(c - 1 for c in counts if c > 1)}"
    )
    assert min(counts) == 1 and max(counts) == 1  # timeouts are not resent blindly


def test_sigkill_mid_broadcast_then_restart_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    seed(db, 300)
    with FakeBotApi(enforce_limits=True) as api:
        process = start(api, db)
        assert api.wait_until(lambda: len(api.delivered) >= 100, timeout=120)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        before = len(api.delivered)
        process = start(api, db)
        try:
            assert api.wait_until(lambda: len(api.delivered) >= 300, timeout=150)
            time.sleep(2.0)
        finally:
            stop(process)
    counts = [len(api.delivered[c]) for c in range(1, 301)]
    duplicates = sum(c - 1 for c in counts if c > 1)
    print(
        f"\nSIGKILL after {before} chats: delivered to {sum(1 for c in counts if c)} of 300, "
        f"duplicates {duplicates}"
    )
    assert min(counts) == 1
    assert max(counts) <= 2  # at most the one in flight when killed, per chat
    check = Store(db)
    assert check.db.check() == []
    check.close()


def test_scripted_errors_over_http_end_in_the_documented_states(tmp_path: Path) -> None:
    """403, 400 migrate, 429, 5xx, a hang and a dropped connection, through real HTTP."""
    from tests.fakes.bot_api import DROP, HANG

    db = tmp_path / "bot.db"
    seed(db, 6)
    store = Store(db)
    store.chats.ensure(-6, datetime.now(UTC) - timedelta(hours=1), "group")
    with store.db.writing():
        store.db.execute("UPDATE follows SET chat_id = -6 WHERE chat_id = 6")
        store.db.execute(
            "UPDATE chats SET briefing_time = (SELECT briefing_time FROM chats WHERE id = 1) "
            "WHERE id = -6"
        )
    store.close()
    with FakeBotApi() as api:
        api.script(1, (403, "Forbidden: bot was blocked by the user", {}))
        api.script(2, (429, "Too Many Requests: retry after 1", {"retry_after": 1}))
        api.script(3, (502, "Bad Gateway", {}))
        api.script(4, HANG)
        api.script(5, DROP)
        api.script(
            -6,
            (
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": -1006},
            ),
        )
        process = start(api, db)
        try:
            assert api.wait_until(
                lambda: all(api.delivered.get(c) for c in (2, 3, 5, -1006)), timeout=60
            ), dict(api.delivered)
            time.sleep(9)  # the hang passes PTB's read timeout
        finally:
            stop(process)
    store = Store(db)
    try:
        status = {
            row["chat_id"]: row["status"]
            for row in store.db.query("SELECT chat_id, status FROM deliveries")
        }
        chat1 = store.chats.get(1)
        follows = store.follows.for_chat(-1006)
    finally:
        store.close()
    assert status[1] == "blocked" and chat1 is not None and not chat1.active
    assert status[2] == "sent" and status[3] == "sent" and status[5] == "sent"
    assert status[4] == "unknown" and not api.delivered.get(4)  # not resent blindly
    assert status[-1006] == "sent" and follows
