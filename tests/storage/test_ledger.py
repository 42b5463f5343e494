from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.ledger import Part
from storage.store import Store

NOW = datetime(2025, 6, 10, 7, 30, tzinfo=UTC)


def test_a_scheduled_briefing_is_claimed_once_per_local_date(store: Store) -> None:
    store.chats.ensure(5, NOW)
    first = store.ledger.claim(5, "scheduled", NOW, NOW, local_date="2025-06-10")
    later = NOW + timedelta(minutes=1)
    again = store.ledger.claim(5, "scheduled", later, NOW, local_date="2025-06-10")
    next_day = store.ledger.claim(
        5, "scheduled", NOW + timedelta(days=1), NOW, local_date="2025-06-11"
    )
    assert first is not None
    assert again is None
    assert next_day is not None


def test_on_demand_briefings_are_not_limited(store: Store) -> None:
    store.chats.ensure(5, NOW)
    assert store.ledger.claim(5, "on_demand", NOW, NOW) is not None
    assert store.ledger.claim(5, "on_demand", NOW + timedelta(minutes=1), NOW) is not None


def test_parts_are_recorded_one_by_one_with_their_sentences(store: Store) -> None:
    store.chats.ensure(5, NOW)
    claim = store.ledger.claim(5, "on_demand", NOW, NOW)
    assert claim is not None
    delivery = store.ledger.compose(
        claim.id, [Part("one", None, ("d1",)), Part("two", None, ("d2",))]
    )
    assert delivery.parts is not None and len(delivery.parts) == 2
    store.ledger.part_sent(delivery, 0, NOW)
    assert store.ledger.sent_digests(5) == {"d1"}
    resumed = store.ledger.get(claim.id)
    assert resumed is not None and resumed.parts_sent == 1 and resumed.status == "pending"
    assert [d.id for d in store.ledger.unfinished(NOW)] == [claim.id]


def test_last_briefing_ignores_failures_and_blocked(store: Store) -> None:
    store.chats.ensure(5, NOW)
    ok = store.ledger.claim(5, "on_demand", NOW, NOW)
    failed = store.ledger.claim(5, "on_demand", NOW + timedelta(hours=1), NOW)
    blocked = store.ledger.claim(5, "on_demand", NOW + timedelta(hours=2), NOW)
    assert ok and failed and blocked
    store.ledger.settle(ok.id, "sent", NOW)
    store.ledger.settle(failed.id, "failed", NOW, error="boom")
    store.ledger.settle(blocked.id, "blocked", NOW, error="403")
    last = store.ledger.last_briefing(5)
    assert last is not None
    assert last.id == ok.id
    assert store.ledger.last_briefing(5, exclude=ok.id) is None


def test_deferred_deliveries_come_back_when_due(store: Store) -> None:
    store.chats.ensure(5, NOW)
    claim = store.ledger.claim(5, "scheduled", NOW, NOW, local_date="2025-06-10")
    assert claim is not None
    store.ledger.settle(claim.id, "deferred", NOW, "429", NOW + timedelta(minutes=5))
    assert store.ledger.unfinished(NOW + timedelta(minutes=4)) == []
    assert [d.id for d in store.ledger.unfinished(NOW + timedelta(minutes=5))] == [claim.id]
