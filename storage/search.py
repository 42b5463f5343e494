"""Full-text search of the articles (FTS5): a query plan (news.search.plan) turned into SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from news.dates import to_iso
from news.search.plan import SearchPlan
from storage.database import Database
from storage.sql import chunks, like_escape, marks

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
    """Full-text hits ranked as a plan (news.search.plan) says (part of storage.archive.Archive)."""

    db: Database

    def _ranked_matches(
        self, plan: SearchPlan, limit: int, only: _Filter | None = None
    ) -> list[tuple[int, float]]:
        """(rowid, bm25) of the plan's best matches (among the articles passing the filter
        `only`), best first."""
        if plan.recent_from is None:
            return self._ranked(plan.every, 0, limit, only)
        hits: list[tuple[int, float]] = []
        if plan.ranked:
            hits = self._ranked(plan.ranked, plan.ranked_from or 0, limit, only)
            if plan.ranked_from is not None and plan.older:
                hits += self._older_matches(plan.older, plan.ranked, plan.ranked_from, only)
                hits.sort(key=lambda hit: hit[1])
        if len(hits) < limit and plan.unranked:
            # Within the newest matches of the whole query, like every other match.
            found = {rowid for rowid, _ in hits}
            join, where, params = only or _Filter()
            newest_first = f"""SELECT articles_fts.rowid FROM articles_fts {join}
                               WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? {where}
                               ORDER BY articles_fts.rowid DESC LIMIT ?"""
            rows = self.db.execute(
                newest_first, [plan.every, plan.recent_from, *params, limit + len(found)]
            )
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
        self, selective: str, match: str, bound: int, only: _Filter | None
    ) -> list[tuple[int, float]]:
        """(rowid, bm25) of the articles before `bound` holding a selective phrase."""
        # BM25 sums over the query's phrases, so an article's full score is its score for
        # "selective AND (all)" (the selective phrases counted twice) less its score for the
        # selective phrases alone.
        join, where, params = only or _Filter()
        older = f"""SELECT articles_fts.rowid, articles_fts.rank FROM articles_fts {join}
                    WHERE articles_fts MATCH ? AND articles_fts.rowid < ? {where}"""
        doubled = dict(self.db.execute(older, [f"({selective}) AND ({match})", bound, *params]))
        alone = dict(self.db.execute(older, [selective, bound, *params]))
        return [(int(r), float(doubled[r] - alone[r])) for r in doubled.keys() & alone.keys()]

    def nth_newest_match(self, match: str, n: int) -> int | None:
        """The rowid of the n-th newest article matching, or None when fewer match (reads at
        most n entries of the index, without scoring them)."""
        row = self.db.execute(
            """SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
               ORDER BY rowid DESC LIMIT 1 OFFSET ?""",
            (match, n - 1),
        ).fetchone()
        return int(row[0]) if row else None

    def newest_article(self) -> int:
        row = self.db.execute("SELECT MAX(rowid) FROM articles").fetchone()
        return int(row[0] or 0)

    def _stored_after(self, until: datetime | None) -> bool:
        """Whether any article was stored after `until` (a search as of an earlier time)."""
        if until is None:
            return False
        row = self.db.execute("SELECT MAX(fetched_at) FROM articles").fetchone()
        return row[0] is not None and row[0] > to_iso(until)

    def search_hits(
        self,
        plan: SearchPlan,
        limit: int,
        until: datetime | None = None,
        since: datetime | None = None,
        sources: Sequence[str] = (),
    ) -> list[tuple[int, int, float]]:
        """(article id, storyline id, bm25) of the best matches of the plan's phrases; lower
        bm25 is better.

        Without phrases, the newest articles that pass the filters, scored 0.
        """
        match = plan.every or None
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
            # joins in, within the plan's bounds (not around every match of a common word).
            only = None
            if since is not None or sources or self._stored_after(until):
                only = _Filter(
                    "JOIN articles a ON a.id = articles_fts.rowid "
                    "JOIN sources s ON s.id = a.source_id",
                    f"AND {conditions}",
                    tuple(params),
                )
            ranked = self._ranked_matches(plan, limit, only)
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
