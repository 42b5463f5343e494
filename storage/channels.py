"""Channels as sources: the channels the bot is in, and which of them an admin enabled."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from news.dates import to_iso
from news.records import ChannelSource
from storage.database import Database


def _source(row: sqlite3.Row) -> ChannelSource:
    return ChannelSource(row["chat_id"], row["title"], row["username"], bool(row["enabled"]))


class ChannelSources:
    def __init__(self, db: Database) -> None:
        self.db = db

    def seen(self, chat_id: int, title: str, username: str | None, now: datetime) -> ChannelSource:
        """Remember a channel the bot is in (its title and name as they are now)."""
        with self.db.writing():
            self.db.execute(
                """INSERT INTO channel_sources (chat_id, title, username, seen_at)
                   VALUES (?, ?, ?, ?)
                   ON CONFLICT (chat_id) DO UPDATE SET
                       title = excluded.title, username = excluded.username,
                       seen_at = excluded.seen_at""",
                (chat_id, title, username, to_iso(now)),
            )
        found = self.get(chat_id)
        assert found is not None
        return found

    def get(self, chat_id: int) -> ChannelSource | None:
        rows = self.db.query("SELECT * FROM channel_sources WHERE chat_id = ?", (chat_id,))
        return _source(rows[0]) if rows else None

    def find(self, name: str) -> ChannelSource | None:
        """A known channel by @username (any case) or numeric id."""
        name = name.strip()
        if name.lstrip("-").isdigit():
            return self.get(int(name))
        rows = self.db.query(
            "SELECT * FROM channel_sources WHERE lower(username) = ?",
            (name.removeprefix("@").lower(),),
        )
        return _source(rows[0]) if rows else None

    def set_enabled(self, chat_id: int, enabled: bool) -> None:
        with self.db.writing():
            self.db.execute(
                "UPDATE channel_sources SET enabled = ? WHERE chat_id = ?", (int(enabled), chat_id)
            )

    def all(self) -> list[ChannelSource]:
        rows = self.db.query("SELECT * FROM channel_sources ORDER BY enabled DESC, lower(title)")
        return [_source(row) for row in rows]
