"""Search texts remembered per chat, so that buttons can refer to them by id."""

from __future__ import annotations

from datetime import datetime

from news.dates import to_iso
from storage.database import Database


class Queries:
    """Search texts remembered per chat so that buttons can refer to them by id."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def remember(self, chat_id: int, text: str, now: datetime) -> int:
        with self.db.writing():
            cursor = self.db.execute(
                "INSERT INTO queries (chat_id, text, created_at) VALUES (?, ?, ?)",
                (chat_id, text, to_iso(now)),
            )
            return int(cursor.lastrowid or 0)

    def recall(self, chat_id: int, query_id: int) -> str | None:
        row = self.db.execute(
            "SELECT text FROM queries WHERE id = ? AND chat_id = ?", (query_id, chat_id)
        ).fetchone()
        return str(row[0]) if row else None
