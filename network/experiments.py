"""Three measured experiments recorded with a run, so that rendering never trains.

* **Dense early record** (:class:`DenseRecorder`): every one of the first
  ``DENSE_STEPS`` SGD steps of the run itself: the parameters, that step's
  mini-batch gradient, which training rows the mini-batch used, their
  activations, the mini-batch cost and the held-out accuracy. It observes the
  training read-only (:func:`network.training.train`'s ``observe``), so the
  run's weights are bit-identical with or without it.
* **Gradient ascent on the input** (:func:`dream_inputs`): for each output
  ``k``, the 784-pixel input in ``[0, 1]`` that makes the trained network's
  weighted input ``z_k`` of output ``k`` largest, by projected gradient ascent
  with backtracking from a seeded grey start. With sigmoid outputs
  ``a_k = sigma(z_k)`` rises with ``z_k``, so that is the input making output
  ``k`` brightest.
* **Shuffled labels** (:func:`shuffled_label_run`): the same architecture,
  seed and hyperparameters trained on the same training digits with their
  labels randomly permuted; per-epoch training cost and held-out accuracy.

The arrays are written to ``dense.npz``, ``dreams.npz`` and ``shuffled.npz``
(see ``docs/snapshots.md``) and loaded by :mod:`network.loading`.
"""

from __future__ import annotations

import numpy as np

from network.mlp import MLP
from network.mnist import one_hot
from network.training import StepInfo, train

#: Steps of the dense early record: one epoch of the default run (4,000 digits in mini-batches of 10).
DENSE_STEPS = 400
#: Iterations of projected gradient ascent per output.
DREAM_ITERATIONS = 200
#: First step size of the ascent (pixels per unit of gradient); backtracking halves it when needed.
DREAM_STEP = 0.05
#: Iterations whose images are kept, to show the ascent under way.
DREAM_SAVED = (0, 1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 120, 160, 200)
#: Second seed stream of the run's seed: the grey start of the ascent.
DREAM_STREAM = 2
#: Third seed stream: the permutation of the training labels.
SHUFFLE_STREAM = 3
DREAM_START = "0.5 plus uniform noise in [-0.05, 0.05] drawn with the run's seed (stream 2), the same for every output"
SHUFFLE_DESCRIPTION = ("the training labels randomly permuted (a permutation drawn with the run's seed, stream 3); "
                       "the same digits, initial weights, mini-batch order and settings as the run")


# ------------------------------------------------------------ dense record
class DenseRecorder:
    """An ``observe`` hook for :func:`network.training.train`: records steps ``0 .. n_steps-1``.

    For each step ``t`` (before update ``t + 1``) it keeps, float32: ``W{l}``
    ``(n_out, n_in)`` and ``b{l}`` after ``t`` updates, ``grad_W{l}`` /
    ``grad_b{l}`` the mean-cost gradient on the step's mini-batch,
    ``batch_a{l}`` ``(batch, n_l)`` the mini-batch's activations for
    ``l = 1 .. L``; and ``batch_indices`` (rows of the training split),
    ``batch_cost`` and ``val_accuracy`` (held-out, at these parameters).
    """

    def __init__(self, n_steps: int, X_train: np.ndarray, X_val: np.ndarray, y_val: np.ndarray) -> None:
        self.n_steps = int(n_steps)
        self.X_train = np.asarray(X_train)
        self.X_val, self.y_val = X_val, y_val
        self.rows: list[dict[str, np.ndarray]] = []

    def __call__(self, info: StepInfo) -> None:
        net = info.net
        if info.step != len(self.rows):
            raise RuntimeError(f"dense record: expected step {len(self.rows)}, got {info.step}")
        _, acts = net.forward(self.X_train[info.batch_indices])
        f32 = lambda a: np.array(a, dtype=np.float32)  # noqa: E731 (a copy: training updates in place)
        row = {"batch_indices": np.asarray(info.batch_indices, dtype=np.int64),
               "batch_cost": np.float64(info.batch_cost),
               "val_accuracy": np.float64(net.accuracy(self.X_val, self.y_val))}
        for l in range(net.n_layers):
            row[f"W{l}"] = f32(net.weights[l])
            row[f"b{l}"] = f32(net.biases[l])
            row[f"grad_W{l}"] = f32(info.nabla_w[l])
            row[f"grad_b{l}"] = f32(info.nabla_b[l])
            row[f"batch_a{l + 1}"] = f32(acts[l + 1])
        self.rows.append(row)

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything stacked along a first axis of length ``n`` (recorded steps), plus ``steps``."""
        if not self.rows:
            raise RuntimeError("dense record: no step was recorded")
        out = {key: np.stack([r[key] for r in self.rows]) for key in self.rows[0]}
        out["steps"] = np.arange(len(self.rows), dtype=np.int64)
        return out


# ------------------------------------------------------- gradient ascent
def output_z_and_input_gradient(net: MLP, x: np.ndarray, k: int) -> tuple[float, np.ndarray]:
    """``z_k`` (weighted input of output ``k``) at input ``x`` ``(784,)`` and ``dz_k/dx`` ``(784,)``.

    Backpropagation with ``delta = e_k`` at the output's weighted input:
    ``dz_k/da_l = delta W[l]``, then ``delta = dz_k/da_l * sigma'(z)`` below.
    """
    zs, acts = net.forward(x)
    delta = np.zeros((1, net.sizes[-1]), dtype=acts[-1].dtype)
    delta[0, k] = 1.0
    for l in range(net.n_layers - 1, 0, -1):
        delta = (delta @ net.weights[l]) * net._act_prime(acts[l])
    return float(zs[-1][0, k]), (delta @ net.weights[0])[0]


def ascend_input(net: MLP, k: int, x0: np.ndarray, iterations: int = DREAM_ITERATIONS, step: float = DREAM_STEP,
                 saved: tuple[int, ...] = DREAM_SAVED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Projected gradient ascent of ``z_k`` over inputs in ``[0, 1]^784``.

    Each iteration tries ``x' = clip(x + eta * dz_k/dx, 0, 1)``; if ``z_k``
    would fall, ``eta`` is halved until it does not (up to 30 times, else the
    iteration keeps ``x``); after an accepted move ``eta`` grows by 1.5. So the
    objective never decreases.

    Returns
    -------
    x, objective, path
        The final input ``(784,)``; ``z_k`` after each iteration
        ``(iterations + 1,)`` (index 0 at ``x0``); the inputs at the
        iterations ``saved`` ``(len(saved), 784)``.
    """
    x = np.clip(np.asarray(x0, dtype=np.float64), 0.0, 1.0)
    z, g = output_z_and_input_gradient(net, x, k)
    objective, path = [z], {0: x.copy()}
    eta = step
    for it in range(1, iterations + 1):
        for _ in range(30):
            trial = np.clip(x + eta * g, 0.0, 1.0)
            z_trial, g_trial = output_z_and_input_gradient(net, trial, k)
            if z_trial >= z:
                x, z, g = trial, z_trial, g_trial
                eta *= 1.5
                break
            eta *= 0.5
        objective.append(z)
        if it in saved:
            path[it] = x.copy()
    return x, np.array(objective), np.stack([path[i] for i in saved if i in path])


def dream_inputs(net: MLP, seed: int, iterations: int = DREAM_ITERATIONS) -> dict[str, np.ndarray]:
    """For every output ``k``, the input that maximises ``z_k`` (see :func:`ascend_input`).

    Returns arrays: ``start`` ``(784,)``; ``images`` ``(n_out, 784)``;
    ``outputs`` ``(n_out, n_out)`` (row ``k``: the output activations at
    image ``k``); ``objective`` ``(n_out, iterations + 1)``; ``saved_iterations``
    ``(s,)`` and ``path`` ``(n_out, s, 784)``.
    """
    rng = np.random.default_rng((seed, DREAM_STREAM))
    start = 0.5 + rng.uniform(-0.05, 0.05, size=net.sizes[0])
    saved = tuple(i for i in DREAM_SAVED if i <= iterations)
    images, objectives, paths = [], [], []
    for k in range(net.sizes[-1]):
        x, objective, path = ascend_input(net, k, start, iterations, saved=saved)
        images.append(x)
        objectives.append(objective)
        paths.append(path)
    images = np.array(images)
    return {"start": start.astype(np.float32), "images": images.astype(np.float32),
            "outputs": net.predict(images).astype(np.float32), "objective": np.array(objectives),
            "saved_iterations": np.array(saved, dtype=np.int64), "path": np.array(paths, dtype=np.float32)}


# --------------------------------------------------------- shuffled labels
def shuffled_labels(y_train: np.ndarray, seed: int) -> np.ndarray:
    """The training labels under the seeded random permutation (same counts per class)."""
    y = np.asarray(y_train)
    return y[np.random.default_rng((seed, SHUFFLE_STREAM)).permutation(len(y))]


def shuffled_label_run(sizes: list[int], activation: str, cost: str, X_train: np.ndarray, y_train: np.ndarray,
                       X_val: np.ndarray, y_val: np.ndarray, epochs: int, batch_size: int, lr: float,
                       seed: int) -> dict[str, np.ndarray]:
    """Train the run's network again on the same digits with permuted labels.

    Returns arrays (epoch ``e = 1 .. epochs`` at index ``e - 1``):
    ``labels`` ``(n_train,)`` the permuted labels; ``train_cost`` the mean
    mini-batch cost of each epoch (as the run's ``history``); ``train_accuracy``
    the fraction of training digits whose brightest output is their
    (permuted) label after each epoch; ``val_accuracy`` held-out accuracy
    against the true labels; ``initial_train_cost`` ``()`` the cost over the
    whole training split, permuted labels, before training.
    """
    labels = shuffled_labels(y_train, seed)
    Y = one_hot(labels)
    net = MLP(sizes, activation=activation, cost=cost, seed=seed)
    initial = net.cost_value(X_train, Y)
    train_accuracy: list[float] = []
    history = train(net, X_train, Y, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed, X_val=X_val,
                    y_val=y_val, on_epoch=lambda e, n: train_accuracy.append(n.accuracy(X_train, labels)))
    return {"labels": labels.astype(np.int64), "train_cost": np.array(history.train_cost),
            "train_accuracy": np.array(train_accuracy), "val_accuracy": np.array(history.val_accuracy),
            "initial_train_cost": np.float64(initial)}
