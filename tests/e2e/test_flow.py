"""A reader's whole path through the running bot: /start, search, Follow, settings, briefing."""

from __future__ import annotations

import signal
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
CHAT = 7


def replies(api: FakeBotApi, count: int) -> list[dict]:  # type: ignore[type-arg]
    sent = api.wait_for("sendMessage", count=count)
    assert len(sent) >= count, [s.get("text", "")[:80] for s in sent]
    return sent


def test_start_search_follow_settings_then_the_briefing_arrives(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    now = datetime.now(UTC)
    store = Store(db)
    Ingestor(store.archive).ingest(
        enumerate(demo_drafts(now - timedelta(hours=1)), 1), now - timedelta(hours=1)
    )
    store.close()
    with FakeBotApi() as api:
        process = start(api, db)
        try:
            api.send_text(CHAT, "/start")
            assert "Welcome" in replies(api, 1)[0]["text"]
            api.send_text(CHAT, "/search transit strike")
            result = replies(api, 2)[1]
            assert "Port Aurel" in result["text"]
            follow = next(
                b["callback_data"]
                for row in result["reply_markup"]["inline_keyboard"]
                for b in row
                if b["text"].startswith("➕ Follow")
            )
            api.press(CHAT, follow)
            assert "Following" in replies(api, 3)[2]["text"]
            assert api.wait_for("answerCallbackQuery")
            due = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%H:%M")
            api.send_text(CHAT, f"/settings time {due}")
            assert "Saved" in replies(api, 4)[3]["text"]
        finally:
            stop(process)
        storyline_id = int(follow.split(":")[1])
        store = Store(db)
        label = store.archive.storyline(storyline_id).label  # type: ignore[union-attr]
        Ingestor(store.archive).ingest(
            [
                (
                    1,
                    ArticleDraft(
                        f"{label}: drivers vote on new action",
                        "Port Aurel transit drivers voted on Friday on new strike action. "
                        "The transit union will announce the result on Monday.",
                        "Civic Ledger",
                        url="https://civic-ledger.example/vote",
                    ),
                )
            ],
            datetime.now(UTC),
        )
        store.close()
        # Down across the briefing time: the restart sends it (catch-up window).
        process = start(api, db)
        try:
            briefing = replies(api, 5)[4]["text"]
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=60)
    assert "Your briefing" in briefing and "1 new article from 1 source" in briefing
