"""Chapter 3: "What is backpropagation really doing?", with one real training 2.

Everything comes from the default run (``get_run()``) and its digits
(``get_dataset()``):

* the network is the recorded snapshot :data:`STEP` (step 0, the untrained
  network, whose outputs still look random, as in the lecture);
* the example is the first training 2 of that step's recorded mini-batch, so
  its gradient is one of the ten whose mean the snapshot recorded;
* per-example gradients are ``MLP.backprop`` on that one example; the
  "desired changes" are minus those gradients, also rebuilt by hand as the sum
  of every neuron's wishes and propagated backwards layer by layer.

Layer numbers on screen follow the activations: layer 0 is the input, 1 and
2 are hidden, 3 is the output. Nothing is trained here.
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
    UR,
    WHITE,
    Arrow,
    Axes,
    Circle,
    Dot,
    Create,
    FadeIn,
    FadeOut,
    Group,
    ImageMobject,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    MoveAlongPath,
    Rectangle,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
)
from manim.constants import RESAMPLING_ALGORITHMS
from manim.utils.rate_functions import there_and_back

from network import MLP
from network.activations import sigmoid_prime_from_a
from scenes.base import LectureScene
from scenes.data import ANY_RUN, LECTURE, Needs, SceneDataError, get_dataset, get_run
from scenes.mobjects import NetworkDiagram, digit_image, signed_color, spread_pixels
from scenes.numbers import fmt, signed, tex_num
from scenes.style import (
    GRAY,
    ACTIVATION_COLOR,
    BIAS_COLOR,
    HIGHLIGHT,
    NEGATIVE,
    POSITIVE,
    WEIGHT_COLOR,
)

#: The recorded step whose network and mini-batch the chapter uses (the untrained network).
STEP = 0
#: The digit whose output neuron we want to raise.
DIGIT = 2


# ===================================================================== numbers
@dataclass
class Example:
    """One training example pushed through the snapshot's network.

    Attributes
    ----------
    step, index, label
        Recorded step, row of ``X_train``, digit.
    pixels, y
        The 784 pixels and the one-hot target (10,).
    zs, acts
        ``zs[l]`` (weight layer ``l``) and ``acts[l]`` (layer ``l``; ``acts[0]`` the pixels), 1-D.
    grad_w, grad_b
        ``MLP.backprop`` on this single example (the gradient of its cost ``C0``).
    cost
        ``C0 = sum_j (a_j - y_j)^2``.
    net
        The snapshot's network.
    """

    step: int
    index: int
    label: int
    pixels: np.ndarray
    y: np.ndarray
    zs: list[np.ndarray]
    acts: list[np.ndarray]
    grad_w: list[np.ndarray]
    grad_b: list[np.ndarray]
    cost: float
    net: MLP


@lru_cache(maxsize=None)
def the_example(step: int = STEP, digit: int = DIGIT) -> Example:
    """The first ``digit`` in the recorded mini-batch of ``step``, through that step's network."""
    run, data = get_run(), get_dataset()
    batch = run.snapshot(step).batch_indices
    found = [int(i) for i in batch if data.y_train[i] == digit]
    if not found:
        raise SceneDataError(f"the mini-batch of step {step} of the run {run.path} holds no {digit}, the digit this "
                             "chapter follows; unset NN_RUN to draw the default run")
    index = found[0]
    net = run.network(step)
    x, y = data.X_train[index], data.Y_train[index].astype(float)
    zs, acts = net.forward(x)
    grad_w, grad_b = net.backprop(x[None, :], y[None, :])
    return Example(
        step=step, index=index, label=digit, pixels=x, y=y,
        zs=[z[0] for z in zs], acts=[a[0] for a in acts],
        grad_w=grad_w, grad_b=grad_b,
        cost=float(np.sum((acts[-1][0] - y) ** 2)), net=net,
    )


def output_nudges(ex: Example) -> np.ndarray:
    """How each output should move: ``y - a`` (the arrows' signed lengths)."""
    return ex.y - ex.acts[-1]


def most_wrong(ex: Example) -> int:
    """The wrong digit whose output is farthest from its target (the biggest push down)."""
    gaps = np.abs(output_nudges(ex))
    gaps[ex.label] = -1.0
    return int(np.argmax(gaps))


def wishes(ex: Example, layer: int) -> np.ndarray:
    """What every neuron of ``layer + 1`` wishes for the activations of ``layer``.

    ``wish[j, k] = w_jk * sigma'(z_j) * desired_a_j``: neuron ``j`` of the next
    layer asks activation ``k`` to change in proportion to the weight joining
    them, scaled by how much ``j`` itself wants to change.

    Parameters
    ----------
    ex
        The example.
    layer
        Activation layer whose changes are wished for (``0..2``).

    Returns
    -------
    ndarray
        ``(n_{layer+1}, n_layer)``; summing over rows gives :func:`desired_activations`.
    """
    wanted = desired_activations(ex)[layer + 1]
    dz = sigmoid_prime_from_a(ex.acts[layer + 1]) * wanted
    return ex.net.weights[layer] * dz[:, None]


def desired_activations(ex: Example) -> list[np.ndarray]:
    """Desired change of every layer's activations, propagated backwards by hand.

    Output layer: ``-dC0/da = 2 (y - a)``; every earlier layer: the sum over
    the next layer of :func:`wishes`. ``result[0]`` (the pixels) is included
    for completeness.
    """
    L = ex.net.n_layers
    out: list[np.ndarray] = [None] * (L + 1)  # type: ignore[list-item]
    out[L] = 2.0 * (ex.y - ex.acts[L])
    for l in range(L - 1, -1, -1):
        dz = sigmoid_prime_from_a(ex.acts[l + 1]) * out[l + 1]
        out[l] = ex.net.weights[l].T @ dz
    return out


def desired_biases(ex: Example) -> list[np.ndarray]:
    """Desired bias changes ``sigma'(z) * desired_a`` per weight layer (by hand, no backprop)."""
    wanted = desired_activations(ex)
    return [sigmoid_prime_from_a(ex.acts[l + 1]) * wanted[l + 1] for l in range(ex.net.n_layers)]


def desired_weights(ex: Example, layer: int) -> np.ndarray:
    """Desired weight changes ``desired_b_j * a_k`` of weight layer ``layer`` (by hand)."""
    return np.outer(desired_biases(ex)[layer], ex.acts[layer])


@dataclass
class BatchTable:
    """Per-example desired changes of a few parameters over a recorded mini-batch.

    Attributes
    ----------
    indices, labels
        Rows of ``X_train`` in the batch and their digits.
    names
        MathTex names of the parameters (rows of the table).
    keys
        ``(kind, layer, index)`` with kind ``"w"`` or ``"b"`` and ``index`` a tuple.
    per_example
        ``(n_params, batch)``: minus the gradient of each example's cost.
    average
        Mean over the batch.
    recorded
        Minus the snapshot's recorded mini-batch gradient of the same parameters.
    """

    indices: np.ndarray
    labels: np.ndarray
    names: list[str]
    keys: list[tuple]
    per_example: np.ndarray
    average: np.ndarray
    recorded: np.ndarray


def table_keys(ex: Example) -> list[tuple]:
    """Parameters the averaging table shows: the 2-neuron's bias and its weight from
    the brightest layer-2 neuron, the layer-2 bias the example most wants to
    change, and that neuron's weight from the brightest layer-1 neuron."""
    k = int(np.argmax(ex.acts[2]))
    j1 = int(np.argmax(np.abs(desired_biases(ex)[1])))
    k1 = int(np.argmax(ex.acts[1]))
    return [("b", 2, (DIGIT,)), ("w", 2, (DIGIT, k)), ("b", 1, (j1,)), ("w", 1, (j1, k1))]


def _param(grads_w: list[np.ndarray], grads_b: list[np.ndarray], key: tuple) -> float:
    kind, layer, idx = key
    return float((grads_w if kind == "w" else grads_b)[layer][idx])


def _tex_name(key: tuple) -> str:
    kind, layer, idx = key
    sub = ",".join(str(i) for i in idx)
    return f"{kind}^{{({layer + 1})}}_{{{sub}}}"


@lru_cache(maxsize=None)
def batch_table(step: int = STEP) -> BatchTable:
    """Backprop every example of the recorded mini-batch of ``step`` separately."""
    run, data = get_run(), get_dataset()
    snap = run.snapshot(step)
    net = run.network(step)
    ex = the_example(step)
    keys = table_keys(ex)
    idx = np.asarray(snap.batch_indices, dtype=int)
    per = np.zeros((len(keys), idx.size))
    for c, i in enumerate(idx):
        gw, gb = net.backprop(data.X_train[i : i + 1], data.Y_train[i : i + 1])
        for r, key in enumerate(keys):
            per[r, c] = -_param(gw, gb, key)
    recorded = np.array([-_param(snap.grad_weights, snap.grad_biases, key) for key in keys])
    return BatchTable(idx, data.y_train[idx], [_tex_name(k) for k in keys], keys, per, per.mean(axis=1), recorded)


def gradient_cosine(step: int) -> float:
    """Cosine between a step's mini-batch gradient and its full-training-set gradient."""
    snap = get_run().snapshot(step)
    g = np.concatenate([a.ravel() for a in snap.grad_weights + snap.grad_biases]).astype(float)
    f = np.concatenate([a.ravel() for a in snap.full_grad_weights + snap.full_grad_biases]).astype(float)
    return float(g @ f / (np.linalg.norm(g) * np.linalg.norm(f)))


def finite_difference_bias(ex: Example, layer: int, j: int, h: float = 1e-5) -> float:
    """Minus the central finite difference of the example's cost in bias ``j`` of weight layer ``layer``."""
    costs = []
    for sign in (1.0, -1.0):
        net = ex.net.copy()
        net.biases[layer][j] += sign * h
        costs.append(float(net.cost_per_example(ex.pixels[None, :], ex.y[None, :])[0]))
    return -(costs[0] - costs[1]) / (2 * h)


def compare_rows(ex: Example, layer: int = 1, n: int = 5) -> np.ndarray:
    """The ``n`` neurons of weight layer ``layer`` with the largest desired bias change,
    as rows ``(k, by hand, backprop, finite difference)``."""
    hand = desired_biases(ex)[layer]
    ks = np.argsort(-np.abs(hand))[:n]
    return np.array([(k, hand[k], -ex.grad_b[layer][k], finite_difference_bias(ex, layer, int(k))) for k in ks])


def hand_vs_backprop(ex: Example) -> float:
    """Largest ``|by hand - backprop|`` over every bias and weight of every layer."""
    hand_b = desired_biases(ex)
    worst = 0.0
    for l in range(ex.net.n_layers):
        worst = max(worst, float(np.max(np.abs(hand_b[l] + ex.grad_b[l]))),
                    float(np.max(np.abs(desired_weights(ex, l) + ex.grad_w[l]))))
    return worst


# ===================================================================== mobjects
def nudge_arrow(circle: VMobject, change: float, scale: float, x_offset: float = 0.45) -> Arrow:
    """A vertical arrow beside ``circle``: up (green) to increase, down (red) to decrease,
    length ``scale * |change|``, centered on the neuron's height."""
    length = max(abs(change) * scale, 0.06)
    direction = UP if change >= 0 else DOWN
    center = circle.get_center() + x_offset * RIGHT
    return Arrow(
        center - direction * length / 2, center + direction * length / 2, buff=0,
        color=POSITIVE if change >= 0 else NEGATIVE, stroke_width=4,
        max_tip_length_to_length_ratio=0.45, max_stroke_width_to_length_ratio=12,
    )


def ripple(group: VMobject, color=HIGHLIGHT, scale_factor: float = 1.2) -> LaggedStart:
    """Highlight the members of ``group`` one after another (in place, unlike one Indicate of the whole)."""
    return LaggedStart(*[Indicate(m, color=color, scale_factor=scale_factor) for m in group], lag_ratio=0.1)


def digits_strip(images: np.ndarray, height: float = 0.6, gap: int = 2) -> ImageMobject:
    """Several 28x28 digits side by side as ONE image (gray gaps between them)."""
    tiles = []
    for k, im in enumerate(np.asarray(images, dtype=float)):
        if k:
            tiles.append(np.full((28, gap), 0.3))
        tiles.append(np.clip(im.reshape(28, 28), 0, 1))
    gray = np.hstack(tiles)
    img = ImageMobject(np.repeat((gray[..., None] * 255).astype(np.uint8), 3, axis=2))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = height
    return img


def example_diagram(ex: Example, height: float = 6.4) -> NetworkDiagram:
    """The snapshot's network with the example's activations filled in."""
    run = get_run()
    diagram = NetworkDiagram(run.layer_sizes, run.snapshot(ex.step).weights, shown={0: spread_pixels(ex.pixels)},
                             layer_buff=2.0)
    diagram.height = height
    diagram.set_activations(ex.acts)
    return diagram


# ======================================================================= scenes
class Ch3DesiredNudges(LectureScene):
    """One real 2 through the untrained network; how each output should move."""

    NEEDS = Needs(activation=None, hidden_layers=2)

    def construct(self) -> None:
        ex = the_example()
        out = ex.acts[-1]
        nudges = output_nudges(ex)
        diagram = example_diagram(ex).to_edge(RIGHT, buff=2.75)
        labels = diagram.output_labels(font_size=22)
        digit = digit_image(ex.pixels, height=2.4).to_edge(LEFT, buff=0.5).shift(UP * 0.8)
        caption = Text(f"training digit #{ex.index}", font_size=20, color=GRAY).next_to(digit, DOWN, buff=0.2)
        self.add(diagram.edges)  # static first: only what moves gets redrawn

        # Beat: the example.
        self.beat(f"Let's follow one real training image through the network: a handwritten {ex.label}, "
                  f"number {ex.index} of the training set. The network has not learned anything yet; its "
                  "weights and biases are still random. Watch the image pass through, one layer at a time.")
        diagram.clear_activations()
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        self.play_through(FadeIn(digit), FadeIn(caption), share=0.3)
        for l in range(len(ex.acts)):
            targets = [c.animate.set_fill(WHITE, opacity=float(np.clip(ex.acts[l][i], 0, 1)))
                       for c, i in zip(diagram.layers[l], diagram.indices[l])]
            self.play_through(*targets, share=1 / (len(ex.acts) - l), min_run_time=0.6)

        # Beat: random outputs.
        guess = int(np.argmax(out))
        self.beat(f"At the end come ten outputs, one for each digit, and all of them sit near the middle. The "
                  f"brightest is {guess}, at {fmt(out[guess])}, while the {ex.label} we actually showed gets "
                  f"{fmt(out[ex.label])}. For now, the network's answer is pure noise.")
        values = VGroup(*[Text(fmt(out[i]), font_size=20).next_to(labels[i], RIGHT, buff=0.2)
                          for i in range(len(out))])
        box = diagram.answer_box(guess)
        self.play_through(LaggedStart(*[FadeIn(v) for v in values], lag_ratio=0.15), share=0.4)
        self.play_through(Create(box), share=0.45)
        self.play_through(Indicate(values[ex.label], color=HIGHLIGHT))

        # Beat: nudges.
        self.beat(f"Training should change that. For this one image, we want the {ex.label} output to climb "
                  "toward 1, and the other nine outputs to sink toward 0. The arrows show these wishes: "
                  "green means up, red means down.")
        scale = 0.36 / float(np.max(np.abs(nudges)))
        arrows = VGroup(*[nudge_arrow(diagram.neuron(3, i), nudges[i], scale, x_offset=0)
                          for i in range(len(out))])
        for arrow, value in zip(arrows, values):
            arrow.next_to(value, RIGHT, buff=0.25)
        self.play(FadeOut(box), run_time=0.5)
        self.play_through(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.2), share=0.7)
        self.play_through(Indicate(arrows[ex.label], color=POSITIVE, scale_factor=1.5))

        # Beat: proportional.
        far = most_wrong(ex)
        near = int(np.argmin(np.abs(nudges)))
        self.beat(f"How hard should each output be pushed? In proportion to its gap, the target y minus the "
                  f"output a. The {far} sits at {fmt(out[far])}, far above 0, so it gets a big push down; the "
                  f"{near}, at {fmt(out[near])}, is already close and needs only a small one.")
        target_head = Text("nudge  y - a", font_size=20).next_to(arrows, UP, buff=0.35).shift(LEFT * 0.3)
        diffs = VGroup(*[Text(signed(nudges[i]), font_size=20, color=POSITIVE if nudges[i] >= 0 else NEGATIVE)
                         .next_to(arrows[i], RIGHT, buff=0.2).set_y(values[i].get_y()) for i in range(len(out))])
        note = VGroup(
            Text(f"{far} is at {fmt(out[far])}: a big push down", font_size=20),
            Text(f"{near} is at {fmt(out[near])}: a small one", font_size=20),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(caption, DOWN, buff=0.6).to_edge(LEFT, buff=0.5)
        self.play_through(FadeIn(target_head), LaggedStart(*[FadeIn(d) for d in diffs], lag_ratio=0.15), share=0.3)
        self.play_through(FadeIn(note[0]), Indicate(VGroup(arrows[far], diffs[far]), color=NEGATIVE), share=0.5)
        self.play_through(FadeIn(note[1]), Indicate(VGroup(arrows[near], diffs[near]), color=NEGATIVE))

        # Beat: the cost of this example.
        self.beat(f"The same gaps make up the cost of this example: square each one and add them up, which "
                  f"gives {fmt(ex.cost, 3)} here. Making the cost smaller means carrying out those nudges, and "
                  "because the gaps are squared, the biggest ones count the most.")
        cost = MathTex(r"C_0 = \sum_j (a_j - y_j)^2 = " + tex_num(ex.cost, 3), font_size=34)
        cost.next_to(note, DOWN, buff=0.5).to_edge(LEFT, buff=0.5)
        self.play_through(Write(cost), share=0.35)
        squares = diffs.copy()
        self.play_through(LaggedStart(*[d.animate.move_to(cost).scale(0.5).set_opacity(0) for d in squares],
                                      lag_ratio=0.1), share=0.4)
        self.remove(squares)
        self.play_through(Indicate(VGroup(arrows[far], diffs[far]), color=NEGATIVE), share=0.5)
        self.play_through(Indicate(cost))


class Ch3ThreeWays(LectureScene):
    """Three ways to raise the 2-neuron: its bias, its weights, the previous activations."""

    NEEDS = Needs(hidden_sizes=(16, 16))  # sigmoid: neuron brightness is the activation in [0, 1]

    def construct(self) -> None:
        ex = the_example()
        j = ex.label
        prev = ex.acts[2]
        w = ex.net.weights[2][j]
        want_b = -ex.grad_b[2][j]
        want_w = -ex.grad_w[2][j]
        own_wish = wishes(ex, 2)[j]

        column = VGroup(*[Circle(radius=0.17, stroke_color=WHITE, stroke_width=1.5)
                          .set_fill(WHITE, float(a)) for a in prev]).arrange(DOWN, buff=0.1)
        column.height = 6.6
        column.to_edge(LEFT, buff=1.6)
        target = Circle(radius=0.4, stroke_color=HIGHLIGHT, stroke_width=3).set_fill(WHITE, float(ex.acts[3][j]))
        target.move_to(column.get_center() + RIGHT * 3.0)
        vmax = float(np.max(np.abs(w)))

        def by_weight(edge, wk: float):  # an edge (or its .animate) styled by its weight
            return edge.set_stroke(color=POSITIVE if wk >= 0 else NEGATIVE, width=0.5 + 4 * abs(wk) / vmax,
                                   opacity=0.25 + 0.75 * abs(wk) / vmax)

        edges = VGroup(*[by_weight(Line(c.get_right(), target.get_left()), wk) for c, wk in zip(column, w)])
        tlabel = Text(f'"{j}" neuron', font_size=22).next_to(target, UP, buff=0.2)
        tvalue = Text(f"a = {fmt(ex.acts[3][j])}", font_size=22).next_to(target, DOWN, buff=0.2)
        head = Text("layer 2", font_size=20, color=GRAY).next_to(column, UP, buff=0.15)
        self.add(edges)

        # Beat: the neuron we want brighter.
        self.beat(f"Now zoom in on the one output we want brighter, the {j} neuron; right now its activation is "
                  f"{fmt(ex.acts[3][j])}. It is the sigmoid of a weighted sum: every neuron of layer 2 times its "
                  "weight, plus a bias. That formula offers three different knobs to turn.")
        self.add(column, head)
        self.play_through(FadeIn(target), FadeIn(tlabel), FadeIn(tvalue), share=0.25)
        formula = MathTex(r"a_{" + str(j) + r"} = \sigma(", r"w_{" + str(j) + r",0}", r"a_0", r"+ \dots +",
                          r"w_{" + str(j) + r",15}", r"a_{15}", "+", r"b_{" + str(j) + "}", ")", font_size=36)
        formula[1].set_color(WEIGHT_COLOR)
        formula[4].set_color(WEIGHT_COLOR)
        formula[2].set_color(ACTIVATION_COLOR)
        formula[5].set_color(ACTIVATION_COLOR)
        formula[7].set_color(BIAS_COLOR)
        formula.to_corner(UR, buff=0.5)
        self.play_through(Write(formula), ShowPassingFlash(edges.copy().set_stroke(HIGHLIGHT, width=3, opacity=1),
                                                           time_width=0.5), share=0.5)
        knobs = [VGroup(formula[7]), VGroup(formula[1], formula[4]), VGroup(formula[2], formula[5])]
        self.play_through(LaggedStart(*[Indicate(k, scale_factor=1.3) for k in knobs], lag_ratio=0.6))
        ways = VGroup(
            Text("1. increase the bias b", font_size=24, color=BIAS_COLOR),
            Text("2. increase weights w, in proportion to a", font_size=24, color=WEIGHT_COLOR),
            Text("3. change activations a, in proportion to w", font_size=24, color=ACTIVATION_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(formula, DOWN, buff=0.5).to_edge(RIGHT, buff=0.4)

        # Beat: the bias.
        self.beat(f"The first knob is the bias. Raising it lifts the weighted sum whatever the image is, so the "
                  f"neuron gets brighter directly. For this example, the desired change of the bias is "
                  f"{fmt(want_b)}.")
        bias_note = MathTex(r"\text{desired } \Delta b_{" + str(j) + "} = " + tex_num(want_b, 2, True),
                            font_size=32, color=BIAS_COLOR).next_to(ways, DOWN, buff=0.5).align_to(ways, LEFT)
        self.play_through(FadeIn(ways[0]), Indicate(knobs[0], scale_factor=1.4), share=0.35)
        self.play_through(Write(bias_note), share=0.6)
        self.play_through(target.animate.set_fill(opacity=min(1.0, float(ex.acts[3][j]) + 0.3)), rate_func=there_and_back)

        # Beat: the weights, recolored by their desired change.
        self.beat("The second knob is the weights. A weight counts only as much as the activation it multiplies, "
                  "so the edges now show how each weight should change: the thick, bright ones come from the "
                  "brightest neurons of layer 2.")
        wmax = float(np.max(np.abs(want_w)))
        self.play_through(FadeIn(ways[1]), FadeOut(bias_note), Indicate(knobs[1], scale_factor=1.3), share=0.3)
        self.play_through(*[e.animate.set_stroke(color=signed_color(d, wmax), width=0.5 + 5 * abs(d) / wmax,
                                                 opacity=1) for e, d in zip(edges, want_w)], share=0.6)
        self.play_through(ripple(VGroup(*[c for c, a in zip(column, prev) if a >= np.median(prev)]),
                                 scale_factor=1.3))

        # Beat: the two extremes of the weights.
        top = int(np.argmax(prev))
        dim = int(np.argmin(prev))
        self.beat(f"Neuron {top} is the brightest, at {fmt(prev[top])}, so its weight should grow by "
                  f"{fmt(want_w[top])}; neuron {dim}, at only {fmt(prev[dim])}, asks for {fmt(want_w[dim])}. "
                  "Connections between neurons that are active together get the strongest boost, an echo of "
                  "how brains are thought to learn.")
        weight_note = VGroup(
            MathTex(rf"a_{{{top}}} = {fmt(prev[top])}:\ \Delta w_{{{j},{top}}} = {tex_num(want_w[top], 2, True)}",
                    font_size=30),
            MathTex(rf"a_{{{dim}}} = {fmt(prev[dim])}:\ \Delta w_{{{j},{dim}}} = {tex_num(want_w[dim], 2, True)}",
                    font_size=30),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(ways, DOWN, buff=0.5).align_to(ways, LEFT)
        boxes = VGroup(SurroundingRectangle(column[top], color=HIGHLIGHT, buff=0.05),
                       SurroundingRectangle(column[dim], color=GRAY, buff=0.05))
        self.play_through(FadeIn(weight_note[0]), Create(boxes[0]), share=0.3)
        self.play_through(FadeIn(weight_note[1]), Create(boxes[1]), share=0.4)
        flash = edges[top].copy().set_stroke(HIGHLIGHT, width=6, opacity=1)
        self.play_through(ShowPassingFlash(flash, time_width=0.6))

        # Beat: the activations.
        hi, lo = int(np.argmax(w)), int(np.argmin(w))
        self.beat(f"The third knob is the activations of layer 2 themselves. Neurons joined by a positive weight "
                  f"should get brighter, those joined by a negative weight dimmer, each in proportion to its "
                  f"weight. Neuron {hi}, with weight {fmt(w[hi])}, should rise by {fmt(own_wish[hi])}; neuron "
                  f"{lo}, with weight {fmt(w[lo])}, should fall by {fmt(abs(own_wish[lo]))}.")
        self.play_through(FadeIn(ways[2]), FadeOut(weight_note), FadeOut(boxes), Indicate(knobs[2], scale_factor=1.3),
                          *[by_weight(e.animate, wk) for e, wk in zip(edges, w)], share=0.2)
        scale = 0.3 / float(np.max(np.abs(own_wish)))
        arrows = VGroup(*[nudge_arrow(c, d, scale, x_offset=-0.45) for c, d in zip(column, own_wish)])
        self.play_through(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.1), share=0.45)
        act_note = VGroup(
            MathTex(rf"w_{{{j},{hi}}} = {tex_num(w[hi])}:\ \text{{wish }} \Delta a_{{{hi}}} = "
                    rf"{tex_num(own_wish[hi], 2, True)}", font_size=30),
            MathTex(rf"w_{{{j},{lo}}} = {tex_num(w[lo])}:\ \text{{wish }} \Delta a_{{{lo}}} = "
                    rf"{tex_num(own_wish[lo], 2, True)}", font_size=30),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(ways, DOWN, buff=0.5).align_to(ways, LEFT)
        self.play_through(FadeIn(act_note[0]), Indicate(VGroup(edges[hi], arrows[hi]), color=POSITIVE), share=0.5)
        self.play_through(FadeIn(act_note[1]), Indicate(VGroup(edges[lo], arrows[lo]), color=NEGATIVE))

        # Beat: only weights and biases can change.
        self.beat(f"But an activation is not a knob we can set: it follows from the weights and biases of the "
                  f"layer before. So we keep these wishes and hand them back a layer. And the {j} neuron is not "
                  "the only output with wishes for layer 2.")
        self.play_through(arrows.animate.set_opacity(0.5), share=0.3)
        handed = arrows.copy()
        self.play_through(handed.animate.shift(LEFT * 1.2).set_opacity(0), share=0.55)
        self.remove(handed)
        self.play_through(Indicate(head, color=HIGHLIGHT))


class Ch3SumOfWishes(LectureScene):
    """Every output neuron's wishes for layer 2, added up."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        ex = the_example()
        wish = wishes(ex, 2)
        total = wish.sum(axis=0)
        nudges = output_nudges(ex)
        vmax = float(np.max(np.abs(wish)))
        cw, ch = 0.72, 0.32

        def cell(value: float, scale: float) -> Rectangle:
            return Rectangle(width=cw, height=ch, stroke_width=0.8, stroke_color=GRAY).set_fill(
                signed_color(value, scale), 1)

        rows = VGroup(*[VGroup(*[cell(v, vmax) for v in wish[j]]).arrange(RIGHT, buff=0) for j in range(10)])
        rows.arrange(DOWN, buff=0)
        smax = float(np.max(np.abs(total)))
        sum_row = VGroup(*[cell(v, smax) for v in total]).arrange(RIGHT, buff=0)
        sum_row.next_to(rows, DOWN, buff=0.45)
        VGroup(rows, sum_row).move_to(ORIGIN).shift(RIGHT * 0.5 + UP * 0.1)
        row_labels = VGroup(*[Text(str(j), font_size=20).next_to(rows[j], LEFT, buff=0.6) for j in range(10)])
        scale = 0.3 / float(np.max(np.abs(nudges)))
        row_arrows = VGroup(*[nudge_arrow(rows[j], nudges[j], scale).next_to(rows[j], LEFT, buff=0.2)
                              for j in range(10)])
        col_labels = VGroup(*[MathTex(f"a_{{{k}}}", font_size=26).next_to(rows[0][k], UP, buff=0.12)
                              for k in range(16)])
        title = Text("what each output neuron wants from the 16 neurons of layer 2", font_size=26)
        title.to_edge(UP, buff=0.3)
        legend = Text("green: wants brighter   red: wants dimmer", font_size=20, color=GRAY)
        legend.to_edge(DOWN, buff=0.25)

        # Beat: every output has wishes.
        self.beat("The other nine outputs have wishes for layer 2 as well. Each row here is one output neuron, "
                  "and the arrow beside it says whether that output itself should go up or down. Across the "
                  "row, green cells ask a layer-2 neuron to get brighter, red cells ask it to get dimmer.")
        self.add(title, col_labels)
        self.play_through(LaggedStart(*[FadeIn(VGroup(row_labels[j], row_arrows[j], rows[j])) for j in range(10)],
                                      lag_ratio=0.3), share=0.7)
        self.play_through(FadeIn(legend))

        # Beat: the 2's row against the others.
        far = most_wrong(ex)
        self.beat(f"The {ex.label} row is the one we just built, the only output that should get brighter. "
                  f"Compare it with the {far} row, the output that most needs to dim. Each row follows its own "
                  f"weights, so the rows agree on some neurons and disagree on others.")
        box = SurroundingRectangle(VGroup(row_labels[ex.label], rows[ex.label]), color=HIGHLIGHT, buff=0.05)
        other = SurroundingRectangle(VGroup(row_labels[far], rows[far]), color=GRAY, buff=0.05)
        self.play_through(Create(box), share=0.3)
        self.play_through(Create(other), Indicate(row_arrows[far], color=NEGATIVE), share=0.45)
        cursor = SurroundingRectangle(VGroup(rows[0][0], rows[-1][0]), color=WHITE, buff=0.03)
        self.play(Create(cursor), run_time=0.5)
        self.play_through(Succession(*[cursor.animate.move_to(VGroup(*[r[k] for r in rows])) for k in range(1, 16)]))

        # Beat: sum.
        k = int(np.argmax(np.abs(total)))
        self.beat(f"To settle it, add up all ten rows, column by column. The sum is the change each neuron of "
                  f"layer 2 should make to lower this example's cost. The wishes pile up most on neuron {k}: "
                  f"its total is {fmt(total[k])}.")
        plus = Text("sum", font_size=22).next_to(sum_row, LEFT, buff=0.6)
        line = Line(rows.get_corner(DOWN + LEFT), rows.get_corner(DOWN + RIGHT), color=WHITE, stroke_width=2)
        line.shift(DOWN * 0.22)
        self.play(FadeOut(box), FadeOut(other), FadeOut(cursor), Create(line), FadeIn(plus), run_time=0.8)
        self.play_through(*[TransformFromCopy(VGroup(*[rows[j][c] for j in range(10)]), sum_row[c])
                            for c in range(16)], share=0.4)
        numbers = VGroup(*[Text(fmt(v), font_size=20).next_to(c, DOWN, buff=0.1 + 0.32 * (i % 2))
                           for i, (v, c) in enumerate(zip(total, sum_row))])
        self.play_through(LaggedStart(*[FadeIn(n) for n in numbers], lag_ratio=0.1), share=0.5)
        column = SurroundingRectangle(VGroup(col_labels[k], numbers[k], *[rows[j][k] for j in range(10)]),
                                      color=HIGHLIGHT, buff=0.06)
        self.play_through(Create(column), Indicate(numbers[k]))

        # Beat: formula.
        self.beat("How much does each row count? A wish is scaled by the weight joining the two neurons, by the "
                  "slope of the sigmoid, and by how badly that output wants to change, twice its gap y minus a. "
                  "Summed over all ten outputs, that is the desired change of a layer-2 neuron.")
        formula = MathTex(r"\Delta a_k = \sum_j", r"w_{jk}", r"\,\sigma'(z_j)\,", r"2(y_j - a_j)", font_size=34)
        formula.to_edge(DOWN, buff=0.2)
        self.play_through(FadeOut(legend), FadeOut(column), Write(formula), share=0.3)
        self.play_through(Indicate(formula[1], color=WEIGHT_COLOR), share=0.3)
        self.play_through(Indicate(formula[2]), share=0.3)
        self.play_through(Indicate(formula[3], color=HIGHLIGHT),
                          ripple(row_arrows), share=0.5)
        self.play_through(Indicate(formula[0]), ripple(numbers))


class Ch3BackwardsLayerByLayer(LectureScene):
    """The desired changes flow backwards: output, layer 2, layer 1."""

    NEEDS = Needs(hidden_layers=2)

    def construct(self) -> None:
        ex = the_example()
        wanted = desired_activations(ex)
        diagram = example_diagram(ex).to_edge(LEFT, buff=0.8)
        diagram.edges.set_stroke(opacity=0.25)
        labels = diagram.output_labels(font_size=22)
        self.add(diagram, labels)

        def arrows_for(layer: int) -> VGroup:
            scale = 0.34 / float(np.max(np.abs(wanted[layer])))
            return VGroup(*[nudge_arrow(c, wanted[layer][i], scale, x_offset=-0.32)
                            for c, i in zip(diagram.layers[layer], diagram.indices[layer])])

        def backward_flash(layer: int) -> ShowPassingFlash:
            lines = VGroup(*[e.copy().reverse_points().set_stroke(color=HIGHLIGHT, width=2, opacity=1)
                             for e in diagram.edges[layer]])
            return ShowPassingFlash(lines, time_width=0.5, run_time=1.2)

        # Beat: output nudges.
        self.beat(f"Step back to the whole network. On the right are the nudges the output layer wants for this "
                  f"{ex.label}: the {ex.label} output up, every other output down, each as long as its gap. "
                  "Everything that follows starts from these ten arrows.")
        out_arrows = VGroup(*[nudge_arrow(c, wanted[3][i], 0.34 / float(np.max(np.abs(wanted[3]))), x_offset=1.0)
                              for c, i in zip(diagram.layers[3], diagram.indices[3])])
        self.play_through(LaggedStart(*[Create(a) for a in out_arrows], lag_ratio=0.15), share=0.6)
        self.play_through(Indicate(out_arrows[list(diagram.indices[3]).index(ex.label)], color=POSITIVE,
                                   scale_factor=1.5))

        # Beat: layer 2.
        self.beat("Add up every output's wishes, weighted the way we just saw, and you get one arrow for each "
                  "neuron of the last hidden layer. They say how layer 2 should change, and they were computed "
                  "entirely from the layer after it.")
        a2 = arrows_for(2)
        self.play_through(backward_flash(2), share=0.35)
        self.play_through(LaggedStart(*[Create(a) for a in a2], lag_ratio=0.1), share=0.7)
        self.play_through(backward_flash(2))

        # Beat: layer 1.
        self.beat("Nothing stops us from doing it again. Treat the layer-2 nudges as we treated the outputs, and "
                  "their summed wishes become nudges for layer 1. Moving backwards like this, one layer at a time, "
                  "is what gives backpropagation its name. It stops at the pixels, which are given, not learned.")
        a1 = arrows_for(1)
        self.play_through(backward_flash(1), share=0.25)
        self.play_through(LaggedStart(*[Create(a) for a in a1], lag_ratio=0.1), share=0.5)
        self.play_through(Succession(backward_flash(2), backward_flash(1)), share=0.6)
        self.play_through(ripple(diagram.layers[0], color=GRAY))

        # Beat: the parameters.
        self.beat("At every layer, the nudges then become changes of the parameters. A neuron's bias changes by "
                  "its nudge times the slope of its sigmoid, and each weight into it by that same amount times "
                  "the activation it comes from. Those are the first two knobs from before, now applied everywhere.")
        rule = VGroup(
            MathTex(r"\Delta b_j = \sigma'(z_j)\,\Delta a_j", font_size=34, color=BIAS_COLOR),
            MathTex(r"\Delta w_{jk} = a_k\,\Delta b_j", font_size=34, color=WEIGHT_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).to_edge(RIGHT, buff=0.5)
        self.play_through(Write(rule[0]), ripple(a2), share=0.4)
        self.play_through(Write(rule[1]), ripple(diagram.layers[1]), share=0.5)
        self.play_through(LaggedStart(*[backward_flash(l) for l in (2, 1, 0)], lag_ratio=0.5))


class Ch3CompareWithBackprop(LectureScene):
    """The hand-propagated desired bias changes equal backprop's minus gradient and finite differences."""

    NEEDS = LECTURE

    def construct(self) -> None:
        ex = the_example()
        rows = compare_rows(ex, layer=1, n=5)
        head = ["neuron", "sum of wishes", "backprop", "finite difference"]
        header = VGroup(*[Text(h, font_size=22, color=GRAY) for h in head])
        body = [[Text(str(int(r[0])), font_size=24)] + [MathTex(tex_num(v, 3, True), font_size=32) for v in r[1:]]
                for r in rows]
        table = VGroup(header, *[VGroup(*line) for line in body])
        widths = [1.6, 2.8, 2.4, 3.0]
        for line in table:
            for c, (mob, width) in enumerate(zip(line, widths)):
                mob.move_to(RIGHT * (sum(widths[:c]) + width / 2))
        table.arrange(DOWN, buff=0.35)
        for line in table[1:]:
            for c, mob in enumerate(line):
                mob.set_x(table[0][c].get_x())
        title = MathTex(r"\text{desired } \Delta b \text{ for layer-2 neurons} = -\,\partial C_0 / \partial b",
                        font_size=36).to_edge(UP, buff=1.0)
        table.next_to(title, DOWN, buff=0.7)
        worst = hand_vs_backprop(ex)
        exponent = int(math.ceil(math.log10(worst))) if worst > 0 else -16

        # Beat: hand-made numbers.
        k0 = int(rows[0][0])
        self.beat(f"Let's test this picture against the real thing. Turn the summed wishes for layer 2 into "
                  f"desired bias changes, by hand, and keep the five neurons that want the biggest change. Neuron "
                  f"{k0} leads, with {fmt(rows[0][1], 3)}.")
        self.add(title)
        self.play_through(FadeIn(table[0][:2]), share=0.25)
        self.play_through(LaggedStart(*[FadeIn(VGroup(line[0], line[1])) for line in table[1:]], lag_ratio=0.3),
                          share=0.6)
        self.play_through(Indicate(VGroup(table[1][0], table[1][1])))

        # Beat: backprop.
        self.beat(f"Now run the network's own backpropagation code on this single image, and read off minus the "
                  f"gradient for the same five biases. It is {fmt(rows[0][2], 3)} again for neuron {k0}, and "
                  "every other row matches too, digit for digit.")
        self.play_through(FadeIn(table[0][2]), share=0.2)
        self.play_through(LaggedStart(*[FadeIn(line[2]) for line in table[1:]], lag_ratio=0.3), share=0.5)
        box = SurroundingRectangle(VGroup(*table[1][1:3]), color=HIGHLIGHT, buff=0.12)
        self.play_through(Create(box), share=0.4)
        self.play_through(Succession(*[box.animate.move_to(VGroup(*line[1:3])) for line in table[2:]]))

        # Beat: finite differences.
        self.beat("A third check shares no code with the other two: nudge one bias up and down by a tiny amount, "
                  "run the network again, and see how much the cost changes. The change in cost divided by the "
                  "nudge is the slope, and once more, every row agrees.")
        self.play_through(FadeIn(table[0][3]), share=0.2)
        self.play_through(LaggedStart(*[FadeIn(line[3]) for line in table[1:]], lag_ratio=0.3), share=0.4)
        wide = SurroundingRectangle(VGroup(*table[1][1:]), color=HIGHLIGHT, buff=0.12)
        self.play_through(box.animate.become(wide), share=0.3)
        self.play_through(Succession(*[box.animate.move_to(VGroup(*line[1:])) for line in table[2:]]))

        # Beat: the whole network.
        self.beat(f"And not just for these five. Over all 13,002 weights and biases, the hand-made wishes and "
                  f"backpropagation never differ by more than ten to the minus {-exponent}, which is rounding "
                  "error. Backpropagation is exactly this bookkeeping of wishes, done efficiently.")
        note = MathTex(r"\max |\text{by hand} - \text{backprop}| < 10^{" + str(exponent) + r"}",
                       font_size=34).next_to(table, DOWN, buff=0.6)
        self.play_through(FadeOut(box), Write(note), share=0.45)
        self.play_through(ripple(VGroup(*[VGroup(*line[1:]) for line in table[1:]]), scale_factor=1.1), share=0.7)
        self.play_through(Indicate(note))


class Ch3AverageOverExamples(LectureScene):
    """Per-example desired changes over the recorded mini-batch, averaged into the negative gradient."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, batch_size=10)

    def construct(self) -> None:
        tab = batch_table()
        data = get_dataset()
        cw = 0.92
        n = len(tab.indices)
        x_name, x_first, y_top = -6.3, -5.1, 1.5
        digits = Group(*[digit_image(data.X_train[i], height=0.6) for i in tab.indices])
        name_col = VGroup(*[MathTex(name, font_size=30) for name in tab.names])
        grid = [[MathTex(tex_num(v, 2, True), font_size=26) for v in row] for row in tab.per_example]
        avg_col = [MathTex(tex_num(v, 3, True), font_size=28, color=HIGHLIGHT) for v in tab.average]
        rec_col = [MathTex(tex_num(v, 3, True), font_size=28, color=HIGHLIGHT) for v in tab.recorded]
        x_avg, x_rec = x_first + n * cw + 0.5, x_first + n * cw + 1.85
        for c in range(n):
            digits[c].move_to([x_first + c * cw, y_top + 0.8, 0])
        for r in range(len(tab.names)):
            y = y_top - 0.7 * r
            name_col[r].move_to([x_name, y, 0])
            for c in range(n):
                grid[r][c].move_to([x_first + c * cw, y, 0])
            avg_col[r].move_to([x_avg, y, 0])
            rec_col[r].move_to([x_rec, y, 0])
        strip = digits
        avg_head = Text("average", font_size=20).move_to([x_avg, y_top + 0.8, 0])
        rec_head = VGroup(Text("recorded", font_size=20), Text("-gradient", font_size=20)).arrange(DOWN, buff=0.05)
        rec_head.move_to([x_rec, y_top + 0.8, 0])
        title = Text(f"the mini-batch of step {get_run().snapshot(STEP).step}: ten real training digits",
                     font_size=26).to_edge(UP, buff=0.35)

        # Beat: many examples.
        ex = the_example()
        self.beat("So far, everything came from a single image. But the cost we want to lower averages over all "
                  "the training examples, and each one has wishes of its own. Here are the ten digits of the "
                  "first mini-batch of training.")
        self.add(title)
        self.play_through(LaggedStart(*[FadeIn(d, shift=DOWN * 0.2) for d in strip], lag_ratio=0.3))

        # Beat: their wishes.
        self.beat(f"Beside them are four parameters we have met: the bias of the {ex.label} output, one of its "
                  "weights, and a bias and a weight one layer back. Each column holds what one digit wants "
                  "those four to do.")
        self.play_through(LaggedStart(*[FadeIn(m) for m in name_col], lag_ratio=0.3), share=0.3)
        self.play_through(LaggedStart(*[FadeIn(VGroup(*[grid[r][c] for r in range(len(grid))])) for c in range(n)],
                                      lag_ratio=0.3))

        # Beat: they disagree.
        col = list(tab.indices).index(ex.index)
        other = 0 if col else 1
        row = tab.per_example[0]
        self.beat(f"Our {ex.label} is the highlighted column. It asks the bias of the {ex.label} output to rise by "
                  f"{fmt(row[col])}. Every other digit in the batch asks for the opposite, to lower it by about "
                  f"{fmt(abs(row[other]))}, because for them, a bright {ex.label} would be a wrong answer.")
        box = SurroundingRectangle(VGroup(*[grid[r][col] for r in range(len(grid))]), color=HIGHLIGHT, buff=0.08)
        self.play_through(Create(box), Indicate(grid[0][col], color=POSITIVE), share=0.35)
        self.play_through(LaggedStart(*[Indicate(grid[0][c], color=NEGATIVE) for c in range(n) if c != col],
                                      lag_ratio=0.3))

        # Beat: average.
        self.beat(f"The compromise is the average. Each row of ten wishes collapses into a single number: for "
                  f"the bias of the {ex.label} output, it is {fmt(tab.average[0], 3)}. The many other digits outvote "
                  f"our one {ex.label}, as they should, since most images are not {ex.label}s.")
        # Each row's numbers slide into its average and fade (a plain move: morphing ten
        # formulas into one makes manim align and deep-copy every glyph, seconds per row).
        rows = [VGroup(*grid[r]).copy() for r in range(len(grid))]
        self.play_through(FadeOut(box), FadeIn(avg_head),
                          *[row.animate.move_to(avg_col[r]).scale(0.4).set_opacity(0) for r, row in enumerate(rows)],
                          *[FadeIn(avg_col[r]) for r in range(len(grid))], share=0.5)
        self.remove(*rows)
        self.play_through(Indicate(avg_col[0], scale_factor=1.4), share=0.5)
        self.play_through(ripple(VGroup(*grid[0]), color=NEGATIVE))

        # Beat: equals the gradient.
        self.beat(f"Here is the payoff. Take the gradient that training step recorded, computed by "
                  f"backpropagation on the whole mini-batch at once, and flip its sign: the same numbers, "
                  f"{fmt(tab.recorded[0], 3)} again. The average of the examples' wishes is the negative gradient, "
                  "the very step gradient descent takes.")
        self.play_through(FadeIn(rec_head), LaggedStart(*[FadeIn(m) for m in rec_col], lag_ratio=0.3), share=0.35)
        formula = MathTex(r"-\nabla C = \frac{1}{" + str(n) + r"} \sum_{i=1}^{" + str(n) + r"} -\nabla C_i",
                          font_size=40).to_edge(DOWN, buff=0.5)
        pair = SurroundingRectangle(VGroup(avg_col[0], rec_col[0]), color=HIGHLIGHT, buff=0.1)
        self.play_through(Create(pair), share=0.3)
        self.play_through(Succession(*[pair.animate.move_to(VGroup(avg_col[r], rec_col[r]))
                                       for r in range(1, len(grid))]), share=0.45)
        self.play_through(FadeOut(pair), Write(formula))


class Ch3StochasticGradientDescent(LectureScene):
    """Shuffled mini-batches; the noisy but cheap steps of stochastic gradient descent."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run, data = get_run(), get_dataset()
        first = [s for s in run.snapshots if s.epoch < 1.0][:5]
        strips = Group()
        for snap in first:
            label = Text(f"step {snap.step}", font_size=20)
            img = digits_strip(data.X_train[snap.batch_indices], height=0.5)
            strips.add(Group(label, img).arrange(RIGHT, buff=0.3))
        cosines = VGroup(*[Text(fmt(gradient_cosine(snap.step)), font_size=22) for snap in first])
        strips.arrange(DOWN, aligned_edge=RIGHT, buff=0.15)
        per_epoch = int(run.manifest["steps_per_epoch"])
        n_train = int(run.manifest["data"]["n_train"])
        title = Text(f"{n_train:,} training digits, shuffled, in mini-batches of {run.batch_size}", font_size=26)
        title.to_edge(UP, buff=0.3)
        strips.next_to(title, DOWN, buff=0.3).to_edge(LEFT, buff=0.5)
        more = Text(f"... {per_epoch} mini-batches per epoch", font_size=20, color=GRAY)
        more.next_to(strips, DOWN, buff=0.15).align_to(strips, RIGHT)

        # Beat: shuffle.
        self.beat(f"Averaging over every training example before each step would be slow: backpropagation on all "
                  f"{n_train:,} digits, for one small step. Instead, the data is shuffled and cut into mini-batches "
                  f"of {run.batch_size}; here are the first few, as this run drew them. One pass through all "
                  f"{per_epoch} mini-batches is called an epoch.")
        self.add(title)
        self.play_through(LaggedStart(*[FadeIn(s) for s in strips], lag_ratio=0.4), share=0.7)
        self.play_through(FadeIn(more, shift=DOWN * 0.2))

        # Beat: each step.
        self.beat("Each step of training uses just one mini-batch, so its gradient is only an estimate of the true "
                  "one. The number beside each batch measures how well its direction agrees with the gradient "
                  "over all the training digits, where 1 would mean they point exactly the same way.")
        for cos, strip in zip(cosines, strips):
            cos.next_to(strip, RIGHT, buff=0.5)
        cos_head = VGroup(Text("<- agreement of each batch's", font_size=20),
                          Text("gradient with the full one (cosine)", font_size=20)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.05).next_to(cosines, RIGHT, buff=0.4)
        cos_head.align_to(cosines, UP)
        all_cos = np.array([gradient_cosine(s.step) for s in run.snapshots])
        median, lowest = fmt(float(np.median(all_cos))), fmt(float(all_cos.min()))
        cos_note = VGroup(Text(f"over all {all_cos.size} recorded steps:", font_size=20, color=GRAY),
                          Text(f"median {median}, lowest {lowest}", font_size=20, color=GRAY)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.05)
        cos_note.next_to(cos_head, DOWN, buff=0.3).align_to(cos_head, LEFT)
        self.play_through(FadeIn(cos_head), share=0.3)
        self.play_through(LaggedStart(*[FadeIn(c) for c in cosines], lag_ratio=0.4), share=0.6)
        self.play_through(ripple(cosines))

        # Beat: how rough.
        self.beat(f"Over all {all_cos.size} recorded steps, the median agreement is only {median}, and a few "
                  f"batches even point partly uphill, down to {lowest}. But each of these steps costs ten "
                  f"examples of backpropagation instead of {n_train:,}, so we can afford to take many more.")
        self.play_through(FadeIn(cos_note[0]), share=0.25)
        self.play_through(FadeIn(cos_note[1]), share=0.3)
        self.play_through(Indicate(cos_note[1], color=HIGHLIGHT), share=0.4)
        self.play_through(ripple(VGroup(*[s[0] for s in strips])), Indicate(title))

        # Beat: the cost plot.
        snaps = run.snapshots
        xs = np.log10(np.array([s.step for s in snaps]) + 1.0)
        batch_cost = np.array([s.batch_cost for s in snaps])
        train_cost = np.array([s.train_cost for s in snaps])
        ymax = float(np.ceil(max(batch_cost.max(), train_cost.max()) * 2) / 2)
        axes = Axes(x_range=[0, float(np.ceil(xs.max() * 2) / 2), 1], y_range=[0, ymax, 0.5],
                    x_length=7.5, y_length=3.0, tips=False,
                    axis_config={"include_numbers": False, "stroke_width": 2})
        axes.to_corner(DOWN + LEFT, buff=0.5).shift(RIGHT * 0.6)
        ticks = VGroup(*[Text(t, font_size=20).next_to(axes.c2p(np.log10(v + 1), 0), DOWN, buff=0.12)
                         for t, v in (("0", 0), ("10", 10), ("100", 100), ("1000", 1000), ("10000", 10000))])
        yticks = VGroup(*[Text(f"{v:g}", font_size=20).next_to(axes.c2p(0, v), LEFT, buff=0.12)
                          for v in np.arange(0, ymax + 1e-9, 0.5)])
        xlabel = Text("training step", font_size=20).next_to(ticks[-1], RIGHT, buff=0.5)
        noisy = VMobject(stroke_color=NEGATIVE, stroke_width=2).set_points_as_corners(
            [axes.c2p(x, y) for x, y in zip(xs, batch_cost)])
        smooth = VMobject(stroke_color=POSITIVE, stroke_width=3).set_points_as_corners(
            [axes.c2p(x, y) for x, y in zip(xs, train_cost)])
        key = VGroup(
            Text("cost of the step's mini-batch", font_size=20, color=NEGATIVE),
            Text("cost over all training digits", font_size=20, color=POSITIVE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(axes, RIGHT, buff=0.4).align_to(axes, UP)
        self.beat("And the trade pays off. The red line is the cost of each step's own mini-batch, which jumps "
                  "around; the green line is the cost over all the training digits, which keeps falling. Note "
                  "that the step axis is logarithmic.")
        self.play_through(Create(axes), FadeIn(ticks), FadeIn(yticks), FadeIn(xlabel), share=0.25)
        self.play_through(Create(noisy), FadeIn(key[0]), share=0.5)
        self.play_through(Create(smooth), FadeIn(key[1]))

        # Beat: the picture of stochastic descent.
        self.beat("It is like hurrying downhill while glancing only at the ground under your feet: wobbly, but "
                  "much faster than surveying the whole mountain before every single step.")
        self.play_through(ShowPassingFlash(noisy.copy().set_stroke(HIGHLIGHT, width=4), time_width=0.3), share=0.5)
        self.play_through(ShowPassingFlash(smooth.copy().set_stroke(HIGHLIGHT, width=5), time_width=0.3))

        # Beat: result.
        final = run.final
        self.beat(f"After {final.step:,} such steps, {final.epoch:.0f} passes through the data, the cost over the "
                  f"training digits is down to {fmt(final.train_cost)}, and the network labels "
                  f"{100 * final.val_accuracy:.1f}% of the validation digits correctly, digits it never trained "
                  "on. Every one of those steps was the averaged wishes of ten examples, found by backpropagation.")
        result = VGroup(Text(f"step {final.step:,}: cost {fmt(final.train_cost)}", font_size=22, color=HIGHLIGHT),
                        Text(f"{100 * final.val_accuracy:.1f}% of validation digits right", font_size=22,
                             color=HIGHLIGHT)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        result.next_to(key, DOWN, buff=0.4).align_to(key, LEFT)
        walker = Dot(smooth.get_start(), color=HIGHLIGHT, radius=0.08)
        self.add(walker)
        self.play_through(MoveAlongPath(walker, smooth), share=0.45)
        self.play_through(FadeIn(result[0]), share=0.35)
        self.play_through(FadeIn(result[1]), Indicate(walker, scale_factor=2))



SCENES = [
    Ch3DesiredNudges,
    Ch3ThreeWays,
    Ch3SumOfWishes,
    Ch3BackwardsLayerByLayer,
    Ch3CompareWithBackprop,
    Ch3AverageOverExamples,
    Ch3StochasticGradientDescent,
]
