"""What an article's own text yields before it meets the archive.

An article's canonical URL, fingerprint, MinHash bands and term counts depend on nothing
stored, and they are close to half of what importing it costs in Python (the rest, the
storyline decision and the writes, must see every earlier article and so stays in order).
So the ingest pipeline takes them from an `Analyzer`: in place here, or one batch ahead in
a worker process (bot/adapters/workers.py), which uses a second core while this one writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from news.language.detection import language_of
from news.language.event_details import detail_profile
from news.records import ArticleDraft
from news.sources.urls import canonical_url
from news.storylines.article_terms import term_counts
from news.storylines.assignment import ClusterConfig
from news.storylines.dedup import fingerprint, minhash_bands, shingles

Batch = TypeVar("Batch")


@dataclass(frozen=True, slots=True)
class Analysis:
    """One draft's keys for de-duplication and its terms for storyline assignment."""

    url_key: str
    fingerprint: str
    bands: list[tuple[int, int]]
    counts: dict[str, float]
    arguments: dict[str, float]
    language: str  # declared or detected (news/language/detection.py)


def analyze(draft: ArticleDraft, config: ClusterConfig, dedupe: bool = True) -> Analysis:
    """The analysis of one draft (without `dedupe`, no MinHash: nothing will be compared)."""
    language = language_of(draft.language, draft.title, draft.body)
    return Analysis(
        url_key=canonical_url(draft.url),
        fingerprint=fingerprint(draft),
        bands=minhash_bands(shingles(draft.body)) if dedupe else [],
        counts=term_counts(draft.title, draft.body, config, draft.url, language),
        arguments=detail_profile(draft.title, draft.body, language),
        language=language,
    )


def analyze_all(
    drafts: Sequence[ArticleDraft], config: ClusterConfig, dedupe: bool = True
) -> list[Analysis]:
    return [analyze(draft, config, dedupe) for draft in drafts]


class Analyzer(Protocol):
    """Pairs each batch with its drafts' analyses, in order."""

    def __call__(
        self,
        batches: Iterable[Batch],
        drafts_of: Callable[[Batch], list[ArticleDraft]],
        config: ClusterConfig,
        dedupe: bool = True,
    ) -> Iterator[tuple[Batch, list[Analysis]]]: ...


def in_place(
    batches: Iterable[Batch],
    drafts_of: Callable[[Batch], list[ArticleDraft]],
    config: ClusterConfig,
    dedupe: bool = True,
) -> Iterator[tuple[Batch, list[Analysis]]]:
    """Each batch analysed here, as it comes (an `Analyzer`)."""
    for batch in batches:
        yield batch, analyze_all(drafts_of(batch), config, dedupe)
