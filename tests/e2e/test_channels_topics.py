"""Channels and forum topics as destinations, through the whole bot against the fake Bot API:
200 channels and 200 topics (in 20 forum groups) due in the same minute."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from storage.store import Store
from tests.e2e.test_broadcast import seed
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.process import start_bot as start
from tests.fakes.process import stop_bot as stop

pytestmark = pytest.mark.e2e

CHANNELS = [-1001000000000 - n for n in range(1, 201)]
GROUPS = [-1002000000000 - n for n in range(1, 21)]
THREADS = [(group, thread) for group in GROUPS for thread in range(2, 12)]  # 10 topics each


def destinations(store: Store) -> list[tuple[int, str]]:
    topics = [(store.topics.destination(g, t), "topic") for g, t in THREADS]
    return [(channel, "channel") for channel in CHANNELS] + topics


def received(api: FakeBotApi) -> list[int]:
    """How many messages each channel and each topic got, in that order."""
    return [len(api.threads[(c, None)]) for c in CHANNELS] + [
        len(api.threads[(g, t)]) for g, t in THREADS
    ]


def reached(api: FakeBotApi) -> int:
    return sum(1 for count in received(api) if count)


def test_200_channels_and_200_topics_due_at_once_each_get_one_briefing(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    seed(db, destinations)
    with FakeBotApi(enforce_limits=True) as api:
        started = time.monotonic()
        process = start(api, db)
        try:
            assert api.wait_until(lambda: reached(api) >= 400, timeout=150), reached(api)
            seconds = time.monotonic() - started
            time.sleep(1.0)
        finally:
            stop(process)
    counts = received(api)
    print(f"\n200 channels + 200 topics: {seconds:.1f} s, 429s {api.limit_violations}")
    assert counts == [1] * 400
    assert api.limit_violations == 0  # 30/s overall, 1/s per chat, 20/min per group
    # Nothing went to a group outside its topics.
    assert all(not api.threads[(g, None)] for g in GROUPS)


def test_sigkill_mid_broadcast_to_channels_and_topics_then_restart(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    seed(db, destinations)
    with FakeBotApi(enforce_limits=True) as api:
        process = start(api, db)
        assert api.wait_until(lambda: reached(api) >= 120, timeout=120)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        process = start(api, db)
        try:
            assert api.wait_until(lambda: reached(api) >= 400, timeout=150), reached(api)
            time.sleep(2.0)
        finally:
            stop(process)
    counts = received(api)
    assert min(counts) == 1
    assert max(counts) <= 2  # at most the one in flight when killed, per destination
    assert api.limit_violations == 0
