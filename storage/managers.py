"""Channels managed from private chats: who may manage each, and what each chat manages now."""

from __future__ import annotations

from datetime import datetime

from news.dates import to_iso
from storage.database import Database


class ChannelManagers:
    def __init__(self, db: Database) -> None:
        self.db = db

    def link(self, channel_id: int, user_id: int, now: datetime) -> None:
        """The person may manage the channel, and their private chat manages it from now."""
        with self.db.writing():
            self.db.execute(
                """INSERT OR IGNORE INTO channel_managers (channel_id, user_id, linked_at)
                   VALUES (?, ?, ?)""",
                (channel_id, user_id, to_iso(now)),
            )
            self._manage(user_id, channel_id)

    def channels_of(self, user_id: int) -> list[int]:
        rows = self.db.execute(
            "SELECT channel_id FROM channel_managers WHERE user_id = ? ORDER BY linked_at",
            (user_id,),
        ).fetchall()
        return [int(row[0]) for row in rows]

    def managers(self, channel_id: int) -> list[int]:
        rows = self.db.execute(
            "SELECT user_id FROM channel_managers WHERE channel_id = ? ORDER BY user_id",
            (channel_id,),
        ).fetchall()
        return [int(row[0]) for row in rows]

    def manage(self, chat_id: int, target_id: int | None) -> None:
        """What the private chat's commands act on: a linked channel, or itself (None)."""
        with self.db.writing():
            self._manage(chat_id, target_id)

    def _manage(self, chat_id: int, target_id: int | None) -> None:
        if target_id is None or target_id == chat_id:
            self.db.execute("DELETE FROM managing WHERE chat_id = ?", (chat_id,))
        else:
            self.db.execute(
                "INSERT OR REPLACE INTO managing (chat_id, target_id) VALUES (?, ?)",
                (chat_id, target_id),
            )

    def managed(self, chat_id: int) -> int | None:
        """The channel this private chat manages now, if any."""
        row = self.db.execute(
            "SELECT target_id FROM managing WHERE chat_id = ?", (chat_id,)
        ).fetchone()
        return int(row[0]) if row else None
