"""Computational graphs: every scene renders, and every value and gradient shown agrees
with finite differences or a direct NumPy computation."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import render_last_frame


def _graphs():
    import scenes.graphs as g

    return g


def _fd(f, args, i, h=1e-6):
    up, down = list(args), list(args)
    up[i] += h
    down[i] -= h
    return (f(*up) - f(*down)) / (2 * h)


def test_scene_list_is_explicit_and_unique():
    names = [s.__name__ for s in _graphs().SCENES]
    assert len(names) == len(set(names)) == 4
    assert all(n.startswith("Graph") for n in names)


@pytest.mark.render
@pytest.mark.parametrize("scene", [s.__name__ for s in _graphs().SCENES])
def test_scene_renders(scene, tmp_path):
    png, _ = render_last_frame("graphs.py", scene, tmp_path)
    assert png.stat().st_size > 0


def test_simple_circuit_against_finite_differences():
    c = _graphs().simple_circuit()
    f = lambda x, y, z: (x + y) * z  # noqa: E731
    args = (c["x"], c["y"], c["z"])
    assert (c["q"], c["f"]) == (3.0, -12.0)
    for i, key in enumerate(("dx", "dy", "dz")):
        assert c[key] == pytest.approx(_fd(f, args, i), abs=1e-6)
    assert c["dq"] == pytest.approx(_fd(lambda q, z: q * z, (c["q"], c["z"]), 0), abs=1e-6)


def test_gate_circuit_against_finite_differences():
    g = _graphs().gate_circuit()
    f = lambda x, y, z, w: 2 * (x * y + max(z, w))  # noqa: E731
    args = (g["x"], g["y"], g["z"], g["w"])
    assert g["f"] == f(*args) == -20.0
    for i, key in enumerate(("dx", "dy", "dz", "dw")):
        assert g[key] == pytest.approx(_fd(f, args, i), abs=1e-6)
    s = lambda m, n: 2 * (m + n)  # noqa: E731
    assert g["dm"] == pytest.approx(_fd(s, (g["m"], g["n"]), 0))
    assert g["dn"] == pytest.approx(_fd(s, (g["m"], g["n"]), 1))


def test_copy_gate_sum_matches_finite_difference(default_run):
    import scenes.chapter4 as ch4

    g = _graphs()
    cp = g.copy_gate()
    path = ch4.the_path()
    assert cp.terms.sum() == pytest.approx(cp.backprop, rel=1e-9)

    # Finite difference in the activation a_j of layer 2, with the rest of the network fixed.
    def cost(a_j):
        a2 = path.acts[2].copy()
        a2[path.j] = a_j
        out = 1 / (1 + np.exp(-(path.net.weights[2] @ a2 + path.net.biases[2])))
        return float(np.sum((out - path.y) ** 2))

    assert cp.terms.sum() == pytest.approx(_fd(cost, (path.a_prev,), 0), rel=1e-5)


def test_matrix_example_shapes_and_gradients(default_run):
    g = _graphs()
    m = g.matrix_example()
    assert m.W.shape == (10, 16) and m.X.shape == (16, 2) and m.D.shape == (10, 2)
    assert m.dW.shape == m.W.shape and m.dX.shape == m.X.shape and m.dD.shape == m.D.shape
    # dW equals backprop's last-layer gradient of the two images' mean cost.
    import scenes.chapter4 as ch4
    from scenes.data import get_dataset

    data = get_dataset()
    net = ch4.the_path().net
    gw, _ = net.backprop(data.X_train[m.rows], data.Y_train[m.rows])
    np.testing.assert_allclose(m.dW, gw[2], rtol=1e-9, atol=1e-12)

    # Central finite differences of C(D) = mean cost with outputs sigma(D + b).
    b = net.biases[2]
    Y = data.Y_train[m.rows].astype(float)

    def cost_of(W, X):
        out = 1 / (1 + np.exp(-((W @ X).T + b)))
        return float(np.mean(np.sum((out - Y) ** 2, axis=1)))

    h = 1e-6
    path = ch4.the_path()
    for (i, j) in [(path.i, path.j), (0, 0), (9, 15)]:
        Wp, Wm = m.W.copy(), m.W.copy()
        Wp[i, j] += h
        Wm[i, j] -= h
        assert m.dW[i, j] == pytest.approx((cost_of(Wp, m.X) - cost_of(Wm, m.X)) / (2 * h), rel=1e-5, abs=1e-9)
    for (j, n) in [(path.j, 0), (3, 1)]:
        Xp, Xm = m.X.copy(), m.X.copy()
        Xp[j, n] += h
        Xm[j, n] -= h
        assert m.dX[j, n] == pytest.approx((cost_of(m.W, Xp) - cost_of(m.W, Xm)) / (2 * h), rel=1e-5, abs=1e-9)
