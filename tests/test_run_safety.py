"""Nothing lost, nothing silently wrong: where `network.train` writes, which data
and which run a reader gets. Each test is one case that lost data or gave a
silently wrong result before (issue: nothing lost, nothing silently wrong)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from network import MLP, SnapshotError, load_mnist, load_run
from network.idx import write_idx
from network.mnist import DataError, load_recorded
from network.snapshots import default_run_path

REPO = Path(__file__).resolve().parents[1]
QUICK = ("--epochs", "1", "--landscape-grid", "0", "--quiet")


def train(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "network.train", *args], cwd=REPO, capture_output=True,
                          text=True, env=env, **kw)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The single stderr line of a refused command (no traceback)."""
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


# 1. A folder that is not a run is never deleted, with or without --force.
@pytest.mark.parametrize("force", [(), ("--force",)])
def test_out_folder_that_is_not_a_run_is_left_alone(tmp_path, force):
    out = tmp_path / "thesis"
    (out / "chapter1").mkdir(parents=True)
    (out / "thesis.txt").write_text("three years of work")
    (out / "chapter1" / "notes.md").write_text("more work")
    before = tree(out)
    line = one_line_error(train("--out", str(out), *force, *QUICK))
    assert str(out) in line and "not a run" in line and "thesis.txt" in line
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_run_folder_with_a_foreign_file_is_not_a_run(tmp_path):
    out = tmp_path / "r"
    assert train("--out", str(out), *QUICK).returncode == 0
    (out / "my_notes.txt").write_text("keep me")
    line = one_line_error(train("--out", str(out), "--force", *QUICK))
    assert "my_notes.txt" in line
    assert (out / "my_notes.txt").read_text() == "keep me"


# 2. --out at an existing file: refused, the file stays where and what it was.
@pytest.mark.parametrize("force", [(), ("--force",)])
def test_out_file_is_left_alone(tmp_path, force):
    out = tmp_path / "results.csv"
    out.write_text("a,b\n1,2\n")
    line = one_line_error(train("--out", str(out), *force, *QUICK))
    assert str(out) in line and "is a file" in line
    assert out.read_text() == "a,b\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]


def test_empty_folder_becomes_a_run(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert train("--out", str(out), *QUICK).returncode == 0
    assert load_run(out).manifest["epochs"] == 1


# 3. $NN_RUN names the run the scenes draw; it never redirects the default run's training.
def test_nn_run_does_not_redirect_the_default_output(tmp_path, monkeypatch):
    from network.train import parse_args

    monkeypatch.setenv("NN_RUN", str(tmp_path / "other"))
    assert parse_args([]).out == default_run_path() == REPO / "assets" / "runs" / "default"
    env = dict(os.environ, NN_RUN=str(tmp_path / "other"))
    make = subprocess.run(["make", "-n", "-B", "data"], cwd=REPO, capture_output=True, text=True, env=env)
    train_lines = [line for line in make.stdout.splitlines() if "network.train" in line]
    assert train_lines and all("--out assets/runs/default" in line for line in train_lines), make.stdout


# 4. The data a run saw is checked on load: changed IDX files (or embedded digits) are refused.
def test_changed_idx_files_are_refused(tmp_path):
    embedded = load_mnist()
    data_dir = tmp_path / "mnist"
    data_dir.mkdir()
    n = 10_400
    images = (np.tile(embedded.X_train, (3, 1))[:n] * 255).round().astype(np.uint8).reshape(-1, 28, 28)
    labels = np.tile(embedded.y_train, 3)[:n].astype(np.uint8)
    write_idx(data_dir / "train-images-idx3-ubyte.gz", images)
    write_idx(data_dir / "train-labels-idx1-ubyte.gz", labels)
    out = tmp_path / "run"
    proc = train("--out", str(out), "--data", str(data_dir), *QUICK)
    assert proc.returncode == 0, proc.stderr
    run = load_run(out)
    assert load_recorded(run.manifest["data"], out).X_train.shape == (400, 784)
    # Stored differently (not gzipped) but the same digits: still fine.
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"):
        (data_dir / f"{name}.gz").unlink()
    write_idx(data_dir / "train-images-idx3-ubyte", images)
    write_idx(data_dir / "train-labels-idx1-ubyte", labels)
    load_recorded(run.manifest["data"], out)
    # Other digits in the same files: recorded batch indices would point at other images.
    write_idx(data_dir / "train-images-idx3-ubyte", images[::-1])
    with pytest.raises(DataError, match="not the ones .* was trained on"):
        load_recorded(run.manifest["data"], out)


def test_changed_embedded_digits_are_refused(default_run):
    source = dict(default_run.manifest["data"], content_sha256="0" * 64)
    with pytest.raises(DataError, match="not the ones .* was trained on"):
        load_recorded(source, default_run.path)
    assert load_recorded(default_run.manifest["data"]).X_train.shape == (4000, 784)


# 8. Two trainings into the same new --out at once: one writes it, the other is told so.
def test_concurrent_trainings_into_one_folder(tmp_path):
    out = tmp_path / "race"
    procs = [subprocess.Popen([sys.executable, "-m", "network.train", "--out", str(out), "--seed", str(seed),
                               "--epochs", "2", "--landscape-grid", "0", "--quiet"],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for seed in (1, 2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert "another training is writing" in loser or "already holds a run" in loser
    winner_seed = 1 + [code for code, _ in results].index(0)
    assert load_run(out).manifest["seed"] == winner_seed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race"], "no lock or partial folder left behind"


# 9. A reader never gets the old manifest with the new arrays while --force replaces a run.
def test_loading_during_replacement_sees_one_whole_run(tmp_path):
    out = tmp_path / "run"
    assert train("--out", str(out), "--seed", "1", *QUICK).returncode == 0
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from network.train import main\n"
         f"for seed in (2, 3, 4, 5): assert main(['--out', {str(out)!r}, '--force', '--seed', str(seed), "
         "'--epochs', '1', '--landscape-grid', '0', '--quiet']) == 0"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    init = {}  # seed -> first-layer weights of an untrained MLP: an oracle independent of the files
    loads = 0
    deadline = time.monotonic() + 240
    while writer.poll() is None and time.monotonic() < deadline:
        run = load_run(out)
        seed = run.manifest["seed"]
        if seed not in init:
            init[seed] = MLP(run.layer_sizes, seed=seed).weights[0].astype(np.float32)
        np.testing.assert_array_equal(run.first.weights[0], init[seed], err_msg=f"load {loads}: mixed runs")
        assert {s.step for s in run.snapshots} == {e["step"] for e in run.manifest["snapshots"]}
        loads += 1
    assert writer.wait(timeout=60) == 0, writer.stderr.read()
    assert loads >= 5 and len(init) >= 2, (loads, sorted(init))
    assert load_run(out).manifest["seed"] == 5


# Loading checks types, ranges and order, not only presence and shape.
def _edit(path: Path, **changes) -> None:
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    arrays.update(changes)
    with open(path, "wb") as f:
        np.savez(f, **arrays)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "small"
    assert train("--out", str(out), *QUICK).returncode == 0
    return out


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


@pytest.mark.parametrize("case, message", [
    ("int weights", r"step_000003.npz: field 'W0' has dtype int64, expected floating point"),
    ("float indices", r"field 'batch_indices' has dtype float64, expected integers"),
    ("index out of range", r"field 'batch_indices' has values outside \[0, 3999\]"),
    ("probe label 12", r"probes.npz: field 'labels' has values outside \[-1, 9\]"),
    ("unsorted steps", r"snapshots\[3\]: step 3 is not an integer greater than the previous step \(4\)"),
    ("accuracy 1.5", r"snapshots\[0\]: val_accuracy 1.5 is not a number in \[0, 1\]"),
    ("relu6", r"field 'activation' is 'relu6'"),
    ("file outside", r"snapshots\[0\]: file '../x.npz' is not a file name inside the run folder"),
    ("foreign step file", r"step_000003.npz: belongs to run 'someone-else'.*kept changing"),
])
def test_load_checks_types_ranges_and_order(small_run, tmp_path, case, message):
    run = _copy(small_run, tmp_path / "r")
    manifest = json.loads((run / "manifest.json").read_text())
    step3 = run / "step_000003.npz"
    with np.load(step3) as f:
        w0, batch = f["W0"], f["batch_indices"]
    if case == "int weights":
        _edit(step3, W0=w0.astype(np.int64))
    elif case == "float indices":
        _edit(step3, batch_indices=batch.astype(np.float64))
    elif case == "index out of range":
        _edit(step3, batch_indices=batch + 4000)
    elif case == "probe label 12":
        with np.load(run / "probes.npz") as f:
            labels = f["labels"].copy()
        labels[0] = 12
        _edit(run / "probes.npz", labels=labels)
    elif case == "unsorted steps":
        s = manifest["snapshots"]
        s[2], s[4] = s[4], s[2]
    elif case == "accuracy 1.5":
        manifest["snapshots"][0]["val_accuracy"] = 1.5
    elif case == "relu6":
        manifest["activation"] = "relu6"
    elif case == "file outside":
        manifest["snapshots"][0]["file"] = "../x.npz"
    elif case == "foreign step file":
        _edit(step3, run_id=np.array("someone-else"))
    (run / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match=message):
        load_run(run)


# Errors a person can act on: one line, non-zero exit, nothing left behind.
@pytest.mark.parametrize("args, message", [
    (["--lr", "nan"], "--lr must be a finite number greater than 0, got nan"),
    (["--lr", "inf"], "--lr must be a finite number greater than 0, got inf"),
    (["--lr", "-1"], "--lr must be a finite number greater than 0"),
    (["--seed", "-3"], "--seed must be an integer from 0"),
    (["--sizes", "784,0,10"], "--sizes: every layer needs at least one neuron"),
    (["--sizes", "784"], "--sizes must start with 784 (pixels) and end with 10"),
    (["--epochs", "0"], "--epochs must be at least 1, got 0"),
    (["--batch-size", "0"], "--batch-size must be at least 1, got 0"),
    (["--landscape-grid", "1"], "--landscape-grid must be 0 (no landscape) or 3 to 401"),
    (["--batch-size", "5000"], "--batch-size 5000 is larger than the 4000 training digits"),
])
def test_bad_values_are_refused_at_the_edge(tmp_path, args, message):
    proc = train("--out", str(tmp_path / "r"), "--quiet", *args)
    assert message in one_line_error(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "nothing written"


def test_full_disk_is_one_line_and_keeps_the_old_run(small_run, tmp_path, monkeypatch, capsys):
    import errno

    import network.recording
    from network.train import main

    run = _copy(small_run, tmp_path / "r")
    before = tree(run)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".r.partial-x" / "step_000000.npz"))

    monkeypatch.setattr(network.recording, "atomic_save_npz", full)
    assert main(["--out", str(run), "--force", *QUICK]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0] and "nothing was replaced" in err[0]
    assert tree(run) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_ctrl_c_leaves_nothing_and_a_killed_run_is_cleaned_up(tmp_path):
    import signal

    out = tmp_path / "r"
    leftover = tmp_path / ".r.partial-killed"  # what a kill -9 of an earlier training leaves
    leftover.mkdir()
    (leftover / "step_000000.npz").write_bytes(b"half")
    # pytest-xdist's workers ignore SIGINT, and a child inheriting that ignores Ctrl-C too (Python installs
    # its KeyboardInterrupt handler only if SIGINT is not ignored at start): restore the default, as a terminal has.
    proc = subprocess.Popen([sys.executable, "-m", "network.train", "--out", str(out), "--epochs", "400", "--quiet"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    def own_partial() -> list[Path]:
        return [p for p in tmp_path.glob(".r.partial-*") if p != leftover]

    while not own_partial() and time.monotonic() < deadline:
        time.sleep(0.05)  # until its own partial folder exists: training has started
    assert own_partial() and not leftover.exists(), "the killed run's folder went first"
    time.sleep(0.5)  # 400 epochs take far longer than this, however fast the machine
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == [f"interrupted: nothing was written to {out}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "own partial folder, the killed one and the lock: gone"


_CTRL_C_AT_THE_SWAP = """
import os, signal, sys
import network.train as t
real_swap = t.swap_in
def swap_with_ctrl_c(work, out):
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C at the moment the swap begins
    real_swap(work, out)
t.swap_in = swap_with_ctrl_c
sys.exit(t.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("old_run", [False, True], ids=["new-folder", "replacing-a-run"])
def test_ctrl_c_during_the_swap_waits_for_it_and_says_so(tmp_path, old_run):
    out = tmp_path / "r"
    args = ["--out", str(out), "--epochs", "1", "--landscape-grid", "0", "--quiet"]
    if old_run:
        assert train(*args).returncode == 0
        old_id = json.loads((out / "manifest.json").read_text())["run_id"]
        args.append("--force")
    proc = subprocess.run([sys.executable, "-c", _CTRL_C_AT_THE_SWAP, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip().splitlines() == [f"interrupted after the new run was in place: {out} holds it"]
    run = load_run(out)  # whole and valid, not a mix
    if old_run:
        assert run.manifest["run_id"] != old_id
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"], "no partial, old or lock file left"
