"""The naive anchor: how hard a labelled file is by itself, whatever the model.

    python -m bench.anchor FILE.jsonl...

Single-pass clustering of plain TF-IDF vectors (IDF over the whole file, words of three
letters or more) against storyline centroids, with the threshold that scores best on the
file's own labels, so with hindsight the product does not have; for a pairs file, the ROC AUC
of the two texts' cosine. A held-out file whose anchor sits below a development file's is
harder by itself: compare newsbrief's figures on the two by their distance from the anchor.
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lab.evaluate import in_time_order, read_records
from lab.metrics import bcubed, roc_auc

THRESHOLDS = [step / 100 for step in range(1, 80)]
_WORD = re.compile(r"[a-z0-9]{3,}")

Sparse = dict[str, float]


def tfidf_vectors(texts: Sequence[str]) -> list[Sparse]:
    """Unit TF-IDF vectors, sublinear term frequency, IDF over these texts."""
    tokens = [_WORD.findall(text.lower()) for text in texts]
    frequencies = Counter(term for words in tokens for term in set(words))
    vectors = []
    for words in tokens:
        weights = {
            term: (1 + math.log(count)) * math.log(len(texts) / frequencies[term])
            for term, count in Counter(words).items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({term: w / norm for term, w in weights.items()})
    return vectors


def single_pass(vectors: Sequence[Sparse], threshold: float) -> list[int]:
    """Each vector joins the centroid it is closest to by cosine, when that reaches the
    threshold, or starts its own; centroids are looked up through an inverted index."""
    centroids: list[Sparse] = []
    norms: list[float] = []
    holding: defaultdict[str, set[int]] = defaultdict(set)
    assigned = []
    for vector in vectors:
        dots: defaultdict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for cluster in holding[term]:
                dots[cluster] += weight * centroids[cluster][term]
        best = max(dots, key=lambda c: (dots[c] / norms[c], -c), default=None)
        if best is not None and dots[best] / norms[best] >= threshold:
            centroid = centroids[best]
            for term, weight in vector.items():
                centroid[term] = centroid.get(term, 0.0) + weight
                holding[term].add(best)
            norms[best] = math.sqrt(sum(w * w for w in centroid.values()))
            assigned.append(best)
        else:
            best = len(centroids)
            centroids.append(dict(vector))
            norms.append(1.0)
            for term in vector:
                holding[term].add(best)
            assigned.append(best)
    return assigned


def anchor(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The anchor's figure for a storylines file (best B-cubed F1) or a pairs file (AUC)."""
    pairs = [r for r in records if "same_story" in r]
    if pairs:
        vectors = tfidf_vectors(
            [str(r.get(side, "")) for r in pairs for side in ("text1", "text2")]
        )
        scores = [
            sum(w * vectors[2 * i + 1].get(t, 0.0) for t, w in vectors[2 * i].items())
            for i in range(len(pairs))
        ]
        return {
            "pairs": len(pairs),
            "auc": round(roc_auc(scores, [bool(r["same_story"]) for r in pairs]), 4),
        }
    labelled = [r for r in in_time_order(records) if "cluster" in r]
    vectors = tfidf_vectors([f"{r.get('title', '')} {r.get('text', '')}" for r in labelled])
    gold = [str(r["cluster"]) for r in labelled]
    f1, threshold = max((bcubed(gold, single_pass(vectors, t)).f1, t) for t in THRESHOLDS)
    return {"articles": len(labelled), "bcubed_f1": round(f1, 4), "threshold": threshold}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    for path in parser.parse_args().files:
        print(path.name, anchor(read_records(path)), flush=True)


if __name__ == "__main__":
    main()
