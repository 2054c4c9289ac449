"""Run folders: what training records, as typed objects (loaded and validated by :mod:`network.loading`).

A run folder (default ``assets/runs/default``) holds

* ``manifest.json`` — configuration, data source, per-epoch history, and one
  entry per recorded step (see ``docs/snapshots.md`` for every field);
* ``step_NNNNNN.npz`` — one per recorded step: parameters, gradients and the
  probe images' activations, all float32 (loaded with ``allow_pickle=False``);
* ``probes.npz`` — the fixed probe images the activations belong to;
* ``landscape.npz`` — the cost on a 2-D slice of parameter space and the
  projected trajectory (see :mod:`network.landscape`);
* ``dense.npz``, ``dreams.npz``, ``shuffled.npz`` — the three experiments of
  :mod:`network.experiments` (every early step, inputs found by gradient
  ascent, the same network trained on shuffled labels).

Every file is written to a temporary name and renamed into place, so an
interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from network.mlp import MLP

#: 2: every file carries the run's ``run_id``; the data's ``content_sha256`` is recorded.
SCHEMA_VERSION = 2
REPO_ROOT = Path(__file__).resolve().parents[1]
#: Environment variable that points scenes at another run folder.
RUN_ENV = "NN_RUN"


def default_run_path() -> Path:
    """The default run, ``assets/runs/default`` in the repository (what ``make data``
    trains). ``$NN_RUN`` never changes it: see :func:`selected_run_path`."""
    return REPO_ROOT / "assets" / "runs" / "default"


def selected_run_path() -> Path:
    """The run the scenes draw: ``$NN_RUN`` if set, else :func:`default_run_path`."""
    return Path(os.environ.get(RUN_ENV) or default_run_path())


class SnapshotError(ValueError):
    """A run folder or one of its files is missing, malformed or inconsistent."""


# ------------------------------------------------------------------ atomic I/O
def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez`` through a temporary file; refuses object arrays (no pickles)."""
    for key, value in arrays.items():
        if np.asarray(value).dtype == object:
            raise TypeError(f"{path}: field {key!r} is an object array; snapshots hold numbers only")
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(Path(path), (json.dumps(obj, indent=1) + "\n").encode())


# --------------------------------------------------------------- typed objects
@dataclass
class Snapshot:
    """The network at one recorded step.

    ``weights[l]`` is ``(n_out, n_in)``. ``grad_*`` are gradients of the mean
    cost over the step's mini-batch (``batch_indices``, rows of the training
    split) at these parameters, i.e. what the next SGD update uses;
    ``full_grad_*`` are over the whole training split. ``probe_activations[0]``
    are the probe images; ``probe_zs[l]`` and ``probe_activations[l+1]`` belong
    to weight layer ``l``.
    """

    step: int
    epoch: float
    batch_cost: float
    train_cost: float
    val_accuracy: float
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    grad_weights: list[np.ndarray]
    grad_biases: list[np.ndarray]
    full_grad_weights: list[np.ndarray]
    full_grad_biases: list[np.ndarray]
    batch_indices: np.ndarray
    probe_zs: list[np.ndarray]
    probe_activations: list[np.ndarray]
    path: Path | None = None

    def parameter_vector(self) -> np.ndarray:
        """Parameters in :meth:`MLP.parameter_vector` order (float64)."""
        return np.concatenate(
            [p.ravel() for w, b in zip(self.weights, self.biases) for p in (w, b)]
        ).astype(np.float64)


@dataclass
class Probes:
    """The fixed probe images whose activations every snapshot records.

    ``images`` is ``(n, 784)`` in ``[0, 1]``; ``labels[i]`` is the digit, or
    ``-1`` for the uniform-noise probe; ``indices[i]`` is the row in the
    validation split (``-1`` for noise).
    """

    images: np.ndarray
    labels: np.ndarray
    indices: np.ndarray
    description: str = ""

    def of_digit(self, digit: int) -> np.ndarray:
        """Positions (into the probe arrays) of the probes showing ``digit``."""
        return np.flatnonzero(self.labels == digit)

    @property
    def noise(self) -> int:
        """Position of the uniform-noise probe."""
        return int(np.flatnonzero(self.labels == -1)[0])


@dataclass
class Landscape:
    """The true cost on a 2-D slice ``theta = center + x d1 + y d2`` of parameter space.

    ``cost[i, j]`` is at ``(xs[j], ys[i])``. ``trajectory_xy[k]`` is the
    projection of recorded step ``trajectory_steps[k]`` onto the plane;
    ``trajectory_plane_cost`` the cost at that projected point (so the path
    lies on the surface), ``trajectory_cost`` the true cost at the recorded
    parameters. ``sgd_xy``/``full_batch_xy`` are two short descents from the
    untrained network (mini-batch SGD and full-batch gradient descent, same
    learning rate and number of steps) projected the same way; on that plane
    the two nearly coincide.

    ``descent_*`` is a second, local slice that shows the difference, through
    the parameters at ``descent_start_step`` (end of the first epoch), with
    40 SGD and 40 full-batch steps from there: axis 1 is the direction of the
    full-batch descent, axis 2 the main direction of the SGD path's deviation from it;
    ``descent_cost[i, j]`` is at ``(descent_xs[j], descent_ys[i])``, and the
    ``*_cost`` of the paths are on that plane.
    """

    xs: np.ndarray
    ys: np.ndarray
    cost: np.ndarray
    directions: np.ndarray
    center_step: int
    explained_variance: np.ndarray
    trajectory_steps: np.ndarray
    trajectory_xy: np.ndarray
    trajectory_cost: np.ndarray
    trajectory_plane_cost: np.ndarray
    sgd_xy: np.ndarray
    sgd_cost: np.ndarray
    full_batch_xy: np.ndarray
    full_batch_cost: np.ndarray
    descent_start_step: int
    descent_xs: np.ndarray
    descent_ys: np.ndarray
    descent_cost: np.ndarray
    descent_sgd_xy: np.ndarray
    descent_sgd_cost: np.ndarray
    descent_full_xy: np.ndarray
    descent_full_cost: np.ndarray
    method: str = ""
    description: str = ""


@dataclass
class DenseRecord:
    """Every one of the first ``n`` SGD steps of the run (``steps = 0 .. n-1``).

    ``weights[l]`` is ``(n, n_out, n_in)``: row ``t`` after ``t`` updates;
    ``grad_weights[l]`` the mean-cost gradient on step ``t``'s mini-batch at
    those parameters (update ``t + 1`` subtracts ``learning_rate`` times it);
    ``batch_indices`` ``(n, batch)`` rows of the training split;
    ``batch_activations[l]`` ``(n, batch, layer_sizes[l + 1])`` those rows'
    activations; ``batch_cost`` and held-out ``val_accuracy`` ``(n,)``.
    All float32 but the indices and the two ``(n,)`` measurements (float64).
    """

    steps: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    grad_weights: list[np.ndarray]
    grad_biases: list[np.ndarray]
    batch_indices: np.ndarray
    batch_activations: list[np.ndarray]
    batch_cost: np.ndarray
    val_accuracy: np.ndarray

    def __len__(self) -> int:
        return int(self.steps.size)


@dataclass
class Dreams:
    """Inputs found by projected gradient ascent on the trained network, one per output.

    ``images[k]`` ``(784,)`` in ``[0, 1]`` maximises output ``k``'s weighted
    input ``z_k``; ``outputs[k]`` ``(n_out,)`` are the output activations at
    it; ``objective[k]`` ``(iterations + 1,)`` is ``z_k`` after each
    iteration (never decreasing); ``start`` ``(784,)`` the common start;
    ``path[k]`` ``(s, 784)`` the input at iterations ``saved_iterations``;
    ``step`` the recorded step whose parameters were used (the final one).
    """

    start: np.ndarray
    images: np.ndarray
    outputs: np.ndarray
    objective: np.ndarray
    saved_iterations: np.ndarray
    path: np.ndarray
    step: int
    description: str = ""


@dataclass
class ShuffledLabels:
    """The run's network trained again on the same digits with permuted labels.

    Per epoch ``e`` (index ``e - 1``): ``train_cost`` mean mini-batch cost,
    ``train_accuracy`` on its own permuted labels, ``val_accuracy`` held-out
    (true labels); ``true_train_accuracy`` the run's own training accuracy
    (true labels) after each epoch, for comparison. ``labels`` ``(n_train,)``
    the permuted labels; ``initial_train_cost`` the whole-split cost before
    training, on the permuted labels.
    """

    labels: np.ndarray
    train_cost: np.ndarray
    train_accuracy: np.ndarray
    val_accuracy: np.ndarray
    true_train_accuracy: np.ndarray
    initial_train_cost: float
    description: str = ""


@dataclass
class Run:
    """A whole run folder, loaded and validated by :func:`load_run`.

    ``dense``, ``dreams`` and ``shuffled`` are ``None`` for runs trained with
    ``--no-experiments`` (or before they existed).
    """

    path: Path
    manifest: dict
    snapshots: list[Snapshot]
    probes: Probes
    landscape: Landscape | None = None
    history: dict = field(default_factory=dict)
    dense: DenseRecord | None = None
    dreams: Dreams | None = None
    shuffled: ShuffledLabels | None = None

    @property
    def layer_sizes(self) -> list[int]:
        return list(self.manifest["layer_sizes"])

    @property
    def activation(self) -> str:
        return self.manifest["activation"]

    @property
    def cost(self) -> str:
        return self.manifest["cost"]

    @property
    def learning_rate(self) -> float:
        return float(self.manifest["learning_rate"])

    @property
    def batch_size(self) -> int:
        return int(self.manifest["batch_size"])

    @property
    def steps(self) -> list[int]:
        """Recorded step numbers, increasing."""
        return [s.step for s in self.snapshots]

    @property
    def first(self) -> Snapshot:
        """The untrained network (step 0)."""
        return self.snapshots[0]

    @property
    def final(self) -> Snapshot:
        """The trained network (last recorded step)."""
        return self.snapshots[-1]

    def snapshot(self, step: int) -> Snapshot:
        """The snapshot recorded at exactly ``step`` (``-1``: the last one)."""
        if step == -1:
            return self.final
        for s in self.snapshots:
            if s.step == step:
                return s
        raise KeyError(f"step {step} was not recorded in {self.path}; recorded steps: {self.steps[:8]}...")

    def network(self, step: int = -1) -> MLP:
        """An :class:`MLP` holding the parameters of a recorded step."""
        snap = self.snapshot(step)
        return MLP.from_parameters(snap.weights, snap.biases, activation=self.activation, cost=self.cost)
