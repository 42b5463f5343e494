"""Article rows: storing an article, finding its duplicates, and reading articles back."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from news.dates import from_iso, to_iso
from news.records import Article, NewArticle
from news.vectors import Vector
from storage.article_lists import ArticleList, ArticleLists
from storage.database import Database
from storage.sql import chunks, marks, packed, unpacked

ARTICLE_COLUMNS = """a.id, a.external_id, a.url, a.title, a.body, s.name AS source,
    a.published_at, a.fetched_at, a.language, a.storyline_id"""


def article_of(row: sqlite3.Row) -> Article:
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


class ArticleRows:
    """The articles and their outlets (part of storage.archive.Archive)."""

    db: Database
    _source_ids: dict[str, int]
    _article_lists: ArticleLists

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
        # band match.
        rows = self.db.execute(
            f"""WITH keys(band, value) AS (VALUES {keys})
                SELECT a.id, a.body
                FROM (SELECT m.article_id, COUNT(*) AS shared
                      FROM keys JOIN minhash_bands m
                          ON m.day IN ({marks(len(days))})
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

    def _insert_article(self, article: NewArticle, storyline_id: int) -> int:
        """Store an article in its storyline, its MinHash bands filed under its day."""
        draft = article.draft
        cursor = self.db.execute(
            """INSERT INTO articles (external_id, url, url_key, fingerprint, title, body,
                   source_id, published_at, fetched_at, language, storyline_id, embedding)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                draft.external_id,
                draft.url,
                article.url_key,
                article.fingerprint,
                draft.title,
                draft.body,
                self._source_id(draft.source),
                to_iso(draft.published_at) if draft.published_at else None,
                to_iso(article.fetched_at),
                draft.language,
                storyline_id,
                packed(article.embedding),
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        self.db.sql.conn.executemany(
            "INSERT INTO minhash_bands (day, band, value, article_id) VALUES (?, ?, ?, ?)",
            [(article.day, band, value, article_id) for band, value in article.bands],
        )
        return article_id

    def revise(self, external_id: str, title: str, body: str) -> int | None:
        """Replace an article's text, found by its external id (a channel post edited): its
        search index follows; its storyline stays. The article's id, None when unknown."""
        with self.db.writing():
            row = self.db.execute(
                "SELECT id FROM articles WHERE external_id = ? ORDER BY id LIMIT 1",
                (external_id,),
            ).fetchone()
            if row is None:
                return None
            self.db.execute(
                "UPDATE articles SET title = ?, body = ? WHERE id = ?", (title, body, row[0])
            )
            return int(row[0])

    def articles(self, ids: Sequence[int]) -> list[Article]:
        found: dict[int, Article] = {}
        for chunk in chunks(list(ids)):
            rows = self.db.query(
                f"""SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id
                    WHERE a.id IN ({marks(len(chunk))})""",
                list(chunk),
            )
            found.update((row["id"], article_of(row)) for row in rows)
        return [found[i] for i in ids if i in found]

    def article_embeddings(self, ids: Sequence[int]) -> dict[int, Vector]:
        """The stored embeddings of these articles (those stored with one)."""
        found: dict[int, Vector] = {}
        for chunk in chunks(list(ids)):
            rows = self.db.execute(
                f"""SELECT id, embedding FROM articles
                    WHERE id IN ({marks(len(chunk))}) AND embedding IS NOT NULL""",
                list(chunk),
            ).fetchall()
            found.update((int(row[0]), unpacked(row[1])) for row in rows)
        return found

    def article_by_public_id(self, public_id: str) -> int | None:
        """The article shown with this id: its record's own id, else its number."""
        row = self.db.execute(
            "SELECT id FROM articles WHERE external_id = ? ORDER BY id LIMIT 1", (public_id,)
        ).fetchone()
        if row is None and public_id.isdigit():
            row = self.db.execute(
                "SELECT id FROM articles WHERE id = ? AND external_id IS NULL", (int(public_id),)
            ).fetchone()
        return int(row[0]) if row is not None else None

    def storylines_of(self, article_ids: Sequence[int]) -> list[int | None]:
        """Each article's storyline, in the order asked."""
        found: dict[int, int | None] = {}
        for chunk in chunks(list(article_ids)):
            rows = self.db.execute(
                f"SELECT id, storyline_id FROM articles WHERE id IN ({marks(len(chunk))})",
                list(chunk),
            ).fetchall()
            found.update((int(row[0]), row[1]) for row in rows)
        return [found.get(i) for i in article_ids]

    def member_ids(self, storyline_id: int) -> list[int]:
        """The ids of a storyline's articles, in the order they were stored."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE storyline_id = ? ORDER BY id", (storyline_id,)
        ).fetchall()
        return [int(row[0]) for row in rows]

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def storyline_articles(
        self, storyline_id: int, limit: int, until: datetime | None = None, offset: int = 0
    ) -> list[Article]:
        """A storyline's articles, newest first."""
        # `+fetched_at`: not a key for the index on (storyline_id, fetched_at), so the one in
        # this order is walked and only `limit` rows are read (m007).
        rows = self.db.query(
            f"""SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id
                WHERE a.storyline_id = ? AND +a.fetched_at <= ?
                ORDER BY COALESCE(a.published_at, a.fetched_at) DESC, a.id DESC
                LIMIT ? OFFSET ?""",
            (storyline_id, to_iso(until) if until else "9999", limit, offset),
        )
        return [article_of(row) for row in rows]

    def new_articles(self, storyline_id: int, after: datetime, until: datetime) -> list[Article]:
        """A storyline's articles stored in (after, until], oldest first."""
        row = self.db.execute(
            "SELECT article_count, centroid_norm FROM storylines WHERE id = ?", (storyline_id,)
        ).fetchone()
        count, norm = (int(row[0]), float(row[1])) if row else (0, 0.0)
        if not self._article_lists.keeps(count):
            return self._stored_between(storyline_id, to_iso(after), to_iso(until))
        kept = self._article_lists.get(storyline_id, count, norm)
        if kept is None:
            kept = ArticleList.of(self._stored_between(storyline_id, "", "9999"))  # all of it
            self._article_lists.put(storyline_id, kept, norm)
        return kept.between(after, until)

    def _stored_between(self, storyline_id: int, after: str, until: str) -> list[Article]:
        rows = self.db.query(
            f"""SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id
                WHERE a.storyline_id = ? AND a.fetched_at > ? AND a.fetched_at <= ?
                ORDER BY a.fetched_at, a.id""",
            (storyline_id, after, until),
        )
        return [article_of(row) for row in rows]

    def storyline_languages(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """The languages each storyline's articles are in, the most used first (articles
        stored before languages were kept count as English)."""
        found: dict[int, list[str]] = {}
        for chunk in chunks(list(ids)):
            rows = self.db.execute(
                f"""SELECT storyline_id, CASE language WHEN '' THEN 'en' ELSE language END AS l,
                        COUNT(*) AS n
                    FROM articles WHERE storyline_id IN ({marks(len(chunk))})
                    GROUP BY storyline_id, l ORDER BY storyline_id, n DESC, l""",
                list(chunk),
            ).fetchall()
            for storyline_id, language, _ in rows:
                found.setdefault(int(storyline_id), []).append(str(language))
        return found

    def public_article_ids(self, storyline_id: int) -> list[str]:
        rows = self.db.execute(
            """SELECT COALESCE(external_id, CAST(id AS TEXT)) FROM articles
               WHERE storyline_id = ? ORDER BY COALESCE(published_at, fetched_at), id""",
            (storyline_id,),
        ).fetchall()
        return [row[0] for row in rows]
