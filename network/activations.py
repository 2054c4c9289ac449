"""Activation functions and their derivatives (elementwise, any shape)."""

from __future__ import annotations

import numpy as np
from scipy.special import expit, softmax as _softmax


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The logistic squish ``1 / (1 + exp(-z))``, overflow-safe (``out=z`` works in place)."""
    return expit(z, out=out)


def sigmoid_prime_from_a(a: np.ndarray) -> np.ndarray:
    """``sigma'(z)`` written with ``a = sigma(z)``: ``a (1 - a)``."""
    return a * (1.0 - a)


def relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``max(0, z)`` (``out=z`` works in place)."""
    return np.maximum(z, 0.0, out=out)


def relu_prime_from_a(a: np.ndarray) -> np.ndarray:
    """Derivative of ReLU, 1 where the unit is active and 0 elsewhere."""
    return (a > 0.0).astype(a.dtype)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``z`` with shape ``(n, k)``."""
    return _softmax(z, axis=-1)


#: name -> (function, derivative expressed through the activation value)
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime_from_a),
    "relu": (relu, relu_prime_from_a),
}
