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
2 are hidden, 3 is the output. Nothing is trained here. The numbers about the
whole cost's gradient (the recap, averaging over the mini-batch, SGD, the
descent paths) live in :mod:`scenes.chapter3.batch_numbers`.
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


# ===================================================================== one example, backwards by hand
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
