"""Follows: a chat's subscriptions to storylines and topics."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from news.dates import from_iso, to_iso
from news.records import Follow, FollowKind
from storage.database import Database


def _follow(row: sqlite3.Row) -> Follow:
    return Follow(
        id=row["id"],
        chat_id=row["chat_id"],
        kind=FollowKind(row["kind"]),
        storyline_id=row["storyline_id"],
        topic=row["topic"],
        created_at=from_iso(row["created_at"]),
    )


class Follows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def follow_storyline(self, chat_id: int, storyline_id: int, now: datetime) -> bool:
        """Follow a storyline; False when the chat already followed it."""
        return self._add(chat_id, FollowKind.STORYLINE, storyline_id, None, now)

    def follow_topic(self, chat_id: int, topic: str, now: datetime) -> bool:
        return self._add(chat_id, FollowKind.TOPIC, None, topic, now)

    def _add(
        self,
        chat_id: int,
        kind: FollowKind,
        storyline_id: int | None,
        topic: str | None,
        now: datetime,
    ) -> bool:
        with self.db.writing():
            cursor = self.db.execute(
                """INSERT OR IGNORE INTO follows (chat_id, kind, storyline_id, topic, created_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (chat_id, kind.value, storyline_id, topic, to_iso(now)),
            )
            return cursor.rowcount > 0

    def for_chat(self, chat_id: int) -> list[Follow]:
        rows = self.db.query("SELECT * FROM follows WHERE chat_id = ? ORDER BY id", (chat_id,))
        return [_follow(row) for row in rows]

    def remove_storyline(self, chat_id: int, storyline_id: int) -> bool:
        with self.db.writing():
            cursor = self.db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND kind = 'storyline' AND storyline_id = ?",
                (chat_id, storyline_id),
            )
            return cursor.rowcount > 0

    def remove_topic(self, chat_id: int, topic: str) -> bool:
        with self.db.writing():
            cursor = self.db.execute(
                """DELETE FROM follows WHERE chat_id = ? AND kind = 'topic'
                   AND lower(topic) = lower(?)""",
                (chat_id, topic),
            )
            return cursor.rowcount > 0

    def remove_all(self, chat_id: int) -> int:
        with self.db.writing():
            return self.db.execute("DELETE FROM follows WHERE chat_id = ?", (chat_id,)).rowcount

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM follows").fetchone()[0])
