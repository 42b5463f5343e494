"""An archive in memory: the domain's archive ports (news.ports) implemented without SQLite.

It keeps what storage keeps — articles, outlets, document frequencies, storylines with their
centroids and index terms, merges — in plain dicts, so the ingest and briefing use cases run
against it exactly as against storage.archive.Archive. Full-text search matches whole words
by their stem and ranks every match (SQLite's bounds are a cost measure, not a meaning).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

from news.language.terms import stem, words
from news.records import Article, NewArticle, Storyline
from news.search.plan import SearchPlan
from news.storylines.state import StorylineState
from news.vectors import Vector

_PHRASE = re.compile(r'(title : )?"((?:[^"]|"")*)"')


@dataclass
class _Row:
    article: Article
    url_key: str
    fingerprint: str
    bands: set[tuple[int, int]]
    day: int


@dataclass
class _Story:
    state: StorylineState
    first_seen: datetime
    index_terms: list[str]
    merged_into: int | None = None
    sources: set[str] = field(default_factory=set)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text)}


class MemoryArchive:
    """news.ports.IngestArchive and news.briefings.compose.BriefingArchive, in memory."""

    def __init__(self) -> None:
        self.rows: dict[int, _Row] = {}
        self.stories: dict[int, _Story] = {}
        self.syndicated: dict[int, set[str]] = {}
        self.frequencies: Counter[str] = Counter()
        self.documents = 0
        self.outlet_boilerplate: dict[str, set[str]] = {}

    @contextmanager
    def writing(self) -> Iterator[None]:
        yield  # one thread, no other writer: every change is already in place

    # --- articles ---------------------------------------------------------------------------

    def find_duplicate(self, url_key: str, fingerprint: str) -> int | None:
        for article_id, row in self.rows.items():
            if (url_key and row.url_key == url_key) or row.fingerprint == fingerprint:
                return article_id
        return None

    def band_candidates(
        self, bands: Sequence[tuple[int, int]], days: Sequence[int], limit: int
    ) -> list[tuple[int, str]]:
        wanted, on = set(bands), set(days)
        shared = [
            (len(row.bands & wanted), article_id)
            for article_id, row in self.rows.items()
            if row.day in on and row.bands & wanted
        ]
        shared.sort(key=lambda item: (-item[0], item[1]))
        return [(i, self.rows[i].article.body) for _, i in shared[:limit]]

    def add_syndication(self, article_id: int, source: str, url: str) -> None:
        if self.rows[article_id].article.source != source:
            self.syndicated.setdefault(article_id, set()).add(source)

    def store(
        self,
        article: NewArticle,
        storyline: StorylineState,
        when: datetime,
        index_terms: Sequence[str],
    ) -> int:
        storyline_id = storyline.storyline_id
        if not storyline_id:
            storyline_id = len(self.stories) + 1
            state = replace(storyline, storyline_id=storyline_id, last_seen=when, size=1)
            self.stories[storyline_id] = _Story(state, when, list(index_terms))
        else:
            story = self.stories[storyline_id]
            last_seen = max(story.state.last_seen, when)
            story.state = replace(storyline, size=story.state.size + 1, last_seen=last_seen)
            story.first_seen = min(story.first_seen, when)
            story.index_terms = list(index_terms)
        draft, article_id = article.draft, len(self.rows) + 1
        stored = Article(
            id=article_id,
            external_id=draft.external_id,
            url=draft.url,
            title=draft.title,
            body=draft.body,
            source=draft.source,
            published_at=draft.published_at,
            fetched_at=article.fetched_at,
            language=draft.language,
            storyline_id=storyline_id,
        )
        row = _Row(stored, article.url_key, article.fingerprint, set(article.bands), article.day)
        self.rows[article_id] = row
        self.stories[storyline_id].sources.add(draft.source)
        return article_id

    def article_count(self) -> int:
        return len(self.rows)

    # --- outlets --------------------------------------------------------------------------

    def boilerplate(self, source: str) -> set[str]:
        return set(self.outlet_boilerplate.get(source, ()))

    def add_boilerplate(self, source: str, sentences: Collection[str], now: datetime) -> None:
        self.outlet_boilerplate.setdefault(source, set()).update(sentences)

    # --- corpus statistics -----------------------------------------------------------------

    def count_terms(self, terms: Collection[str]) -> None:
        self.documents += 1
        self.frequencies.update(set(terms))

    def document_count(self) -> int:
        return self.documents

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]:
        return {t: self.frequencies[t] for t in terms if self.frequencies[t]}

    # --- storylines -------------------------------------------------------------------------

    def _live(self) -> list[tuple[int, _Story]]:
        return [(i, s) for i, s in self.stories.items() if s.merged_into is None]

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]:
        wanted = set(terms)
        found = [
            (len(wanted & set(story.index_terms)), story.state.last_seen, i)
            for i, story in self._live()
            if since <= story.state.last_seen
            and (before is None or story.state.last_seen < before)
            and wanted & set(story.index_terms)
        ]
        found.sort(key=lambda item: (-item[0], -item[1].timestamp()))
        return [self._state(i) for *_, i in found[:limit]]

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]:
        live = [(s.state.last_seen, i) for i, s in self._live() if s.state.last_seen >= since]
        live.sort(reverse=True)
        return [self._state(i) for _, i in live[:limit]]

    def storyline_embeddings(self, since: datetime, limit: int) -> list[tuple[int, Vector]]:
        return [
            (s.storyline_id, s.embedding)
            for s in self.recent_storylines(since, limit)
            if s.embedding is not None
        ]

    def storyline_languages(self, ids: Sequence[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for storyline_id in ids:
            counts = Counter(
                r.article.language or "en"
                for r in self.rows.values()
                if r.article.storyline_id == storyline_id
            )
            if counts:
                found[storyline_id] = sorted(counts, key=lambda code: (-counts[code], code))
        return found

    def _state(self, storyline_id: int) -> StorylineState:
        state = self.stories[storyline_id].state
        return replace(state, terms=dict(state.terms))

    def storyline_state(self, storyline_id: int) -> StorylineState | None:
        story = self.stories.get(storyline_id)
        return self._state(storyline_id) if story and story.merged_into is None else None

    def moved_out_of(self, storyline_id: int) -> list[tuple[int, dict[str, float]]]:
        return []  # corrections are made on storage.archive.Archive only

    def kept_apart(self, storyline_id: int) -> set[int]:
        return set()

    def merge_storylines(
        self, absorbed_id: int, state: StorylineState, index_terms: Sequence[str]
    ) -> None:
        survivor, absorbed = self.stories[state.storyline_id], self.stories[absorbed_id]
        for row in self.rows.values():
            if row.article.storyline_id == absorbed_id:
                row.article = replace(row.article, storyline_id=state.storyline_id)
        for story in self.stories.values():
            if story.merged_into == absorbed_id:
                story.merged_into = state.storyline_id
        absorbed.merged_into = state.storyline_id
        survivor.sources |= absorbed.sources
        survivor.first_seen = min(survivor.first_seen, absorbed.first_seen)
        last_seen = max(survivor.state.last_seen, absorbed.state.last_seen)
        size = sum(1 for r in self.rows.values() if r.article.storyline_id == state.storyline_id)
        survivor.state = replace(state, size=size, last_seen=last_seen)
        survivor.index_terms = list(index_terms)

    def storylines(self, ids: Sequence[int]) -> list[Storyline]:
        return [self._storyline(i) for i in ids if i in self.stories]

    def storyline(self, storyline_id: int) -> Storyline | None:
        story = self.stories.get(storyline_id)
        if story is None:
            return None
        return self._storyline(story.merged_into or storyline_id)

    def _storyline(self, storyline_id: int) -> Storyline:
        story = self.stories[storyline_id]
        return Storyline(
            id=storyline_id,
            label=story.state.label,
            first_seen=story.first_seen,
            last_seen=story.state.last_seen,
            article_count=story.state.size,
            source_count=len(story.sources),
        )

    def _articles_of(self, storyline_id: int) -> list[Article]:
        return [r.article for r in self.rows.values() if r.article.storyline_id == storyline_id]

    def storyline_articles(
        self, storyline_id: int, limit: int, until: datetime | None = None, offset: int = 0
    ) -> list[Article]:
        found = [
            a for a in self._articles_of(storyline_id) if until is None or a.fetched_at <= until
        ]
        found.sort(key=lambda a: (a.published_at or a.fetched_at, a.id), reverse=True)
        return found[offset : offset + limit]

    def new_articles(self, storyline_id: int, after: datetime, until: datetime) -> list[Article]:
        found = [a for a in self._articles_of(storyline_id) if after < a.fetched_at <= until]
        return sorted(found, key=lambda a: (a.fetched_at, a.id))

    # --- search -----------------------------------------------------------------------------

    def _matches(self, match: str) -> list[int]:
        """Ids of the articles matching an OR of phrases (`title : "…"` too), newest first."""
        wanted = [(bool(t), stem(p.replace('""', '"').lower())) for t, p in _PHRASE.findall(match)]
        found = []
        for article_id, row in self.rows.items():
            title, text = (
                _stems(row.article.title),
                _stems(f"{row.article.title} {row.article.body}"),
            )
            if any(s in (title if only_title else text) for only_title, s in wanted):
                found.append(article_id)
        return sorted(found, reverse=True)

    def nth_newest_match(self, match: str, n: int) -> int | None:
        found = self._matches(match)
        return found[n - 1] if len(found) >= n else None

    def newest_article(self) -> int:
        return max(self.rows, default=0)

    def search_hits(
        self,
        plan: SearchPlan,
        limit: int,
        until: datetime | None = None,
        since: datetime | None = None,
        sources: Sequence[str] = (),
    ) -> list[tuple[int, int, float]]:
        def passes(article: Article) -> bool:
            return (
                (until is None or article.fetched_at <= until)
                and (since is None or (article.published_at or article.fetched_at) >= since)
                and (not sources or any(s in article.source.lower() for s in sources))
            )

        if not plan.phrases:
            newest = sorted(
                (r.article for r in self.rows.values() if passes(r.article)),
                key=lambda a: a.fetched_at,
                reverse=True,
            )
            return [(a.id, a.storyline_id or 0, 0.0) for a in newest[:limit]]
        stems = [stem(p.strip('"').replace('""', '"').lower()) for p in plan.phrases]
        hits = []
        for article_id in self._matches(plan.every):
            article = self.rows[article_id].article
            if not passes(article):
                continue
            counted = [stem(w) for w in words(f"{article.title} {article.title} {article.body}")]
            score = -float(sum(counted.count(s) for s in stems)) / (1 + len(counted))
            hits.append((article_id, article.storyline_id or 0, score))
        hits.sort(key=lambda hit: (hit[2], -hit[0]))
        return hits[:limit]
