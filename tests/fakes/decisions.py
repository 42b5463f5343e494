"""Same-story decisions that ignore the evidence, for tests about what happens after one."""

from __future__ import annotations

from news.decision import FEATURES, SameStory
from news.storylines import ClusterConfig, Clusterer


def always(joins: bool, config: ClusterConfig | None = None) -> Clusterer:
    """A clusterer whose every candidate is (or is never) likely enough to join."""
    return Clusterer(config, model=SameStory.constant(FEATURES, 20.0 if joins else -20.0))
