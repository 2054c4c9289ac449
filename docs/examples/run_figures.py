"""Reuse a run's snapshot data outside Manim: two PNG figures for a slide or a handout.

    .venv/bin/python docs/examples/run_figures.py                 # the default run
    .venv/bin/python docs/examples/run_figures.py --run assets/runs/default --out build/figures

Writes

* ``first_layer_weights.png``: the 16 first-hidden-layer neurons' 784 weights
  as 28x28 pictures (green positive, red negative, as in the videos), from the
  final snapshot;
* ``training_curves.png``: the cost on the whole training split and the
  validation accuracy at every recorded step.

Only NumPy, matplotlib and ``network.load_run`` are used: no Manim, no scenes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402

from network import load_run  # noqa: E402

# Red for negative weights, black for zero, green for positive: the videos' colors.
SIGNED = LinearSegmentedColormap.from_list("signed", ["#FC6255", "#000000", "#83C167"])


def weight_grid(run, path: Path) -> Path:
    """Save the first layer's weights (final snapshot) as a grid of 28x28 pictures."""
    W0 = run.final.weights[0]  # (16, 784): row j = the weights into hidden neuron j
    n = W0.shape[0]
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 1.75 * rows), facecolor="black")
    for j, ax in enumerate(np.ravel(axes)):
        ax.axis("off")
        if j >= n:
            continue
        w = W0[j].reshape(28, 28)
        limit = np.abs(w).max()  # each neuron on its own scale, centred on zero
        ax.imshow(w, cmap=SIGNED, vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_title(f"neuron {j}", color="white", fontsize=9)
    fig.suptitle(f"First-layer weights after {run.final.epoch:g} epochs "
                 f"({100 * run.final.val_accuracy:.1f}% validation accuracy)", color="white")
    fig.tight_layout()
    fig.savefig(path, dpi=120, facecolor="black")
    plt.close(fig)
    return path


def training_curves(run, path: Path) -> Path:
    """Save the training cost and validation accuracy against the epoch."""
    epochs = [s.epoch for s in run.snapshots]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    left.plot(epochs[1:], [s.train_cost for s in run.snapshots][1:], color="#58C4DD")
    left.set(xscale="log", xlabel="epoch (log scale)", ylabel=f"{run.cost} cost, training split",
             title="Cost")
    right.plot(epochs, [100 * s.val_accuracy for s in run.snapshots], color="#83C167")
    right.set(xlabel="epoch", ylabel="% correct", title="Validation accuracy", ylim=(0, 100))
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", help="run folder (default: assets/runs/default or $NN_RUN)")
    parser.add_argument("--out", type=Path, default=Path("build/figures"), help="output folder")
    args = parser.parse_args()
    run = load_run(args.run)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in (weight_grid(run, args.out / "first_layer_weights.png"),
                 training_curves(run, args.out / "training_curves.png")):
        print(path)


if __name__ == "__main__":
    main()
