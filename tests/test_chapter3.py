"""Chapter 3: every scene renders, and every number and gradient it shows agrees with
independent computations (direct NumPy formulas and central finite differences)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import render_last_frame
from tests.oracle import finite_difference, sigmoid


def _chapter():
    import scenes.chapter3 as ch3

    return ch3


def test_scene_list_is_explicit_and_unique():
    ch3 = _chapter()
    names = [s.__name__ for s in ch3.SCENES]
    assert len(names) == len(set(names)) >= 5
    assert all(n.startswith("Ch3") for n in names)


@pytest.mark.render
@pytest.mark.parametrize("scene", [s.__name__ for s in _chapter().SCENES])
def test_scene_renders(scene, tmp_path):
    png, _ = render_last_frame("chapter3.py", scene, tmp_path)
    assert png.stat().st_size > 0


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
