"""Forum topics as destinations: each (group, topic) pair has a chat id of its own.

A topic's settings, follows, mutes and ledger live under that id exactly as a chat's do, so
nothing else needs to know about topics; only sending translates it back into the group's
id and the topic's thread. Telegram's chat ids stay within ±2^53, so ids below TOPIC_BASE
are never a real chat's.
"""

from __future__ import annotations

from storage.database import Database

TOPIC_BASE = -(2**62)


class Topics:
    def __init__(self, db: Database) -> None:
        self.db = db

    def destination(self, chat_id: int, thread_id: int) -> int:
        """The chat id under which a group's topic keeps its settings (made on first use)."""
        with self.db.writing():
            self.db.execute(
                "INSERT OR IGNORE INTO topics (chat_id, thread_id) VALUES (?, ?)",
                (chat_id, thread_id),
            )
            row = self.db.execute(
                "SELECT id FROM topics WHERE chat_id = ? AND thread_id = ?", (chat_id, thread_id)
            ).fetchone()
        return TOPIC_BASE - int(row[0])

    def address(self, destination: int) -> tuple[int, int | None]:
        """Where to send for a chat id: (the chat, the topic's thread or None)."""
        if destination >= TOPIC_BASE:
            return destination, None
        row = self.db.execute(
            "SELECT chat_id, thread_id FROM topics WHERE id = ?", (TOPIC_BASE - destination,)
        ).fetchone()
        if row is None:
            raise LookupError(f"no forum topic has the destination id {destination}")
        return int(row[0]), int(row[1])
