"""Corrections by a person: storylines merged and named by hand (the log is kept in storage).

A merge made by a person is folded exactly as an automatic one (the centroids summed, the
index rebuilt, followers moved); a label set by a person is kept as the storyline grows.
"""

from __future__ import annotations

from collections.abc import Sequence

from news.ingest import Ingestor
from news.storyline_state import StorylineState


class CorrectionError(ValueError):
    """A correction that cannot be made (an unknown storyline, a storyline merged into itself)."""


def merge_storylines(ingestor: Ingestor, into: int, others: Sequence[int]) -> StorylineState:
    """Fold `others` into `into`, which keeps its id; nothing changes when an id is wrong."""
    archive, clusterer = ingestor.archive, ingestor.clusterer
    survivor = archive.storyline_state(into)
    if survivor is None:
        raise CorrectionError(f"no storyline {into}")
    absorbed: list[StorylineState] = []
    for other in dict.fromkeys(others):
        state = archive.storyline_state(other)
        if other == into:
            raise CorrectionError(f"storyline {into} cannot be merged into itself")
        if state is None:
            raise CorrectionError(f"no storyline {other}")
        absorbed.append(state)
    with archive.writing():
        for state in absorbed:
            survivor, index = clusterer.merged(survivor, state, ingestor.corpus)
            archive.merge_storylines(state.storyline_id, survivor, index)
    return survivor
