"""Storylines with an embedder: headlines that tell one story in other words join."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.storylines.assignment import Clusterer
from news.storylines.corrections import Editor
from news.vectors import Vector
from storage.store import Store
from tests.fakes.decisions import by_meaning

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


class ConceptEmbedder:
    """A stand-in for a sentence model: texts naming one concept get one direction."""

    CONCEPTS = (("quake", "tremor", "rubble"), ("ferry", "harbour", "boat"), ("budget", "council"))

    def __init__(self) -> None:
        self.calls: list[int] = []

    def embed(self, texts: Sequence[str]) -> list[Vector]:
        self.calls.append(len(texts))
        vectors = []
        for text in texts:
            vector = np.array(
                [any(w in text.lower() for w in words) for words in self.CONCEPTS] + [0.1],
                dtype=np.float32,
            )
            vectors.append(vector / np.linalg.norm(vector))
        return vectors


HEADLINES = [
    ArticleDraft("Strong tremor shakes Dorvel at dawn", "", "Wire A"),
    ArticleDraft("Rescuers dig through rubble after Karsk quake", "", "Wire B"),
    ArticleDraft("Kelvik council passes school budget", "", "Wire C"),
]


def storylines_of(store: Store, clusterer: Clusterer) -> list[int]:
    report = Ingestor(store.archive, clusterer).ingest(enumerate(HEADLINES, 1), NOW)
    return [a.storyline_id or 0 for a in store.archive.articles(report.article_ids)]


def test_without_an_embedder_other_words_start_other_storylines(store: Store) -> None:
    first, second, third = storylines_of(store, Clusterer())
    assert len({first, second, third}) == 3


def test_with_an_embedder_one_story_in_other_words_joins(store: Store) -> None:
    embedder = ConceptEmbedder()
    first, second, third = storylines_of(store, by_meaning(embedder))
    assert first == second != third
    assert embedder.calls == [3]  # one batch, not one call per article
    state = store.archive.storyline_state(first)
    assert state is not None and state.embedding is not None
    expected = sum(embedder.embed([h.title for h in HEADLINES[:2]]))
    assert np.allclose(state.embedding, expected)


def test_storylines_begun_without_embeddings_are_still_joined(store: Store) -> None:
    # The operator switches the embedder on for an archive built without it.
    Ingestor(store.archive).ingest([(1, HEADLINES[0])], NOW)
    again = ArticleDraft("Strong tremor shakes Dorvel again", "", "Wire D")
    # The shipped decision: a storyline with no embedding is judged by its words.
    report = Ingestor(store.archive, Clusterer(embedder=ConceptEmbedder())).ingest(
        [(1, again)], NOW
    )
    (article,) = store.archive.articles(report.article_ids)
    assert article.storyline_id == 1


def test_each_article_keeps_its_embedding_and_corrections_reuse_it(store: Store) -> None:
    embedder = ConceptEmbedder()
    clusterer = by_meaning(embedder)
    ingestor = Ingestor(store.archive, clusterer)
    report = ingestor.ingest(enumerate(HEADLINES[:2], 1), NOW)
    kept = store.archive.article_embeddings(report.article_ids)
    fresh = embedder.embed([h.title for h in HEADLINES[:2]])
    assert [
        np.allclose(kept[i], v, atol=1e-3) for i, v in zip(report.article_ids, fresh, strict=True)
    ] == [True, True]
    calls = list(embedder.calls)
    editor = Editor(store.archive, clusterer, ingestor.corpus, store.corrections)
    corrected = editor.move_out(report.article_ids[1], "admin", NOW)
    assert embedder.calls == calls  # the model was not asked again
    state = store.archive.storyline_state(corrected.storyline_id)
    assert state is not None and state.embedding is not None
    assert np.allclose(state.embedding, kept[report.article_ids[1]], atol=1e-3)
