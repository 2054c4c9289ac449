"""Chapter 3: every scene renders, and every number and gradient it shows agrees with
independent computations (direct NumPy formulas and central finite differences)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.oracle import finite_difference, sigmoid


def _chapter():
    import scenes.chapter3 as ch3

    return ch3


def test_scene_list_is_explicit_and_unique():
    ch3 = _chapter()
    names = [s.__name__ for s in ch3.SCENES]
    assert len(names) == len(set(names)) >= 5
    assert all(n.startswith("Ch3") for n in names)


def test_example_is_a_real_two_of_the_recorded_batch(default_run):
    from scenes.data import get_dataset

    ch3 = _chapter()
    ex = ch3.the_example()
    data = get_dataset()
    assert ex.label == 2 == data.y_train[ex.index]
    assert ex.index in default_run.snapshot(ex.step).batch_indices
    np.testing.assert_array_equal(ex.pixels, data.X_train[ex.index])
    # The activations shown equal a plain NumPy forward pass of the snapshot.
    snap = default_run.snapshot(ex.step)
    a = ex.pixels.astype(float)
    for l, (w, b) in enumerate(zip(snap.weights, snap.biases)):
        a = sigmoid(w.astype(float) @ a + b)
        np.testing.assert_allclose(ex.acts[l + 1], a, atol=1e-12)
    assert ex.cost == pytest.approx(np.sum((a - ex.y) ** 2))
    assert ex.y[2] == 1 and ex.y.sum() == 1


def test_output_nudges_are_target_minus_output():
    ch3 = _chapter()
    ex = ch3.the_example()
    nudges = ch3.output_nudges(ex)
    assert nudges[2] > 0 and np.all(np.delete(nudges, 2) < 0)
    np.testing.assert_allclose(nudges, ex.y - ex.acts[-1])


def test_wishes_sum_to_desired_activations_and_match_finite_differences(default_run):
    """The summed wishes for layer 2 are minus dC0/da, checked by perturbing the layer-2 activations."""
    ch3 = _chapter()
    ex = ch3.the_example()
    wish = ch3.wishes(ex, 2)
    desired = ch3.desired_activations(ex)[2]
    np.testing.assert_allclose(wish.sum(axis=0), desired, atol=1e-14)
    w, b = ex.net.weights[2], ex.net.biases[2]
    h = 1e-6
    for k in range(16):
        up, down = ex.acts[2].copy(), ex.acts[2].copy()
        up[k] += h
        down[k] -= h
        fd = (np.sum((sigmoid(w @ up + b) - ex.y) ** 2) - np.sum((sigmoid(w @ down + b) - ex.y) ** 2)) / (2 * h)
        assert -fd == pytest.approx(desired[k], abs=1e-8)
    # The 2-neuron's own wishes are proportional to its weights (way 3).
    ratio = wish[2] / w[2]
    np.testing.assert_allclose(ratio, ratio[0])
    assert ratio[0] > 0


def test_three_ways_numbers_match_finite_differences(default_run):
    """Desired changes of the 2-neuron's bias and weights (Ch3ThreeWays)."""
    ch3 = _chapter()
    ex = ch3.the_example()
    snap = default_run.snapshot(ex.step)
    fd_b = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "b", 2, (2,))
    assert -ex.grad_b[2][2] == pytest.approx(-fd_b, rel=1e-5)
    top, dim = int(np.argmax(ex.acts[2])), int(np.argmin(ex.acts[2]))
    for k in (top, dim):
        fd_w = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "w", 2, (2, k))
        assert -ex.grad_w[2][2, k] == pytest.approx(-fd_w, rel=1e-5)
    # Way 2: proportional to the previous activations.
    np.testing.assert_allclose(ex.grad_w[2][2] / ex.acts[2], ex.grad_b[2][2])


def test_compare_table_by_hand_backprop_and_finite_differences(default_run):
    ch3 = _chapter()
    ex = ch3.the_example()
    snap = default_run.snapshot(ex.step)
    rows = ch3.compare_rows(ex, layer=1, n=5)
    for k, hand, backprop, fd in rows:
        independent = -finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "b", 1, (int(k),))
        assert hand == pytest.approx(independent, rel=1e-5)
        assert backprop == pytest.approx(independent, rel=1e-5)
        assert fd == pytest.approx(independent, rel=1e-5)
    assert ch3.hand_vs_backprop(ex) < 1e-12


def test_hand_propagation_matches_finite_differences_in_every_layer(default_run):
    """A sample of desired weight and bias changes in all three layers, by hand, vs finite differences."""
    ch3 = _chapter()
    ex = ch3.the_example()
    snap = default_run.snapshot(ex.step)
    rng = np.random.default_rng(3)
    hand_b = ch3.desired_biases(ex)
    for layer in range(3):
        hand_w = ch3.desired_weights(ex, layer)
        j = int(rng.integers(hand_w.shape[0]))
        k = int(np.argmax(ex.acts[layer])) if layer else int(np.argmax(ex.pixels))
        fd_w = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "w", layer, (j, k))
        fd_b = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "b", layer, (j,))
        assert hand_w[j, k] == pytest.approx(-fd_w, rel=1e-4, abs=1e-10)
        assert hand_b[layer][j] == pytest.approx(-fd_b, rel=1e-4, abs=1e-10)


def test_average_table_equals_recorded_gradient_and_finite_differences(default_run):
    """Per-example desired changes average to the snapshot's recorded mini-batch gradient."""
    from scenes.data import get_dataset

    ch3 = _chapter()
    data = get_dataset()
    tab = ch3.batch_table()
    snap = default_run.snapshot(ch3.STEP)
    np.testing.assert_array_equal(tab.indices, snap.batch_indices)
    np.testing.assert_allclose(tab.average, tab.per_example.mean(axis=1))
    np.testing.assert_allclose(tab.average, tab.recorded, rtol=1e-4, atol=1e-7)
    for r, (kind, layer, idx) in enumerate(tab.keys):
        for c, i in enumerate(tab.indices):
            fd = finite_difference(snap.weights, snap.biases, data.X_train[i], data.Y_train[i], kind, layer, idx)
            assert tab.per_example[r, c] == pytest.approx(-fd, rel=1e-4, abs=1e-9)
    # The example's column is the one the earlier scenes showed, and it disagrees in sign with others.
    col = list(tab.indices).index(ch3.the_example().index)
    row = tab.per_example[0]
    assert np.all(np.sign(np.delete(row, col)) != np.sign(row[col]))


def test_gradient_cosine_matches_direct_formula(default_run):
    ch3 = _chapter()
    for snap in default_run.snapshots[:5]:
        g = np.concatenate([a.ravel() for a in snap.grad_weights + snap.grad_biases]).astype(float)
        f = np.concatenate([a.ravel() for a in snap.full_grad_weights + snap.full_grad_biases]).astype(float)
        assert ch3.gradient_cosine(snap.step) == pytest.approx(np.dot(g, f) / np.sqrt(np.dot(g, g) * np.dot(f, f)))
    cos = np.array([ch3.gradient_cosine(s.step) for s in default_run.snapshots])
    assert np.all(np.abs(cos) <= 1 + 1e-9)


def test_recorded_batch_gradient_is_mean_of_per_example_backprop(default_run):
    """The claim behind Ch3AverageOverExamples, for the whole parameter vector of step 0."""
    from scenes.data import get_dataset

    ch3 = _chapter()
    data = get_dataset()
    snap = default_run.snapshot(ch3.STEP)
    net = default_run.network(ch3.STEP)
    per = [net.backprop(data.X_train[i : i + 1], data.Y_train[i : i + 1]) for i in snap.batch_indices]
    for l in range(3):
        mean_w = np.mean([p[0][l] for p in per], axis=0)
        mean_b = np.mean([p[1][l] for p in per], axis=0)
        np.testing.assert_allclose(mean_w, snap.grad_weights[l], atol=1e-6)
        np.testing.assert_allclose(mean_b, snap.grad_biases[l], atol=1e-6)


def test_toy_recap_numbers_are_the_toys_own_slopes():
    """The recap's toy: a gradient of (32, 1) and nudges whose cost changes differ 32-fold."""
    ch3 = _chapter()
    from scenes.chapter3 import batch_numbers as n

    def cost(w1, w2):
        return 16 * w1 ** 2 + 0.5 * w2 ** 2

    assert (n.TOY_A, n.TOY_B) == (16.0, 0.5)
    h = 1e-6
    g1 = (cost(1 + h, 1) - cost(1 - h, 1)) / (2 * h)
    g2 = (cost(1, 1 + h) - cost(1, 1 - h)) / (2 * h)
    assert ch3.toy_gradient() == pytest.approx((g1, g2), rel=1e-6)
    assert ch3.toy_gradient() == pytest.approx((32.0, 1.0))
    d1, d2, ratio = ch3.toy_nudges()
    assert d1 == pytest.approx(cost(1.01, 1) - cost(1, 1))
    assert d2 == pytest.approx(cost(1, 1.01) - cost(1, 1))
    assert ratio == pytest.approx(32.0)


def test_gradient_list_is_the_recorded_gradient_sorted(default_run):
    """The recap's real gradient: its size, top entry, median entry and zeros, recomputed by hand."""
    from scenes.data import get_dataset

    ch3 = _chapter()
    snap = default_run.snapshot(ch3.STEP)
    g = np.concatenate([w.ravel() for w in snap.grad_weights] + [b.ravel() for b in snap.grad_biases])
    gl = ch3.gradient_list(ch3.STEP)
    assert gl.magnitudes.size == g.size == 13002
    np.testing.assert_allclose(gl.magnitudes, np.sort(np.abs(g))[::-1])
    assert abs(gl.top_value) == pytest.approx(np.abs(g).max())
    assert abs(gl.mid_value) == pytest.approx(np.sort(np.abs(g))[::-1][g.size // 2])
    assert gl.ratio == pytest.approx(abs(gl.top_value) / abs(gl.mid_value))
    # The zeros are exactly the first-layer weights from pixels black in every digit of the batch.
    black = np.all(get_dataset().X_train[snap.batch_indices] == 0, axis=0)
    assert gl.zeros == int(np.sum(g == 0)) == 16 * int(black.sum())
    # Names and keys point at the right entries.
    sizes = default_run.layer_sizes
    for flat in (0, 784 * 16 - 1, 784 * 16, g.size - 1, int(np.argmax(np.abs(g)))):
        kind, layer, idx = ch3.param_key(sizes, flat)
        value = (snap.grad_weights if kind == "w" else snap.grad_biases)[layer][idx]
        assert value == g[flat]
        assert ch3.param_name(sizes, flat).startswith(f"{kind}^{{({layer + 1})}}")
    assert ch3.param_key(sizes, int(np.argmax(np.abs(g)))) == gl.top_key
    with pytest.raises(IndexError):
        ch3.param_key(sizes, g.size)


def test_backprop_code_scene_points_at_real_lines_and_numbers(default_run):
    """Ch3BackpropCode: the lines it frames exist in MLP.backprop_from, and its numbers are the
    output delta 2(a - y) sigma'(z) and delta times the brightest layer-2 activation."""
    from scenes.data import SceneDataError

    ch3 = _chapter()
    lines = ch3.backward_source()
    marks = ch3.mark_lines(lines)
    assert "output_delta" in lines[marks["start"]] and "delta.T @" in lines[marks["w"]]
    assert marks["loop"] < marks["w"] < marks["b"] < marks["back"]
    with pytest.raises(SceneDataError):
        ch3.mark_lines(["return nabla_w, nabla_b"])
    ex = ch3.the_example()
    snap = default_run.snapshot(ex.step)
    a = ex.pixels.astype(float)
    for w, b in zip(snap.weights, snap.biases):
        a = sigmoid(w.astype(float) @ a + b)
    delta = 2 * (a - ex.y) * a * (1 - a)
    assert ex.grad_b[2][2] == pytest.approx(delta[2], rel=1e-9)
    top = int(np.argmax(ex.acts[2]))
    assert ex.grad_w[2][2, top] == pytest.approx(delta[2] * ex.acts[2][top], rel=1e-9)
    assert abs(ex.grad_w[2][2, top]) == pytest.approx(np.max(np.abs(ex.grad_w[2][2])))


def test_landscape_picture_is_dark_where_cost_is_low(default_run):
    ch3 = _chapter()
    cost = default_run.landscape.cost
    rgb = ch3.landscape_rgb(cost).astype(float)
    assert rgb.shape == cost.shape + (3,)
    flipped = cost[::-1]
    lo, hi = np.unravel_index(np.argmin(flipped), cost.shape), np.unravel_index(np.argmax(flipped), cost.shape)
    assert rgb[lo].sum() < rgb[hi].sum()


def test_stacked_wishes_sum_to_backprops_bias_gradient(default_run):
    """Ch3StackedWishes: the chained arrows end at the summed wish, which times sigma' is minus
    backprop's layer-2 bias gradient, and equals a finite difference in the bias."""
    ch3 = _chapter()
    ex = ch3.the_example()
    snap = default_run.snapshot(ex.step)
    chk = ch3.stack_check(ex)
    totals = ch3.wishes(ex, 2).sum(axis=0)
    assert chk.k == int(np.argmax(np.abs(totals)))
    assert chk.total == pytest.approx(np.cumsum(ch3.wishes(ex, 2)[:, chk.k])[-1])
    a2 = ex.acts[2][chk.k]
    assert chk.slope == pytest.approx(a2 * (1 - a2))
    fd = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "b", 1, (chk.k,))
    assert chk.by_hand == pytest.approx(-fd, rel=1e-5)
    assert chk.backprop == pytest.approx(-fd, rel=1e-5)


def test_descent_race_is_the_recorded_slice_and_both_walkers_go_downhill(default_run):
    """Ch3TwoPaths: the two paths and costs are landscape.npz's, read directly; both start at the
    same point and cost and end lower; the work ratio is n_train / batch size."""
    import json

    ch3 = _chapter()
    race = ch3.descent_race()
    raw = np.load(default_run.path / "landscape.npz")
    manifest = json.loads((default_run.path / "manifest.json").read_text())
    np.testing.assert_array_equal(race.full_xy, raw["descent_full_xy"])
    np.testing.assert_array_equal(race.sgd_xy, raw["descent_sgd_xy"])
    np.testing.assert_array_equal(race.full_cost, raw["descent_full_cost"])
    np.testing.assert_array_equal(race.sgd_cost, raw["descent_sgd_cost"])
    assert race.steps == len(raw["descent_full_xy"]) - 1 == len(raw["descent_sgd_xy"]) - 1
    assert race.start_step == int(raw["descent_start_step"])
    np.testing.assert_array_equal(race.full_xy[0], race.sgd_xy[0])
    assert race.full_cost[0] == race.sgd_cost[0]
    assert race.full_cost[-1] < race.full_cost[0] and race.sgd_cost[-1] < race.sgd_cost[0]
    assert race.ratio * manifest["batch_size"] == manifest["data"]["n_train"] == race.n_train


def test_stacked_wishes_one_layer_back_match_finite_differences(default_run):
    """Ch3StackedWishes, layer 1: the sixteen layer-2 neurons' summed wishes times sigma' are minus
    backprop's layer-1 bias gradient and a finite difference in that bias."""
    ch3 = _chapter()
    ex = ch3.the_example()
    snap = default_run.snapshot(ex.step)
    chk = ch3.stack_check(ex, 1)
    totals = ch3.wishes(ex, 1).sum(axis=0)
    assert ch3.wishes(ex, 1).shape == (16, 16)
    assert chk.k == int(np.argmax(np.abs(totals)))
    a1 = ex.acts[1][chk.k]
    assert chk.slope == pytest.approx(a1 * (1 - a1))
    fd = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "b", 0, (chk.k,))
    assert chk.by_hand == pytest.approx(-fd, rel=1e-5)
    assert chk.backprop == pytest.approx(-fd, rel=1e-5)


def test_fire_together_edges_are_minus_the_gradient_and_follow_brightness(default_run):
    """Ch3FireTogether: the drawn weight changes are minus finite differences of the example's cost;
    into any one output they are proportional to the layer-2 activations."""
    ch3 = _chapter()
    ex = ch3.the_example()
    snap = default_run.snapshot(ex.step)
    ft = ch3.fire_together(ex)
    a2 = ex.acts[2]
    assert ft.top == [int(k) for k in np.argsort(-a2)[:3]] and ft.dimmest == int(np.argmin(a2))
    for k in (*ft.top, ft.dimmest):
        fd = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "w", 2, (2, k))
        assert ft.delta_w[2, k] == pytest.approx(-fd, rel=1e-5)
    ratio = ft.delta_w / a2[None, :]
    np.testing.assert_allclose(ratio, ratio[:, :1] * np.ones_like(ratio), rtol=1e-9)
    assert np.argmax(np.abs(ft.delta_w[2])) == ft.top[0]


def test_code_values_are_what_each_backprop_line_computes(default_run):
    """Ch3BackpropCode's numbers, rebuilt with plain NumPy from the snapshot: delta = 2 (a - y) a (1 - a) at
    the output, delta * a_k for the brightest layer-2 neuron's weight, and one layer back
    sigma'(z_k) * sum_j w_jk delta_j, which is backprop's bias gradient there."""
    ch3 = _chapter()
    ex = ch3.the_example()
    cv = ch3.code_values(ex)
    snap = default_run.snapshot(ex.step)
    acts = [ex.pixels.astype(float)]
    for w, b in zip(snap.weights, snap.biases):
        acts.append(sigmoid(w.astype(float) @ acts[-1] + b))
    a3, a2 = acts[3], acts[2]
    delta = 2 * (a3 - ex.y) * a3 * (1 - a3)
    j, k = ex.label, int(np.argmax(a2))
    assert (cv.a, cv.y, cv.k) == (pytest.approx(a3[j]), 1.0, k)
    assert cv.slope == pytest.approx(a3[j] * (1 - a3[j]))
    assert cv.delta == pytest.approx(delta[j], rel=1e-9)
    assert cv.dw == pytest.approx(delta[j] * a2[k], rel=1e-9)
    delta2 = (snap.weights[2].astype(float).T @ delta) * a2 * (1 - a2)
    kb = int(np.argmax(np.abs(delta2)))
    assert cv.kb == kb
    assert cv.total == pytest.approx(snap.weights[2][:, kb] @ delta, rel=1e-9)
    assert cv.slope_b == pytest.approx(a2[kb] * (1 - a2[kb]))
    assert cv.delta_b == pytest.approx(delta2[kb], rel=1e-9)
    fd = finite_difference(snap.weights, snap.biases, ex.pixels, ex.y, "b", 1, (kb,))
    assert cv.delta_b == pytest.approx(fd, rel=1e-4)
