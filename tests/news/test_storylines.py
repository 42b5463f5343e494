from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime

from news.storylines import ClusterConfig, Clusterer, StorylineState

WHEN = datetime(2026, 3, 1, tzinfo=UTC)


class RecordingCorpus:
    """An archive of 1,000 documents where every word but the named ones is everywhere."""

    def __init__(self, rare: Collection[str]) -> None:
        self.rare = set(rare)
        self.queries: list[list[str]] = []

    def document_count(self) -> int:
        return 1000

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]:
        return {term: 1 if term in self.rare else 1000 for term in terms}

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]:
        self.queries.append(list(terms))
        return []

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]:
        return []


def test_candidates_are_looked_up_by_the_articles_distinctive_terms() -> None:
    # The words said most often are in every document; looking storylines up by them finds
    # the busiest storylines, not this one's (and costs the most rows to read).
    corpus = RecordingCorpus(rare={"zanzibar", "@zanzibar"})
    body = "Officials said the city council met. " * 6 + "A ferry sank off Zanzibar."
    clusterer = Clusterer(ClusterConfig(query_terms=2))

    assignment = clusterer.assign("", body, WHEN, corpus)

    assert assignment.storyline_id is None
    assert set(corpus.queries[0]) == {"zanzibar", "@zanzibar"}
