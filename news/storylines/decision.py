"""The same-story decision: how likely an article belongs to a storyline, from a logistic model
over what the two share and where they conflict.

The weights are fitted on labelled files (`newsbrief eval fit`, lab/replay.py) and shipped as a
readable JSON file in news/data/; docs/decisions/same-story-decision.md lists each feature's
weight and what removing it costs under grouped cross-validation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from news.language.event_details import KINDS

# What each feature measures (the order of the model's weights).
LEXICAL_FEATURES = (
    "lexical",  # IDF-weighted cosine of the article with the storyline's centroid
    "lexical_gap",  # how far it falls short of the best candidate's cosine
    "entities",  # share of the article's name weight the centroid also holds
    "shared_words",  # how many of the article's words the centroid holds, up to SHARED_WORDS
)
ARGUMENT_FEATURES = tuple(
    f"{name}_{side}"
    for name in ("names", "numbers", "years", "months", "weekdays")
    for side in ("agree", "conflict")
)
# Neither the time apart nor the storyline's size is a feature: the development sets' full
# articles carry no dates, and their storylines' sizes are the corpus's, not the news's
# (docs/decisions/same-story-decision.md has what including them cost).
FEATURES = LEXICAL_FEATURES + ARGUMENT_FEATURES
# With the embedding model: the embedding cosine; how far it falls short of the best
# candidate's, and how far the mean of the two cosines does (the gap of each alone misses a
# story told in other words, which one cosine ranks first and the other last); and how much of
# the storyline is told in other languages than the article, where words cannot be shared and
# the meaning must speak (with the cosine again, for that case).
SEMANTIC_FEATURES = (
    "semantic",
    "semantic_gap",
    "blend_gap",
    "other_language",
    "other_language_semantic",
)


def sign(feature: str) -> int:
    """Which way a feature may move the odds: evidence of one story up, of two down."""
    if feature.endswith(("_gap", "_conflict")):
        return -1
    return 1


# A headline that shares one word with a storyline (a feed's subject: "update", a town's name)
# is weaker evidence than one sharing three at the same cosine; beyond four, more add nothing.
SHARED_WORDS = 4
WEIGHTS_FILE = "same_story.json"
EMBEDDING_WEIGHTS_FILE = "same_story_embeddings.json"


def argument_features(
    article: Mapping[str, float], profile: Mapping[str, float], size: int
) -> list[float]:
    """Agreement and conflict of each kind of argument (ARGUMENT_FEATURES' order).

    Agreement: the share of the storyline's articles that name the article's most shared
    value. Conflict: when both name values of a kind and none is shared, how much of the
    storyline names them (one stray number in a large storyline is weak evidence).
    """
    values: list[float] = []
    for kind in KINDS:
        own = [key for key in article if key.startswith(kind)]
        theirs = [value for key, value in profile.items() if key.startswith(kind)]
        shared = max((profile.get(key, 0.0) for key in own), default=0.0)
        values.append(min(1.0, shared / size))
        conflict = bool(own) and bool(theirs) and not shared
        values.append(min(1.0, sum(theirs) / size) if conflict else 0.0)
    return values


@dataclass(frozen=True, slots=True)
class Compared:
    """One candidate storyline as the decision sees it: its features against the article."""

    storyline_id: int
    lexical: float
    features: list[float]
    short: bool


@dataclass(frozen=True, slots=True)
class Logistic:
    """A fitted logistic model: features are centred and scaled, then weighed."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def logit(self, values: Sequence[float]) -> float:
        """Log-odds of the same story; 0 is even odds."""
        return self.bias + math.fsum(
            w * (v - m) / s
            for w, v, m, s in zip(self.weights, values, self.mean, self.scale, strict=True)
        )

    def as_dict(self) -> dict[str, Any]:
        rows = zip(self.features, self.weights, self.mean, self.scale, strict=True)
        return {
            "bias": round(self.bias, 6),
            "features": {
                name: {"weight": round(w, 6), "mean": round(m, 6), "scale": round(s, 6)}
                for name, w, m, s in rows
            },
        }

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> Logistic:
        rows = document["features"]
        return cls(
            features=tuple(rows),
            mean=tuple(float(row["mean"]) for row in rows.values()),
            scale=tuple(float(row["scale"]) for row in rows.values()),
            weights=tuple(float(row["weight"]) for row in rows.values()),
            bias=float(document["bias"]),
        )

    @classmethod
    def constant(cls, features: Sequence[str], logit: float) -> Logistic:
        """A model that gives every comparison the same log-odds (for tests and teachers)."""
        zeros = (0.0,) * len(features)
        return cls(tuple(features), zeros, (1.0,) * len(features), zeros, logit)


@dataclass(frozen=True, slots=True)
class SameStory:
    """The decision: a headline alone and a full article are judged by separate weights, as
    their cosines run on different scales (a headline shares a handful of terms at most)."""

    article: Logistic
    headline: Logistic
    trained_on: tuple[str, ...] = ()

    @property
    def features(self) -> tuple[str, ...]:
        return self.article.features

    def logit(self, values: Sequence[float], short: bool) -> float:
        """Log-odds that the article belongs to the storyline; 0 is even odds."""
        return (self.headline if short else self.article).logit(values)

    def as_json(self) -> str:
        document = {
            "article": self.article.as_dict(),
            "headline": self.headline.as_dict(),
            "trained_on": list(self.trained_on),
        }
        return json.dumps(document, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SameStory:
        document = json.loads(text)
        return cls(
            article=Logistic.from_dict(document["article"]),
            headline=Logistic.from_dict(document["headline"]),
            trained_on=tuple(document.get("trained_on", ())),
        )

    @classmethod
    def constant(cls, features: Sequence[str], logit: float) -> SameStory:
        model = Logistic.constant(features, logit)
        return cls(model, model)

    @classmethod
    def read(cls, path: Path) -> SameStory:
        return cls.from_json(path.read_text(encoding="utf-8"))


def shipped_path(semantic: bool = False) -> Path:
    """Where the shipped weights live (with or without the embedding cosine)."""
    return (
        Path(__file__).parents[1] / "data" / (EMBEDDING_WEIGHTS_FILE if semantic else WEIGHTS_FILE)
    )


@lru_cache(maxsize=2)
def shipped(semantic: bool = False) -> SameStory:
    """The weights that ship with newsbrief."""
    return SameStory.read(shipped_path(semantic))
