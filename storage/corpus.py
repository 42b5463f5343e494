"""Corpus statistics: how many documents hold each term, for storylines' IDF weights."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager

from storage.database import Database
from storage.sql import chunks, marks


class TermCounts:
    """Document frequencies during one write transaction: read once, counted in memory, written
    at its end. Sound because the transaction holds SQLite's write lock from its start."""

    def __init__(self) -> None:
        # Each term read so far: its count as stored plus those added since. Kept up to date
        # as terms are counted, so a lookup is one dict probe (three lookups an article).
        self.current: dict[str, int] = {}
        self.added: Counter[str] = Counter()
        self.documents: int | None = None
        self.documents_added = 0

    def count(self, terms: Iterable[str]) -> None:
        current, added = self.current, self.added
        for term in dict.fromkeys(terms):  # once per term, whatever `terms` is
            added[term] += 1
            if term in current:
                current[term] += 1
        self.documents_added += 1


class CorpusStatistics:
    """Document frequencies (part of storage.archive.Archive). Within `writing()` they are
    counted in memory and written once at the end."""

    db: Database
    _counts: TermCounts | None

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self.db.writing():
            if self._counts is not None:  # nested: the outer call writes the counts
                yield
                return
            self._counts = TermCounts()
            try:
                yield
                self._write_counts(self._counts)
            finally:
                self._counts = None

    def document_count(self) -> int:
        counts = self._counts
        if counts is not None and counts.documents is not None:
            return counts.documents + counts.documents_added
        row = self.db.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()
        stored = int(row[0]) if row else 0
        if counts is None:
            return stored
        counts.documents = stored
        return stored + counts.documents_added

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]:
        counts = self._counts
        if counts is None:
            return self._stored_frequencies(terms)
        current = counts.current
        missing = [t for t in terms if t not in current]
        if missing:
            found, added = self._stored_frequencies(missing), counts.added
            current.update((t, found.get(t, 0) + added.get(t, 0)) for t in missing)
        return {t: df for t in terms if (df := current[t])}

    def _stored_frequencies(self, terms: Collection[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(list(terms)):
            rows = self.db.execute(
                f"SELECT term, df FROM terms WHERE term IN ({marks(len(chunk))})", list(chunk)
            ).fetchall()
            found.update((term, int(df)) for term, df in rows)
        return found

    def count_terms(self, terms: Iterable[str]) -> None:
        """One more document, holding these terms."""
        counts = self._counts
        if counts is not None:
            counts.count(terms)
            return
        with self.writing():
            self.count_terms(terms)

    def _write_counts(self, counts: TermCounts) -> None:
        self.db.sql.conn.executemany(
            """INSERT INTO terms(term, df) VALUES (?, ?)
               ON CONFLICT(term) DO UPDATE SET df = df + excluded.df""",
            list(counts.added.items()),
        )
        if counts.documents_added:
            self.db.execute(
                """INSERT INTO meta(key, value) VALUES ('documents', ?)
                   ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + ?""",
                (str(counts.documents_added), counts.documents_added),
            )
