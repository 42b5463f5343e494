"""Search by meaning: when a query's words find little, the storylines closest in meaning."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.search.ranking import search
from news.storylines.assignment import Clusterer
from news.vectors import Vector
from tests.fakes.archive import MemoryArchive

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


class Concepts:
    """A stand-in for a multilingual model: words of one concept, in any language, point one
    way; a query's vector is a passage's, a little closer to the concept than others."""

    CONCEPTS = (("quake", "erdbeben", "beben"), ("strike", "streik", "grève"), ("budget",))

    def _vector(self, text: str, strength: float) -> Vector:
        lowered = text.lower()
        hits = [strength * any(w in lowered for w in words) for words in self.CONCEPTS]
        vector = np.array([*hits, 1.0], dtype=np.float32)
        return vector / np.linalg.norm(vector)

    def embed(self, texts: Sequence[str]) -> list[Vector]:
        return [self._vector(text, 1.0) for text in texts]

    def embed_query(self, text: str) -> Vector:
        return self._vector(text, 1.5)


def archive_of_german_reports() -> MemoryArchive:
    archive = MemoryArchive()
    drafts = [
        ArticleDraft(
            "Erdbeben erschüttert Karsk", "Ein starkes Beben traf Karsk.", "A", language="de"
        ),
        ArticleDraft(
            "Streik legt den Hafen lahm", "Die Hafenarbeiter streiken.", "B", language="de"
        ),
    ]
    Ingestor(archive, Clusterer(embedder=Concepts())).ingest(enumerate(drafts, 1), NOW)
    return archive


def test_a_query_no_word_of_which_is_in_the_archive_finds_the_story_it_means() -> None:
    archive = archive_of_german_reports()
    assert search(archive, "quake", NOW) == []  # words alone find nothing
    results = search(archive, "quake", NOW, meaning=Concepts())
    assert [r.storyline.label for r in results] == ["Erdbeben erschüttert Karsk"]
    assert results[0].by_meaning and results[0].languages == ("de",)


def test_meaning_does_not_push_aside_what_words_found() -> None:
    archive = archive_of_german_reports()
    results = search(archive, "Hafen", NOW, meaning=Concepts())
    assert [r.by_meaning for r in results] == [False]
    assert results[0].storyline.label == "Streik legt den Hafen lahm"


def test_nothing_close_in_meaning_is_nothing_found() -> None:
    archive = archive_of_german_reports()
    assert search(archive, "budget", NOW, meaning=Concepts()) == []
