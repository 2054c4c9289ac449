"""Chapter 2: "Gradient descent, how neural networks learn", on the real cost landscape.

Every number on screen comes from the default run (``get_run()``) and its
digits (``get_dataset()``):

* the "utter trash" example is the first training 3 pushed through the
  untrained network (step 0); the average cost is the recorded step-0
  training cost;
* the one-variable curve is the true training cost along the first landscape
  direction ``d1`` through the trained network (``MLP.set_parameter_vector`` +
  ``cost_value``), its slopes exact directional derivatives from backprop;
* the 2-D and 3-D pictures are the saved ``run.landscape`` (a plane through
  the trained network spanned by the top two principal directions of the
  recorded trajectory), the trajectory and the mini-batch / full-batch paths
  recorded with it;
* the gradient column is the recorded full-batch gradient of step 0;
* curves come from ``run.history`` and the recorded snapshots; weight images
  and the noise probe's answer from the final snapshot.

Nothing is trained here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    IN,
    LEFT,
    PI,
    RIGHT,
    UP,
    WHITE,
    AnimationGroup,
    Arrow,
    Axes,
    Circle,
    Circumscribe,
    Create,
    Dot,
    Dot3D,
    FadeIn,
    FadeOut,
    GrowArrow,
    Group,
    ImageMobject,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    MoveAlongPath,
    ReplacementTransform,
    RoundedRectangle,
    Surface,
    SurroundingRectangle,
    Text,
    ThreeDAxes,
    Transform,
    TransformFromCopy,
    VGroup,
    VMobject,
    ValueTracker,
    Write,
    there_and_back,
)
from manim.constants import RESAMPLING_ALGORITHMS
from scipy.interpolate import RegularGridInterpolator

from network import MLP
from scenes.base import LectureScene, LectureThreeDScene
from scenes.data import ANY_RUN, Needs, get_dataset, get_run
from scenes.mobjects import digit_image, weight_image
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE, WEIGHT_COLOR

ASCENT = ManimColor("#FFD400")
DESCENT = ManimColor("#58C4DD")
#: Label of the "utter trash" training example.
DIGIT = 3
#: Step size of the one-variable illustration (cost units per unit of d1, squared).
ETA_1D = 400.0
#: Start of the one-variable descent, in units along d1 (near the untrained network's projection).
START_1D = 52.0


# ===================================================================== numbers
def flat(weights: list[np.ndarray], biases: list[np.ndarray]) -> np.ndarray:
    """Parameters (or gradients) as one float64 vector in :meth:`MLP.parameter_vector` order."""
    return np.concatenate([p.ravel() for w, b in zip(weights, biases) for p in (w, b)]).astype(np.float64)


def param_name(index: int, sizes: list[int]) -> str:
    """MathTex name of entry ``index`` of the parameter vector, e.g. ``w^{(1)}_{0,405}``.

    Layers are numbered like the activations they lead into (1 for the first
    hidden layer), as in chapter 3.
    """
    i = int(index)
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if i < n_in * n_out:
            return f"w^{{({l + 1})}}_{{{i // n_in},{i % n_in}}}"
        i -= n_in * n_out
        if i < n_out:
            return f"b^{{({l + 1})}}_{{{i}}}"
        i -= n_out
    raise IndexError(f"parameter {index} is out of range")


@dataclass
class TrashExample:
    """One training digit through the untrained network.

    Attributes
    ----------
    index
        Row of ``X_train``.
    pixels, y
        The 784 pixels and the one-hot target.
    output
        The 10 output activations of the step-0 network.
    squares
        ``(a_j - y_j)^2``.
    cost
        Their sum, ``C0``.
    """

    index: int
    pixels: np.ndarray
    y: np.ndarray
    output: np.ndarray
    squares: np.ndarray
    cost: float


@lru_cache(maxsize=None)
def trash_example(digit: int = DIGIT) -> TrashExample:
    """The first training ``digit`` pushed through the untrained network (step 0)."""
    run, data = get_run(), get_dataset()
    index = int(np.flatnonzero(data.y_train == digit)[0])
    x, y = data.X_train[index], data.Y_train[index].astype(float)
    out = run.network(0).predict(x)[0]
    squares = (out - y) ** 2
    return TrashExample(index, x, y, out, squares, float(squares.sum()))


@lru_cache(maxsize=None)
def _line_net() -> tuple[MLP, np.ndarray, np.ndarray]:
    run = get_run()
    net = run.network(-1)
    return net, net.parameter_vector(), run.landscape.directions[0].astype(np.float64)


def cost_along_line(ts: np.ndarray) -> np.ndarray:
    """True mean training cost at ``theta* + t d1`` for every ``t`` (``d1`` a unit vector)."""
    data = get_dataset()
    net, theta, d = _line_net()
    net = net.copy()
    out = []
    for t in np.atleast_1d(ts):
        net.set_parameter_vector(theta + float(t) * d)
        out.append(net.cost_value(data.X_train, data.Y_train))
    return np.array(out)


def slope_along_line(t: float) -> float:
    """Exact derivative ``d/dt C(theta* + t d1) = d1 . grad C`` (backprop over the training split)."""
    data = get_dataset()
    net, theta, d = _line_net()
    net = net.copy()
    net.set_parameter_vector(theta + float(t) * d)
    gw, gb = net.backprop(data.X_train, data.Y_train)
    return float(flat(gw, gb) @ d)


@lru_cache(maxsize=None)
def descent_1d(start: float = START_1D, eta: float = ETA_1D, steps: int = 9) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent on the one-variable cost: ``t <- t - eta * slope(t)``.

    Returns
    -------
    ts, slopes
        ``steps + 1`` positions and the slope at each.
    """
    ts, slopes = [float(start)], []
    for _ in range(steps):
        slopes.append(slope_along_line(ts[-1]))
        ts.append(ts[-1] - eta * slopes[-1])
    slopes.append(slope_along_line(ts[-1]))
    return np.array(ts), np.array(slopes)


@lru_cache(maxsize=None)
def plane_interpolator() -> RegularGridInterpolator:
    """Bilinear interpolation of the saved landscape grid, called with ``(y, x)`` points."""
    land = get_run().landscape
    return RegularGridInterpolator((land.ys, land.xs), land.cost, method="linear")


def plane_cost(x: float, y: float) -> float:
    """Cost on the landscape plane at ``(x, y)`` (bilinear in the saved grid)."""
    land = get_run().landscape
    x = float(np.clip(x, land.xs[0], land.xs[-1]))
    y = float(np.clip(y, land.ys[0], land.ys[-1]))
    return float(plane_interpolator()([[y, x]])[0])


@lru_cache(maxsize=None)
def _grid_gradient() -> tuple[RegularGridInterpolator, RegularGridInterpolator]:
    land = get_run().landscape
    gy, gx = np.gradient(land.cost, land.ys, land.xs)
    return (RegularGridInterpolator((land.ys, land.xs), gx), RegularGridInterpolator((land.ys, land.xs), gy))


def plane_gradient(x: float, y: float) -> np.ndarray:
    """``(dC/dx, dC/dy)`` on the plane, from central differences of the saved grid."""
    gx, gy = _grid_gradient()
    return np.array([float(gx([[y, x]])[0]), float(gy([[y, x]])[0])])


def true_plane_gradient(x: float, y: float) -> np.ndarray:
    """``(d1 . grad C, d2 . grad C)`` at ``theta* + x d1 + y d2``, by backprop over the training split."""
    run, data = get_run(), get_dataset()
    net = run.network(-1)
    D = run.landscape.directions.astype(np.float64)
    net.set_parameter_vector(net.parameter_vector() + x * D[0] + y * D[1])
    gw, gb = net.backprop(data.X_train, data.Y_train)
    return D @ flat(gw, gb)


@lru_cache(maxsize=None)
def descent_2d(steps: int = 6) -> np.ndarray:
    """Gradient descent on the plane from the 2-D scene's start, with step ``eta_2d()``."""
    start = start_2d()
    eta = eta_2d()
    pts = [start]
    for _ in range(steps):
        pts.append(pts[-1] - eta * plane_gradient(*pts[-1]))
    return np.array(pts)


def start_2d() -> np.ndarray:
    """The start of the 2-D illustration: the recorded trajectory point with the steepest plane gradient."""
    land = get_run().landscape
    norms = [np.linalg.norm(plane_gradient(*xy)) for xy in land.trajectory_xy]
    return np.array(land.trajectory_xy[int(np.argmax(norms))], dtype=float)


def eta_2d() -> float:
    """Step size of the 2-D illustration: the first step covers a tenth of the plane's width."""
    land = get_run().landscape
    return 0.1 * float(land.xs[-1] - land.xs[0]) / float(np.linalg.norm(plane_gradient(*start_2d())))


@dataclass
class GradientColumn:
    """The entries of the step-0 parameter vector and its full-batch gradient shown on screen.

    Attributes
    ----------
    indices
        Positions in the 13,002-long vector (top block, then bottom block).
    names
        MathTex names (``w^{(1)}_{j,k}``, ``b^{(3)}_j``).
    theta, grad
        Parameter values and full-batch gradient entries at those positions.
    n_params
        Length of the vector.
    top
        How many rows are in the top block (before the ellipsis).
    """

    indices: np.ndarray
    names: list[str]
    theta: np.ndarray
    grad: np.ndarray
    n_params: int
    top: int


@lru_cache(maxsize=None)
def gradient_column(step: int = 0) -> GradientColumn:
    """Three weights into hidden neuron 0 from the central pixels (row 14, columns 13-15),
    then the last three output biases, from the snapshot ``step``."""
    run = get_run()
    snap = run.snapshot(step)
    theta = snap.parameter_vector()
    grad = flat(snap.full_grad_weights, snap.full_grad_biases)
    top = np.array([14 * 28 + 13, 14 * 28 + 14, 14 * 28 + 15])
    n = theta.size
    idx = np.concatenate([top, np.arange(n - 3, n)])
    sizes = run.layer_sizes
    return GradientColumn(idx, [param_name(i, sizes) for i in idx], theta[idx], grad[idx], n, top.size)


def noise_answer() -> tuple[np.ndarray, int]:
    """The trained network's recorded outputs for the uniform-noise probe, and the brightest one."""
    run = get_run()
    out = run.final.probe_activations[-1][run.probes.noise].astype(float)
    return out, int(np.argmax(out))


# ===================================================================== mobjects
def labelled_digits(indices: np.ndarray, images: np.ndarray, labels: np.ndarray | None, cols: int,
                    height: float = 0.75) -> Group:
    """A grid of digits, each with its label (or ``?``) underneath.

    Parameters
    ----------
    indices
        Rows of ``images`` to show.
    images
        ``(n, 784)`` pixels.
    labels
        Labels of all rows, or None to show ``?``.
    cols
        Digits per grid row.
    height
        Height of one digit image.
    """
    cells = Group()
    for i in indices:
        text = "?" if labels is None else str(int(labels[i]))
        cells.add(Group(digit_image(images[i], height=height),
                        Text(text, font_size=22, color=HIGHLIGHT if labels is not None else GRAY)
                        ).arrange(DOWN, buff=0.08))
    return cells.arrange_in_grid(cols=cols, buff=(0.18, 0.18))


def cost_image(xs: np.ndarray, ys: np.ndarray, cost: np.ndarray, width_px: int = 480) -> np.ndarray:
    """The cost grid as an RGB image (row 0 = largest ``y``), color by ``log10(cost)``.

    Parameters
    ----------
    xs, ys, cost
        The landscape grid (``cost[i, j]`` at ``(xs[j], ys[i])``).
    width_px
        Output width in pixels; the height keeps the plane's aspect ratio.
    """
    from matplotlib import colormaps

    height_px = max(2, int(round(width_px * (ys[-1] - ys[0]) / (xs[-1] - xs[0]))))
    interp = RegularGridInterpolator((ys, xs), np.log10(cost))
    gx = np.linspace(xs[0], xs[-1], width_px)
    gy = np.linspace(ys[-1], ys[0], height_px)
    yy, xx = np.meshgrid(gy, gx, indexing="ij")
    values = interp(np.stack([yy.ravel(), xx.ravel()], axis=1)).reshape(height_px, width_px)
    t = (values - values.min()) / (np.ptp(values) or 1.0)
    rgb = colormaps["viridis"](t)[..., :3]
    return (rgb * 255).astype(np.uint8)


def output_column(values: np.ndarray, radius: float = 0.2, buff: float = 0.12) -> VGroup:
    """Ten output neurons (white fill = activation) with the digits 0-9 to their left."""
    rows = VGroup()
    for j, v in enumerate(values):
        c = Circle(radius=radius, stroke_color=WHITE, stroke_width=1.5).set_fill(WHITE, float(np.clip(v, 0, 1)))
        rows.add(VGroup(Text(str(j), font_size=22), c).arrange(RIGHT, buff=0.2))
    return rows.arrange(DOWN, buff=buff)


def boxed(lines: list[str], color: ManimColor, font_size: int = 24) -> VGroup:
    """Lines of text in a rounded box."""
    text = VGroup(*[Text(s, font_size=font_size) for s in lines]).arrange(DOWN, buff=0.15)
    box = RoundedRectangle(corner_radius=0.2, width=text.width + 0.6, height=text.height + 0.5, color=color)
    return VGroup(box, text.move_to(box))


# ======================================================================= scenes
class Ch2TrainingData(LectureScene):
    """Labelled training digits vs held-out digits the network never trains on."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        data = get_dataset()
        run = get_run()
        rng = np.random.default_rng(int(run.manifest["seed"]))
        train_idx = rng.choice(len(data.y_train), size=24, replace=False)
        val_idx = rng.choice(len(data.y_val), size=8, replace=False)
        train = labelled_digits(train_idx, data.X_train, data.y_train, cols=8, height=0.82)
        held = labelled_digits(val_idx, data.X_val, None, cols=4, height=0.82)
        n_train, n_val = len(data.y_train), len(data.y_val)
        t_head = Text(f"training data: {n_train:,} labelled digits", font_size=26)
        v_head = Text(f"test data: {n_val:,} held-out digits", font_size=26)
        left = Group(t_head, train).arrange(DOWN, buff=0.3)
        right = Group(v_head, held).arrange(DOWN, buff=0.3)
        Group(left, right).arrange(RIGHT, buff=0.5, aligned_edge=UP).move_to(UP * 0.6)

        # Beat: training data.
        self.beat(f"A network learns from examples. We show it training data: {n_train:,} handwritten digits, "
                  "each one labelled with the digit it really is. Here are a few of them, with their labels "
                  "underneath.")
        self.play(FadeIn(t_head), run_time=0.15 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(c) for c in train], lag_ratio=0.1))

        # Beat: adjust.
        n_params = int(run.network(0).n_params)
        self.beat(f"Learning has a precise meaning here: adjusting all {n_params:,} weights and biases until "
                  "the network's answers on these examples get better. The labels are the answers it should "
                  "give; nothing else about the network changes.")
        note = Text(f"adjust {n_params:,} weights and biases to fit them", font_size=24, color=GRAY)
        note.next_to(left, DOWN, buff=0.4)
        self.play(FadeIn(note), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(c[1], scale_factor=1.5) for c in train], lag_ratio=0.08))

        # Beat: test data.
        self.beat(f"Then comes the real exam. We keep {n_val:,} other digits aside, and the network never "
                  "trains on them. If it labels those well, it has learned something about digits in general, "
                  "not just memorised its examples.")
        self.play(FadeIn(v_head), run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(c) for c in held], lag_ratio=0.15))

        # Beat: result.
        acc = run.final.val_accuracy
        answers = run.network(-1).predict(data.X_val[val_idx]).argmax(axis=1)
        self.beat(f"After training, it labels {100 * acc:.1f}% of those unseen digits correctly. Here are its "
                  "answers for these few, green where it is right. Nobody told it what a loop or a stroke is: "
                  "all of it came from the labelled examples.")
        result = VGroup(Text("trained network:", font_size=24, color=HIGHLIGHT),
                        Text(f"{100 * acc:.1f}% of them right", font_size=24, color=HIGHLIGHT)
                        ).arrange(DOWN, buff=0.12).next_to(held, DOWN, buff=0.5)
        self.play(FadeIn(result), run_time=0.25 * self.remaining())
        guesses = [Text(str(a), font_size=22, color=POSITIVE if a == data.y_val[i] else NEGATIVE).move_to(c[1])
                   for a, i, c in zip(answers, val_idx, held)]
        self.play_through(LaggedStart(*[Transform(c[1], g) for c, g in zip(held, guesses)], lag_ratio=0.3))


class Ch2UtterTrash(LectureScene):
    """The untrained network's output for one 3, the squared differences, and the average cost."""

    NEEDS = Needs(activation=None)

    def construct(self) -> None:
        ex = trash_example()
        run = get_run()
        digit = digit_image(ex.pixels, height=2.4)
        caption = Text(f"training digit #{ex.index}", font_size=20, color=GRAY)
        left = Group(digit, caption).arrange(DOWN, buff=0.2).to_edge(LEFT, buff=0.6).shift(UP * 0.6)
        outs = output_column(ex.output)
        outs.height = 6.3
        outs.next_to(left, RIGHT, buff=2.2).set_y(-0.2)
        arrow = Arrow(left.get_right(), outs.get_left(), buff=0.2, color=GRAY)
        heads = ["output a", "desired y", "(a - y)²"]
        col_x = [outs.get_right()[0] + 1.1 + 1.8 * c for c in range(3)]
        rows = [outs[j][1] for j in range(10)]
        a_col = VGroup(*[MathTex(tex_num(ex.output[j]), font_size=32).move_to([col_x[0], r.get_y(), 0])
                         for j, r in enumerate(rows)])
        y_col = VGroup(*[MathTex(f"{ex.y[j]:.0f}", font_size=32, color=HIGHLIGHT).move_to([col_x[1], r.get_y(), 0])
                         for j, r in enumerate(rows)])
        s_col = VGroup(*[MathTex(tex_num(ex.squares[j]), font_size=32).move_to([col_x[2], r.get_y(), 0])
                         for j, r in enumerate(rows)])
        head = VGroup(*[Text(h, font_size=20, color=GRAY).move_to([x, outs.get_top()[1] + 0.35, 0])
                        for h, x in zip(heads, col_x)])

        # Beat: untrained.
        self.beat("Every network starts out untrained: all its weights and biases are set at random, so its "
                  "answers mean nothing yet. Let's give it one training digit and look at the ten output "
                  "neurons it lights up.")
        self.add(left)
        title = Text("the untrained network (step 0)", font_size=24).to_edge(UP, buff=0.25).to_edge(LEFT, buff=0.6)
        self.play(FadeIn(title), Create(arrow), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(o) for o in outs], lag_ratio=0.2))

        # Beat: trash.
        guess = int(np.argmax(ex.output))
        self.beat(f"We fed it this {DIGIT}, and the output is a mess: nearly every neuron glows somewhere in the "
                  f"middle. The brightest one says {guess}, at {fmt(ex.output[guess])}, while the {DIGIT} "
                  f"neuron sits at {fmt(ex.output[DIGIT])}.")
        self.play(FadeIn(head[0]), LaggedStart(*[FadeIn(a) for a in a_col], lag_ratio=0.15),
                  run_time=0.4 * self.remaining())
        self.play(Create(SurroundingRectangle(VGroup(outs[guess], a_col[guess]), color=NEGATIVE, buff=0.06)),
                  run_time=0.4 * self.remaining())
        self.play_through(Indicate(VGroup(outs[DIGIT], a_col[DIGIT]), color=HIGHLIGHT))

        # Beat: desired.
        self.beat(f"What we wanted instead is a clear answer: 1 for the {DIGIT} neuron and 0 for every other "
                  "one. These ten targets are the label, written as numbers the output can be compared with.")
        self.play(FadeIn(head[1]), LaggedStart(*[FadeIn(y) for y in y_col], lag_ratio=0.15),
                  run_time=0.6 * self.remaining())
        self.play_through(Indicate(y_col[DIGIT]))

        # Beat: squares.
        self.beat(f"To score the mistake, take each output minus its target, square it, and add up all ten "
                  f"squares. For this {DIGIT} the total is {fmt(ex.cost, 3)}: the cost of one single training "
                  "example.")
        self.play(FadeIn(head[2]), LaggedStart(*[TransformFromCopy(VGroup(a_col[j], y_col[j]), s_col[j])
                                                 for j in range(10)], lag_ratio=0.15),
                  run_time=0.55 * self.remaining())
        total = MathTex(r"C_0 = \sum_j (a_j - y_j)^2 = " + tex_num(ex.cost, 3), font_size=34, color=HIGHLIGHT)
        total.next_to(left, DOWN, buff=0.6).align_to(left, LEFT)
        self.play_through(Write(total))

        # Beat: small when right.
        big = int(np.argmax(ex.squares))
        self.beat(f"Squaring makes every miss count as positive, and big misses count far more than small ones: "
                  f"the largest term here, {fmt(ex.squares[big])}, comes from the {big} neuron. So the cost is "
                  "near zero when the network is confidently right, and large when it has no idea.")
        self.play(Circumscribe(VGroup(a_col[big], s_col[big]), color=NEGATIVE), run_time=0.4 * self.remaining())
        order = np.argsort(-ex.squares)
        self.play_through(LaggedStart(*[Indicate(s_col[j], scale_factor=1.1 + 0.6 * float(ex.squares[j]))
                                        for j in order], lag_ratio=0.3))

        # Beat: average.
        n = len(get_dataset().y_train)
        avg = run.first.train_cost
        self.beat(f"One example is not enough to judge a network. The cost of the whole network is the average "
                  f"of this cost over all {n:,} training digits: {fmt(avg, 3)} for our random start. That single "
                  "number is what training will push down.")
        mean = MathTex(r"C = \frac{1}{" + f"{n}" + r"} \sum_{i} C_i = " + tex_num(avg, 3), font_size=34,
                       color=HIGHLIGHT).next_to(total, DOWN, buff=0.4).align_to(total, LEFT)
        self.play(Write(mean), run_time=0.5 * self.remaining())
        self.play_through(Circumscribe(mean, color=HIGHLIGHT))


class Ch2CostAsFunction(LectureScene):
    """The network as a function of pixels vs the cost as a function of weights and biases."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        n_params = int(run.network(0).n_params)
        sizes = run.layer_sizes
        n = len(get_dataset().y_train)
        net_box = boxed(["neural network function"], WEIGHT_COLOR, font_size=26)
        cost_box = boxed(["cost function"], HIGHLIGHT, font_size=26)
        VGroup(net_box, cost_box).arrange(DOWN, buff=2.0).shift(UP * 0.2)

        def io(box: VGroup, left: str, right: str, below: str) -> VGroup:
            a_in = Arrow(box.get_left() + LEFT * 1.1, box.get_left(), buff=0.1)
            a_out = Arrow(box.get_right(), box.get_right() + RIGHT * 1.1, buff=0.1)
            t_in = Text(left, font_size=22).next_to(a_in, LEFT, buff=0.2)
            t_out = Text(right, font_size=22).next_to(a_out, RIGHT, buff=0.2)
            t_par = Text(below, font_size=20, color=GRAY).next_to(box, DOWN, buff=0.2)
            return VGroup(a_in, t_in, a_out, t_out, t_par)

        net_io = io(net_box, f"input: {sizes[0]} pixels", f"output: {sizes[-1]} numbers",
                    f"parameters: {n_params:,} weights and biases")
        cost_io = io(cost_box, f"input: {n_params:,} weights", "output: 1 number",
                     f"parameters: the {n:,} training digits")

        # Beat: network.
        self.beat(f"Step back and see the network as a function. It takes in {sizes[0]} pixel values and gives "
                  f"back {sizes[-1]} numbers, one for each digit.")
        self.play(FadeIn(net_box), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(GrowArrow(net_io[0]), FadeIn(net_io[1]), GrowArrow(net_io[2]),
                                      FadeIn(net_io[3]), lag_ratio=0.5))

        # Beat: its parameters.
        self.beat(f"What it does with those pixels depends on its {n_params:,} weights and biases. They are the "
                  "function's parameters: held fixed while it reads a digit, and tuned only while it learns.")
        self.play(FadeIn(net_io[4]), run_time=0.3 * self.remaining())
        self.play_through(Circumscribe(net_io[4], color=WEIGHT_COLOR))

        # Beat: cost.
        self.beat(f"The cost is a function too, of a different kind. Its input is the whole list of "
                  f"{n_params:,} weights and biases, and its output is one number that says how badly those "
                  "settings do.")
        self.play(FadeIn(cost_box), run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(GrowArrow(cost_io[0]), FadeIn(cost_io[1]), GrowArrow(cost_io[2]),
                                      FadeIn(cost_io[3]), lag_ratio=0.5))

        # Beat: its parameters.
        self.beat(f"Its parameters are the {n:,} labelled training digits, fixed once and for all. So the roles "
                  "swap: for the cost, the data stays put, and the weights are what we are free to change.")
        self.play(FadeIn(cost_io[4]), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(Indicate(net_io[4]), Indicate(cost_io[1]), Indicate(cost_io[4]),
                                      lag_ratio=0.6))

        # Beat: values.
        first, final = run.first, run.final
        self.beat(f"Give it the random weights we started with, and the cost is {fmt(first.train_cost, 3)}. Give "
                  f"it the weights after training, and it is only {fmt(final.train_cost, 3)}. Learning means "
                  "finding inputs that make this one function small.")
        values = VGroup(
            Text(f"untrained (step 0): C = {fmt(first.train_cost, 3)}", font_size=22),
            Text(f"trained (step {final.step:,}): C = {fmt(final.train_cost, 3)}", font_size=22, color=HIGHLIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(cost_io[4], DOWN, buff=0.4)
        self.play(FadeIn(values[0]), run_time=0.3 * self.remaining())
        self.play(FadeIn(values[1]), run_time=0.4 * self.remaining())
        self.play_through(Indicate(values[1], scale_factor=1.1))


class Ch2OneVariable(LectureScene):
    """The real cost along one line through parameter space; slopes; a ball rolling downhill."""

    NEEDS = Needs(activation=None, cost=None, landscape=True)

    def construct(self) -> None:
        ts_curve = np.linspace(0.0, 58.0, 40)
        curve_c = cost_along_line(ts_curve)
        ymax = float(np.ceil(curve_c.max() * 2) / 2)
        axes = Axes(x_range=[0, 60, 10], y_range=[0, ymax, 0.5], x_length=10.5, y_length=4.6, tips=False,
                    axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 22})
        axes.to_edge(DOWN, buff=0.8).shift(RIGHT * 0.4)
        xlab = Text("t: distance along direction d1 (trained network at 0)", font_size=20)
        xlab.next_to(axes, DOWN, buff=0.15)
        ylab = Text("cost", font_size=22).next_to(axes.y_axis, UP, buff=0.15)
        curve = VMobject(stroke_color=WHITE, stroke_width=3).set_points_smoothly(
            [axes.c2p(t, c) for t, c in zip(ts_curve, curve_c)])
        title = Text("the real cost along one line in parameter space", font_size=26).to_edge(UP, buff=0.3)
        ts, slopes = descent_1d()
        costs = cost_along_line(ts)

        # Beat: one input.
        self.beat("A function with thousands of inputs is hard to picture, so start with just one. Take the "
                  "trained network and slide its weights along one straight line through parameter space; t "
                  "says how far we have gone. The white curve is the true cost at each point of that line.")
        self.add(axes, xlab, ylab, title)
        self.play_through(Create(curve))

        # Beat: slope.
        self.beat(f"Put a ball on the curve, far out on the right. Which way is downhill? The slope tells us: "
                  f"here it is {fmt(slopes[0])}, positive, so the cost rises as t grows.")
        ball = Dot(axes.c2p(ts[0], costs[0]), radius=0.12, color=HIGHLIGHT)
        self.play(FadeIn(ball, scale=2), run_time=0.3 * self.remaining())

        def tangent(t: float, c: float, s: float, half: float = 7.0) -> Line:
            return Line(axes.c2p(t - half, c - s * half), axes.c2p(t + half, c + s * half),
                        color=ASCENT, stroke_width=3)

        tan = tangent(ts[0], costs[0], slopes[0])
        slope_text = MathTex(r"\text{slope} = " + tex_num(slopes[0]), font_size=34, color=ASCENT)
        slope_text.next_to(title, DOWN, buff=0.3).to_edge(RIGHT, buff=0.8)
        self.play_through(Create(tan), Write(slope_text))

        # Beat: step.
        self.beat(f"The rule: if the slope is positive, step left; if it is negative, step right. The step is "
                  f"the slope times a step size, here {ETA_1D:g}, so steep ground gives a big step and gentle "
                  "ground a small one.")
        rule = MathTex(r"t \leftarrow t - \eta \cdot \text{slope}, \quad \eta = " + f"{ETA_1D:g}", font_size=34)
        rule.next_to(title, DOWN, buff=0.3).to_edge(LEFT, buff=0.8)
        self.play(Write(rule), run_time=0.4 * self.remaining())
        first_step = Arrow(axes.c2p(ts[0], costs[0]), axes.c2p(ts[1], costs[0]), buff=0.15, color=DESCENT)
        self.play_through(GrowArrow(first_step))

        # Beat: roll.
        self.beat("Then repeat: measure the slope, step, measure again. The ball rolls down into the valley, and "
                  "since the slope flattens near the bottom, each step comes out shorter than the one before.")
        self.play(FadeOut(first_step), run_time=0.5)
        marks = VGroup()
        gaps = np.abs(np.diff(ts)) ** 0.5
        durations = 0.95 * self.remaining() * gaps / gaps.sum()
        for k in range(1, len(ts)):
            new_tan = tangent(ts[k], costs[k], slopes[k])
            new_text = MathTex(r"\text{slope} = " + tex_num(slopes[k]), font_size=34, color=ASCENT)
            new_text.move_to(slope_text, aligned_edge=LEFT)
            mark = Dot(axes.c2p(ts[k - 1], costs[k - 1]), radius=0.05, color=GRAY)
            marks.add(mark)
            self.add(mark)
            self.play(ball.animate.move_to(axes.c2p(ts[k], costs[k])), tan.animate.become(new_tan),
                      ReplacementTransform(slope_text, new_text), run_time=max(0.3, float(durations[k - 1])))
            slope_text = new_text

        # Beat: local minimum.
        self.beat(f"After {len(ts) - 1} steps the cost has fallen from {fmt(costs[0])} to {fmt(costs[-1])}. Near "
                  "the floor the slope is almost zero, so the steps almost stop: the ball settles into a local "
                  "minimum. With many valleys, which one it finds depends on where it starts.")
        note = Text(f"{len(ts) - 1} steps: cost {fmt(costs[0])} -> {fmt(costs[-1])}", font_size=22,
                    color=HIGHLIGHT).next_to(slope_text, DOWN, buff=0.25).align_to(slope_text, RIGHT)
        self.play(FadeIn(note), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(m, scale_factor=2.5) for m in [*marks, ball]], lag_ratio=0.3))


class Ch2GradientIn2D(LectureScene):
    """Two inputs: the real cost on the landscape plane; gradient = steepest ascent; step downhill."""

    NEEDS = Needs(activation=None, cost=None, landscape=True)

    def construct(self) -> None:
        land = get_run().landscape
        width = 12.0
        height = width * float(land.ys[-1] - land.ys[0]) / float(land.xs[-1] - land.xs[0])
        img = ImageMobject(cost_image(land.xs, land.ys, land.cost))
        img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        img.width = width
        img.shift(DOWN * 0.3)
        axes = Axes(x_range=[float(land.xs[0]), float(land.xs[-1]), 10], y_range=[float(land.ys[0]),
                    float(land.ys[-1]), 5], x_length=width, y_length=height, tips=False,
                    axis_config={"stroke_width": 0}).move_to(img)
        frame = SurroundingRectangle(img, buff=0, color=GRAY, stroke_width=1.5)
        xlab = Text("x: along d1", font_size=20).next_to(frame, DOWN, buff=0.15).align_to(frame, RIGHT)
        ylab = Text("y: along d2", font_size=20).next_to(frame, LEFT, buff=0.1).rotate(math.pi / 2)
        ylab.next_to(frame, LEFT, buff=0.1)
        key = Text(f"color: cost, log scale, {fmt(land.cost.min())} (dark) to {fmt(land.cost.max())} (yellow)",
                   font_size=20, color=GRAY).next_to(frame, DOWN, buff=0.15).align_to(frame, LEFT)
        title = Text("two inputs: the real cost on a plane through parameter space", font_size=26)
        title.to_edge(UP, buff=0.3)
        pts = descent_2d()
        g0 = plane_gradient(*pts[0])

        # Beat: two inputs.
        self.beat(f"Now give the function two inputs. Each point of this picture is one setting of the weights, "
                  f"on a flat slice through parameter space, and its color is the true cost there: from "
                  f"{fmt(land.cost.min())} in the darkest valley up to {fmt(land.cost.max())} where it is yellow.")
        self.add(title)
        self.play(FadeIn(img), Create(frame), run_time=0.4 * self.remaining())
        self.play_through(LaggedStart(FadeIn(xlab), FadeIn(ylab), FadeIn(key), lag_ratio=0.4))

        # Beat: gradient.
        self.beat(f"From any point, which direction makes the cost rise fastest? That direction is the gradient. "
                  f"Here its two components are {fmt(g0[0])} and {fmt(g0[1])}, and the yellow arrow shows where "
                  "it points: uphill.")
        p0 = axes.c2p(*pts[0])
        dot = Dot(p0, radius=0.1, color=WHITE)
        unit = g0 / np.linalg.norm(g0)
        up_arrow = Arrow(p0, p0 + 1.4 * np.array([unit[0], unit[1], 0]), buff=0, color=ASCENT, stroke_width=5)
        up_label = MathTex(r"\nabla C", font_size=36, color=ASCENT).next_to(up_arrow.get_end(), UP, buff=0.1)
        grad_text = MathTex(r"\nabla C = (" + tex_num(g0[0]) + r",\ " + tex_num(g0[1]) + ")", font_size=34,
                            color=ASCENT).next_to(title, DOWN, buff=0.3).to_edge(LEFT, buff=0.8)
        self.play(FadeIn(dot, scale=2), run_time=0.2 * self.remaining())
        self.play(Write(grad_text), run_time=0.4 * self.remaining())
        self.play_through(GrowArrow(up_arrow), Write(up_label))

        # Beat: negative gradient.
        self.beat("To go downhill as fast as possible, we step the opposite way, along the negative gradient. "
                  "Its length matters too: the steeper the ground, the larger the gradient, and the bigger the "
                  "step.")
        down_arrow = Arrow(p0, p0 - 1.4 * np.array([unit[0], unit[1], 0]), buff=0, color=DESCENT, stroke_width=5)
        down_label = MathTex(r"-\nabla C", font_size=36, color=DESCENT).next_to(down_arrow.get_end(), DOWN,
                                                                                 buff=0.1)
        self.play(TransformFromCopy(up_arrow, down_arrow, path_arc=PI), run_time=0.5 * self.remaining())
        self.play_through(Write(down_label), Indicate(grad_text, color=DESCENT))

        # Beat: repeat.
        costs = [plane_cost(*p) for p in pts]
        self.beat(f"Take a small step that way, compute the gradient again at the new point, and repeat. In "
                  f"{len(pts) - 1} steps the cost falls from {fmt(costs[0])} to {fmt(costs[-1])}, and once more the "
                  "steps shrink as the ground flattens out.")
        self.play(FadeOut(up_arrow), FadeOut(up_label), FadeOut(down_arrow), FadeOut(down_label), run_time=0.6)
        cost_text = MathTex("C = " + tex_num(costs[0]), font_size=34).next_to(grad_text, RIGHT, buff=1.0)
        self.play(FadeIn(cost_text), run_time=0.6)
        per_step = 0.85 * self.remaining() / (len(pts) - 1)
        for k in range(1, len(pts)):
            new_cost = MathTex("C = " + tex_num(costs[k]), font_size=34).move_to(cost_text, aligned_edge=LEFT)
            self.play(Create(Line(axes.c2p(*pts[k - 1]), axes.c2p(*pts[k]), color=WHITE, stroke_width=3)),
                      dot.animate.move_to(axes.c2p(*pts[k])), ReplacementTransform(cost_text, new_cost),
                      run_time=max(0.4, per_step))
            cost_text = new_cost
        self.play_through(Circumscribe(cost_text))


class Ch2CostLandscape3D(LectureThreeDScene):
    """The real cost on the landscape plane as a surface, with the recorded training trajectory."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), landscape=True)

    def construct(self) -> None:
        land = get_run().landscape
        x0, x1 = float(land.xs[0]), float(land.xs[-1])
        y0, y1 = float(land.ys[0]), float(land.ys[-1])
        zmax = float(np.ceil(land.cost.max() * 2) / 2)
        axes = ThreeDAxes(x_range=[x0, x1, 10], y_range=[y0, y1, 5], z_range=[0, zmax, 0.5],
                          x_length=9.0, y_length=5.0, z_length=2.3, tips=False,
                          axis_config={"stroke_width": 1.5}).shift(IN * 0.3)  # clear of the texts while turning
        surface = Surface(lambda u, v: axes.c2p(u, v, plane_cost(u, v)), u_range=[x0, x1], v_range=[y0, y1],
                          resolution=(18, 18), fill_opacity=0.85, stroke_width=0)
        surface.set_fill_by_value(axes=axes, colorscale=[(ManimColor("#2A1B5E"), 0.0), (DESCENT, 0.3),
                                                         (POSITIVE, 0.7), (ASCENT, 1.3), (NEGATIVE, zmax)],
                                  axis=2)
        traj = np.column_stack([land.trajectory_xy, land.trajectory_plane_cost + 0.02])
        path = VMobject(stroke_color=WHITE, stroke_width=4).set_points_as_corners([axes.c2p(*p) for p in traj])
        self.set_camera_orientation(phi=62 * DEGREES, theta=-115 * DEGREES, zoom=0.85)
        title = Text("the real cost landscape, on a 2-D slice of 13,002-D space", font_size=26).to_edge(UP, buff=0.25)
        ev = 100 * float(np.sum(land.explained_variance))
        how = VGroup(
            Text("slice: plane through the trained network, spanned by the top 2 principal", font_size=20),
            Text(f"directions of the recorded training path ({ev:.0f}% of its variance)", font_size=20),
            Text(f"height: mean cost over the {len(get_dataset().y_train):,} training digits", font_size=20),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08).to_corner(DOWN + LEFT, buff=0.3)
        for mob in how:
            mob.set_color(GRAY)
        axis_names = VGroup(Text("x: d1", font_size=20), Text("y: d2", font_size=20), Text("z: cost", font_size=20))
        axis_names.arrange(DOWN, aligned_edge=LEFT, buff=0.08).to_corner(DOWN + RIGHT, buff=0.3)

        # Beat: surface.
        self.beat("Here is the same idea as a landscape. The two flat directions are two directions in the space "
                  "of all 13,002 weights and biases, and the height is the cost. It is a real slice through the "
                  "trained network, computed point by point, not a made-up surface.")
        self.add_fixed_in_frame_mobjects(title, how, axis_names)
        self.add(axes)
        self.play(Create(surface), run_time=0.4 * self.remaining())
        self.move_camera(theta=-102 * DEGREES, run_time=max(1.0, self.remaining()))

        # Beat: trajectory.
        run = get_run()
        self.beat(f"The white path is the real training run: all {run.final.step:,} steps of gradient descent, "
                  "with the network's position at each recorded moment projected onto this plane. It starts high "
                  "on the slope, at the yellow dot.")
        start = Dot3D(axes.c2p(*traj[0]), radius=0.1, color=ASCENT)
        self.play(FadeIn(start, scale=2), run_time=0.2 * self.remaining())
        self.play_through(Create(path))

        # Beat: ball.
        self.beat("Like a ball rolling downhill, it drops fast at first, where the slope is steep, then creeps "
                  "along the valley floor, and comes to rest where the trained network sits.")
        end = Dot3D(axes.c2p(*traj[-1]), radius=0.1, color=HIGHLIGHT)
        self.play(MoveAlongPath(start, path), run_time=0.6 * self.remaining())
        self.add(end)
        self.move_camera(theta=-118 * DEGREES, run_time=max(1.0, self.remaining()))

        # Beat: caveat.
        self.beat(f"One honest caveat. This plane captures {ev:.0f}% of how the path spreads out, but the path "
                  "does not lie exactly in it, so each height is the cost at the path's shadow on the plane. At "
                  f"step 0, the plane says {fmt(land.trajectory_plane_cost[0])}, while the true cost was "
                  f"{fmt(land.trajectory_cost[0], 3)}.")
        caveat = Text(f"step 0 on the plane: C = {fmt(land.trajectory_plane_cost[0])}; "
                      f"true C = {fmt(land.trajectory_cost[0], 3)}", font_size=20, color=ASCENT)
        caveat.next_to(title, DOWN, buff=0.2)
        self.add_fixed_in_frame_mobjects(caveat)
        self.play(FadeIn(caveat), run_time=0.2 * self.remaining())
        self.move_camera(phi=66 * DEGREES, theta=-108 * DEGREES, run_time=max(1.0, self.remaining()))


class Ch2GradientVector(LectureScene):
    """The gradient as a 13,002-long column of real entries, added to the weight vector."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        col = gradient_column()
        run = get_run()
        eta = run.learning_rate
        new = col.theta - eta * col.grad

        def column(values: np.ndarray, color: ManimColor, signed: bool = False) -> VGroup:
            entries = [MathTex(tex_num(v, 2, signed), font_size=32, color=color) for v in values]
            top = VGroup(*entries[: col.top]).arrange(DOWN, buff=0.22)
            bottom = VGroup(*entries[col.top:]).arrange(DOWN, buff=0.22)
            group = VGroup(top, MathTex(r"\vdots", font_size=32), bottom).arrange(DOWN, buff=0.2)
            return group

        names = column(np.zeros(col.indices.size), WHITE)
        for r, name in enumerate(col.names):
            block, i = (0, r) if r < col.top else (2, r - col.top)
            target = names[block][i]
            names[block][i].become(MathTex(name, font_size=30).move_to(target))
        idx_col = VGroup(*[Text(f"#{i:,}", font_size=20, color=GRAY) for i in col.indices])
        W = column(col.theta, WHITE)
        G = column(-col.grad, DESCENT, signed=True)
        N = column(new, HIGHLIGHT)

        def bracket(mob: VGroup) -> VGroup:
            left = MathTex(r"\left[\begin{array}{c}\\ \\ \\ \\ \\ \\ \\ \\ \\ \\ \end{array}\right.",
                           font_size=32).stretch_to_fit_height(mob.height + 0.3)
            right = MathTex(r"\left.\begin{array}{c}\\ \\ \\ \\ \\ \\ \\ \\ \\ \\ \end{array}\right]",
                            font_size=32).stretch_to_fit_height(mob.height + 0.3)
            left.next_to(mob, LEFT, buff=0.1)
            right.next_to(mob, RIGHT, buff=0.1)
            return VGroup(left, right)

        plus = MathTex(r"+\ \eta \,\cdot", font_size=36)
        equals = MathTex("=", font_size=40)
        VGroup(names, W, plus, G, equals, N).arrange(RIGHT, buff=0.55).shift(DOWN * 0.35)
        names.shift(LEFT * 0.2)
        for block, offset in ((0, 0), (2, col.top)):
            for i, m in enumerate(names[block]):
                idx_col[offset + i].next_to(m, LEFT, buff=0.25)
        brackets = [bracket(m) for m in (W, G, N)]
        heads = VGroup(
            Text("weights and biases", font_size=20).next_to(brackets[0], UP, buff=0.25),
            MathTex(r"-\nabla C", font_size=36, color=DESCENT).next_to(brackets[1], UP, buff=0.25),
            Text("after one step", font_size=20, color=HIGHLIGHT).next_to(brackets[2], UP, buff=0.25),
        )
        title = Text(f"the untrained network: all {col.n_params:,} parameters in one column", font_size=26)
        title.to_edge(UP, buff=0.3)

        # Beat: parameters as a vector.
        self.beat(f"Back to the full network. Stack all {col.n_params:,} weights and biases of the untrained "
                  "network into one long column. We can only show a few entries: three weights from pixels near "
                  "the center into the first hidden neuron, and the last three biases of the output layer.")
        self.add(title)
        self.play(FadeIn(brackets[0]), FadeIn(heads[0]), run_time=0.2 * self.remaining())
        rows = [VGroup(idx_col[r], *((names[0][r], W[0][r]) if r < col.top else
                                     (names[2][r - col.top], W[2][r - col.top]))) for r in range(col.indices.size)]
        self.play_through(LaggedStart(*[FadeIn(r) for r in rows[: col.top]], FadeIn(VGroup(names[1], W[1])),
                                      *[FadeIn(r) for r in rows[col.top:]], lag_ratio=0.4))

        # Beat: gradient.
        n = len(get_dataset().y_train)
        self.beat(f"The gradient of the cost, averaged over all {n:,} training digits, is a column just as long: "
                  "one entry for every weight and every bias. We flip its sign, because we want to go downhill, "
                  "not up.")
        self.play(FadeIn(brackets[1]), FadeIn(heads[1]), FadeIn(plus), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(e, shift=0.2 * DOWN) for e in [*G[0], G[1], *G[2]]], lag_ratio=0.3))

        # Beat: add.
        self.beat(f"Add that column, scaled by the step size {eta:g}, to the weights, and you have the network "
                  "after one step of gradient descent. That is all a step is: every entry nudged at the same time.")
        eta_label = MathTex(r"\eta = " + f"{eta:g}", font_size=28).next_to(plus, DOWN, buff=0.3)
        self.play(FadeIn(equals), FadeIn(brackets[2]), FadeIn(heads[2]), FadeIn(eta_label), FadeIn(N[1]),
                  run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(*[TransformFromCopy(VGroup(a, b), c) for a, b, c in
                                        zip(list(W[0]) + list(W[2]), list(G[0]) + list(G[2]),
                                            list(N[0]) + list(N[2]))], lag_ratio=0.35))

        # Beat: signs.
        entries = list(G[0]) + list(G[2])
        ups = [e for e, g in zip(entries, -col.grad) if g > 0]
        downs = [e for e, g in zip(entries, -col.grad) if g < 0]
        self.beat("The sign of each entry says which way its parameter should move. Every entry shown here is "
                  "negative, so all of these should go down. For the output biases that makes sense: at the "
                  "start, the outputs glow far too brightly for the wrong digits."
                  if not ups else
                  "The sign of each entry says which way its parameter should move: green entries should go up, "
                  "red entries down. Each parameter gets its own direction, all from one gradient.")
        self.play(*[e.animate.set_color(POSITIVE) for e in ups], *[e.animate.set_color(NEGATIVE) for e in downs],
                  run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(e, color=e.get_color(), scale_factor=1.3) for e in entries],
                                      lag_ratio=0.3))

        # Beat: magnitudes.
        big = int(np.argmax(np.abs(col.grad)))
        small = int(np.argmin(np.abs(col.grad)))
        ratio = abs(col.grad[big]) / abs(col.grad[small])
        self.beat(f"The size of each entry says how much the cost cares about that parameter. Here the largest "
                  f"entry is about {ratio:.0f} times the smallest: nudging the first changes the cost about "
                  f"{ratio:.0f} times more than nudging the second. The gradient ranks which changes matter most.")
        boxes = VGroup(SurroundingRectangle(entries[big], color=HIGHLIGHT, buff=0.08),
                       SurroundingRectangle(entries[small], color=GRAY, buff=0.08))
        note = MathTex(r"\left|\frac{\partial C / \partial " + col.names[big] + r"}{\partial C / \partial "
                       + col.names[small] + r"}\right| \approx " + f"{ratio:.0f}", font_size=32)
        note.to_edge(DOWN, buff=0.3)
        self.play(Create(boxes), run_time=0.25 * self.remaining())
        self.play(Write(note), run_time=0.35 * self.remaining())
        self.play_through(Indicate(entries[big], scale_factor=1.5), Indicate(entries[small], scale_factor=1.1))


class Ch2MiniBatchVsFullBatch(LectureScene):
    """Forty mini-batch SGD steps vs forty full-batch steps on the saved local slice, and noisy batch costs."""

    NEEDS = Needs(activation=None, cost=None, landscape=True)

    def construct(self) -> None:
        run, land = get_run(), get_run().landscape
        n = len(get_dataset().y_train)
        xs, ys = land.descent_xs, land.descent_ys
        width = 5.4
        height = width * float(ys[-1] - ys[0]) / float(xs[-1] - xs[0])
        img = ImageMobject(cost_image(xs, ys, land.descent_cost, width_px=320))
        img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        img.width = width
        axes = Axes(x_range=[float(xs[0]), float(xs[-1]), 1], y_range=[float(ys[0]), float(ys[-1]), 1],
                    x_length=width, y_length=height, tips=False, axis_config={"stroke_width": 0})
        frame = SurroundingRectangle(img, buff=0, color=GRAY, stroke_width=1.5)
        Group(img, axes, frame).to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.9)
        sgd = VMobject(stroke_color=NEGATIVE, stroke_width=3).set_points_as_corners(
            [axes.c2p(*p) for p in land.descent_sgd_xy])
        full = VMobject(stroke_color=WHITE, stroke_width=3).set_points_as_corners(
            [axes.c2p(*p) for p in land.descent_full_xy])
        start = Dot(axes.c2p(*land.descent_full_xy[0]), radius=0.08, color=WHITE)
        steps = len(land.descent_sgd_xy) - 1
        s0 = int(land.descent_start_step)
        plane_head = VGroup(
            Text(f"{steps} steps of each from step {s0:,} (epoch {run.snapshot(s0).epoch:g}), same step size",
                 font_size=20),
            Text("plane: along the full-batch path, and SGD's main sideways drift", font_size=20, color=GRAY),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08).to_corner(UP + LEFT, buff=0.3)
        key = VGroup(
            Text(f"full batch: all {n:,} digits per step", font_size=20, color=WHITE),
            Text(f"mini-batch SGD: {run.batch_size} digits per step", font_size=20, color=NEGATIVE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(frame, DOWN, buff=0.3).align_to(frame, LEFT)
        c_full, c_sgd = land.descent_full_cost[-1], land.descent_sgd_cost[-1]

        # right: recorded mini-batch cost vs training cost, from half an epoch on
        later = [s for s in run.snapshots if s.epoch >= 0.5]
        st = np.array([s.epoch for s in later], dtype=float)
        bc = np.array([s.batch_cost for s in later])
        tc = np.array([s.train_cost for s in later])
        ymax = float(np.ceil(max(bc.max(), tc.max()) * 5) / 5)
        n_ep = float(np.ceil(st.max()))
        axes2 = Axes(x_range=[0, n_ep, 10], y_range=[0, ymax, 0.2], x_length=4.8, y_length=3.4, tips=False,
                     axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 20})
        axes2.to_corner(UP + RIGHT, buff=0.5).shift(DOWN * 1.2)
        head2 = VGroup(Text("the recorded run:", font_size=20, color=GRAY),
                       Text(f"{len(later)} recorded steps from epoch 0.5", font_size=20, color=GRAY)
                       ).arrange(DOWN, buff=0.08).next_to(axes2, UP, buff=0.25)
        xl2 = Text("epoch", font_size=20).next_to(axes2, DOWN, buff=0.15)
        batch_line = VMobject(stroke_color=NEGATIVE, stroke_width=3).set_points_as_corners(
            [axes2.c2p(x, y) for x, y in zip(st, bc)])
        train_line = VMobject(stroke_color=DESCENT, stroke_width=3).set_points_as_corners(
            [axes2.c2p(x, y) for x, y in zip(st, tc)])
        key2 = VGroup(Text("cost of the step's mini-batch", font_size=20, color=NEGATIVE),
                      Text(f"cost over all {n:,} digits", font_size=20, color=DESCENT)
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(xl2, DOWN, buff=0.3).align_to(axes2, LEFT)

        # Beat: full batch is slow.
        self.beat(f"In practice, the true gradient is expensive: every single step means running all {n:,} "
                  "training digits through the network and backpropagating each one. The white path takes "
                  f"{steps} such full-batch steps, starting from step {s0:,} of the run.")
        self.add(img, frame, plane_head)
        self.play(FadeIn(start, scale=2), FadeIn(key[0]), run_time=0.25 * self.remaining())
        self.play_through(Create(full))

        # Beat: mini-batch.
        self.beat(f"The shortcut: shuffle the digits, and let each step use a small random mini-batch of just "
                  f"{run.batch_size}. That is {n // run.batch_size} times less work per step, but each step only "
                  f"estimates the downhill direction. The red path takes {steps} such steps.")
        self.play(FadeIn(key[1]), run_time=0.25 * self.remaining())
        self.play_through(Create(sgd))

        # Beat: same way.
        self.beat(f"The red path wobbles and drifts sideways, since every small batch pulls a little differently, "
                  f"yet it still heads downhill. After {steps} steps its cost is {fmt(c_sgd, 3)}, against "
                  f"{fmt(c_full, 3)} for the full-batch path, at a small fraction of the work.")
        ends = Text(f"plane cost after {steps} steps: SGD {fmt(c_sgd, 3)}, full {fmt(c_full, 3)}",
                    font_size=20, color=HIGHLIGHT)
        ends.next_to(key, DOWN, buff=0.2).align_to(key, LEFT)
        self.play(FadeIn(ends), run_time=0.2 * self.remaining())
        walkers = [Dot(start.get_center(), radius=0.07, color=c) for c in (WHITE, NEGATIVE)]
        self.play_through(MoveAlongPath(walkers[0], full), MoveAlongPath(walkers[1], sgd))

        # Beat: noisy costs.
        self.beat(f"The same noise runs through the whole recorded training. In red, the cost of each step's own "
                  f"mini-batch: with only {run.batch_size} digits, it jumps up and down from one step to the next.")
        self.play(FadeOut(*walkers), FadeIn(axes2), FadeIn(head2), FadeIn(xl2), run_time=0.25 * self.remaining())
        self.play_through(Create(batch_line), FadeIn(key2[0]))

        # Beat: true cost.
        self.beat(f"In blue, the cost over all {n:,} training digits at the same moments: it falls steadily. The "
                  "noise averages out, and on the whole, the cheap noisy steps still go downhill.")
        self.play_through(Create(train_line), FadeIn(key2[1]))


class Ch2LearningCurves(LectureScene):
    """Training cost and validation accuracy per epoch, from the run's history."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        hist = run.history
        epochs = np.concatenate([[0], np.asarray(hist["epoch"], dtype=float)])
        cost = np.concatenate([[run.first.train_cost], np.asarray(hist["train_cost"], dtype=float)])
        acc = 100 * np.concatenate([[run.first.val_accuracy], np.asarray(hist["val_accuracy"], dtype=float)])
        n_ep = int(epochs.max())
        step = 10 if n_ep >= 20 else 5
        ymax = float(np.ceil(cost.max()))
        ax_c = Axes(x_range=[0, n_ep, step], y_range=[0, ymax, 1], x_length=5.6, y_length=3.8, tips=False,
                    axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 20})
        ax_a = Axes(x_range=[0, n_ep, step], y_range=[0, 100, 20], x_length=5.6, y_length=3.8, tips=False,
                    axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 20})
        VGroup(ax_c, ax_a).arrange(RIGHT, buff=1.4).shift(DOWN * 0.2)
        h_c = Text("cost over the training digits", font_size=22).next_to(ax_c, UP, buff=0.3)
        h_a = Text("% of held-out digits right", font_size=22).next_to(ax_a, UP, buff=0.3)
        x_c = Text("epoch", font_size=20).next_to(ax_c, DOWN, buff=0.15)
        x_a = Text("epoch", font_size=20).next_to(ax_a, DOWN, buff=0.15)
        c_line = VMobject(stroke_color=DESCENT, stroke_width=3).set_points_as_corners(
            [ax_c.c2p(e, c) for e, c in zip(epochs, cost)])
        a_line = VMobject(stroke_color=POSITIVE, stroke_width=3).set_points_as_corners(
            [ax_a.c2p(e, a) for e, a in zip(epochs, acc)])
        title = Text("learning over time: the recorded run", font_size=26).to_edge(UP, buff=0.3)
        n = len(get_dataset().y_train)

        # Beat: epochs.
        per_epoch = n // run.batch_size
        self.beat(f"Training goes in epochs. One epoch is one pass over all {n:,} training digits, shuffled and "
                  f"cut into mini-batches of {run.batch_size}: that makes {per_epoch} steps. This run trained for "
                  f"{n_ep} epochs, and these two plots follow it.")
        self.add(title)
        self.play_through(LaggedStart(AnimationGroup(Create(ax_c), FadeIn(h_c), FadeIn(x_c)),
                                      AnimationGroup(Create(ax_a), FadeIn(h_a), FadeIn(x_a)), lag_ratio=0.5))

        # Beat: cost.
        self.beat(f"On the left, the cost over the training digits after each epoch. It starts at "
                  f"{fmt(cost[0], 3)} for the random network, drops steeply in the first few epochs, and ends at "
                  f"{fmt(cost[-1], 3)}.")
        c_note = Text(f"{fmt(cost[0], 3)} -> {fmt(cost[-1], 3)}", font_size=22, color=DESCENT)
        c_note.move_to(ax_c.c2p(n_ep * 0.6, ymax * 0.6))
        self.play(Create(c_line), run_time=0.7 * self.remaining())
        self.play_through(FadeIn(c_note))

        # Beat: accuracy.
        self.beat(f"On the right, the share of held-out digits it labels correctly. It climbs from "
                  f"{acc[0]:.0f}% at the start to {acc[-1]:.1f}% at the end, on digits it never trained on.")
        a_note = Text(f"{acc[0]:.0f}% -> {acc[-1]:.1f}%", font_size=22, color=POSITIVE)
        a_note.move_to(ax_a.c2p(n_ep * 0.6, 45))
        self.play(Create(a_line), run_time=0.7 * self.remaining())
        self.play_through(FadeIn(a_note))

        # Beat: early.
        self.beat("Follow both curves together: almost all of the learning happens in the first few epochs. "
                  "After that, the curves flatten out, and each further epoch only polishes the result a little.")
        epoch = ValueTracker(0.0)
        walkers = VGroup(
            Dot(radius=0.08, color=DESCENT).add_updater(
                lambda d: d.move_to(ax_c.c2p(epoch.get_value(), np.interp(epoch.get_value(), epochs, cost)))),
            Dot(radius=0.08, color=POSITIVE).add_updater(
                lambda d: d.move_to(ax_a.c2p(epoch.get_value(), np.interp(epoch.get_value(), epochs, acc)))))
        self.play(FadeIn(walkers, scale=2), run_time=0.5)
        self.play_through(epoch.animate.set_value(float(n_ep)))


class Ch2WhatItLearned(LectureScene):
    """First-layer weights as 28x28 images (noisy, not edges), and a confident answer to pure noise."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        W0 = run.final.weights[0].astype(float)
        tiles = Group(*[weight_image(W0[j], height=1.05) for j in range(W0.shape[0])])
        tiles.arrange_in_grid(rows=2, buff=0.15).to_edge(UP, buff=0.8)
        head = Text(f"the weights into each of the {W0.shape[0]} first-layer neurons, as 28x28 images",
                    font_size=22).to_edge(UP, buff=0.3)
        key = Text("green: positive, red: negative (each image scaled to its own largest weight)", font_size=20,
                   color=GRAY).next_to(tiles, DOWN, buff=0.15)

        # Beat: weights.
        self.beat(f"So what did the first layer actually learn? We hoped its {W0.shape[0]} neurons would pick up "
                  "little edges and strokes. Here are the weights into each of them, drawn as 28 by 28 images, "
                  "one pixel per weight.")
        self.add(head)
        self.play_through(LaggedStart(*[FadeIn(t) for t in tiles], lag_ratio=0.15))

        # Beat: noisy.
        self.beat("Not really. The patterns look almost random, with only loose blobs of green and red. Green "
                  "weights make a neuron fire for ink on those pixels, red ones hold it back, and no neat edge "
                  "detectors show up.")
        self.play(FadeIn(key), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[t.animate(rate_func=there_and_back).scale(1.25) for t in tiles],
                                      lag_ratio=0.2))

        # Beat: noise input.
        noise = run.probes.images[run.probes.noise]
        out, guess = noise_answer()
        img = digit_image(noise, height=2.2)
        label = Text("uniform random noise", font_size=20, color=GRAY)
        left = Group(img, label).arrange(DOWN, buff=0.15)
        outs = output_column(out, radius=0.12, buff=0.06)
        values = VGroup(*[Text(f"{v:.2f}", font_size=20).next_to(outs[j], RIGHT, buff=0.2) for j, v in enumerate(out)])
        right = VGroup(outs, values)
        note = VGroup(Text("confident about noise:", font_size=20),
                      Text("it only ever saw digits", font_size=20)).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        Group(left, right, note).arrange(RIGHT, buff=1.2).to_edge(DOWN, buff=0.3)
        arrow = Arrow(left.get_right(), right.get_left(), buff=0.3, color=GRAY)
        self.beat(f"Another test: feed it pure random noise, no digit at all. It still answers {guess}, and "
                  f"firmly: that output is {out[guess]:.2f}, far above all the others.")
        self.play(FadeOut(key), FadeIn(left), Create(arrow), run_time=0.3 * self.remaining())
        self.play(LaggedStart(*[FadeIn(VGroup(o, v)) for o, v in zip(outs, values)], lag_ratio=0.15),
                  run_time=0.5 * self.remaining())
        box = SurroundingRectangle(VGroup(outs[guess], values[guess]), color=HIGHLIGHT, buff=0.05)
        self.play_through(Create(box))

        # Beat: why.
        self.beat("Why so sure? Nothing in its training was ever noise. It only learned to tell digits apart, so it "
                  "has no way to answer 'none of these': whatever it is shown, some output ends up brightest.")
        self.play(FadeIn(note), run_time=0.3 * self.remaining())
        self.play_through(Circumscribe(VGroup(outs[guess], values[guess]), color=HIGHLIGHT),
                          Indicate(note[1], color=HIGHLIGHT))


SCENES = [
    Ch2TrainingData,
    Ch2UtterTrash,
    Ch2CostAsFunction,
    Ch2OneVariable,
    Ch2GradientIn2D,
    Ch2CostLandscape3D,
    Ch2GradientVector,
    Ch2MiniBatchVsFullBatch,
    Ch2LearningCurves,
    Ch2WhatItLearned,
]
