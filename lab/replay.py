"""Examples for the same-story model, drawn from the clustering stream, and fitting it.

A labelled file is replayed through the production ingest pipeline with a teacher in place of
the decision: every article is compared with the storylines the production lookup offers
(active, then dormant) exactly as in operation, each comparison is kept as an example
(same gold story or not), and the article is then placed where its label says. So the model
learns from the candidates it will meet, with storylines as they grow.

A pairs file is two-article streams: the second text against the first's storyline alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lab.logistic import fit
from news.ingest import Ingestor, cleaned
from news.records import ArticleDraft
from news.sources.jsonl import record_to_draft
from news.storylines.assignment import ArticleSide, ClusterConfig, Clusterer
from news.storylines.decision import FEATURES, SEMANTIC_FEATURES, Compared, SameStory, sign
from news.storylines.state import Embedder, StorylineState
from news.vectors import Vector
from storage.store import Store

FETCHED_AT = datetime(2030, 1, 1, tzinfo=UTC)  # articles without dates arrive "now", in order
# A labelled pair's example counts a quarter of a storyline's: SemEval's "same story"
# (similarity up to 1.5) is a looser notion than a storyline, and at full weight its 161 pairs
# pulled the full-article decision away from events (cross-validated in
# docs/decisions/same-story-decision.md).
PAIR_WEIGHT = 0.25
# With the embedding model, half: pairs in other languages teach the decision to trust meaning
# where words cannot be compared (docs/decisions/multilingual-meaning.md has the trade-off).
SEMANTIC_PAIR_WEIGHT = 0.5


def feature_names(embedder: Embedder | None) -> tuple[str, ...]:
    return FEATURES + (SEMANTIC_FEATURES if embedder is not None else ())


@dataclass
class Examples:
    """Feature rows and their labels (same story or not)."""

    rows: list[list[float]] = field(default_factory=list)
    labels: list[bool] = field(default_factory=list)
    short: list[bool] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)

    def add(self, other: Examples, weight: float = 1.0) -> None:
        """Another stream's examples, each counting `weight`."""
        self.rows += other.rows
        self.labels += other.labels
        self.short += other.short
        self.weights += [weight] * len(other.rows)

    def part(self, short: bool) -> tuple[list[list[float]], list[bool], list[float]]:
        """The rows, labels and weights of headline comparisons (or of full articles')."""
        chosen = [i for i, s in enumerate(self.short) if s == short]
        return (
            [self.rows[i] for i in chosen],
            [self.labels[i] for i in chosen],
            [self.weights[i] if self.weights else 1.0 for i in chosen],
        )


class _Teacher(Clusterer):
    """Places each article by its gold label, keeping every comparison as an example."""

    def __init__(self, config: ClusterConfig, embedder: Embedder | None) -> None:
        super().__init__(config, embedder, SameStory.constant(feature_names(embedder), 0.0))
        self.gold = ""
        self.gold_of: dict[int, str] = {}
        # Compare with this storyline alone (the first text of a pair), when set.
        self.only: int | None = None
        self.examples = Examples()
        self.pair_rows: list[Compared] = []

    def compared(
        self, candidates: Sequence[StorylineState], article: ArticleSide
    ) -> list[Compared]:
        if self.only is not None:
            candidates = [state for state in candidates if state.storyline_id == self.only]
        compared = super().compared(candidates, article)
        if self.only is not None:
            self.pair_rows += compared
        return compared

    def margins(
        self, compared: Sequence[Compared], waking: bool = False
    ) -> list[tuple[float, float, int]]:
        ours = [c for c in compared if self.gold_of.get(c.storyline_id) == self.gold]
        chosen = max(ours, key=lambda c: c.lexical).storyline_id if ours else None
        for c in compared:
            self.examples.rows.append(c.features)
            self.examples.labels.append(self.gold_of.get(c.storyline_id) == self.gold)
            self.examples.short.append(c.short)
        return sorted(
            (
                (1.0 if c.storyline_id == chosen else -1.0, c.lexical, c.storyline_id)
                for c in compared
            ),
            key=lambda item: -item[0],
        )


class _Remembering:
    """An embedder that embeds each distinct text once: evaluations and fitting replay the
    same file many times, and a model embeds far faster in one batch than one by one."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.known: dict[str, Vector] = {}

    def embed(self, texts: Sequence[str]) -> list[Vector]:
        missing = [text for text in dict.fromkeys(texts) if text not in self.known]
        if missing:
            self.known.update(zip(missing, self.embedder.embed(missing), strict=True))
        return [self.known[text] for text in texts]


def _texts(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The article records a labelled record stands for (a pair holds two)."""
    if "same_story" in record:
        return [{"text": record.get("text1", "")}, {"text": record.get("text2", "")}]
    return [record]


def remembering(clusterer: Clusterer, records: Sequence[dict[str, Any]]) -> Clusterer:
    """The clusterer with every record's text embedded ahead, in one batch, and remembered
    (the clusterer itself when it has no embedder)."""
    if clusterer.embedder is None:
        return clusterer
    embedder = clusterer.embedder
    if not isinstance(embedder, _Remembering):
        embedder = _Remembering(embedder)
    ahead = Clusterer(clusterer.config, embedder, clusterer.model)
    drafts = [record_to_draft(text, 0) for record in records for text in _texts(record)]
    stored = [cleaned(d) for d in drafts if isinstance(d, ArticleDraft)]
    ahead.embed_articles([(d.title, d.body) for d in stored])
    return ahead


class _Replay:
    """A fresh archive that the teacher fills, one labelled article at a time."""

    def __init__(self, config: ClusterConfig, embedder: Embedder | None) -> None:
        self.teacher = _Teacher(config, embedder)
        self.store = Store(":memory:")
        self.ingestor = Ingestor(self.store.archive, self.teacher, dedupe=False)

    def close(self) -> None:
        self.store.close()

    def place(self, number: int, record: dict[str, Any], gold: str) -> int | None:
        """Import the record into its gold story's storyline; the storyline's id."""
        draft = record_to_draft(record, number)
        if not isinstance(draft, ArticleDraft):
            return None
        self.teacher.gold = gold
        report = self.ingestor.ingest([(number, draft)], fetched_at=FETCHED_AT)
        storyline = self.store.archive.articles(report.article_ids)[0].storyline_id
        if storyline is not None:
            self.teacher.gold_of.setdefault(storyline, gold)
        return storyline

    def pair(self, number: int, record: dict[str, Any]) -> None:
        """The second text compared with the first's storyline alone."""
        teacher = self.teacher
        first_text, second_text = _texts(record)
        first = self.place(number, first_text, f"pair {number}")
        teacher.only = first if first is not None else -1
        same = bool(record.get("same_story"))
        self.place(number, second_text, f"pair {number}{'' if same else 'b'}")
        teacher.only = None


def stream_examples(
    records: Sequence[dict[str, Any]], config: ClusterConfig, embedder: Embedder | None = None
) -> Examples:
    """The comparisons met while the labelled records arrive in order (pairs: see module)."""
    replay = _Replay(config, embedder)
    try:
        for number, record in enumerate(records, start=1):
            if "same_story" in record:
                replay.pair(number, record)
            elif "cluster" in record:
                replay.place(number, record, str(record["cluster"]))
        return replay.teacher.examples
    finally:
        replay.close()


def pair_comparisons(
    records: Sequence[dict[str, Any]], config: ClusterConfig, embedder: Embedder | None = None
) -> list[Compared | None]:
    """Each pair's second text against its first's storyline: the features the decision
    sees (None for a pair with an empty text)."""
    replay = _Replay(config, embedder)
    found: list[Compared | None] = []
    try:
        for number, record in enumerate(records, start=1):
            replay.teacher.pair_rows = []
            replay.pair(number, record)
            rows = replay.teacher.pair_rows
            found.append(rows[0] if rows else None)
        return found
    finally:
        replay.close()


def fitted(
    labelled: Sequence[Sequence[dict[str, Any]]],
    config: ClusterConfig,
    embedder: Embedder | None = None,
    names: Sequence[str] = (),
) -> SameStory:
    """The model fitted on the examples of each labelled stream (one per file or fold)."""
    examples = Examples()
    for records in labelled:
        pairs = any("same_story" in record for record in records)
        weight = (PAIR_WEIGHT if embedder is None else SEMANTIC_PAIR_WEIGHT) if pairs else 1.0
        examples.add(stream_examples(records, config, embedder), weight)
    features = feature_names(embedder)
    # A feature left out is held at 0, so its weight stays 0 (for ablations).
    kept = [name not in config.left_out for name in features]
    fitted = {}
    for short in (False, True):
        rows, labels, weights = examples.part(short)
        rows = [[v if keep else 0.0 for v, keep in zip(row, kept, strict=True)] for row in rows]
        if len(set(labels)) == 2:
            signs = [sign(f) for f in features]
            fitted[short] = fit(rows, labels, features, signs, weights=weights)
    if not fitted:
        raise ValueError("fitting needs examples of both same-story and different-story pairs")
    # Files of one kind only (all headlines, or all full articles): one model judges both.
    article = fitted.get(False) or fitted[True]
    return SameStory(article, fitted.get(True) or article, tuple(names))
