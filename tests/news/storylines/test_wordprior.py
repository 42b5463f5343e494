"""The everyday-English prior on document frequencies."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from news.language.terms import content_terms
from news.storylines.state import StorylineState
from news.storylines.wordprior import WithWordPrior, prior_frequency
from news.vectors import idf


class TinyCorpus:
    """An archive of three documents, all of which used both words."""

    def document_count(self) -> int:
        return 3

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]:
        return dict.fromkeys(terms, 3)

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]:
        return []

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]:
        return []


def test_common_words_are_common_from_the_start_and_names_stay_rare() -> None:
    people, reported, klitschko = content_terms("people reported Klitschko")
    assert prior_frequency(people, 1000) > prior_frequency(reported, 1000) > 0
    assert prior_frequency(klitschko, 1000) == 0
    corpus = WithWordPrior(TinyCorpus(), 1000)
    assert corpus.document_count() == 1003
    frequencies = corpus.document_frequencies([people, klitschko])
    assert frequencies[klitschko] == 3
    n = corpus.document_count()
    # Alone, the archive could not tell them apart; with the prior, the name weighs more.
    assert idf(n, frequencies[klitschko]) > 2 * idf(n, frequencies[people])
