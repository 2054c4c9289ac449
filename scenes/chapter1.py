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
    Arc,
    Arrow,
    Axes,
    Brace,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    Matrix,
    ReplacementTransform,
    ShowPassingFlash,
    Square,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
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
        self.beat("Here are five threes, each written by a different person, yet you read them all at once.")
        row = Group(*[digit_image(im, height=2.0) for im in images]).arrange(RIGHT, buff=0.4).to_edge(UP, buff=1.3)
        self.play(LaggedStart(*[FadeIn(d) for d in row], lag_ratio=0.25, run_time=2))
        self.wait(0.5)

        # Beat: 28 x 28 = 784.
        self.beat("Each one is a grid of 28 by 28 pixels: 784 pixels in all.")
        first = row[0][0]
        top = Brace(first, UP, buff=0.05)
        side = Brace(first, LEFT, buff=0.05)
        top_t = top.get_tex("28").scale(0.8)
        side_t = side.get_tex("28").scale(0.8)
        count = MathTex(r"28 \times 28 = 784", font_size=48).next_to(row, DOWN, buff=0.5)
        self.play(FadeIn(top), FadeIn(side), Write(top_t), Write(side_t))
        self.play(Write(count))
        self.wait(0.5)

        # Beat: zoom into a patch and read the pixel values.
        self.beat("Zoom in, and every pixel is just a number: its brightness, from 0 for black to 1 for white.")
        big_pixels = images[0]
        big = digit_image(big_pixels, height=4.2).to_edge(LEFT, buff=0.8).shift(0.3 * DOWN)
        r0, c0 = busy_patch(big_pixels, 5)
        patch_vals = big_pixels.reshape(28, 28)[r0 : r0 + 5, c0 : c0 + 5]
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
        self.play(FadeOut(VGroup(top, side, top_t, side_t, count)),
                  ReplacementTransform(row[0], big), FadeOut(Group(*row[1:])))
        self.play(Create(window), Create(zoom_lines))
        self.play(LaggedStart(*[FadeIn(g) for g in grid], lag_ratio=0.04, run_time=1.5))
        self.wait(0.5)

        # Beat: a neuron holds one number.
        self.beat("Think of a neuron as a thing that holds one such number, called its activation.")
        brightest = int(np.argmax(np.where(patch_vals < 0.98, patch_vals, 0)))
        pick = grid[brightest]
        value = float(patch_vals.flat[brightest])
        neuron = Circle(radius=0.5, stroke_color=WHITE, stroke_width=3).set_fill(WHITE, value)
        neuron.next_to(grid, RIGHT, buff=1.2)
        label = Text(fmt(value, 2), font_size=30, color=HIGHLIGHT).next_to(neuron, DOWN, buff=0.25)
        caption = Text("neuron", font_size=26).next_to(neuron, UP, buff=0.25)
        box = SurroundingRectangle(pick, color=HIGHLIGHT, buff=0)
        arrow = Arrow([grid.get_right()[0], box.get_center()[1], 0], neuron.get_left(), buff=0.1,
                      color=HIGHLIGHT, stroke_width=3)
        self.play(Create(box))
        self.play(TransformFromCopy(pick[0], neuron), Create(arrow), FadeIn(caption), FadeIn(label))
        self.wait(1.5)


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
        self.beat("Take one digit: all 784 of its pixels become the first layer of the network.")
        self.play(FadeIn(digit))
        marks = VGroup()
        h = digit[0].height / 28
        for k in chosen:
            r, c = divmod(int(k), 28)
            marks.add(Square(h, stroke_color=HIGHLIGHT, stroke_width=1.5)
                      .set_fill(ManimColor(np.array([float(pixels[k])] * 3)), 1)
                      .move_to(pixel_center(digit[0], r, c)))
        self.play(LaggedStart(*[Create(m) for m in marks], lag_ratio=0.05, run_time=1))

        # Beat: flatten into a column.
        self.beat("Unrolled into one long column, each pixel is an input neuron, lit by its brightness.")
        self.play(LaggedStart(*[TransformFromCopy(m, c) for m, c in zip(marks, diagram.layers[0])],
                              lag_ratio=0.05, run_time=2))
        dots = diagram.ellipses[0]
        brace = diagram.layer_brace(0, "784", direction=LEFT)
        brace[1].scale(0.8)
        note = Text(f"{len(chosen)} of {sizes[0]} drawn", font_size=20, color=GRAY)
        note.next_to(diagram.layers[0], UP, buff=0.15)
        self.play(FadeIn(dots), FadeIn(brace), FadeIn(note))
        self.wait(0.5)

        # Beat: hidden layers.
        self.beat(f"Then come two hidden layers of {sizes[1]} neurons each.")
        hidden_titles = VGroup(*[Text(f"hidden {n}", font_size=20).next_to(diagram.layers[l], UP, buff=0.15)
                                 for l, n in ((1, 1), (2, 2))])
        self.play(FadeIn(diagram.edges[0]), FadeIn(diagram.layers[1]), FadeIn(hidden_titles[0]))
        self.bring_to_back(diagram.edges[0])
        self.play(FadeIn(diagram.edges[1]), FadeIn(diagram.layers[2]), FadeIn(hidden_titles[1]))
        self.bring_to_back(diagram.edges[1])

        # Beat: outputs.
        self.beat(f"And the last layer has {sizes[-1]} neurons, one for each digit from 0 to 9.")
        labels = diagram.output_labels(font_size=22)
        out_title = Text("output", font_size=20).next_to(diagram.layers[3], UP, buff=0.15)
        self.play(FadeIn(diagram.edges[2]), FadeIn(diagram.layers[3]), FadeIn(labels), FadeIn(out_title))
        self.bring_to_back(diagram.edges[2])

        # Beat: edges carry real weights.
        self.beat("Every line is a connection with a weight: green for positive, red for negative.")
        legend = VGroup(
            VGroup(Line(ORIGIN, 0.6 * RIGHT, color=POSITIVE, stroke_width=4), Text("positive weight", font_size=20)
                   ).arrange(RIGHT, buff=0.15),
            VGroup(Line(ORIGIN, 0.6 * RIGHT, color=NEGATIVE, stroke_width=4), Text("negative weight", font_size=20)
                   ).arrange(RIGHT, buff=0.15),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(digit, DOWN, buff=0.6)
        self.play(FadeIn(legend))
        self.wait(2)


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

    scene.beat(f"Feed in a real handwritten {label} that the network never trained on." if not wrong else
               f"It is not always right: here is a real {label} from the same held-out digits.")
    scene.play(FadeIn(digit), FadeIn(caption))
    scene.play(LaggedStart(*fill_animations(diagram, 0, activations[0]), lag_ratio=0.05, run_time=1.5))
    scene.wait(0.5)

    scene.beat("Each layer's activations determine the next layer's, through the trained weights.")
    for l in range(len(activations) - 1):
        flash = diagram.edges[l].copy().set_stroke(color=HIGHLIGHT)
        scene.play(ShowPassingFlash(flash, time_width=0.6, run_time=1.0))
        scene.play(*fill_animations(diagram, l + 1, activations[l + 1]), run_time=0.8)
        scene.wait(0.3)

    out = activations[-1]
    guess = int(np.argmax(out))
    scene.beat(f"The brightest output is the network's answer: {guess}." if not wrong else
               f"The brightest output says {guess}, but the digit is a {label}.")
    values = value_labels(diagram, labels, out)
    box = diagram.answer_box(guess)
    verdict = Text(f"answer: {guess}", font_size=30, color=HIGHLIGHT if guess == label else NEGATIVE)
    verdict.next_to(caption, DOWN, buff=0.5)
    scene.play(FadeIn(values), Create(box), FadeIn(verdict))
    if wrong:
        true_box = SurroundingRectangle(VGroup(diagram.neuron(len(activations) - 1, label), labels[label]),
                                        color=POSITIVE, buff=0.06)
        truth = Text(f"true label: {label}", font_size=24, color=POSITIVE).next_to(verdict, DOWN, buff=0.25)
        scene.play(Create(true_box), FadeIn(truth))
    scene.wait(2.5)


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
        self.beat("Here is what we might hope the layers do: a nine is a loop on top of a line,")
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
        self.play(FadeIn(nine, lag_ratio=0.2), run_time=1.5)

        # Beat: eight and four.
        self.beat("an eight is two loops, and a four is three lines.")
        self.play(FadeIn(eight, lag_ratio=0.2), run_time=1.2)
        self.play(FadeIn(four, lag_ratio=0.2), run_time=1.2)
        self.wait(0.5)

        # Beat: loops into little edges.
        self.beat("And a loop itself might be built from little edges, which a lower layer could spot.")
        self.play(FadeOut(rows))
        big = Circle(radius=1.3, stroke_color=WHITE, stroke_width=12).shift(3 * LEFT + 0.3 * DOWN)
        arrow = MathTex(r"\Rightarrow", font_size=60).next_to(big, RIGHT, buff=0.8)
        pieces = VGroup(*[Arc(radius=1.3, start_angle=k * np.pi / 4 + 0.06, angle=np.pi / 4 - 0.12,
                              stroke_color=WHITE, stroke_width=12) for k in range(8)])
        pieces.move_to(big).next_to(arrow, RIGHT, buff=0.8)
        center = pieces.get_center()
        for p in pieces:
            p.shift(0.75 * (p.point_from_proportion(0.5) - center) / 1.3)
        self.play(Create(big))
        self.play(FadeIn(arrow), TransformFromCopy(big, pieces), run_time=1.5)
        self.wait(0.5)

        # Beat: what training really produced.
        self.beat("Whether training finds anything like this is a question; here are the real first-layer weights.")
        run = get_run()
        W = run.final.weights[0]
        vmax = float(np.abs(W).max())
        grid = Group(*[weight_image(w, height=1.1, vmax=vmax) for w in W]).arrange_in_grid(2, 8, buff=0.15)
        grid.to_edge(DOWN, buff=0.4)
        note = Text("trained weights into the 16 first-layer neurons", font_size=22).next_to(grid, UP, buff=0.2)
        self.play(Group(big, arrow, pieces).animate.scale(0.6).next_to(title, DOWN, buff=0.3))
        self.play(FadeIn(grid, lag_ratio=0.05), FadeIn(note), run_time=1.5)
        self.wait(1.5)


class Ch1NeuronWeights(Ch1Scene):
    """One real hidden neuron: its 784 weights, multiplied by a real digit and summed."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        ex = neuron_example()
        vmax = float(np.abs(ex.weights).max())

        # Beat: pick a neuron.
        self.beat(f"Focus on one neuron of the first hidden layer: neuron number {ex.neuron}.")
        title = Text(f"hidden layer 1, neuron {ex.neuron}", font_size=30).to_edge(UP, buff=0.4)
        self.play(FadeIn(title))

        # Beat: its weights as an image.
        self.beat("Each of its 784 incoming connections has a weight; drawn on the pixel grid they make this picture.")
        wimg = weight_image(ex.weights, height=3.2, vmax=vmax)
        wcap = Text("its 784 weights", font_size=22).next_to(wimg, DOWN, buff=0.2)
        legend = VGroup(
            Text("green: w > 0", font_size=20, color=POSITIVE),
            Text("red: w < 0", font_size=20, color=NEGATIVE),
            Text(f"brightness: |w| (max {fmt(vmax, 2)})", font_size=20),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        Group(wimg, wcap).move_to(ORIGIN).shift(0.3 * UP)
        legend.next_to(wcap, DOWN, buff=0.3)
        self.play(FadeIn(wimg), FadeIn(wcap))
        self.play(FadeIn(legend))
        self.wait(0.5)

        # Beat: multiply by the pixels.
        self.beat(f"Multiply every pixel of this {ex.label} by its weight.")
        dimg = digit_image(ex.image, height=3.2)
        dcap = Text(f"pixels a of a {ex.label}", font_size=22).next_to(dimg, DOWN, buff=0.2)
        products = ex.weights * ex.image
        pimg = weight_image(products, height=3.2, vmax=float(np.abs(products).max()))
        pcap = Text("w × a", font_size=22).next_to(pimg, DOWN, buff=0.2)
        times = MathTex(r"\times", font_size=48)
        equals = MathTex("=", font_size=48)
        row = Group(Group(dimg, dcap), times, Group(wimg.copy(), wcap.copy()), equals, Group(pimg, pcap))
        row.arrange(RIGHT, buff=0.45).shift(0.4 * UP)
        self.play(FadeOut(legend), Group(wimg, wcap).animate.move_to(row[2]))
        self.remove(row[2])
        row.submobjects[2] = Group(wimg, wcap)
        self.play(FadeIn(Group(dimg, dcap)), FadeIn(times))
        self.play(FadeIn(equals), FadeIn(Group(pimg, pcap)))

        # Beat: add them all up.
        self.beat(f"Adding up all 784 products gives the weighted sum, {fmt(ex.weighted_sum, 3)}.")
        total = MathTex(r"w_1 a_1 + w_2 a_2 + \cdots + w_{784} a_{784}", "=", fmt(ex.weighted_sum, 3),
                        font_size=40).next_to(row, DOWN, buff=0.5)
        total[2].set_color(HIGHLIGHT)
        self.play(Write(total))
        self.wait(1.5)


class Ch1SigmoidBias(Ch1Scene):
    """The same neuron: its real bias shifts the threshold, the sigmoid squishes."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        ex = neuron_example()
        s, b = ex.weighted_sum, ex.bias

        # Beat: the sigmoid.
        self.beat("To land between 0 and 1, the sum goes through the sigmoid function, which squishes it.")
        axes = Axes(x_range=[-8, 8, 2], y_range=[0, 1, 0.5], x_length=8.5, y_length=3.6,
                    axis_config={"include_numbers": True, "font_size": 24}, tips=False)
        axes.to_edge(DOWN, buff=0.9).shift(1.6 * LEFT)
        graph = axes.plot(lambda x: float(sigmoid(x)), x_range=[-8, 8], color=WEIGHT_COLOR)
        formula = MathTex(r"\sigma(x) = \frac{1}{1 + e^{-x}}", font_size=40).to_corner(UP + LEFT, buff=0.5)
        self.play(Create(axes), Write(formula))
        self.play(Create(graph), run_time=1.5)

        # Beat: the bias.
        self.beat(f"First we add the neuron's bias, here {fmt(b, 2)}: it sets how large the sum must be "
                  "before the neuron lights up.")
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
        self.play(Write(expr), FadeIn(bias_t), FadeIn(xlabel))
        self.play(ReplacementTransform(graph, shifted), Create(thresh), FadeIn(thresh_t))

        # Beat: the result.
        self.beat(f"Our digit's sum, {fmt(s, 3)}, plus the bias gives {fmt(ex.z, 3)}, "
                  f"and the sigmoid turns that into {fmt(ex.activation, 3)}.")
        dot = Dot(axes.c2p(s, ex.activation), color=HIGHLIGHT, radius=0.09)
        drop = DashedLine(axes.c2p(s, 0), axes.c2p(s, ex.activation), color=HIGHLIGHT, stroke_width=2)
        result = MathTex(r"\sigma(", fmt(s, 3), r"+", f"({fmt(b, 2)})", ")", "=", fmt(ex.activation, 3),
                         font_size=40).next_to(bias_t, DOWN, buff=0.4).align_to(expr, RIGHT)
        result[3].set_color(BIAS_COLOR)
        result[6].set_color(HIGHLIGHT)
        neuron = Circle(radius=0.4, stroke_color=WHITE, stroke_width=3).set_fill(WHITE, ex.activation)
        neuron.next_to(result, DOWN, buff=0.5)
        ntext = Text(f"neuron {ex.neuron}", font_size=20).next_to(neuron, DOWN, buff=0.15)
        self.play(Create(drop), FadeIn(dot))
        self.play(Write(result))
        self.play(FadeIn(neuron), FadeIn(ntext))
        self.wait(1.5)


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
        self.beat("Every connection has its own weight, so count them layer by layer.")
        terms = [rf"{a} \times {b}" for a, b in zip(sizes[:-1], sizes[1:])]
        wline = MathTex(*[t for k, t in enumerate(terms) for t in ((t,) if k == 0 else ("+", t))],
                        "=", f"{sum(w_counts):,}", r"\text{ weights}", font_size=36)
        wline.set_color_by_tex(r"\times", WEIGHT_COLOR)
        bline = MathTex(*[t for k, n in enumerate(b_counts) for t in ((str(n),) if k == 0 else ("+", str(n)))],
                        "=", f"{sum(b_counts)}", r"\text{ biases}", font_size=36)
        for k in range(0, 2 * len(b_counts) - 1, 2):
            bline[k].set_color(BIAS_COLOR)
        tline = MathTex(f"{total:,}", r"\text{ parameters}", font_size=48)
        tline[0].set_color(HIGHLIGHT)
        lines = VGroup(wline, bline, tline).arrange(DOWN, buff=0.6, aligned_edge=LEFT)
        lines.scale_to_fit_width(min(lines.width, 7.4)).next_to(diagram, RIGHT, buff=0.5)
        for l in range(len(w_counts)):
            flash = diagram.edges[l].copy().set_stroke(color=HIGHLIGHT)
            parts = [wline[2 * l]] if l == 0 else [wline[2 * l - 1], wline[2 * l]]
            self.play(ShowPassingFlash(flash, time_width=0.7, run_time=0.9), *[FadeIn(p) for p in parts])
        self.play(FadeIn(wline[2 * len(w_counts) - 1 :]))

        # Beat: biases.
        self.beat("Every neuron after the input layer also has a bias.")
        rings = VGroup(*[c.copy().set_stroke(BIAS_COLOR, width=3) for col in diagram.layers[1:] for c in col])
        self.play(FadeIn(rings, lag_ratio=0.02), Write(bline), run_time=1.5)
        self.play(FadeOut(rings))

        # Beat: total.
        self.beat(f"All together, {total:,} knobs and dials; learning means finding good values for all of them.")
        self.play(Write(tline))
        self.wait(1.5)


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
        self.beat("All of this is written compactly: the next layer is sigma of W times a plus b.")
        formula = colored_formula("1", "0").to_edge(UP, buff=0.4)
        self.play(Write(formula))

        # Beat: a real example.
        self.beat(f"Here it is for the second hidden layer, with the trained network's numbers, "
                  f"for one real {int(run.probes.labels[i])}.")
        layer2 = colored_formula("2", "1", "2").move_to(formula)
        self.play(Transform(formula, layer2))
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
                  FadeIn(names[1:]))

        # Beat: one row times the vector.
        self.beat("Each row of W times the activations is one neuron's weighted sum, over all 16 inputs.")
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
        self.play(Write(first))

        # Beat: sigma of each entry.
        self.beat(f"Sigma of every entry gives the next layer's activations; sigma of {fmt(z[0], 3)} "
                  f"is {fmt(a2[0], 2)}.")
        squish = MathTex(r"\sigma(", fmt(z[0], 3), ")", "=", fmt(a2[0], 2), font_size=36)
        squish[4].set_color(ACTIVATION_COLOR)
        squish.next_to(first, DOWN, buff=0.35)
        self.play(FadeIn(rvec), FadeIn(eq), FadeIn(names[0]), FadeOut(row_box), FadeOut(col_box))
        self.play(Create(SurroundingRectangle(rvec.get_entries()[0], color=HIGHLIGHT, buff=0.06)), Write(squish))
        self.wait(1.5)


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
        self.beat("So a neuron is really a function: it takes all the numbers of the layer before and returns one.")
        neuron_f = MathTex(r"a_j^{(1)} = \sigma\big(w_{j,1} a_1 + w_{j,2} a_2 + \cdots + w_{j,784} a_{784} + b_j\big)",
                           font_size=40).to_edge(UP, buff=0.6)
        self.play(Write(neuron_f))

        # Beat: the network is a function.
        self.beat(f"And the whole network is a function too: {run.layer_sizes[0]} numbers in, "
                  f"{run.layer_sizes[-1]} numbers out.")
        digit = digit_image(pixels, height=2.6)
        box = VGroup(Square(1.8, stroke_color=WHITE), MathTex("f", font_size=72))
        outs = VGroup(*[VGroup(MathTex(f"{d}:", font_size=30), MathTex(f"{float(v):.2f}", font_size=30))
                        .arrange(RIGHT, buff=0.15) for d, v in enumerate(out)])
        outs.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        outs[int(np.argmax(out))].set_color(HIGHLIGHT)
        arrows = [Arrow(LEFT, RIGHT, color=GRAY) for _ in range(2)]
        Group(digit, arrows[0], box, arrows[1], outs).arrange(RIGHT, buff=0.4).next_to(neuron_f, DOWN, buff=0.7)
        in_t = Text(f"{run.layer_sizes[0]} numbers", font_size=22).next_to(digit, DOWN, buff=0.2)
        out_t = Text(f"{run.layer_sizes[-1]} numbers", font_size=22).next_to(outs, DOWN, buff=0.2)
        self.play(FadeIn(digit), FadeIn(in_t))
        self.play(Create(arrows[0]), FadeIn(box))
        self.play(Create(arrows[1]), FadeIn(outs, lag_ratio=0.1), FadeIn(out_t))

        # Beat: a complicated function.
        self.beat(f"A complicated function, with {total:,} parameters, but just a function.")
        note = Text(f"{total:,} parameters inside f", font_size=26, color=HIGHLIGHT).next_to(box, DOWN, buff=0.3)
        self.play(FadeIn(note))
        self.wait(1.5)


class Ch1SigmoidVsReLU(Ch1Scene):
    """Sigmoid and ReLU side by side; why ReLU trains more easily in deep networks."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        slope = mean_sigmoid_slope()

        # Beat: sigmoid.
        self.beat("Early networks used the sigmoid, as ours does, to squish sums into the range 0 to 1.")
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
        self.play(Create(left), Write(sg_t))
        self.play(Create(sg))

        # Beat: ReLU.
        self.beat("Modern deep networks mostly use ReLU instead: the maximum of zero and a.")
        self.play(Create(right), Write(rl_t))
        self.play(Create(rl))

        # Beat: why.
        self.beat(f"The sigmoid flattens out, so its slope is small: in our trained network it averages "
                  f"{fmt(slope, 2)}, and learning signals fade layer by layer.")
        flat = VGroup(
            SurroundingRectangle(VGroup(Dot(left.c2p(-6, 0)), Dot(left.c2p(-3, 0.1))), color=NEGATIVE, buff=0.1),
            SurroundingRectangle(VGroup(Dot(left.c2p(3, 0.9)), Dot(left.c2p(6, 1))), color=NEGATIVE, buff=0.1),
        )
        s_note = Text(f"slope at most 0.25\naverage at our hidden neurons: {fmt(slope, 2)}", font_size=22)
        s_note.next_to(left, DOWN, buff=0.5)
        self.play(Create(flat), FadeIn(s_note))

        # Beat: ReLU slope.
        self.beat("ReLU's slope is exactly 1 wherever the neuron is active, so deep networks train more easily.")
        r_note = Text("slope = 1 when active, 0 otherwise", font_size=22).next_to(right, DOWN, buff=0.5)
        active = Line(right.c2p(0, 0), right.c2p(3, 3), color=HIGHLIGHT, stroke_width=7)
        self.play(Create(active), FadeIn(r_note))
        self.wait(1.5)


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
