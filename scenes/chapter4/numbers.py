"""Chapter 4's numbers: the path, its chain-rule factors, batch averages and
gradients, as small pure functions of the run (tested in tests/test_chapter4.py
against independent computations)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from network import MLP
from network.activations import sigmoid_prime_from_a
from scenes.data import get_dataset, get_run

#: The recorded step whose network and mini-batch the chapter uses (epoch 2).
STEP = 800
#: The nudge of the last weight shown on the number lines.
NUDGE = 0.1
#: Nudges of the sensitivity table.
NUDGES = (0.1, 0.01, 0.001)


# ===================================================================== numbers
@dataclass
class Path:
    """One example and one path pixel ``p`` -> ``k`` -> ``j`` -> output ``i`` of the network.

    Attributes
    ----------
    step, index, label, position
        Recorded step, row of ``X_train``, digit, position in the step's mini-batch.
    pixels, y
        The 784 pixels and the one-hot target.
    p, k, j, i
        The path's neurons: input pixel, layer-1 neuron, layer-2 neuron, output.
    zs, acts
        Forward pass of the whole network (1-D per layer; ``acts[0]`` the pixels).
    cost
        ``C0 = sum_j (a_j - y_j)^2`` of the example.
    net
        The snapshot's network.
    """

    step: int
    index: int
    label: int
    position: int
    pixels: np.ndarray
    y: np.ndarray
    p: int
    k: int
    j: int
    i: int
    zs: list[np.ndarray]
    acts: list[np.ndarray]
    cost: float
    net: MLP

    # -------------------------------------------------- the chain's values
    @property
    def neurons(self) -> list[int]:
        """Neuron index per layer along the path, input first."""
        return [self.p, self.k, self.j, self.i]

    @property
    def chain_a(self) -> list[float]:
        """Activations along the path: pixel, layer 1, layer 2, output."""
        return [float(self.acts[l][n]) for l, n in enumerate(self.neurons)]

    @property
    def chain_z(self) -> list[float]:
        """Weighted sums along the path (layers 1, 2, output)."""
        return [float(self.zs[l][n]) for l, n in enumerate(self.neurons[1:])]

    @property
    def chain_w(self) -> list[float]:
        """The path's three weights ``w(L-2), w(L-1), w(L)``."""
        ns = self.neurons
        return [float(self.net.weights[l][ns[l + 1], ns[l]]) for l in range(3)]

    @property
    def chain_b(self) -> list[float]:
        """The path's three biases ``b(L-2), b(L-1), b(L)``."""
        ns = self.neurons
        return [float(self.net.biases[l][ns[l + 1]]) for l in range(3)]

    @property
    def w(self) -> float:
        """``w(L)``, the last weight of the path."""
        return self.chain_w[2]

    @property
    def a_prev(self) -> float:
        """``a(L-1)``."""
        return self.chain_a[2]

    @property
    def a(self) -> float:
        """``a(L)``."""
        return self.chain_a[3]

    @property
    def z(self) -> float:
        """``z(L)``."""
        return self.chain_z[2]

    @property
    def b(self) -> float:
        """``b(L)``."""
        return self.chain_b[2]

    @property
    def rest(self) -> float:
        """The other 15 inputs of ``z(L)``: ``z - w a(L-1) - b``."""
        return self.z - self.w * self.a_prev - self.b

    @property
    def target(self) -> float:
        """``y`` of the path's output neuron."""
        return float(self.y[self.i])

    @property
    def term(self) -> float:
        """This output's term of the cost, ``(a(L) - y)^2``."""
        return (self.a - self.target) ** 2

    # -------------------------------------------------- chain-rule factors
    @property
    def dC_da(self) -> float:
        """``dC0/da(L) = 2 (a(L) - y)``."""
        return 2.0 * (self.a - self.target)

    @property
    def da_dz(self) -> float:
        """``sigma'(z(L)) = a (1 - a)``."""
        return float(sigmoid_prime_from_a(self.a))

    @property
    def dC_dw(self) -> float:
        """``dC0/dw(L) = a(L-1) sigma'(z(L)) 2 (a(L) - y)``."""
        return self.a_prev * self.da_dz * self.dC_da

    @property
    def dC_db(self) -> float:
        """``dC0/db(L) = 1 * sigma'(z(L)) 2 (a(L) - y)``."""
        return self.da_dz * self.dC_da

    @property
    def dC_daprev(self) -> float:
        """``dC0/da(L-1)`` along this path only: ``w(L) sigma'(z(L)) 2 (a(L) - y)``."""
        return self.w * self.da_dz * self.dC_da

    def nudged(self, dw: float) -> tuple[float, float, float]:
        """``(z, a, (a - y)^2)`` of the path's output after ``w(L) += dw``, by a
        forward pass of the whole network.

        ``(a(L) - y)^2`` is the chain's ``C0``: ``w(L)`` feeds only this output,
        so the example's other nine cost terms do not move and the change of
        this term is the change of the example's whole cost."""
        net = self.net.copy()
        net.weights[2][self.i, self.j] += dw
        zs, acts = net.forward(self.pixels)
        a = float(acts[-1][0][self.i])
        return float(zs[-1][0][self.i]), a, (a - self.target) ** 2

    def measured_change(self, dw: float) -> float:
        """Measured change of ``C0 = (a(L) - y)^2`` (equal to that of the example's
        whole cost) when ``w(L) += dw``, with the whole network."""
        return self.nudged(dw)[2] - self.term


@lru_cache(maxsize=None)
def the_path(step: int = STEP) -> Path:
    """The example and path the chapter follows.

    The example is the training image of the step's mini-batch whose correct
    output is closest to 0.66 (the lecture's value); ``j`` is the layer-2
    neuron feeding that output the largest ``|w_ij a_j|``; ``k`` the layer-1
    neuron feeding ``j`` the largest ``|w_jk a_k|``; ``p`` the pixel feeding
    ``k`` the largest ``|w_kp x_p|``.
    """
    run, data = get_run(), get_dataset()
    net = run.network(step)
    batch = np.asarray(run.snapshot(step).batch_indices, dtype=int)
    out = net.predict(data.X_train[batch])
    correct = out[np.arange(batch.size), data.y_train[batch]]
    position = int(np.argmin(np.abs(correct - 0.66)))
    index = int(batch[position])
    label = int(data.y_train[index])
    x, y = data.X_train[index].astype(float), data.Y_train[index].astype(float)
    zs, acts = net.forward(x)
    zs, acts = [v[0] for v in zs], [v[0] for v in acts]
    i = label
    j = int(np.argmax(np.abs(net.weights[2][i] * acts[2])))
    k = int(np.argmax(np.abs(net.weights[1][j] * acts[1])))
    p = int(np.argmax(np.abs(net.weights[0][k] * acts[0])))
    cost = float(np.sum((acts[-1] - y) ** 2))
    return Path(step, index, label, position, x, y, p, k, j, i, zs, acts, cost, net)


@dataclass
class BatchAverage:
    """``dC_n/dw(L)`` of every example of the mini-batch and their mean.

    Attributes
    ----------
    indices, labels
        Rows of ``X_train`` and digits.
    per_example
        ``dC_n/dw(L)`` (backprop on each example alone).
    mean
        Their mean.
    recorded
        The snapshot's recorded mini-batch gradient of the same weight.
    """

    indices: np.ndarray
    labels: np.ndarray
    per_example: np.ndarray
    mean: float
    recorded: float


@lru_cache(maxsize=None)
def batch_average(step: int = STEP) -> BatchAverage:
    """Backprop each example of the step's mini-batch; the path's last-weight gradient."""
    run, data = get_run(), get_dataset()
    path = the_path(step)
    snap = run.snapshot(step)
    idx = np.asarray(snap.batch_indices, dtype=int)
    per = np.array([path.net.backprop(data.X_train[n : n + 1], data.Y_train[n : n + 1])[0][2][path.i, path.j]
                    for n in idx])
    return BatchAverage(idx, data.y_train[idx], per, float(per.mean()),
                        float(snap.grad_weights[2][path.i, path.j]))


def path_gradient(step: int = STEP) -> list[tuple[str, float]]:
    """The recorded mini-batch gradient of the path's six parameters, ``w(L-2)`` first.

    Returns ``[(MathTex name, value), ...]`` in the order of the gradient vector.
    """
    snap = get_run().snapshot(step)
    path = the_path(step)
    ns = path.neurons
    names = ["L-2", "L-1", "L"]
    out = []
    for l in range(3):
        out.append((rf"\partial C / \partial w^{{({names[l]})}}", float(snap.grad_weights[l][ns[l + 1], ns[l]])))
        out.append((rf"\partial C / \partial b^{{({names[l]})}}", float(snap.grad_biases[l][ns[l + 1]])))
    return out


def sum_over_outputs(path: Path) -> tuple[np.ndarray, float]:
    """``dC0/da_k(L-1)`` for ``k = path.j``, as its 10 terms ``w_jk sigma'(z_j) 2 (a_j - y_j)``
    (one per output ``j``) and backprop's value of the whole derivative."""
    a = path.acts[3]
    terms = path.net.weights[2][:, path.j] * sigmoid_prime_from_a(a) * 2.0 * (a - path.y)
    # Backprop's dC0/da(L-1): dC0/dz of layer 2 divided by sigma'(z) of that neuron.
    gw, gb = path.net.backprop(path.pixels[None, :], path.y[None, :])
    backprop = float(gb[1][path.j] / sigmoid_prime_from_a(path.acts[2][path.j]))
    return terms, backprop


def edge_pixels(grad_w0: np.ndarray, n: int = 16) -> np.ndarray:
    """The ``n`` input pixels whose outgoing edges have the largest total ``|dC/dw|``, in order."""
    score = np.abs(grad_w0).sum(axis=0)
    return np.sort(np.argsort(-score)[:n])


def largest(values: np.ndarray, n: int) -> list[int]:
    """Indices of the ``n`` entries of ``values`` largest in size, largest first."""
    return [int(q) for q in np.argsort(-np.abs(values))[:n]]



@dataclass
class FireTogether:
    """The derivatives of the example's cost for the output's incoming weights.

    ``dC0/dw_ij(L) = a_j(L-1) * common`` with ``common = sigma'(z_i) 2 (a_i - y_i)``
    the same for every ``j``: the derivative of each weight is its source
    neuron's activation times one shared factor.

    Attributes
    ----------
    acts
        ``a_j(L-1)`` of the 16 neurons feeding output ``i``.
    common
        ``sigma'(z_i(L)) 2 (a_i(L) - y_i)``.
    grads
        ``dC0/dw_ij(L)``, from backprop on the example alone.
    brightest, dimmest
        Indices ``j`` of the largest and smallest activation.
    """

    acts: np.ndarray
    common: float
    grads: np.ndarray
    brightest: int
    dimmest: int


def fire_together(path: Path) -> FireTogether:
    """:class:`FireTogether` for ``path``'s output ``i`` (backprop's gradients of its example)."""
    gw, _ = path.net.backprop(path.pixels[None, :], path.y[None, :])
    acts = np.asarray(path.acts[2], dtype=float)
    return FireTogether(acts, path.da_dz * path.dC_da, np.asarray(gw[2][path.i], dtype=float),
                        int(np.argmax(acts)), int(np.argmin(acts)))


@dataclass
class Update:
    """One weight's next SGD step: ``w_new = w_old - lr * grad``.

    ``layer, j, k`` locate the weight (``W[layer][j, k]``)."""

    layer: int
    j: int
    k: int
    w_old: float
    grad: float
    lr: float

    @property
    def w_new(self) -> float:
        return self.w_old - self.lr * self.grad


def largest_update(step: int = STEP) -> Update:
    """The weight with the largest recorded mini-batch derivative at ``step`` (among the drawn
    input pixels for the first layer, :func:`edge_pixels`) and its plain-SGD update."""
    run = get_run()
    snap = run.snapshot(step)
    grads = snap.grad_weights
    l = int(np.argmax([float(np.max(np.abs(g))) for g in grads]))
    shown = edge_pixels(grads[0]) if l == 0 else np.arange(grads[l].shape[1])
    jj, kk = np.unravel_index(int(np.argmax(np.abs(grads[l][:, shown]))), (grads[l].shape[0], len(shown)))
    kk = int(shown[kk])
    return Update(l, int(jj), kk, float(snap.weights[l][jj, kk]), float(grads[l][jj, kk]), float(run.learning_rate))


def layer_rule(path: Path) -> tuple[list[float], list[float]]:
    """The path's three weights' ``dC0/dw`` from the general per-layer formulas, applied by
    hand from the output back (``dC/da(L) = 2 (a - y)``; ``dC/dw_jk(l) = a_k(l-1) sigma'(z_j(l))
    dC/da_j(l)``; ``dC/da_k(l-1) = sum_j w_jk(l) sigma'(z_j(l)) dC/da_j(l)``), and the network's
    own backprop of the same example. Both lists run ``w(L), w(L-1), w(L-2)``."""
    acts, W, ns = path.acts, path.net.weights, path.neurons
    dC_da = 2.0 * (acts[3] - path.y)
    by_rule = {}
    for l in (2, 1, 0):
        dz = sigmoid_prime_from_a(acts[l + 1]) * dC_da
        by_rule[l] = float(acts[l][ns[l]] * dz[ns[l + 1]])
        dC_da = W[l].T @ dz
    gw, _ = path.net.backprop(path.pixels[None, :], path.y[None, :])
    return [by_rule[l] for l in (2, 1, 0)], [float(gw[l][ns[l + 1], ns[l]]) for l in (2, 1, 0)]
