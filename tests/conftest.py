"""Shared fixtures: a store on a real SQLite file, a settable clock, the app on a fake Bot API."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

# PTB 22 warns on RetryAfter.retry_after unless it may return a timedelta (its future type).
os.environ["PTB_TIMEDELTA"] = "1"
# Words alone unless a test asks for the model: it costs tens of milliseconds an article, and the
# tests that need meaning load it themselves (tests/bot/test_embeddings.py, tests/e2e).
os.environ.setdefault("NEWSBRIEF_EMBEDDINGS", "off")

from bot.app import NewsApplication, build_application
from bot.config import Settings
from bot.services import Services
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest
from tests.fakes.web import WebServer

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"{SHARED_DATA} is absent (the project's shared data sets live beside the repo)"
        )
    return SHARED_DATA


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 6, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "test.db", "UTC")
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # No inbound limit: handler tests send updates back to back (see tests/handlers/test_flood.py).
    return Settings(db_path=str(tmp_path / "test.db"), admin_ids=frozenset({42}), chat_burst=0)


@pytest.fixture
def request_recorder() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def app(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> AsyncIterator[NewsApplication]:
    application = build_application(Services(settings, store, clock), request=request_recorder)
    async with application:
        yield application


__all__ = ["SHARED_DATA", "timedelta"]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder, and none of the settings a developer's shell may hold."""
    monkeypatch.chdir(tmp_path)
    for name in ("NEWSBRIEF_DB", "NEWSBRIEF_TELEGRAM_TOKEN", "NEWSBRIEF_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def web() -> Iterator[WebServer]:
    """A local web server; its routes are set by each test."""
    with WebServer() as server:
        yield server
