"""Fitting the same-story model: L2-regularised logistic regression by Newton's method.

Deterministic (no random start, no sampling), so that refitting on the same files gives the
same weights file. Features are centred and scaled first, so the weights compare.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from news.storylines.decision import Logistic

L2 = 1.0  # penalty on the squared weights (not the bias), in units of examples
ITERATIONS = 50
TOLERANCE = 1e-9


def fit(
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    features: Sequence[str],
    signs: Sequence[int] | None = None,
    l2: float = L2,
    weights: Sequence[float] | None = None,
) -> Logistic:
    """The model that best separates the labelled rows (one row of `features` values each).

    `signs` says which way each feature may push (+1 up, -1 down, 0 either): a feature that
    comes out the wrong way is held at 0 and the rest refitted, until none does. So an
    agreement never lowers the odds and a conflict never raises them, whatever the
    development files' quirks (two features that say much the same can otherwise take
    opposite signs that cancel on these files and not on others). `weights`: how much each
    row counts (1 each by default).
    """
    x = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(features))
    y = np.asarray(labels, dtype=np.float64)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    if not len(y) or y.min() == y.max():
        raise ValueError("fitting needs examples of both same-story and different-story pairs")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0  # a constant feature keeps weight 0
    z = np.hstack([np.ones((len(y), 1)), (x - mean) / scale])
    wanted = np.concatenate([[0], np.asarray(signs if signs is not None else [0] * len(features))])
    active = np.ones(z.shape[1], dtype=bool)
    while True:
        beta = np.zeros(z.shape[1])
        beta[active] = _newton(z[:, active], y, w, l2)
        wrong = active & (wanted * beta < 0)
        if not wrong.any():
            break
        active &= ~wrong
    return Logistic(
        features=tuple(features),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in beta[1:]),
        bias=float(beta[0]),
    )


def _newton(
    z: npt.NDArray[np.float64], y: npt.NDArray[np.float64], w: npt.NDArray[np.float64], l2: float
) -> npt.NDArray[np.float64]:
    """Weights of L2-penalised logistic regression over rows counting `w` each (column 0,
    the bias, unpenalised)."""
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    beta = np.zeros(z.shape[1])
    for _ in range(ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        gradient = z.T @ (w * (p - y)) + penalty * beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.abs(step).max()) < TOLERANCE:
            break
    return beta
