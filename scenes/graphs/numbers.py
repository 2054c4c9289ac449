"""The numbers of the computational-graph scenes, as small pure functions.

* ``f = (x + y) z`` uses cs231n's inputs ``x = -2, y = 5, z = -4``
  (:func:`simple_circuit`); every value and gradient is checked against finite
  differences in ``tests/test_graphs.py``.
* The add, multiply and max gates use cs231n's circuit
  ``f = 2 (x y + max(z, w))`` at ``x = 3, y = -4, z = 2, w = -1``
  (:func:`gate_circuit`); the copy gate is a real fan-out of the network:
  layer-2 neuron ``j`` of chapter 4's example feeding all ten outputs, whose
  gradients add up (:func:`copy_gate`).
* ``D = W X`` uses the real last weight matrix of chapter 4's snapshot and the
  layer-2 activations of two real training images (:func:`matrix_example`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from network.activations import sigmoid_prime_from_a
from scenes.chapter4 import sum_over_outputs, the_path
from scenes.data import get_dataset, get_run
from scenes.numbers import fmt


def sum_terms(values: list[float], number: Callable[[float], str] = lambda v: fmt(v, 3)) -> list[str]:
    """A sum written for MathTex, one part per term and per operator: ``[t0, op1, |t1|, op2, |t2|, ...]``.

    A later negative term is written as a minus and its size (``- 0.0143``), never ``+ -0.0143``;
    the first term keeps its own sign (braced, so TeX sets it as a sign). ``number`` formats one value.
    """
    parts: list[str] = []
    for k, value in enumerate(values):
        text = number(float(value))
        if k == 0:
            parts.append("{" + text + "}" if text.startswith("-") else text)
            continue
        negative = text.startswith("-")
        parts += ["-" if negative else "+", text[1:] if negative else text]
    return parts


def simple_circuit(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> dict[str, float]:
    """Forward and backward pass of ``f = (x + y) z``; keys ``x y z q f`` and ``dx dy dz dq df``."""
    q = x + y
    f = q * z
    df = 1.0
    dz = q * df          # mul gate: each input gets the other input times the upstream gradient
    dq = z * df
    dx = 1.0 * dq        # add gate: the upstream gradient passes to both inputs
    dy = 1.0 * dq
    return {"x": x, "y": y, "z": z, "q": q, "f": f, "dx": dx, "dy": dy, "dz": dz, "dq": dq, "df": df}


def gate_circuit(x: float = 3.0, y: float = -4.0, z: float = 2.0, w: float = -1.0) -> dict[str, float]:
    """cs231n's ``f = 2 (x y + max(z, w))``: every intermediate value and gradient."""
    m = x * y
    n = max(z, w)
    s = m + n
    f = 2.0 * s
    ds = 2.0
    dm = ds
    dn = ds
    dx = y * dm
    dy = x * dm
    dz = dn if z >= w else 0.0
    dw = dn if w > z else 0.0
    return {"x": x, "y": y, "z": z, "w": w, "m": m, "n": n, "s": s, "f": f,
            "ds": ds, "dm": dm, "dn": dn, "dx": dx, "dy": dy, "dz": dz, "dw": dw}


@dataclass
class CopyGate:
    """A real fan-out: ``a`` of layer-2 neuron ``j`` copied into the ten outputs.

    ``terms[i]`` is the gradient flowing back from output ``i``; their sum is
    ``dC0/da``; ``backprop`` is the network's own value.
    """

    j: int
    a: float
    terms: np.ndarray
    backprop: float


@lru_cache(maxsize=None)
def copy_gate() -> CopyGate:
    """The fan-out of chapter 4's layer-2 neuron."""
    path = the_path()
    terms, backprop = sum_over_outputs(path)
    return CopyGate(path.j, path.a_prev, terms, backprop)


@dataclass
class MatrixExample:
    """``D = W X`` with real matrices and its backward pass.

    Attributes
    ----------
    W
        The last weight matrix of chapter 4's snapshot, ``(10, 16)``.
    X
        Layer-2 activations of two training images as columns, ``(16, 2)``.
    D
        ``W X``, ``(10, 2)`` (the outputs' weighted sums before the bias).
    dD
        ``dC/dD`` for the mean quadratic cost of the two images, ``(10, 2)``.
    dW, dX
        ``dD X^T`` and ``W^T dD``.
    rows
        The two images' rows of ``X_train``.
    """

    W: np.ndarray
    X: np.ndarray
    D: np.ndarray
    dD: np.ndarray
    dW: np.ndarray
    dX: np.ndarray
    rows: np.ndarray


@lru_cache(maxsize=None)
def matrix_example() -> MatrixExample:
    """Two images of chapter 4's mini-batch (its example and the next) through its network."""
    run, data = get_run(), get_dataset()
    path = the_path()
    batch = np.asarray(run.snapshot(path.step).batch_indices, dtype=int)
    rows = np.array([batch[path.position], batch[(path.position + 1) % batch.size]])
    net = path.net
    zs, acts = net.forward(data.X_train[rows])
    Y = data.Y_train[rows].astype(float)
    a_out = acts[-1]
    dD = (2.0 * (a_out - Y) * sigmoid_prime_from_a(a_out) / rows.size).T  # dC/dz, columns = examples
    W = net.weights[2]
    X = acts[2].T
    return MatrixExample(W, X, W @ X, dD, dD @ X.T, W.T @ dD, rows)


def sigmoid_circuit(w0: float = 2.0, x0: float = -1.0, w1: float = -3.0, x1: float = -2.0,
                    w2: float = -3.0) -> dict[str, float]:
    """cs231n's toy neuron ``f = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2)))`` gate by gate.

    Forward keys: the inputs, ``m0 = w0 x0``, ``m1 = w1 x1``, ``s = m0 + m1 + w2``,
    ``t = -s``, ``e = exp(t)``, ``d = 1 + e``, ``f = 1 / d``. Each ``"d" + key`` is
    ``df/d(key)``, found by applying one local rule per gate from the output back;
    ``local`` is the sigmoid's own derivative ``(1 - f) f`` at ``s``, the gradient
    of the four tail gates taken as one.
    """
    m0, m1 = w0 * x0, w1 * x1
    s = m0 + m1 + w2
    t = -s
    e = float(np.exp(t))
    d = 1.0 + e
    f = 1.0 / d
    df = 1.0
    dd = -1.0 / d ** 2 * df      # 1/x gate: local gradient -1/x^2
    de = 1.0 * dd                # +1 gate: passes the gradient on
    dt = e * de                  # exp gate: local gradient exp(t)
    ds = -1.0 * dt               # times -1 gate
    dm0 = dm1 = dw2 = ds         # add gate distributes
    dw0, dx0 = x0 * dm0, w0 * dm0  # multiply gates swap
    dw1, dx1 = x1 * dm1, w1 * dm1
    return {"w0": w0, "x0": x0, "w1": w1, "x1": x1, "w2": w2, "m0": m0, "m1": m1, "s": s, "t": t, "e": e,
            "d": d, "f": f, "df": df, "dd": dd, "de": de, "dt": dt, "ds": ds, "dm0": dm0, "dm1": dm1,
            "dw2": dw2, "dw0": dw0, "dx0": dx0, "dw1": dw1, "dx1": dx1, "local": (1.0 - f) * f}


@dataclass
class LinearCollapse:
    """The trained network's first two layers with the sigmoid taken out.

    ``z_two = W2 (W1 x + b1) + b2`` (two linear layers) equals ``z_one = W x + b``
    with ``W = W2 W1`` and ``b = W2 b1 + b2`` (one layer). With the sigmoid put
    back, ``a_real = sigma(W2 sigma(W1 x + b1) + b2)`` (the network's layer 2)
    differs from ``a_fold = sigma(W x + b)``: the layers no longer fold.
    ``shown`` are the three entries with the largest ``|z_two|``; ``contrast`` the
    entry where ``a_real`` and ``a_fold`` differ most; ``index`` is ``x``'s row
    of ``X_val`` and ``label`` its digit.
    """

    W1: np.ndarray
    W2: np.ndarray
    W: np.ndarray
    b: np.ndarray
    x: np.ndarray
    z_two: np.ndarray
    z_one: np.ndarray
    a_real: np.ndarray
    a_fold: np.ndarray
    shown: np.ndarray
    contrast: int
    index: int
    label: int
    step: int


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=None)
def linear_collapse(index: int = 0) -> LinearCollapse:
    """The final snapshot's ``W1, b1, W2, b2`` on validation digit ``index``."""
    run, data = get_run(), get_dataset()
    snap = run.final
    W1, W2 = snap.weights[0], snap.weights[1]
    b1, b2 = snap.biases[0], snap.biases[1]
    x = data.X_val[index].astype(float)
    z_two = W2 @ (W1 @ x + b1) + b2
    W, b = W2 @ W1, W2 @ b1 + b2
    z_one = W @ x + b
    a_real = _sigmoid(W2 @ _sigmoid(W1 @ x + b1) + b2)
    a_fold = _sigmoid(z_one)
    shown = np.argsort(-np.abs(z_two))[:3]
    contrast = int(np.argmax(np.abs(a_real - a_fold)))
    return LinearCollapse(W1, W2, W, b, x, z_two, z_one, a_real, a_fold, shown, contrast, index,
                          int(data.y_val[index]), snap.step)


#: The L2 strength of the regularisation example: chosen for it (our run trained without a penalty).
L2_LAMBDA = 0.01


@dataclass
class L2Example:
    """:func:`matrix_example`'s cost plus ``lam / 2 * sum(W ** 2)``: ``W`` feeds two branches.

    ``data`` is the cost's own gradient ``dW`` (the data branch), ``penalty`` is
    ``lam * W`` (the penalty branch), ``total`` their sum; ``(i, j)`` is chapter 4's weight.
    """

    lam: float
    W: np.ndarray
    data: np.ndarray
    penalty: np.ndarray
    total: np.ndarray
    i: int
    j: int


@lru_cache(maxsize=None)
def l2_example(lam: float = L2_LAMBDA) -> L2Example:
    """The gradient of the regularised cost of :func:`matrix_example`'s two images."""
    m = matrix_example()
    path = the_path()
    penalty = lam * m.W
    return L2Example(lam, m.W, m.dW, penalty, m.dW + penalty, path.i, path.j)


@dataclass
class ElementwiseJacobian:
    """The output sigmoid of chapter 4's example as a gate on a whole vector.

    ``J`` is the full Jacobian ``da/dz`` (10 x 10, diagonal ``slope = a (1 - a)``),
    ``da = 2 (a - y)`` the gradient arriving from the cost, ``dz = slope * da``
    the elementwise product (equal to ``J @ da``); ``i`` is the correct output,
    ``top`` the output with the steepest slope.
    """

    z: np.ndarray
    a: np.ndarray
    slope: np.ndarray
    J: np.ndarray
    da: np.ndarray
    dz: np.ndarray
    i: int
    top: int


@lru_cache(maxsize=None)
def elementwise_jacobian() -> ElementwiseJacobian:
    """Chapter 4's example: the sigmoid between ``z`` and ``a`` of the output layer."""
    path = the_path()
    z, a = path.zs[-1], path.acts[-1]
    slope = a * (1.0 - a)
    da = 2.0 * (a - path.y)
    return ElementwiseJacobian(z, a, slope, np.diag(slope), da, slope * da, path.i, int(np.argmax(slope)))


# ============================================================ staged computation (cs231n's bigger function)
#: The forward pass of ``f(x, y) = (x + sigma(y)) / (sigma(x) + (x + y)^2)``, one gate per line, as shown.
STAGED_FORWARD = [
    "sigy = 1/(1 + exp(-y))",
    "num = x + sigy",
    "sigx = 1/(1 + exp(-x))",
    "xpy = x + y",
    "xpysqr = xpy**2",
    "den = sigx + xpysqr",
    "invden = 1/den",
    "f = num * invden",
]
#: Its backward pass, the forward lines walked in reverse; ``+=`` where a value branches.
STAGED_BACKWARD = [
    "dnum = invden",
    "dinvden = num",
    "dden = -1/den**2 * dinvden",
    "dsigx = dden",
    "dxpysqr = dden",
    "dxpy = 2*xpy * dxpysqr",
    "dx = dxpy",
    "dy = dxpy",
    "dx += (1-sigx)*sigx * dsigx",
    "dx += dnum",
    "dsigy = dnum",
    "dy += (1-sigy)*sigy * dsigy",
]


def _assigned(line: str) -> str:
    """The variable a code line writes, e.g. ``"dx"`` for ``"dx += dnum"``."""
    return line.split("=")[0].rstrip("+ ").strip()


@dataclass
class StagedCircuit:
    """cs231n's staged example run through :data:`STAGED_FORWARD` and :data:`STAGED_BACKWARD`.

    Attributes
    ----------
    values
        Every variable after both passes (``x, y, sigy, ..., f`` and ``dnum, ..., dx, dy``).
    steps
        ``(line, variable written, value it holds after the line)`` for each backward line.
    x_parts, y_parts
        The gradients arriving at ``x`` (three branches) and ``y`` (two), in code order; they add to ``dx``, ``dy``.
    """

    values: dict[str, float]
    steps: list[tuple[str, str, float]]
    x_parts: list[float]
    y_parts: list[float]


def staged_circuit(x: float = 3.0, y: float = -4.0) -> StagedCircuit:
    """Run the code shown on screen, line by line (the scene draws exactly what this executed)."""
    env: dict[str, float] = {"x": float(x), "y": float(y)}
    glb = {"exp": np.exp, "__builtins__": {}}
    for line in STAGED_FORWARD:
        exec(line, glb, env)  # noqa: S102 - our own constant lines
    steps: list[tuple[str, str, float]] = []
    parts: dict[str, list[float]] = {"dx": [], "dy": []}
    for line in STAGED_BACKWARD:
        var = _assigned(line)
        before = env.get(var, 0.0) if "+=" in line else 0.0
        exec(line, glb, env)  # noqa: S102
        env[var] = float(env[var])
        if var in parts:
            parts[var].append(env[var] - before)
        steps.append((line, var, env[var]))
    return StagedCircuit({k: float(v) for k, v in env.items()}, steps, parts["dx"], parts["dy"])


def staged_forward(x: float, y: float, bump: dict[str, float] | None = None) -> float:
    """``f`` by the forward lines, with ``bump[name]`` added to a variable right after it is computed
    (for finite differences with respect to an intermediate value)."""
    bump = bump or {}
    env: dict[str, float] = {"x": float(x) + bump.get("x", 0.0), "y": float(y) + bump.get("y", 0.0)}
    glb = {"exp": np.exp, "__builtins__": {}}
    for line in STAGED_FORWARD:
        exec(line, glb, env)  # noqa: S102
        var = _assigned(line)
        env[var] = float(env[var]) + bump.get(var, 0.0)
    return float(env["f"])
