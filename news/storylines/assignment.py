"""Online storyline assignment: each article joins its likeliest active storyline or starts one.

Candidates are found as in the single-pass clustering of streaming news (Miranda et al., EMNLP
2018): sparse TF-IDF vectors of words and named entities, document frequencies that grow with
the archive, and the centroids of storylines active around the article's time, looked up by
their distinctive terms. Whether the article belongs to one is the learned same-story
decision's (news/storylines/decision.py): the cosine, the names, numbers and dates both state
(news/language/event_details.py) and, with the model, the embedding cosine. The archive is
never re-clustered.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from news.language.detection import ENGLISH, language_of
from news.language.event_details import combined, detail_profile
from news.storylines.article_terms import (
    ENTITY_PREFIX,
    language_share,
    term_counts,
    terms_language,
)
from news.storylines.decision import SHARED_WORDS, Compared, SameStory, argument_features, shipped
from news.storylines.labels import best_headline
from news.storylines.state import Assignment, CorpusView, Embedder, StorylineState
from news.text.segmentation import clipped
from news.vectors import (
    Vector,
    added,
    centroid_cosine,
    dense_cosine,
    idf_weighted,
    length,
    top_terms,
    unit,
)


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """The one configuration the bot and the evaluation share (measured in docs/decisions/)."""

    title_weight: float = 2.0
    entity_weight: float = 1.0
    body_terms: int = 400
    # An article with fewer features is headline-like: the decision's headline weights judge it.
    short_features: int = 15
    # An article joins its likeliest storyline when the decision's log-odds reach this. A
    # headline alone joins at lower odds: headlines' storylines otherwise splinter into many
    # small ones (both chosen by grouped cross-validation, docs/decisions/).
    join_log_odds: float = 0.0
    headline_join_log_odds: float = -0.5
    # Features the decision is fitted without (news/storylines/decision.py; for ablations).
    left_out: tuple[str, ...] = ()
    # Everyday English's document frequencies count as this many documents
    # (news/storylines/wordprior.py).
    prior_documents: int = 1000
    active_window: timedelta = timedelta(days=7)
    # A storyline quiet for longer is dormant: compared only when no active one takes the
    # article, up to `dormant_window`, and woken only at these much higher log-odds (about
    # 20 to 1): the labelled sets carry no long gaps to learn the time apart from.
    dormant_window: timedelta = timedelta(days=180)
    wake_log_odds: float = 3.0
    centroid_terms: int = 150
    index_terms: int = 40
    query_terms: int = 15
    max_candidates: int = 20
    # Two storylines an article matches merge when their centroids are this alike: high,
    # because two different events of one kind (two earthquakes) come close.
    merge_threshold: float = 0.6
    # Storylines told mostly in headlines have sparse centroids whose cosines run lower.
    headline_merge_threshold: float = 0.22
    # What is embedded: the headline and the lead, as a headline-only article shows them.
    embedding_words: int = 60
    # ... and at most this many letters' worth (news/text/segmentation.py): a CJK lead as long.
    embedding_chars: int = 400
    # A story told in other words shares no term to be found by: with an embedder, the most
    # recently active storylines are compared too.
    semantic_candidates: int = 200


@dataclass(frozen=True, slots=True)
class ArticleSide:
    """The article's side of every comparison, worked out once for all candidates."""

    weights: dict[str, float]
    idfs: dict[str, float]
    arguments: dict[str, float]
    short: bool
    embedding: Vector | None


class Clusterer:
    """Decides where each new article belongs."""

    def __init__(
        self,
        config: ClusterConfig | None = None,
        embedder: Embedder | None = None,
        model: SameStory | None = None,
    ):
        self.config = config or ClusterConfig()
        self.embedder = embedder
        self.model = model if model is not None else shipped(semantic=embedder is not None)

    def embed_articles(self, articles: Sequence[tuple[str, str]]) -> list[Vector | None]:
        """Embeddings of (title, body) pairs, from the title and the start of the body, in one
        batch (much faster than one at a time); None for each when there is no embedder."""
        if self.embedder is None or not articles:
            return [None] * len(articles)
        return list(self.embedder.embed([self.embedded_text(t, b) for t, b in articles]))

    def embedded_text(self, title: str, body: str) -> str:
        """What is embedded of an article: its headline and lead, a CJK lead as long."""
        config = self.config
        lead = " ".join(f"{title}\n{body}".split()[: config.embedding_words])
        return clipped(lead, config.embedding_chars)

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
        language = language_of("", title, body)
        counts = term_counts(title, body, self.config, url, language)
        arguments = detail_profile(title, body, language)
        return self.place(counts, when, corpus, embedding, arguments)

    def place(
        self,
        counts: dict[str, float],
        when: datetime,
        corpus: CorpusView,
        embedding: Vector | None = None,
        arguments: dict[str, float] | None = None,
    ) -> Assignment:
        """Where an article with these `term_counts` and argument profile goes."""
        config = self.config
        arguments = arguments or {}
        short = len(counts) < config.short_features
        if not counts:
            return Assignment(
                None, 0.0, counts, {}, short=short, embedding=embedding, arguments=arguments
            )
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
        if embedding is not None:
            known = {state.storyline_id for state in candidates}
            candidates += [
                state
                for state in corpus.recent_storylines(
                    when - config.active_window, config.semantic_candidates
                )
                if state.storyline_id not in known
            ]
        article = ArticleSide(weights, idfs, arguments, short, embedding)
        margins = self.margins(self.compared(candidates, article))
        if not margins or margins[0][0] < 0:
            # Nothing active takes it: a dormant storyline may (the gap in time weighs in).
            dormant = corpus.candidate_storylines(
                query,
                when - config.dormant_window,
                config.max_candidates,
                before=when - config.active_window,
            )
            woken = self.margins(self.compared(dormant, article), waking=True)
            if woken and woken[0][0] >= 0:
                margins = woken
        joined = margins and margins[0][0] >= 0
        others = tuple(sid for margin, _, sid in margins[1:] if margin >= 0) if joined else ()
        return Assignment(
            margins[0][2] if joined else None,
            margins[0][1] if margins else 0.0,
            counts,
            weights,
            n,
            frequencies,
            others,
            short=short,
            embedding=embedding,
            arguments=arguments,
        )

    def compared(
        self, candidates: Sequence[StorylineState], article: ArticleSide
    ) -> list[Compared]:
        """Each candidate's features against the article (news/storylines/decision.py)."""
        scaled = {term: w * article.idfs[term] for term, w in article.weights.items()}
        names = {t: w * w for t, w in article.weights.items() if t.startswith(ENTITY_PREFIX)}
        name_mass = sum(names.values())
        rows: list[tuple[StorylineState, float, float, int]] = []
        for state in candidates:
            if not state.norm:
                continue
            centroid = state.terms
            # Only shared terms add to the dot product; intersecting the key sets (in C) finds
            # the few dozen of them faster than probing the centroid for every article term;
            # fsum rounds exactly, so the score does not depend on the set's order.
            shared = scaled.keys() & centroid.keys()
            lexical = math.fsum(scaled[t] * centroid[t] for t in shared) / state.norm
            semantic = (
                dense_cosine(article.embedding, state.embedding)
                if article.embedding is not None and state.embedding is not None
                else 0.0
            )
            words = sum(1 for t in shared if not t.startswith(ENTITY_PREFIX))
            rows.append((state, lexical, semantic, words))
        best = max((lexical for _, lexical, _, _ in rows), default=0.0)
        best_semantic = max((semantic for _, _, semantic, _ in rows), default=0.0)
        best_blend = max((lexical + semantic for _, lexical, semantic, _ in rows), default=0.0)
        language = terms_language(article.weights) if self.embedder is not None else ENGLISH
        compared = []
        for state, lexical, semantic, words in rows:
            named = sum(v for t, v in names.items() if t in state.terms)
            features = [
                lexical,
                best - lexical,
                named / name_mass if name_mass else 0.0,
                min(words, SHARED_WORDS) / SHARED_WORDS,
                *argument_features(article.arguments, state.arguments, state.size),
            ]
            if self.embedder is not None:
                other = 1.0 - language_share(state.terms, language)
                # Words of another language share nothing: falling short of a candidate in
                # the article's own language by words says nothing of this one.
                features[1] *= 1.0 - other
                features += [
                    semantic,
                    best_semantic - semantic,
                    (best_blend - lexical - semantic) / 2,
                    other,
                    other * semantic,
                ]
            compared.append(Compared(state.storyline_id, lexical, features, article.short))
        return compared

    def margins(
        self, compared: Sequence[Compared], waking: bool = False
    ) -> list[tuple[float, float, int]]:
        """(log-odds of the same story above the least that joins, lexical cosine, storyline
        id) of each candidate, the likeliest first: a margin of 0 or more may join."""
        model, config = self.model, self.config

        def least(short: bool) -> float:
            if waking:
                return config.wake_log_odds
            return config.headline_join_log_odds if short else config.join_log_odds

        margins = [
            (model.logit(c.features, c.short) - least(c.short), c.lexical, c.storyline_id)
            for c in compared
        ]
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
        profile = combined([current.arguments if current else {}, assignment.arguments])
        size = (current.size if current else 0) + 1
        # The headline that best states the story names it, as it grows; a person's label stays.
        label = current.label if current else title
        if current is not None and not current.label_locked:
            label = best_headline([label, title], terms, n, frequencies, profile, size)
        state = StorylineState(
            storyline_id=current.storyline_id if current else 0,
            terms=terms,
            size=size,
            last_seen=max(when, current.last_seen) if current else when,
            label=label,
            norm=length(weighted),
            embedding=added(current.embedding if current else None, assignment.embedding),
            headlines=(current.headlines if current else 0) + int(assignment.short),
            arguments=profile,
            label_locked=current.label_locked if current else False,
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
        profile = combined([survivor.arguments, absorbed.arguments])
        size = survivor.size + absorbed.size
        titles = [survivor.label, absorbed.label]
        # A label a person set wins; the survivor's first when both were.
        locked = [s.label for s in (survivor, absorbed) if s.label_locked]
        label = locked[0] if locked else best_headline(titles, terms, n, frequencies, profile, size)
        state = StorylineState(
            storyline_id=survivor.storyline_id,
            terms=terms,
            size=size,
            last_seen=max(survivor.last_seen, absorbed.last_seen),
            label=label,
            norm=length(weighted),
            embedding=added(survivor.embedding, absorbed.embedding),
            headlines=survivor.headlines + absorbed.headlines,
            arguments=profile,
            label_locked=bool(locked),
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

    def index_terms(self, weighted: Mapping[str, float]) -> list[str]:
        """The distinctive terms under which a storyline is found as a candidate, from its
        `idf_weighted` centroid."""
        return top_terms(weighted, self.config.index_terms)
