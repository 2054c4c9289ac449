"""Held-out accuracy of the default architecture as the training set grows.

The default run trains on the 4,000 embedded training digits (about 91%). Does
the same 784-16-16-10 sigmoid network, with the same recipe (40 epochs, batch
size 10, learning rate 1.0, seed 0), approach the ~95% expected from full
MNIST? Full MNIST's 60,000 training images cannot be downloaded on an offline
machine, so this trains on growing slices of whatever real digits are at hand
and scores them all on the same held-out digits:

* a folder with full MNIST (``train-*`` files): slices of the 50,000 training
  digits, scored on the 10,000 validation digits;
* a folder with only the test set (``t10k-*``, as ``../shared/mnist`` holds):
  slices of its first 8,000 digits, scored on its last 2,000.

    python benchmarks/accuracy_vs_data.py [--mnist ../shared/mnist] [--sizes 1000 2000 4000 8000]

Not a test (it needs real IDX files); 40 epochs take about 0.15 s per 1,000 digits.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from network import MLP, train
from network.mnist import DataError, load_full, load_idx_pair, one_hot


def held_out_data(directory: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    """Training pool and held-out digits from an IDX folder (see the module docstring)."""
    try:
        ds = load_full(directory)
        return ds.X_train, ds.y_train, ds.X_val, ds.y_val, "full MNIST: 50,000 train / 10,000 validation"
    except DataError:
        X, y = load_idx_pair(directory, "t10k")  # raises a clear error if this is missing too
        n = len(y) * 4 // 5
        return X[:n], y[:n], X[n:], y[n:], f"MNIST test set only: first {n} train / last {len(y) - n} held out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mnist", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "mnist",
                        help="folder with MNIST IDX files (default: ../shared/mnist beside the repo)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    if not args.mnist.is_dir():
        sys.exit(f"{args.mnist}: no such folder; pass --mnist with a folder of MNIST IDX files")
    X, y, X_out, y_out, what = held_out_data(args.mnist)
    print(f"data: {args.mnist} ({what})")
    print(f"784-16-16-10 sigmoid, quadratic cost, {args.epochs} epochs, batch 10, lr 1.0, seed 0")
    for n in sorted(args.sizes):
        if n > len(y):
            print(f"{n:>7} training digits: skipped, only {len(y)} available")
            continue
        net = MLP([784, 16, 16, 10], seed=0)
        t0 = time.perf_counter()
        train(net, X[:n], one_hot(y[:n]), epochs=args.epochs, batch_size=10, lr=1.0, seed=0)
        acc = net.accuracy(X_out, y_out)
        print(f"{n:>7} training digits: {100 * acc:.2f}% held out ({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
