"""Articles, sources and storylines: what ingest writes and search reads."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import NamedTuple

import numpy as np

from news.dates import from_iso, to_iso
from news.models import Article, ArticleDraft, Storyline
from news.storylines import StorylineState
from storage.article_lists import ArticleList, ArticleLists
from storage.database import Database

_ARTICLE_COLUMNS = """a.id, a.external_id, a.url, a.title, a.body, s.name AS source,
    a.published_at, a.fetched_at, a.language, a.storyline_id"""
_STORYLINE_COLUMNS = "id, label, first_seen, last_seen, article_count, source_count"
# What storyline assignment reads of a storyline (news.storylines.StorylineState).
_STATE_COLUMNS = (
    "id, centroid, article_count, last_seen, label, centroid_norm, embedding, headline_count"
)
_CHUNK = 500  # stays well under SQLite's limit on bound parameters
# Search ranks the newest RECENT_MATCHES matches of a query in full, older ones through its
# words with fewer than SELECTIVE_MATCHES matches (Archive._ranked_matches).
RECENT_MATCHES = 5_000
SELECTIVE_MATCHES = 3_000
TITLE_SCAN = 10  # titles are searched for a word in fewer than 10 × SELECTIVE_MATCHES articles
# The score of a match only through words in over half the articles: FTS5's floor for their
# IDF (1e-6), times a term-frequency factor of about one.
UBIQUITOUS_SCORE = -1e-6
# How far a storyline's index stamps may lag its last_seen (Archive._index).
INDEX_SLACK = timedelta(hours=1)
_CENTROID_CACHE = 2048  # decoded centroids kept (about 15 KB each)


def _chunks(items: Sequence[object], size: int = _CHUNK) -> Iterator[Sequence[object]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        external_id=row["external_id"],
        url=row["url"],
        title=row["title"],
        body=row["body"],
        source=row["source"],
        published_at=from_iso(row["published_at"]) if row["published_at"] else None,
        fetched_at=from_iso(row["fetched_at"]),
        language=row["language"],
        storyline_id=row["storyline_id"],
    )


def _blob(state: StorylineState) -> bytes | None:
    return state.embedding.astype(np.float32).tobytes() if state.embedding is not None else None


def _encode_centroid(terms: Mapping[str, float]) -> bytes:
    """A centroid as stored: its terms as a JSON list, a NUL (which JSON text never holds),
    then its values as little-endian doubles. Every article writes a centroid and reads about
    one; this takes a fifth of the time a JSON object did (0.3 ms an article)."""
    values = np.fromiter(terms.values(), dtype="<f8", count=len(terms))
    return json.dumps(list(terms), ensure_ascii=False).encode() + b"\0" + values.tobytes()


def _decode_centroid(stored: str | bytes) -> dict[str, float]:
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


def _storyline(row: sqlite3.Row) -> Storyline:
    return Storyline(
        id=row["id"],
        label=row["label"],
        first_seen=from_iso(row["first_seen"]),
        last_seen=from_iso(row["last_seen"]),
        article_count=row["article_count"],
        source_count=row["source_count"],
    )


class _TermCounts:
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


class _Filter(NamedTuple):
    """Conditions on the articles a search ranks: a join and where-clause to add to an FTS5
    query of articles_fts, and their parameters."""

    join: str = ""
    where: str = ""
    params: tuple[object, ...] = ()


class Archive:
    """Repository of articles and storylines (implements news.ports' archive protocols)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._source_ids: dict[str, int] = {}
        self._counts: _TermCounts | None = None
        self._centroids: dict[tuple[int, int, float], dict[str, float]] = {}
        self._article_lists = ArticleLists()
        self.recent_matches = RECENT_MATCHES
        self.selective_matches = SELECTIVE_MATCHES

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self.db.writing():
            if self._counts is not None:  # nested: the outer call writes the counts
                yield
                return
            self._counts = _TermCounts()
            try:
                yield
                self._write_counts(self._counts)
            finally:
                self._counts = None

    # --- articles ---------------------------------------------------------------------------

    def find_duplicate(self, url_key: str, fingerprint: str) -> int | None:
        if url_key:
            row = self.db.execute(
                # The condition repeats the partial index's, so SQLite can use the index.
                "SELECT id FROM articles WHERE url_key = ? AND url_key != ''",
                (url_key,),
            ).fetchone()
            if row:
                return int(row[0])
        row = self.db.execute(
            "SELECT id FROM articles WHERE fingerprint = ? LIMIT 1", (fingerprint,)
        ).fetchone()
        return int(row[0]) if row else None

    def _source_id(self, name: str) -> int:
        cached = self._source_ids.get(name)
        if cached is not None:
            return cached
        self.db.execute("INSERT OR IGNORE INTO sources(name) VALUES (?)", (name,))
        source_id = int(
            self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0]
        )
        self._source_ids[name] = source_id
        return source_id

    def band_candidates(
        self, bands: Sequence[tuple[int, int]], days: Sequence[int], limit: int
    ) -> list[tuple[int, str]]:
        """(id, body) of articles dated on `days` sharing a MinHash band, most shared first."""
        if not bands or not days:
            return []
        keys = ", ".join("(?, ?)" for _ in bands)
        # Each (band, value) is looked up on each day: a seek in the primary key. Counted
        # before the join: a body is read only for the `limit` best candidates, not for every
        # band match (28 ms an article at 1M articles when it was).
        rows = self.db.execute(
            f"""WITH keys(band, value) AS (VALUES {keys})
                SELECT a.id, a.body
                FROM (SELECT m.article_id, COUNT(*) AS shared
                      FROM keys JOIN minhash_bands m
                          ON m.day IN ({_marks(len(days))})
                          AND m.band = keys.band AND m.value = keys.value
                      GROUP BY m.article_id
                      ORDER BY shared DESC, m.article_id LIMIT ?) b
                JOIN articles a ON a.id = b.article_id
                ORDER BY b.shared DESC, b.article_id""",
            [*[part for pair in bands for part in pair], *days, limit],
        ).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def add_syndication(self, article_id: int, source: str, url: str) -> None:
        self.db.execute(
            """INSERT OR IGNORE INTO article_sources (article_id, source_id, url)
               SELECT ?, ?, ? WHERE NOT EXISTS
                   (SELECT 1 FROM articles WHERE id = ? AND source_id = ?)""",
            (article_id, self._source_id(source), url, article_id, self._source_id(source)),
        )

    def syndicated_sources(self, article_id: int) -> list[str]:
        rows = self.db.execute(
            """SELECT s.name FROM article_sources x JOIN sources s ON s.id = x.source_id
               WHERE x.article_id = ? ORDER BY s.name""",
            (article_id,),
        ).fetchall()
        return [row[0] for row in rows]

    def add_article(
        self,
        draft: ArticleDraft,
        *,
        url_key: str,
        fingerprint: str,
        fetched_at: datetime,
        bands: Sequence[tuple[int, int]],
        day: int,
        storyline_id: int,
    ) -> int:
        """Store an article in its storyline; its MinHash `bands` are filed under `day`
        (news.dedup.day_number)."""
        cursor = self.db.execute(
            """INSERT INTO articles (external_id, url, url_key, fingerprint, title, body,
                   source_id, published_at, fetched_at, language, storyline_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                draft.external_id,
                draft.url,
                url_key,
                fingerprint,
                draft.title,
                draft.body,
                self._source_id(draft.source),
                to_iso(draft.published_at) if draft.published_at else None,
                to_iso(fetched_at),
                draft.language,
                storyline_id,
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        self.db.sql.conn.executemany(
            "INSERT INTO minhash_bands (day, band, value, article_id) VALUES (?, ?, ?, ?)",
            [(day, band, value, article_id) for band, value in bands],
        )
        return article_id

    def articles(self, ids: Sequence[int]) -> list[Article]:
        found: dict[int, Article] = {}
        for chunk in _chunks(list(ids)):
            rows = self.db.query(
                f"""SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id
                    WHERE a.id IN ({_marks(len(chunk))})""",
                list(chunk),
            )
            found.update((row["id"], _article(row)) for row in rows)
        return [found[i] for i in ids if i in found]

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def storyline_articles(
        self, storyline_id: int, limit: int, until: datetime | None = None, offset: int = 0
    ) -> list[Article]:
        """A storyline's articles, newest first."""
        # `+fetched_at`: not a key for the index on (storyline_id, fetched_at), so the one in
        # this order is walked and only `limit` rows are read (m007).
        rows = self.db.query(
            f"""SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id
                WHERE a.storyline_id = ? AND +a.fetched_at <= ?
                ORDER BY COALESCE(a.published_at, a.fetched_at) DESC, a.id DESC
                LIMIT ? OFFSET ?""",
            (storyline_id, to_iso(until) if until else "9999", limit, offset),
        )
        return [_article(row) for row in rows]

    def new_articles(self, storyline_id: int, after: datetime, until: datetime) -> list[Article]:
        """A storyline's articles stored in (after, until], oldest first."""
        row = self.db.execute(
            "SELECT article_count FROM storylines WHERE id = ?", (storyline_id,)
        ).fetchone()
        count = int(row[0]) if row else 0
        if not self._article_lists.keeps(count):
            return self._stored_between(storyline_id, to_iso(after), to_iso(until))
        kept = self._article_lists.get(storyline_id, count)
        if kept is None:
            kept = ArticleList.of(self._stored_between(storyline_id, "", "9999"))  # all of it
            self._article_lists.put(storyline_id, kept)
        return kept.between(after, until)

    def _stored_between(self, storyline_id: int, after: str, until: str) -> list[Article]:
        rows = self.db.query(
            f"""SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id
                WHERE a.storyline_id = ? AND a.fetched_at > ? AND a.fetched_at <= ?
                ORDER BY a.fetched_at, a.id""",
            (storyline_id, after, until),
        )
        return [_article(row) for row in rows]

    def public_article_ids(self, storyline_id: int) -> list[str]:
        rows = self.db.execute(
            """SELECT COALESCE(external_id, CAST(id AS TEXT)) FROM articles
               WHERE storyline_id = ? ORDER BY COALESCE(published_at, fetched_at), id""",
            (storyline_id,),
        ).fetchall()
        return [row[0] for row in rows]

    # --- term statistics (CorpusView) -------------------------------------------------------

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
        for chunk in _chunks(list(terms)):
            rows = self.db.execute(
                f"SELECT term, df FROM terms WHERE term IN ({_marks(len(chunk))})", list(chunk)
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

    def _write_counts(self, counts: _TermCounts) -> None:
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

    # --- storylines -------------------------------------------------------------------------

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
                      WHERE term IN ({_marks(len(terms))}) AND last_seen >= ? AND last_seen < ?
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
        )

    def _centroid(self, row: sqlite3.Row) -> dict[str, float]:
        """The decoded centroid, from a cache: every article reads a score of them, and a
        centroid changes only with its storyline's article count and norm. Read-only."""
        key = (row["id"], row["article_count"], row["centroid_norm"])
        terms = self._centroids.pop(key, None)
        if terms is None:
            terms = _decode_centroid(row["centroid"])
            if len(self._centroids) >= _CENTROID_CACHE:
                del self._centroids[next(iter(self._centroids))]  # the least recently used
        self._centroids[key] = terms
        return terms

    def storyline_state(self, storyline_id: int) -> StorylineState | None:
        rows = self.db.query(
            f"SELECT {_STATE_COLUMNS} FROM storylines WHERE id = ?",
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

    def create_storyline(
        self, state: StorylineState, when: datetime, index_terms: Sequence[str]
    ) -> int:
        """A new storyline of one article, dated `when`, added next (`add_article`).

        The storyline comes first so that its article is stored in it: setting the article's
        storyline afterwards rewrote four of its index entries.
        """
        stamp = to_iso(when)
        cursor = self.db.execute(
            """INSERT INTO storylines (label, first_seen, last_seen, article_count,
                   source_count, centroid, centroid_norm, embedding, headline_count)
               VALUES (?, ?, ?, 1, 1, ?, ?, ?, ?)""",
            (
                state.label,
                stamp,
                stamp,
                _encode_centroid(state.terms),
                state.norm,
                _blob(state),
                state.headlines,
            ),
        )
        storyline_id = int(cursor.lastrowid or 0)
        self._index(storyline_id, index_terms)
        return storyline_id

    def join_storyline(
        self, state: StorylineState, when: datetime, index_terms: Sequence[str]
    ) -> None:
        """The storyline with one more article, dated `when`, already stored in it."""
        storyline_id = state.storyline_id
        stamp = to_iso(when)
        self.db.execute(
            """UPDATE storylines SET
                   label = ?, centroid = ?, centroid_norm = ?, embedding = ?, headline_count = ?,
                   first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?),
                   article_count = article_count + 1,
                   source_count = (SELECT COUNT(DISTINCT source_id) FROM articles
                                   WHERE storyline_id = ?) -- uses articles_storyline_source
               WHERE id = ?""",
            (
                state.label,
                _encode_centroid(state.terms),
                state.norm,
                _blob(state),
                state.headlines,
                stamp,
                stamp,
                storyline_id,
                storyline_id,
            ),
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
        self.db.execute(
            """UPDATE storylines SET
                   label = ?, centroid = ?, centroid_norm = ?, embedding = ?, headline_count = ?,
                   first_seen = MIN(first_seen, (SELECT first_seen FROM storylines WHERE id = ?)),
                   last_seen = MAX(last_seen, (SELECT last_seen FROM storylines WHERE id = ?)),
                   article_count = (SELECT COUNT(*) FROM articles WHERE storyline_id = ?),
                   source_count = (SELECT COUNT(DISTINCT source_id) FROM articles
                                   WHERE storyline_id = ?)
               WHERE id = ?""",
            (
                state.label,
                _encode_centroid(state.terms),
                state.norm,
                _blob(state),
                state.headlines,
                absorbed_id,
                absorbed_id,
                survivor_id,
                survivor_id,
                survivor_id,
            ),
        )
        self._index(survivor_id, index_terms)

    def storylines(self, ids: Sequence[int]) -> list[Storyline]:
        found: dict[int, Storyline] = {}
        for chunk in _chunks(list(ids)):
            rows = self.db.query(
                f"SELECT {_STORYLINE_COLUMNS} FROM storylines WHERE id IN ({_marks(len(chunk))})",
                list(chunk),
            )
            found.update((row["id"], _storyline(row)) for row in rows)
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
            f"""SELECT {_STORYLINE_COLUMNS} FROM storylines WHERE merged_into IS NULL
                ORDER BY last_seen DESC, id DESC LIMIT ?""",
            (limit,),
        )
        return [_storyline(row) for row in rows]

    def storyline_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM storylines").fetchone()[0])

    def storylines_with_new_articles(self, after: datetime, until: datetime) -> list[int]:
        rows = self.db.execute(
            """SELECT DISTINCT storyline_id FROM articles
               WHERE fetched_at > ? AND fetched_at <= ? AND storyline_id IS NOT NULL""",
            (to_iso(after), to_iso(until)),
        ).fetchall()
        return [int(row[0]) for row in rows]

    # --- search -----------------------------------------------------------------------------

    def _ranked_matches(
        self, phrases: Sequence[str], limit: int, only: _Filter | None = None
    ) -> list[tuple[int, float]]:
        """(rowid, bm25) of the best FTS5 matches of any phrase (among the articles passing
        the filter `only`), best first.

        FTS5 scores every match before it sorts, and its bm25() first counts every match of
        each phrase (its IDF), so ranking a common word's matches grows with the archive.
        Past `recent_matches` matches:

        - a word in more than half the newest articles is left out of the ranking: BM25 gives
          it no weight (FTS5 floors its IDF at 1e-6), yet counting its matches is most of the
          cost ("city" in 950,000 of 1M articles: 55 ms). Articles matched only through such
          words follow every real match, newest first, at that floor;
        - the newest `recent_matches` matches of the other words are ranked in full, and older
          articles only when they hold one of the query's selective words (fewer than
          `selective_matches` matches each, in the whole text or in titles): an older article
          with none of them would have only common words to match by, and lose to the newer
          ones anyway.
        """
        every = " OR ".join(phrases)
        recent = self._nth_newest_match(every, self.recent_matches)
        if recent is None:
            return self._ranked(every, 0, limit, only)
        newest = int(self.db.execute("SELECT MAX(rowid) FROM articles").fetchone()[0])
        weighty = [p for p in phrases if not self._ubiquitous(p, newest)]
        hits: list[tuple[int, float]] = []
        if weighty:
            match = " OR ".join(weighty)
            bound = self._nth_newest_match(match, self.recent_matches)
            hits = self._ranked(match, bound or 0, limit, only)
            if bound is not None:
                hits += self._older_matches(weighty, match, bound, only)
                hits.sort(key=lambda hit: hit[1])
        if len(hits) < limit and len(weighty) < len(phrases):
            # Within the newest matches of the whole query, like every other match.
            found = {rowid for rowid, _ in hits}
            join, where, params = only or _Filter()
            newest_first = f"""SELECT articles_fts.rowid FROM articles_fts {join}
                               WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? {where}
                               ORDER BY articles_fts.rowid DESC LIMIT ?"""
            rows = self.db.execute(newest_first, [every, recent, *params, limit + len(found)])
            hits += [(int(r), UBIQUITOUS_SCORE) for (r,) in rows if r not in found]
        return hits[:limit]

    def _ranked(
        self, match: str, bound: int, limit: int, only: _Filter | None
    ) -> list[tuple[int, float]]:
        """FTS5's own ranking of the matches from rowid `bound` on."""
        join, where, params = only or _Filter()
        ranked = f"""SELECT articles_fts.rowid, articles_fts.rank FROM articles_fts {join}
                     WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? {where}
                     ORDER BY articles_fts.rank LIMIT ?"""
        rows = self.db.execute(ranked, [match, bound, *params, limit]).fetchall()
        return [(int(r), float(score)) for r, score in rows]

    def _older_matches(
        self, phrases: Sequence[str], match: str, bound: int, only: _Filter | None
    ) -> list[tuple[int, float]]:
        """(rowid, bm25) of the articles before `bound` holding a selective phrase."""
        selective = " OR ".join(filter(None, (self._selective(p) for p in phrases)))
        if not selective:
            return []
        # BM25 sums over the query's phrases, so an article's full score is its score for
        # "selective AND (all)" (the selective phrases counted twice) less its score for the
        # selective phrases alone.
        join, where, params = only or _Filter()
        older = f"""SELECT articles_fts.rowid, articles_fts.rank FROM articles_fts {join}
                    WHERE articles_fts MATCH ? AND articles_fts.rowid < ? {where}"""
        doubled = dict(self.db.execute(older, [f"({selective}) AND ({match})", bound, *params]))
        alone = dict(self.db.execute(older, [selective, bound, *params]))
        return [(int(r), float(doubled[r] - alone[r])) for r in doubled.keys() & alone.keys()]

    def _ubiquitous(self, phrase: str, newest: int) -> bool:
        """Whether the phrase is in more than half the newest articles (judged by how far back
        its newest `recent_matches` matches reach)."""
        nth = self._nth_newest_match(phrase, self.recent_matches)
        return nth is not None and 2 * self.recent_matches > newest - nth + 1

    def _selective(self, phrase: str) -> str:
        """The phrase as an FTS5 query of older articles: as it is when it is selective
        anywhere, only in titles when it is selective there (a name that is also a common
        word), or nothing ("")."""
        if self._nth_newest_match(phrase, self.selective_matches) is None:
            return phrase
        if self._nth_newest_match(phrase, self.selective_matches * TITLE_SCAN) is not None:
            # Too common to be a name; a title-only look would read every one of its matches
            # (200 ms for "city" in 750,000 articles).
            return ""
        in_titles = f"title : {phrase}"
        if self._nth_newest_match(in_titles, self.selective_matches) is None:
            return in_titles
        return ""

    def _nth_newest_match(self, match: str, n: int) -> int | None:
        """The rowid of the n-th newest article matching, or None when fewer match (reads at
        most n entries of the index, without scoring them)."""
        row = self.db.execute(
            """SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
               ORDER BY rowid DESC LIMIT 1 OFFSET ?""",
            (match, n - 1),
        ).fetchone()
        return int(row[0]) if row else None

    def _stored_after(self, until: datetime | None) -> bool:
        """Whether any article was stored after `until` (a search as of an earlier time)."""
        if until is None:
            return False
        row = self.db.execute("SELECT MAX(fetched_at) FROM articles").fetchone()
        return row[0] is not None and row[0] > to_iso(until)

    def search_hits(
        self,
        phrases: Sequence[str],
        limit: int,
        until: datetime | None = None,
        since: datetime | None = None,
        sources: Sequence[str] = (),
    ) -> list[tuple[int, int, float]]:
        """(article id, storyline id, bm25) of the best matches of any of the FTS5 `phrases`;
        lower bm25 is better.

        Without phrases, the newest articles that pass the filters, scored 0.
        """
        match = " OR ".join(phrases) or None
        where = ["a.storyline_id IS NOT NULL", "a.fetched_at <= ?"]
        params: list[object] = [to_iso(until) if until else "9999"]
        if since is not None:
            where.append("COALESCE(a.published_at, a.fetched_at) >= ?")
            params.append(to_iso(since))
        if sources:
            where.append(
                "(" + " OR ".join("lower(s.name) LIKE ? ESCAPE '\\'" for _ in sources) + ")"
            )
            params += ["%" + _like_escape(name.lower()) + "%" for name in sources]
        conditions = " AND ".join(where)
        if match is None:
            sql = f"""SELECT a.id, a.storyline_id, 0.0 FROM articles a
                      JOIN sources s ON s.id = a.source_id WHERE {conditions}
                      ORDER BY a.fetched_at DESC LIMIT ?"""
            rows = self.db.execute(sql, [*params, limit]).fetchall()
        else:
            # Nothing to filter out: FTS5 ranks and cuts on its own. Otherwise the filter
            # joins in, within the same bounds (ranking every match of a common word through
            # the join took 8 s at 1M articles).
            only = None
            if since is not None or sources or self._stored_after(until):
                only = _Filter(
                    "JOIN articles a ON a.id = articles_fts.rowid "
                    "JOIN sources s ON s.id = a.source_id",
                    f"AND {conditions}",
                    tuple(params),
                )
            ranked = self._ranked_matches(phrases, limit, only)
            storylines: dict[int, int] = {}
            for chunk in _chunks([rowid for rowid, _ in ranked]):
                storylines.update(
                    self.db.execute(
                        # The planner would read each article's row (see m007).
                        f"""SELECT id, storyline_id
                            FROM articles INDEXED BY articles_storyline_of
                            WHERE id IN ({_marks(len(chunk))}) AND storyline_id IS NOT NULL""",
                        list(chunk),
                    ).fetchall()
                )
            rows = [(r, storylines[r], score) for r, score in ranked if r in storylines]
        return [(int(r[0]), int(r[1]), float(r[2])) for r in rows]
