"""Backprop against an independent oracle: central finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from network import MLP, one_hot


def numerical_gradients(net: MLP, X: np.ndarray, Y: np.ndarray, eps: float = 1e-6):
    """Central differences of the mean cost, one parameter at a time."""
    grads_w = [np.zeros_like(w) for w in net.weights]
    grads_b = [np.zeros_like(b) for b in net.biases]
    for params, grads in ((net.weights, grads_w), (net.biases, grads_b)):
        for p, g in zip(params, grads):
            it = np.nditer(p, flags=["multi_index"])
            for _ in it:
                i = it.multi_index
                old = p[i]
                p[i] = old + eps
                up = net.cost_value(X, Y)
                p[i] = old - eps
                down = net.cost_value(X, Y)
                p[i] = old
                g[i] = (up - down) / (2 * eps)
    return grads_w, grads_b


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_backprop_matches_finite_differences(activation, cost):
    rng = np.random.default_rng(1)
    net = MLP([7, 5, 4, 3], activation=activation, cost=cost, seed=3)
    # Non-zero biases so ReLU kinks are not hit exactly at zero.
    for b in net.biases:
        b[:] = rng.normal(0, 0.5, size=b.shape)
    X = rng.uniform(0, 1, size=(6, 7))
    Y = one_hot(rng.integers(0, 3, size=6), 3)
    gw, gb = net.backprop(X, Y)
    nw, nb = numerical_gradients(net, X, Y)
    for a, b in zip(gw + gb, nw + nb):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-8)


def test_gradient_is_mean_of_per_example_gradients():
    rng = np.random.default_rng(2)
    net = MLP([9, 4, 3], seed=1)
    X = rng.uniform(0, 1, size=(5, 9))
    Y = one_hot(rng.integers(0, 3, size=5), 3)
    gw, gb = net.backprop(X, Y)
    per = [net.backprop(X[i : i + 1], Y[i : i + 1]) for i in range(5)]
    for l in range(net.n_layers):
        np.testing.assert_allclose(gw[l], np.mean([p[0][l] for p in per], axis=0), atol=1e-12)
        np.testing.assert_allclose(gb[l], np.mean([p[1][l] for p in per], axis=0), atol=1e-12)


def test_quadratic_cost_is_the_lectures_sum_of_squares():
    net = MLP([4, 3, 2], seed=0)
    X = np.array([[0.1, 0.2, 0.3, 0.4]])
    Y = np.array([[0.0, 1.0]])
    a = net.predict(X)[0]
    assert net.cost_value(X, Y) == pytest.approx((a[0] - 0) ** 2 + (a[1] - 1) ** 2)
