"""A chat's follows and settings: every change plans its next briefing, with no caller's help."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

from news.chats.subscriptions import Subscriptions
from storage.store import Store
from tests.fakes.clock import FakeClock

CHAT = 42


def subscriptions(store: Store, clock: FakeClock) -> Subscriptions:
    return Subscriptions(store.chats, store.follows, clock)


def test_following_plans_the_next_briefing_and_unfollowing_all_clears_it(store: Store) -> None:
    clock = FakeClock(datetime(2025, 6, 10, 6, 0, tzinfo=UTC))
    chats = subscriptions(store, clock)
    chats.register(CHAT)
    assert store.chats.next_briefing(CHAT) is None  # follows nothing yet
    assert chats.follow_topic(CHAT, "harbour")
    assert store.chats.next_briefing(CHAT) == datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
    assert not chats.follow_topic(CHAT, "harbour")
    assert chats.unfollow_all(CHAT) == 1
    assert store.chats.next_briefing(CHAT) is None


def test_changed_settings_move_the_next_briefing(store: Store) -> None:
    clock = FakeClock(datetime(2025, 6, 10, 6, 0, tzinfo=UTC))
    chats = subscriptions(store, clock)
    settings = chats.register(CHAT)
    chats.follow_topic(CHAT, "ferries")
    chats.change_settings(replace(settings, briefing_times=(time(18, 30),)))
    assert store.chats.next_briefing(CHAT) == datetime(2025, 6, 10, 18, 30, tzinfo=UTC)
    assert chats.unfollow_topic(CHAT, "FERRIES")
    assert store.chats.next_briefing(CHAT) is None


def test_a_chat_that_blocked_the_bot_and_writes_again_is_planned_again(store: Store) -> None:
    clock = FakeClock(datetime(2025, 6, 10, 6, 0, tzinfo=UTC))
    chats = subscriptions(store, clock)
    chats.register(CHAT)
    chats.follow_topic(CHAT, "harbour")
    store.chats.set_active(CHAT, False, clock())  # delivery found the bot blocked
    chats.replan(CHAT)
    assert store.chats.next_briefing(CHAT) is None
    chats.register(CHAT)  # the reader unblocked the bot and wrote
    assert store.chats.next_briefing(CHAT) == datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
