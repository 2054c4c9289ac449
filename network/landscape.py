"""The true cost on a 2-D slice of parameter space, and the trajectory on it.

Method (Li et al., "Visualizing the Loss Landscape of Neural Nets", 2018, sec. 7):
the plane passes through the final parameters ``theta*`` and is spanned by the
top two principal directions ``d1, d2`` of the recorded trajectory
``theta_k - theta*`` (unit vectors in the full 13,002-dimensional space). The
cost is the mean cost over the whole training split at
``theta* + x d1 + y d2`` on a grid covering the projected trajectory. The
fraction of the trajectory's variance in the plane is recorded, so the scenes
can say how faithful the picture is.

A second, local slice shows mini-batch noise. From the untrained network the
first steps of SGD and of full-batch descent are nearly the same (one huge
common downhill direction), so this slice starts where noise matters: at the
end of the first epoch (``descent_start_step``). It passes through those
parameters and is spanned by ``e1``, the direction of a 40-step full-batch
descent, and ``e2``, the principal direction of a 40-step SGD path's deviation
from ``e1`` (what the noise adds). On it the full-batch path runs along ``e1``
while the SGD path wanders around it.
"""

from __future__ import annotations

import numpy as np

from network.mlp import MLP
from network.snapshots import Run

METHOD = "pca-trajectory"


def _plane_cost(net: MLP, center: np.ndarray, D: np.ndarray, xy, X, Y) -> float:
    net.set_parameter_vector(center + xy[0] * D[0] + xy[1] * D[1])
    return net.cost_value(X, Y)


def descent_paths(
    net0: MLP, X: np.ndarray, Y: np.ndarray, lr: float, batch_size: int, steps: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Parameter vectors of ``steps`` mini-batch SGD steps and ``steps`` full-batch
    gradient-descent steps from the same start, shape ``(steps + 1, P)`` each."""
    rng = np.random.default_rng(seed)
    paths = []
    for full in (False, True):
        net = net0.copy()
        thetas = [net.parameter_vector()]
        for _ in range(steps):
            idx = slice(None) if full else rng.choice(len(X), size=batch_size, replace=False)
            gw, gb = net.backprop(X[idx], Y[idx])
            for w, b, dw, db in zip(net.weights, net.biases, gw, gb):
                w -= lr * dw
                b -= lr * db
            thetas.append(net.parameter_vector())
        paths.append(np.array(thetas))
    return paths[0], paths[1]


def _grid(points: np.ndarray, margin: float, grid: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = margin * (hi - lo) + 1e-12
    return np.linspace(lo[0] - pad[0], hi[0] + pad[0], grid), np.linspace(lo[1] - pad[1], hi[1] + pad[1], grid)


def descent_plane(sgd: np.ndarray, full: np.ndarray) -> np.ndarray:
    """Unit directions ``(e1, e2)``: the full-batch descent, and the main way SGD deviates from it."""
    start = full[0]
    e1 = full[-1] - start
    e1 /= np.linalg.norm(e1)
    dev = sgd - start
    dev -= np.outer(dev @ e1, e1)
    e2 = np.linalg.svd(dev, full_matrices=False)[2][0]
    e2 -= (e2 @ e1) * e1
    return np.array([e1, e2 / np.linalg.norm(e2)])


def compute_landscape(
    run: Run, X: np.ndarray, Y: np.ndarray, grid: int = 41, margin: float = 0.2, descent_steps: int = 40, seed: int = 0
) -> dict[str, np.ndarray]:
    """Evaluate the cost slice for a run; returns the arrays of ``landscape.npz``.

    Parameters
    ----------
    run
        A loaded run (its snapshots give the trajectory).
    X, Y
        The training split the run used (cost = mean over these rows).
    grid
        Points per axis.
    margin
        Extra room around the trajectory, as a fraction of its extent.
    descent_steps
        Length of the SGD vs full-batch comparison paths from step 0.
    """
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    thetas = np.array([s.parameter_vector() for s in run.snapshots])
    center = thetas[-1]
    _, sv, vt = np.linalg.svd(thetas - center, full_matrices=False)
    D = vt[:2]
    # Orient each axis so the trajectory starts at positive coordinates.
    D *= np.sign((thetas[0] - center) @ D.T)[:, None] + (((thetas[0] - center) @ D.T) == 0)[:, None]
    explained = sv[:2] ** 2 / np.sum(sv**2)
    traj = (thetas - center) @ D.T
    xs, ys = _grid(traj, margin, grid)

    net = run.network(-1)
    cost = np.array([[_plane_cost(net, center, D, (x, y), X, Y) for x in xs] for y in ys])
    plane = np.array([_plane_cost(net, center, D, xy, X, Y) for xy in traj])
    true = []
    for theta in thetas:
        net.set_parameter_vector(theta)
        true.append(net.cost_value(X, Y))

    sgd, full = descent_paths(run.network(0), X, Y, run.learning_rate, run.batch_size, descent_steps, seed)
    sgd_xy, full_xy = (sgd - center) @ D.T, (full - center) @ D.T

    # The local slice where mini-batch noise is visible (see the module docstring).
    per_epoch = int(run.manifest.get("steps_per_epoch", 1))
    start_step = min(run.steps, key=lambda s: abs(s - per_epoch))
    sgd_e, full_e = descent_paths(run.network(start_step), X, Y, run.learning_rate, run.batch_size, descent_steps, seed)
    E = descent_plane(sgd_e, full_e)
    start = full_e[0]
    e_sgd, e_full = (sgd_e - start) @ E.T, (full_e - start) @ E.T
    exs, eys = _grid(np.vstack([e_sgd, e_full]), 0.15, grid)
    e_cost = np.array([[_plane_cost(net, start, E, (x, y), X, Y) for x in exs] for y in eys])
    return {
        "descent_start_step": np.array(start_step),
        "descent_xs": exs,
        "descent_ys": eys,
        "descent_cost": e_cost,
        "descent_sgd_xy": e_sgd,
        "descent_sgd_cost": np.array([_plane_cost(net, start, E, xy, X, Y) for xy in e_sgd]),
        "descent_full_xy": e_full,
        "descent_full_cost": np.array([_plane_cost(net, start, E, xy, X, Y) for xy in e_full]),
        "xs": xs,
        "ys": ys,
        "cost": cost,
        "directions": D.astype(np.float32),
        "center_step": np.array(run.final.step),
        "explained_variance": explained,
        "trajectory_steps": np.array(run.steps),
        "trajectory_xy": traj,
        "trajectory_cost": np.array(true),
        "trajectory_plane_cost": plane,
        "sgd_xy": sgd_xy,
        "sgd_cost": np.array([_plane_cost(net, center, D, xy, X, Y) for xy in sgd_xy]),
        "full_batch_xy": full_xy,
        "full_batch_cost": np.array([_plane_cost(net, center, D, xy, X, Y) for xy in full_xy]),
        "method": np.array(METHOD),
        "description": np.array(
            "plane through the trained network spanned by the top 2 principal directions of the "
            f"recorded trajectory ({100 * explained.sum():.0f}% of its variance); cost = mean over "
            f"the {len(X)} training digits"
        ),
    }
