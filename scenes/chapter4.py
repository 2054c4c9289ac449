"""Chapter 4: "Backpropagation calculus", with one real path through the network.

Everything comes from the default run (``get_run()``) and its digits
(``get_dataset()``); nothing is trained here.

* The network is the recorded snapshot :data:`STEP` (epoch 2, mid-training, so
  its outputs are neither random nor perfect) and the example is one training
  image of its recorded mini-batch whose correct output is still far from 1.
* The lecture's chain of single neurons is one real path through that network:
  a bright input pixel -> hidden neuron ``k`` (layer 1) -> hidden neuron ``j``
  (layer 2) -> the correct output neuron ``i``. Nudging the last weight
  ``w_ij`` changes only output ``i``, so the chain rule along the path gives
  the real network's exact partial derivatives for the last layer; the scenes
  say so on screen and write the other 15 inputs of ``z`` as ``+ ...``.
* Measured cost changes are real forward passes of the whole network with one
  weight nudged; per-edge sensitivities are the snapshot's recorded mini-batch
  gradient (``Snapshot.grad_weights``).

Layer numbers on screen follow the lecture: ``L`` is the output layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Circle,
    Circumscribe,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromPoint,
    Group,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    MobjectMatrix,
    NumberLine,
    Square,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
    there_and_back,
)

from network import MLP
from network.activations import sigmoid_prime_from_a
from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import NetworkDiagram, digit_image
from scenes.numbers import fixed, fmt, ptex, tex_num
from scenes.style import (
    GRAY,
    ACTIVATION_COLOR,
    BIAS_COLOR,
    HIGHLIGHT,
    NEGATIVE,
    POSITIVE,
    WEIGHT_COLOR,
)

COST_COLOR = ManimColor("#FF6B6B")
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


# ===================================================================== mobjects
def chain_neuron(activation: float, radius: float = 0.35) -> Circle:
    """A neuron of the chain: white fill with opacity = activation."""
    return Circle(radius=radius, stroke_color=WHITE, stroke_width=2).set_fill(WHITE, float(np.clip(activation, 0, 1)))


def value_line(lo: float, hi: float, step: float, length: float = 3.2) -> NumberLine:
    """A small number line from ``lo`` to ``hi`` with numbers every ``step``."""
    return NumberLine(x_range=[lo, hi, step], length=length, include_numbers=True,
                      decimal_number_config={"num_decimal_places": _decimals(step)}, font_size=20)


def _decimals(step: float) -> int:
    return max(0, -int(math.floor(math.log10(step) + 1e-9)))


def nice_range(values: list[float], ticks: int = 4) -> tuple[float, float, float]:
    """A rounded ``(lo, hi, step)`` covering ``values`` with room around them."""
    lo, hi = min(values), max(values)
    span = max(hi - lo, 1e-6) * 3
    raw = span / ticks
    step = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * step:
            step *= m
            break
    mid = (lo + hi) / 2
    lo_t = math.floor((mid - span / 2) / step) * step
    hi_t = math.ceil((mid + span / 2) / step) * step
    return lo_t, hi_t, step


def pixel_square(digit: Group, index: int) -> Square:
    """A highlight square around pixel ``index`` (row-major 28x28) of a :func:`digit_image`."""
    img = digit[0]
    side = img.height / 28
    row, col = divmod(int(index), 28)
    corner = img.get_corner(UP + LEFT)
    return Square(side, color=HIGHLIGHT, stroke_width=3).move_to(corner + side * ((col + 0.5) * RIGHT + (row + 0.5) * DOWN))


# ======================================================================= scenes
class Ch4OnePath(LectureScene):
    """The lecture's chain of single neurons, as one real path of the trained network."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        run = get_run()
        path = the_path()
        snap = run.snapshot(path.step)
        bright = [int(q) for q in np.argsort(-path.pixels) if q != path.p][:15]
        shown0 = np.sort(np.array(bright + [path.p]))
        diagram = NetworkDiagram(run.layer_sizes, snap.weights, shown={0: shown0}, layer_buff=2.0)
        diagram.height = 5.6
        diagram.to_edge(RIGHT, buff=1.2).shift(DOWN * 0.3)
        diagram.set_activations(path.acts)
        labels = diagram.output_labels(font_size=20)
        digit = digit_image(path.pixels, height=2.2).to_edge(LEFT, buff=1.4).shift(UP * 0.5)
        caption = Text(f"training image #{path.index}, a {path.label}", font_size=20, color=GRAY)
        caption.next_to(digit, DOWN, buff=0.2)
        step_text = Text(f"network at step {path.step} (epoch {snap.epoch:g})", font_size=20, color=GRAY)
        step_text.next_to(caption, DOWN, buff=0.15)
        title = Text("The simplest case: one neuron per layer", font_size=32).to_edge(UP, buff=0.3)
        self.add(diagram.edges)

        # Beat: the real network.
        self.beat(f"Here is our network partway through its training, at step {path.step}, after {snap.epoch:g} epochs. "
                  f"It is looking at training image {path.index}, a handwritten {path.label}, and each circle glows "
                  "as brightly as its neuron is active. To see what backpropagation really does, we will follow the "
                  "smallest piece of this network we can find.")
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        self.play(FadeIn(digit), FadeIn(caption), FadeIn(step_text), Write(title), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(layer, color=HIGHLIGHT, scale_factor=1.05) for layer in diagram.layers],
                                      lag_ratio=0.7))

        # Beat: one path, chosen backwards from the answer.
        self.beat(f"Now pick out one thread, chosen backwards from the answer. From the output for a {path.label}, "
                  "step back to the second-layer neuron that contributes most to it, then to the first-layer neuron "
                  "that contributes most to that one, and finally to the pixel that feeds it most strongly.")
        ns = path.neurons
        path_lines = VGroup(*[Line(diagram.neuron(l, ns[l]).get_right(), diagram.neuron(l + 1, ns[l + 1]).get_left(),
                                   color=HIGHLIGHT, stroke_width=6) for l in range(3)])
        rings = VGroup(*[SurroundingRectangle(diagram.neuron(l, ns[l]), color=HIGHLIGHT, buff=0.05)
                         for l in range(4)])
        mark = pixel_square(digit, path.p)
        link = DashedLine(mark.get_right(), rings[0].get_left(), color=HIGHLIGHT, stroke_width=2)
        steps = ([[Create(rings[3])]]
                 + [[GrowFromPoint(path_lines[l], path_lines[l].get_end()), Create(rings[l])] for l in (2, 1, 0)]
                 + [[GrowFromPoint(link, link.get_end()), Create(mark)]])
        for n, anims in enumerate(steps):
            self.play_through(*anims, share=1 / (len(steps) - n))

        # Beat: pulled out as a chain.
        chain = VGroup(*[chain_neuron(a) for a in path.chain_a]).arrange(RIGHT, buff=2.3)
        chain.move_to(DOWN * 0.2)
        edges = VGroup(*[Line(chain[l].get_right(), chain[l + 1].get_left(), color=WEIGHT_COLOR, stroke_width=4)
                         for l in range(3)])
        sup = ["L-3", "L-2", "L-1", "L"]
        a_labels = VGroup(*[MathTex(rf"a^{{({s})}} = {tex_num(a, 2)}", font_size=34, color=ACTIVATION_COLOR)
                            .next_to(c, DOWN, buff=0.25) for s, c, a in zip(sup, chain, path.chain_a)])
        w_labels = VGroup(*[MathTex(rf"w^{{({s})}} = {tex_num(w, 3)}", font_size=30, color=WEIGHT_COLOR)
                            .next_to(e, UP, buff=0.15) for s, e, w in zip(sup[1:], edges, path.chain_w)])
        b_labels = VGroup(*[MathTex(rf"b^{{({s})}} = {tex_num(b, 3)}", font_size=30, color=BIAS_COLOR)
                            .next_to(c, UP, buff=0.8) for s, c, b in zip(sup[1:], chain[1:], path.chain_b)])
        names = ["pixel", f"layer-1 neuron {path.k}", f"layer-2 neuron {path.j}", f"output {path.i}"]
        who = VGroup(*[Text(n, font_size=20, color=GRAY).next_to(lab, DOWN, buff=0.2)
                       for n, lab in zip(names, a_labels)])
        a0, a1, a2, a3 = path.chain_a
        self.beat(f"Pull that thread out and lay it flat, and we get the simplest network there is: four neurons in "
                  f"a row. The pixel is lit at {fmt(a0, 2)}, the two hidden neurons sit at {fmt(a1, 2)} and "
                  f"{fmt(a2, 2)}, and the output for a {path.label} reaches only {fmt(a3, 2)}.")
        self.play(FadeOut(diagram.edges), FadeOut(diagram.layers), FadeOut(labels),
                  FadeOut(VGroup(*diagram.ellipses.values())), FadeOut(rings), FadeOut(mark), FadeOut(link),
                  FadeOut(digit), FadeOut(caption), FadeOut(step_text),
                  *[TransformFromCopy(path_lines[l], edges[l]) for l in range(3)], FadeOut(path_lines),
                  run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(VGroup(c, a, n)) for c, a, n in zip(chain, a_labels, who)],
                                      lag_ratio=0.8))

        # Beat: weights and biases.
        self.beat(f"Three weights join them, and each neuron after the pixel adds its own bias. All of these are the "
                  f"real values of the snapshot. The last weight, {fmt(path.w, 3)}, and the last bias, "
                  f"{fmt(path.b, 3)}, are where we begin.")
        self.play_through(LaggedStart(*[Write(m) for m in w_labels], lag_ratio=0.5), share=0.35)
        self.play_through(LaggedStart(*[Write(m) for m in b_labels], lag_ratio=0.5), share=0.45)
        self.play_through(Indicate(w_labels[2]), Indicate(b_labels[2]))

        # Beat: cost of the output.
        self.beat(f"This image is a {path.label}, so the output we followed should be fully on: its target y is "
                  f"{path.target:.0f}. It only reaches {fmt(path.a, 2)}, and the cost of this output is the squared "
                  f"gap, {fmt(path.term, 2)}. With the other nine outputs added in, the whole example costs "
                  f"{fmt(path.cost, 2)}.")
        target = MathTex(rf"y = {path.target:.0f}", font_size=34, color=POSITIVE).next_to(chain[-1], RIGHT, buff=0.5)
        cost = MathTex(
            rf"C_0 = \big(a^{{(L)}} - y\big)^2 = ({tex_num(path.a, 2)} - {path.target:.0f})^2 = {tex_num(path.term, 2)}",
            font_size=36,
        ).to_edge(DOWN, buff=0.6)
        note = Text(f"(this output's term of the example's cost {fmt(path.cost, 2)})", font_size=20, color=GRAY)
        note.next_to(cost, DOWN, buff=0.12)
        self.play_through(FadeIn(target), Indicate(a_labels[3]), share=0.3)
        self.play_through(Write(cost), share=0.55)
        self.play_through(FadeIn(note))

        # Beat: the question.
        self.beat("Training exists to shrink gaps like this one. So the question of this chapter is how strongly "
                  "each weight and each bias along the chain pushes on that cost. We will answer it link by link, "
                  "starting at the end and working backwards.")
        self.play_through(Circumscribe(cost, color=COST_COLOR), share=0.3)
        self.play_through(LaggedStart(*[Indicate(VGroup(w_labels[l], b_labels[l])) for l in (2, 1, 0)], lag_ratio=0.7))


class Ch4DependencyTree(LectureScene):
    """z, a and C0 as functions of w, a(L-1) and b, with number lines that move when w is nudged."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        others = path.acts[2].size - 1
        title = Text("What the cost depends on", font_size=32).to_edge(UP, buff=0.3)
        eqs = VGroup(
            MathTex(r"z^{(L)}", r"=", r"w^{(L)}", r"a^{(L-1)}", r"+", r"b^{(L)}", r"+ \cdots", font_size=34),
            MathTex(r"a^{(L)} = \sigma\big(z^{(L)}\big)", font_size=34),
            MathTex(r"C_0 = \big(a^{(L)} - y\big)^2", font_size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).to_corner(LEFT + UP, buff=0.5).shift(DOWN * 0.7)
        eqs[0][2].set_color(WEIGHT_COLOR)
        eqs[0][3].set_color(ACTIVATION_COLOR)
        eqs[0][5].set_color(BIAS_COLOR)
        dots_note = Text(f"+ ... : the other {others} inputs of output {path.i}, held fixed ({fmt(path.rest, 2)})",
                         font_size=20, color=GRAY).next_to(eqs, DOWN, aligned_edge=LEFT, buff=0.25)

        # Beat: z.
        self.beat(f"Let us write the last link as equations. The output's weighted sum z is the last weight times "
                  f"the previous activation, plus the bias, plus the other {others} inputs, which we hold fixed: "
                  f"together they add {fmt(path.rest, 2)}.")
        self.play(Write(title), run_time=0.15 * self.remaining())
        self.play_through(Write(eqs[0]), share=0.55)
        self.play_through(FadeIn(dots_note), Indicate(eqs[0][6]))

        # Beat: a and C.
        self.beat("The sigmoid squashes z into the output's activation a. The cost of this output then compares a "
                  "with its target y, as the square of their difference.")
        self.play_through(Write(eqs[1]), share=0.45)
        self.play_through(Write(eqs[2]))

        # Beat: the tree.
        self.beat("Drawn as a tree, each quantity hangs on the ones above it: the weight, the previous activation "
                  "and the bias feed z, z feeds a, and a and y together feed the cost. Reading down the arrows is "
                  "the forward pass; backpropagation walks the same arrows back up.")
        node_kw = {"font_size": 38}
        top = VGroup(MathTex(r"w^{(L)}", color=WEIGHT_COLOR, **node_kw),
                     MathTex(r"a^{(L-1)}", color=ACTIVATION_COLOR, **node_kw),
                     MathTex(r"b^{(L)}", color=BIAS_COLOR, **node_kw)).arrange(RIGHT, buff=0.8)
        z_node = MathTex(r"z^{(L)}", **node_kw)
        a_node = MathTex(r"a^{(L)}", **node_kw)
        c_node = MathTex(r"C_0", color=COST_COLOR, **node_kw)
        y_node = MathTex(r"y", color=POSITIVE, **node_kw)
        note_target = dots_note.copy().next_to(eqs[0], DOWN, aligned_edge=LEFT, buff=0.25)
        column = VGroup(top, z_node, a_node, c_node).arrange(DOWN, buff=0.75)
        column.next_to(note_target, DOWN, buff=0.5).set_x(-4.3)
        z_node.set_x(top[1].get_x())
        a_node.set_x(top[1].get_x())
        c_node.set_x(top[1].get_x())
        y_node.next_to(a_node, RIGHT, buff=0.9)
        arrows = VGroup(*[Arrow(t.get_bottom(), z_node.get_top(), buff=0.08, stroke_width=3,
                                max_tip_length_to_length_ratio=0.2) for t in top],
                        Arrow(z_node.get_bottom(), a_node.get_top(), buff=0.08, stroke_width=3),
                        Arrow(a_node.get_bottom(), c_node.get_top(), buff=0.08, stroke_width=3),
                        Arrow(y_node.get_bottom(), c_node.get_right(), buff=0.1, stroke_width=3))
        self.play(FadeOut(eqs[1:]), dots_note.animate.move_to(note_target), run_time=0.1 * self.remaining())
        self.play(FadeIn(top), FadeIn(z_node), FadeIn(a_node), FadeIn(c_node), FadeIn(y_node),
                  run_time=0.1 * self.remaining())
        self.play_through(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.3), share=0.4)
        self.play_through(LaggedStart(*[Indicate(m) for m in (top, z_node, a_node, c_node)], lag_ratio=0.6), share=0.5)
        self.play_through(LaggedStart(*[Indicate(m) for m in (c_node, a_node, z_node, top[0])], lag_ratio=0.6))

        # Beat: number lines.
        self.beat(f"Now give each quantity its own number line, with a dot at its real value: the weight is "
                  f"{path.w:.3f}, z is {path.z:.3f}, a is {path.a:.3f}, and the cost is {path.term:.3f}.")
        w_t = ValueTracker(path.w)
        after = path.nudged(NUDGE)
        series = {
            "w": (top[0], [path.w, path.w + NUDGE], WEIGHT_COLOR, lambda: w_t.get_value()),
            "z": (z_node, [path.z, after[0]], WHITE, lambda: path.nudged(w_t.get_value() - path.w)[0]),
            "a": (a_node, [path.a, after[1]], ACTIVATION_COLOR, lambda: path.nudged(w_t.get_value() - path.w)[1]),
            "C": (c_node, [path.term, after[2]], COST_COLOR, lambda: path.nudged(w_t.get_value() - path.w)[2]),
        }
        lines = VGroup()
        movers = []
        for key, (node, vals, color, getter) in series.items():
            lo, hi, step = nice_range(vals)
            line = value_line(lo, hi, step).move_to([2.6, node.get_y(), 0])
            name = MathTex({"w": r"w^{(L)}", "z": r"z^{(L)}", "a": r"a^{(L)}", "C": r"C_0"}[key],
                           font_size=30, color=color).next_to(line, LEFT, buff=0.35)
            lines.add(VGroup(line, name))
            movers.append((line, color, getter))
        self.add(lines)
        self.play_through(FadeIn(lines), share=0.3)

        def marker(line: NumberLine, color: ManimColor, getter) -> VGroup:
            """A dot and its value on ``line`` that follow ``getter()`` every frame."""
            dot = Dot(color=color, radius=0.09)
            label = DecimalNumber(0, num_decimal_places=3, font_size=26, color=color)

            def follow(group: VGroup) -> None:
                value = getter()
                label.set_value(value)
                dot.move_to(line.n2p(value))
                label.next_to(dot, UP, buff=0.12)

            group = VGroup(dot, label)
            follow(group)
            return group.add_updater(follow)

        markers = [marker(l, c, g) for l, c, g in movers]
        self.play_through(LaggedStart(*[FadeIn(m) for m in markers], lag_ratio=0.8))

        # Beat: nudge w.
        self.beat(f"Nudge the weight up by {NUDGE:g}, to {path.w + NUDGE:.3f}, and watch everything below it follow. "
                  f"z rises to {after[0]:.3f}, a rises to {after[1]:.3f}, and the cost drops to {after[2]:.3f}, "
                  "because the output has moved closer to its target.")
        ghosts = VGroup(*[Dot(line.n2p(vals[0]), color=GRAY, radius=0.06)
                          for (line, _c, _g), (_n, vals, _cc, _gg) in zip(movers, series.values())])
        dw_label = MathTex(rf"\Delta w^{{(L)}} = {tex_num(NUDGE, plus=True)}", font_size=30, color=WEIGHT_COLOR)
        dw_label.next_to(lines[0], RIGHT, buff=0.3)
        self.add(ghosts)
        self.play(FadeIn(dw_label), run_time=0.5)
        self.play_through(w_t.animate.set_value(path.w + NUDGE), share=0.35)
        self.play_through(LaggedStart(*[Indicate(line[1]) for line in lines[1:]], lag_ratio=0.8))

        # Beat: the three rates.
        self.beat("Each link passes the nudge along at its own rate. z moves by the previous activation times the "
                  "change in w; a moves by the sigmoid's slope times the change in z; and the cost moves by its own "
                  "slope times the change in a. The chain rule simply multiplies those three rates.")
        for n, arrow in enumerate((arrows[0], arrows[3], arrows[4])):
            self.play_through(w_t.animate(rate_func=there_and_back).set_value(path.w),
                              Indicate(arrow, color=HIGHLIGHT), share=1 / (3 - n))


class Ch4ChainRule(LectureScene):
    """dC0/dw(L) built term by term from the chain rule, with the path's numbers."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("The chain rule", font_size=32).to_edge(UP, buff=0.3)
        rule = MathTex(
            r"{\partial C_0 \over \partial w^{(L)}}", r"=",
            r"{\partial z^{(L)} \over \partial w^{(L)}}",
            r"{\partial a^{(L)} \over \partial z^{(L)}}",
            r"{\partial C_0 \over \partial a^{(L)}}", font_size=44,
        ).next_to(title, DOWN, buff=0.5)
        rule[0].set_color(COST_COLOR)

        # Beat: the split.
        self.beat("How sensitive is the cost to that last weight? The weight never touches the cost directly: it "
                  "moves z, z moves a, and a moves the cost. So the chain rule writes the derivative as a product "
                  "of three ratios, one for each link.")
        self.play(Write(title), run_time=0.15 * self.remaining())
        self.play_through(Write(rule), share=0.45)
        self.play_through(LaggedStart(*[Indicate(rule[part]) for part in (2, 3, 4)], lag_ratio=0.7))

        rows = [
            (r"= 2\big(a^{(L)} - y\big)", rf"= 2({tex_num(path.a, 3)} - {path.target:.0f}) = {tex_num(path.dC_da, 3)}"),
            (r"= \sigma'\big(z^{(L)}\big)", rf"= \sigma'({tex_num(path.z, 3)}) = {tex_num(path.da_dz, 3)}"),
            (r"= a^{(L-1)}", rf"= {tex_num(path.a_prev, 3)}"),
        ]
        table = VGroup()
        for part, (lhs, rhs) in zip((4, 3, 2), rows):
            table.add(VGroup(MathTex(rule.tex_strings[part], lhs, font_size=36), MathTex(rhs, font_size=36))
                      .arrange(RIGHT, buff=0.25))
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.35).next_to(rule, DOWN, buff=0.6)

        def factor(part: int, row: VGroup) -> None:
            """Box one factor of the rule, copy it down, and write its meaning and measured value over the beat."""
            box = SurroundingRectangle(rule[part], color=HIGHLIGHT, buff=0.08)
            self.play(Create(box), run_time=0.6)
            self.play(TransformFromCopy(rule[part], row[0][0]), run_time=1.2)
            self.play_through(Write(row[0][1]), share=0.3)
            self.add(row[0])
            self.play_through(Write(row[1]), share=0.55)
            self.play_through(Indicate(row[1], color=HIGHLIGHT, scale_factor=1.1), share=0.9)
            self.play(FadeOut(box), run_time=0.5)

        # Beat: the last factor, dC0/da.
        self.beat(f"Start at the end. The cost is the square of a minus y, so it responds to a at a rate of twice a "
                  f"minus y. With a at {fmt(path.a, 3)} and y at {path.target:.0f}, that is {fmt(path.dC_da, 3)}: "
                  "negative, because raising a would bring it closer to its target.")
        factor(4, table[0])

        # Beat: the middle factor, da/dz.
        self.beat(f"Next, a is the sigmoid of z, so it responds to z at the slope of the sigmoid at that point. Here "
                  f"z is {fmt(path.z, 3)}, and the slope there is {fmt(path.da_dz, 3)}. The sigmoid is steepest at "
                  "zero and flattens out on both sides, so a saturated neuron barely responds.")
        factor(3, table[1])

        # Beat: the first factor, dz/dw.
        self.beat(f"Finally, z is the weight times the previous activation, plus terms without this weight, so z "
                  f"responds to w at a rate equal to that activation, {fmt(path.a_prev, 3)}. A weight fed by a bright "
                  "neuron has far more leverage than one fed by a dim neuron.")
        factor(2, table[2])

        # Beat: the product.
        self.beat(f"Multiply the three ratios, {fmt(path.a_prev, 3)} times {fmt(path.da_dz, 3)} times "
                  f"{fmt(path.dC_da, 3)}, and we get {fmt(path.dC_dw, 3)}. For a small nudge of the last weight, the "
                  "cost changes by about this many times the nudge; the minus sign says a larger weight means a "
                  "smaller cost.")
        product = MathTex(
            r"{\partial C_0 \over \partial w^{(L)}}",
            rf"= {ptex(path.a_prev, 3)} \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} = {tex_num(path.dC_dw, 3)}",
            font_size=42,
        ).next_to(table, DOWN, buff=0.5)
        product[0].set_color(COST_COLOR)
        box = SurroundingRectangle(product, color=HIGHLIGHT, buff=0.12)
        self.play_through(LaggedStart(*[Indicate(row[1]) for row in reversed(table)], lag_ratio=0.5),
                          Write(product), share=0.45)
        self.play_through(Create(box), share=0.3)
        self.play_through(Indicate(product[1]))


class Ch4NudgeMeasured(LectureScene):
    """Nudge w(L) by a small amount: measured change of C0 next to the chain-rule prediction."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("Check it: actually nudge the weight", font_size=32).to_edge(UP, buff=0.3)
        pred = MathTex(rf"{{\partial C_0 \over \partial w^{{(L)}}}} = {tex_num(path.dC_dw, 3)}", font_size=40)
        pred.next_to(title, DOWN, buff=0.4)

        # Beat: what we predict.
        self.beat(f"Is that number right? Let us check it the blunt way, with no calculus at all. The chain rule "
                  f"predicts that the cost changes by {fmt(path.dC_dw, 3)} times any small nudge of the last weight.")
        self.play(Write(title), run_time=0.2 * self.remaining())
        self.play_through(Write(pred), share=0.5)
        self.play_through(Circumscribe(pred, color=HIGHLIGHT))

        # Beat: one nudge.
        dw = NUDGES[0]
        after_vals = path.nudged(dw)
        self.beat(f"So change the weight from {fmt(path.w, 3)} to {fmt(path.w + dw, 3)}, and run the whole network "
                  f"forward on the same image again. This output's cost drops from {fmt(path.term, 3)} to "
                  f"{fmt(after_vals[2], 3)}.")
        before = MathTex(rf"w^{{(L)}} = {tex_num(path.w, 3)}", r"\quad C_0 =", tex_num(path.term, 3), font_size=38)
        after = MathTex(rf"w^{{(L)}} = {tex_num(path.w + dw, 3)}", r"\quad C_0 =", tex_num(after_vals[2], 3),
                        font_size=38)
        pair = VGroup(before, after).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(pred, DOWN, buff=0.5)
        self.play_through(FadeIn(before), share=0.25)
        self.play_through(TransformFromCopy(before, after), share=0.5)
        self.play_through(LaggedStart(Indicate(before[2]), Indicate(after[2]), lag_ratio=0.6))

        # Beat: table, first row.
        header = [r"\Delta w", r"\text{measured } \Delta C_0", r"\text{chain rule } {\partial C_0 \over \partial w}\Delta w",
                  r"\Delta C_0 / \Delta w"]
        cells = [[MathTex(h, font_size=30) for h in header]]
        measured = [path.measured_change(d) for d in NUDGES]
        for d, m in zip(NUDGES, measured):
            cells.append([MathTex(tex_num(d, 3), font_size=32), MathTex(tex_num(m, 3), font_size=32),
                          MathTex(tex_num(path.dC_dw * d, 3), font_size=32), MathTex(tex_num(m / d, 3), font_size=32)])
        widths = [max(row[c].width for row in cells) for c in range(4)]
        grid = VGroup(*[VGroup(*row) for row in cells]).arrange(DOWN, buff=0.3)
        for row in grid:
            for c, cell in enumerate(row):
                cell.set_x(sum(widths[:c]) + 0.8 * c + widths[c] / 2)
        grid.next_to(pair, DOWN, buff=0.5).set_x(0)
        rule_line = Line(grid[0].get_corner(DOWN + LEFT), grid[0].get_corner(DOWN + RIGHT), color=GRAY,
                         stroke_width=1.5).shift(DOWN * 0.12)
        self.beat(f"That measured change, {fmt(measured[0], 3)}, sits next to the chain rule's prediction of "
                  f"{fmt(path.dC_dw * dw, 3)}. Close, but not identical: over a nudge this large, the slope itself "
                  "shifts a little along the way.")
        self.play_through(FadeIn(grid[0]), Create(rule_line), share=0.3)
        self.play_through(FadeIn(grid[1]), share=0.35)
        self.play_through(LaggedStart(Indicate(grid[1][1]), Indicate(grid[1][2]), lag_ratio=0.6))

        # Beat: smaller nudges.
        self.beat(f"Shrink the nudge to {NUDGES[1]:g}, then to {NUDGES[2]:g}, and the two columns agree to more and "
                  "more digits. The last column, the measured change divided by the nudge, closes in on the chain "
                  "rule's value. That limit is exactly what a derivative means.")
        ratio_box = SurroundingRectangle(VGroup(*[row[3] for row in grid[1:]]), color=HIGHLIGHT, buff=0.1)
        self.play_through(LaggedStart(*[FadeIn(row) for row in grid[2:]], lag_ratio=0.6), share=0.4)
        self.play_through(Create(ratio_box), share=0.4)
        self.play_through(Indicate(pred))


class Ch4BiasAndPrevious(LectureScene):
    """dC0/db(L) (dz/db = 1) and dC0/da(L-1) (dz/da = w), then the recipe repeats backwards."""

    NEEDS = Needs(hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("The bias and the previous activation", font_size=32).to_edge(UP, buff=0.3)
        db = MathTex(
            r"{\partial C_0 \over \partial b^{(L)}}", r"=", r"{\partial z^{(L)} \over \partial b^{(L)}}",
            r"\sigma'\big(z^{(L)}\big)\, 2\big(a^{(L)} - y\big)", font_size=36,
        )
        db_value = MathTex(rf"= 1 \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} = {tex_num(path.dC_db, 3)}",
                           font_size=36)
        db[0].set_color(BIAS_COLOR)
        one = MathTex(r"{\partial z^{(L)} \over \partial b^{(L)}} = 1", font_size=32, color=BIAS_COLOR)
        da = MathTex(
            r"{\partial C_0 \over \partial a^{(L-1)}}", r"=", r"w^{(L)}",
            r"\sigma'\big(z^{(L)}\big)\, 2\big(a^{(L)} - y\big)", font_size=36,
        )
        da_value = MathTex(rf"= {ptex(path.w, 3)} \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} "
                           rf"= {tex_num(path.dC_daprev, 3)}", font_size=36)
        da[0].set_color(ACTIVATION_COLOR)
        da[2].set_color(WEIGHT_COLOR)
        for lhs, rhs in ((db, db_value), (da, da_value)):
            rhs.next_to(lhs, RIGHT, buff=0.15).match_y(lhs[1])
        VGroup(VGroup(db, db_value), VGroup(da, da_value)).arrange(DOWN, buff=1.2).next_to(title, DOWN, buff=0.6)
        one.next_to(db[2], DOWN, buff=0.25)

        # Beat: bias.
        self.beat("The bias follows the same recipe, with one link swapped. z changes by exactly as much as b "
                  "does, so the first ratio is simply 1.")
        self.play(Write(title), run_time=0.15 * self.remaining())
        self.play_through(Write(db), share=0.5)
        self.play_through(FadeIn(one), Indicate(db[2]))

        # Beat: the bias's value.
        self.beat(f"The other two factors are the ones we just computed, so the cost's sensitivity to this bias is "
                  f"{fmt(path.dC_db, 3)}. Raising the bias would lower the cost.")
        self.play_through(Write(db_value), share=0.6)
        self.play_through(Indicate(db_value))

        # Beat: previous activation.
        self.beat(f"Now the previous activation. Here the first link is the weight itself: z changes by w for every "
                  f"unit of a. So the cost's sensitivity to that neuron's activation is {fmt(path.w, 3)} times the "
                  f"same two factors, {fmt(path.dC_daprev, 3)}.")
        self.play_through(Write(da), share=0.4)
        self.play_through(Indicate(da[2]), share=0.3)
        self.play_through(Write(da_value))

        # Beat: backwards.
        self.beat("We cannot set an activation directly, only the weights and biases that produce it. But now that "
                  "we know how the cost responds to it, the whole recipe repeats one layer back, where the middle "
                  "weight of our chain gets its own three factors.")
        back = MathTex(
            r"{\partial C_0 \over \partial w^{(L-1)}}", r"=", r"a^{(L-2)}\, \sigma'\big(z^{(L-1)}\big)",
            r"{\partial C_0 \over \partial a^{(L-1)}}", font_size=36,
        ).next_to(VGroup(da, da_value), DOWN, buff=0.8)
        back[0].set_color(WEIGHT_COLOR)
        sigma_prev = float(sigmoid_prime_from_a(path.chain_a[2]))
        dw_prev = path.chain_a[1] * sigma_prev * path.dC_daprev
        value = MathTex(
            rf"= {ptex(path.chain_a[1], 3)} \times {ptex(sigma_prev, 3)} "
            rf"\times {ptex(path.dC_daprev, 3)} = {tex_num(dw_prev, 3)}", font_size=36,
        ).next_to(back, DOWN, buff=0.3)
        self.play_through(TransformFromCopy(da[0], back[3]), share=0.4)
        self.play_through(FadeIn(back[:3]), share=0.4)
        self.play_through(Indicate(back[3]))

        # Beat: the value one layer back.
        note = Text(f"(through output {path.i} only; the full network adds the paths through the other outputs)",
                    font_size=20, color=GRAY).next_to(value, DOWN, buff=0.3)
        self.beat(f"Along our path, the middle weight gets {fmt(dw_prev, 3)}. That counts only the route through "
                  f"output {path.i}, though: in the full network, the same neuron also feeds the other nine outputs, "
                  "and their routes add up, as we will see shortly.")
        self.play_through(Write(value), share=0.4)
        self.play_through(FadeIn(note))


class Ch4AverageAndGradient(LectureScene):
    """The average of dC_n/dw(L) over the mini-batch, then the gradient vector."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, batch_size=10, steps=(STEP,))

    def construct(self) -> None:
        run, data = get_run(), get_dataset()
        path = the_path()
        avg = batch_average()
        title = Text("Many training examples", font_size=32).to_edge(UP, buff=0.3)
        formula = MathTex(
            r"{\partial C \over \partial w^{(L)}} = {1 \over n} \sum_{k=0}^{n-1} {\partial C_k \over \partial w^{(L)}}",
            font_size=40,
        ).next_to(title, DOWN, buff=0.35)

        # Beat: average.
        self.beat(f"All of that was for a single training example. The cost of a mini-batch is the average of the "
                  f"costs of its {avg.indices.size} examples, so its derivative is simply the average of theirs.")
        self.play(Write(title), run_time=0.2 * self.remaining())
        self.play_through(Write(formula))

        # Beat: the examples.
        tiles = Group()
        values = VGroup()
        own = avg.indices.tolist().index(path.index)
        for n, (row, value) in enumerate(zip(avg.indices, avg.per_example)):
            img = digit_image(data.X_train[row], height=0.9)
            val = MathTex(fixed(value, 3), font_size=26, color=POSITIVE if value >= 0 else NEGATIVE)
            val.next_to(img, DOWN, buff=0.15)
            values.add(val)
            tile = Group(img, val)
            if n == own:
                tile.add(SurroundingRectangle(tile, color=HIGHLIGHT, buff=0.08))
            tiles.add(tile)
        tiles.arrange(RIGHT, buff=0.25).next_to(formula, DOWN, buff=0.45)
        big = largest(avg.per_example, 1)[0]
        self.beat(f"Here are the {avg.indices.size} images of the mini-batch, each with its own derivative for our "
                  f"last weight. Most barely care about it. The biggest pull, {avg.per_example[big]:.3f}, comes from "
                  f"a {avg.labels[big]}, and the image we followed, boxed, gives {avg.per_example[own]:.3f}.")
        self.play_through(LaggedStart(*[FadeIn(t) for t in tiles], lag_ratio=0.15), share=0.4)
        self.play_through(Circumscribe(tiles[big], color=HIGHLIGHT), Indicate(values[big]), share=0.5)
        self.play_through(Indicate(values[own]))

        # Beat: the mean.
        mean = MathTex(rf"\text{{mean}} = {tex_num(avg.mean, 3)}", font_size=36).next_to(tiles, DOWN, buff=0.35)
        rec = Text(f"= the gradient recorded at step {path.step}: {fmt(avg.recorded, 3)}", font_size=22, color=GRAY)
        rec.next_to(mean, DOWN, buff=0.15)
        self.beat(f"Their mean is {fmt(avg.mean, 3)}, and it matches the gradient that training recorded for this "
                  f"weight at step {path.step}. It is this average, not any single image's opinion, that the "
                  "training step follows.")
        self.play_through(TransformFromCopy(values, mean), share=0.4)
        self.play_through(FadeIn(rec), share=0.4)
        self.play_through(Indicate(mean))

        # Beat: the gradient vector.
        entries = path_gradient()
        n_params = sum(w.size + b.size for w, b in zip(run.final.weights, run.final.biases))
        rows = [MathTex(rf"{name} = {tex_num(v, 3)}", font_size=30) for name, v in entries]
        column = MobjectMatrix([[m] for m in rows[:2] + [MathTex(r"\vdots", font_size=30)] + rows[2:]],
                               v_buff=0.5, element_alignment_corner=ORIGIN)
        vector = VGroup(MathTex(r"\nabla C =", font_size=30), column).arrange(RIGHT, buff=0.2)
        vector.next_to(title, DOWN, buff=0.3)
        side = Text(f"the path's {len(entries)} entries\nof all {n_params:,}", font_size=22, color=GRAY,
                    line_spacing=0.8).next_to(vector, RIGHT, buff=0.5)
        self.beat(f"Every weight and every bias gets such an average, and together they form the gradient vector, "
                  f"one entry for each of the {n_params:,} parameters. Here are the {len(entries)} entries that "
                  "belong to our path.")
        self.play(FadeOut(tiles), FadeOut(mean), FadeOut(rec), FadeOut(formula), run_time=0.2 * self.remaining())
        self.play_through(Write(vector), share=0.6)
        self.play_through(FadeIn(side))

        # Beat: backprop fills it in.
        self.beat(f"The entry for our last weight is the {fmt(avg.recorded, 3)} we just averaged. Backpropagation "
                  "fills in all of the entries at once, for every example of the batch, sweeping from the output "
                  "layer back toward the input.")
        self.play_through(Create(SurroundingRectangle(rows[4], color=HIGHLIGHT, buff=0.08)), share=0.35)
        self.play_through(LaggedStart(*[Indicate(m) for m in reversed(rows)], lag_ratio=0.5))


class Ch4ManyNeurons(LectureScene):
    """Indices j, k, w_jk; dC0/da_k(L-1) sums over every output j (all paths), checked against backprop."""

    NEEDS = Needs(hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        W = path.net.weights[2]
        diagram = NetworkDiagram([16, 10], [W], layer_buff=2.6, neuron_buff=0.1)
        diagram.height = 5.0
        diagram.to_edge(LEFT, buff=1.5).shift(DOWN * 0.4)
        diagram.set_activations([path.acts[2], path.acts[3]])
        title = Text("More neurons per layer", font_size=32).to_edge(UP, buff=0.3)
        k_lab = MathTex(r"a_k^{(L-1)}", font_size=30, color=ACTIVATION_COLOR)
        k_lab.next_to(diagram.neuron(0, path.j), LEFT, buff=0.15)
        j_lab = MathTex(r"a_j^{(L)}", font_size=30, color=ACTIVATION_COLOR).next_to(diagram.layers[1], UP, buff=0.2)
        eqs = VGroup(
            MathTex(r"z_j^{(L)} = \sum_k w_{jk}^{(L)} a_k^{(L-1)} + b_j^{(L)}", font_size=32),
            MathTex(r"C_0 = \sum_{j=0}^{9} \big(a_j^{(L)} - y_j\big)^2", font_size=32),
            MathTex(r"{\partial C_0 \over \partial w_{jk}^{(L)}} = a_k^{(L-1)} \sigma'\big(z_j^{(L)}\big)"
                    r" 2\big(a_j^{(L)} - y_j\big)", font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(title, DOWN, buff=0.35)
        eqs.set_x(diagram.get_right()[0] + 0.9 + eqs.width / 2)
        self.add(diagram.edges)

        # Beat: indices.
        self.beat("Real layers have many neurons, so the symbols need indices. Let k count the neurons of the "
                  "previous layer and j those of the last layer; the weight from neuron k to neuron j is called w j k. "
                  "The weighted sum now adds up over every k, and the cost adds up over all ten outputs.")
        self.add(diagram.layers)
        self.play(Write(title), FadeIn(k_lab), FadeIn(j_lab), run_time=0.25 * self.remaining())
        self.play_through(Write(eqs[0]), share=0.5)
        self.play_through(Write(eqs[1]))

        # Beat: one weight's derivative.
        self.beat(f"The derivative for a single weight, like the one from our neuron to output {path.i}, keeps "
                  "exactly the same three factors as before; they simply carry the indices of the two neurons "
                  "it joins.")
        one_edge = diagram.edge(0, path.i, path.j).copy().set_stroke(HIGHLIGHT, width=5, opacity=1)
        self.play_through(Write(eqs[2]), share=0.5)
        self.play_through(Create(one_edge), share=0.5)
        self.play_through(Indicate(eqs[2]))

        # Beat: all paths.
        self.beat("One thing is new. A neuron of the previous layer feeds all ten outputs, so a nudge to its "
                  "activation reaches the cost along ten routes at once. Its derivative is therefore a sum over j, "
                  "with one term for each route.")
        out_edges = VGroup(*[diagram.edge(0, jj, path.j).copy().set_stroke(HIGHLIGHT, width=3, opacity=1)
                             for jj in range(10)])
        total = MathTex(r"{\partial C_0 \over \partial a_k^{(L-1)}} = \sum_{j=0}^{9} w_{jk}^{(L)}"
                        r" \sigma'\big(z_j^{(L)}\big) 2\big(a_j^{(L)} - y_j\big)", font_size=32)
        total.move_to(eqs[2], aligned_edge=LEFT)
        self.play(FadeOut(eqs[2]), FadeOut(one_edge), run_time=0.1 * self.remaining())
        self.play_through(Create(out_edges, lag_ratio=0.1), share=0.45)
        self.play_through(Write(total))

        # Beat: the ten terms.
        terms, backprop = sum_over_outputs(path)
        cells = VGroup(*[MathTex(rf"j={jj}:\ {fixed(t, 3)}", font_size=24,
                                 color=POSITIVE if t >= 0 else NEGATIVE) for jj, t in enumerate(terms)])
        cells.arrange_in_grid(rows=2, cols=5, buff=(0.22, 0.2))
        cells.next_to(total, DOWN, buff=0.4).align_to(total, LEFT)
        j1, j2 = largest(terms, 2)
        self.beat(f"Here are the ten terms for the neuron on our path. A negative term means that output would like "
                  f"the neuron brighter, a positive one would like it dimmer. The strongest pulls are "
                  f"{terms[j1]:.3f} from output {j1} and {terms[j2]:.3f} from output {j2}.")
        self.play_through(LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.1), share=0.45)
        self.play_through(Indicate(cells[j1]), Indicate(out_edges[j1]), share=0.5)
        self.play_through(Indicate(cells[j2]), Indicate(out_edges[j2]))

        # Beat: sum vs backprop.
        self.beat(f"Added up, the ten terms give {fmt(float(terms.sum()), 3)}, exactly what backpropagation computes "
                  f"for this neuron. Our single path alone would have said {fmt(path.dC_daprev, 3)}, so leaving out "
                  "the other routes would have given the wrong answer.")
        result = MathTex(rf"\sum = {tex_num(float(terms.sum()), 3)}", font_size=34).next_to(cells, DOWN, buff=0.35)
        result.align_to(total, LEFT)
        check = Text(f"backprop: {fmt(backprop, 3)}   one path alone: {fmt(path.dC_daprev, 3)}",
                     font_size=22, color=GRAY).next_to(result, DOWN, buff=0.2).align_to(total, LEFT)
        self.play(TransformFromCopy(cells, result), run_time=1.5)
        self.play_through(FadeIn(check), share=0.45)
        self.play_through(Indicate(cells[path.i]), Indicate(out_edges[path.i]))


class Ch4EdgeSensitivities(LectureScene):
    """Per-edge dC/dw_jk of the recorded mini-batch gradient drawn on the network diagram."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        run = get_run()
        path = the_path()
        snap = run.snapshot(path.step)
        grads = snap.grad_weights
        n_pixels = 16
        diagram = NetworkDiagram(run.layer_sizes, grads, shown={0: edge_pixels(grads[0], n_pixels)}, layer_buff=2.1,
                                 edge_width=4.0)
        diagram.height = 6.0
        diagram.to_edge(LEFT, buff=0.8).shift(DOWN * 0.35)
        labels = diagram.output_labels(font_size=20)
        title = Text("Every edge's sensitivity", font_size=32).to_edge(UP, buff=0.3)
        self.add(diagram.edges)
        legend = VGroup(
            Text(f"mini-batch gradient, step {path.step}", font_size=20, color=GRAY),
            VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=POSITIVE, stroke_width=5),
                   MathTex(r"\partial C / \partial w_{jk} > 0", font_size=28)).arrange(RIGHT, buff=0.2),
            VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=NEGATIVE, stroke_width=5),
                   MathTex(r"\partial C / \partial w_{jk} < 0", font_size=28)).arrange(RIGHT, buff=0.2),
            Text("width: size, per layer", font_size=20, color=GRAY),
            Text(f"input: the {n_pixels} pixels with\nthe largest derivatives", font_size=20, color=GRAY,
                 line_spacing=0.8),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_edge(RIGHT, buff=0.5).to_edge(UP, buff=1.0)

        # Beat: diagram.
        self.beat(f"Now do this for every weight in the network. Each edge here is drawn from its own derivative in "
                  f"the mini-batch gradient at step {path.step}: green where a larger weight would raise the cost, "
                  "red where it would lower it.")
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        by_sign = {sign: VGroup(*[diagram.edge(layer, int(j), int(k))
                                  for layer, g in enumerate(grads)
                                  for j in diagram.indices[layer + 1] for k in diagram.indices[layer]
                                  if (g[j, k] > 0) == sign]) for sign in (True, False)}
        self.play(Write(title), FadeIn(legend[0]), run_time=0.3 * self.remaining())
        for n, sign in enumerate((True, False)):  # the other sign's edges dim while this one's legend appears
            self.play_through(FadeIn(legend[1 + n]), by_sign[not sign].animate(rate_func=there_and_back)
                              .set_stroke(opacity=0.05), share=0.5 if sign else 1.0)

        # Beat: widths and pixels.
        self.beat(f"A thicker edge means the cost is more sensitive to that weight, compared within each layer. Of "
                  f"the 784 input pixels, we show the {n_pixels} whose edges matter most.")
        self.play_through(FadeIn(legend[3]), LaggedStart(*[Indicate(e, color=HIGHLIGHT, scale_factor=1.0)
                                                           for e in diagram.edges], lag_ratio=0.6), share=0.5)
        self.play_through(FadeIn(legend[4]), Indicate(diagram.layers[0]))

        # Beat: the largest.
        layer_max = [float(np.max(np.abs(g))) for g in grads]
        l = int(np.argmax(layer_max))
        jj, kk = np.unravel_index(int(np.argmax(np.abs(grads[l][:, diagram.indices[l]]))),
                                  (grads[l].shape[0], len(diagram.indices[l])))
        kk = int(diagram.indices[l][kk])
        value = float(grads[l][jj, kk])
        self.beat(f"The most sensitive weight of all is this edge: the cost changes {fmt(value, 2)} times as fast as "
                  "this weight does. Gradient descent moves every weight against its derivative: down where the "
                  "derivative is positive, up where it is negative.")
        edge = diagram.edge(l, int(jj), kk).copy().set_stroke(HIGHLIGHT, width=6, opacity=1)
        sup = {0: "L-2", 1: "L-1", 2: "L"}[l]
        text = MathTex(rf"{{\partial C \over \partial w^{{({sup})}}_{{{int(jj)},{kk}}}}} = {tex_num(value, 2)}",
                       font_size=34).next_to(legend, DOWN, buff=0.6).align_to(legend, LEFT)
        self.play_through(Create(edge), Write(text), share=0.4)
        self.play_through(Indicate(text), share=0.4)
        self.play_through(Indicate(edge, color=HIGHLIGHT))

        # Beat: the update.
        lr = run.learning_rate
        w_old = float(snap.weights[l][jj, kk])
        self.beat(f"The update subtracts the learning rate, here {lr:g}, times the derivative. So the next step of "
                  f"stochastic gradient descent moves this weight from {fmt(w_old, 3)} to {fmt(w_old - lr * value, 3)}, "
                  "while every other weight takes its own step at the same time.")
        update = MathTex(rf"w &\leftarrow w - \eta\, {{\partial C \over \partial w}} \\"
                         rf"&= {tex_num(w_old, 3)} - {lr:g} \times {ptex(value, 2)} \\ &= {tex_num(w_old - lr * value, 3)}",
                         font_size=30)
        update.next_to(text, DOWN, buff=0.4).align_to(text, LEFT)
        self.play_through(Write(update), share=0.6)
        self.play_through(Indicate(update))

        # Beat: and again.
        self.beat(f"Then the next mini-batch arrives, with new derivatives and another small step, "
                  f"{run.manifest['total_steps']:,} steps in all for this run. That is all backpropagation is: the "
                  "chain rule, applied link by link from the output back, telling every weight and bias which way "
                  "to move.")
        self.play_through(LaggedStart(*[Indicate(layer, color=HIGHLIGHT, scale_factor=1.05)
                                        for layer in reversed(diagram.layers)], lag_ratio=0.7))


SCENES = [
    Ch4OnePath,
    Ch4DependencyTree,
    Ch4ChainRule,
    Ch4NudgeMeasured,
    Ch4BiasAndPrevious,
    Ch4AverageAndGradient,
    Ch4ManyNeurons,
    Ch4EdgeSensitivities,
]
