"""A handler that fails: the person gets one line, the log the traceback, the bot goes on."""

from __future__ import annotations

import logging

import pytest

import handlers.follow
from bot.app import build_application
from bot.config import Settings
from bot.services import Services
from handlers.errors import SOMETHING_WRONG
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message
from tests.handlers.test_chat import send


async def test_a_failing_handler_answers_one_line_and_logs_the_traceback(
    settings: Settings,
    store: Store,
    clock: FakeClock,
    request_recorder: RecordingRequest,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("a bug in /following")

    monkeypatch.setattr(handlers.follow, "following_command", broken)
    app = build_application(Services(settings, store, clock), request=request_recorder)
    async with app:
        with caplog.at_level(logging.ERROR, logger="handlers.errors"):
            await send(app, message("/following"))
        assert request_recorder.last_text() == SOMETHING_WRONG
        (record,) = [r for r in caplog.records if r.name == "handlers.errors"]
        assert record.getMessage() == "handling the command /following failed"
        assert record.exc_info is not None and "a bug in /following" in str(record.exc_info[1])
        await send(app, message("/follow harbour strike"))  # the next update as usual
        assert "harbour strike" in request_recorder.last_text()
