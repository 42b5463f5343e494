"""Telegram update ids already handled: each update is applied once."""

from __future__ import annotations

from datetime import datetime, timedelta

from news.dates import to_iso
from storage.database import Database


class Updates:
    """Telegram update ids already handled, kept for two days."""

    KEEP = timedelta(days=2)

    def __init__(self, db: Database) -> None:
        self.db = db

    def first_time(self, update_id: int, now: datetime) -> bool:
        """Record an update id; False when it was handled before."""
        with self.db.writing():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO processed_updates (update_id, seen_at) VALUES (?, ?)",
                (update_id, to_iso(now)),
            )
            if update_id % 1000 == 0:
                self.db.execute(
                    "DELETE FROM processed_updates WHERE seen_at < ?", (to_iso(now - self.KEEP),)
                )
            return cursor.rowcount > 0
