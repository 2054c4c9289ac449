"""Chapter 1's numbers: small pure functions of the run and its digits (tested in
tests/test_chapter1.py against independent computations)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from network.activations import sigmoid
from scenes.data import get_dataset, get_run


def threes(n: int = 5) -> np.ndarray:
    """The first ``n`` training digits labelled 3, shape ``(n, 784)``."""
    data = get_dataset()
    return data.X_train[np.flatnonzero(data.y_train == 3)[:n]]


def busy_patch(image: np.ndarray, size: int = 5) -> tuple[int, int]:
    """Top-left ``(row, col)`` of the ``size x size`` window of ``image`` with
    the most in-between gray values (so the zoomed patch shows varied numbers)."""
    img = np.asarray(image, dtype=float).reshape(28, 28)
    gray = (img > 0.02) & (img < 0.98)
    best, where = -1.0, (0, 0)
    for r in range(28 - size + 1):
        for c in range(28 - size + 1):
            win = img[r : r + size, c : c + size]
            score = gray[r : r + size, c : c + size].sum() + 0.01 * (win > 0).sum()
            if score > best:
                best, where = score, (r, c)
    return where


def demo_probe() -> int:
    """Probe position of the forward-pass digit: the first probe showing a 3
    that the trained network classifies correctly."""
    run = get_run()
    out = run.final.probe_activations[-1]
    for i in run.probes.of_digit(3):
        if out[i].argmax() == 3:
            return int(i)
    return int(run.probes.of_digit(3)[0])


def wrong_probe() -> int | None:
    """Probe position of the first real digit the trained network gets wrong
    (``None`` if it gets every probe right)."""
    run = get_run()
    out = run.final.probe_activations[-1]
    for i, label in enumerate(run.probes.labels):
        if label >= 0 and out[i].argmax() != label:
            return int(i)
    return None


def wrong_digit() -> tuple[np.ndarray, int, str]:
    """Image, true label and description of one digit the trained network
    misclassifies: a probe if possible, else the first such validation digit."""
    run = get_run()
    i = wrong_probe()
    if i is not None:
        return run.probes.images[i], int(run.probes.labels[i]), f"validation digit #{int(run.probes.indices[i])}"
    data = get_dataset()
    pred = run.network(-1).predict(data.X_val).argmax(axis=1)
    k = int(np.flatnonzero(pred != data.y_val)[0])
    return data.X_val[k], int(data.y_val[k]), f"validation digit #{k}"


@dataclass
class NeuronExample:
    """One first-hidden-layer neuron acting on one digit (final snapshot)."""

    neuron: int
    weights: np.ndarray
    bias: float
    image: np.ndarray
    label: int
    weighted_sum: float
    z: float
    activation: float

    def product_sums(self) -> tuple[float, float]:
        """Sums of the positive and of the negative products ``w_k a_k`` (they add up to
        ``weighted_sum``)."""
        products = self.weights * self.image
        return float(products[products > 0].sum()), float(products[products < 0].sum())


def neuron_example() -> NeuronExample:
    """The neuron of hidden layer 1 whose input ``z`` for the forward-pass
    digit is closest to 0 among those with ``|z| > 1`` (so its sigmoid output
    sits on the visible bend), with its real weights, bias and sums."""
    run = get_run()
    snap = run.final
    i = demo_probe()
    image = run.probes.images[i].astype(np.float64)
    W = snap.weights[0].astype(np.float64)
    b = snap.biases[0].astype(np.float64)
    sums = W @ image
    z = sums + b
    candidates = np.flatnonzero(np.abs(z) > 1.0)
    j = int(candidates[np.argmin(np.abs(z[candidates]))]) if candidates.size else int(np.argmin(np.abs(z)))
    return NeuronExample(j, W[j], float(b[j]), image, int(run.probes.labels[i]),
                         float(sums[j]), float(z[j]), float(sigmoid(z[j])))


def parameter_counts(sizes: list[int]) -> tuple[list[int], list[int], int]:
    """Weights per layer (``n_in * n_out``), biases per layer, and the total."""
    weights = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    biases = list(sizes[1:])
    return weights, biases, sum(weights) + sum(biases)


def mean_sigmoid_slope() -> float:
    """Average slope ``sigma'(z) = a (1 - a)`` over the hidden neurons of the
    trained network, for every real-digit probe."""
    run = get_run()
    real = run.probes.labels >= 0
    acts = run.final.probe_activations
    slopes = [a[real] * (1 - a[real]) for a in acts[1:-1]]
    return float(np.mean(np.concatenate([s.ravel() for s in slopes])))


# ------------------------------------------------------------------ preview
@dataclass
class Preview:
    """A stream of held-out digits through the trained network (final snapshot)."""

    indices: np.ndarray  # positions in the validation set
    images: np.ndarray  # (n, 784)
    labels: np.ndarray  # (n,)
    activations: list[np.ndarray]  # activations[l] is (n, layer width); [0] is the input

    @property
    def guesses(self) -> np.ndarray:
        """The network's answer for each digit: its brightest output neuron."""
        return self.activations[-1].argmax(axis=1)

    def tally(self, k: int) -> tuple[int, int]:
        """Right and wrong answers among the first ``k`` digits of the stream."""
        right = int((self.guesses[:k] == self.labels[:k]).sum())
        return right, k - right


def preview_stream(n: int = 15, seed: int = 0) -> Preview:
    """``n`` validation digits drawn at random (without replacement, ``seed`` fixed),
    with the trained network's activations for each."""
    data = get_dataset()
    if not 0 < n <= len(data.y_val):
        raise ValueError(f"a preview of {n} digits needs 1 to {len(data.y_val)} validation digits")
    idx = np.random.default_rng(seed).choice(len(data.y_val), n, replace=False)
    images = data.X_val[idx].astype(np.float64)
    _, acts = get_run().network(-1).forward(images)
    return Preview(idx, images, data.y_val[idx].astype(int), [np.asarray(a, dtype=np.float64) for a in acts])


def brightest_pixels(images: np.ndarray, n: int = 16) -> np.ndarray:
    """The ``n`` pixels with the highest mean brightness over ``images``, in reading
    order: the input neurons a diagram draws for a whole stream of digits."""
    mean = np.asarray(images, dtype=float).reshape(-1, 784).mean(axis=0)
    return np.sort(np.argsort(-mean, kind="stable")[:n])


def validation_accuracy() -> float:
    """Share of all validation digits the trained network (final snapshot) answers right."""
    data = get_dataset()
    guesses = get_run().network(-1).predict(data.X_val).argmax(axis=1)
    return float((guesses == data.y_val).mean())


# ---------------------------------------------------------- hope vs the real network
def probe_of(digit: int) -> int:
    """Probe position of the first real ``digit`` the trained network answers right
    (the first one of that digit if it answers none right)."""
    run = get_run()
    out = run.final.probe_activations[-1]
    mine = run.probes.of_digit(digit)
    right = [int(i) for i in mine if out[i].argmax() == digit]
    return right[0] if right else int(mine[0])


def lit_counts(activations: list[np.ndarray], threshold: float = 0.5) -> list[int]:
    """How many neurons of each hidden layer are more than ``threshold`` lit
    (``activations`` as recorded: input first, output last)."""
    return [int((np.asarray(a) > threshold).sum()) for a in activations[1:-1]]


# ------------------------------------------------------------ a neuron designed by hand
@dataclass
class BarDetector:
    """Hand-made weights (a toy): +1 on a horizontal bar, -1 on the rows just above and
    below it, 0 elsewhere."""

    weights: np.ndarray  # 784
    row: int  # middle row of the bar
    cols: tuple[int, int]  # first and last column of the bar


def bar_detector(image: np.ndarray, half: int = 1, border: int = 2) -> BarDetector:
    """A detector for the brightest row of ``image``: the bar covers rows
    ``row - half .. row + half`` over the columns where that row is more than half lit,
    and ``border`` rows on each side of it get weight -1."""
    img = np.asarray(image, dtype=float).reshape(28, 28)
    row = int(np.argmax(img.sum(axis=1)))
    lit = np.flatnonzero(img[row] > 0.5)
    c0, c1 = (int(lit[0]), int(lit[-1])) if lit.size else (0, 27)
    w = np.zeros((28, 28))
    top, bottom = max(0, row - half), min(27, row + half)
    w[max(0, top - border):top, c0:c1 + 1] = -1.0
    w[bottom + 1:min(28, bottom + 1 + border), c0:c1 + 1] = -1.0
    w[top:bottom + 1, c0:c1 + 1] = 1.0
    return BarDetector(w.ravel(), row, (c0, c1))


def weighted_sum(weights: np.ndarray, image: np.ndarray) -> float:
    """``sum_k w_k a_k`` over the 784 pixels."""
    return float(np.dot(np.asarray(weights, dtype=np.float64).ravel(), np.asarray(image, dtype=np.float64).ravel()))


# ------------------------------------------------------------ the forward pass as code
def forward_source_lines() -> list[str]:
    """The lines of our own ``network.MLP.forward`` that compute the layers: the loop
    over weights and biases, ``z = a @ w.T + b`` and the squish (read from the source,
    so the screen shows the code that really runs)."""
    import inspect
    import textwrap

    from network.mlp import MLP

    lines = textwrap.dedent(inspect.getsource(MLP.forward)).splitlines()
    start = next(k for k, line in enumerate(lines) if line.strip().startswith("for ") and "zip(self.weights" in line)
    body = [start] + [k for k in range(start + 1, len(lines))
                      if lines[k].strip().startswith(("z = ", "a = "))][:2]
    if len(body) != 3:
        raise RuntimeError("network.MLP.forward no longer has the loop this scene shows")
    indent = len(lines[start]) - len(lines[start].lstrip())
    return [lines[k][indent:].rstrip() for k in body]


# ------------------------------------------------------------ the hook: same pixels, other digits
def _box_blur(img: np.ndarray, times: int = 3) -> np.ndarray:
    """``times`` passes of a 3x3 box blur with zero padding (a 28x28 array in, one out)."""
    out = np.asarray(img, dtype=np.float64)
    for _ in range(times):
        p = np.pad(out, 1)
        out = sum(p[r:r + out.shape[0], c:c + out.shape[1]] for r in range(3) for c in range(3)) / 9.0
    return out


def rearranged(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 784 values of ``source`` moved to the places of ``target``'s pixels by
    brightness rank: the brightest value of ``source`` goes where ``target`` is
    brightest, the second brightest to its second brightest place, and so on.
    Ties among ``target``'s dark pixels are broken by a blur of ``target`` (so the
    leftover values hug its stroke). The result, shape ``(784,)``, is an exact
    permutation of ``source``."""
    s = np.asarray(source, dtype=np.float64).ravel()
    t = np.asarray(target, dtype=np.float64).ravel()
    blur = _box_blur(t.reshape(28, 28)).ravel()
    places = np.lexsort((np.arange(784), blur, t))  # ascending: target value, then blur
    out = np.empty(784)
    out[places] = np.sort(s, kind="stable")
    return out


def rearrangement_moves(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Where each pixel of ``source`` goes in :func:`rearranged`: ``moves[k]`` is the new
    position of ``source[k]``, shape ``(784,)`` (a permutation of ``0..783``)."""
    s = np.asarray(source, dtype=np.float64).ravel()
    t = np.asarray(target, dtype=np.float64).ravel()
    blur = _box_blur(t.reshape(28, 28)).ravel()
    places = np.lexsort((np.arange(784), blur, t))
    moves = np.empty(784, dtype=int)
    moves[np.argsort(s, kind="stable")] = places
    return moves


def first_of(digit: int, n: int = 1, skip: int = 0) -> np.ndarray:
    """Training digits labelled ``digit``: ``n`` of them after the first ``skip``, shape ``(n, 784)``."""
    data = get_dataset()
    return data.X_train[np.flatnonzero(data.y_train == digit)[skip:skip + n]]


def varied_pixel(images: np.ndarray) -> int:
    """The pixel whose brightness varies most (largest standard deviation) over ``images``
    (shape ``(n, 784)``): one input neuron that takes clearly different values."""
    return int(np.argmax(np.asarray(images, dtype=np.float64).reshape(len(images), -1).std(axis=0)))


# ------------------------------------------------------------ layers of abstraction: edges
def sobel(image: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sobel edge filter of a 28x28 image with zero padding: the horizontal gradient
    ``gx`` (right minus left), the vertical gradient ``gy`` (down minus up), and the
    edge strength ``sqrt(gx^2 + gy^2)``; each ``(28, 28)``."""
    img = np.pad(np.asarray(image, dtype=np.float64).reshape(28, 28), 1)
    smooth = np.array([1.0, 2.0, 1.0])

    def window(dr: int, dc: int) -> np.ndarray:
        return img[1 + dr:29 + dr, 1 + dc:29 + dc]

    gx = sum(smooth[dr + 1] * (window(dr, 1) - window(dr, -1)) for dr in (-1, 0, 1))
    gy = sum(smooth[dc + 1] * (window(1, dc) - window(-1, dc)) for dc in (-1, 0, 1))
    return gx, gy, np.hypot(gx, gy)


# ------------------------------------------------------------ a misclassified digit: asking why
def output_contributions(a_last_hidden: np.ndarray, W_out: np.ndarray, b_out: np.ndarray,
                         j: int) -> tuple[np.ndarray, float]:
    """The terms ``w_jk a_k`` of output neuron ``j``'s weighted input (shape ``(n_hidden,)``)
    and its bias ``b_j``: they add up to ``z_j``."""
    a = np.asarray(a_last_hidden, dtype=np.float64).ravel()
    return np.asarray(W_out, dtype=np.float64)[j] * a, float(np.asarray(b_out)[j])
