"""What is known of each outlet: its name as stored, and its boilerplate (part of
storage.archive.Archive)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from news.dates import to_iso
from storage.database import Database


class OutletRows:
    db: Database

    def outlets_named(self, name: str, limit: int = 5) -> list[str]:
        """The outlet called `name` (any case), else the outlets whose name holds it."""
        exact = self.db.execute(
            "SELECT name FROM sources WHERE name = ? COLLATE NOCASE LIMIT 1", (name,)
        ).fetchone()
        if exact:
            return [exact[0]]
        pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.db.execute(
            "SELECT name FROM sources WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?",
            (pattern, limit),
        ).fetchall()
        return [row[0] for row in rows]

    def boilerplate(self, source: str) -> set[str]:
        """The sentence keys (news.text.boilerplate.sentence_key) found repeated by the outlet."""
        rows = self.db.execute(
            "SELECT sentence FROM outlet_boilerplate WHERE source = ?", (source,)
        ).fetchall()
        return {row[0] for row in rows}

    def add_boilerplate(self, source: str, sentences: Collection[str], now: datetime) -> None:
        with self.db.writing():
            self.db.sql.conn.executemany(
                """INSERT OR IGNORE INTO outlet_boilerplate (source, sentence, found_at)
                   VALUES (?, ?, ?)""",
                [(source, sentence, to_iso(now)) for sentence in sentences],
            )
