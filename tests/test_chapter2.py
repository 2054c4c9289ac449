"""Chapter 2: every scene renders, and the numbers it shows agree with independent
computations (plain NumPy forward passes, central finite differences, the recorded run)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import render_last_frame


def _chapter():
    import scenes.chapter2 as ch2

    return ch2


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _outputs(weights, biases, X):
    """Plain NumPy forward pass of a batch (rows), no network package."""
    a = np.atleast_2d(X).astype(float)
    for w, b in zip(weights, biases):
        a = _sigmoid(a @ w.astype(float).T + b.astype(float))
    return a


def _unflatten(theta, weights, biases):
    ws, bs, i = [], [], 0
    for w, b in zip(weights, biases):
        ws.append(theta[i : i + w.size].reshape(w.shape))
        i += w.size
        bs.append(theta[i : i + b.size])
        i += b.size
    return ws, bs


def _mean_cost(theta, snap, X, Y):
    ws, bs = _unflatten(theta, snap.weights, snap.biases)
    return float(np.mean(np.sum((_outputs(ws, bs, X) - Y) ** 2, axis=1)))


def test_scene_list_is_explicit_and_unique():
    ch2 = _chapter()
    names = [s.__name__ for s in ch2.SCENES]
    assert len(names) == len(set(names)) >= 5
    assert all(n.startswith("Ch2") for n in names)


@pytest.mark.render
@pytest.mark.parametrize("scene", [s.__name__ for s in _chapter().SCENES])
def test_scene_renders(scene, tmp_path):
    import inspect
    from pathlib import Path

    module = Path(inspect.getfile(getattr(_chapter(), scene)))
    png, _ = render_last_frame(f"chapter2/{module.name}", scene, tmp_path)
    assert png.stat().st_size > 0


def test_trash_example_matches_numpy_and_recorded_cost(default_run):
    ch2 = _chapter()
    from scenes.data import get_dataset

    data = get_dataset()
    ex = ch2.trash_example()
    snap = default_run.first
    assert data.y_train[ex.index] == ch2.DIGIT
    out = _outputs(snap.weights, snap.biases, data.X_train[ex.index])[0]
    np.testing.assert_allclose(ex.output, out, rtol=1e-5)
    assert ex.cost == pytest.approx(np.sum((out - np.eye(10)[ch2.DIGIT]) ** 2), rel=1e-5)
    # The average cost shown is the recorded step-0 training cost; recompute it.
    all_out = _outputs(snap.weights, snap.biases, data.X_train)
    mean = float(np.mean(np.sum((all_out - data.Y_train) ** 2, axis=1)))
    assert snap.train_cost == pytest.approx(mean, rel=1e-4)


def test_parameter_count_and_names(default_run):
    ch2 = _chapter()
    sizes = default_run.layer_sizes
    n = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    assert n == 13002 == default_run.network(0).n_params
    assert ch2.param_name(0, sizes) == "w^{(1)}_{0,0}"
    assert ch2.param_name(784 * 16, sizes) == "b^{(1)}_{0}"
    assert ch2.param_name(n - 1, sizes) == "b^{(3)}_{9}"


def test_one_variable_curve_and_slopes(default_run):
    """The curve is the plain-NumPy cost along d1; the slopes match central finite differences."""
    ch2 = _chapter()
    from scenes.data import get_dataset

    data = get_dataset()
    snap = default_run.final
    theta = snap.parameter_vector()
    d = default_run.landscape.directions[0].astype(float)
    for t in (0.0, 20.0, 52.0):
        assert ch2.cost_along_line(np.array([t]))[0] == pytest.approx(
            _mean_cost(theta + t * d, snap, data.X_train, data.Y_train), rel=1e-6)
    h = 1e-3
    for t in (52.0, 12.0):
        fd = (_mean_cost(theta + (t + h) * d, snap, data.X_train, data.Y_train)
              - _mean_cost(theta + (t - h) * d, snap, data.X_train, data.Y_train)) / (2 * h)
        assert ch2.slope_along_line(t) == pytest.approx(fd, rel=1e-4, abs=1e-8)
    ts, slopes = ch2.descent_1d()
    np.testing.assert_allclose(ts[1:], ts[:-1] - ch2.ETA_1D * slopes[:-1])
    costs = ch2.cost_along_line(ts)
    assert np.all(np.diff(costs) < 0), "every shown step goes downhill"
    assert np.all(np.diff(np.abs(np.diff(ts))) < 0), "steps shrink near the bottom"


def test_plane_gradient_agrees_with_backprop_and_grid(default_run):
    ch2 = _chapter()
    land = default_run.landscape
    x, y = ch2.start_2d()
    grid = ch2.plane_gradient(x, y)
    true = ch2.true_plane_gradient(x, y)
    cos = grid @ true / (np.linalg.norm(grid) * np.linalg.norm(true))
    assert cos > 0.99
    assert np.linalg.norm(grid) == pytest.approx(np.linalg.norm(true), rel=0.05)
    # The interpolated plane cost reproduces the saved grid at its nodes.
    i, j = 7, 11
    assert ch2.plane_cost(land.xs[j], land.ys[i]) == pytest.approx(land.cost[i, j])
    pts = ch2.descent_2d()
    costs = [ch2.plane_cost(*p) for p in pts]
    assert np.all(np.diff(costs) < 0)


def test_landscape_grid_is_the_true_cost(default_run):
    """Spot-check a few saved grid values against a plain NumPy cost at theta* + x d1 + y d2."""
    from scenes.data import get_dataset

    data = get_dataset()
    land = default_run.landscape
    snap = default_run.final
    theta = snap.parameter_vector()
    D = land.directions.astype(float)
    for i, j in ((0, 0), (20, 30), (40, 40)):
        c = _mean_cost(theta + land.xs[j] * D[0] + land.ys[i] * D[1], snap, data.X_train, data.Y_train)
        assert land.cost[i, j] == pytest.approx(c, rel=1e-3)


def test_gradient_column_entries_match_finite_differences(default_run):
    ch2 = _chapter()
    from scenes.data import get_dataset

    data = get_dataset()
    col = ch2.gradient_column()
    snap = default_run.first
    theta = snap.parameter_vector()
    assert col.n_params == theta.size
    np.testing.assert_allclose(col.theta, theta[col.indices])
    h = 1e-4
    for k, i in enumerate(col.indices):
        e = np.zeros_like(theta)
        e[i] = h
        fd = (_mean_cost(theta + e, snap, data.X_train, data.Y_train)
              - _mean_cost(theta - e, snap, data.X_train, data.Y_train)) / (2 * h)
        assert col.grad[k] == pytest.approx(fd, rel=2e-3, abs=1e-6)


def test_noise_answer_is_recorded_output(default_run):
    ch2 = _chapter()
    out, guess = ch2.noise_answer()
    snap = default_run.final
    noise = default_run.probes.images[default_run.probes.noise]
    np.testing.assert_allclose(out, _outputs(snap.weights, snap.biases, noise)[0], rtol=1e-4, atol=1e-7)
    assert guess == int(np.argmax(out))


def test_held_out_stream_tally_ends_at_recorded_accuracy(default_run):
    """The stream is every validation digit once; its running tally, recomputed with a plain
    NumPy forward pass, ends at the run's recorded final validation accuracy."""
    ch2 = _chapter()
    from scenes.data import get_dataset

    data = get_dataset()
    s = ch2.held_out_stream()
    n = len(data.y_val)
    assert sorted(s.order.tolist()) == list(range(n))
    snap = default_run.final
    out = _outputs(snap.weights, snap.biases, data.X_val[s.order])
    ok = out.argmax(axis=1) == data.y_val[s.order]
    np.testing.assert_array_equal(s.right, np.concatenate([[0], np.cumsum(ok)]))
    np.testing.assert_allclose(s.confidence, out.max(axis=1), rtol=1e-5)
    assert s.accuracy == pytest.approx(snap.val_accuracy, abs=1e-9)
    wrong = s.wrong(12)
    assert len(wrong) == min(12, int((~ok).sum()))
    assert np.all(s.guesses[wrong] != s.labels[wrong])
    np.testing.assert_array_equal(wrong, np.flatnonzero(~ok)[:12])
    assert ch2.PUBLISHED_PLAIN < ch2.PUBLISHED_BEST < 100
