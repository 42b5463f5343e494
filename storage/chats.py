"""Chats and their briefing settings."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime, time

from news.dates import from_iso, to_iso
from news.records import ChatSettings, Days
from storage.database import Database


def _times(text: str) -> tuple[time, ...]:
    """Briefing times as stored: "07:30", or several, "07:30,18:00"."""
    return tuple(time.fromisoformat(at) for at in text.split(","))


def stored_times(times: tuple[time, ...]) -> str:
    return ",".join(at.strftime("%H:%M") for at in times)


def _settings(row: sqlite3.Row) -> ChatSettings:
    return ChatSettings(
        chat_id=row["id"],
        timezone=row["timezone"],
        briefing_times=_times(row["briefing_time"]),
        days=Days(row["days"]),
        weekly_day=row["weekly_day"],
        quiet_when_empty=bool(row["quiet_when_empty"]),
        active=bool(row["active"]),
        chat_type=row["type"],
    )


# Chat ids are signed 64-bit (groups' are negative): this comes before every one.
BEFORE_ANY_CHAT = -(2**63)


class Chats:
    """Repository of chats: created on first contact with the operator's defaults."""

    def __init__(self, db: Database, default_timezone: str, default_time: time) -> None:
        self.db = db
        self.default_timezone = default_timezone
        self.default_time = default_time

    def get(self, chat_id: int) -> ChatSettings | None:
        rows = self.db.query("SELECT * FROM chats WHERE id = ?", (chat_id,))
        return _settings(rows[0]) if rows else None

    def title(self, chat_id: int) -> str:
        row = self.db.execute("SELECT title FROM chats WHERE id = ?", (chat_id,)).fetchone()
        return str(row[0]) if row else ""

    def ensure(
        self, chat_id: int, now: datetime, chat_type: str = "private", title: str = ""
    ) -> ChatSettings:
        """The chat's settings, creating the chat, or waking it if it had blocked the bot."""
        with self.db.writing():
            self.db.execute(
                """INSERT INTO chats (id, type, title, timezone, briefing_time, created_at,
                       updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET active = 1, type = excluded.type,
                       title = CASE WHEN excluded.title != '' THEN excluded.title ELSE title END,
                       updated_at = CASE WHEN active = 0 THEN excluded.updated_at
                                         ELSE updated_at END""",
                (
                    chat_id,
                    chat_type,
                    title,
                    self.default_timezone,
                    stored_times((self.default_time,)),
                    to_iso(now),
                    to_iso(now),
                ),
            )
        found = self.get(chat_id)
        assert found is not None
        return found

    def update(self, settings: ChatSettings, now: datetime) -> None:
        with self.db.writing():
            self.db.execute(
                """UPDATE chats SET timezone = ?, briefing_time = ?, days = ?, weekly_day = ?,
                       quiet_when_empty = ?, updated_at = ? WHERE id = ?""",
                (
                    settings.timezone,
                    stored_times(settings.briefing_times),
                    settings.days.value,
                    settings.weekly_day,
                    int(settings.quiet_when_empty),
                    to_iso(now),
                    settings.chat_id,
                ),
            )

    def set_active(self, chat_id: int, active: bool, now: datetime) -> None:
        with self.db.writing():
            self.db.execute(
                "UPDATE chats SET active = ?, updated_at = ? WHERE id = ?",
                (int(active), to_iso(now), chat_id),
            )

    def scheduled(self, after: int = BEFORE_ANY_CHAT, limit: int = 1000) -> list[ChatSettings]:
        """Active chats that follow something, so have a briefing to schedule: a page of them
        by id, after `after`."""
        rows = self.db.query(
            """SELECT * FROM chats WHERE id > ? AND active = 1
               AND EXISTS (SELECT 1 FROM follows f WHERE f.chat_id = chats.id)
               ORDER BY id LIMIT ?""",
            (after, limit),
        )
        return [_settings(row) for row in rows]

    def forget_plans(self) -> None:
        """No chat has a next briefing planned (before planning every one anew)."""
        self.db.execute("UPDATE chats SET next_briefing_at = NULL")

    def plan(self, times: Iterable[tuple[int, datetime | None]]) -> None:
        """Set when each chat's next briefing is due; None when it has none to expect."""
        with self.db.writing():
            self.db.sql.conn.executemany(
                "UPDATE chats SET next_briefing_at = ? WHERE id = ?",
                ((None if at is None else to_iso(at), chat_id) for chat_id, at in times),
            )

    def next_briefing(self, chat_id: int) -> datetime | None:
        row = self.db.execute(
            "SELECT next_briefing_at FROM chats WHERE id = ?", (chat_id,)
        ).fetchone()
        return from_iso(row[0]) if row and row[0] else None

    def due(
        self, now: datetime, limit: int, after: tuple[datetime, int] | None = None
    ) -> list[tuple[datetime, ChatSettings]]:
        """Chats whose next briefing is due by `now`, earliest first: a page of them, after
        the (due time, chat id) `after` (so a chat that failed is not taken again)."""
        since, last = (to_iso(after[0]), after[1]) if after else ("", BEFORE_ANY_CHAT)
        rows = self.db.query(
            """SELECT * FROM chats WHERE next_briefing_at <= ?
               AND (next_briefing_at, id) > (?, ?)
               ORDER BY next_briefing_at, id LIMIT ?""",
            (to_iso(now), since, last, limit),
        )
        return [(from_iso(row["next_briefing_at"]), _settings(row)) for row in rows]

    def count(self) -> tuple[int, int]:
        """(all chats, active chats)."""
        row = self.db.execute("SELECT COUNT(*), COALESCE(SUM(active), 0) FROM chats").fetchone()
        return int(row[0]), int(row[1])


def migrate_chat(db: Database, old_chat_id: int, new_chat_id: int, now: datetime) -> None:
    """A group became a supergroup: its settings, follows and ledger move to the new id."""
    with db.writing():
        db.execute(
            """INSERT OR IGNORE INTO chats (id, type, title, timezone, briefing_time, days,
                   weekly_day, quiet_when_empty, active, created_at, updated_at)
               SELECT ?, 'supergroup', title, timezone, briefing_time, days, weekly_day,
                   quiet_when_empty, 1, created_at, ? FROM chats WHERE id = ?""",
            (new_chat_id, to_iso(now), old_chat_id),
        )
        db.execute(
            "UPDATE OR IGNORE follows SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
        )
        db.execute("DELETE FROM follows WHERE chat_id = ?", (old_chat_id,))
        db.execute(
            "UPDATE OR IGNORE mutes SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
        )
        db.execute("DELETE FROM mutes WHERE chat_id = ?", (old_chat_id,))
        db.execute(
            "UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ?",
            (new_chat_id, old_chat_id),
        )
        db.execute(
            "UPDATE OR IGNORE sent_sentences SET chat_id = ? WHERE chat_id = ?",
            (new_chat_id, old_chat_id),
        )
        db.execute(
            "UPDATE chats SET active = 0, updated_at = ? WHERE id = ?", (to_iso(now), old_chat_id)
        )
