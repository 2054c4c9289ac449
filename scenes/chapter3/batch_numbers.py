"""Chapter 3's numbers about the gradient of the whole cost, not of one example.

Where :mod:`scenes.chapter3.numbers` follows one training 2 backwards through
the network, this module looks at the gradient the run actually stepped with:

* the recap's labelled toy cost and the recorded mini-batch gradient of
  :data:`STEP` read as one long list of sensitivities (:func:`gradient_list`);
* every example of that mini-batch backpropagated separately and averaged
  (:func:`batch_table`), against the snapshot's recorded gradient;
* how well a mini-batch gradient points along the full one
  (:func:`gradient_cosine`), and the run's recorded full-batch and mini-batch
  descent paths on its cost slice (:func:`descent_race`).

Layer numbers on screen follow the activations (0 input .. 3 output). Nothing
is trained here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from scenes.chapter3.numbers import DIGIT, STEP, Example, desired_biases, the_example
from scenes.data import SceneDataError, get_dataset, get_run


# ============================================================ averaging over the mini-batch
@dataclass
class BatchTable:
    """Per-example desired changes of a few parameters over a recorded mini-batch.

    Attributes
    ----------
    indices, labels
        Rows of ``X_train`` in the batch and their digits.
    names
        MathTex names of the parameters (rows of the table).
    keys
        ``(kind, layer, index)`` with kind ``"w"`` or ``"b"`` and ``index`` a tuple.
    per_example
        ``(n_params, batch)``: minus the gradient of each example's cost.
    average
        Mean over the batch.
    recorded
        Minus the snapshot's recorded mini-batch gradient of the same parameters.
    """

    indices: np.ndarray
    labels: np.ndarray
    names: list[str]
    keys: list[tuple]
    per_example: np.ndarray
    average: np.ndarray
    recorded: np.ndarray


def table_keys(ex: Example) -> list[tuple]:
    """Parameters the averaging table shows: the 2-neuron's bias and its weight from
    the brightest layer-2 neuron, the layer-2 bias the example most wants to
    change, and that neuron's weight from the brightest layer-1 neuron."""
    k = int(np.argmax(ex.acts[2]))
    j1 = int(np.argmax(np.abs(desired_biases(ex)[1])))
    k1 = int(np.argmax(ex.acts[1]))
    return [("b", 2, (DIGIT,)), ("w", 2, (DIGIT, k)), ("b", 1, (j1,)), ("w", 1, (j1, k1))]


def _param(grads_w: list[np.ndarray], grads_b: list[np.ndarray], key: tuple) -> float:
    kind, layer, idx = key
    return float((grads_w if kind == "w" else grads_b)[layer][idx])


def _tex_name(key: tuple) -> str:
    kind, layer, idx = key
    sub = ",".join(str(i) for i in idx)
    return f"{kind}^{{({layer + 1})}}_{{{sub}}}"


@lru_cache(maxsize=None)
def batch_table(step: int = STEP) -> BatchTable:
    """Backprop every example of the recorded mini-batch of ``step`` separately."""
    run, data = get_run(), get_dataset()
    snap = run.snapshot(step)
    net = run.network(step)
    ex = the_example(step)
    keys = table_keys(ex)
    idx = np.asarray(snap.batch_indices, dtype=int)
    per = np.zeros((len(keys), idx.size))
    for c, i in enumerate(idx):
        gw, gb = net.backprop(data.X_train[i : i + 1], data.Y_train[i : i + 1])
        for r, key in enumerate(keys):
            per[r, c] = -_param(gw, gb, key)
    recorded = np.array([-_param(snap.grad_weights, snap.grad_biases, key) for key in keys])
    return BatchTable(idx, data.y_train[idx], [_tex_name(k) for k in keys], keys, per, per.mean(axis=1), recorded)


def gradient_cosine(step: int) -> float:
    """Cosine between a step's mini-batch gradient and its full-training-set gradient."""
    snap = get_run().snapshot(step)
    g = np.concatenate([a.ravel() for a in snap.grad_weights + snap.grad_biases]).astype(float)
    f = np.concatenate([a.ravel() for a in snap.full_grad_weights + snap.full_grad_biases]).astype(float)
    return float(g @ f / (np.linalg.norm(g) * np.linalg.norm(f)))


# ============================================================ recap (a toy, then the real gradient)
#: The labelled toy of the recap: ``C(w1, w2) = TOY_A w1^2 + TOY_B w2^2`` at ``TOY_POINT``.
TOY_A, TOY_B = 16.0, 0.5
TOY_POINT = (1.0, 1.0)
#: How far the recap nudges each toy weight.
TOY_NUDGE = 0.01


def toy_cost(w1: float, w2: float) -> float:
    """The recap's toy cost (not the network's)."""
    return TOY_A * w1 ** 2 + TOY_B * w2 ** 2


def toy_gradient(point: tuple[float, float] = TOY_POINT) -> tuple[float, float]:
    """``(dC/dw1, dC/dw2)`` of :func:`toy_cost` at ``point``."""
    return 2 * TOY_A * point[0], 2 * TOY_B * point[1]


def toy_nudges(point: tuple[float, float] = TOY_POINT, eps: float = TOY_NUDGE) -> tuple[float, float, float]:
    """Cost change from nudging ``w1`` by ``eps``, from nudging ``w2`` by ``eps``, and their ratio."""
    base = toy_cost(*point)
    d1 = toy_cost(point[0] + eps, point[1]) - base
    d2 = toy_cost(point[0], point[1] + eps) - base
    return d1, d2, d1 / d2


def param_name(sizes: list[int] | tuple[int, ...], flat: int) -> str:
    """MathTex name of entry ``flat`` of the parameter vector (all weights, layer by layer,
    then all biases), e.g. ``w^{(3)}_{2,7}``; layers numbered as on screen (1..3)."""
    offset = 0
    for l in range(len(sizes) - 1):
        n = sizes[l + 1] * sizes[l]
        if flat < offset + n:
            j, k = divmod(flat - offset, sizes[l])
            return f"w^{{({l + 1})}}_{{{j},{k}}}"
        offset += n
    for l in range(len(sizes) - 1):
        n = sizes[l + 1]
        if flat < offset + n:
            return f"b^{{({l + 1})}}_{{{flat - offset}}}"
        offset += n
    raise IndexError(f"entry {flat} is beyond the {offset} parameters")


def param_key(sizes: list[int] | tuple[int, ...], flat: int) -> tuple:
    """Entry ``flat`` of the parameter vector as ``(kind, weight layer, index)``."""
    offset = 0
    for l in range(len(sizes) - 1):
        n = sizes[l + 1] * sizes[l]
        if flat < offset + n:
            return ("w", l, divmod(flat - offset, sizes[l]))
        offset += n
    for l in range(len(sizes) - 1):
        if flat < offset + sizes[l + 1]:
            return ("b", l, (flat - offset,))
        offset += sizes[l + 1]
    raise IndexError(f"entry {flat} is beyond the {offset} parameters")


def param_words(sizes: list[int] | tuple[int, ...], flat: int) -> str:
    """Entry ``flat`` of the parameter vector in words, e.g. ``"the bias of output neuron 8"``."""
    name = param_name(sizes, flat)
    layer = int(name[name.index("(") + 1 : name.index(")")])
    idx = name[name.index("_{") + 2 : -1].split(",")

    def neuron(l: int, i: str) -> str:
        if l == 0:
            return f"pixel {i}"
        return f"output neuron {i}" if l == len(sizes) - 1 else f"neuron {i} of layer {l}"

    if name.startswith("b"):
        return f"the bias of {neuron(layer, idx[0])}"
    return f"the weight from {neuron(layer - 1, idx[1])} into {neuron(layer, idx[0])}"


@dataclass
class GradientList:
    """The recorded mini-batch gradient of one step as one list of sensitivities.

    Attributes
    ----------
    magnitudes
        ``|dC/dtheta|`` of every parameter, sorted from largest to smallest.
    top_name, top_value
        The most sensitive parameter (MathTex) and its gradient entry.
    top_words
        That parameter in words (:func:`param_words`).
    top_key
        ``(kind, weight layer, index)`` of that parameter, as in :func:`table_keys`.
    mid_name, mid_value
        The parameter at the median sensitivity and its entry.
    ratio
        ``|top_value| / |mid_value|``.
    zeros
        How many entries are exactly zero (weights from pixels black in every digit of the batch).
    """

    magnitudes: np.ndarray
    top_name: str
    top_value: float
    mid_name: str
    mid_value: float
    ratio: float
    zeros: int
    top_words: str
    top_key: tuple


@lru_cache(maxsize=None)
def gradient_list(step: int = STEP) -> GradientList:
    """The recorded gradient of ``step`` (weights then biases, as :meth:`MLP.parameter_vector`)."""
    run = get_run()
    snap = run.snapshot(step)
    g = np.concatenate([a.ravel() for a in snap.grad_weights] + [a.ravel() for a in snap.grad_biases]).astype(float)
    order = np.argsort(-np.abs(g), kind="stable")
    top, mid = int(order[0]), int(order[g.size // 2])
    return GradientList(np.abs(g)[order], param_name(run.layer_sizes, top), float(g[top]),
                        param_name(run.layer_sizes, mid), float(g[mid]), float(abs(g[top]) / abs(g[mid])), int(np.sum(g == 0)),
                        param_words(run.layer_sizes, top), param_key(run.layer_sizes, top))


# ============================================================ two walkers on the cost slice
@dataclass
class DescentRace:
    """The run's recorded local slice: full-batch and mini-batch descent from the same point.

    Attributes
    ----------
    full_xy, sgd_xy
        ``(steps + 1, 2)`` plane coordinates of each path (``landscape.npz``'s ``descent_*_xy``).
    full_cost, sgd_cost
        ``(steps + 1,)`` cost over all training digits at each point of each path.
    steps, start_step
        Steps per path; the recorded training step both start from.
    n_train, batch_size, ratio
        Digits per full-batch step, per mini-batch step, and ``n_train // batch_size``.
    """

    full_xy: np.ndarray
    sgd_xy: np.ndarray
    full_cost: np.ndarray
    sgd_cost: np.ndarray
    steps: int
    start_step: int
    n_train: int
    batch_size: int
    ratio: int


def descent_race() -> DescentRace:
    """The two recorded descent paths of the run's landscape (nothing recomputed)."""
    run = get_run()
    land = run.landscape
    if land is None:
        raise SceneDataError(f"the run {run.path} has no cost landscape")
    n_train = int(run.manifest["data"]["n_train"])
    return DescentRace(np.asarray(land.descent_full_xy), np.asarray(land.descent_sgd_xy),
                       np.asarray(land.descent_full_cost), np.asarray(land.descent_sgd_cost),
                       len(land.descent_full_xy) - 1, int(land.descent_start_step), n_train, int(run.batch_size),
                       n_train // int(run.batch_size))
