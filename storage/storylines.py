"""Storyline rows: their state for assignment (centroid, index terms), creating, joining and
merging them, and reading them back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import numpy as np

from news.dates import from_iso, to_iso
from news.records import Storyline
from news.storylines.state import StorylineState
from news.vectors import Vector
from storage.database import Database
from storage.sql import chunks, marks

STORYLINE_COLUMNS = "id, label, first_seen, last_seen, article_count, source_count"
# What storyline assignment reads of a storyline (news.storylines.assignment.StorylineState).
_STATE_COLUMNS = (
    "id, centroid, article_count, last_seen, label, centroid_norm, embedding, headline_count,"
    " arguments, label_locked"
)
# How far a storyline's index stamps may lag its last_seen (StorylineRows._index).
INDEX_SLACK = timedelta(hours=1)
CENTROID_CACHE = 2048  # decoded centroids kept (about 15 KB each)


def _blob(state: StorylineState) -> bytes | None:
    return state.embedding.astype(np.float32).tobytes() if state.embedding is not None else None


# The columns every write of a storyline's state sets, in `state_values`' order.
STATE_SET = (
    "label = ?, centroid = ?, centroid_norm = ?, embedding = ?, headline_count = ?, arguments = ?"
)


def state_values(state: StorylineState) -> tuple[object, ...]:
    return (
        state.label,
        encode_terms(state.terms),
        state.norm,
        _blob(state),
        state.headlines,
        encode_terms(state.arguments),
    )


def encode_terms(terms: Mapping[str, float]) -> bytes:
    """A centroid as stored: its terms as a JSON list, a NUL (which JSON text never holds),
    then its values as little-endian doubles: every article writes a centroid and reads about
    one, and this is several times faster to write and read than a JSON object."""
    values = np.fromiter(terms.values(), dtype="<f8", count=len(terms))
    return json.dumps(list(terms), ensure_ascii=False).encode() + b"\0" + values.tobytes()


def decode_terms(stored: str | bytes) -> dict[str, float]:
    if isinstance(stored, str):  # a JSON object, as centroids were stored until this form
        terms: dict[str, float] = json.loads(stored)
        return terms
    split = stored.index(b"\0")
    return dict(
        zip(
            json.loads(stored[:split]),
            np.frombuffer(stored, "<f8", offset=split + 1).tolist(),
            strict=True,
        )
    )


def storyline_of(row: sqlite3.Row) -> Storyline:
    return Storyline(
        id=row["id"],
        label=row["label"],
        first_seen=from_iso(row["first_seen"]),
        last_seen=from_iso(row["last_seen"]),
        article_count=row["article_count"],
        source_count=row["source_count"],
    )


class StorylineRows:
    """The storylines (part of storage.archive.Archive)."""

    db: Database
    _centroids: dict[tuple[int, int, float], dict[str, float]]

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]:
        """Storylines last seen in [since, before) sharing most of `terms` with their index."""
        if not terms:
            return []
        # The window is a range of the index's primary key (term, last_seen, storyline_id).
        rows = self.db.query(
            f"""SELECT {_STATE_COLUMNS}
                FROM (SELECT storyline_id, COUNT(*) AS shared, MAX(last_seen) AS seen
                      FROM storyline_terms
                      WHERE term IN ({marks(len(terms))}) AND last_seen >= ? AND last_seen < ?
                      GROUP BY storyline_id ORDER BY shared DESC, seen DESC LIMIT ?) t
                JOIN storylines s ON s.id = t.storyline_id
                WHERE s.merged_into IS NULL AND s.last_seen >= ? AND s.last_seen < ?
                ORDER BY t.shared DESC, t.seen DESC""",
            # Index stamps lag a storyline's last_seen by up to INDEX_SLACK (see _index).
            [
                *terms,
                to_iso(since - INDEX_SLACK),
                to_iso(before) if before else "9999",
                limit,
                to_iso(since),
                to_iso(before) if before else "9999",
            ],
        )
        return [self._state(row) for row in rows]

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]:
        rows = self.db.query(
            f"""SELECT {_STATE_COLUMNS}
               FROM storylines WHERE last_seen >= ? AND merged_into IS NULL
               ORDER BY last_seen DESC LIMIT ?""",
            (to_iso(since), limit),
        )
        return [self._state(row) for row in rows]

    def storyline_embeddings(self, since: datetime, limit: int) -> list[tuple[int, Vector]]:
        """(id, summed embedding) of the storylines active since `since`, latest first."""
        rows = self.db.execute(
            """SELECT id, embedding FROM storylines
               WHERE last_seen >= ? AND merged_into IS NULL AND embedding IS NOT NULL
               ORDER BY last_seen DESC LIMIT ?""",
            (to_iso(since), limit),
        ).fetchall()
        return [(int(r[0]), np.frombuffer(r[1], dtype=np.float32)) for r in rows]

    def _state(self, row: sqlite3.Row) -> StorylineState:
        return StorylineState(
            storyline_id=row["id"],
            terms=self._centroid(row),
            size=row["article_count"],
            last_seen=from_iso(row["last_seen"]),
            label=row["label"],
            norm=row["centroid_norm"],
            embedding=np.frombuffer(row["embedding"], dtype=np.float32)
            if row["embedding"]
            else None,
            headlines=row["headline_count"],
            arguments=decode_terms(row["arguments"]) if row["arguments"] else {},
            label_locked=bool(row["label_locked"]),
        )

    def _centroid(self, row: sqlite3.Row) -> dict[str, float]:
        """The decoded centroid, from a cache: every article reads a score of them, and a
        centroid changes only with its storyline's article count and norm. Read-only."""
        key = (row["id"], row["article_count"], row["centroid_norm"])
        terms = self._centroids.pop(key, None)
        if terms is None:
            terms = decode_terms(row["centroid"])
            if len(self._centroids) >= CENTROID_CACHE:
                del self._centroids[next(iter(self._centroids))]  # the least recently used
        self._centroids[key] = terms
        return terms

    def storyline_state(self, storyline_id: int) -> StorylineState | None:
        rows = self.db.query(
            f"SELECT {_STATE_COLUMNS} FROM storylines WHERE id = ? AND merged_into IS NULL",
            (storyline_id,),
        )
        return self._state(rows[0]) if rows else None

    def _index(self, storyline_id: int, index_terms: Sequence[str]) -> None:
        """(Re)write the storyline's index terms, stamped with its current last_seen: call it
        after every change to the storyline's row.

        While the stamp is less than INDEX_SLACK old, only the terms that changed are written
        (a few of 40): rewriting every row of a large index for every article was a fifth of
        an article's cost at 1M articles. Candidate lookups widen their window by the slack.
        """
        rows = self.db.execute(
            """SELECT t.term, t.last_seen, s.last_seen FROM storyline_terms t
               JOIN storylines s ON s.id = t.storyline_id WHERE t.storyline_id = ?""",
            (storyline_id,),
        ).fetchall()
        stamps = {row[1] for row in rows}
        if len(stamps) == 1 and from_iso(rows[0][2]) - from_iso(rows[0][1]) < INDEX_SLACK:
            stamp = rows[0][1]
            old, new = {row[0] for row in rows}, set(index_terms)
            self.db.sql.conn.executemany(
                "DELETE FROM storyline_terms WHERE term = ? AND last_seen = ? AND storyline_id = ?",
                [(term, stamp, storyline_id) for term in old - new],
            )
            self.db.sql.conn.executemany(
                "INSERT INTO storyline_terms(term, last_seen, storyline_id) VALUES (?, ?, ?)",
                [(term, stamp, storyline_id) for term in new - old],
            )
            return
        self.db.execute("DELETE FROM storyline_terms WHERE storyline_id = ?", (storyline_id,))
        self.db.sql.conn.executemany(
            """INSERT OR IGNORE INTO storyline_terms(term, last_seen, storyline_id)
               SELECT ?, last_seen, id FROM storylines WHERE id = ?""",
            [(term, storyline_id) for term in index_terms],
        )

    def _create_storyline(
        self, state: StorylineState, when: datetime, index_terms: Sequence[str]
    ) -> int:
        """A new storyline of one article, dated `when`, which is stored in it next."""
        stamp = to_iso(when)
        cursor = self.db.execute(
            """INSERT INTO storylines (label, centroid, centroid_norm, embedding, headline_count,
                   arguments, first_seen, last_seen, article_count, source_count)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1)""",
            (*state_values(state), stamp, stamp),
        )
        storyline_id = int(cursor.lastrowid or 0)
        self._index(storyline_id, index_terms)
        return storyline_id

    def _join_storyline(
        self, state: StorylineState, when: datetime, index_terms: Sequence[str]
    ) -> None:
        """The storyline with one more article, dated `when`, already stored in it."""
        storyline_id = state.storyline_id
        stamp = to_iso(when)
        self.db.execute(
            f"""UPDATE storylines SET {STATE_SET},
                   first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?),
                   article_count = article_count + 1,
                   source_count = (SELECT COUNT(DISTINCT source_id) FROM articles
                                   WHERE storyline_id = ?) -- uses articles_storyline_source
               WHERE id = ?""",
            (*state_values(state), stamp, stamp, storyline_id, storyline_id),
        )
        self._index(storyline_id, index_terms)

    def merge_storylines(
        self, absorbed_id: int, state: StorylineState, index_terms: Sequence[str]
    ) -> None:
        """Fold one storyline into another (`state`): articles and followers move across."""
        survivor_id = state.storyline_id
        self.db.execute(
            "UPDATE articles SET storyline_id = ? WHERE storyline_id = ?",
            (survivor_id, absorbed_id),
        )
        self._retire(absorbed_id, survivor_id)
        self.db.execute(
            f"""UPDATE storylines SET {STATE_SET}, label_locked = ?,
                   first_seen = MIN(first_seen, (SELECT first_seen FROM storylines WHERE id = ?)),
                   last_seen = MAX(last_seen, (SELECT last_seen FROM storylines WHERE id = ?)),
                   article_count = (SELECT COUNT(*) FROM articles WHERE storyline_id = ?),
                   source_count = (SELECT COUNT(DISTINCT source_id) FROM articles
                                   WHERE storyline_id = ?)
               WHERE id = ?""",
            (
                *state_values(state),
                int(state.label_locked),
                absorbed_id,
                absorbed_id,
                survivor_id,
                survivor_id,
                survivor_id,
            ),
        )
        self._index(survivor_id, index_terms)

    def _retire(self, absorbed_id: int, survivor_id: int) -> None:
        """Point a storyline that has lost its articles (and those merged into it) at the one
        that took them: its followers and the articles people moved out of it go across."""
        self.db.execute(
            "UPDATE storylines SET merged_into = ? WHERE id = ? OR merged_into = ?",
            (survivor_id, absorbed_id, absorbed_id),
        )
        self.db.execute("DELETE FROM storyline_terms WHERE storyline_id = ?", (absorbed_id,))
        # A chat that followed both keeps its one follow of the survivor.
        self.db.execute(
            """UPDATE OR IGNORE follows SET storyline_id = ?
               WHERE kind = 'storyline' AND storyline_id = ?""",
            (survivor_id, absorbed_id),
        )
        self.db.execute(
            "DELETE FROM follows WHERE kind = 'storyline' AND storyline_id = ?", (absorbed_id,)
        )
        # A cannot-link holds for what the storyline became; none with its own article.
        self.db.execute(
            "UPDATE OR IGNORE moved_out SET storyline_id = ? WHERE storyline_id = ?",
            (survivor_id, absorbed_id),
        )
        self.db.execute(
            """DELETE FROM moved_out WHERE storyline_id = ? OR article_id IN
               (SELECT id FROM articles WHERE storyline_id = moved_out.storyline_id)""",
            (absorbed_id,),
        )

    def set_label(self, storyline_id: int, label: str, locked: bool = True) -> None:
        """A label set by a person: kept from now on as the storyline grows (unless unlocked,
        as an undone label is)."""
        self.db.execute(
            "UPDATE storylines SET label = ?, label_locked = ? WHERE id = ?",
            (label, int(locked), storyline_id),
        )

    def storylines(self, ids: Sequence[int]) -> list[Storyline]:
        found: dict[int, Storyline] = {}
        for chunk in chunks(list(ids)):
            rows = self.db.query(
                f"SELECT {STORYLINE_COLUMNS} FROM storylines WHERE id IN ({marks(len(chunk))})",
                list(chunk),
            )
            found.update((row["id"], storyline_of(row)) for row in rows)
        return [found[i] for i in ids if i in found]

    def storyline(self, storyline_id: int) -> Storyline | None:
        """The storyline, or the one it was merged into (old links and buttons keep working)."""
        row = self.db.execute(
            "SELECT merged_into FROM storylines WHERE id = ?", (storyline_id,)
        ).fetchone()
        if row is not None and row[0] is not None:
            storyline_id = int(row[0])
        found = self.storylines([storyline_id])
        return found[0] if found else None

    def latest_storylines(self, limit: int) -> list[Storyline]:
        """Storylines with the newest activity first."""
        rows = self.db.query(
            f"""SELECT {STORYLINE_COLUMNS} FROM storylines WHERE merged_into IS NULL
                ORDER BY last_seen DESC, id DESC LIMIT ?""",
            (limit,),
        )
        return [storyline_of(row) for row in rows]

    def storyline_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM storylines").fetchone()[0])
