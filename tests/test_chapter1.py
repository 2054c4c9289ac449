"""Chapter 1: every scene renders, and the numbers it shows match independent computations."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.mobjects import spread_pixels
from tests.conftest import render_last_frame


def _chapter():
    import scenes.chapter1 as ch1

    return ch1


def test_scene_list_is_explicit_and_unique():
    ch1 = _chapter()
    names = [s.__name__ for s in ch1.SCENES]
    assert len(names) == len(set(names))
    assert all(n.startswith("Ch1") for n in names)


@pytest.mark.render
@pytest.mark.parametrize("scene", [s.__name__ for s in _chapter().SCENES])
def test_scene_renders(scene, tmp_path):
    png, _ = render_last_frame("chapter1.py", scene, tmp_path)
    assert png.stat().st_size > 0


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
