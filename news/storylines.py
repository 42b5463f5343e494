"""Online storyline assignment: each article joins the most similar active storyline or starts one.

The method follows the single-pass clustering of streaming news (Miranda et al., EMNLP 2018):
sparse TF-IDF vectors of words and named entities over title and body, document frequencies
that grow with the archive, and centroids of the storylines still active around the article's
time. Nothing is fitted in advance and the archive is never re-clustered. With an embedding
model (the `embeddings` extra), the similarity also weighs the cosine of the article's
embedding with the storyline's mean embedding, for headlines that tell one story in other words.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from news.terms import content_terms, entities
from news.urls import slug_words
from news.vectors import (
    Vector,
    added,
    blend,
    centroid_cosine,
    dense_cosine,
    idf,
    idf_weighted,
    length,
    top_terms,
    unit,
)

ENTITY_PREFIX = "@"


class Embedder(Protocol):
    """Turns texts into unit-length vectors of one fixed dimension."""

    def embed(self, texts: Sequence[str]) -> list[Vector]: ...


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """The one configuration the bot and the evaluation share (measured in docs/design.md)."""

    title_weight: float = 2.0
    entity_weight: float = 1.0
    body_terms: int = 400
    threshold: float = 0.22
    # A headline-like article (fewer features than `short_features`) shares few terms with
    # any centroid, so its cosines run low: it is judged against a lower threshold.
    short_features: int = 15
    short_threshold: float = 0.12
    # A big storyline's centroid says clearly what the story is, so its members' cosines run
    # higher: its threshold falls by `size_relief` x ln(articles), to `least_threshold_share`.
    size_relief: float = 0.05
    least_threshold_share: float = 0.5
    # Everyday English's document frequencies count as this many documents (news/wordprior.py).
    prior_documents: int = 1000
    active_window: timedelta = timedelta(days=7)
    # A storyline quiet for longer is dormant: compared only when no active one takes the
    # article, and woken only by a match `wake_factor` times as strong, up to `dormant_window`.
    dormant_window: timedelta = timedelta(days=180)
    wake_factor: float = 2.0
    centroid_terms: int = 150
    index_terms: int = 40
    query_terms: int = 15
    max_candidates: int = 20
    # Two storylines an article matches merge when their centroids are this alike: high,
    # because two different events of one kind (two earthquakes) come close.
    merge_threshold: float = 0.6
    # Storylines told mostly in headlines have sparse centroids whose cosines run lower.
    headline_merge_threshold: float = 0.22
    # With an embedder: similarity = (1 - w) x lexical cosine + w x embedding cosine, against
    # thresholds of its own. Only headline-like articles gain; full articles' terms say enough.
    semantic_weight: float = 0.5
    semantic_long_weight: float = 0.0
    semantic_threshold: float = 0.45
    semantic_short_threshold: float = 0.25
    # What is embedded: the headline and the lead, as a headline-only article shows them.
    embedding_words: int = 60
    # A story told in other words shares no term to be found by: with an embedder, the most
    # recently active storylines are compared too.
    semantic_candidates: int = 200


@dataclass(slots=True)
class StorylineState:
    """What a storyline keeps for assignment: the summed term weights of its articles."""

    storyline_id: int
    terms: dict[str, float]
    size: int
    last_seen: datetime
    label: str = ""
    # The length of the IDF-weighted centroid when it last changed. Kept rather than
    # recomputed, so that scoring a candidate needs the frequencies of the article's terms
    # only, not of every centroid term (IDF drifts slowly; the cosine barely notices).
    norm: float = 0.0
    # The sum of its articles' embeddings, when an embedder is in use.
    embedding: Vector | None = None
    # How many of its articles came as a headline alone (fewer features than `short_features`).
    headlines: int = 0

    @property
    def told_in_headlines(self) -> bool:
        return 2 * self.headlines > self.size


@dataclass(frozen=True, slots=True)
class Assignment:
    """The decision for one article: join `storyline_id`, or start a new storyline (None)."""

    storyline_id: int | None
    similarity: float
    counts: dict[str, float] = field(repr=False)
    weights: dict[str, float] = field(repr=False)
    document_count: int = 0
    frequencies: dict[str, int] = field(default_factory=dict, repr=False)
    # Other storylines the article also matched above the threshold: merge candidates.
    also_matched: tuple[int, ...] = ()
    # Whether the article is headline-like: fewer features than `short_features`.
    short: bool = False
    embedding: Vector | None = field(default=None, repr=False)


class CorpusView(Protocol):
    """The statistics and storylines assignment reads; storage provides them."""

    def document_count(self) -> int: ...

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]: ...

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]: ...

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]: ...


def term_counts(title: str, body: str, config: ClusterConfig, url: str = "") -> dict[str, float]:
    """Sublinear term frequencies of an article's words and named entities.

    A headline with no body also counts the words of its URL's slug that the headline lacks:
    outlets often put a fuller description there ("dicks-sporting-goods-profit-rises" under
    "Dick's Sporting Goods earnings top expectations").
    """
    counts: defaultdict[str, float] = defaultdict(float)
    headline = content_terms(title)
    for term in headline:
        counts[term] += config.title_weight
    for term in content_terms(body)[: config.body_terms]:
        counts[term] += 1.0
    if url and not body.strip():
        for term in set(content_terms(" ".join(slug_words(url)))) - set(headline):
            counts[term] += 1.0
    for name in entities(f"{title}\n{body}"):
        counts[ENTITY_PREFIX + name] += config.entity_weight
    return {term: 1.0 + math.log(count) for term, count in counts.items() if count > 0}


class Clusterer:
    """Decides where each new article belongs."""

    def __init__(self, config: ClusterConfig | None = None, embedder: Embedder | None = None):
        self.config = config or ClusterConfig()
        self.embedder = embedder

    def embed_articles(self, articles: Sequence[tuple[str, str]]) -> list[Vector | None]:
        """Embeddings of (title, body) pairs, from the title and the start of the body, in one
        batch (much faster than one at a time); None for each when there is no embedder."""
        if self.embedder is None or not articles:
            return [None] * len(articles)
        limit = self.config.embedding_words
        return list(
            self.embedder.embed([" ".join(f"{t}\n{b}".split()[:limit]) for t, b in articles])
        )

    def semantic_weight(self, short: bool) -> float:
        """How much the embedding cosine counts, by the article's length."""
        return self.config.semantic_weight if short else self.config.semantic_long_weight

    def assign(
        self,
        title: str,
        body: str,
        when: datetime,
        corpus: CorpusView,
        embedding: Vector | None = None,
        url: str = "",
    ) -> Assignment:
        """Where the article goes; `embedding` is its vector from `embed_articles`, if any."""
        return self.place(term_counts(title, body, self.config, url), when, corpus, embedding)

    def place(
        self,
        counts: dict[str, float],
        when: datetime,
        corpus: CorpusView,
        embedding: Vector | None = None,
    ) -> Assignment:
        """Where an article with these `term_counts` goes."""
        config = self.config
        short = len(counts) < config.short_features
        if not counts:
            return Assignment(None, 0.0, counts, {}, short=short, embedding=embedding)
        n = corpus.document_count() + 1  # this article counts as a document too
        frequencies = dict(corpus.document_frequencies(counts))
        for term in counts:
            frequencies[term] = frequencies.get(term, 0) + 1
        # Each term's IDF once: both the article's unit vector and its side of the dot
        # products below need it.
        idfs = idf_weighted(dict.fromkeys(counts, 1.0), n, frequencies)
        weights = unit({term: count * idfs[term] for term, count in counts.items()})
        # Storylines are looked up by the article's weightiest terms, not its most frequent:
        # a word said in every article matches every busy storyline; a name finds the story.
        query = top_terms(weights, config.query_terms)
        candidates = corpus.candidate_storylines(
            query, when - config.active_window, config.max_candidates
        )
        weight = self.semantic_weight(short)
        if embedding is not None and weight:
            known = {state.storyline_id for state in candidates}
            candidates += [
                state
                for state in corpus.recent_storylines(
                    when - config.active_window, config.semantic_candidates
                )
                if state.storyline_id not in known
            ]
        # The article's side of every dot product, worked out once for all candidates.
        scaled = {term: w * idfs[term] for term, w in weights.items()}
        # Each candidate is judged against its own threshold (a storyline begun before the
        # embedder was switched on has no embedding), so the best is the widest margin.
        margins = self._margins(candidates, scaled, short, weight, embedding)
        if not margins or margins[0][0] < 0:
            # Nothing active takes it: a dormant storyline may, for a much stronger match.
            dormant = corpus.candidate_storylines(
                query,
                when - config.dormant_window,
                config.max_candidates,
                before=when - config.active_window,
            )
            woken = self._margins(dormant, scaled, short, weight, embedding, config.wake_factor)
            if woken and woken[0][0] >= 0:
                margins = woken
        if margins and margins[0][0] >= 0:
            _, score, best = margins[0]
            others = tuple(sid for margin, _, sid in margins[1:] if margin >= 0)
            return Assignment(
                best,
                score,
                counts,
                weights,
                n,
                frequencies,
                others,
                short=short,
                embedding=embedding,
            )
        score = margins[0][1] if margins else 0.0
        return Assignment(
            None, score, counts, weights, n, frequencies, short=short, embedding=embedding
        )

    def _margins(
        self,
        candidates: Sequence[StorylineState],
        scaled: Mapping[str, float],
        short: bool,
        weight: float,
        embedding: Vector | None,
        strictness: float = 1.0,
    ) -> list[tuple[float, float, int]]:
        """(score - threshold, score, storyline id) of each candidate, widest margin first."""
        config = self.config
        margins: list[tuple[float, float, int]] = []
        for state in candidates:
            if not state.norm:
                continue
            centroid = state.terms
            # Only shared terms add to the dot product; intersecting the key sets (in C) finds
            # the few dozen of them faster than probing the centroid for every article term;
            # fsum rounds exactly, so the score does not depend on the set's order.
            shared = scaled.keys() & centroid.keys()
            score = math.fsum(scaled[term] * centroid[term] for term in shared) / state.norm
            threshold = config.short_threshold if short else config.threshold
            if embedding is not None and state.embedding is not None and weight:
                score = blend(score, dense_cosine(embedding, state.embedding), weight)
                threshold = config.semantic_short_threshold if short else config.semantic_threshold
            relief = max(
                config.least_threshold_share, 1.0 - config.size_relief * math.log(state.size)
            )
            margins.append((score - threshold * relief * strictness, score, state.storyline_id))
        margins.sort(key=lambda item: -item[0])  # stable: ties keep the candidates' order
        return margins

    def grown(
        self,
        current: StorylineState | None,
        assignment: Assignment,
        title: str,
        when: datetime,
        corpus: CorpusView,
    ) -> tuple[StorylineState, list[str]]:
        """The storyline with the assigned article in it (a new one, id 0, when `current` is
        None), and the terms it is indexed under. `corpus` has counted the article already."""
        terms = self.updated_centroid(current, assignment.counts)
        n = corpus.document_count()
        frequencies = corpus.document_frequencies(terms)
        weighted = idf_weighted(terms, n, frequencies)
        # The headline that best covers the story names it; it changes as the story grows.
        label = self.label([current.label, title], terms, n, frequencies) if current else title
        state = StorylineState(
            storyline_id=current.storyline_id if current else 0,
            terms=terms,
            size=(current.size if current else 0) + 1,
            last_seen=max(when, current.last_seen) if current else when,
            label=label,
            norm=length(weighted),
            embedding=added(current.embedding if current else None, assignment.embedding),
            headlines=(current.headlines if current else 0) + int(assignment.short),
        )
        return state, self.index_terms(weighted)

    def merged(
        self, survivor: StorylineState, absorbed: StorylineState, corpus: CorpusView
    ) -> tuple[StorylineState, list[str]]:
        """One storyline holding both, under the survivor's id, and its index terms."""
        terms = self.updated_centroid(survivor, absorbed.terms)
        n = corpus.document_count()
        frequencies = corpus.document_frequencies(terms)
        weighted = idf_weighted(terms, n, frequencies)
        state = StorylineState(
            storyline_id=survivor.storyline_id,
            terms=terms,
            size=survivor.size + absorbed.size,
            last_seen=max(survivor.last_seen, absorbed.last_seen),
            label=self.label([survivor.label, absorbed.label], terms, n, frequencies),
            norm=length(weighted),
            embedding=added(survivor.embedding, absorbed.embedding),
            headlines=survivor.headlines + absorbed.headlines,
        )
        return state, self.index_terms(weighted)

    def same_story(
        self,
        first: StorylineState,
        second: StorylineState,
        n: int,
        frequencies: Mapping[str, int],
    ) -> bool:
        """Whether two storylines' centroids are close enough to be one story."""
        config = self.config
        headlines = first.told_in_headlines and second.told_in_headlines
        threshold = config.headline_merge_threshold if headlines else config.merge_threshold
        return centroid_cosine(first.terms, second.terms, n, frequencies) >= threshold

    def updated_centroid(
        self, state: StorylineState | None, counts: Mapping[str, float]
    ) -> dict[str, float]:
        """The storyline's term sums with one more article (or a whole other storyline's sums),
        trimmed to a bounded size."""
        merged = dict(state.terms) if state else {}
        for term, value in counts.items():
            merged[term] = merged.get(term, 0.0) + value
        limit = self.config.centroid_terms
        if len(merged) > limit:
            merged = {t: merged[t] for t in top_terms(merged, limit)}
        return merged

    def label(
        self,
        titles: Sequence[str],
        centroid: Mapping[str, float],
        n: int,
        frequencies: Mapping[str, int],
    ) -> str:
        """The headline that best covers what the storyline is about (its weightiest terms).

        Coverage is the IDF-weighted centroid mass of a headline's terms, divided by the square
        root of its length so that long headlines do not win by length alone.
        """
        best = ("", -1.0)
        for title in titles:
            terms = set(content_terms(title))
            if not terms:
                continue
            mass = sum(centroid.get(t, 0.0) * idf(n, frequencies.get(t, 0)) for t in terms)
            score = mass / math.sqrt(len(terms))
            if score > best[1]:
                best = (title, score)
        return best[0] or (titles[0] if titles else "")

    def index_terms(self, weighted: Mapping[str, float]) -> list[str]:
        """The distinctive terms under which a storyline is found as a candidate, from its
        `idf_weighted` centroid."""
        return top_terms(weighted, self.config.index_terms)
