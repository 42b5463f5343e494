"""The delivery ledger: which briefing went to which chat, and which sentences it carried."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from news.dates import from_iso, to_iso
from storage.database import Database


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    chat_id: int
    kind: str
    local_date: str | None
    as_of: datetime
    status: str


def _delivery(row: sqlite3.Row) -> Delivery:
    return Delivery(
        id=row["id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        local_date=row["local_date"],
        as_of=from_iso(row["as_of"]),
        status=row["status"],
    )


class Ledger:
    """Deliveries are claimed (pending) before sending and settled after.

    A scheduled briefing is unique per chat and local date, so a second claim for the same day
    fails: restarts, retries and clock changes cannot send it twice.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def claim(
        self, chat_id: int, kind: str, as_of: datetime, now: datetime, local_date: str | None = None
    ) -> Delivery | None:
        """Record a briefing about to be sent; None when this scheduled one was already claimed."""
        with self.db.writing():
            cursor = self.db.execute(
                """INSERT OR IGNORE INTO deliveries (chat_id, kind, local_date, as_of, status,
                       created_at) VALUES (?, ?, ?, ?, 'pending', ?)""",
                (chat_id, kind, local_date, to_iso(as_of), to_iso(now)),
            )
            if cursor.rowcount == 0:
                return None
            return Delivery(int(cursor.lastrowid or 0), chat_id, kind, local_date, as_of, "pending")

    def settle(
        self,
        delivery_id: int,
        status: str,
        now: datetime,
        messages: int = 0,
        sentence_digests: Iterable[str] = (),
        error: str | None = None,
    ) -> None:
        with self.db.writing():
            self.db.execute(
                """UPDATE deliveries SET status = ?, messages = ?, sent_at = ?, error = ?
                   WHERE id = ?""",
                (status, messages, to_iso(now), error, delivery_id),
            )
            row = self.db.execute(
                "SELECT chat_id FROM deliveries WHERE id = ?", (delivery_id,)
            ).fetchone()
            self.db.sql.conn.executemany(
                """INSERT OR IGNORE INTO sent_sentences(chat_id, digest, delivery_id)
                   VALUES (?, ?, ?)""",
                [(row[0], digest, delivery_id) for digest in sentence_digests],
            )

    def last_briefing(self, chat_id: int, until: datetime | None = None) -> Delivery | None:
        """The chat's latest briefing that counts (sent, empty, or pending an outcome)."""
        rows = self.db.query(
            """SELECT * FROM deliveries WHERE chat_id = ? AND status != 'failed' AND as_of <= ?
               ORDER BY as_of DESC, id DESC LIMIT 1""",
            (chat_id, to_iso(until) if until else "9999"),
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

    def pending(self) -> list[Delivery]:
        rows = self.db.query("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id")
        return [_delivery(row) for row in rows]

    def count_sent(self, since: datetime) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND sent_at >= ?",
            (to_iso(since),),
        ).fetchone()
        return int(row[0])
