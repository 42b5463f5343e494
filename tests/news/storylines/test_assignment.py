from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from news.storylines.assignment import ArticleSide, ClusterConfig, Clusterer
from news.storylines.decision import FEATURES, Compared, SameStory
from news.storylines.state import StorylineState
from news.vectors import unit

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


def test_a_dormant_storyline_wakes_only_for_a_much_likelier_match() -> None:
    # The same evidence that joins an active storyline does not wake a dormant one.
    row = Compared(1, 0.5, [0.0] * len(FEATURES), short=False)
    for log_odds, joins, wakes in ((1.0, True, False), (4.0, True, True)):
        clusterer = Clusterer(model=SameStory.constant(FEATURES, log_odds))
        assert (clusterer.margins([row])[0][0] >= 0) is joins
        assert (clusterer.margins([row], waking=True)[0][0] >= 0) is wakes


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


def test_a_label_a_person_set_survives_an_automatic_merge() -> None:
    clusterer, corpus = Clusterer(), RecordingCorpus(rare={"ferry"})
    named = StorylineState(1, {"ferry": 2.0}, 3, WHEN, "Ferry strike", 1.0, label_locked=True)
    other = StorylineState(2, {"ferry": 1.0, "storm": 1.0}, 5, WHEN, "Storm halts ferries", 1.0)
    for survivor, absorbed in ((other, named), (named, other)):
        merged, _ = clusterer.merged(survivor, absorbed, corpus)
        assert (merged.label, merged.label_locked) == ("Ferry strike", True)
    unnamed, _ = clusterer.merged(other, replace(named, label_locked=False), corpus)
    assert unnamed.label_locked is False


def test_how_many_words_a_headline_shares_with_a_storyline_is_a_feature() -> None:
    # A subject feed's headlines all share its word ("update"); a story's share several.
    storyline = StorylineState(
        1, dict.fromkeys(["orbix", "phone", "update", "battery", "saver"], 1.0), 1, WHEN, norm=1.0
    )

    def shared_words(words: list[str]) -> float:
        side = ArticleSide(
            unit(dict.fromkeys(words, 1.0)), dict.fromkeys(words, 1.0), {}, True, None
        )
        (compared,) = Clusterer().compared([storyline], side)
        return compared.features[FEATURES.index("shared_words")]

    assert shared_words(["market", "update", "share", "fall"]) == 0.25
    assert shared_words(["orbix", "update", "battery", "life"]) == 0.75
    assert shared_words(["orbix", "phone", "update", "battery", "saver", "@orbix"]) == 1.0
