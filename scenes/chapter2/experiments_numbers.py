"""Numbers for the three recorded experiments of chapter 2 (training live, dreams, shuffled labels).

Small pure functions of the run's recorded arrays (``run.dense``,
``run.dreams``, ``run.shuffled``; see :mod:`network.experiments`), tested in
``tests/test_experiments.py``. Nothing here trains: the experiments were run
by ``python -m network.train`` and recorded with the run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from network import Run
from scenes.data import Needs

#: What each experiment is called in a refusal, by its ``Run`` attribute.
EXPERIMENT_NAMES = {"dense": "dense early record", "dreams": "gradient-ascent inputs",
                    "shuffled": "shuffled-label training"}


@dataclass(frozen=True)
class ExperimentNeeds(Needs):
    """:class:`scenes.data.Needs` plus recorded experiments (``"dense"``, ``"dreams"``, ``"shuffled"``)."""

    experiments: tuple[str, ...] = ()

    def describe(self) -> str:
        base = super().describe()
        extra = ", ".join(f"a recorded {EXPERIMENT_NAMES[e]}" for e in self.experiments)
        return ", ".join(p for p in (base if base != "any run" else "", extra) if p) or "any run"

    def unmet(self, run: Run) -> list[str]:
        problems = super().unmet(run)
        missing = [EXPERIMENT_NAMES[e] for e in self.experiments if getattr(run, e, None) is None]
        if missing:
            problems.append(f"it has no {' or '.join(missing)} (trained with --no-experiments, or before they "
                            "existed: re-train it)")
        return problems


# ------------------------------------------------------------ training live
def played_steps(n_recorded: int, slow: int, fast_frames: int) -> np.ndarray:
    """Which recorded steps the fast part of the live scene shows, one per frame.

    After the ``slow`` steps shown one by one, ``fast_frames`` frames cover the
    rest of the ``n_recorded`` steps in order: each frame shows one whole
    recorded step (never a blend of two); when there are more steps than
    frames some steps are skipped, never repeated out of order.
    """
    if n_recorded <= slow:
        return np.arange(0)
    return np.unique(np.linspace(slow, n_recorded - 1, max(1, fast_frames)).round().astype(int))


def sweep_schedule(steps: np.ndarray, n_layers: int, weight_phases: int = 2) -> np.ndarray:
    """Frames of the live stream: ``(len(steps) * (weight_phases + n_layers), 2)`` rows ``(step, mode)``.

    Each shown step first holds its own weights for ``weight_phases`` rows
    (``mode = -1``), then its own backward sweep: ``mode = n_layers - 1``
    down to ``0``, where layers ``>= mode`` show that step's nudge. Steps stay
    in order and every row belongs to exactly one recorded step.
    """
    modes = np.concatenate([np.full(weight_phases, -1), np.arange(n_layers - 1, -1, -1)])
    steps = np.asarray(steps, dtype=int)
    return np.stack([np.repeat(steps, len(modes)), np.tile(modes, len(steps))], axis=1)


def edge_raster(ys_in: np.ndarray, ys_out: np.ndarray, width_px: int, height_px: int) -> sparse.csr_matrix:
    """How the lines of a fully connected layer cover the pixels of an image.

    Line ``(j, k)`` runs from the left edge at height ``ys_in[k]`` to the right
    edge at ``ys_out[j]`` (heights in pixels, 0 at the top). Returns a sparse
    ``(height_px * width_px, n_out * n_in)`` matrix ``M``; ``M @ values``
    (values in edge order ``j * n_in + k``, like ``W.ravel()``) is the image of
    all the lines, each pixel the sum of the lines through it (one sample per
    pixel column, split between the two nearest rows).
    """
    n_in, n_out = len(ys_in), len(ys_out)
    t = (np.arange(width_px) + 0.5) / width_px
    y0 = np.broadcast_to(np.asarray(ys_in, dtype=float)[None, :], (n_out, n_in)).ravel()
    y1 = np.broadcast_to(np.asarray(ys_out, dtype=float)[:, None], (n_out, n_in)).ravel()
    y = y0[:, None] + (y1 - y0)[:, None] * t[None, :]  # (edges, width)
    row = np.clip(np.floor(y), 0, height_px - 2).astype(np.int64)
    frac = np.clip(y - row, 0.0, 1.0)
    edge = np.broadcast_to(np.arange(n_in * n_out)[:, None], y.shape)
    col = np.broadcast_to(np.arange(width_px)[None, :], y.shape)
    pixels = np.concatenate([(row * width_px + col).ravel(), ((row + 1) * width_px + col).ravel()])
    weights = np.concatenate([(1 - frac).ravel(), frac.ravel()])
    edges = np.concatenate([edge.ravel(), edge.ravel()])
    return sparse.csr_matrix((weights, (pixels, edges)), shape=(height_px * width_px, n_in * n_out))


def signed_raster_rgb(M: sparse.csr_matrix, values: np.ndarray, vmax: float, shape: tuple[int, int],
                      positive: np.ndarray, negative: np.ndarray, gain: float, power: float = 1.0) -> np.ndarray:
    """The lines of :func:`edge_raster` coloured by ``values`` (sign: colour, size: brightness).

    Each line adds ``gain * (|v| / vmax) ** power`` of its colour to the
    pixels it crosses (``power > 1`` lets the strong lines stand out of the
    thousands of weak ones); the sum is tone-mapped by ``1 - exp(-s)`` so that crowded
    pixels saturate smoothly. Returns ``(height, width, 4)`` uint8 RGBA, the
    opacity of a pixel its brightest channel (dark pixels are see-through).
    """
    v = np.asarray(values, dtype=float).ravel() / (vmax or 1.0)
    v = np.sign(v) * np.clip(np.abs(v), 0, 1) ** power * gain
    pos = M @ np.maximum(v, 0)
    neg = M @ np.maximum(-v, 0)
    light = 1 - np.exp(-(pos[:, None] * positive[None, :] + neg[:, None] * negative[None, :]))
    alpha = light.max(axis=1)
    rgba = np.concatenate([light / np.maximum(alpha, 1e-9)[:, None], alpha[:, None]], axis=1)
    return (np.clip(rgba, 0, 1) * 255).astype(np.uint8).reshape(*shape, 4)


# ------------------------------------------------------------ dreams
@dataclass(frozen=True)
class DreamSummary:
    """What the ten inputs found by gradient ascent make the trained network answer.

    ``own[k]``: output ``k``'s activation at input ``k``; ``answer[k]``: the
    brightest output there; ``hits``: outputs that are the brightest at their
    own input; ``real_own[k]``: output ``k`` at the first held-out real ``k``
    (a probe) with the same network.
    """

    own: np.ndarray
    answer: np.ndarray
    hits: tuple[int, ...]
    real_own: np.ndarray
    real_probe: np.ndarray


def dream_summary(run: Run) -> DreamSummary:
    """:class:`DreamSummary` from ``run.dreams`` and the final snapshot's probe activations."""
    d = run.dreams
    n = d.outputs.shape[0]
    own = np.diag(d.outputs).astype(float)
    answer = d.outputs.argmax(axis=1)
    probes = np.array([run.probes.of_digit(k)[0] for k in range(n)])
    real_out = run.final.probe_activations[-1][probes]
    return DreamSummary(own=own, answer=answer, hits=tuple(int(k) for k in range(n) if answer[k] == k),
                        real_own=real_out[np.arange(n), np.arange(n)].astype(float), real_probe=probes)


# ------------------------------------------------------------ shuffled labels
@dataclass(frozen=True)
class Curves:
    """Both learning curves, epoch 0 (before training) to the end.

    ``cost_*``: training cost (epoch 0: over the whole training split; then
    the mean mini-batch cost of each epoch, as the run's history);
    ``acc_*``: held-out accuracy in percent; ``train_acc_*``: percent of
    training digits answered with the label they were trained on.
    """

    epochs: np.ndarray
    cost_true: np.ndarray
    cost_shuffled: np.ndarray
    acc_true: np.ndarray
    acc_shuffled: np.ndarray
    train_acc_true: float
    train_acc_shuffled: float


def learning_curves(run: Run) -> Curves:
    """:class:`Curves` from the run's history and ``run.shuffled`` (same network at epoch 0)."""
    sh, hist = run.shuffled, run.history
    epochs = np.concatenate([[0], np.asarray(hist["epoch"], dtype=float)])
    acc0 = 100 * run.first.val_accuracy  # both trainings start from the same seeded network
    return Curves(
        epochs=epochs,
        cost_true=np.concatenate([[run.first.train_cost], np.asarray(hist["train_cost"], dtype=float)]),
        cost_shuffled=np.concatenate([[sh.initial_train_cost], sh.train_cost]),
        acc_true=np.concatenate([[acc0], 100 * np.asarray(hist["val_accuracy"], dtype=float)]),
        acc_shuffled=np.concatenate([[acc0], 100 * sh.val_accuracy]),
        train_acc_true=100 * float(sh.true_train_accuracy[-1]),
        train_acc_shuffled=100 * float(sh.train_accuracy[-1]),
    )


def epochs_to_reach(cost: np.ndarray, epochs: np.ndarray, level: float) -> float | None:
    """The first epoch whose cost is at or below ``level`` (None if never)."""
    hit = np.flatnonzero(np.asarray(cost) <= level)
    return float(epochs[hit[0]]) if hit.size else None
