"""What storyline assignment and storage share: a storyline's state as assignment reads it,
the decision for one article, and the view of the archive assignment reads."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from news.vectors import Vector


class Embedder(Protocol):
    """Turns texts into unit-length vectors of one fixed dimension."""

    def embed(self, texts: Sequence[str]) -> list[Vector]: ...


@runtime_checkable
class QueryEmbedder(Protocol):
    """Turns a search query into a vector comparable with articles' embeddings."""

    def embed_query(self, text: str) -> Vector: ...


@dataclass(slots=True)
class StorylineState:
    """What a storyline keeps for assignment: the summed term weights of its articles."""

    storyline_id: int
    terms: dict[str, float]
    size: int
    last_seen: datetime
    label: str = ""
    # The length of the IDF-weighted centroid when it last changed. Kept rather than
    # recomputed, so that scoring a candidate needs the frequencies of the article's terms
    # only, not of every centroid term (IDF drifts slowly; the cosine barely notices).
    norm: float = 0.0
    # The sum of its articles' embeddings, when an embedder is in use.
    embedding: Vector | None = None
    # How many of its articles came as a headline alone (fewer features than `short_features`).
    headlines: int = 0
    # The summed argument profiles of its articles (news/language/event_details.py).
    arguments: dict[str, float] = field(default_factory=dict)
    # A label a person set: kept as the storyline grows and merges.
    label_locked: bool = False

    @property
    def told_in_headlines(self) -> bool:
        return 2 * self.headlines > self.size


@dataclass(frozen=True, slots=True)
class Assignment:
    """The decision for one article: join `storyline_id`, or start a new storyline (None)."""

    storyline_id: int | None
    similarity: float
    counts: dict[str, float] = field(repr=False)
    weights: dict[str, float] = field(repr=False)
    document_count: int = 0
    frequencies: dict[str, int] = field(default_factory=dict, repr=False)
    # Other storylines the article also matched above the threshold: merge candidates.
    also_matched: tuple[int, ...] = ()
    # Whether the article is headline-like: fewer features than `short_features`.
    short: bool = False
    embedding: Vector | None = field(default=None, repr=False)
    arguments: dict[str, float] = field(default_factory=dict, repr=False)


class CorpusView(Protocol):
    """The statistics and storylines assignment reads; storage provides them."""

    def document_count(self) -> int: ...

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]: ...

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]: ...

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]: ...
