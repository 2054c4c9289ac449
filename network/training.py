"""Mini-batch stochastic gradient descent, vectorised over the batch."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Collection

import numpy as np

from network.mlp import MLP


class TrainingDiverged(RuntimeError):
    """The cost became NaN or infinite."""


@dataclass
class StepInfo:
    """What a recording callback sees, just before update number ``step + 1``.

    ``net`` holds the parameters after ``step`` updates; ``nabla_w``/``nabla_b``
    are the mean-cost gradients on the mini-batch ``batch_indices`` (rows of
    the training arrays) at those parameters, i.e. the gradient the next
    update uses. The final call (``step == total_steps``) uses a mini-batch
    drawn as the first of a would-be next epoch.
    """

    step: int
    epoch: float
    net: MLP
    batch_indices: np.ndarray
    nabla_w: list[np.ndarray]
    nabla_b: list[np.ndarray]
    batch_cost: float


@dataclass
class History:
    """Per-epoch record of a training run (index ``i`` = after epoch ``i + 1``)."""

    train_cost: list[float] = field(default_factory=list)  # mean mini-batch cost over the epoch
    val_accuracy: list[float] = field(default_factory=list)  # empty without validation data
    seconds: list[float] = field(default_factory=list)  # wall time of the epoch

    @property
    def epochs(self) -> int:
        return len(self.train_cost)


def train(
    net: MLP,
    X: np.ndarray,
    Y: np.ndarray,
    epochs: int = 30,
    batch_size: int = 10,
    lr: float = 1.0,
    seed: int = 0,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    callback: Callable[[StepInfo], None] | None = None,
    record_steps: Collection[int] | None = None,
    progress: bool = False,
    dtype: str | np.dtype = "float32",
    observe: Callable[[StepInfo], None] | None = None,
    observe_steps: int = 0,
    on_epoch: Callable[[int, MLP], None] | None = None,
) -> History:
    """Train ``net`` in place with mini-batch SGD: ``theta -= lr * grad``.

    Parameters
    ----------
    net
        The network; its parameters are updated in place.
    X, Y
        Training inputs ``(n, n_in)`` and one-hot targets ``(n, n_out)``.
    epochs, batch_size, lr
        Passes over the data, rows per mini-batch (the last, smaller batch of
        an epoch is dropped so every step sees ``batch_size`` rows), step size.
    seed
        Seeds the shuffling; the same seed and data give the same run.
    X_val, y_val
        Optional validation inputs and integer labels, scored after each epoch.
    callback, record_steps
        ``callback(StepInfo)`` is called before the update at every step in
        ``record_steps`` (all steps if ``None``), and once after the last one.
    progress
        Show a progress bar (tqdm) over the steps.
    observe, observe_steps
        ``observe(StepInfo)`` is called before the update of every step below
        ``observe_steps``, read-only: it never changes which arithmetic an
        update uses, so a run trains bit-identical weights with or without it
        (the dense early record of :mod:`network.experiments`).
    on_epoch
        ``on_epoch(epoch, net)`` after each epoch (``epoch`` counts from 1),
        read-only like ``observe``.
    dtype
        Arithmetic precision of training. ``net``'s parameters are converted
        to it in place; float32 (default) is about 1.5x faster than float64
        on these tiny matrices and loses nothing that matters here.

    Raises
    ------
    TrainingDiverged
        When a mini-batch cost becomes NaN or infinite.
    """
    net.astype(dtype)
    X = np.ascontiguousarray(X, dtype=dtype)
    Y = np.ascontiguousarray(Y, dtype=dtype)
    n = X.shape[0]
    if Y.shape[0] != n:
        raise ValueError(f"X has {n} rows but Y has {Y.shape[0]}")
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be between 1 and the number of rows ({n}), got {batch_size}")
    steps_per_epoch = n // batch_size
    total = epochs * steps_per_epoch
    wanted = None if record_steps is None else set(int(s) for s in record_steps)
    rng = np.random.default_rng(seed)
    cost = net._cost
    history = History()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="step", desc="training", leave=False)
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught in the loop, with a clear message
            step = _run_epochs(net, X, Y, epochs, batch_size, lr, rng, steps_per_epoch, callback, wanted,
                               X_val, y_val, history, bar, (observe, observe_steps, on_epoch))
    finally:
        if bar is not None:
            bar.close()
    if callback is not None:
        idx = rng.permutation(n)[:batch_size]
        _, activations = net.forward(X[idx])
        nabla_w, nabla_b = net.backprop_from(activations, Y[idx])
        batch_cost = cost.mean(activations[-1], Y[idx])
        callback(StepInfo(step, step / steps_per_epoch, net, idx, nabla_w, nabla_b, batch_cost))
    return history


def _check_finite(batch_cost: float, step: int, epoch: int, lr: float) -> None:
    if not math.isfinite(batch_cost):  # math, not numpy: called every step, ~50x cheaper on a scalar
        raise TrainingDiverged(
            f"training diverged at step {step} (epoch {epoch + 1}): the mini-batch cost is "
            f"{batch_cost}; lower the learning rate (now {lr})"
        )


def _observe_step(net, observe, step, steps_per_epoch, idx, xb, yb) -> None:
    """Call ``observe`` with the gradient at the current parameters; changes nothing."""
    _, activations = net.forward(xb)
    nabla_w, nabla_b = net.backprop_from(activations, yb)
    observe(StepInfo(step, step / steps_per_epoch, net, idx, nabla_w, nabla_b,
                     net._cost.mean(activations[-1], yb)))


def _run_epochs(net, X, Y, epochs, batch_size, lr, rng, steps_per_epoch, callback, wanted, X_val, y_val, history, bar,
                observers=(None, 0, None)):
    """The SGD loop of :func:`train`; returns the number of steps taken."""
    n, cost = X.shape[0], net._cost
    observe, observe_steps, on_epoch = observers
    lr = X.dtype.type(lr)  # keeps float32 arithmetic in float32
    step = 0
    for epoch in range(epochs):
        t0 = time.perf_counter()
        order = rng.permutation(n)
        epoch_cost = 0.0
        for start in range(0, steps_per_epoch * batch_size, batch_size):
            idx = order[start : start + batch_size]
            xb, yb = X.take(idx, axis=0), Y.take(idx, axis=0)  # take: half the time of X[idx]
            if observe is not None and step < observe_steps:
                _observe_step(net, observe, step, steps_per_epoch, idx, xb, yb)
            if callback is not None and (wanted is None or step in wanted):
                # A recorded step: keep the gradients for the callback, then update.
                _, activations = net.forward(xb)
                nabla_w, nabla_b = net.backprop_from(activations, yb)
                batch_cost = cost.mean(activations[-1], yb)
                _check_finite(batch_cost, step, epoch, lr)
                callback(StepInfo(step, step / steps_per_epoch, net, idx, nabla_w, nabla_b, batch_cost))
                for w, b, gw, gb in zip(net.weights, net.biases, nabla_w, nabla_b):
                    w -= lr * gw
                    b -= lr * gb
            else:
                batch_cost = net.sgd_step(xb, yb, lr)
                _check_finite(batch_cost, step, epoch, lr)
            epoch_cost += batch_cost
            step += 1
        if bar is not None:
            bar.update(steps_per_epoch)
        history.train_cost.append(epoch_cost / steps_per_epoch)
        if X_val is not None and y_val is not None:
            history.val_accuracy.append(net.accuracy(X_val, y_val))
            if bar is not None:
                bar.set_postfix(val_acc=f"{history.val_accuracy[-1]:.3f}")
        history.seconds.append(time.perf_counter() - t0)
        if on_epoch is not None:
            on_epoch(epoch + 1, net)
    return step
