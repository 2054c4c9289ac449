"""The three recorded experiments (network/experiments.py): dense early steps, gradient ascent
on the input, shuffled labels; checked against plain NumPy and finite differences."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import edit_npz

from network import MLP, SnapshotError, load_mnist, load_run, one_hot, train
from network.experiments import (
    DenseRecorder,
    ascend_input,
    dream_inputs,
    output_z_and_input_gradient,
    shuffled_label_run,
    shuffled_labels,
)

REPO = Path(__file__).resolve().parents[1]
DENSE = 25


@pytest.fixture(scope="module")
def data():
    return load_mnist()


@pytest.fixture(scope="module")
def small_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "small"
    proc = subprocess.run([sys.executable, "-m", "network.train", "--out", str(out), "--epochs", "2", "--quiet",
                           "--landscape-grid", "0", "--dense-steps", str(DENSE)], cwd=REPO, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    return out


# ------------------------------------------------------------ the input gradient
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_input_gradient_matches_finite_differences(activation):
    net = MLP([784, 16, 16, 10], activation=activation, seed=3)
    rng = np.random.default_rng(1)
    for l in range(net.n_layers):  # a network with some structure, not just the initialisation
        net.biases[l] = rng.normal(0, 0.5, net.biases[l].shape)
    x = rng.uniform(0.1, 0.9, 784)
    for k in (0, 5):
        z, grad = output_z_and_input_gradient(net, x, k)
        assert z == pytest.approx(net.forward(x)[0][-1][0, k])
        h = 1e-6
        for i in rng.choice(784, 12, replace=False):
            e = np.zeros(784)
            e[i] = h
            numeric = (net.forward(x + e)[0][-1][0, k] - net.forward(x - e)[0][-1][0, k]) / (2 * h)
            assert grad[i] == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def test_gradient_ascent_rises_and_stays_in_the_box():
    net = MLP([784, 16, 16, 10], seed=0)
    start = np.full(784, 0.5)
    x, objective, path = ascend_input(net, 5, start, iterations=40, saved=(0, 10, 40))
    assert np.all(np.diff(objective) >= 0), "projected ascent with backtracking never goes down"
    assert objective[-1] > objective[0] + 0.1
    assert 0 <= x.min() and x.max() <= 1
    assert path.shape == (3, 784) and np.array_equal(path[0], start) and np.array_equal(path[-1], x)
    assert objective[-1] == pytest.approx(net.forward(x)[0][-1][0, 5])


# ------------------------------------------------------------ dense record
def test_observing_every_step_changes_no_weight(data):
    """The dense record reads the training; the trained weights are bit-identical without it."""
    X, Y = data.X_train[:600], data.Y_train[:600]
    nets = [MLP([784, 16, 16, 10], seed=0) for _ in range(2)]
    rec = DenseRecorder(30, X, data.X_val, data.y_val)
    epochs: list[int] = []
    train(nets[0], X, Y, epochs=2, batch_size=10, seed=0, record_steps=[0, 5, 40], callback=lambda i: None)
    train(nets[1], X, Y, epochs=2, batch_size=10, seed=0, record_steps=[0, 5, 40], callback=lambda i: None,
          observe=rec, observe_steps=30, on_epoch=lambda e, n: epochs.append(e))
    for a, b in zip(nets[0].weights + nets[0].biases, nets[1].weights + nets[1].biases):
        assert np.array_equal(a, b)
    assert len(rec.rows) == 30 and epochs == [1, 2]


def test_dense_record_is_the_run_step_by_step(small_run, data):
    run = load_run(small_run)
    dense = run.dense
    assert len(dense) == DENSE and dense.steps.tolist() == list(range(DENSE))
    # Agrees with the ordinary snapshots at the steps both recorded.
    for t in (0, 3, 16):
        snap = run.snapshot(t)
        for l in range(3):
            np.testing.assert_array_equal(dense.weights[l][t], snap.weights[l])
            np.testing.assert_array_equal(dense.grad_weights[l][t], snap.grad_weights[l])
        np.testing.assert_array_equal(dense.batch_indices[t], snap.batch_indices)
    for t in (0, 20, DENSE - 2):
        net = MLP.from_parameters([w[t] for w in dense.weights], [b[t] for b in dense.biases])
        idx = dense.batch_indices[t]
        gw, gb = net.backprop(data.X_train[idx], data.Y_train[idx])
        np.testing.assert_allclose(dense.grad_weights[0][t], gw[0], rtol=1e-4, atol=1e-7)
        np.testing.assert_allclose(dense.grad_biases[2][t], gb[2], rtol=1e-4, atol=1e-7)
        # The next recorded parameters are one SGD step on this gradient (float32 rounding apart).
        for l in range(3):
            np.testing.assert_allclose(dense.weights[l][t + 1],
                                       dense.weights[l][t] - run.learning_rate * dense.grad_weights[l][t], atol=2e-6)
        _, acts = net.forward(data.X_train[idx])
        np.testing.assert_allclose(dense.batch_activations[2][t], acts[3], rtol=1e-5, atol=1e-6)
        assert dense.val_accuracy[t] == pytest.approx(net.accuracy(data.X_val, data.y_val))
        assert dense.batch_cost[t] == pytest.approx(net.cost_value(data.X_train[idx], data.Y_train[idx]), rel=1e-5)


# ------------------------------------------------------------ dreams
def test_recorded_dreams_are_what_the_final_network_answers(small_run):
    run = load_run(small_run)
    dreams, net = run.dreams, run.network(-1)
    assert dreams.images.shape == (10, 784) and dreams.step == run.final.step
    np.testing.assert_allclose(dreams.outputs, net.predict(dreams.images), atol=1e-5)
    assert np.all(np.diff(dreams.objective, axis=1) >= 0)
    assert np.all(dreams.objective[:, -1] > dreams.objective[:, 0])
    z = net.forward(dreams.images)[0][-1]
    np.testing.assert_allclose(dreams.objective[:, -1], np.diag(z), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(dreams.path[:, 0], np.broadcast_to(dreams.start, (10, 784)), atol=1e-7)
    again = dream_inputs(net, int(run.manifest["seed"]))  # deterministic: the seed decides the start
    np.testing.assert_allclose(again["images"], dreams.images, atol=1e-6)


# ------------------------------------------------------------ shuffled labels
def test_shuffled_labels_keep_the_counts_and_move_most_labels(data):
    y = shuffled_labels(data.y_train, seed=0)
    assert np.array_equal(np.bincount(y, minlength=10), np.bincount(data.y_train, minlength=10))
    assert np.mean(y == data.y_train) < 0.2
    assert np.array_equal(y, shuffled_labels(data.y_train, seed=0))


def test_shuffled_run_is_the_same_training_on_other_labels(small_run, data):
    run = load_run(small_run)
    sh = run.shuffled
    assert np.array_equal(sh.labels, shuffled_labels(data.y_train, 0))
    again = shuffled_label_run([784, 16, 16, 10], "sigmoid", "quadratic", data.X_train, data.y_train, data.X_val,
                               data.y_val, epochs=2, batch_size=10, lr=1.0, seed=0)
    np.testing.assert_allclose(sh.train_cost, again["train_cost"])
    np.testing.assert_allclose(sh.val_accuracy, again["val_accuracy"])
    # The same code on the true labels is the run's own history.
    net = MLP([784, 16, 16, 10], seed=0)
    hist = train(net, data.X_train, one_hot(data.y_train), epochs=2, batch_size=10, lr=1.0, seed=0,
                 X_val=data.X_val, y_val=data.y_val)
    np.testing.assert_allclose(hist.train_cost, run.history["train_cost"])
    assert sh.true_train_accuracy[-1] == pytest.approx(run.network(-1).accuracy(data.X_train, data.y_train))
    assert sh.initial_train_cost == pytest.approx(
        run.network(0).cost_value(data.X_train, one_hot(sh.labels)), rel=1e-5)


# ------------------------------------------------------------ loading
@pytest.mark.parametrize(
    "name, edit, message",
    [
        ("dense.npz", lambda a: a.pop("grad_W0"), r"dense.npz: field 'grad_W0' is missing"),
        ("dense.npz", lambda a: a.__setitem__("W1", a["W1"][:, :8]),
         rf"dense.npz: field 'W1' has shape \({DENSE}, 8, 16\), expected \({DENSE}, 16, 16\)"),
        ("dense.npz", lambda a: a.__setitem__("batch_indices", a["batch_indices"] + 4000),
         r"dense.npz: field 'batch_indices' has values outside \[0, 3999\]"),
        ("dreams.npz", lambda a: a.__setitem__("images", a["images"] * 3), r"dreams.npz: field 'images' has pixels"),
        ("dreams.npz", lambda a: a.__setitem__("outputs", a["outputs"].astype(np.int64)),
         r"dreams.npz: field 'outputs' has dtype int64, expected floating point"),
        ("shuffled.npz", lambda a: a.__setitem__("val_accuracy", a["val_accuracy"][:1]),
         r"shuffled.npz: field 'val_accuracy' has shape \(1,\), expected \(2,\)"),
        ("shuffled.npz", lambda a: a.__setitem__("run_id", np.array(1.0)), r"shuffled.npz: field 'run_id' is missing"),
    ],
)
def test_bad_experiment_files_name_file_and_field(small_run, tmp_path, name, edit, message):
    run_dir = tmp_path / "copy"
    shutil.copytree(small_run, run_dir)
    edit_npz(run_dir / name, edit)
    with pytest.raises(SnapshotError, match=message) as info:
        load_run(run_dir)
    assert "\n" not in str(info.value)


def test_bad_experiments_entry_and_old_runs(small_run, tmp_path):
    run_dir = tmp_path / "copy"
    shutil.copytree(small_run, run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    (run_dir / "manifest.json").write_text(json.dumps(dict(manifest, experiments={"dense": {"file": "../x.npz"}})))
    with pytest.raises(SnapshotError, match="experiments.dense must be null or an object"):
        load_run(run_dir)
    # A run without the experiments (older, or --no-experiments) loads, without them.
    (run_dir / "manifest.json").write_text(json.dumps({k: v for k, v in manifest.items() if k != "experiments"}))
    run = load_run(run_dir)
    assert run.dense is None and run.dreams is None and run.shuffled is None


def test_no_experiments_option(tmp_path):
    out = tmp_path / "bare"
    proc = subprocess.run([sys.executable, "-m", "network.train", "--out", str(out), "--epochs", "1", "--quiet",
                           "--landscape-grid", "0", "--no-experiments"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    run = load_run(out)
    assert run.dense is None and run.dreams is None and run.shuffled is None
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("step_")) == ["manifest.json", "probes.npz"]


# ------------------------------------------------------------ the scenes' numbers
def test_played_steps_are_whole_recorded_steps_in_order():
    from scenes.chapter2.experiments_numbers import played_steps

    steps = played_steps(400, 1, 150)
    assert steps[0] == 1 and steps[-1] == 399 and np.all(np.diff(steps) > 0)
    assert played_steps(400, 1, 1000).tolist() == list(range(1, 400))
    assert played_steps(1, 1, 10).size == 0


def test_edge_raster_draws_each_line_where_it_runs():
    from scenes.chapter2.experiments_numbers import edge_raster

    ys_in, ys_out = np.array([0.5, 8.0]), np.array([5.0])
    M = edge_raster(ys_in, ys_out, width_px=8, height_px=10).toarray()
    assert M.shape == (80, 2)
    for e, y0 in enumerate(ys_in):
        image = M[:, e].reshape(10, 8)
        np.testing.assert_allclose(image.sum(axis=0), 1.0)  # one sample per pixel column
        for x in range(8):
            y = y0 + (5.0 - y0) * (x + 0.5) / 8
            assert (image[:, x] * np.arange(10)).sum() == pytest.approx(y)  # centre of mass on the line


def test_scene_numbers_from_the_recorded_experiments(small_run, data, monkeypatch):
    from scenes.chapter2.experiments_numbers import ExperimentNeeds, dream_summary, learning_curves

    run = load_run(small_run)
    c = learning_curves(run)
    assert c.epochs.tolist() == [0, 1, 2]
    assert c.cost_shuffled[1:].tolist() == run.shuffled.train_cost.tolist()
    assert c.acc_shuffled[0] == c.acc_true[0] == 100 * run.first.val_accuracy
    assert c.acc_true[-1] == pytest.approx(100 * run.history["val_accuracy"][-1])
    s = dream_summary(run)
    assert np.array_equal(s.answer, run.dreams.outputs.argmax(axis=1))
    assert all(run.probes.labels[p] == k for k, p in enumerate(s.real_probe))
    needs = ExperimentNeeds(activation=None, cost=None, experiments=("dense", "shuffled"))
    assert needs.unmet(run) == []
    bare = load_run(small_run)
    bare.dense = None
    (problem,) = needs.unmet(bare)
    assert "no dense early record" in problem and "--no-experiments" in problem
    assert needs.describe() == "a recorded dense early record, a recorded shuffled-label training"
