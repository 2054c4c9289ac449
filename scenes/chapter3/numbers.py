"""Chapter 3: "What is backpropagation really doing?", with one real training 2.

Everything comes from the default run (``get_run()``) and its digits
(``get_dataset()``):

* the network is the recorded snapshot :data:`STEP` (step 0, the untrained
  network, whose outputs still look random, as in the lecture);
* the example is the first training 2 of that step's recorded mini-batch, so
  its gradient is one of the ten whose mean the snapshot recorded;
* per-example gradients are ``MLP.backprop`` on that one example; the
  "desired changes" are minus those gradients, also rebuilt by hand as the sum
  of every neuron's wishes and propagated backwards layer by layer.

Layer numbers on screen follow the activations: layer 0 is the input, 1 and
2 are hidden, 3 is the output. Nothing is trained here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from network import MLP
from network.activations import sigmoid_prime_from_a
from scenes.data import SceneDataError, get_dataset, get_run

#: The recorded step whose network and mini-batch the chapter uses (the untrained network).
STEP = 0
#: The digit whose output neuron we want to raise.
DIGIT = 2


# ===================================================================== numbers
@dataclass
class Example:
    """One training example pushed through the snapshot's network.

    Attributes
    ----------
    step, index, label
        Recorded step, row of ``X_train``, digit.
    pixels, y
        The 784 pixels and the one-hot target (10,).
    zs, acts
        ``zs[l]`` (weight layer ``l``) and ``acts[l]`` (layer ``l``; ``acts[0]`` the pixels), 1-D.
    grad_w, grad_b
        ``MLP.backprop`` on this single example (the gradient of its cost ``C0``).
    cost
        ``C0 = sum_j (a_j - y_j)^2``.
    net
        The snapshot's network.
    """

    step: int
    index: int
    label: int
    pixels: np.ndarray
    y: np.ndarray
    zs: list[np.ndarray]
    acts: list[np.ndarray]
    grad_w: list[np.ndarray]
    grad_b: list[np.ndarray]
    cost: float
    net: MLP


@lru_cache(maxsize=None)
def the_example(step: int = STEP, digit: int = DIGIT) -> Example:
    """The first ``digit`` in the recorded mini-batch of ``step``, through that step's network."""
    run, data = get_run(), get_dataset()
    batch = run.snapshot(step).batch_indices
    found = [int(i) for i in batch if data.y_train[i] == digit]
    if not found:
        raise SceneDataError(f"the mini-batch of step {step} of the run {run.path} holds no {digit}, the digit this "
                             "chapter follows; unset NN_RUN to draw the default run")
    index = found[0]
    net = run.network(step)
    x, y = data.X_train[index], data.Y_train[index].astype(float)
    zs, acts = net.forward(x)
    grad_w, grad_b = net.backprop(x[None, :], y[None, :])
    return Example(
        step=step, index=index, label=digit, pixels=x, y=y,
        zs=[z[0] for z in zs], acts=[a[0] for a in acts],
        grad_w=grad_w, grad_b=grad_b,
        cost=float(np.sum((acts[-1][0] - y) ** 2)), net=net,
    )


def output_nudges(ex: Example) -> np.ndarray:
    """How each output should move: ``y - a`` (the arrows' signed lengths)."""
    return ex.y - ex.acts[-1]


def most_wrong(ex: Example) -> int:
    """The wrong digit whose output is farthest from its target (the biggest push down)."""
    gaps = np.abs(output_nudges(ex))
    gaps[ex.label] = -1.0
    return int(np.argmax(gaps))


def wishes(ex: Example, layer: int) -> np.ndarray:
    """What every neuron of ``layer + 1`` wishes for the activations of ``layer``.

    ``wish[j, k] = w_jk * sigma'(z_j) * desired_a_j``: neuron ``j`` of the next
    layer asks activation ``k`` to change in proportion to the weight joining
    them, scaled by how much ``j`` itself wants to change.

    Parameters
    ----------
    ex
        The example.
    layer
        Activation layer whose changes are wished for (``0..2``).

    Returns
    -------
    ndarray
        ``(n_{layer+1}, n_layer)``; summing over rows gives :func:`desired_activations`.
    """
    wanted = desired_activations(ex)[layer + 1]
    dz = sigmoid_prime_from_a(ex.acts[layer + 1]) * wanted
    return ex.net.weights[layer] * dz[:, None]


def desired_activations(ex: Example) -> list[np.ndarray]:
    """Desired change of every layer's activations, propagated backwards by hand.

    Output layer: ``-dC0/da = 2 (y - a)``; every earlier layer: the sum over
    the next layer of :func:`wishes`. ``result[0]`` (the pixels) is included
    for completeness.
    """
    L = ex.net.n_layers
    out: list[np.ndarray] = [None] * (L + 1)  # type: ignore[list-item]
    out[L] = 2.0 * (ex.y - ex.acts[L])
    for l in range(L - 1, -1, -1):
        dz = sigmoid_prime_from_a(ex.acts[l + 1]) * out[l + 1]
        out[l] = ex.net.weights[l].T @ dz
    return out


def desired_biases(ex: Example) -> list[np.ndarray]:
    """Desired bias changes ``sigma'(z) * desired_a`` per weight layer (by hand, no backprop)."""
    wanted = desired_activations(ex)
    return [sigmoid_prime_from_a(ex.acts[l + 1]) * wanted[l + 1] for l in range(ex.net.n_layers)]


def desired_weights(ex: Example, layer: int) -> np.ndarray:
    """Desired weight changes ``desired_b_j * a_k`` of weight layer ``layer`` (by hand)."""
    return np.outer(desired_biases(ex)[layer], ex.acts[layer])


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


def finite_difference_bias(ex: Example, layer: int, j: int, h: float = 1e-5) -> float:
    """Minus the central finite difference of the example's cost in bias ``j`` of weight layer ``layer``."""
    costs = []
    for sign in (1.0, -1.0):
        net = ex.net.copy()
        net.biases[layer][j] += sign * h
        costs.append(float(net.cost_per_example(ex.pixels[None, :], ex.y[None, :])[0]))
    return -(costs[0] - costs[1]) / (2 * h)


def compare_rows(ex: Example, layer: int = 1, n: int = 5) -> np.ndarray:
    """The ``n`` neurons of weight layer ``layer`` with the largest desired bias change,
    as rows ``(k, by hand, backprop, finite difference)``."""
    hand = desired_biases(ex)[layer]
    ks = np.argsort(-np.abs(hand))[:n]
    return np.array([(k, hand[k], -ex.grad_b[layer][k], finite_difference_bias(ex, layer, int(k))) for k in ks])


def hand_vs_backprop(ex: Example) -> float:
    """Largest ``|by hand - backprop|`` over every bias and weight of every layer."""
    hand_b = desired_biases(ex)
    worst = 0.0
    for l in range(ex.net.n_layers):
        worst = max(worst, float(np.max(np.abs(hand_b[l] + ex.grad_b[l]))),
                    float(np.max(np.abs(desired_weights(ex, l) + ex.grad_w[l]))))
    return worst


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


# ============================================================ stacked wishes (layer 2)
@dataclass
class StackCheck:
    """The neuron of a hidden layer with the largest summed wish, against backprop.

    Attributes
    ----------
    k
        The neuron (of the layer checked).
    total
        Sum of the next layer's wishes for its activation (:func:`wishes`).
    slope
        ``sigma'(z_k)`` of that neuron.
    by_hand
        ``slope * total``: the desired change of its bias.
    backprop
        Minus backprop's gradient for that bias on the example.
    """

    k: int
    total: float
    slope: float
    by_hand: float
    backprop: float


def stack_check(ex: Example, layer: int = 2) -> StackCheck:
    """Summed wishes for activation layer ``layer`` (2 or 1), turned into a bias change, beside backprop's
    (for :class:`Ch3StackedWishes`)."""
    total = wishes(ex, layer).sum(axis=0)
    k = int(np.argmax(np.abs(total)))
    slope = float(sigmoid_prime_from_a(ex.acts[layer])[k])
    return StackCheck(k, float(total[k]), slope, slope * float(total[k]), float(-ex.grad_b[layer - 1][k]))


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


# ============================================================ fire together, wire together
@dataclass
class FireTogether:
    """The example's desired changes of the weights into the output layer.

    Attributes
    ----------
    delta_w
        ``(10, n2)``: minus backprop's gradient of the last weight matrix on the example.
    top
        The three brightest neurons of layer 2 (largest activation first).
    dimmest
        The dimmest neuron of layer 2.
    """

    delta_w: np.ndarray
    top: list[int]
    dimmest: int


def fire_together(ex: Example) -> FireTogether:
    """Which edges into the outputs the example wants to change most (for :class:`Ch3FireTogether`)."""
    a2 = ex.acts[2]
    return FireTogether(-np.asarray(ex.grad_w[2], dtype=float), [int(k) for k in np.argsort(-a2)[:3]],
                        int(np.argmin(a2)))


# ============================================================ the backward pass as code
@dataclass
class CodeValues:
    """What each line of the backward pass produces for the example (for :class:`Ch3BackpropCode`).

    ``a, y, slope, delta``: the ``DIGIT`` output's activation, target, ``sigma'(z)`` and
    ``delta = 2 (a - y) sigma'(z)``; ``k, a_k, dw``: the brightest layer-2 neuron, its activation and
    ``delta * a_k``; ``kb, total, slope_b, delta_b``: the layer-2 neuron with the largest ``|delta|``
    one layer back, ``sum_j w_jk delta_j``, its ``sigma'(z)`` and ``slope_b * total``.
    """

    a: float
    y: float
    slope: float
    delta: float
    k: int
    a_k: float
    dw: float
    kb: int
    total: float
    slope_b: float
    delta_b: float


def code_values(ex: Example) -> CodeValues:
    """The numbers :func:`MLP.backprop_from`'s lines compute on ``ex``, read off its backprop gradient."""
    j, L = ex.label, ex.net.n_layers
    a = float(ex.acts[L][j])
    delta = float(ex.grad_b[L - 1][j])
    k = int(np.argmax(ex.acts[L - 1]))
    kb = int(np.argmax(np.abs(ex.grad_b[L - 2])))
    total = float(ex.net.weights[L - 1][:, kb] @ ex.grad_b[L - 1])
    slope_b = float(sigmoid_prime_from_a(ex.acts[L - 1][kb]))
    return CodeValues(a, float(ex.y[j]), float(sigmoid_prime_from_a(a)), delta, k, float(ex.acts[L - 1][k]),
                      float(ex.grad_w[L - 1][j, k]), kb, total, slope_b, float(ex.grad_b[L - 2][kb]))
