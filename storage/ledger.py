"""The delivery ledger: which briefing went to which chat, in how many parts, and its outcome."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from news.dates import from_iso, to_iso
from storage.database import Database

# Outcomes after which the briefing counts as given: the next one starts from its as_of.
COUNTED = ("pending", "sent", "recorded", "empty", "deferred", "unknown")


@dataclass(frozen=True, slots=True)
class Part:
    """One Telegram message of a briefing, with the sentence digests it carries."""

    text: str
    markup: dict[str, Any] | None = None
    digests: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    chat_id: int
    kind: str
    local_date: str | None
    as_of: datetime
    status: str
    parts: tuple[Part, ...] | None = None  # None until composed
    parts_sent: int = 0
    attempts: int = 0
    error: str | None = field(default=None)


def _delivery(row: sqlite3.Row) -> Delivery:
    parts = None
    if row["payload"] is not None:
        parts = tuple(
            Part(p["text"], p.get("markup"), tuple(p.get("digests", ())))
            for p in json.loads(row["payload"])
        )
    return Delivery(
        id=row["id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        local_date=row["local_date"],
        as_of=from_iso(row["as_of"]),
        status=row["status"],
        parts=parts,
        parts_sent=row["parts_sent"],
        attempts=row["attempts"],
        error=row["error"],
    )


class Ledger:
    """Deliveries are claimed before anything is sent and settled part by part.

    A scheduled briefing is unique per chat and local date, so a second claim for the same day
    fails: restarts, retries and clock changes cannot send it twice. Each sent part is recorded
    as it goes, so a retry resumes after the last part known to be sent.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def claim(
        self, chat_id: int, kind: str, as_of: datetime, now: datetime, local_date: str | None = None
    ) -> Delivery | None:
        """Record a briefing about to be composed; None when this scheduled one already was."""
        with self.db.writing():
            cursor = self.db.execute(
                """INSERT OR IGNORE INTO deliveries (chat_id, kind, local_date, as_of, status,
                       created_at) VALUES (?, ?, ?, ?, 'pending', ?)""",
                (chat_id, kind, local_date, to_iso(as_of), to_iso(now)),
            )
            if cursor.rowcount == 0:
                return None
            return Delivery(int(cursor.lastrowid or 0), chat_id, kind, local_date, as_of, "pending")

    def get(self, delivery_id: int) -> Delivery | None:
        rows = self.db.query("SELECT * FROM deliveries WHERE id = ?", (delivery_id,))
        return _delivery(rows[0]) if rows else None

    def compose(self, delivery_id: int, parts: Sequence[Part]) -> Delivery:
        """Store the composed parts of a claimed briefing."""
        payload = json.dumps(
            [{"text": p.text, "markup": p.markup, "digests": list(p.digests)} for p in parts],
            ensure_ascii=False,
        )
        with self.db.writing():
            self.db.execute(
                "UPDATE deliveries SET payload = ? WHERE id = ?", (payload, delivery_id)
            )
        found = self.get(delivery_id)
        assert found is not None
        return found

    def part_sent(self, delivery: Delivery, index: int, now: datetime) -> None:
        """Record that part `index` was sent, with the sentences it carried."""
        digests = delivery.parts[index].digests if delivery.parts else ()
        with self.db.writing():
            self.db.execute(
                "UPDATE deliveries SET parts_sent = MAX(parts_sent, ?), sent_at = ? WHERE id = ?",
                (index + 1, to_iso(now), delivery.id),
            )
            self.db.sql.conn.executemany(
                """INSERT OR IGNORE INTO sent_sentences(chat_id, digest, delivery_id)
                   VALUES (?, ?, ?)""",
                [(delivery.chat_id, digest, delivery.id) for digest in digests],
            )

    def settle(
        self,
        delivery_id: int,
        status: str,
        now: datetime,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
    ) -> None:
        with self.db.writing():
            self.db.execute(
                """UPDATE deliveries SET status = ?, error = ?, next_attempt_at = ?,
                       attempts = attempts + 1, sent_at = COALESCE(sent_at, ?) WHERE id = ?""",
                (
                    status,
                    error,
                    to_iso(next_attempt_at) if next_attempt_at else None,
                    to_iso(now),
                    delivery_id,
                ),
            )

    def last_briefing(
        self, chat_id: int, until: datetime | None = None, exclude: int | None = None
    ) -> Delivery | None:
        """The chat's latest briefing that counts (given, or still on its way)."""
        rows = self.db.query(
            f"""SELECT * FROM deliveries WHERE chat_id = ? AND as_of <= ? AND id != ?
                AND status IN ({",".join("?" * len(COUNTED))})
                ORDER BY as_of DESC, id DESC LIMIT 1""",
            (chat_id, to_iso(until) if until else "9999", exclude or 0, *COUNTED),
        )
        return _delivery(rows[0]) if rows else None

    def scheduled_for(self, chat_id: int, local_date: str) -> Delivery | None:
        rows = self.db.query(
            "SELECT * FROM deliveries WHERE chat_id = ? AND kind = 'scheduled' AND local_date = ?",
            (chat_id, local_date),
        )
        return _delivery(rows[0]) if rows else None

    def sent_digests(self, chat_id: int) -> set[str]:
        rows = self.db.execute(
            "SELECT digest FROM sent_sentences WHERE chat_id = ?", (chat_id,)
        ).fetchall()
        return {row[0] for row in rows}

    def unfinished(self, now: datetime) -> list[Delivery]:
        """Deliveries to resume: deferred ones now due, and any left pending by a crash."""
        rows = self.db.query(
            """SELECT * FROM deliveries WHERE status = 'pending'
               OR (status = 'deferred' AND next_attempt_at <= ?) ORDER BY id""",
            (to_iso(now),),
        )
        return [_delivery(row) for row in rows]

    def counts(self, since: datetime) -> dict[str, int]:
        """Deliveries created since a time, by status."""
        rows = self.db.execute(
            "SELECT status, COUNT(*) FROM deliveries WHERE created_at >= ? GROUP BY status",
            (to_iso(since),),
        ).fetchall()
        return {status: int(count) for status, count in rows}
