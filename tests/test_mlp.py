"""The public API's shapes, layouts and determinism."""

from __future__ import annotations

import numpy as np
import pytest

from network import MLP, History, load_mnist, one_hot, train


def test_default_architecture_has_13002_parameters():
    net = MLP([784, 16, 16, 10], activation="sigmoid", cost="quadratic", seed=0)
    assert net.n_params == 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10 == 13_002
    assert [w.shape for w in net.weights] == [(16, 784), (16, 16), (10, 16)]
    assert [b.shape for b in net.biases] == [(16,), (16,), (10,)]


def test_forward_layout():
    net = MLP([784, 16, 16, 10], seed=0)
    X = np.random.default_rng(0).uniform(0, 1, size=(5, 784))
    zs, activations = net.forward(X)
    assert activations[0] is not None and np.allclose(activations[0], X)
    assert [z.shape for z in zs] == [(5, 16), (5, 16), (5, 10)]
    assert [a.shape for a in activations] == [(5, 784), (5, 16), (5, 16), (5, 10)]
    # activations[l + 1] = sigma(zs[l]) and zs[l] = a W^T + b
    np.testing.assert_allclose(zs[0], X @ net.weights[0].T + net.biases[0])
    np.testing.assert_allclose(activations[1], 1 / (1 + np.exp(-zs[0])))


def test_softmax_output_rows_sum_to_one():
    net = MLP([6, 4, 3], activation="relu", cost="cross_entropy", seed=0)
    out = net.predict(np.ones((2, 6)))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


def test_parameter_vector_round_trip():
    net = MLP([5, 4, 3], seed=0)
    theta = net.parameter_vector()
    twin = MLP([5, 4, 3], seed=9)
    twin.set_parameter_vector(theta)
    for a, b in zip(net.weights + net.biases, twin.weights + twin.biases):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kwargs", [dict(sizes=[784]), dict(sizes=[4, 2], activation="tanh"), dict(sizes=[4, 2], cost="hinge")])
def test_bad_configuration_is_refused_with_a_clear_message(kwargs):
    with pytest.raises(ValueError, match="sizes|activation|cost"):
        MLP(**kwargs)


def test_wrong_input_width_names_the_problem():
    with pytest.raises(ValueError, match="784"):
        MLP([784, 16, 10]).forward(np.zeros((2, 100)))


@pytest.fixture(scope="module")
def small_data():
    ds = load_mnist()
    return ds.X_train[:600], ds.Y_train[:600], ds.X_val[:200], ds.y_val[:200]


def test_training_is_deterministic_and_learns(small_data):
    X, Y, Xv, yv = small_data
    nets = [MLP([784, 16, 16, 10], seed=0) for _ in range(2)]
    hist = [train(n, X, Y, epochs=3, batch_size=10, lr=1.0, seed=5, X_val=Xv, y_val=yv) for n in nets]
    assert isinstance(hist[0], History) and hist[0].epochs == 3
    assert hist[0].train_cost == hist[1].train_cost
    for a, b in zip(nets[0].weights, nets[1].weights):
        np.testing.assert_array_equal(a, b)
    assert hist[0].train_cost[-1] < hist[0].train_cost[0]
    assert hist[0].val_accuracy[-1] > 0.5


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_divergence_stops_with_a_clear_message(small_data):
    from network.training import TrainingDiverged

    X, Y, _, _ = small_data
    net = MLP([784, 16, 10], activation="relu", cost="cross_entropy", seed=0)
    with pytest.raises(TrainingDiverged, match="learning rate"):
        train(net, X, Y, epochs=2, batch_size=10, lr=1e300, seed=0)


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_fused_sgd_step_equals_backprop_then_update(small_data, cost):
    """The hot path (MLP.sgd_step) and the recorded path (backprop + update) agree,
    and so do the per-step mini-batch costs they report."""
    X, Y, _, _ = small_data
    fast, slow = MLP([784, 16, 16, 10], cost=cost, seed=0), MLP([784, 16, 16, 10], cost=cost, seed=0)
    h_fast = train(fast, X, Y, epochs=1, batch_size=10, lr=0.5, seed=0, dtype="float64")
    h_slow = train(slow, X, Y, epochs=1, batch_size=10, lr=0.5, seed=0, dtype="float64", callback=lambda info: None)
    for a, b in zip(fast.weights + fast.biases, slow.weights + slow.biases):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h_fast.train_cost, h_slow.train_cost, rtol=1e-12)


def test_float32_training_stays_float32(small_data):
    X, Y, _, _ = small_data
    net = MLP([784, 16, 10], seed=0)
    train(net, X[:100], Y[:100], epochs=1, batch_size=10, lr=1.0)
    assert all(w.dtype == np.float32 for w in net.weights)
