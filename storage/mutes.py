"""Mutes: the sources and words a chat never wants to see."""

from __future__ import annotations

from datetime import datetime

from news.dates import to_iso
from news.records import Muted, MuteKind
from storage.database import Database


class Mutes:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, chat_id: int, kind: MuteKind, value: str, now: datetime) -> bool:
        """Mute a source or word; False when it was muted already."""
        with self.db.writing():
            cursor = self.db.execute(
                """INSERT OR IGNORE INTO mutes (chat_id, kind, value, created_at)
                   VALUES (?, ?, ?, ?)""",
                (chat_id, kind.value, value.lower(), to_iso(now)),
            )
            return cursor.rowcount > 0

    def remove(self, chat_id: int, kind: MuteKind, value: str) -> bool:
        with self.db.writing():
            cursor = self.db.execute(
                "DELETE FROM mutes WHERE chat_id = ? AND kind = ? AND value = ?",
                (chat_id, kind.value, value.lower()),
            )
            return cursor.rowcount > 0

    def remove_all(self, chat_id: int) -> int:
        with self.db.writing():
            return self.db.execute("DELETE FROM mutes WHERE chat_id = ?", (chat_id,)).rowcount

    def for_chat(self, chat_id: int) -> Muted:
        rows = self.db.execute(
            "SELECT kind, value FROM mutes WHERE chat_id = ? ORDER BY value", (chat_id,)
        ).fetchall()
        return Muted(
            sources=frozenset(v for k, v in rows if k == MuteKind.SOURCE.value),
            words=frozenset(v for k, v in rows if k == MuteKind.WORD.value),
        )
