"""Feeds and their polling state."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta

from news.dates import from_iso, to_iso
from news.records import Feed
from storage.database import Database


def _time(value: str | None) -> datetime | None:
    return from_iso(value) if value else None


def _feed(row: sqlite3.Row) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        interval=timedelta(seconds=row["interval_seconds"]),
        active=bool(row["active"]),
        failures=row["failures"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        next_poll_at=_time(row["next_poll_at"]),
        last_polled_at=_time(row["last_polled_at"]),
        last_success_at=_time(row["last_success_at"]),
        last_error=row["last_error"],
        last_new=row["last_new"],
        deactivated_reason=row["deactivated_reason"],
    )


class Feeds:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self, url: str, interval: timedelta, now: datetime, title: str = ""
    ) -> tuple[Feed, bool]:
        """The feed for a URL, added (and due at once) unless it was there; reactivated if not."""
        with self.db.writing():
            cursor = self.db.execute(
                """INSERT OR IGNORE INTO feeds (url, title, interval_seconds, created_at)
                   VALUES (?, ?, ?, ?)""",
                (url, title, int(interval.total_seconds()), to_iso(now)),
            )
            added = cursor.rowcount > 0
            if not added:
                self.db.execute(
                    """UPDATE feeds SET active = 1, failures = 0, deactivated_reason = NULL,
                       next_poll_at = NULL, interval_seconds = ? WHERE url = ?""",
                    (int(interval.total_seconds()), url),
                )
        feed = self.by_url(url)
        assert feed is not None
        return feed, added

    def add_many(self, feeds: Sequence[tuple[str, str]], interval: timedelta, now: datetime) -> int:
        """Add (url, title) feeds in one transaction; how many were new."""
        with self.db.writing():
            return sum(self.add(url, interval, now, title)[1] for url, title in feeds)

    def by_url(self, url: str) -> Feed | None:
        rows = self.db.query("SELECT * FROM feeds WHERE url = ?", (url,))
        return _feed(rows[0]) if rows else None

    def get(self, feed_id: int) -> Feed | None:
        rows = self.db.query("SELECT * FROM feeds WHERE id = ?", (feed_id,))
        return _feed(rows[0]) if rows else None

    def all(self) -> list[Feed]:
        return [_feed(row) for row in self.db.query("SELECT * FROM feeds ORDER BY id")]

    def due(self, now: datetime) -> list[Feed]:
        rows = self.db.query(
            """SELECT * FROM feeds WHERE active = 1
               AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at, id""",
            (to_iso(now),),
        )
        return [_feed(row) for row in rows]

    def remove(self, feed_id: int) -> Feed | None:
        with self.db.writing():
            feed = self.get(feed_id)
            if feed is not None:
                self.db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            return feed

    def polled(
        self,
        feed: Feed,
        now: datetime,
        next_poll_at: datetime,
        *,
        title: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        new: int = 0,
        url: str | None = None,
    ) -> None:
        """Record a successful poll."""
        with self.db.writing():
            self.db.execute(
                """UPDATE feeds SET failures = 0, last_error = NULL, last_success_at = ?,
                       last_polled_at = ?, next_poll_at = ?, last_new = ?,
                       etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                       title = CASE WHEN ? != '' THEN ? ELSE title END,
                       url = COALESCE(?, url)
                   WHERE id = ?""",
                (
                    to_iso(now),
                    to_iso(now),
                    to_iso(next_poll_at),
                    new,
                    etag,
                    last_modified,
                    title or "",
                    title or "",
                    url,
                    feed.id,
                ),
            )

    def failed(
        self, feed: Feed, now: datetime, error: str, next_poll_at: datetime, deactivate: str | None
    ) -> None:
        """Record a failed poll; `deactivate` gives the reason when polling stops for good."""
        with self.db.writing():
            self.db.execute(
                """UPDATE feeds SET failures = failures + 1, last_error = ?, last_polled_at = ?,
                       next_poll_at = ?, active = CASE WHEN ? IS NULL THEN active ELSE 0 END,
                       deactivated_reason = COALESCE(?, deactivated_reason)
                   WHERE id = ?""",
                (error, to_iso(now), to_iso(next_poll_at), deactivate, deactivate, feed.id),
            )
