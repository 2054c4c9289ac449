"""Chapter 2: every scene renders, and the numbers it shows agree with independent
computations (plain NumPy forward passes, central finite differences, the recorded run)."""

from __future__ import annotations

import numpy as np
import pytest



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


# ------------------------------------------------------------------ the new beats' numbers
def _step_forward(weights, biases, X):
    """Plain NumPy forward pass with a step (z > 0) in place of every sigmoid."""
    a = np.atleast_2d(X).astype(float)
    for w, b in zip(weights, biases):
        a = np.heaviside(a @ w.astype(float).T + b.astype(float), 0.0)
    return a


def test_toy_curve_slope_and_balls():
    ch2 = _chapter()
    w = np.linspace(ch2.TOY_LO, ch2.TOY_HI, 23)
    h = 1e-6
    np.testing.assert_allclose(ch2.toy_slope(w), (ch2.toy_curve(w + h) - ch2.toy_curve(w - h)) / (2 * h), atol=1e-6)
    path = ch2.toy_balls()
    ends = path[-1]
    assert np.all(np.abs(ch2.toy_slope(ends)) < 1e-3), "every ball has come to rest"
    assert len(np.unique(ends.round(2))) >= 3, "they rest in different valleys"
    assert np.all(np.diff(ch2.toy_curve(path), axis=0) <= 1e-12), "each ball only goes downhill"


def test_example_progress_matches_numpy(default_run):
    ch2 = _chapter()
    ex, p = ch2.trash_example(), ch2.example_progress()
    assert p.steps[0] == 0 and p.steps[-1] == default_run.final.step
    for s, out in zip(p.steps, p.outputs):
        snap = default_run.snapshot(s)
        np.testing.assert_allclose(out, _outputs(snap.weights, snap.biases, ex.pixels)[0], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(p.costs, np.sum((p.outputs - ex.y) ** 2, axis=1))
    assert p.costs[-1] < p.costs[0] / 100


def test_swap_line_has_two_equal_valleys(default_run):
    """Both ends of the swap line are the same function; the slope is a true derivative."""
    ch2 = _chapter()
    from scenes.data import get_dataset

    data = get_dataset()
    line = ch2.swap_line()
    snap = default_run.final
    ws, bs = _unflatten(line.theta + line.delta, snap.weights, snap.biases)
    np.testing.assert_allclose(_outputs(ws, bs, data.X_val[:50]), _outputs(snap.weights, snap.biases, data.X_val[:50]),
                               rtol=1e-6, atol=1e-9)
    c0, c_mid, c1 = ch2.swap_cost(np.array([0.0, 0.5, 1.0]))
    assert c0 == pytest.approx(c1, rel=1e-6) and c_mid > 3 * c0
    assert c0 == pytest.approx(_mean_cost(line.theta, snap, data.X_train, data.Y_train), rel=1e-6)
    h = 1e-4
    for s in (0.2, 0.7):
        fd = (_mean_cost(line.theta + (s + h) * line.delta, snap, data.X_train, data.Y_train)
              - _mean_cost(line.theta + (s - h) * line.delta, snap, data.X_train, data.Y_train)) / (2 * h)
        assert ch2.swap_slope(s) == pytest.approx(fd, rel=1e-4)
    starts = (-0.35, 0.2, 0.45, 0.55, 0.8, 1.35)
    ends = ch2.swap_descent(starts, ch2.SWAP_ETA, ch2.SWAP_STEPS)[-1]
    np.testing.assert_allclose(ends, [0, 0, 0, 1, 1, 1], atol=0.05)


def test_toy_bowl_gradient_and_directions():
    ch2 = _chapter()
    x, y = ch2.TOY_POINT
    h = 1e-6
    fd = [(ch2.toy_bowl(x + h, y) - ch2.toy_bowl(x - h, y)) / (2 * h),
          (ch2.toy_bowl(x, y + h) - ch2.toy_bowl(x, y - h)) / (2 * h)]
    np.testing.assert_allclose(ch2.toy_bowl_gradient(x, y), fd, rtol=1e-6)
    np.testing.assert_allclose(ch2.toy_bowl_gradient(x, y), [3, 1])
    dx, dy = ch2.toy_bowl_nudges()
    assert dx / dy == pytest.approx(3.0) and dx == pytest.approx(0.315)
    units, rates = ch2.direction_rates(ch2.toy_bowl_gradient(x, y), 12)
    for u, r in zip(units, rates):
        assert r == pytest.approx((ch2.toy_bowl(x + h * u[0], y + h * u[1]) - ch2.toy_bowl(x - h * u[0], y - h * u[1]))
                                  / (2 * h), rel=1e-5, abs=1e-8)


def test_weight_pair_matches_finite_differences(default_run):
    ch2 = _chapter()
    from scenes.data import get_dataset

    data = get_dataset()
    pair = ch2.weight_pair()
    snap = default_run.snapshot(pair.step)
    biggest = max(float(np.abs(g).max()) for g in snap.full_grad_weights)
    assert abs(pair.grads[0]) == pytest.approx(biggest)
    for (l, j, k), g, drop in zip((pair.big, pair.small), pair.grads, pair.drops):
        ws = [w.astype(float).copy() for w in snap.weights]
        base = float(np.mean(np.sum((_outputs(ws, snap.biases, data.X_train) - data.Y_train) ** 2, axis=1)))
        h = 1e-3
        ws[l][j, k] += h
        up = float(np.mean(np.sum((_outputs(ws, snap.biases, data.X_train) - data.Y_train) ** 2, axis=1)))
        ws[l][j, k] -= 2 * h
        down = float(np.mean(np.sum((_outputs(ws, snap.biases, data.X_train) - data.Y_train) ** 2, axis=1)))
        assert g == pytest.approx((up - down) / (2 * h), rel=2e-3, abs=1e-7)
        ws[l][j, k] += h - ch2.MATTER_NUDGE * np.sign(g)
        moved = float(np.mean(np.sum((_outputs(ws, snap.biases, data.X_train) - data.Y_train) ** 2, axis=1)))
        assert drop == pytest.approx(moved - base, rel=1e-3, abs=1e-8)
    assert pair.drops[0] < 0 and pair.drops[1] < 0 and pair.ratio > 100


def test_loop_steps_are_single_sgd_updates(default_run):
    """Each shown round is one recorded update: next weights = weights - eta * mini-batch gradient."""
    ch2 = _chapter()
    steps = ch2.loop_steps()
    assert steps == list(range(len(steps))) and len(steps) >= 3
    eta = default_run.learning_rate
    for a, b in zip(steps[:-1], steps[1:]):
        sa, sb = default_run.snapshot(a), default_run.snapshot(b)
        for w0, g, w1 in zip(sa.weights, sa.grad_weights, sb.weights):
            np.testing.assert_allclose(w1, w0 - eta * g, atol=1e-5)


def test_step_function_cost_matches_numpy_and_is_flat(default_run):
    ch2 = _chapter()
    from scenes.data import get_dataset

    data = get_dataset()
    snap = default_run.final
    theta = snap.parameter_vector()
    d = default_run.landscape.directions[0].astype(float)
    for t in (0.0, 10.2):
        ws, bs = _unflatten(theta + t * d, snap.weights, snap.biases)
        out = _step_forward(ws, bs, data.X_train)
        assert ch2.step_cost_along_line(np.array([t]))[0] == pytest.approx(
            float(np.mean(np.sum((out - data.Y_train) ** 2, axis=1))), rel=1e-9)
    assert ch2.flat_share(np.array([1.0, 1.0, 2.0, 2.0, 2.0])) == 0.75


def test_live_stream_sweeps_each_step_with_its_own_gradient(default_run):
    """Every shown step of the live stream is one recorded step: its weights, then its own backward
    sweep (layers from the top down); the nudge it colours is that step's -eta * gradient, which is
    exactly the recorded change of the weights from that step to the next."""
    from scenes.chapter2.experiments_numbers import played_steps, sweep_schedule

    dense, lr = default_run.dense, default_run.learning_rate
    L = len(dense.weights)
    steps = played_steps(len(dense) // 2, 0, 30)
    rows = sweep_schedule(steps, L)
    assert rows.shape == (len(steps) * (L + 2), 2)
    per_step = rows.reshape(len(steps), L + 2, 2)
    assert (per_step[:, :, 0] == steps[:, None]).all()  # never two steps in one sweep
    assert per_step[0, :, 1].tolist() == [-1, -1] + list(range(L - 1, -1, -1))
    assert (np.diff(rows[:, 0]) >= 0).all()
    for s in steps[:5]:
        for l in range(L):
            nudge = -lr * dense.grad_weights[l][s].astype(float)
            change = dense.weights[l][s + 1].astype(float) - dense.weights[l][s].astype(float)
            assert np.allclose(nudge, change, atol=1e-5, rtol=1e-3)


def test_probe_digit_is_the_first_held_out_probe_of_that_digit(default_run):
    """The helper Ch2Recap and Ch2DescentLoop share: the first probe labelled ``digit``, its pixels, and
    16 distinct input pixels to draw."""
    from scenes.chapter2.drawing import probe_digit

    probe, pixels, chosen = probe_digit(3)
    labels = np.asarray(default_run.probes.labels)
    assert labels[probe] == 3 and not np.any(labels[:probe] == 3)
    np.testing.assert_array_equal(pixels, default_run.probes.images[probe])
    assert len(set(np.asarray(chosen).tolist())) == 16 and np.all((0 <= chosen) & (chosen < 784))
