"""Training speed: our batch-vectorised SGD vs a per-example loop in the style of
Nielsen's classic ``network.py`` (column vectors, one backprop per example).

Both train the same 784-16-16-10 sigmoid network for one epoch over the same
60,000 samples (the 5,000 embedded digits tiled 12 times) at batch size 10 and
learning rate 1.0. Each gets the data already in the precision it computes in
(ours float32, the default of ``train``; Nielsen's float64), so the timings are
of the epoch loop alone. Prints seconds per epoch and the ratio, measured in
this one run (the machine is noisy: compare ratios, not absolute times).

    python benchmarks/train_speed.py [--samples 60000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from network import MLP, load_mnist, train


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class NielsenNetwork:
    """The per-example algorithm of Nielsen's network.py (quadratic cost, sigmoid),
    with our cost's factor 2 so both take the same steps."""

    def __init__(self, net: MLP) -> None:
        self.weights = [w.copy() for w in net.weights]
        self.biases = [b.reshape(-1, 1).copy() for b in net.biases]

    def update_mini_batch(self, xs, ys, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in zip(xs, ys):
            delta_nabla_b, delta_nabla_w = self.backprop(x.reshape(-1, 1), y.reshape(-1, 1))
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(xs)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(xs)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation, activations, zs = x, [x], []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = 2 * (activations[-1] - y) * sigmoid(zs[-1]) * (1 - sigmoid(zs[-1]))
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, len(self.weights) + 1):
            sp = sigmoid(zs[-l]) * (1 - sigmoid(zs[-l]))
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w

    def epoch(self, X, Y, batch_size, eta, order):
        for start in range(0, len(order) - batch_size + 1, batch_size):
            idx = order[start : start + batch_size]
            self.update_mini_batch(X[idx], Y[idx], eta)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3, help="epochs of each to time (the best of each is compared)")
    args = parser.parse_args()

    ds = load_mnist()
    reps = -(-args.samples // len(ds.y_train))
    X = np.tile(ds.X_train, (reps, 1))[: args.samples].astype(np.float64)
    Y = np.tile(ds.Y_train, (reps, 1))[: args.samples].astype(np.float64)
    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)

    ours = []
    for r in range(args.repeat):
        net = MLP([784, 16, 16, 10], seed=0)
        net.astype("float32")
        t0 = time.perf_counter()
        train(net, X32, Y32, epochs=1, batch_size=10, lr=1.0, seed=r)
        ours.append(time.perf_counter() - t0)

    start = MLP([784, 16, 16, 10], seed=0)
    theirs = []
    for r in range(args.repeat):
        nielsen = NielsenNetwork(start)
        order = np.random.default_rng(r).permutation(len(X))
        t0 = time.perf_counter()
        nielsen.epoch(X, Y, 10, 1.0, order)
        theirs.append(time.perf_counter() - t0)

    # Same algorithm, same steps: check both give the same network after one epoch.
    check = MLP([784, 16, 16, 10], seed=0)
    train(check, X[:2000], Y[:2000], epochs=1, batch_size=10, lr=1.0, seed=0, dtype="float64")
    twin = NielsenNetwork(start)
    twin.epoch(X[:2000], Y[:2000], 10, 1.0, np.random.default_rng(0).permutation(2000))
    same = all(np.allclose(a, b) for a, b in zip(check.weights, twin.weights))

    best, their_best = min(ours), min(theirs)
    print(f"samples per epoch      : {len(X)} (batch size 10, {len(X) // 10} steps)")
    print(f"ours (vectorised)      : {best:.2f} s/epoch (best of {args.repeat}: {', '.join(f'{t:.2f}' for t in ours)})")
    print(f"per-example loop       : {their_best:.2f} s/epoch (best of {args.repeat}: {', '.join(f'{t:.2f}' for t in theirs)})")
    print(f"speed-up               : {their_best / best:.1f}x  (target >= 10x; ours target < 2 s/epoch)")
    print(f"same updates (2k check): {same}")


if __name__ == "__main__":
    main()
