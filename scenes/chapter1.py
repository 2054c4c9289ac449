"""Chapter 1: "But what is a neural network?", lit by a real trained network.

Every number, color and brightness comes from the default run (``get_run()``)
or the digits it was trained on (``get_dataset()``). Small worked examples
(one neuron's weighted sum, a matrix-vector product, average sigmoid slopes)
are recomputed here from the loaded final snapshot with plain NumPy / the
``network`` package; nothing is trained.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    WHITE,
    AnimationGroup,
    Arc,
    Arrow,
    Axes,
    Brace,
    Circle,
    Circumscribe,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Group,
    GrowFromCenter,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    Matrix,
    MoveAlongPath,
    ReplacementTransform,
    ShowPassingFlash,
    Square,
    Succession,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
)


from network.activations import relu, sigmoid
from scenes.base import LectureScene
from scenes.data import ANY_RUN, Needs, get_dataset, get_run
from scenes.mobjects import NetworkDiagram, digit_image, spread_pixels, weight_image
from scenes.numbers import fmt
from scenes.style import (
    GRAY,
    ACTIVATION_COLOR,
    BIAS_COLOR,
    HIGHLIGHT,
    NEGATIVE,
    POSITIVE,
    WEIGHT_COLOR,
)

# ===================================================================== numbers
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


# ============================================================== small builders
def pixel_center(image_mob, row: int, col: int) -> np.ndarray:
    """Scene position of pixel ``(row, col)`` of a 28x28 image mobject."""
    h = image_mob.height
    return image_mob.get_center() + ((col + 0.5) / 28 - 0.5) * h * RIGHT + (0.5 - (row + 0.5) / 28) * h * UP


def fill_animations(diagram: NetworkDiagram, layer: int, values: np.ndarray) -> list:
    """Animations that set the drawn neurons of ``layer`` to ``values`` (opacity)."""
    vals = np.clip(np.asarray(values, dtype=float), 0, 1)
    return [c.animate.set_fill(WHITE, opacity=float(vals[k]))
            for c, k in zip(diagram.layers[layer], diagram.indices[layer])]


def value_labels(diagram: NetworkDiagram, labels: VGroup, values: np.ndarray) -> VGroup:
    """Output activations written to the right of the output labels."""
    out = VGroup()
    for lab, k in zip(labels, diagram.indices[-1]):
        out.add(Text(f"{float(values[k]):.2f}", font_size=20, color=GRAY).next_to(lab, RIGHT, buff=0.2))
    return out


def edges_by_sign(diagram: NetworkDiagram, weights: list[np.ndarray]) -> tuple[VGroup, VGroup]:
    """Copies of the drawn edges whose real weight is positive, and of those whose weight is negative."""
    positive, negative = VGroup(), VGroup()
    for l, lines in enumerate(diagram.edges):
        sub = np.asarray(weights[l])[np.ix_(diagram.indices[l + 1], diagram.indices[l])].ravel()
        for line, w in zip(lines, sub):
            (positive if w >= 0 else negative).add(line.copy())
    return positive, negative


def slope_probe(axes: Axes, f, slope, x: ValueTracker, half: float) -> VGroup:
    """A tangent to ``f`` (``slope`` = f') that follows ``x``, from ``x - half`` to ``x + half``,
    and a readout of its slope in the axes' upper-left corner."""
    def tangent() -> Line:
        t = x.get_value()
        y, k = f(t), slope(t)
        return Line(axes.c2p(t - half, y - k * half), axes.c2p(t + half, y + k * half), color=WHITE,
                    stroke_width=5)

    value = DecimalNumber(slope(x.get_value()), num_decimal_places=2, font_size=30)
    value.add_updater(lambda m: m.set_value(slope(x.get_value())))
    readout = VGroup(Text("slope", font_size=20), value).arrange(RIGHT, buff=0.15)
    readout.next_to(axes.c2p(axes.x_range[0], axes.y_range[1]), DOWN + RIGHT, buff=0.1)
    return VGroup(always_redraw(tangent), readout)


def tour(mobs: list, stops: list[list]) -> Succession:
    """Move ``mobs`` together through ``stops``: at stop ``k``, ``mobs[i]`` moves onto
    ``stops[k][i]`` (a point or a mobject). Built from explicit targets, since several
    ``.animate`` of one mobject in a Succession would all share its last target."""
    return Succession(*[AnimationGroup(*[Transform(m, m.copy().move_to(p)) for m, p in zip(mobs, stop)])
                        for stop in stops])


def stroke(*points, width: float = 10) -> VMobject:
    """A white pen stroke through ``points`` given in a 1.5-unit cell's coordinates."""
    line = VMobject(stroke_color=WHITE, stroke_width=width)
    line.set_points_as_corners([np.array([x, y, 0.0]) for x, y in points])
    return line


def loop(center=(0, 0), radius: float = 0.38) -> Circle:
    """A white pen loop."""
    return Circle(radius=radius, stroke_color=WHITE, stroke_width=10).move_to([center[0], center[1], 0])


def sketch_cell(*parts: VMobject) -> VGroup:
    """A cell with pen parts drawn in cell coordinates (cell centred at the origin)."""
    frame = Square(1.5, stroke_color=ManimColor("#666666"), stroke_width=1.5).set_fill("#000000", 1)
    return VGroup(frame, *parts)


def colored_formula(sup_out: str = "1", sup_in: str = "0", sup_params: str | None = None,
                    font_size: float = 48) -> MathTex:
    """``a^(out) = sigma(W a^(in) + b)`` with W, a, b in the style colors; with
    ``sup_params``, W and b carry that layer superscript too."""
    w, b = ("W", "b") if sup_params is None else (rf"W^{{({sup_params})}}", rf"b^{{({sup_params})}}")
    tex = MathTex(rf"a^{{({sup_out})}}", "=", r"\sigma\big(", w, rf"a^{{({sup_in})}}", "+", b, r"\big)",
                  font_size=font_size)
    tex[0].set_color(ACTIVATION_COLOR)
    tex[3].set_color(WEIGHT_COLOR)
    tex[4].set_color(ACTIVATION_COLOR)
    tex[6].set_color(BIAS_COLOR)
    return tex


# =================================================================== scenes
class Ch1Scene(LectureScene):
    """A chapter-1 scene: narrated beats (each lasts as long as its narration, see
    :mod:`scenes.base`)."""


class Ch1HandwrittenThrees(Ch1Scene):
    """Real 3s at 28x28, 784 pixels, grayscale values on a zoomed patch, a neuron."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        images = threes(5)

        # Beat: many different threes.
        self.beat("Here are five handwritten threes, each drawn by a different person. They differ in slant, "
                  "thickness and shape, and their pixels barely line up, yet you read every one as a three at "
                  "a glance. Getting a computer to do the same is the problem of this whole lecture.")
        row = Group(*[digit_image(im, height=2.0) for im in images]).arrange(RIGHT, buff=0.4).to_edge(UP, buff=1.3)
        self.play(LaggedStart(*[FadeIn(d) for d in row], lag_ratio=0.25, run_time=0.3 * self.remaining()))
        frame = SurroundingRectangle(row[0], color=HIGHLIGHT, buff=0.08)
        self.play(Create(frame))
        self.play_through(tour([frame], [[d] for d in row[1:]]), share=0.9)
        self.play(FadeOut(frame))

        # Beat: 28 x 28 = 784.
        self.beat("Each image is a grid of pixels, 28 wide and 28 tall. That makes 28 times 28, or 784 pixels "
                  "per image: a tiny picture, but enough for you to read the digit.")
        first = row[0][0]
        top = Brace(first, UP, buff=0.05)
        side = Brace(first, LEFT, buff=0.05)
        top_t = top.get_tex("28").scale(0.8)
        side_t = side.get_tex("28").scale(0.8)
        cell = first.height / 28
        lines = VGroup(*[Line(first.get_corner(UP + LEFT) + k * cell * RIGHT, first.get_corner(DOWN + LEFT)
                              + k * cell * RIGHT) for k in range(1, 28)],
                       *[Line(first.get_corner(UP + LEFT) + k * cell * DOWN, first.get_corner(UP + RIGHT)
                              + k * cell * DOWN) for k in range(1, 28)]).set_stroke(GRAY, 0.6, 0.8)
        count = MathTex(r"28 \times 28 = 784", font_size=48).next_to(row, DOWN, buff=0.5)
        self.play(FadeIn(top), FadeIn(side), Write(top_t), Write(side_t))
        self.play(Create(lines, lag_ratio=0.02), run_time=0.45 * self.remaining())
        self.play_through(Write(count), share=0.7)

        # Beat: zoom into a patch and read the pixel values.
        big_pixels = images[0]
        r0, c0 = busy_patch(big_pixels, 5)
        patch_vals = big_pixels.reshape(28, 28)[r0 : r0 + 5, c0 : c0 + 5]
        brightest = int(np.argmax(np.where(patch_vals < 0.98, patch_vals, 0)))
        value = float(patch_vals.flat[brightest])
        self.beat(f"Zoom into a small patch of the first three. Every pixel is really just one number, its "
                  f"brightness: 0 for black, 1 for white, and grays in between, like this {fmt(value, 2)}. "
                  "To a computer, the image is nothing more than these 784 numbers.")
        big = digit_image(big_pixels, height=4.2).to_edge(LEFT, buff=0.8).shift(0.3 * DOWN)
        h = big[0].height / 28
        corner = pixel_center(big[0], r0, c0) + 0.5 * h * (LEFT + UP)
        window = Square(5 * h, color=HIGHLIGHT, stroke_width=3).move_to(corner + 2.5 * h * (RIGHT + DOWN))
        grid = VGroup()
        for r in range(5):
            for c in range(5):
                v = float(patch_vals[r, c])
                sq = Square(0.85, stroke_color=ManimColor("#555555"), stroke_width=1).set_fill(
                    ManimColor(np.array([v, v, v])), 1)
                num = Text(fmt(v, 2), font_size=20, color=WHITE if v < 0.5 else ManimColor("#000000"))
                grid.add(VGroup(sq, num))
        grid.arrange_in_grid(5, 5, buff=0)
        for g in grid:
            g[1].move_to(g[0])
        grid.next_to(big, RIGHT, buff=1.4)
        zoom_lines = VGroup(
            DashedLine(window.get_corner(UP + RIGHT), grid.get_corner(UP + LEFT), color=HIGHLIGHT, stroke_width=1.5),
            DashedLine(window.get_corner(DOWN + RIGHT), grid.get_corner(DOWN + LEFT), color=HIGHLIGHT,
                       stroke_width=1.5),
        )
        self.play(FadeOut(VGroup(top, side, top_t, side_t, count, lines)),
                  ReplacementTransform(row[0], big), FadeOut(Group(*row[1:])))
        self.play(Create(window), Create(zoom_lines))
        self.play(LaggedStart(*[FadeIn(g) for g in grid], lag_ratio=0.04), run_time=0.3 * self.remaining())
        # One pixel of the image and its number on the grid, side by side along the highlighted cell's row.
        rb, cb = divmod(brightest, 5)
        path = [(rb, c) for c in range(5)] + [(rb, cb)]
        pixel_mark = Square(h + 0.05, color=HIGHLIGHT, stroke_width=3).move_to(pixel_center(big[0], r0 + rb, c0))
        box = Square(0.85, color=HIGHLIGHT, stroke_width=4).move_to(grid[5 * rb])
        self.play(Create(pixel_mark), Create(box))
        self.play_through(tour([pixel_mark, box], [[pixel_center(big[0], r0 + r, c0 + c), grid[5 * r + c]]
                                                   for r, c in path[1:]]), share=0.9)

        # Beat: a neuron holds one number.
        self.beat(f"Now picture a neuron as a thing that holds one number like this, between 0 and 1. That "
                  f"number is the neuron's activation, and we draw it as brightness: at 0 the neuron is dark, "
                  f"at 1 it is fully lit. This one holds {value:.2f}.")
        pick = grid[brightest]
        level = ValueTracker(value)
        neuron = Circle(radius=0.5, stroke_color=WHITE, stroke_width=3).set_fill(WHITE, value)
        neuron.next_to(grid, RIGHT, buff=1.2)
        label = DecimalNumber(value, num_decimal_places=2, font_size=30, color=HIGHLIGHT)
        label.next_to(neuron, DOWN, buff=0.25)
        caption = Text("neuron", font_size=26).next_to(neuron, UP, buff=0.25)
        arrow = Arrow([grid.get_right()[0], box.get_center()[1], 0], neuron.get_left(), buff=0.1,
                      color=HIGHLIGHT, stroke_width=3)
        self.play(FadeOut(pixel_mark), TransformFromCopy(pick[0], neuron), Create(arrow), FadeIn(caption),
                  FadeIn(label))
        neuron.add_updater(lambda m: m.set_fill(WHITE, level.get_value()))
        label.add_updater(lambda m: m.set_value(level.get_value()))
        sweep = 0.9 * self.remaining() / 3
        for target in (0.0, 1.0, value):
            self.play(level.animate.set_value(target), run_time=max(1.0, sweep))
        neuron.clear_updaters()
        label.clear_updaters()


class Ch1FlattenToNetwork(Ch1Scene):
    """The 784 pixels become the input column; two hidden layers of 16; 10 outputs."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        run = get_run()
        sizes = run.layer_sizes
        i = demo_probe()
        pixels = run.probes.images[i]
        chosen = spread_pixels(pixels, 16)
        diagram = NetworkDiagram(sizes, run.final.weights, shown={0: chosen}, layer_buff=2.2)
        diagram.height = 6.3
        diagram.to_edge(RIGHT, buff=1.6).shift(0.3 * DOWN)
        diagram.set_layer_activations(0, pixels)
        digit = digit_image(pixels, height=3.2).to_edge(LEFT, buff=0.5)

        # Beat: the digit and its pixels.
        self.beat(f"Take one real digit, a {int(run.probes.labels[i])} the network never saw while training. "
                  f"All 784 of its pixels will become the first layer of the network. We cannot draw 784 "
                  f"circles, so the {len(chosen)} marked pixels, spread along the stroke, stand in for the rest.")
        self.play(FadeIn(digit))
        marks = VGroup()
        h = digit[0].height / 28
        for k in chosen:
            r, c = divmod(int(k), 28)
            marks.add(Square(h, stroke_color=HIGHLIGHT, stroke_width=2.5)
                      .set_fill(ManimColor(np.array([float(pixels[k])] * 3)), 1)
                      .move_to(pixel_center(digit[0], r, c)))
        self.play_through(LaggedStart(*[AnimationGroup(FadeIn(m, scale=5), Flash(m, color=HIGHLIGHT, line_length=0.15,
                                                                 flash_radius=0.12)) for m in marks],
                                      lag_ratio=0.3), share=0.9)

        # Beat: flatten into a column.
        self.beat("Unroll the grid row by row into one long column. Each pixel becomes an input neuron, and its "
                  "brightness becomes that neuron's activation: dark pixels give dark neurons, bright pixels "
                  "bright ones. The dots stand for all the neurons we left out.")
        self.play(LaggedStart(*[TransformFromCopy(m, c) for m, c in zip(marks, diagram.layers[0])],
                              lag_ratio=0.15), run_time=0.6 * self.remaining())
        dots = diagram.ellipses[0]
        brace = diagram.layer_brace(0, "784", direction=LEFT)
        brace[1].scale(0.8)
        note = Text(f"{len(chosen)} of {sizes[0]} drawn", font_size=20, color=GRAY)
        note.next_to(diagram.layers[0], UP, buff=0.15)
        self.play_through(FadeIn(dots), GrowFromCenter(brace), FadeIn(note), share=0.9)

        # Beat: hidden layers.
        self.beat(f"Next come two hidden layers of {sizes[1]} neurons each. They are hidden because we never "
                  "set them ourselves: the network computes them from the layer before. Every neuron of one "
                  "layer connects to every neuron of the next.")
        hidden_titles = VGroup(*[Text(f"hidden {n}", font_size=20).next_to(diagram.layers[l], UP, buff=0.15)
                                 for l, n in ((1, 1), (2, 2))])
        each = max(1.0, 0.45 * self.remaining())
        for l in (1, 2):
            self.play(Create(diagram.edges[l - 1], lag_ratio=0.01), FadeIn(diagram.layers[l]),
                      FadeIn(hidden_titles[l - 1]), run_time=each)
            self.bring_to_back(diagram.edges[l - 1])

        # Beat: outputs.
        self.beat(f"The last layer has {sizes[-1]} neurons, one for each digit from 0 to 9. How brightly each "
                  "one lights up says how strongly the network believes the image shows that digit, and the "
                  "brightest one is its answer.")
        labels = diagram.output_labels(font_size=22)
        out_title = Text("output", font_size=20).next_to(diagram.layers[3], UP, buff=0.15)
        self.play(Create(diagram.edges[2], lag_ratio=0.01), FadeIn(diagram.layers[3]), FadeIn(labels),
                  FadeIn(out_title), run_time=0.35 * self.remaining())
        self.bring_to_back(diagram.edges[2])
        self.play_through(LaggedStart(*[Indicate(VGroup(c, t)) for c, t in zip(diagram.layers[3], labels)],
                                      lag_ratio=0.3), share=0.9)

        # Beat: edges carry real weights.
        self.beat("Every line is a connection, and each one carries a weight, a number the network learned in "
                  "training. Green lines are positive weights, red lines negative ones, and the brighter and "
                  "thicker the line, the stronger the weight. These are the real weights of our trained network.")
        legend = VGroup(
            VGroup(Line(ORIGIN, 0.6 * RIGHT, color=POSITIVE, stroke_width=4), Text("positive weight", font_size=20)
                   ).arrange(RIGHT, buff=0.15),
            VGroup(Line(ORIGIN, 0.6 * RIGHT, color=NEGATIVE, stroke_width=4), Text("negative weight", font_size=20)
                   ).arrange(RIGHT, buff=0.15),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(digit, DOWN, buff=0.6)
        self.play(FadeIn(legend))
        each = max(1.0, 0.45 * self.remaining())
        for part, lines in zip(legend, edges_by_sign(diagram, run.final.weights)):
            self.play(Indicate(part), ShowPassingFlash(lines.set_stroke(width=2, opacity=1), time_width=0.5),
                      run_time=each)


def _forward_scene(scene: LectureScene, pixels: np.ndarray, activations: list[np.ndarray], label: int,
                   source: str, wrong: bool) -> None:
    """Shared body of the forward-pass scenes: light each layer with real activations."""
    run = get_run()
    chosen = spread_pixels(pixels, 16)
    diagram = NetworkDiagram(run.layer_sizes, run.final.weights, shown={0: chosen}, layer_buff=2.1)
    diagram.height = 6.6
    diagram.to_edge(RIGHT, buff=2.3)
    labels = diagram.output_labels(font_size=22)
    brace = diagram.layer_brace(0, "784", direction=LEFT)
    brace[1].scale(0.8)
    digit = digit_image(pixels, height=2.6).to_edge(LEFT, buff=0.4)
    caption = Text(source, font_size=20, color=GRAY).next_to(digit, DOWN, buff=0.2)
    # Static first (edges at the bottom of the family), so only moving neurons are redrawn.
    scene.add(diagram, labels, brace)

    scene.beat(f"Let's feed in a real handwritten {label}, one of the validation digits the network never "
               "trained on. Its pixels set the input layer: each input neuron lights up exactly as bright as "
               "its pixel." if not wrong else
               f"The network is not always right. Here is a real {label}, also from the held-out validation "
               "digits, that it gets wrong. As before, its pixels light up the input layer.")
    scene.play(FadeIn(digit), FadeIn(caption))
    scene.play_through(LaggedStart(*fill_animations(diagram, 0, activations[0]), lag_ratio=0.2), share=0.85)

    scene.beat("Now the signal flows forward. The activations of each layer, weighted by the trained "
               "connections, decide how brightly every neuron of the next layer shines: first the hidden "
               "layers, one after the other, and finally the outputs.")
    step = max(1.0, 0.95 * scene.remaining() / (len(activations) - 1))
    for l in range(len(activations) - 1):
        flash = diagram.edges[l].copy().set_stroke(color=HIGHLIGHT)
        scene.play(ShowPassingFlash(flash, time_width=0.6), run_time=0.55 * step)
        scene.play(*fill_animations(diagram, l + 1, activations[l + 1]), run_time=0.45 * step)

    out = activations[-1]
    guess = int(np.argmax(out))
    second = int(np.argsort(out)[-2])
    other = label if wrong else second
    scene.beat(f"The brightest output neuron is the network's answer: {guess}. It reaches {out[guess]:.2f}, "
               f"while the runner-up, {second}, gets only {out[second]:.2f}. This time the network is right."
               if not wrong else
               f"Here the brightest output is {guess}, at {out[guess]:.2f}, but the digit is really a {label}, "
               f"whose neuron reaches only {out[label]:.2f}. The network only learned patterns of pixels from its "
               "training examples, and this digit does not fit them well.")
    values = value_labels(diagram, labels, out)
    box = diagram.answer_box(guess)
    verdict = Text(f"answer: {guess}", font_size=30, color=HIGHLIGHT if guess == label else NEGATIVE)
    verdict.next_to(caption, DOWN, buff=0.5)
    scene.play(LaggedStart(*[FadeIn(v) for v in values], lag_ratio=0.1), run_time=0.25 * scene.remaining())
    scene.play(Create(box), FadeIn(verdict))
    if wrong:
        true_box = SurroundingRectangle(VGroup(diagram.neuron(len(activations) - 1, label), labels[label]),
                                        color=POSITIVE, buff=0.06)
        truth = Text(f"true label: {label}", font_size=24, color=POSITIVE).next_to(verdict, DOWN, buff=0.25)
        scene.play(Create(true_box), FadeIn(truth))
    scene.play_through(Succession(Indicate(values[guess], scale_factor=1.5),
                                  Indicate(values[other], scale_factor=1.5)), share=0.9)


class Ch1ForwardPass(Ch1Scene):
    """A real held-out 3 through the trained network, layer by layer (render benchmark)."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        acts = [a[i] for a in run.final.probe_activations]
        _forward_scene(self, run.probes.images[i], acts, int(run.probes.labels[i]),
                       f"validation digit #{int(run.probes.indices[i])}", wrong=False)


class Ch1WrongDigit(Ch1Scene):
    """A real digit the trained network misclassifies."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        pixels, label, source = wrong_digit()
        _, acts = run.network(-1).forward(pixels)
        _forward_scene(self, pixels, [a[0] for a in acts], label, source, wrong=True)


class Ch1HopedDecomposition(Ch1Scene):
    """The hope: digits as parts, parts as edges (marked as a hope, then the real weights)."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        data = get_dataset()

        def real(d: int):
            return digit_image(data.X_train[np.flatnonzero(data.y_train == d)[0]], height=1.5)

        title = Text("The hope (not yet a fact)", font_size=34, color=HIGHLIGHT).to_edge(UP, buff=0.4)
        self.add(title)

        # Beat: nine = loop + line.
        self.beat("Why should layers help at all? Here is what we might hope they do. A nine, for instance, "
                  "can be seen as a loop sitting on top of a vertical line.")
        plus = lambda: MathTex("+", font_size=44)  # noqa: E731
        eq = lambda: MathTex("=", font_size=44)  # noqa: E731
        nine = Group(real(9), eq(), sketch_cell(loop((0, 0.28), 0.32)), plus(),
                     sketch_cell(stroke((0.32, 0.6), (0.32, -0.6)))).arrange(RIGHT, buff=0.3)
        eight = Group(real(8), eq(), sketch_cell(loop((0, 0.3), 0.28)), plus(),
                      sketch_cell(loop((0, -0.28), 0.32))).arrange(RIGHT, buff=0.3)
        four = Group(real(4), eq(), sketch_cell(stroke((-0.35, 0.6), (-0.45, -0.05))), plus(),
                     sketch_cell(stroke((-0.55, -0.05), (0.55, -0.05))), plus(),
                     sketch_cell(stroke((0.3, 0.6), (0.3, -0.6)))).arrange(RIGHT, buff=0.3)
        rows = Group(nine, eight, four).arrange(DOWN, aligned_edge=LEFT, buff=0.35).next_to(title, DOWN, buff=0.4)
        self.play(FadeIn(nine, lag_ratio=0.2), run_time=0.5 * self.remaining())
        self.play_through(Succession(Circumscribe(nine[2]), Circumscribe(nine[4])), share=0.9)

        # Beat: eight and four.
        self.beat("An eight is two loops, one above the other, and a four is roughly three straight strokes. "
                  "If the second hidden layer had one neuron for each such part, the last layer would only "
                  "need to learn which parts make up which digit.")
        self.play(FadeIn(eight, lag_ratio=0.2), run_time=0.2 * self.remaining())
        self.play(FadeIn(four, lag_ratio=0.2), run_time=0.25 * self.remaining())
        parts = [row[k] for row in rows for k in range(2, len(row), 2)]
        self.play_through(LaggedStart(*[Circumscribe(p) for p in parts], lag_ratio=0.4), share=0.9)

        # Beat: loops into little edges.
        self.beat("Going one level down, a loop is itself made of short edges at different angles. So the "
                  "first hidden layer might spot little edges, the second might combine them into loops and "
                  "lines, and the output layer would combine those into digits.")
        self.play(FadeOut(rows))
        big = Circle(radius=1.3, stroke_color=WHITE, stroke_width=12).shift(3 * LEFT + 0.3 * DOWN)
        arrow = MathTex(r"\Rightarrow", font_size=60).next_to(big, RIGHT, buff=0.8)
        pieces = VGroup(*[Arc(radius=1.3, start_angle=k * np.pi / 4 + 0.06, angle=np.pi / 4 - 0.12,
                              stroke_color=WHITE, stroke_width=12) for k in range(8)])
        pieces.move_to(big).next_to(arrow, RIGHT, buff=0.8)
        center = pieces.get_center()
        for p in pieces:
            p.shift(0.75 * (p.point_from_proportion(0.5) - center) / 1.3)
        self.play(Create(big), run_time=0.2 * self.remaining())
        self.play(FadeIn(arrow), TransformFromCopy(big, pieces), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(p, color=HIGHLIGHT) for p in pieces], lag_ratio=0.3), share=0.9)

        # Beat: what training really produced.
        self.beat("But that is only a hope. To check it, here are the real trained weights into the 16 "
                  "neurons of the first hidden layer, each drawn on the 28 by 28 pixel grid, green where a "
                  "weight is positive and red where it is negative.")
        run = get_run()
        W = run.final.weights[0]
        vmax = float(np.abs(W).max())
        grid = Group(*[weight_image(w, height=1.4, vmax=vmax) for w in W]).arrange_in_grid(2, 8, buff=0.15)
        grid.to_edge(DOWN, buff=0.4)
        note = Text("trained weights into the 16 first-layer neurons", font_size=22).next_to(grid, UP, buff=0.2)
        self.play(Group(big, arrow, pieces).animate.scale(0.6).next_to(title, DOWN, buff=0.3))
        self.play_through(FadeIn(grid, lag_ratio=0.1), FadeIn(note), share=0.9)

        # Beat: they are not edges.
        self.beat("They look nothing like neat little edges: mostly scattered, blotchy patterns. The network "
                  "still reads digits well, but it found its own way to do it, not the tidy one we imagined.")
        frame = SurroundingRectangle(grid[0], color=HIGHLIGHT, buff=0.04)
        self.play(Create(frame))
        self.play_through(tour([frame], [[w] for w in grid[1:]]), share=0.9)
        self.play(FadeOut(frame))


class Ch1NeuronWeights(Ch1Scene):
    """One real hidden neuron: its 784 weights, multiplied by a real digit and summed."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        ex = neuron_example()
        vmax = float(np.abs(ex.weights).max())

        # Beat: pick a neuron.
        self.beat(f"Let's open up one neuron of the first hidden layer, neuron number {ex.neuron}, and see "
                  "exactly what it computes.")
        title = Text(f"hidden layer 1, neuron {ex.neuron}", font_size=30).to_edge(UP, buff=0.4)
        self.play_through(Write(title), share=0.8)

        # Beat: its weights as an image.
        self.beat("It has 784 incoming connections, one from every pixel, each with its own weight. Drawn on "
                  "the 28 by 28 grid, the weights make a picture: green where a weight is positive, red where "
                  f"it is negative, brighter where it is larger. The strongest one, boxed here, has size "
                  f"{fmt(vmax, 2)}.")
        wimg = weight_image(ex.weights, height=3.2, vmax=vmax)
        wcap = Text("its 784 weights", font_size=22).next_to(wimg, DOWN, buff=0.2)
        legend = VGroup(
            Text("green: w > 0", font_size=20, color=POSITIVE),
            Text("red: w < 0", font_size=20, color=NEGATIVE),
            Text(f"brightness: |w| (max {fmt(vmax, 2)})", font_size=20),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        Group(wimg, wcap).move_to(ORIGIN).shift(0.3 * UP)
        legend.next_to(wcap, DOWN, buff=0.3)
        strongest = Square(wimg[0].height / 28 + 0.08, color=HIGHLIGHT, stroke_width=3).move_to(
            pixel_center(wimg[0], *divmod(int(np.argmax(np.abs(ex.weights))), 28)))
        self.play(FadeIn(wimg), FadeIn(wcap), run_time=0.25 * self.remaining())
        self.play(LaggedStart(*[FadeIn(t) for t in legend], lag_ratio=0.6), run_time=0.45 * self.remaining())
        self.play_through(Create(strongest), Indicate(legend[2]), share=0.9)

        # Beat: multiply by the pixels.
        self.beat(f"Now multiply every pixel of our {ex.label} by the weight at the same spot. Where the digit "
                  "is black, the pixel is 0 and so is the product, whatever the weight. Only pixels on the "
                  "stroke let their weights through, giving the picture on the right.")
        dimg = digit_image(ex.image, height=3.2)
        dcap = Text(f"pixels a of a {ex.label}", font_size=22).next_to(dimg, DOWN, buff=0.2)
        products = ex.weights * ex.image
        pimg = weight_image(products, height=3.2, vmax=float(np.abs(products).max()))
        pcap = Text("w × a", font_size=22).next_to(pimg, DOWN, buff=0.2)
        times = MathTex(r"\times", font_size=48)
        equals = MathTex("=", font_size=48)
        row = Group(Group(dimg, dcap), times, Group(wimg.copy(), wcap.copy()), equals, Group(pimg, pcap))
        row.arrange(RIGHT, buff=0.45).shift(0.4 * UP)
        self.play(FadeOut(legend), FadeOut(strongest), Group(wimg, wcap).animate.move_to(row[2]))
        self.remove(row[2])
        row.submobjects[2] = Group(wimg, wcap)
        self.play(FadeIn(Group(dimg, dcap)), FadeIn(times))
        self.play(FadeIn(equals), FadeIn(Group(pimg, pcap)))
        # The same pixel in all three pictures, stepping along the stroke.
        images = (dimg[0], wimg[0], pimg[0])
        spots = [divmod(int(k), 28) for k in spread_pixels(ex.image, 6)]
        marks = VGroup(*[Square(im.height / 28 + 0.06, color=HIGHLIGHT, stroke_width=3).move_to(
            pixel_center(im, *spots[0])) for im in images])
        self.play(Create(marks))
        self.play_through(tour(list(marks), [[pixel_center(im, *rc) for im in images] for rc in spots[1:]]),
                          share=0.9)

        # Beat: add them all up.
        pos, neg = ex.product_sums()
        self.beat(f"Finally, add up all 784 products. The green ones add up to {fmt(pos, 3)} and the red ones "
                  f"to minus {fmt(-neg, 3)}; together they give this neuron's weighted sum for our digit, "
                  f"{fmt(ex.weighted_sum, 3)}.")
        total = MathTex(r"w_1 a_1 + w_2 a_2 + \cdots + w_{784} a_{784}", "=", fmt(pos, 3), "-", fmt(-neg, 3),
                        "=", fmt(ex.weighted_sum, 3), font_size=40).next_to(row, DOWN, buff=0.5)
        total[2].set_color(POSITIVE)
        total[4].set_color(NEGATIVE)
        total[6].set_color(HIGHLIGHT)
        self.play(FadeOut(marks), Write(total[:2]), run_time=0.25 * self.remaining())
        self.play(Write(total[2]), run_time=0.3 * self.remaining())
        self.play(Write(total[3:5]), run_time=0.35 * self.remaining())
        self.add(total)  # whole, for the script's reading of the screen (Write hides the rest until drawn)
        self.play_through(Write(total[5:]), Circumscribe(total[6]), share=0.9)


class Ch1SigmoidBias(Ch1Scene):
    """The same neuron: its real bias shifts the threshold, the sigmoid squishes."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        ex = neuron_example()
        s, b = ex.weighted_sum, ex.bias

        # Beat: the sigmoid.
        self.beat("An activation should lie between 0 and 1, but a weighted sum can be any number at all. So we "
                  "pass it through the sigmoid function: very negative inputs come out close to 0, very "
                  "positive ones close to 1, and in between the curve rises smoothly.")
        axes = Axes(x_range=[-8, 8, 2], y_range=[0, 1, 0.5], x_length=8.5, y_length=3.6,
                    axis_config={"include_numbers": True, "font_size": 24}, tips=False)
        axes.to_edge(DOWN, buff=0.9).shift(1.6 * LEFT)
        graph = axes.plot(lambda x: float(sigmoid(x)), x_range=[-8, 8], color=WEIGHT_COLOR)
        formula = MathTex(r"\sigma(x) = \frac{1}{1 + e^{-x}}", font_size=40).to_corner(UP + LEFT, buff=0.5)
        self.play(Create(axes), Write(formula), run_time=0.25 * self.remaining())
        self.play(Create(graph), run_time=0.25 * self.remaining())
        x = ValueTracker(-8)
        tracer = Dot(color=HIGHLIGHT, radius=0.08).add_updater(
            lambda d: d.move_to(axes.c2p(x.get_value(), float(sigmoid(x.get_value())))))
        self.add(tracer)
        self.play_through(x.animate.set_value(8), share=0.9)

        # Beat: the bias.
        self.beat(f"Before squishing, we add the neuron's bias, here {fmt(b, 2)}. The bias slides the curve "
                  f"sideways: now the neuron is more than half lit only once the weighted sum passes "
                  f"{fmt(-b, 2)}. So the bias sets how easily the neuron becomes active.")
        shifted = axes.plot(lambda x: float(sigmoid(x + b)), x_range=[-8, 8], color=BIAS_COLOR)
        expr = MathTex(r"\sigma(", r"w_1 a_1 + \cdots + w_{784} a_{784}", "+", "b", ")", font_size=40)
        expr[1].set_color(WEIGHT_COLOR)
        expr[3].set_color(BIAS_COLOR)
        expr.to_corner(UP + RIGHT, buff=0.5)
        bias_t = MathTex("b", "=", fmt(b, 2), font_size=40).next_to(expr, DOWN, buff=0.3)
        bias_t[0].set_color(BIAS_COLOR)
        bias_t[2].set_color(BIAS_COLOR)
        thresh = DashedLine(axes.c2p(-b, 0), axes.c2p(-b, 1), color=BIAS_COLOR, stroke_width=2)
        thresh_t = Text(f"threshold: sum > {fmt(-b, 2)}", font_size=22, color=BIAS_COLOR)
        thresh_t.next_to(axes, UP, buff=0.1).align_to(axes.c2p(-b, 0), LEFT)
        xlabel = Text("weighted sum", font_size=20).next_to(axes.x_axis, DOWN, buff=0.45).align_to(axes, RIGHT)
        tracer.clear_updaters()
        self.play(FadeOut(tracer), Write(expr), FadeIn(bias_t), FadeIn(xlabel), run_time=0.3 * self.remaining())
        self.play(ReplacementTransform(graph, shifted), run_time=0.35 * self.remaining())
        self.play_through(Create(thresh), FadeIn(thresh_t), share=0.9)

        # Beat: the result.
        self.beat(f"For our digit, this neuron's weighted sum was {fmt(s, 3)}. Adding the bias gives "
                  f"{fmt(ex.z, 3)}, and the sigmoid turns that into {fmt(ex.activation, 3)}: the neuron glows "
                  "at that brightness.")
        x.set_value(axes.x_range[0])
        dot = Dot(color=HIGHLIGHT, radius=0.09).add_updater(
            lambda d: d.move_to(axes.c2p(x.get_value(), float(sigmoid(x.get_value() + b)))))
        drop = DashedLine(axes.c2p(s, 0), axes.c2p(s, ex.activation), color=HIGHLIGHT, stroke_width=2)
        result = MathTex(r"\sigma(", fmt(s, 3), r"+", f"({fmt(b, 2)})", ")", "=", r"\sigma(", fmt(ex.z, 3), ")",
                         "=", fmt(ex.activation, 3), font_size=40).next_to(bias_t, DOWN, buff=0.4)
        result.align_to(expr, RIGHT)
        result[3].set_color(BIAS_COLOR)
        result[10].set_color(HIGHLIGHT)
        neuron = Circle(radius=0.4, stroke_color=WHITE, stroke_width=3).set_fill(WHITE, 0)
        neuron.next_to(result, DOWN, buff=0.5)
        ntext = Text(f"neuron {ex.neuron}", font_size=20).next_to(neuron, DOWN, buff=0.15)
        self.add(dot)
        self.play(x.animate.set_value(s), run_time=0.25 * self.remaining())
        dot.clear_updaters()
        self.play(Create(drop), Write(result[:6]), run_time=0.3 * self.remaining())
        self.play(Write(result[6:]), run_time=0.4 * self.remaining())
        self.add(result)  # whole, for the script's reading of the screen
        self.play(FadeIn(neuron), FadeIn(ntext))
        self.play_through(neuron.animate.set_fill(WHITE, ex.activation), share=0.9)


class Ch1ParameterCount(Ch1Scene):
    """Counting the weights and biases of the real network: 13,002."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        sizes = run.layer_sizes
        w_counts, b_counts, total = parameter_counts(sizes)
        diagram = NetworkDiagram(sizes, run.final.weights, layer_buff=1.4)
        diagram.height = 5.8
        brace = diagram.layer_brace(0, str(sizes[0]), direction=LEFT)
        brace[1].scale(0.8)
        VGroup(brace, diagram).to_edge(LEFT, buff=0.4)
        self.add(diagram, brace)

        # Beat: weights, layer by layer.
        self.beat("Every connection has its own weight, so let's count them layer by layer. Between two "
                  "layers there is one weight for every pair of neurons, so the count is the size of one layer "
                  f"times the size of the next. Adding up the layers gives {sum(w_counts):,} weights.")
        terms = [rf"{a} \times {b}" for a, b in zip(sizes[:-1], sizes[1:])]
        wline = MathTex(*[t for k, t in enumerate(terms) for t in ((t,) if k == 0 else ("+", t))],
                        "=", f"{sum(w_counts):,}".replace(",", "{,}"), r"\text{ weights}", font_size=36)
        wline.set_color_by_tex(r"\times", WEIGHT_COLOR)
        bline = MathTex(*[t for k, n in enumerate(b_counts) for t in ((str(n),) if k == 0 else ("+", str(n)))],
                        "=", f"{sum(b_counts)}", r"\text{ biases}", font_size=36)
        for k in range(0, 2 * len(b_counts) - 1, 2):
            bline[k].set_color(BIAS_COLOR)
        tline = MathTex(f"{total:,}".replace(",", "{,}"), r"\text{ parameters}", font_size=48)
        tline[0].set_color(HIGHLIGHT)
        lines = VGroup(wline, bline, tline).arrange(DOWN, buff=0.6, aligned_edge=LEFT)
        lines.scale_to_fit_width(min(lines.width, 7.4)).next_to(diagram, RIGHT, buff=0.5)
        each = max(1.0, 0.75 * self.remaining() / len(w_counts))
        for l in range(len(w_counts)):
            flash = diagram.edges[l].copy().set_stroke(color=HIGHLIGHT)
            parts = [wline[2 * l]] if l == 0 else [wline[2 * l - 1], wline[2 * l]]
            self.play(ShowPassingFlash(flash, time_width=0.7), *[FadeIn(p) for p in parts], run_time=each)
        self.play_through(FadeIn(wline[2 * len(w_counts) - 1 :]), share=0.9)

        # Beat: biases.
        self.beat(f"Every neuron after the input layer also has a bias of its own, one number each: "
                  f"{sum(b_counts)} biases in all.")
        rings = VGroup(*[c.copy().set_stroke(BIAS_COLOR, width=3) for col in diagram.layers[1:] for c in col])
        self.play(FadeIn(rings, lag_ratio=0.05), Write(bline), run_time=0.7 * self.remaining())
        self.play_through(FadeOut(rings), share=0.9)

        # Beat: total.
        self.beat(f"All together, that is {total:,} parameters: the knobs and dials that shape what the "
                  "network does. Learning, which comes next, means finding values for all of them that make "
                  "the network read digits well.")
        everything = VGroup(*[e.copy().set_stroke(color=HIGHLIGHT) for e in diagram.edges])
        self.play(Write(tline), run_time=0.3 * self.remaining())
        self.play(ShowPassingFlash(everything, time_width=0.5), FadeIn(rings, lag_ratio=0.05),
                  run_time=0.4 * self.remaining())
        self.play_through(FadeOut(rings), Circumscribe(tline), share=0.9)


class Ch1MatrixForm(Ch1Scene):
    """a' = sigma(W a + b) in color, with a real slice of the trained second layer."""

    NEEDS = Needs(cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        snap = run.final
        W = snap.weights[1].astype(np.float64)
        b = snap.biases[1].astype(np.float64)
        a1 = snap.probe_activations[1][i].astype(np.float64)
        z = W @ a1 + b
        a2 = sigmoid(z)
        n = 3

        # Beat: compact formula.
        self.beat("Writing out every weighted sum by hand gets tedious, so we use compact notation. A layer's "
                  "activations are sigma of the weight matrix W times the previous layer's activations a, "
                  "plus the bias vector b.")
        formula = colored_formula("1", "0").to_edge(UP, buff=0.4)
        self.play(Write(formula), run_time=0.35 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(formula[k], color=formula[k].get_color(), scale_factor=1.4)
                                        for k in (3, 4, 6)], lag_ratio=0.8), share=0.9)

        # Beat: a real example.
        self.beat(f"Here it is for the second hidden layer, filled in with the trained network's numbers for "
                  f"one real {int(run.probes.labels[i])}. W has one row for each neuron of this layer and one "
                  "column for each neuron of the layer before; we show only its top-left corner.")
        layer2 = colored_formula("2", "1", "2").move_to(formula)
        self.play(Transform(formula, layer2), run_time=0.2 * self.remaining())
        wrows = [[fmt(W[r, c], 2) for c in range(n)] + [r"\cdots"] for r in range(n)]
        wrows.append([r"\vdots"] * n + [r"\ddots"])
        wmat = Matrix(wrows, h_buff=1.25, v_buff=0.7, element_alignment_corner=ORIGIN)
        avec = Matrix([[fmt(v, 2)] for v in a1[:n]] + [[r"\vdots"]], v_buff=0.7)
        bvec = Matrix([[fmt(v, 2)] for v in b[:n]] + [[r"\vdots"]], v_buff=0.7)
        rvec = Matrix([[fmt(v, 2)] for v in a2[:n]] + [[r"\vdots"]], v_buff=0.7)
        wmat.get_entries().set_color(WEIGHT_COLOR)
        avec.get_entries().set_color(ACTIVATION_COLOR)
        bvec.get_entries().set_color(BIAS_COLOR)
        rvec.get_entries().set_color(ACTIVATION_COLOR)
        sig_open = MathTex(r"\sigma\Bigg(", font_size=60)
        sig_close = MathTex(r"\Bigg)", font_size=60)
        eq = MathTex("=", font_size=48)
        plus = MathTex("+", font_size=48)
        row = VGroup(rvec, eq, sig_open, wmat, avec, plus, bvec, sig_close).arrange(RIGHT, buff=0.18)
        row.scale_to_fit_width(min(row.width, 12.8)).next_to(formula, DOWN, buff=0.6)
        names = VGroup(
            MathTex("a^{(2)}", color=ACTIVATION_COLOR, font_size=36).next_to(rvec, DOWN, buff=0.2),
            MathTex(r"W^{(2)}\ (16 \times 16)", color=WEIGHT_COLOR, font_size=36).next_to(wmat, DOWN, buff=0.2),
            MathTex("a^{(1)}", color=ACTIVATION_COLOR, font_size=36).next_to(avec, DOWN, buff=0.2),
            MathTex("b^{(2)}", color=BIAS_COLOR, font_size=36).next_to(bvec, DOWN, buff=0.2),
        )
        self.play(FadeIn(wmat), FadeIn(avec), FadeIn(bvec), FadeIn(VGroup(sig_open, sig_close, plus)),
                  FadeIn(names[1:]), run_time=0.3 * self.remaining())
        w_row = SurroundingRectangle(VGroup(*wmat.get_rows()[0]), color=HIGHLIGHT, buff=0.08)
        w_col = SurroundingRectangle(VGroup(*wmat.get_columns()[0]), color=HIGHLIGHT, buff=0.08)
        self.play(Create(w_row), run_time=0.3 * self.remaining())
        self.play(ReplacementTransform(w_row, w_col), run_time=0.5 * self.remaining())
        self.play_through(FadeOut(w_col), share=0.9)

        # Beat: one row times the vector.
        self.beat(f"Multiply the first row of W entry by entry with the activation vector and add up: that is "
                  f"the first neuron's weighted sum over all 16 of its inputs, {fmt(W[0] @ a1, 3)}. Adding its "
                  f"bias, {fmt(b[0], 2)}, gives {fmt(z[0], 3)}.")
        row_box = SurroundingRectangle(VGroup(*wmat.get_rows()[0]), color=HIGHLIGHT, buff=0.08)
        col_box = SurroundingRectangle(avec.get_entries(), color=HIGHLIGHT, buff=0.08)
        first = MathTex(r"\textstyle\sum_k", "w_{0k}", "a_k", "+", "b_0", "=",
                        fmt(W[0] @ a1, 3), "+", f"({fmt(b[0], 2)})", "=", fmt(z[0], 3), font_size=36)
        first[1].set_color(WEIGHT_COLOR)
        first[2].set_color(ACTIVATION_COLOR)
        first[4].set_color(BIAS_COLOR)
        first[8].set_color(BIAS_COLOR)
        first.next_to(names, DOWN, buff=0.45)
        self.play(Create(row_box), Create(col_box))
        # The pairs w_0k, a_k that are multiplied, one after the other.
        pairs = [VGroup(SurroundingRectangle(wmat.get_rows()[0][k], color=WHITE, buff=0.05),
                        SurroundingRectangle(avec.get_entries()[k], color=WHITE, buff=0.05)) for k in range(n)]
        pair = pairs[0].copy()
        self.play(Create(pair))
        self.play(Succession(*[Transform(pair, p) for p in pairs[1:]]), run_time=0.35 * self.remaining())
        self.play(FadeOut(pair), Write(first[:7]), run_time=0.45 * self.remaining())
        self.add(first)  # whole, for the script's reading of the screen (Write hides the rest until drawn)
        self.play_through(Write(first[7:]), share=0.9)

        # Beat: sigma of each entry.
        self.beat(f"Then sigma is applied to every entry, which gives the next layer's activations: sigma of "
                  f"{fmt(z[0], 3)} is {fmt(a2[0], 2)}. One matrix product computes all 16 neurons at once, "
                  "which is exactly the kind of work computers do fast.")
        squish = MathTex(r"\sigma(", fmt(z[0], 3), ")", "=", fmt(a2[0], 2), font_size=36)
        squish[4].set_color(ACTIVATION_COLOR)
        squish.next_to(first, DOWN, buff=0.35)
        self.play(FadeIn(rvec), FadeIn(eq), FadeIn(names[0]), FadeOut(row_box), FadeOut(col_box),
                  run_time=0.25 * self.remaining())
        self.play(Create(SurroundingRectangle(rvec.get_entries()[0], color=HIGHLIGHT, buff=0.06)), Write(squish),
                  run_time=0.35 * self.remaining())
        self.play_through(Circumscribe(VGroup(wmat, avec, bvec)), Circumscribe(rvec), share=0.9)


class Ch1NetworkAsFunction(Ch1Scene):
    """A neuron is a function, and the network is a function from 784 numbers to 10."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        pixels = run.probes.images[i]
        out = run.final.probe_activations[-1][i]
        _, _, total = parameter_counts(run.layer_sizes)

        # Beat: a neuron is a function.
        self.beat("Step back for a moment. A single neuron is really just a function: it takes all the "
                  "activations of the layer before, weighs them, adds its bias, and returns one number "
                  "between 0 and 1.")
        neuron_f = MathTex(r"a_j^{(1)}", "=", r"\sigma\big(", r"w_{j,1} a_1 + w_{j,2} a_2 + \cdots + w_{j,784} a_{784}",
                           "+", "b_j", r"\big)", font_size=40).to_edge(UP, buff=0.6)
        self.play(Write(neuron_f), run_time=0.4 * self.remaining())
        self.play_through(Succession(*[Indicate(neuron_f[k], color=color) for k, color in
                                       ((3, WEIGHT_COLOR), (5, BIAS_COLOR), (0, ACTIVATION_COLOR))]), share=0.9)

        # Beat: the network is a function.
        guess = int(np.argmax(out))
        self.beat(f"And the whole network is a function too: {run.layer_sizes[0]} numbers in, "
                  f"{run.layer_sizes[-1]} numbers out. Give it the pixels of this "
                  f"{int(run.probes.labels[i])} and out come its output activations, one per digit; the largest, "
                  f"{out[guess]:.2f}, belongs to {guess}.")
        digit = digit_image(pixels, height=2.6)
        box = VGroup(Square(1.8, stroke_color=WHITE), MathTex("f", font_size=72))
        outs = VGroup(*[VGroup(MathTex(f"{d}:", font_size=30), MathTex(f"{float(v):.2f}", font_size=30))
                        .arrange(RIGHT, buff=0.15) for d, v in enumerate(out)])
        outs.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        outs[guess].set_color(HIGHLIGHT)
        arrows = [Arrow(LEFT, RIGHT, color=GRAY) for _ in range(2)]
        Group(digit, arrows[0], box, arrows[1], outs).arrange(RIGHT, buff=0.4).next_to(neuron_f, DOWN, buff=0.7)
        in_t = Text(f"{run.layer_sizes[0]} numbers", font_size=22).next_to(digit, DOWN, buff=0.2)
        out_t = Text(f"{run.layer_sizes[-1]} numbers", font_size=22).next_to(outs, DOWN, buff=0.2)

        def flow() -> Succession:
            """Digit through f to the outputs: the arrows flash, f and the answer pulse."""
            flash = [a.copy().set_color(HIGHLIGHT) for a in arrows]
            return Succession(ShowPassingFlash(flash[0]), Indicate(box), ShowPassingFlash(flash[1]),
                              Indicate(outs[guess]))

        self.play(FadeIn(digit), FadeIn(in_t), run_time=0.15 * self.remaining())
        self.play(Create(arrows[0]), FadeIn(box), run_time=0.15 * self.remaining())
        self.play(Create(arrows[1]), FadeIn(outs, lag_ratio=0.1), FadeIn(out_t), run_time=0.35 * self.remaining())
        self.play_through(flow(), share=0.9)

        # Beat: a complicated function.
        self.beat(f"It is a complicated function, with {total:,} parameters inside, yet it is built from nothing "
                  "more than weighted sums and sigmoids. Seeing it this way helps: learning will mean adjusting "
                  "those parameters until the function gives the right answers.")
        note = Text(f"{total:,} parameters inside f", font_size=26, color=HIGHLIGHT).next_to(box, DOWN, buff=0.3)
        self.play(FadeIn(note), run_time=0.25 * self.remaining())
        self.play(Circumscribe(box), run_time=0.3 * self.remaining())
        self.play_through(flow(), share=0.9)


class Ch1SigmoidVsReLU(Ch1Scene):
    """Sigmoid and ReLU side by side; why ReLU trains more easily in deep networks."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        slope = mean_sigmoid_slope()

        # Beat: sigmoid.
        self.beat("A last remark, about the sigmoid itself. Early networks used it, and so does ours, because "
                  "it squishes any sum into the range 0 to 1, a bit like a biological neuron being either "
                  "quiet or firing.")
        left = Axes(x_range=[-6, 6, 2], y_range=[0, 1, 0.5], x_length=5.5, y_length=3, tips=False,
                    axis_config={"include_numbers": True, "font_size": 22})
        right = Axes(x_range=[-3, 3, 1], y_range=[0, 3, 1], x_length=5.5, y_length=3, tips=False,
                     axis_config={"include_numbers": True, "font_size": 22})
        VGroup(left, right).arrange(RIGHT, buff=1.2).shift(0.6 * UP)
        sg = left.plot(lambda x: float(sigmoid(x)), x_range=[-6, 6], color=WEIGHT_COLOR)
        rl = VMobject(stroke_color=BIAS_COLOR, stroke_width=4)
        rl.set_points_as_corners([right.c2p(x, float(relu(x))) for x in (-3, 0, 3)])
        sg_t = MathTex(r"\sigma(a) = \frac{1}{1+e^{-a}}", font_size=36).next_to(left, UP, buff=0.3)
        rl_t = MathTex(r"\mathrm{ReLU}(a) = \max(0, a)", font_size=36).next_to(right, UP, buff=0.3)
        self.play(Create(left), Write(sg_t), run_time=0.3 * self.remaining())
        self.play(Create(sg), run_time=0.5 * self.remaining())
        tip = Dot(color=HIGHLIGHT)
        self.play_through(MoveAlongPath(tip, sg), share=0.9)

        # Beat: ReLU.
        self.beat("Modern deep networks mostly use something simpler, called ReLU, short for rectified linear "
                  "unit. It is just the maximum of zero and its input: zero for a negative input, and the "
                  "input itself otherwise.")
        self.play(FadeOut(tip), Create(right), Write(rl_t), run_time=0.3 * self.remaining())
        self.play(Create(rl), run_time=0.3 * self.remaining())
        tip = Dot(color=HIGHLIGHT)
        self.play_through(MoveAlongPath(tip, rl), share=0.9)

        # Beat: why.
        self.beat("The trouble with the sigmoid is that it flattens out at both ends, where its slope is almost "
                  "zero. Even at its steepest the slope is only 0.25, and at the hidden neurons of our trained "
                  f"network it averages just {fmt(slope, 2)}. Learning signals are multiplied by these slopes "
                  "layer after layer, so in a deep network they fade away.")
        flat = VGroup(
            SurroundingRectangle(VGroup(Dot(left.c2p(-6, 0)), Dot(left.c2p(-3, 0.1))), color=NEGATIVE, buff=0.1),
            SurroundingRectangle(VGroup(Dot(left.c2p(3, 0.9)), Dot(left.c2p(6, 1))), color=NEGATIVE, buff=0.1),
        )
        s_note = Text(f"slope at most 0.25\naverage at our hidden neurons: {fmt(slope, 2)}", font_size=22)
        s_note.next_to(left, DOWN, buff=0.5)
        self.play(FadeOut(tip), Create(flat), FadeIn(s_note), run_time=0.25 * self.remaining())
        x = ValueTracker(-5)
        touch = slope_probe(left, lambda t: float(sigmoid(t)), lambda t: float(sigmoid(t) * (1 - sigmoid(t))),
                            x, 1.0)
        self.play(FadeIn(touch))
        self.play_through(x.animate.set_value(5), share=0.9)

        # Beat: ReLU slope.
        self.beat("ReLU's slope, on the other hand, is exactly 1 wherever the neuron is active, and 0 where it "
                  "is not. Signals pass through active neurons without shrinking, which is a big reason deep "
                  "networks train more easily with ReLU.")
        r_note = Text("slope = 1 when active, 0 otherwise", font_size=22).next_to(right, DOWN, buff=0.5)
        active = Line(right.c2p(0, 0), right.c2p(3, 3), color=HIGHLIGHT, stroke_width=7)
        self.play(FadeOut(touch), Create(active), FadeIn(r_note), run_time=0.3 * self.remaining())
        x.set_value(-2.5)
        touch = slope_probe(right, lambda t: float(relu(t)), lambda t: float(t > 0), x, 0.5)
        self.play(FadeIn(touch))
        self.play_through(x.animate.set_value(2.5), share=0.9)


SCENES = [
    Ch1HandwrittenThrees,
    Ch1FlattenToNetwork,
    Ch1ForwardPass,
    Ch1WrongDigit,
    Ch1HopedDecomposition,
    Ch1NeuronWeights,
    Ch1SigmoidBias,
    Ch1ParameterCount,
    Ch1MatrixForm,
    Ch1NetworkAsFunction,
    Ch1SigmoidVsReLU,
]
