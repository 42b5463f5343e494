"""Topic search: safe full-text queries, and storylines ranked by relevance and recency."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from news.dates import parse_datetime
from news.models import Article, Muted, Storyline
from news.muting import NOTHING_MUTED, shown
from news.ports import SearchArchive
from news.search_plan import plan_search
from news.summary import summarize
from news.terms import STOPWORDS, content_terms, words

MAX_QUERY_TOKENS = 32
HITS_PER_QUERY = 300
RECENCY_HALF_LIFE_DAYS = 3.0


def fts_phrases(text: str) -> list[str]:
    """FTS5 phrases, one per searchable word of any user text (empty when none is left).

    Every token is quoted, so operators, quotes, column filters and stars in the text are
    searched for as words, never interpreted (sqlite-utils' quote_fts fails on some inputs).
    """
    tokens = words(text.replace("\x00", " "))
    kept = [t for t in tokens if t not in STOPWORDS] or tokens
    unique = list(dict.fromkeys(kept))[:MAX_QUERY_TOKENS]
    return ['"' + token.replace('"', '""') + '"' for token in unique]


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for any user text (any of its words), or None."""
    return " OR ".join(fts_phrases(text)) or None


@dataclass(frozen=True, slots=True)
class SearchResult:
    storyline: Storyline
    score: float
    summary: list[str]
    articles: list[Article]


def rank(
    hits: list[tuple[int, int, float]], storylines: dict[int, Storyline], now: datetime
) -> list[tuple[int, float]]:
    """Storylines by relevance (their best article matches) blended with recency and breadth."""
    by_storyline: dict[int, list[float]] = defaultdict(list)
    for _, storyline_id, bm25 in hits:
        # FTS5's bm25() is lower-is-better and negative; flip it to a positive relevance.
        # Filter-only queries have no text score: every hit counts the same.
        by_storyline[storyline_id].append(-bm25 if bm25 else 1.0)
    if not by_storyline:
        return []
    scores: list[tuple[int, float]] = []
    for storyline_id, relevances in by_storyline.items():
        storyline = storylines.get(storyline_id)
        if storyline is None:
            continue
        top = sorted(relevances, reverse=True)[:3]
        relevance = top[0] + 0.25 * sum(top[1:])
        age_days = max(0.0, (now - storyline.last_seen).total_seconds() / 86400)
        recency = 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)
        breadth = 1.0 + 0.1 * math.log1p(storyline.source_count)
        scores.append((storyline_id, relevance * (0.8 + 0.2 * recency) * breadth))
    scores.sort(key=lambda item: (-item[1], -item[0]))
    return scores


FILTER_HINT = "Filters: since:3d, since:12h, since:2025-06-01, source:reuters"
_FILTER = re.compile(r"^(since|source):(.*)$", re.IGNORECASE)
_AGE = re.compile(r"^(\d{1,4})([hdw])$", re.IGNORECASE)
_AGE_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


class QueryError(ValueError):
    """A filter the reader typed cannot be understood; the message says how to write it."""


@dataclass(frozen=True, slots=True)
class Query:
    """A reader's query: the words to search, and the filters typed with them."""

    words: str
    since: datetime | None = None
    sources: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return self.since is not None or bool(self.sources)


def parse_query(text: str, now: datetime) -> Query:
    """Words and filters (`since:3d`, `since:2025-06-01`, `source:reuters`) of a query."""
    kept: list[str] = []
    since: datetime | None = None
    sources: list[str] = []
    for token in text.split():
        match = _FILTER.match(token)
        if not match:
            kept.append(token)
            continue
        name, value = match[1].lower(), match[2].strip()
        if name == "source":
            if not value:
                raise QueryError(f"source: needs a name, e.g. source:reuters. {FILTER_HINT}")
            sources.append(value.lower())
            continue
        age = _AGE.match(value)
        if age:
            since = now - int(age[1]) * _AGE_UNITS[age[2].lower()]
            continue
        try:
            since = parse_datetime(value)
        except ValueError:
            raise QueryError(f"I did not understand since:{value[:30]}. {FILTER_HINT}") from None
    return Query(" ".join(kept), since, tuple(sources))


def search(
    archive: SearchArchive,
    text: str,
    now: datetime,
    limit: int = 10,
    offset: int = 0,
    muted: Muted = NOTHING_MUTED,
) -> list[SearchResult]:
    """The storylines best matching a free-text query, as of `now`; with `muted`, what a
    storyline shows leaves its muted articles out, and one with only those is left out.

    Raises QueryError for a filter that cannot be understood.
    """
    query = parse_query(text, now)
    query_terms = set(content_terms(query.words))
    results = []
    for storyline, score in matching_storylines(archive, query, now, limit, offset):
        # With mutes, a longer list to find five shown articles in; without, five are enough.
        newest = archive.storyline_articles(storyline.id, 50 if muted else 5, until=now)
        articles = shown(muted, newest)[:5]
        if not articles:
            continue
        results.append(
            SearchResult(
                storyline=storyline,
                score=score,
                summary=summarize(articles, query_terms, max_sentences=2),
                articles=articles,
            )
        )
    return results


def matching_storylines(
    archive: SearchArchive, query: Query, now: datetime, limit: int = 10, offset: int = 0
) -> list[tuple[Storyline, float]]:
    """The ranked storylines of a parsed query, without summaries (briefings need no more)."""
    phrases = fts_phrases(query.words)
    if not phrases and not query.filtered:
        return []
    plan = plan_search(archive, phrases)
    hits = archive.search_hits(
        plan, HITS_PER_QUERY, until=now, since=query.since, sources=query.sources
    )
    storylines = {s.id: s for s in archive.storylines(list({h[1] for h in hits}))}
    ranked = rank(hits, storylines, now)[offset : offset + limit]
    return [(storylines[storyline_id], score) for storyline_id, score in ranked]
