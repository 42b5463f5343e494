"""Failure scenarios on receiving and storage that other tests do not already cover."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.services import Services
from news.ingest import Ingestor
from news.records import ArticleDraft, FetchResult
from storage.store import Store
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message

ROOT = Path(__file__).resolve().parents[1]


class SlowFetcher:
    async def fetch(self, url: str, headers: Any = None) -> FetchResult:
        await asyncio.sleep(3)
        return FetchResult(url, 404, {}, b"")


async def test_one_slow_command_does_not_hold_up_other_chats(
    settings: Settings, store: Store, clock: FakeClock
) -> None:
    """Scenario 16: a page fetch for one chat; another chat is answered within a second."""
    recorder = RecordingRequest()
    app = build_application(
        Services(settings, store, clock, fetcher=SlowFetcher()), request=recorder
    )  # type: ignore[arg-type]
    async with app:
        await app.start()
        await app.update_queue.put(
            Update.de_json(message("/ingest https://slow.example/x", chat_id=42), app.bot)
        )
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await app.update_queue.put(Update.de_json(message("/help", chat_id=8), app.bot))
        while not recorder.sent(8) and time.monotonic() - started < 3:  # noqa: ASYNC110 (polling a recorder)
            await asyncio.sleep(0.02)
        answered = time.monotonic() - started
        await app.stop()
    assert recorder.sent(8) and answered < 1.0


def test_updates_queued_while_down_are_each_handled_once(tmp_path: Path) -> None:
    """Scenario 12: messages sent while the bot was down are answered once after start."""
    from tests.fakes.process import start_bot as start
    from tests.fakes.process import stop_bot as stop

    with FakeBotApi() as api:
        for chat in (31, 32, 33):
            api.send_text(chat, "/help")
        process = start(api, tmp_path / "bot.db")
        try:
            assert api.wait_until(lambda: len(api.delivered) == 3, timeout=30)
            time.sleep(1.5)  # more getUpdates rounds: nothing is handled twice
        finally:
            stop(process)
    assert {chat: len(texts) for chat, texts in api.delivered.items()} == {31: 1, 32: 1, 33: 1}


async def test_ingest_and_chat_writes_at_once_never_see_a_locked_database(
    settings: Settings, store: Store, clock: FakeClock
) -> None:
    """Scenario 23: a big import in a thread while chats follow topics on the event loop."""
    recorder = RecordingRequest()
    app = build_application(Services(settings, store, clock), request=recorder)
    drafts = [
        (
            i,
            ArticleDraft(
                f"Harbour report {i} from Kelvik",
                f"Kelvik harbour works, part {i}. " * 20,
                f"Outlet {i % 7}",
            ),
        )
        for i in range(600)
    ]
    async with app:
        importing = asyncio.create_task(
            asyncio.to_thread(Ingestor(store.archive).ingest, drafts, datetime.now(UTC))
        )
        for chat in range(100, 140):
            await app.process_update(
                Update.de_json(message("/follow harbour works", chat_id=chat), app.bot)
            )
        report = await importing
    assert report.imported == 600
    assert len(recorder.sent()) == 40
    assert all("Following the topic" in str(call.params["text"]) for call in recorder.sent())


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, UTC
    from news.ingest import Ingestor
    from news.records import ArticleDraft
    from storage.store import Store
    store = Store(sys.argv[1])
    ingestor = Ingestor(store.archive)
    for i in range(100000):
        draft = ArticleDraft(f"Report {i}", f"Kelvik harbour works report number {i}.", "Wire",
                             external_id=f"w{i}")
        ingestor.ingest([(1, draft)], datetime.now(UTC))
        print(f"w{i}", flush=True)  # acknowledged: committed before this line
    """
)


def test_sigkill_during_writes_keeps_every_acknowledged_commit(tmp_path: Path) -> None:
    """Scenario 24: kill -9 while writing; the database is sound and nothing acknowledged lost."""
    db = tmp_path / "kill.db"
    Store(db).close()
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
    )
    acknowledged: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 20
    while len(acknowledged) < 150 and time.monotonic() < deadline:
        acknowledged.append(process.stdout.readline().strip())
    process.kill()
    process.wait(timeout=10)
    process.stdout.close()
    store = Store(db)
    try:
        assert store.db.check() == []
        stored = {row[0] for row in store.db.execute("SELECT external_id FROM articles").fetchall()}
    finally:
        store.close()
    assert len(acknowledged) >= 150
    assert set(acknowledged) <= stored


def test_backup_during_writes_is_sound(tmp_path: Path) -> None:
    """Scenario 25: an online backup taken while another thread writes."""
    store = Store(tmp_path / "live.db")
    stop = threading.Event()

    def write() -> None:
        ingestor = Ingestor(store.archive)
        i = 0
        while not stop.is_set():
            ingestor.ingest(
                [(1, ArticleDraft(f"Live {i}", f"Kelvik live report {i}.", "Wire"))],
                datetime.now(UTC),
            )
            i += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        time.sleep(0.3)
        store.db.backup(tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join()
    copy = Store(tmp_path / "copy.db")
    try:
        assert copy.db.check() == []
        assert copy.archive.article_count() > 0
    finally:
        copy.close()
        store.close()
