"""The independent oracle of the chapter tests: a plain NumPy forward pass of one
example (column-vector style, float64, nothing from ``network/``) and central
finite differences of its quadratic cost in one parameter."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def example_cost(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: np.ndarray, y: np.ndarray) -> float:
    """``C0 = sum_j (a_j - y_j)^2`` of one example ``x`` (784,) with one-hot ``y`` (10,)."""
    a = np.asarray(x, dtype=float)
    for w, b in zip(weights, biases):
        a = sigmoid(np.asarray(w, dtype=float) @ a + np.asarray(b, dtype=float))
    return float(np.sum((a - y) ** 2))


def finite_difference(weights, biases, x, y, kind: str, layer: int, idx: tuple, h: float = 1e-6) -> float:
    """``dC0/dtheta`` by central differences, ``theta = weights[layer][idx]`` (kind ``"w"``)
    or ``biases[layer][idx]`` (kind ``"b"``), in float64."""
    vals = []
    for sign in (1.0, -1.0):
        ws = [np.array(w, dtype=float) for w in weights]
        bs = [np.array(b, dtype=float) for b in biases]
        (ws if kind == "w" else bs)[layer][idx] += sign * h
        vals.append(example_cost(ws, bs, x, y))
    return (vals[0] - vals[1]) / (2 * h)
