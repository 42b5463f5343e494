from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.store import Store

NOW = datetime(2025, 6, 10, 7, 30, tzinfo=UTC)


def test_a_scheduled_briefing_is_claimed_once_per_local_date(store: Store) -> None:
    store.chats.ensure(5, NOW)
    first = store.ledger.claim(5, "scheduled", NOW, NOW, local_date="2025-06-10")
    again = store.ledger.claim(
        5, "scheduled", NOW + timedelta(minutes=1), NOW, local_date="2025-06-10"
    )
    next_day = store.ledger.claim(
        5, "scheduled", NOW + timedelta(days=1), NOW, local_date="2025-06-11"
    )
    assert first is not None and again is None and next_day is not None


def test_on_demand_briefings_are_not_limited(store: Store) -> None:
    store.chats.ensure(5, NOW)
    assert store.ledger.claim(5, "on_demand", NOW, NOW) is not None
    assert store.ledger.claim(5, "on_demand", NOW + timedelta(minutes=1), NOW) is not None


def test_last_briefing_ignores_failures(store: Store) -> None:
    store.chats.ensure(5, NOW)
    ok = store.ledger.claim(5, "on_demand", NOW, NOW)
    failed = store.ledger.claim(5, "on_demand", NOW + timedelta(hours=1), NOW)
    assert ok and failed
    store.ledger.settle(ok.id, "sent", NOW, 1, ["d1"])
    store.ledger.settle(failed.id, "failed", NOW, error="boom")
    last = store.ledger.last_briefing(5)
    assert last is not None and last.id == ok.id
    assert store.ledger.sent_digests(5) == {"d1"}
