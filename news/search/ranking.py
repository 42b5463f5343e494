"""Topic search: safe full-text queries, and storylines ranked by relevance and recency."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from news.dates import parse_datetime
from news.language.detection import is_function_word
from news.language.terms import STOPWORDS, content_terms, words
from news.ports import SearchArchive
from news.records import Article, Muted, Storyline
from news.search.muting import NOTHING_MUTED, shown
from news.search.plan import plan_search
from news.search.stems import search_stem
from news.search.summary import summarize
from news.storylines.state import QueryEmbedder
from news.vectors import dense_cosine

MAX_QUERY_TOKENS = 32
HITS_PER_QUERY = 300
RECENCY_HALF_LIFE_DAYS = 3.0


def fts_phrases(text: str) -> list[str]:
    """FTS5 phrases, one per searchable word of any user text (empty when none is left).

    Every token is quoted, so operators, quotes, column filters and stars in the text are
    searched for as words, never interpreted (sqlite-utils' quote_fts fails on some inputs).
    A word of another language than English is searched by its stem, as a prefix
    (news/search/stems.py).
    """
    tokens = words(text.replace("\x00", " "))
    kept = [t for t in tokens if t not in STOPWORDS and not is_function_word(t)] or tokens
    unique = list(dict.fromkeys(kept))[:MAX_QUERY_TOKENS]
    phrases = []
    for token in unique:
        stem = search_stem(token)
        quoted = '"' + (stem or token).replace('"', '""') + '"'
        phrases.append(quoted + "*" if stem else quoted)
    return list(dict.fromkeys(phrases))


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for any user text (any of its words), or None."""
    return " OR ".join(fts_phrases(text)) or None


@dataclass(frozen=True, slots=True)
class SearchResult:
    storyline: Storyline
    score: float
    summary: list[str]
    articles: list[Article]
    # The languages its articles are in, the most used first.
    languages: tuple[str, ...] = ()
    # Found by the meaning of the query, not its words (a story told in another language).
    by_meaning: bool = False
    # What the reader can see of it: with mutes, its muted articles are not counted.
    seen: StorylineCounts | None = None

    @property
    def counts(self) -> StorylineCounts:
        s = self.storyline
        return self.seen or StorylineCounts(s.article_count, s.source_count, s.last_seen)


@dataclass(frozen=True, slots=True)
class StorylineCounts:
    articles: int
    sources: int
    last_seen: datetime


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
    meaning: QueryEmbedder | None = None,
) -> list[SearchResult]:
    """The storylines best matching a free-text query, as of `now`; with `muted`, what a
    storyline shows leaves its muted articles out, and one with only those is left out.
    With `meaning` (the embedding model), when words find fewer than asked, the storylines
    closest in meaning follow (`by_meaning`).

    Raises QueryError for a filter that cannot be understood.
    """
    query = parse_query(text, now)
    query_terms = set(content_terms(query.words))
    ranked = matching_storylines(archive, query, now, limit + offset)
    meant: set[int] = set()
    few = len(ranked) < limit + offset
    if meaning is not None and few and query.words.strip() and not query.filtered:
        found = {storyline.id for storyline, _ in ranked}
        closest = closest_in_meaning(archive, meaning, query, now)
        extra = [(storyline, score) for storyline, score in closest if storyline.id not in found]
        meant = {storyline.id for storyline, _ in extra}
        ranked += extra
    page = ranked[offset : offset + limit]
    languages = archive.storyline_languages([storyline.id for storyline, _ in page])
    results = []
    for storyline, score in page:
        # With mutes, a longer list to find five shown articles in; without, five are enough.
        newest = archive.storyline_articles(storyline.id, MUTED_LOOKUP if muted else 5, until=now)
        visible = shown(muted, newest)
        articles = visible[:5]
        if not articles:
            continue
        results.append(
            SearchResult(
                storyline=storyline,
                score=score,
                summary=summarize(articles, query_terms, max_sentences=2),
                articles=articles,
                languages=tuple(languages.get(storyline.id, ())),
                by_meaning=storyline.id in meant,
                seen=_seen(storyline, newest, visible) if muted else None,
            )
        )
    return results


# With mutes, this many of a storyline's newest articles are read to count what is seen.
MUTED_LOOKUP = 200


def _seen(storyline: Storyline, newest: list[Article], visible: list[Article]) -> StorylineCounts:
    """What a reader with mutes sees of a storyline: exact when its newest articles are all of
    it, else its counts less what the mutes hide among the newest."""
    sources = {a.source for a in visible}
    last_seen = max(a.when for a in visible)
    if len(newest) >= storyline.article_count:
        return StorylineCounts(len(visible), len(sources), last_seen)
    hidden_sources = {a.source for a in newest} - sources
    count = storyline.article_count - (len(newest) - len(visible))
    return StorylineCounts(
        count, max(storyline.source_count - len(hidden_sources), len(sources)), last_seen
    )


# Search by meaning: e5's query-to-passage cosines crowd into a narrow band, so a storyline
# must both reach the floor and come within the margin of the closest one (chosen in
# docs/decisions/multilingual-meaning.md).
MEANING_FLOOR = 0.80
MEANING_MARGIN = 0.01
MEANING_RESULTS = 3
MEANING_WINDOW = timedelta(days=30)
MEANING_POOL = 1000


def closest_in_meaning(
    archive: SearchArchive, meaning: QueryEmbedder, query: Query, now: datetime
) -> list[tuple[Storyline, float]]:
    """The storylines closest to the query's meaning, for when its words find little: a
    query in one language finds a story reported only in others."""
    pool = archive.storyline_embeddings(now - MEANING_WINDOW, MEANING_POOL)
    if not pool:
        return []
    vector = meaning.embed_query(query.words)
    scored = [(storyline_id, dense_cosine(vector, summed)) for storyline_id, summed in pool]
    best = max(score for _, score in scored)
    least = max(MEANING_FLOOR, best - MEANING_MARGIN)
    chosen = sorted((s for s in scored if s[1] >= least), key=lambda s: -s[1])[:MEANING_RESULTS]
    storylines = {s.id: s for s in archive.storylines([sid for sid, _ in chosen])}
    return [(storylines[sid], score) for sid, score in chosen if sid in storylines]


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
