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


def test_a_storyline_of_many_articles_takes_a_weaker_match_than_one_of_one() -> None:
    # One article's centroid says little about its story; fifty articles' say it clearly.
    clusterer = Clusterer(ClusterConfig(threshold=0.22, size_relief=0.05))

    def state(storyline_id: int, size: int) -> StorylineState:
        return StorylineState(storyline_id, {"ferry": 1.0, "harbour": 1.0}, size, WHEN, norm=1.0)

    # A score of 0.18 against each: the article's side of the dot product.
    scaled = {"ferry": 0.18}
    margins = clusterer._margins([state(1, 1), state(2, 50)], scaled, False, 0.0, None)
    by_storyline = {storyline_id: margin for margin, _, storyline_id in margins}
    assert by_storyline[1] < 0 < by_storyline[2]
    # However large, a storyline keeps at least half the threshold.
    huge = clusterer._margins([state(3, 10**9)], {"ferry": 0.10}, False, 0.0, None)
    assert huge[0][0] < 0


def test_storylines_told_in_headlines_merge_on_a_weaker_likeness() -> None:
    # Centroids with a cosine of 0.5: below the full-article merge threshold, above the
    # headline one.
    clusterer = Clusterer(ClusterConfig(merge_threshold=0.6, headline_merge_threshold=0.25))

    def state(storyline_id: int, terms: dict[str, float], headlines: int) -> StorylineState:
        return StorylineState(storyline_id, terms, 4, WHEN, norm=1.0, headlines=headlines)

    first = {"ferry": 1.0, "storm": 1.0}
    second = {"ferry": 1.0, "quay": 1.0}
    frequencies = {"ferry": 1, "storm": 1, "quay": 1}
    assert clusterer.same_story(state(1, first, 4), state(2, second, 3), 1000, frequencies)
    # A storyline of full articles keeps the stricter test, even against one of headlines.
    assert not clusterer.same_story(state(1, first, 4), state(2, second, 2), 1000, frequencies)
    assert not clusterer.same_story(state(1, first, 0), state(2, second, 0), 1000, frequencies)
