"""The two costs, per example and as the mean over a batch.

``quadratic``: the lecture's cost, ``C0 = sum_j (a_j - y_j)^2`` with a sigmoid
output layer (no factor 1/2, exactly as on screen in 3Blue1Brown's chapter 2).

``cross_entropy``: ``C0 = -sum_j y_j log a_j`` with a softmax output layer.

Each cost knows its output activation and ``output_delta``, the derivative of
the MEAN batch cost with respect to the output pre-activations ``z^(L)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from network.activations import sigmoid, softmax


def quadratic_per_example(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``sum_j (a_j - y_j)^2`` for every row; returns shape ``(n,)``."""
    d = a - y
    return np.einsum("ij,ij->i", d, d)


def quadratic_mean(a: np.ndarray, y: np.ndarray) -> float:
    """Mean over rows of ``sum_j (a_j - y_j)^2`` (one BLAS call, no temporaries per row)."""
    d = (a - y).ravel()
    return float(np.dot(d, d)) / a.shape[0]


def quadratic_delta(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dC/dz for the mean quadratic cost with sigmoid outputs, shape ``(n, k)``:
    ``2 (a - y) a (1 - a) / n``."""
    delta = a - y
    delta *= a
    delta *= 1.0 - a
    delta *= 2.0 / a.shape[0]
    return delta


def quadratic_delta_and_mean(a: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """:func:`quadratic_delta` and :func:`quadratic_mean` from one ``a - y`` (the SGD hot path)."""
    delta = a - y
    d = delta.ravel()
    mean = float(d @ d) / a.shape[0]
    delta *= a
    delta *= 1.0 - a
    delta *= 2.0 / a.shape[0]
    return delta, mean


def cross_entropy_per_example(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``-sum_j y_j log a_j`` for every row (clipped away from log 0)."""
    return -np.einsum("ij,ij->i", y, np.log(np.clip(a, 1e-300, None)))


def cross_entropy_mean(a: np.ndarray, y: np.ndarray) -> float:
    """Mean over rows of ``-sum_j y_j log a_j``."""
    return -float(np.dot(y.ravel(), np.log(np.clip(a, 1e-300, None)).ravel())) / a.shape[0]


def cross_entropy_delta(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dC/dz for the mean cross-entropy with softmax outputs: ``(a - y) / n``."""
    return (a - y) / a.shape[0]


def cross_entropy_delta_and_mean(a: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """:func:`cross_entropy_delta` and :func:`cross_entropy_mean` together."""
    return cross_entropy_delta(a, y), cross_entropy_mean(a, y)


@dataclass(frozen=True)
class Cost:
    """A cost function paired with the output activation it assumes."""

    name: str
    output_activation: Callable[[np.ndarray], np.ndarray]
    per_example: Callable[[np.ndarray, np.ndarray], np.ndarray]
    mean: Callable[[np.ndarray, np.ndarray], float]
    output_delta: Callable[[np.ndarray, np.ndarray], np.ndarray]
    delta_and_mean: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, float]]


COSTS: dict[str, Cost] = {
    "quadratic": Cost(
        "quadratic", sigmoid, quadratic_per_example, quadratic_mean, quadratic_delta, quadratic_delta_and_mean
    ),
    "cross_entropy": Cost(
        "cross_entropy",
        softmax,
        cross_entropy_per_example,
        cross_entropy_mean,
        cross_entropy_delta,
        cross_entropy_delta_and_mean,
    ),
}
