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
        """Mute a source or word, kept as written; False when it was muted already (in any
        case)."""
        with self.db.writing():
            if self._find(chat_id, kind, value) is not None:
                return False
            self.db.execute(
                "INSERT INTO mutes (chat_id, kind, value, created_at) VALUES (?, ?, ?, ?)",
                (chat_id, kind.value, value, to_iso(now)),
            )
            return True

    def remove(self, chat_id: int, kind: MuteKind, value: str) -> bool:
        with self.db.writing():
            written = self._find(chat_id, kind, value)
            if written is None:
                return False
            self.db.execute(
                "DELETE FROM mutes WHERE chat_id = ? AND kind = ? AND value = ?",
                (chat_id, kind.value, written),
            )
            return True

    def _find(self, chat_id: int, kind: MuteKind, value: str) -> str | None:
        """The mute as written, matched in any case (Python's, which knows every script)."""
        rows = self.db.execute(
            "SELECT value FROM mutes WHERE chat_id = ? AND kind = ?", (chat_id, kind.value)
        ).fetchall()
        return next((row[0] for row in rows if row[0].lower() == value.lower()), None)

    def remove_all(self, chat_id: int) -> int:
        with self.db.writing():
            return self.db.execute("DELETE FROM mutes WHERE chat_id = ?", (chat_id,)).rowcount

    def for_chat(self, chat_id: int) -> Muted:
        rows = self.db.execute(
            "SELECT kind, value FROM mutes WHERE chat_id = ? ORDER BY value", (chat_id,)
        ).fetchall()
        return Muted(
            sources=frozenset(v.lower() for k, v in rows if k == MuteKind.SOURCE.value),
            words=frozenset(v.lower() for k, v in rows if k == MuteKind.WORD.value),
            written=tuple((MuteKind(k), v) for k, v in rows),
        )
