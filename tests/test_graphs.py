"""Computational graphs: every scene renders, and every value and gradient shown agrees
with finite differences or a direct NumPy computation."""

from __future__ import annotations

import numpy as np
import pytest



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
    assert len(names) == len(set(names)) == len(_graphs().SCENES) >= 5
    assert all(n.startswith("Graph") for n in names)


def test_sum_terms_writes_a_negative_term_as_a_minus():
    g = _graphs()
    assert g.sum_terms([0.125, -0.0143, 0.512]) == ["0.125", "-", "0.0143", "+", "0.512"]
    assert g.sum_terms([-0.2, 0.31]) == ["{-0.200}", "+", "0.310"]
    assert g.sum_terms([-3.0, -1.0], number=g.wire_number) == ["{-3}", "-", "1"]
    for values in ([0.125, -0.0143, 0.5], [-0.2, 0.31], [-1.5, -2.25, 4.0]):
        parts = g.sum_terms(values, number=g.wire_number)  # the written sum evaluates to the sum of the written terms
        written = float(parts[0].strip("{}")) + sum(float(parts[k + 1]) * (1 if parts[k] == "+" else -1)
                                                    for k in range(1, len(parts), 2))
        assert written == pytest.approx(sum(float(g.wire_number(v)) for v in values), rel=1e-9)
        assert "+ -" not in " ".join(parts) and all(not p.startswith("-") for p in parts[2::2])


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


def test_sigmoid_circuit_against_finite_differences():
    c = _graphs().sigmoid_circuit()
    f = lambda w0, x0, w1, x1, w2: 1 / (1 + np.exp(-(w0 * x0 + w1 * x1 + w2)))  # noqa: E731
    args = (c["w0"], c["x0"], c["w1"], c["x1"], c["w2"])
    assert c["f"] == pytest.approx(f(*args), rel=1e-12)
    assert (c["m0"], c["m1"], c["s"], c["t"]) == (-2.0, 6.0, 1.0, -1.0)
    for i, key in enumerate(("w0", "x0", "w1", "x1", "w2")):
        assert c["d" + key] == pytest.approx(_fd(f, args, i), rel=1e-6)
    # every intermediate gradient is df/d(that wire) with the rest of the circuit after it
    tails = {"d": lambda d: 1 / d, "e": lambda e: 1 / (1 + e), "t": lambda t: 1 / (1 + np.exp(t)),
             "s": lambda s: 1 / (1 + np.exp(-s))}
    for key, tail in tails.items():
        assert c["d" + key] == pytest.approx(_fd(tail, (c[key],), 0), rel=1e-6)
    assert c["dm0"] == c["dm1"] == c["dw2"] == c["ds"]
    # the folded sigmoid gate: (1 - sigma) sigma is the same local gradient
    assert c["local"] == pytest.approx(c["ds"], rel=1e-12)


def test_linear_collapse_folds_without_sigmoid_and_not_with_it(default_run):
    from scenes.data import get_dataset

    m = _graphs().linear_collapse()
    data = get_dataset()
    snap = default_run.final
    x = data.X_val[m.index].astype(float)
    assert m.label == data.y_val[m.index] and m.step == snap.step
    # two linear layers, written out entry by entry, against the folded matrix
    h = np.array([sum(snap.weights[0][r, c] * x[c] for c in range(784)) + snap.biases[0][r] for r in range(16)])
    z = np.array([sum(snap.weights[1][r, c] * h[c] for c in range(16)) + snap.biases[1][r] for r in range(16)])
    np.testing.assert_allclose(m.z_two, z, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(m.z_one, z, rtol=1e-6, atol=1e-6 * np.abs(z).max())
    np.testing.assert_allclose(m.W, snap.weights[1] @ snap.weights[0], rtol=1e-12)
    assert m.W.shape == (16, 784)
    # with the sigmoid: the network's own layer-2 activations, which the folded matrix does not reproduce
    _, acts = default_run.network(snap.step).forward(x[None, :])
    np.testing.assert_allclose(m.a_real, acts[2][0], rtol=1e-9)
    k = m.contrast
    assert abs(m.a_real[k] - m.a_fold[k]) == pytest.approx(np.abs(m.a_real - m.a_fold).max())
    assert abs(m.a_real[k] - m.a_fold[k]) > 0.5
    assert list(m.shown) == list(np.argsort(-np.abs(z))[:3])


def test_l2_gradient_against_finite_differences(default_run):
    import scenes.chapter4 as ch4
    from scenes.data import get_dataset

    g = _graphs()
    e, m = g.l2_example(), g.matrix_example()
    data = get_dataset()
    b = ch4.the_path().net.biases[2]
    Y = data.Y_train[m.rows].astype(float)

    def loss(W):
        out = 1 / (1 + np.exp(-((W @ m.X).T + b)))
        return float(np.mean(np.sum((out - Y) ** 2, axis=1))) + e.lam / 2 * float(np.sum(W ** 2))

    h = 1e-6
    for (i, j) in [(e.i, e.j), (0, 0), (9, 15)]:
        Wp, Wm = e.W.copy(), e.W.copy()
        Wp[i, j] += h
        Wm[i, j] -= h
        assert e.total[i, j] == pytest.approx((loss(Wp) - loss(Wm)) / (2 * h), rel=1e-5, abs=1e-9)
    np.testing.assert_allclose(e.penalty, e.lam * m.W, rtol=1e-12)
    np.testing.assert_allclose(e.total - e.penalty, m.dW, rtol=1e-9, atol=1e-12)


def test_elementwise_jacobian_is_diagonal_and_matches_backprop(default_run):
    import scenes.chapter4 as ch4

    g = _graphs()
    e = g.elementwise_jacobian()
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    h = 1e-6
    J = np.stack([(sig(e.z + h * np.eye(10)[c]) - sig(e.z - h * np.eye(10)[c])) / (2 * h) for c in range(10)], axis=1)
    np.testing.assert_allclose(e.J, J, atol=1e-9)
    assert np.count_nonzero(e.J) == 10 and e.top == int(np.argmax(np.diag(J)))
    np.testing.assert_allclose(e.dz, e.J @ e.da, rtol=1e-12)
    path = ch4.the_path()
    _, gb = path.net.backprop(path.pixels[None, :], path.y[None, :])
    np.testing.assert_allclose(e.dz, gb[2], rtol=1e-9, atol=1e-12)


def test_staged_circuit_every_gradient_against_finite_differences():
    g = _graphs()
    sc = g.staged_circuit()
    v = sc.values
    sig = lambda t: 1.0 / (1.0 + np.exp(-t))  # noqa: E731
    f = lambda x, y: (x + sig(y)) / (sig(x) + (x + y) ** 2)  # noqa: E731  independent of the shown code
    assert (v["x"], v["y"]) == (3.0, -4.0)
    assert v["f"] == pytest.approx(f(3.0, -4.0), abs=1e-12)
    assert v["dx"] == pytest.approx(_fd(f, (3.0, -4.0), 0), abs=1e-6)
    assert v["dy"] == pytest.approx(_fd(f, (3.0, -4.0), 1), abs=1e-6)
    # every intermediate gradient: nudge that variable alone and rerun the rest of the forward pass
    h = 1e-6
    for line in g.STAGED_FORWARD:
        var = line.split("=")[0].strip()
        if var == "f":
            continue
        fd = (g.staged_forward(3.0, -4.0, {var: h}) - g.staged_forward(3.0, -4.0, {var: -h})) / (2 * h)
        assert v["d" + var] == pytest.approx(fd, abs=1e-6), var
    # the branches: three into x, two into y, adding to the totals
    assert len(sc.x_parts) == 3 and len(sc.y_parts) == 2
    assert sum(sc.x_parts) == pytest.approx(v["dx"]) and sum(sc.y_parts) == pytest.approx(v["dy"])
    sx, sy = sig(3.0), sig(-4.0)
    assert sc.x_parts[1] == pytest.approx((1 - sx) * sx * v["dsigx"])
    assert sc.y_parts[1] == pytest.approx((1 - sy) * sy * v["dsigy"])
    # the finite-difference check the scene shows
    df = g.staged_forward(3.001, -4.0) - v["f"]
    assert df / 1e-3 == pytest.approx(v["dx"], rel=1e-3)
