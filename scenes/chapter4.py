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
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Circle,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    NumberLine,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
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
        self.beat(f"Here is the network halfway through learning, looking at a real {path.label}.")
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        self.play(FadeIn(digit), FadeIn(caption), FadeIn(step_text), Write(title))
        self.wait(1.5)

        # Beat: one path.
        self.beat("Follow one path through it: a pixel, one neuron in each hidden layer, and the output.")
        ns = path.neurons
        path_lines = VGroup(*[Line(diagram.neuron(l, ns[l]).get_right(), diagram.neuron(l + 1, ns[l + 1]).get_left(),
                                   color=HIGHLIGHT, stroke_width=6) for l in range(3)])
        rings = VGroup(*[SurroundingRectangle(diagram.neuron(l, ns[l]), color=HIGHLIGHT, buff=0.05)
                         for l in range(4)])
        self.play(Create(path_lines), FadeIn(rings), run_time=2)
        self.wait(1.5)

        # Beat: pulled out as a chain.
        self.beat("Pulled out, it is a chain of four neurons joined by three weights, with three biases.")
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
        self.play(FadeOut(diagram.edges), FadeOut(diagram.layers), FadeOut(labels),
                  FadeOut(VGroup(*diagram.ellipses.values())), FadeOut(rings),
                  FadeOut(digit), FadeOut(caption), FadeOut(step_text),
                  *[TransformFromCopy(path_lines[l], edges[l]) for l in range(3)], FadeOut(path_lines))
        self.play(FadeIn(chain), FadeIn(a_labels), FadeIn(who))
        self.play(Write(w_labels), Write(b_labels))
        self.wait(1.5)

        # Beat: cost of the output.
        self.beat(f"This is a {path.label}, so the last activation, {fmt(path.a, 2)}, should be 1.")
        target = MathTex(rf"y = {path.target:.0f}", font_size=34, color=POSITIVE).next_to(chain[-1], RIGHT, buff=0.5)
        cost = MathTex(
            rf"C_0 = \big(a^{{(L)}} - y\big)^2 = ({tex_num(path.a, 2)} - {path.target:.0f})^2 = {tex_num(path.term, 2)}",
            font_size=36,
        ).to_edge(DOWN, buff=0.6)
        note = Text(f"(this output's term of the example's cost {fmt(path.cost, 2)})", font_size=20, color=GRAY)
        note.next_to(cost, DOWN, buff=0.12)
        self.play(FadeIn(target))
        self.play(Write(cost), FadeIn(note))
        self.wait(2)


class Ch4DependencyTree(LectureScene):
    """z, a and C0 as functions of w, a(L-1) and b, with number lines that move when w is nudged."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("What the cost depends on", font_size=32).to_edge(UP, buff=0.3)
        eqs = VGroup(
            MathTex(r"z^{(L)}", r"=", r"w^{(L)}", r"a^{(L-1)}", r"+", r"b^{(L)}", r"+ \cdots", font_size=34),
            MathTex(r"a^{(L)} = \sigma\big(z^{(L)}\big)", font_size=34),
            MathTex(r"C_0 = \big(a^{(L)} - y\big)^2", font_size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).to_corner(LEFT + UP, buff=0.5).shift(DOWN * 0.7)
        eqs[0][2].set_color(WEIGHT_COLOR)
        eqs[0][3].set_color(ACTIVATION_COLOR)
        eqs[0][5].set_color(BIAS_COLOR)
        dots_note = Text(f"+ ... : the other 15 inputs of output {path.i}, held fixed ({fmt(path.rest, 2)})",
                         font_size=20, color=GRAY).next_to(eqs, DOWN, aligned_edge=LEFT, buff=0.25)

        # Beat: the equations.
        self.beat("The last weight, the previous activation and the bias make z; sigma of z makes a; a and y make the cost.")
        self.play(Write(title))
        self.play(Write(eqs[0]), FadeIn(dots_note))
        self.play(Write(eqs[1]))
        self.play(Write(eqs[2]))
        self.wait(1)

        # Beat: the tree.
        self.beat("Draw it as a tree: each quantity hangs on the ones above it.")
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
        self.play(FadeOut(eqs[1:]), dots_note.animate.move_to(note_target))
        self.play(FadeIn(top), FadeIn(z_node), FadeIn(a_node), FadeIn(c_node), FadeIn(y_node))
        self.play(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.2))
        self.wait(1)

        # Beat: number lines.
        self.beat("Give each of them a number line with its real value.")
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
        self.play(FadeIn(lines))

        def marker(line: NumberLine, color: ManimColor, getter) -> VGroup:
            value = getter()
            dot = Dot(line.n2p(value), color=color, radius=0.09)
            label = DecimalNumber(value, num_decimal_places=3, font_size=26, color=color).next_to(dot, UP, buff=0.12)
            return VGroup(dot, label)

        markers = [always_redraw(lambda l=l, c=c, g=g: marker(l, c, g)) for l, c, g in movers]
        self.play(*[FadeIn(m) for m in markers])
        self.wait(1)

        # Beat: nudge w.
        self.beat(f"Nudge w by {NUDGE:g}: z moves, a moves, and the cost moves.")
        ghosts = VGroup(*[Dot(line.n2p(vals[0]), color=GRAY, radius=0.06)
                          for (line, _c, _g), (_n, vals, _cc, _gg) in zip(movers, series.values())])
        self.add(ghosts)
        self.play(w_t.animate.set_value(path.w + NUDGE), run_time=3)
        self.wait(1)
        self.play(w_t.animate.set_value(path.w), run_time=1.5)
        self.play(w_t.animate.set_value(path.w + NUDGE), run_time=1.5)
        self.wait(1.5)


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
        self.beat("How sensitive is the cost to the last weight? The chain rule splits it into three ratios.")
        self.play(Write(title))
        self.play(Write(rule))
        self.wait(1.5)

        rows = [
            (r"{\partial C_0 \over \partial a^{(L)}} = 2\big(a^{(L)} - y\big)",
             rf"= 2({tex_num(path.a, 3)} - {path.target:.0f}) = {tex_num(path.dC_da, 3)}"),
            (r"{\partial a^{(L)} \over \partial z^{(L)}} = \sigma'\big(z^{(L)}\big)",
             rf"= \sigma'({tex_num(path.z, 3)}) = {tex_num(path.da_dz, 3)}"),
            (r"{\partial z^{(L)} \over \partial w^{(L)}} = a^{(L-1)}",
             rf"= {tex_num(path.a_prev, 3)}"),
        ]
        table = VGroup()
        for lhs, rhs in rows:
            table.add(VGroup(MathTex(lhs, font_size=36), MathTex(rhs, font_size=36)).arrange(RIGHT, buff=0.25))
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.35).next_to(rule, DOWN, buff=0.6)

        def factor(part: int, row: VGroup) -> None:
            """Box one factor of the rule, copy it down and write its measured value."""
            box = SurroundingRectangle(rule[part], color=HIGHLIGHT, buff=0.08)
            self.play(Create(box))
            self.play(TransformFromCopy(rule[part], row[0]), run_time=1)
            self.play(Write(row[1]))
            self.play(FadeOut(box))
            self.wait(0.8)

        # Beat: the last factor, dC0/da.
        self.beat("Nudging a changes the cost by twice a minus y.")
        factor(4, table[0])

        # Beat: the middle factor, da/dz.
        self.beat("Nudging z changes a by the slope of the sigmoid there.")
        factor(3, table[1])

        # Beat: the first factor, dz/dw.
        self.beat("And nudging w changes z by the previous activation.")
        factor(2, table[2])

        # Beat: the product.
        self.beat(f"Multiplied together: the cost changes by {fmt(path.dC_dw, 3)} per unit of w.")
        product = MathTex(
            r"{\partial C_0 \over \partial w^{(L)}}",
            rf"= {ptex(path.a_prev, 3)} \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} = {tex_num(path.dC_dw, 3)}",
            font_size=42,
        ).next_to(table, DOWN, buff=0.5)
        product[0].set_color(COST_COLOR)
        box = SurroundingRectangle(product, color=HIGHLIGHT, buff=0.12)
        self.play(Write(product))
        self.play(Create(box))
        self.wait(2)


class Ch4NudgeMeasured(LectureScene):
    """Nudge w(L) by a small amount: measured change of C0 next to the chain-rule prediction."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("Check it: actually nudge the weight", font_size=32).to_edge(UP, buff=0.3)
        pred = MathTex(rf"{{\partial C_0 \over \partial w^{{(L)}}}} = {tex_num(path.dC_dw, 3)}", font_size=40)
        pred.next_to(title, DOWN, buff=0.4)

        # Beat: what we predict.
        self.beat(f"The chain rule predicts that the cost changes by {fmt(path.dC_dw, 3)} times the nudge.")
        self.play(Write(title), Write(pred))
        self.wait(1)

        # Beat: one nudge.
        dw = NUDGES[0]
        self.beat(f"Change w from {fmt(path.w, 3)} to {fmt(path.w + dw, 3)} and run the whole network again.")
        before = MathTex(rf"w^{{(L)}} = {tex_num(path.w, 3)}", r"\quad C_0 =", tex_num(path.term, 3), font_size=38)
        after_vals = path.nudged(dw)
        after = MathTex(rf"w^{{(L)}} = {tex_num(path.w + dw, 3)}", r"\quad C_0 =", tex_num(after_vals[2], 3), font_size=38)
        pair = VGroup(before, after).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(pred, DOWN, buff=0.5)
        self.play(FadeIn(before))
        self.play(TransformFromCopy(before, after))
        self.wait(1)

        # Beat: table.
        self.beat("Measured and predicted changes agree, and better and better as the nudge shrinks.")
        header = [r"\Delta w", r"\text{measured } \Delta C_0", r"\text{chain rule } {\partial C_0 \over \partial w}\Delta w",
                  r"\Delta C_0 / \Delta w"]
        cells = [[MathTex(h, font_size=30) for h in header]]
        for d in NUDGES:
            m = path.measured_change(d)
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
        self.play(FadeIn(grid[0]), Create(rule_line))
        self.play(LaggedStart(*[FadeIn(row) for row in grid[1:]], lag_ratio=0.5, run_time=2))
        self.wait(2.5)


class Ch4BiasAndPrevious(LectureScene):
    """dC0/db(L) (dz/db = 1) and dC0/da(L-1) (dz/da = w), then the recipe repeats backwards."""

    NEEDS = Needs(hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("The bias and the previous activation", font_size=32).to_edge(UP, buff=0.3)
        db = MathTex(
            r"{\partial C_0 \over \partial b^{(L)}}", r"=", r"{\partial z^{(L)} \over \partial b^{(L)}}",
            r"\sigma'\big(z^{(L)}\big)\, 2\big(a^{(L)} - y\big)",
            rf"= 1 \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} = {tex_num(path.dC_db, 3)}", font_size=36,
        )
        db[0].set_color(BIAS_COLOR)
        one = MathTex(r"{\partial z^{(L)} \over \partial b^{(L)}} = 1", font_size=32, color=BIAS_COLOR)
        da = MathTex(
            r"{\partial C_0 \over \partial a^{(L-1)}}", r"=", r"w^{(L)}",
            r"\sigma'\big(z^{(L)}\big)\, 2\big(a^{(L)} - y\big)",
            rf"= {ptex(path.w, 3)} \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} = {tex_num(path.dC_daprev, 3)}",
            font_size=36,
        )
        da[0].set_color(ACTIVATION_COLOR)
        da[2].set_color(WEIGHT_COLOR)
        VGroup(db, da).arrange(DOWN, buff=1.2).next_to(title, DOWN, buff=0.6)
        one.next_to(db[2], DOWN, buff=0.25)

        # Beat: bias.
        self.beat("For the bias, z changes exactly as much as b does: that ratio is one.")
        self.play(Write(title))
        self.play(Write(db[:4]))
        self.play(FadeIn(one))
        self.play(Write(db[4]))
        self.wait(1.5)

        # Beat: previous activation.
        self.beat("For the previous activation, the ratio is the weight joining them.")
        self.play(Write(da))
        self.wait(1.5)

        # Beat: backwards.
        self.beat("We cannot change that activation directly, but the same recipe repeats one layer back.")
        back = MathTex(
            r"{\partial C_0 \over \partial w^{(L-1)}}", r"=", r"a^{(L-2)}\, \sigma'\big(z^{(L-1)}\big)",
            r"{\partial C_0 \over \partial a^{(L-1)}}", font_size=36,
        ).next_to(da, DOWN, buff=0.8)
        back[0].set_color(WEIGHT_COLOR)
        dw_prev = path.chain_a[1] * float(sigmoid_prime_from_a(path.chain_a[2])) * path.dC_daprev
        value = MathTex(
            rf"= {ptex(path.chain_a[1], 3)} \times {ptex(float(sigmoid_prime_from_a(path.chain_a[2])), 3)} "
            rf"\times {ptex(path.dC_daprev, 3)} = {tex_num(dw_prev, 3)}", font_size=36,
        ).next_to(back, DOWN, buff=0.3)
        self.play(TransformFromCopy(da[0], back[3]), FadeIn(back[:3]))
        self.play(Write(value))
        note = Text(f"(through output {path.i} only; the full network adds the paths through the other outputs)",
                    font_size=20, color=GRAY).next_to(value, DOWN, buff=0.3)
        self.play(FadeIn(note))
        self.wait(2)


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
        self.beat(f"That was one example. The cost of a mini-batch averages all {avg.indices.size} of its examples.")
        self.play(Write(title), Write(formula))
        tiles = Group()
        for n, (row, value) in enumerate(zip(avg.indices, avg.per_example)):
            img = digit_image(data.X_train[row], height=0.9)
            val = MathTex(fixed(value, 3), font_size=26, color=POSITIVE if value >= 0 else NEGATIVE)
            val.next_to(img, DOWN, buff=0.15)
            tile = Group(img, val)
            if n == avg.indices.tolist().index(path.index):
                tile.add(SurroundingRectangle(tile, color=HIGHLIGHT, buff=0.08))
            tiles.add(tile)
        tiles.arrange(RIGHT, buff=0.25).next_to(formula, DOWN, buff=0.45)
        self.play(LaggedStart(*[FadeIn(t) for t in tiles], lag_ratio=0.15, run_time=2))
        mean = MathTex(rf"\text{{mean}} = {tex_num(avg.mean, 3)}", font_size=36).next_to(tiles, DOWN, buff=0.35)
        rec = Text(f"= the gradient recorded at step {path.step}: {fmt(avg.recorded, 3)}", font_size=22, color=GRAY)
        rec.next_to(mean, DOWN, buff=0.15)
        self.play(Write(mean), FadeIn(rec))
        self.wait(1.5)

        # Beat: the gradient vector.
        self.beat("Each such average is one entry of the gradient vector.")
        entries = path_gradient()
        n_params = sum(w.size + b.size for w, b in zip(run.final.weights, run.final.biases))
        body = r" \\ ".join([rf"{name} = {tex_num(v, 3)}" for name, v in entries[:2]] + [r"\vdots"]
                            + [rf"{name} = {tex_num(v, 3)}" for name, v in entries[2:]])
        vector = MathTex(r"\nabla C = \begin{bmatrix} " + body + r" \end{bmatrix}", font_size=30)
        self.play(FadeOut(tiles), FadeOut(mean), FadeOut(rec), FadeOut(formula))
        vector.next_to(title, DOWN, buff=0.3)
        side = Text(f"the path's 6 entries\nof all {n_params:,}", font_size=22, color=GRAY,
                    line_spacing=0.8).next_to(vector, RIGHT, buff=0.5)
        self.play(Write(vector), FadeIn(side))
        self.wait(2.5)


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
        self.add(diagram.edges)

        # Beat: indices.
        self.beat("With more neurons per layer, k indexes the previous layer and j the last one.")
        self.add(diagram.layers)
        self.play(Write(title), FadeIn(k_lab), FadeIn(j_lab))
        eqs = VGroup(
            MathTex(r"z_j^{(L)} = \sum_k w_{jk}^{(L)} a_k^{(L-1)} + b_j^{(L)}", font_size=32),
            MathTex(r"C_0 = \sum_{j=0}^{9} \big(a_j^{(L)} - y_j\big)^2", font_size=32),
            MathTex(r"{\partial C_0 \over \partial w_{jk}^{(L)}} = a_k^{(L-1)} \sigma'\big(z_j^{(L)}\big)"
                    r" 2\big(a_j^{(L)} - y_j\big)", font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(title, DOWN, buff=0.35)
        eqs.set_x(diagram.get_right()[0] + 0.9 + eqs.width / 2)
        self.play(Write(eqs[0]), Write(eqs[1]))
        self.play(Write(eqs[2]))
        self.wait(1.5)

        # Beat: all paths.
        self.beat("But activation k reaches the cost through all ten outputs, so its derivative sums over j.")
        out_edges = VGroup(*[diagram.edge(0, jj, path.j).copy().set_stroke(HIGHLIGHT, width=3, opacity=1)
                             for jj in range(10)])
        self.play(FadeOut(eqs[2]), Create(out_edges, lag_ratio=0.1), run_time=1.5)
        total = MathTex(r"{\partial C_0 \over \partial a_k^{(L-1)}} = \sum_{j=0}^{9} w_{jk}^{(L)}"
                        r" \sigma'\big(z_j^{(L)}\big) 2\big(a_j^{(L)} - y_j\big)", font_size=32)
        total.move_to(eqs[2], aligned_edge=LEFT)
        self.play(Write(total))
        terms, backprop = sum_over_outputs(path)
        cells = VGroup(*[MathTex(rf"j={jj}:\ {fixed(t, 3)}", font_size=24,
                                 color=POSITIVE if t >= 0 else NEGATIVE) for jj, t in enumerate(terms)])
        cells.arrange_in_grid(rows=2, cols=5, buff=(0.22, 0.2))
        cells.next_to(total, DOWN, buff=0.4).align_to(total, LEFT)
        self.play(LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.1, run_time=1.5))
        self.wait(1)

        # Beat: sum vs backprop.
        self.beat(f"Added up, they give {fmt(float(terms.sum()), 3)}, exactly what backpropagation computes.")
        result = MathTex(rf"\sum = {tex_num(float(terms.sum()), 3)}", font_size=34).next_to(cells, DOWN, buff=0.35)
        result.align_to(total, LEFT)
        check = Text(f"backprop: {fmt(backprop, 3)}   one path alone: {fmt(path.dC_daprev, 3)}",
                     font_size=22, color=GRAY).next_to(result, DOWN, buff=0.2).align_to(total, LEFT)
        self.play(Write(result))
        self.play(FadeIn(check), Indicate(cells[path.i]))
        self.wait(2)


class Ch4EdgeSensitivities(LectureScene):
    """Per-edge dC/dw_jk of the recorded mini-batch gradient drawn on the network diagram."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        run = get_run()
        path = the_path()
        snap = run.snapshot(path.step)
        grads = snap.grad_weights
        diagram = NetworkDiagram(run.layer_sizes, grads, shown={0: edge_pixels(grads[0])}, layer_buff=2.1,
                                 edge_width=4.0)
        diagram.height = 6.0
        diagram.to_edge(LEFT, buff=0.8).shift(DOWN * 0.35)
        labels = diagram.output_labels(font_size=20)
        title = Text("Every edge's sensitivity", font_size=32).to_edge(UP, buff=0.3)
        self.add(diagram.edges)

        # Beat: diagram.
        self.beat(f"Do this for every weight: here is each edge's derivative from the mini-batch at step {path.step}.")
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        legend = VGroup(
            VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=POSITIVE, stroke_width=5),
                   MathTex(r"\partial C / \partial w_{jk} > 0", font_size=28)).arrange(RIGHT, buff=0.2),
            VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=NEGATIVE, stroke_width=5),
                   MathTex(r"\partial C / \partial w_{jk} < 0", font_size=28)).arrange(RIGHT, buff=0.2),
            Text("width: size, per layer", font_size=20, color=GRAY),
            Text("input: the 16 pixels with\nthe largest derivatives", font_size=20, color=GRAY, line_spacing=0.8),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_edge(RIGHT, buff=0.5).shift(UP * 1.2)
        self.play(Write(title), FadeIn(legend))
        self.wait(2.5)

        # Beat: the largest.
        layer_max = [float(np.max(np.abs(g))) for g in grads]
        l = int(np.argmax(layer_max))
        jj, kk = np.unravel_index(int(np.argmax(np.abs(grads[l][:, diagram.indices[l]]))),
                                  (grads[l].shape[0], len(diagram.indices[l])))
        kk = int(diagram.indices[l][kk])
        value = float(grads[l][jj, kk])
        self.beat(f"The most sensitive weight changes the cost by {fmt(value, 2)} per unit; gradient descent "
                  "moves each weight against its derivative.")
        edge = diagram.edge(l, int(jj), kk).copy().set_stroke(HIGHLIGHT, width=6, opacity=1)
        sup = {0: "L-2", 1: "L-1", 2: "L"}[l]
        text = MathTex(rf"{{\partial C \over \partial w^{{({sup})}}_{{{int(jj)},{kk}}}}} = {tex_num(value, 2)}",
                       font_size=34).next_to(legend, DOWN, buff=0.6).align_to(legend, LEFT)
        self.play(Create(edge), Write(text))
        self.wait(2)

        # Beat: the update.
        lr = run.learning_rate
        w_old = float(snap.weights[l][jj, kk])
        self.beat(f"The next step of stochastic gradient descent moves that weight from {fmt(w_old, 3)} "
                  f"to {fmt(w_old - lr * value, 3)}.")
        update = MathTex(rf"w &\leftarrow w - \eta\, {{\partial C \over \partial w}} \\"
                         rf"&= {tex_num(w_old, 3)} - {lr:g} \times {ptex(value, 2)} \\ &= {tex_num(w_old - lr * value, 3)}",
                         font_size=30)
        update.next_to(text, DOWN, buff=0.4).align_to(text, LEFT)
        self.play(Write(update))
        self.wait(3)


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
