"""Counts as a person writes them: "1 mute", "2 follows", never "mute(s)"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import NewsApplication
from handlers.wording import ago, in_words, plural
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message
from tests.handlers.test_chat import CHAT, send


async def test_unmuting_and_unfollowing_everything_count_in_words(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    await send(app, message("/mute word quake"))
    await send(app, message("/unmute all"))
    assert request_recorder.last_text() == "Unmuted everything (1 mute)."
    store.chats.ensure(CHAT, clock())
    store.follows.follow_topic(CHAT, "dam", clock())
    store.follows.follow_topic(CHAT, "quake", clock())
    await send(app, message("/unfollow all"))
    assert request_recorder.last_text() == "Stopped following everything (2 follows)."
    await send(app, message("/stop"))
    assert request_recorder.last_text().startswith("Stopped. I removed 0 follows ")
    assert "(s)" not in request_recorder.last_text()


@pytest.mark.parametrize(
    ("count", "word", "text"), [(0, "day", "0 days"), (1, "day", "1 day"), (4, "day", "4 days")]
)
def test_plural(count: int, word: str, text: str) -> None:
    assert plural(count, word) == text


def test_small_numbers_in_words_and_times_ago(clock: FakeClock) -> None:
    assert [in_words(n) for n in (1, 4, 12)] == ["one", "four", "12"]
    assert ago(clock() - timedelta(days=4), clock()) == "4 days ago"
