"""Train a network on MNIST and write a run folder of snapshots.

    python -m network.train                 # the default run -> assets/runs/default
    python -m network.train --help

The run is written into a temporary folder beside ``--out`` and swapped in
only when complete, so an interrupted or diverged run never damages an
existing one; ``--out`` is never a file or a folder that is not a run (see
:mod:`network.runfolder`), and ``$NN_RUN`` (the run the scenes draw) does not
change the default ``--out``.
"""

from __future__ import annotations

import argparse
import datetime
import math
import platform
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

from network.cli import OneLineParser
from network.experiments import (
    DENSE_STEPS, DREAM_ITERATIONS, DREAM_START, DREAM_STEP, SHUFFLE_DESCRIPTION, DenseRecorder, dream_inputs,
    shuffled_label_run,
)
from network.idx import IDXError
from network.landscape import METHOD, compute_landscape
from network.mlp import MLP
from network.mnist import DataError, load_mnist
from network.recording import SnapshotRecorder, choose_probes, record_schedule
from network.runfolder import HeldInterrupt, InterruptedAfterSwap, OutError, RunLock, check_out, clean_leftovers, swap_in
from network.loading import load_run
from network.snapshots import SCHEMA_VERSION, SnapshotError, atomic_save_npz, atomic_write_json, default_run_path
from network.training import TrainingDiverged, train

#: The default run: the lecture's 784-16-16-10 sigmoid network with quadratic cost.
DEFAULTS = dict(sizes="784,16,16,10", activation="sigmoid", cost="quadratic", epochs=40, batch_size=10, lr=1.0, seed=0)


class UsageError(ValueError):
    """A command-line value that only turns out wrong once the data is loaded."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = OneLineParser(
        prog="python -m network.train",
        description="Train an MLP on real MNIST digits and record snapshots for the scenes.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--out", type=Path, default=default_run_path(),
                   help="run folder to write (a new or empty folder, or a run of ours with --force); "
                        "$NN_RUN does not change it")
    p.add_argument("--data", type=Path, default=None,
                   help="folder with the MNIST IDX files; default: the 5,000 embedded digits (offline)")
    p.add_argument("--sizes", default=DEFAULTS["sizes"], help="layer sizes, comma-separated")
    p.add_argument("--activation", choices=["sigmoid", "relu"], default=DEFAULTS["activation"])
    p.add_argument("--cost", choices=["quadratic", "cross_entropy"], default=DEFAULTS["cost"])
    p.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    p.add_argument("--batch-size", type=int, default=DEFAULTS["batch_size"])
    p.add_argument("--lr", type=float, default=DEFAULTS["lr"], help="learning rate")
    p.add_argument("--seed", type=int, default=DEFAULTS["seed"], help="seeds initialisation, shuffling and probes")
    p.add_argument("--landscape-grid", type=int, default=41, help="points per axis of the cost slice (0: skip it)")
    p.add_argument("--dense-steps", type=int, default=DENSE_STEPS,
                   help="record every one of the first N steps in dense.npz (0: skip it)")
    p.add_argument("--no-experiments", action="store_true",
                   help="skip the recorded experiments (dense early steps, gradient-ascent inputs, shuffled labels)")
    p.add_argument("--force", action="store_true", help="replace an existing run folder (never anything else)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        p.error(f"--sizes must be comma-separated integers, got {args.sizes!r}")
    if len(args.sizes) < 2 or args.sizes[0] != 784 or args.sizes[-1] != 10:
        p.error(f"--sizes must start with 784 (pixels) and end with 10 (digits), got {args.sizes}")
    if min(args.sizes) < 1:
        p.error(f"--sizes: every layer needs at least one neuron, got {args.sizes}")
    if args.epochs < 1:
        p.error(f"--epochs must be at least 1, got {args.epochs}")
    if args.batch_size < 1:
        p.error(f"--batch-size must be at least 1, got {args.batch_size}")
    if not math.isfinite(args.lr) or args.lr <= 0:
        p.error(f"--lr must be a finite number greater than 0, got {args.lr}")
    if not 0 <= args.seed < 2**63:
        p.error(f"--seed must be an integer from 0 to 2**63-1, got {args.seed}")
    if args.dense_steps < 0:
        p.error(f"--dense-steps must be 0 (none) or a positive number of steps, got {args.dense_steps}")
    if args.landscape_grid != 0 and not 3 <= args.landscape_grid <= 401:
        p.error(f"--landscape-grid must be 0 (no landscape) or 3 to 401 points per axis, got {args.landscape_grid}")
    return args


def run(args: argparse.Namespace) -> Path:
    out: Path = args.out.absolute()
    check_out(out, args.force)  # early, before minutes of training; again under the lock
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    data = load_mnist(args.data)
    say(f"data: {data.source['name']}, {len(data.y_train)} train / {len(data.y_val)} validation digits")
    if args.batch_size > len(data.y_train):
        raise UsageError(f"--batch-size {args.batch_size} is larger than the {len(data.y_train)} training digits; "
                         "choose a smaller one")
    if not out.parent.is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
    with RunLock(out):
        check_out(out, args.force)
        clean_leftovers(out)
        return _train_into(args, out, data, say)


def _train_into(args: argparse.Namespace, out: Path, data, say) -> Path:
    """Train and record into a hidden folder beside ``out``, then swap it in (lock held)."""
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.partial-"))
    work.chmod(0o755)
    try:
        net = MLP(args.sizes, activation=args.activation, cost=args.cost, seed=args.seed)
        probes = choose_probes(data.X_val, data.y_val, seed=args.seed)
        run_id = uuid.uuid4().hex
        recorder = SnapshotRecorder(work, data.X_train, data.Y_train, data.X_val, data.y_val, probes, run_id)
        steps_per_epoch = len(data.y_train) // args.batch_size
        schedule = record_schedule(args.epochs * steps_per_epoch, steps_per_epoch)
        experiments = not args.no_experiments
        n_dense = min(args.dense_steps, args.epochs * steps_per_epoch) if experiments else 0
        dense = DenseRecorder(n_dense, data.X_train, data.X_val, data.y_val)
        true_train_accuracy: list[float] = []
        t0 = time.perf_counter()
        history = train(
            net, data.X_train, data.Y_train, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr,
            seed=args.seed, X_val=data.X_val, y_val=data.y_val, callback=recorder, record_steps=schedule,
            progress=not args.quiet, observe=dense if n_dense else None, observe_steps=n_dense,
            on_epoch=(lambda e, n: true_train_accuracy.append(n.accuracy(data.X_train, data.y_train)))
            if experiments else None,
        )
        seconds = time.perf_counter() - t0
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "run_id": run_id,
            "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "software": {"python": platform.python_version(), "numpy": np.__version__},
            "layer_sizes": args.sizes,
            "n_params": net.n_params,
            "activation": args.activation,
            "cost": args.cost,
            "seed": args.seed,
            "learning_rate": args.lr,
            "batch_size": args.batch_size,
            "epochs": args.epochs,
            "steps_per_epoch": steps_per_epoch,
            "total_steps": args.epochs * steps_per_epoch,
            "train_seconds": round(seconds, 3),
            "data": data.source,
            "probes": {"file": recorder.save_probes(), "description": probes.description},
            "history": {
                "epoch": list(range(1, history.epochs + 1)),
                "train_cost": history.train_cost,
                "val_accuracy": history.val_accuracy,
            },
            "snapshots": recorder.entries,
            "landscape": None,
            "experiments": None,
        }
        if data.X_test is not None:
            manifest["test_accuracy"] = net.accuracy(data.X_test, data.y_test)
        atomic_write_json(work / "manifest.json", manifest)
        final = recorder.entries[-1]
        say(f"trained {args.epochs} epochs in {seconds:.1f} s: validation accuracy {final['val_accuracy']:.1%}, "
            f"{len(recorder.entries)} snapshots")

        if experiments:
            t0 = time.perf_counter()
            manifest["experiments"] = _record_experiments(args, work, run_id, data, dense, true_train_accuracy)
            atomic_write_json(work / "manifest.json", manifest)
            say(f"experiments (dense early steps, gradient-ascent inputs, shuffled labels) in "
                f"{time.perf_counter() - t0:.1f} s")

        if args.landscape_grid > 0:
            t0 = time.perf_counter()
            arrays = compute_landscape(load_run(work), data.X_train, data.Y_train, grid=args.landscape_grid, seed=args.seed)
            atomic_save_npz(work / "landscape.npz", {**arrays, "run_id": np.array(run_id)})
            manifest["landscape"] = {"file": "landscape.npz", "method": METHOD, "grid": args.landscape_grid,
                                     "explained_variance": [float(v) for v in arrays["explained_variance"]]}
            atomic_write_json(work / "manifest.json", manifest)
            say(f"cost landscape {args.landscape_grid}x{args.landscape_grid} in {time.perf_counter() - t0:.1f} s")
        load_run(work)  # validate everything once before it replaces anything

        with HeldInterrupt(out):  # a Ctrl-C now waits until the new run is whole at out
            swap_in(work, out)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return out


def _record_experiments(args: argparse.Namespace, work: Path, run_id: str, data, dense: DenseRecorder,
                        true_train_accuracy: list[float]) -> dict:
    """Write dense.npz, dreams.npz and shuffled.npz into ``work``; their manifest entry."""
    rid = {"run_id": np.array(run_id)}
    entry: dict = {"dense": None}
    if dense.rows:
        atomic_save_npz(work / "dense.npz", {**dense.arrays(), **rid})
        entry["dense"] = {"file": "dense.npz", "steps": len(dense.rows),
                          "description": "every step from 0: parameters, the mini-batch gradient, the mini-batch "
                                         "rows and their activations, batch cost, held-out accuracy"}
    final = load_run(work).network(-1)
    atomic_save_npz(work / "dreams.npz", {**dream_inputs(final, args.seed), **rid})
    entry["dreams"] = {"file": "dreams.npz", "objective": "z_k", "iterations": DREAM_ITERATIONS,
                       "first_step_size": DREAM_STEP, "start": DREAM_START,
                       "description": "projected gradient ascent with backtracking of output k's weighted input "
                                      "z_k over inputs in [0, 1], on the final parameters"}
    shuffled = shuffled_label_run(args.sizes, args.activation, args.cost, data.X_train, data.y_train, data.X_val,
                                  data.y_val, args.epochs, args.batch_size, args.lr, args.seed)
    shuffled["true_train_accuracy"] = np.array(true_train_accuracy)
    atomic_save_npz(work / "shuffled.npz", {**shuffled, **rid})
    entry["shuffled_labels"] = {"file": "shuffled.npz", "description": SHUFFLE_DESCRIPTION,
                                "final_train_cost": float(shuffled["train_cost"][-1]),
                                "final_val_accuracy": float(shuffled["val_accuracy"][-1])}
    return entry


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        out = run(args)
    except (DataError, IDXError, SnapshotError, TrainingDiverged, OutError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except InterruptedAfterSwap as done:
        print(f"interrupted after the new run was in place: {done.out} holds it", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"interrupted: nothing was written to {args.out}", file=sys.stderr)
        return 130
    except OSError as exc:  # read-only folder, full disk, ...
        where = exc.filename or args.out
        print(f"error: cannot write {where}: {exc.strerror or exc}; check that its folder is writable and has "
              f"free space, or choose another --out (nothing was replaced)", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
