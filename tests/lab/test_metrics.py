from __future__ import annotations

import pytest

from lab.metrics import averaged, bcubed, bcubed_items, pairwise, roc_auc


def test_perfect_clustering_scores_one() -> None:
    gold = ["a", "a", "b", "c"]
    assert bcubed(gold, [1, 1, 2, 3]).f1 == pytest.approx(1.0)
    assert pairwise(gold, [1, 1, 2, 3]).f1 == pytest.approx(1.0)


def test_everything_in_one_cluster() -> None:
    score = bcubed(["a", "a", "b", "b"], [1, 1, 1, 1])
    assert score.r == pytest.approx(1.0)
    assert score.p == pytest.approx(0.5)
    assert pairwise(["a", "a", "b", "b"], [1, 1, 1, 1]).p == pytest.approx(2 / 6)


def test_items_scored_alone_and_averaged() -> None:
    items = bcubed_items(["a", "a", "b"], [1, 1, 1])
    assert items == [pytest.approx((2 / 3, 1.0))] * 2 + [pytest.approx((1 / 3, 1.0))]
    # A subset of items is scored against the clusters of all of them.
    assert averaged(items[2:]).p == pytest.approx(1 / 3)
    assert averaged([]).f1 == 0.0


def test_roc_auc() -> None:
    assert roc_auc([0.9, 0.8, 0.2, 0.1], [True, True, False, False]) == 1.0
    assert roc_auc([0.1, 0.2, 0.8, 0.9], [True, True, False, False]) == 0.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5
