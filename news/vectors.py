"""The arithmetic of sparse term vectors and dense embeddings that storylines are made of."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


def idf(document_count: int, document_frequency: int) -> float:
    """Smoothed inverse document frequency; unseen terms weigh the most."""
    # log((1 + N) / (1 + df)) + 1, written as `idf_weighted` inlines it, to round alike.
    return (math.log(1 + document_count) + 1.0) - math.log(1 + document_frequency)


def idf_weighted(
    values: Mapping[str, float], document_count: int, frequencies: Mapping[str, int]
) -> dict[str, float]:
    """Term counts (or a centroid's sums) times each term's IDF (`idf`, inlined: this runs
    for a few hundred terms an article)."""
    base, log, df = math.log(1 + document_count) + 1.0, math.log, frequencies.get
    return {t: v * (base - log(1 + df(t, 0))) for t, v in values.items()}


def length(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def unit(vector: Mapping[str, float]) -> dict[str, float]:
    """The vector scaled to length 1 (empty when it is all zeros)."""
    norm = length(vector)
    return {t: v / norm for t, v in vector.items()} if norm else {}


def cosine(unit: Mapping[str, float], other: Mapping[str, float]) -> float:
    """Cosine of a unit vector with any vector."""
    if len(other) < len(unit):
        dot = sum(v * unit.get(t, 0.0) for t, v in other.items())
    else:
        dot = sum(v * other.get(t, 0.0) for t, v in unit.items())
    norm = math.sqrt(sum(v * v for v in other.values()))
    return dot / norm if norm else 0.0


def top_terms(vector: Mapping[str, float], n: int) -> list[str]:
    """The `n` terms of largest value, ties in alphabetical order.

    Two sorts with C-level keys (the second is stable, so ties keep the first's order) take a
    third of the time of one sort keyed by a Python function, and this runs three times an
    article.
    """
    return sorted(sorted(vector), key=vector.__getitem__, reverse=True)[:n]


def centroid_norm(centroid: Mapping[str, float], n: int, frequencies: Mapping[str, int]) -> float:
    return length(idf_weighted(centroid, n, frequencies))


def centroid_cosine(
    first: Mapping[str, float],
    second: Mapping[str, float],
    n: int,
    frequencies: Mapping[str, int],
) -> float:
    """Cosine of two centroids, both weighted by the current IDF."""
    norms = centroid_norm(first, n, frequencies) * centroid_norm(second, n, frequencies)
    if not norms:
        return 0.0
    dot = sum(
        v * second[t] * idf(n, frequencies.get(t, 0)) ** 2 for t, v in first.items() if t in second
    )
    return dot / norms


def dense_cosine(unit: Vector, other: Vector) -> float:
    """Cosine of a unit embedding with any embedding."""
    norm = float(np.linalg.norm(other))
    return float(np.dot(unit, other)) / norm if norm else 0.0


def added(total: Vector | None, vector: Vector | None) -> Vector | None:
    """A running sum of embeddings, where either side may be missing."""
    if vector is None:
        return total
    return vector.astype(np.float32) if total is None else (total + vector).astype(np.float32)
