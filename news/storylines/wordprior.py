"""How common words are at large: a prior for the archive's document frequencies.

An archive's own statistics say little while it is small: among its first hundred articles
"said" and "Klitschko" look about equally rare, so a shared "said" counts as much as a shared
name. The prior counts as `prior_documents` documents of `DOCUMENT_WORDS` words drawn from
everyday English (word frequencies from the wordfreq package, which ships its data): a word
used once in a thousand is in about a third of them. As the archive grows its own counts
outweigh the prior. Words wordfreq does not know (names) get no prior and weigh as before.
Another language's words (news/language/detection.py gives them its code) get its own prior, from
the first time one of them is met.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import wordfreq

from news.language.detection import LANGUAGES, SEGMENTED, frequencies, release_wordfreq
from news.language.terms import terms_of

if TYPE_CHECKING:
    from news.storylines.state import CorpusView, StorylineState

DOCUMENT_WORDS = 400
# Rarer words would add under half a document to the prior's thousand; they are left out.
KNOWN_WORDS = 50_000
# Of other languages, the commonest words: the ones that made unrelated articles alike.
LANGUAGE_WORDS = 5000


@lru_cache(maxsize=1)
def document_shares() -> dict[str, float]:
    """For each term (stemmed, as articles' terms are), the share of everyday documents that
    use it at least once."""
    frequencies = wordfreq.get_frequency_dict("en")
    common = sorted(frequencies.items(), key=lambda item: -item[1])[:KNOWN_WORDS]
    # wordfreq keeps all 320,000 words it read (about 40 MB); this table needs 36,000 terms.
    del frequencies
    release_wordfreq()
    shares: dict[str, float] = {}
    for word, frequency in common:
        share = 1.0 - math.exp(-frequency * DOCUMENT_WORDS)
        # Several words share a stem ("elect", "election"): the stem is as common as the
        # commonest of them.
        for term in terms_of([word]):
            shares[term] = max(shares.get(term, 0.0), share)
    return shares


@cache
def language_shares(language: str) -> dict[str, float]:
    """`document_shares` of another language's terms, which carry its code ("de:und"): its
    commonest words."""
    shares: dict[str, float] = {}
    for word, frequency in frequencies(language, LANGUAGE_WORDS):
        share = 1.0 - math.exp(-frequency * DOCUMENT_WORDS)
        for term in terms_of([word]):
            key = f"{language}:{term}"
            shares[key] = max(shares.get(key, 0.0), share)
    return shares


def _counted(shares: Mapping[str, float], prior_documents: int) -> dict[str, int]:
    return {
        term: count for term, share in shares.items() if (count := round(prior_documents * share))
    }


@lru_cache(maxsize=4)
def prior_frequencies(prior_documents: int) -> dict[str, int]:
    """In how many of the prior's documents each term appears (terms in none left out).

    Worked out once: an article looks up the frequencies of a few hundred terms, twice."""
    return _counted(document_shares(), prior_documents)


@cache
def language_frequencies(language: str, prior_documents: int) -> dict[str, int]:
    return _counted(language_shares(language), prior_documents)


def prior_frequency(term: str, prior_documents: int) -> int:
    """In how many of the prior's documents the term appears."""
    return prior_frequencies(prior_documents).get(term, 0)


class WithWordPrior:
    """A corpus whose document counts include the prior's documents."""

    def __init__(self, corpus: CorpusView, prior_documents: int) -> None:
        self.corpus = corpus
        self.prior_documents = prior_documents
        self.prior = prior_frequencies(prior_documents)
        self.languages: set[str] = set()

    def document_count(self) -> int:
        return self.corpus.document_count() + self.prior_documents

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]:
        # Another language's words (news/language/detection.py) bring its prior when first met.
        unknown = {t.partition(":")[0] for t in terms if ":" in t} - self.languages
        if unknown:
            self._learn(unknown)
        own = self.corpus.document_frequencies(terms).get
        prior = self.prior.get
        return {term: own(term, 0) + prior(term, 0) for term in terms}

    def _learn(self, languages: set[str]) -> None:
        prior = dict(self.prior)  # the English table is shared by every instance
        for language in languages - self.languages:
            if language in LANGUAGES or language in SEGMENTED:
                prior.update(language_frequencies(language, self.prior_documents))
        self.languages |= languages
        self.prior = prior

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]:
        return self.corpus.candidate_storylines(terms, since, limit, before)

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]:
        return self.corpus.recent_storylines(since, limit)
