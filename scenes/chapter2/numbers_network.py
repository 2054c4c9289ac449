"""Chapter 2's numbers about the whole network (continued from :mod:`scenes.chapter2.numbers`):
which weights matter, the recorded descent loop, and the cost a step function would give.
Pure functions of the run, tested in tests/test_chapter2.py. Nothing is trained here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from scenes.data import get_dataset, get_run
from scenes.chapter2.numbers import flat


# ------------------------------------------------------------------ which weights matter
#: How far each of the two weights is nudged downhill in the "matters" scene.
MATTER_NUDGE = 0.1


@dataclass
class WeightPair:
    """The weight whose full-batch gradient entry is largest, and the hidden-to-later weight
    whose entry is smallest, at a recorded step.

    ``big``/``small`` are ``(layer, j, k)``: the weight from neuron ``k`` of layer ``layer`` into
    neuron ``j`` of layer ``layer + 1``; ``grads`` their entries ``dC/dw``; ``drops`` how much the
    mean training cost changes (exactly, not linearised) when each alone is moved
    ``MATTER_NUDGE`` against its gradient's sign.
    """

    step: int
    big: tuple[int, int, int]
    small: tuple[int, int, int]
    grads: tuple[float, float]
    drops: tuple[float, float]

    @property
    def ratio(self) -> float:
        return abs(self.grads[0]) / abs(self.grads[1])


@lru_cache(maxsize=None)
def weight_pair(step: int = 0, nudge: float = MATTER_NUDGE) -> WeightPair:
    """See :class:`WeightPair`; ``small`` is looked for in the weight layers after the first (whose
    entries for always-blank pixels are exactly 0)."""
    run, data = get_run(), get_dataset()
    snap = run.snapshot(step)
    grads = [g.astype(np.float64) for g in snap.full_grad_weights]
    big_l = int(np.argmax([np.abs(g).max() for g in grads]))
    big = (big_l, *map(int, np.unravel_index(np.abs(grads[big_l]).argmax(), grads[big_l].shape)))
    later = range(1, len(grads)) if len(grads) > 1 else range(len(grads))
    # The smallest entry that is not exactly 0 (ReLU's dead neurons have exact zeros: "hardly matters"
    # must still be a number to compare with).
    nonzero = [np.where(np.abs(g) > 0, np.abs(g), np.inf) for g in grads]
    small_l = min(later, key=lambda l: nonzero[l].min())
    small = (small_l, *map(int, np.unravel_index(nonzero[small_l].argmin(), grads[small_l].shape)))
    net = run.network(step)
    base = net.cost_value(data.X_train, data.Y_train)
    drops = []
    for l, j, k in (big, small):
        moved = net.copy()
        moved.weights[l][j, k] -= nudge * np.sign(grads[l][j, k])
        drops.append(moved.cost_value(data.X_train, data.Y_train) - base)
    return WeightPair(step, big, small, (float(grads[big[0]][big[1:]]), float(grads[small[0]][small[1:]])),
                      (float(drops[0]), float(drops[1])))


# ------------------------------------------------------------------ the descent loop, recorded
def loop_steps(n: int = 8) -> list[int]:
    """The first ``n + 1`` consecutive recorded steps from 0 (each one SGD update after the last)."""
    steps = get_run().steps
    out = [0]
    for s in steps[1:]:
        if s != out[-1] + 1 or len(out) > n:
            break
        out.append(s)
    return out


# ------------------------------------------------------------------ a step function instead of sigmoid
def _unflat(theta: np.ndarray, sizes: list[int]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    ws, bs, i = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        ws.append(theta[i : i + n_in * n_out].reshape(n_out, n_in))
        i += n_in * n_out
        bs.append(theta[i : i + n_out])
        i += n_out
    return ws, bs


def step_cost(theta: np.ndarray, X: np.ndarray, Y: np.ndarray) -> float:
    """Mean quadratic cost of the network ``theta`` with every sigmoid replaced by a step
    (1 where ``z > 0``, else 0). ``X`` is ``(n, 784)``, ``Y`` one-hot ``(n, 10)``."""
    ws, bs = _unflat(np.asarray(theta, dtype=np.float64), get_run().layer_sizes)
    a = np.asarray(X, dtype=np.float64)
    for w, b in zip(ws, bs):
        a = (a @ w.T + b > 0).astype(np.float64)
    return float(np.mean(np.sum((a - Y) ** 2, axis=1)))


@lru_cache(maxsize=None)
def _line() -> tuple[np.ndarray, np.ndarray]:
    run = get_run()
    return flat(run.final.weights, run.final.biases), run.landscape.directions[0].astype(np.float64)


def step_cost_along_line(ts: np.ndarray) -> np.ndarray:
    """The step network's mean training cost at ``theta* + t d1`` (the one-variable scene's line)."""
    data = get_dataset()
    theta, d = _line()
    return np.array([step_cost(theta + float(t) * d, data.X_train, data.Y_train) for t in np.atleast_1d(ts)])


def flat_share(costs: np.ndarray) -> float:
    """Share of neighbouring samples between which the cost does not change at all."""
    c = np.asarray(costs, dtype=float)
    return float(np.mean(np.diff(c) == 0))
