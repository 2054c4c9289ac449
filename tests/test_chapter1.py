"""Chapter 1: every scene renders, and the numbers it shows match independent computations."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.mobjects import spread_pixels


def _chapter():
    import scenes.chapter1 as ch1

    return ch1


def test_scene_list_is_explicit_and_unique():
    ch1 = _chapter()
    names = [s.__name__ for s in ch1.SCENES]
    assert len(names) == len(set(names))
    assert all(n.startswith("Ch1") for n in names)


def test_fmt():
    ch1 = _chapter()
    assert ch1.fmt(0.4705) == "0.47"
    assert ch1.fmt(2.4567, 3) == "2.46"
    assert ch1.fmt(-0.2912, 2) == "-0.29"
    assert ch1.fmt(0.0) == "0"
    assert ch1.fmt(12.34, 3) == "12.3"
    assert "e" not in ch1.fmt(2.8e-7)


def test_threes_are_real_threes(default_run):
    from scenes.data import get_dataset

    ch1 = _chapter()
    data = get_dataset()
    imgs = ch1.threes(5)
    assert imgs.shape == (5, 784)
    for im in imgs:
        k = int(np.flatnonzero((data.X_train == im).all(axis=1))[0])
        assert data.y_train[k] == 3


def test_forward_pass_digit_matches_mlp(default_run):
    """The recorded probe activations the forward-pass scene shows equal a fresh forward pass."""
    ch1 = _chapter()
    i = ch1.demo_probe()
    net = default_run.network(-1)
    _, acts = net.forward(default_run.probes.images[i])
    for l, a in enumerate(acts):
        np.testing.assert_allclose(default_run.final.probe_activations[l][i], a[0], atol=1e-5)
    assert int(np.argmax(acts[-1][0])) == int(default_run.probes.labels[i]) == 3


def test_wrong_digit_is_wrong(default_run):
    ch1 = _chapter()
    pixels, label, _ = ch1.wrong_digit()
    out = default_run.network(-1).predict(pixels)[0]
    assert int(np.argmax(out)) != label


def test_spread_pixels_are_lit(default_run):
    ch1 = _chapter()
    img = default_run.probes.images[ch1.demo_probe()]
    idx = spread_pixels(img, 16)
    assert len(set(idx.tolist())) == 16 and np.all(img[idx] > 0)


def test_neuron_example_matches_forward(default_run):
    """Weighted sum, bias, z and sigma(z) of the chosen neuron, against MLP.forward and a direct loop."""
    ch1 = _chapter()
    ex = ch1.neuron_example()
    net = default_run.network(-1)
    zs, acts = net.forward(ex.image)
    assert ex.z == pytest.approx(zs[0][0, ex.neuron], abs=1e-9)
    assert ex.activation == pytest.approx(acts[1][0, ex.neuron], abs=1e-9)
    w = default_run.final.weights[0][ex.neuron].astype(np.float64)
    direct = sum(float(wk) * float(ak) for wk, ak in zip(w, ex.image))
    assert ex.weighted_sum == pytest.approx(direct, abs=1e-9)
    assert ex.bias == pytest.approx(float(default_run.final.biases[0][ex.neuron]))
    assert ex.activation == pytest.approx(1.0 / (1.0 + np.exp(-(direct + ex.bias))), abs=1e-9)
    assert 0.05 < ex.activation < 0.95 or abs(ex.z) > 1


def test_parameter_count(default_run):
    ch1 = _chapter()
    weights, biases, total = ch1.parameter_counts(default_run.layer_sizes)
    snap = default_run.final
    assert weights == [w.size for w in snap.weights]
    assert biases == [b.size for b in snap.biases]
    assert total == default_run.network(-1).n_params == snap.parameter_vector().size
    if default_run.layer_sizes == [784, 16, 16, 10]:
        assert total == 13_002


def test_matrix_example_matches_forward(default_run):
    """sigma(W2 a1 + b2) computed entry by entry equals the recorded second-layer activations."""
    ch1 = _chapter()
    i = ch1.demo_probe()
    snap = default_run.final
    a1 = snap.probe_activations[1][i].astype(np.float64)
    W, b = snap.weights[1].astype(np.float64), snap.biases[1].astype(np.float64)
    for j in range(3):
        z = sum(W[j, k] * a1[k] for k in range(a1.size)) + b[j]
        assert z == pytest.approx(float(snap.probe_zs[1][i][j]), abs=1e-4)
        assert 1 / (1 + np.exp(-z)) == pytest.approx(float(snap.probe_activations[2][i][j]), abs=1e-5)


def test_mean_sigmoid_slope(default_run):
    """Average sigma'(z) at hidden neurons, by central finite differences of sigmoid at the recorded z."""
    ch1 = _chapter()
    real = default_run.probes.labels >= 0
    zs = np.concatenate([z[real].astype(np.float64).ravel() for z in default_run.final.probe_zs[:-1]])
    h = 1e-5
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    slopes = (sig(zs + h) - sig(zs - h)) / (2 * h)
    assert ch1.mean_sigmoid_slope() == pytest.approx(float(slopes.mean()), rel=1e-3)
    assert ch1.mean_sigmoid_slope() <= 0.25


def _manual_forward(run, x):
    """Plain NumPy forward pass through the final snapshot (independent of MLP)."""
    acts = [np.asarray(x, dtype=np.float64)]
    for W, b in zip(run.final.weights, run.final.biases):
        z = acts[-1] @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64)
        acts.append(1 / (1 + np.exp(-z)))
    return acts


def test_preview_stream_is_held_out_and_true(default_run):
    """The preview's digits are distinct validation digits; its activations, answers and tally
    match a plain forward pass and a count by hand."""
    from scenes.data import get_dataset

    ch1 = _chapter()
    data = get_dataset()
    p = ch1.preview_stream(15)
    assert len(p.labels) == 15 >= 12 and len(set(p.indices.tolist())) == 15
    np.testing.assert_array_equal(p.images, data.X_val[p.indices])
    np.testing.assert_array_equal(p.labels, data.y_val[p.indices])
    acts = _manual_forward(default_run, data.X_val[p.indices])
    for mine, theirs in zip(p.activations, acts):
        np.testing.assert_allclose(mine, theirs, atol=1e-6)
    right = 0
    for k in range(15):
        right += int(np.argmax(acts[-1][k]) == data.y_val[p.indices[k]])
        assert p.tally(k + 1) == (right, k + 1 - right)
    with pytest.raises(ValueError):
        ch1.preview_stream(0)


def test_brightest_pixels_and_accuracy(default_run):
    from scenes.data import get_dataset

    ch1 = _chapter()
    data = get_dataset()
    imgs = data.X_val[:20]
    means = [(float(imgs[:, k].mean()), k) for k in range(784)]
    top = sorted(k for _, k in sorted(means, key=lambda t: (-t[0], t[1]))[:16])
    assert ch1.brightest_pixels(imgs, 16).tolist() == top
    out = _manual_forward(default_run, data.X_val)[-1]
    assert ch1.validation_accuracy() == pytest.approx(float(np.mean(out.argmax(axis=1) == data.y_val)))


def test_unrolled_rows_read_in_reading_order(default_run):
    """Row r of the digit lands as the r-th piece of the column, and pixel r*28 + c sits inside it."""
    from scenes.pixel_rows import column_position, pixel_rows, unrolled_rows

    ch1 = _chapter()
    pixels = default_run.probes.images[ch1.demo_probe()]
    rows = pixel_rows(pixels, 5.0)
    top = np.array([0.0, 3.0, 0.0])
    targets = unrolled_rows(rows, 7.0, 0.5, top)
    centers = [t.get_center()[1] for t in targets]
    assert all(a > b for a, b in zip(centers, centers[1:]))
    for r in (0, 13, 27):
        lo, hi = targets[r].get_bottom()[1], targets[r].get_top()[1]
        for c in (0, 27):
            assert lo <= column_position(28 * r + c, top, 7.0)[1] <= hi
        assert targets[r].height == pytest.approx(7.0 / 28) and targets[r].width == pytest.approx(0.5)


def test_hope_digit_and_lit_counts(default_run):
    """The 9 of the hope scene is a real 9 the network answers right; the lit counts match a plain count
    of a fresh forward pass."""
    ch1 = _chapter()
    i = ch1.probe_of(9)
    assert int(default_run.probes.labels[i]) == 9
    acts = _manual_forward(default_run, default_run.probes.images[i][None, :])
    assert int(np.argmax(acts[-1][0])) == 9
    recorded = [a[i] for a in default_run.final.probe_activations]
    expected = [sum(1 for v in a[0] if v > 0.5) for a in acts[1:-1]]
    assert ch1.lit_counts(recorded) == expected
    assert ch1.lit_counts([np.zeros(3), np.array([0.2, 0.7, 0.9]), np.zeros(2)]) == [2]


def test_bar_detector_and_weighted_sums(default_run):
    """The hand-made detector: +1 on the brightest row of the 7 (and its neighbours) where it is lit,
    -1 on two rows each side, 0 elsewhere; its weighted sums by a plain loop."""
    ch1 = _chapter()
    seven = default_run.probes.images[int(default_run.probes.of_digit(7)[0])]
    one = default_run.probes.images[int(default_run.probes.of_digit(1)[0])]
    det = ch1.bar_detector(seven)
    img = seven.reshape(28, 28)
    assert det.row == max(range(28), key=lambda r: img[r].sum())
    w = det.weights.reshape(28, 28)
    c0, c1 = det.cols
    for r in range(28):
        for c in range(28):
            inside = c0 <= c <= c1
            if inside and abs(r - det.row) <= 1:
                assert w[r, c] == 1
            elif inside and 2 <= abs(r - det.row) <= 3:
                assert w[r, c] == -1
            else:
                assert w[r, c] == 0
    for im in (seven, one):
        direct = sum(float(a) * float(b) for a, b in zip(det.weights, im))
        assert ch1.weighted_sum(det.weights, im) == pytest.approx(direct, abs=1e-9)
    assert ch1.weighted_sum(det.weights, seven) > ch1.weighted_sum(det.weights, one)


def test_forward_source_lines_are_the_code_that_runs(default_run):
    """The lines the matrix scene shows are in network.MLP.forward, and doing what they say
    (z = a @ w.T + b, then sigma) reproduces MLP.forward for the demo digit."""
    import inspect

    from network.mlp import MLP

    ch1 = _chapter()
    lines = ch1.forward_source_lines()
    source = inspect.getsource(MLP.forward)
    assert len(lines) == 3 and all(line.strip() in source for line in lines)
    assert lines[1].strip() == "z = a @ w.T + b"
    x = default_run.probes.images[ch1.demo_probe()]
    by_hand = _manual_forward(default_run, x[None, :])
    _, acts = default_run.network(-1).forward(x)
    for mine, theirs in zip(by_hand, acts):
        np.testing.assert_allclose(mine, theirs, atol=1e-6)


# ------------------------------------------------------------ the hook, edges, asking why, every edge
def test_rearranged_is_a_permutation_that_follows_the_target_ranks(default_run):
    from scenes.chapter1.numbers import first_of, rearranged, rearrangement_moves, threes

    three = threes(1)[0].astype(np.float64)
    for d in (7, 0, 5):
        target = first_of(d)[0].astype(np.float64)
        out = rearranged(three, target)
        np.testing.assert_array_equal(np.sort(out), np.sort(three))  # the very same numbers
        # brighter in the target never gets a darker value than a dimmer place
        brighter = target[:, None] > target[None, :]
        assert (out[:, None] >= out[None, :])[brighter].all()
        moves = rearrangement_moves(three, target)
        assert sorted(moves.tolist()) == list(range(784))
        np.testing.assert_array_equal(out[moves], three)


def test_first_of_and_varied_pixel(default_run):
    from scenes.data import get_dataset
    from scenes.chapter1.numbers import first_of, threes, varied_pixel

    data = get_dataset()
    for d in (0, 5, 7):
        im = first_of(d)[0]
        k = int(np.flatnonzero((data.X_train == im).all(axis=1))[0])
        assert data.y_train[k] == d
    images = threes(5).astype(np.float64)
    stds = [float(np.std(images[:, k])) for k in range(784)]
    assert varied_pixel(images) == int(np.argmax(stds))


def test_sobel_matches_scipy():
    from scipy import ndimage

    from scenes.chapter1.numbers import sobel

    rng = np.random.default_rng(1)
    img = rng.random((28, 28))
    gx, gy, mag = sobel(img)
    np.testing.assert_allclose(gx, ndimage.sobel(img, axis=1, mode="constant"), atol=1e-12)
    np.testing.assert_allclose(gy, ndimage.sobel(img, axis=0, mode="constant"), atol=1e-12)
    np.testing.assert_allclose(mag, np.sqrt(gx ** 2 + gy ** 2))
    # a vertical bright bar: strong left-right change at its sides, none top-bottom inside
    bar = np.zeros((28, 28))
    bar[5:20, 10:13] = 1.0
    gx, gy, _ = sobel(bar)
    assert gx[12, 9] > 0 and gx[12, 13] < 0 and gy[12, 11] == 0


def test_output_contributions_add_up_to_z(default_run):
    from scenes.chapter1.numbers import output_contributions, wrong_digit

    pixels, label, _ = wrong_digit()
    zs, acts = _manual_forward_zs(default_run, pixels)
    guess = int(np.argmax(acts[-1]))
    terms, b = output_contributions(acts[-2], default_run.final.weights[-1], default_run.final.biases[-1], guess)
    assert terms.shape == (default_run.layer_sizes[-2],)
    assert float(terms.sum()) + b == pytest.approx(float(zs[-1][guess]), abs=1e-4)
    assert guess != label


def _manual_forward_zs(run, x):
    """Plain NumPy forward pass of one digit: the z of each layer and the activations."""
    from network.activations import relu, sigmoid

    a = np.asarray(x, dtype=np.float64).ravel()
    acts, zs = [a], []
    snap = run.final
    for l, (w, b) in enumerate(zip(snap.weights, snap.biases)):
        z = w.astype(np.float64) @ a + b.astype(np.float64)
        last = l == len(snap.weights) - 1
        a = sigmoid(z) if (run.activation == "sigmoid" or last) else relu(z)
        zs.append(z)
        acts.append(a)
    return zs, acts


def test_edge_raster_draws_every_neuron_and_follows_the_weights(default_run):
    from scenes.mobjects import EdgeRaster, NetworkDiagram, all_neuron_points

    sizes = default_run.layer_sizes
    d = NetworkDiagram(sizes, default_run.final.weights)
    points = all_neuron_points(d)
    assert [len(p) for p in points] == list(sizes)
    raster = EdgeRaster(d, default_run.first.weights, vmax=[float(np.abs(w).max()) for w in default_run.final.weights])
    before = raster.pixel_array.copy()
    raster.set_weights(default_run.final.weights)
    assert raster.pixel_array.shape == before.shape and not np.array_equal(raster.pixel_array, before)


def test_wrapped_code_is_the_same_python():
    """The code panel's wrapped lines join back (at their backslashes) into the real source lines."""
    import ast

    from scenes.chapter1.matrix import wrap_code

    ch1 = _chapter()
    lines = ch1.forward_source_lines()
    shown = wrap_code(lines, 46)
    assert all(len(t) <= 46 for t, _ in shown)
    for k, line in enumerate(lines):
        parts = [t for t, src in shown if src == k]
        joined = " ".join(p.rstrip("\\").strip() for p in parts)
        assert joined.split() == line.split()
    ast.parse("\n".join(t for t, _ in shown))
