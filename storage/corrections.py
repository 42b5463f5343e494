"""The log of corrections people made to storylines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from news.dates import from_iso, to_iso
from news.models import Correction, CorrectionKind
from storage.database import Database


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
    ) -> int:
        cursor = self.db.execute(
            """INSERT INTO corrections (kind, storyline_id, others, label, made_by, made_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (kind.value, storyline_id, ",".join(map(str, others)), label, made_by, to_iso(now)),
        )
        return int(cursor.lastrowid or 0)

    def all(self) -> list[Correction]:
        rows = self.db.query("SELECT * FROM corrections ORDER BY id")
        return [
            Correction(
                id=row["id"],
                kind=CorrectionKind(row["kind"]),
                storyline_id=row["storyline_id"],
                others=tuple(int(x) for x in row["others"].split(",") if x),
                label=row["label"],
                made_by=row["made_by"],
                made_at=from_iso(row["made_at"]),
            )
            for row in rows
        ]
