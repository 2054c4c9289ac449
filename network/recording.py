"""Recording snapshots during training: the schedule, the probes, the writer."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from network.snapshots import Probes, atomic_save_npz
from network.training import StepInfo

PROBES_PER_DIGIT = 3
PROBES_DESCRIPTION = (
    "the first 3 validation digits of each class 0-9, in class order (30 images), "
    "then one image of uniform noise in [0, 1] (label -1) drawn with the run's seed"
)


def record_schedule(total_steps: int, steps_per_epoch: int, dense: int = 16, geometric: int = 40) -> list[int]:
    """Which steps to snapshot: dense early, sparse late.

    Every step up to ``dense``, ``geometric`` steps spaced geometrically up to
    the end, the end of each of the first 10 epochs and of every 5th epoch
    after that, and the final step.
    """
    steps = set(range(min(dense, total_steps) + 1))
    if total_steps > 1:
        steps.update(int(round(s)) for s in np.geomspace(1, total_steps, geometric))
    epochs = total_steps // steps_per_epoch
    steps.update(e * steps_per_epoch for e in range(1, epochs + 1) if e <= 10 or e % 5 == 0)
    steps.add(total_steps)
    return sorted(steps)


def choose_probes(X_val: np.ndarray, y_val: np.ndarray, seed: int, per_digit: int = PROBES_PER_DIGIT) -> Probes:
    """The fixed probe set described by :data:`PROBES_DESCRIPTION`."""
    indices = np.concatenate([np.flatnonzero(y_val == d)[:per_digit] for d in range(10)])
    noise = np.random.default_rng(seed).uniform(0.0, 1.0, size=(1, X_val.shape[1]))
    images = np.vstack([X_val[indices], noise]).astype(np.float32)
    labels = np.concatenate([y_val[indices], [-1]]).astype(np.int64)
    return Probes(images, labels, np.concatenate([indices, [-1]]).astype(np.int64), PROBES_DESCRIPTION)


class SnapshotRecorder:
    """A :func:`network.train` callback that writes ``step_NNNNNN.npz`` files,
    each carrying the run's ``run_id`` (checked by :func:`network.load_run`).

    For each recorded step it also measures the cost and gradient over the
    whole training split and the validation accuracy, and keeps the manifest
    entries in :attr:`entries`.
    """

    def __init__(self, directory: Path, X_train, Y_train, X_val, y_val, probes: Probes, run_id: str) -> None:
        self.directory = Path(directory)
        self.run_id = run_id
        self.X_train = np.asarray(X_train)
        self.Y_train = np.asarray(Y_train)
        self.X_val, self.y_val = X_val, y_val
        self.probes = probes
        self.entries: list[dict] = []

    def save_probes(self, name: str = "probes.npz") -> str:
        atomic_save_npz(
            self.directory / name,
            {"images": self.probes.images, "labels": self.probes.labels, "indices": self.probes.indices,
             "run_id": np.array(self.run_id)},
        )
        return name

    def __call__(self, info: StepInfo) -> None:
        net = info.net
        _, full_acts = net.forward(self.X_train)
        train_cost = net._cost.mean(full_acts[-1], self.Y_train)
        full_w, full_b = net.backprop_from(full_acts, self.Y_train)
        probe_zs, probe_acts = net.forward(self.probes.images)
        f32 = lambda a: np.asarray(a, dtype=np.float32)  # noqa: E731
        arrays: dict[str, np.ndarray] = {"batch_indices": np.asarray(info.batch_indices, dtype=np.int64),
                                         "run_id": np.array(self.run_id)}
        for l in range(net.n_layers):
            arrays[f"W{l}"] = f32(net.weights[l])
            arrays[f"b{l}"] = f32(net.biases[l])
            arrays[f"grad_W{l}"] = f32(info.nabla_w[l])
            arrays[f"grad_b{l}"] = f32(info.nabla_b[l])
            arrays[f"full_grad_W{l}"] = f32(full_w[l])
            arrays[f"full_grad_b{l}"] = f32(full_b[l])
            arrays[f"probe_z{l + 1}"] = f32(probe_zs[l])
        for l, a in enumerate(probe_acts):
            arrays[f"probe_a{l}"] = f32(a)
        name = f"step_{info.step:06d}.npz"
        atomic_save_npz(self.directory / name, arrays)
        self.entries.append(
            {
                "step": info.step,
                "epoch": round(info.epoch, 6),
                "batch_cost": info.batch_cost,
                "train_cost": train_cost,
                "val_accuracy": net.accuracy(self.X_val, self.y_val),
                "file": name,
            }
        )
