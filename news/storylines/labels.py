"""A storyline's label: the member headline that best states what it is about."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from news.language.event_details import KINDS, detail_profile
from news.language.terms import content_terms
from news.vectors import idf


def best_headline(
    titles: Sequence[str],
    centroid: Mapping[str, float],
    n: int,
    frequencies: Mapping[str, int],
    profile: Mapping[str, float] | None = None,
    size: int = 1,
) -> str:
    """The headline that best states what the storyline is about.

    Coverage is the IDF-weighted centroid mass of a headline's terms, divided by the square
    root of its length so that long headlines do not win by length alone; it counts double
    for a headline naming the storyline's own arguments (the place and the toll most of its
    articles name), so the label tells this story from others of its kind.
    """
    best = ("", -1.0)
    # Words of other languages carry their code in the centroid (news/language/detection.py).
    codes = sorted({t.partition(":")[0] + ":" for t in centroid if ":" in t})
    for title in titles:
        own = set(content_terms(title))
        if not own:
            continue
        terms = {f"{code}{t}" for t in own for code in ("", *codes)}
        mass = sum(centroid.get(t, 0.0) * idf(n, frequencies.get(t, 0)) for t in terms)
        score = mass / math.sqrt(len(own)) * (1 + stated(title, profile or {}, size))
        if score > best[1]:
            best = (title, score)
    return best[0] or (titles[0] if titles else "")


def stated(title: str, profile: Mapping[str, float], size: int) -> float:
    """How much of what sets the story apart the headline names, at most 1: the summed shares
    of the storyline's articles naming each of its names, numbers and dates."""
    keys = (key for key in detail_profile(title, "") if key.startswith(KINDS))
    return min(1.0, sum(min(1.0, profile.get(key, 0.0) / size) for key in keys))
