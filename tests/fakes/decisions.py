"""Same-story decisions that ignore the evidence, for tests about what happens after one."""

from __future__ import annotations

from news.storylines.assignment import ClusterConfig, Clusterer
from news.storylines.decision import FEATURES, SEMANTIC_FEATURES, Logistic, SameStory
from news.storylines.state import Embedder


def always(joins: bool, config: ClusterConfig | None = None) -> Clusterer:
    """A clusterer whose every candidate is (or is never) likely enough to join."""
    return Clusterer(config, model=SameStory.constant(FEATURES, 20.0 if joins else -20.0))


def by_meaning(embedder: Embedder) -> Clusterer:
    """A clusterer with `embedder` whose decision reads the embedding cosine alone: an
    article joins a storyline whose summed embedding points within 60 degrees of its own."""
    features = FEATURES + SEMANTIC_FEATURES
    weights = tuple(10.0 if name == "semantic" else 0.0 for name in features)
    zeros = (0.0,) * len(features)
    model = Logistic(features, zeros, (1.0,) * len(features), weights, -5.0)
    return Clusterer(embedder=embedder, model=SameStory(model, model))
