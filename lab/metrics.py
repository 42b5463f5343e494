"""Clustering and ranking metrics: B-cubed, pairwise, ROC AUC, success@k and MRR."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    p: float
    r: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f1, 4)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed_items(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> list[tuple[float, float]]:
    """Each item's B-cubed (precision, recall): the share of its predicted cluster in its gold
    cluster, and of its gold cluster in its predicted one."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    joint = Counter(zip(gold, predicted, strict=True))
    gold_sizes = Counter(gold)
    pred_sizes = Counter(predicted)
    return [
        (joint[g, p] / pred_sizes[p], joint[g, p] / gold_sizes[g])
        for g, p in zip(gold, predicted, strict=True)
    ]


def averaged(items: Sequence[tuple[float, float]]) -> PRF:
    """B-cubed precision, recall and F1 over items scored by `bcubed_items`."""
    if not items:
        return PRF(0.0, 0.0, 0.0)
    precision = sum(p for p, _ in items) / len(items)
    recall = sum(r for _, r in items) / len(items)
    return PRF(precision, recall, _f1(precision, recall))


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """B-cubed precision and recall averaged over items (Bagga & Baldwin 1998)."""
    return averaged(bcubed_items(gold, predicted))


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """Precision and recall over all pairs of items put in one cluster."""

    def pairs(sizes: Counter[Hashable] | Counter[tuple[Hashable, Hashable]]) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    together = pairs(Counter(zip(gold, predicted, strict=True)))
    predicted_pairs = pairs(Counter(predicted))
    gold_pairs = pairs(Counter(gold))
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / gold_pairs if gold_pairs else 1.0
    return PRF(precision, recall, _f1(precision, recall))


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Probability that a positive outranks a negative (ties count half)."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda item: item[0])
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return 0.0
    rank_sum = 0.0
    index = 0
    while index < len(ranked):
        end = index
        while end + 1 < len(ranked) and ranked[end + 1][0] == ranked[index][0]:
            end += 1
        mean_rank = (index + end) / 2 + 1
        rank_sum += mean_rank * sum(1 for i in range(index, end + 1) if ranked[i][1])
        index = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
