"""The log of corrections people made to storylines, with what undoing each needs."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from news.dates import from_iso, to_iso
from news.records import Correction, CorrectionKind
from storage.database import Database


def _correction(row: sqlite3.Row) -> Correction:
    return Correction(
        id=row["id"],
        kind=CorrectionKind(row["kind"]),
        storyline_id=row["storyline_id"],
        others=tuple(int(x) for x in row["others"].split(",") if x),
        label=row["label"],
        made_by=row["made_by"],
        made_at=from_iso(row["made_at"]),
        undo=json.loads(row["undo"]),
        undone_at=from_iso(row["undone_at"]) if row["undone_at"] else None,
    )


class Corrections:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self,
        kind: CorrectionKind,
        storyline_id: int,
        others: Sequence[int],
        made_by: str,
        now: datetime,
        label: str = "",
        undo: Mapping[str, Any] | None = None,
    ) -> int:
        cursor = self.db.execute(
            """INSERT INTO corrections (kind, storyline_id, others, label, made_by, made_at, undo)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (
                kind.value,
                storyline_id,
                ",".join(map(str, others)),
                label,
                made_by,
                to_iso(now),
                json.dumps(undo or {}),
            ),
        )
        return int(cursor.lastrowid or 0)

    def get(self, correction_id: int) -> Correction | None:
        rows = self.db.query("SELECT * FROM corrections WHERE id = ?", (correction_id,))
        return _correction(rows[0]) if rows else None

    def all(self) -> list[Correction]:
        return [_correction(row) for row in self.db.query("SELECT * FROM corrections ORDER BY id")]

    def recent(self, limit: int, made_by: str | None = None) -> list[Correction]:
        """The latest corrections (by one person, when named), newest first."""
        rows = self.db.query(
            """SELECT * FROM corrections WHERE ? IS NULL OR made_by = ?
               ORDER BY id DESC LIMIT ?""",
            (made_by, made_by, limit),
        )
        return [_correction(row) for row in rows]

    def later(self, correction_id: int) -> list[Correction]:
        """The corrections made after this one and still standing."""
        rows = self.db.query(
            "SELECT * FROM corrections WHERE id > ? AND undone_at IS NULL ORDER BY id",
            (correction_id,),
        )
        return [_correction(row) for row in rows]

    def mark_undone(self, correction_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE corrections SET undone_at = ? WHERE id = ?", (to_iso(now), correction_id)
        )

    def splits(
        self, storyline_ids: Sequence[int], after: datetime, until: datetime
    ) -> list[tuple[int, int]]:
        """(storyline, the storyline split off it) for splits standing, made in (after, until]."""
        rows = self.db.query(
            """SELECT storyline_id, undo FROM corrections
               WHERE kind = 'split' AND undone_at IS NULL AND made_at > ? AND made_at <= ?
               ORDER BY id""",
            (to_iso(after), to_iso(until)),
        )
        wanted = set(storyline_ids)
        found = [(int(row[0]), int(json.loads(row[1]).get("new", 0))) for row in rows]
        return [(old, new) for old, new in found if old in wanted and new]

    def report(
        self, article_id: int, storyline_id: int, chat_id: int, now: datetime, since: datetime
    ) -> bool:
        """Record a reader's report of an article in the wrong storyline; whether it is news,
        that is, nobody reported the same since `since`."""
        earlier = self.db.execute(
            """SELECT 1 FROM reports
               WHERE article_id = ? AND storyline_id = ? AND reported_at >= ? LIMIT 1""",
            (article_id, storyline_id, to_iso(since)),
        ).fetchone()
        self.db.execute(
            """INSERT OR REPLACE INTO reports (article_id, storyline_id, chat_id, reported_at)
               VALUES (?, ?, ?, ?)""",
            (article_id, storyline_id, chat_id, to_iso(now)),
        )
        return earlier is None
