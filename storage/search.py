"""Full-text search of the articles (FTS5), within the bounds that keep it fast."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from news.dates import to_iso
from storage.database import Database
from storage.sql import chunks, like_escape, marks

# Search ranks the newest RECENT_MATCHES matches of a query in full, older ones through its
# words with fewer than SELECTIVE_MATCHES matches (SearchIndex._ranked_matches).
RECENT_MATCHES = 5_000
SELECTIVE_MATCHES = 3_000
TITLE_SCAN = 10  # titles are searched for a word in fewer than 10 × SELECTIVE_MATCHES articles
# The score of a match only through words in over half the articles: FTS5's floor for their
# IDF (1e-6), times a term-frequency factor of about one.
UBIQUITOUS_SCORE = -1e-6


class _Filter(NamedTuple):
    """Conditions on the articles a search ranks: a join and where-clause to add to an FTS5
    query of articles_fts, and their parameters."""

    join: str = ""
    where: str = ""
    params: tuple[object, ...] = ()


class SearchIndex:
    """Ranked full-text hits (part of storage.archive.Archive)."""

    db: Database
    recent_matches: int
    selective_matches: int

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
            params += ["%" + like_escape(name.lower()) + "%" for name in sources]
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
            for chunk in chunks([rowid for rowid, _ in ranked]):
                storylines.update(
                    self.db.execute(
                        # The planner would read each article's row (see m007).
                        f"""SELECT id, storyline_id
                            FROM articles INDEXED BY articles_storyline_of
                            WHERE id IN ({marks(len(chunk))}) AND storyline_id IS NOT NULL""",
                        list(chunk),
                    ).fetchall()
                )
            rows = [(r, storylines[r], score) for r, score in ranked if r in storylines]
        return [(int(r[0]), int(r[1]), float(r[2])) for r in rows]
