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
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Axes,
    Circle,
    Create,
    Dot,
    Dot3D,
    FadeIn,
    FadeOut,
    Group,
    ImageMobject,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    MoveAlongPath,
    RoundedRectangle,
    Surface,
    SurroundingRectangle,
    Text,
    ThreeDAxes,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
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
        Group(left, right).arrange(RIGHT, buff=0.7, aligned_edge=UP).move_to(UP * 0.6)

        # Beat: training data.
        self.beat(f"To learn, the network is shown training data: {n_train:,} digits, each labelled with what it is.")
        self.play(FadeIn(t_head))
        self.play(LaggedStart(*[FadeIn(c) for c in train], lag_ratio=0.05, run_time=2.5))
        self.wait(1.5)

        # Beat: adjust.
        self.beat("Training adjusts all the weights and biases to do better on these examples.")
        note = Text("adjust 13,002 weights and biases to fit them", font_size=24, color=GRAY)
        note.next_to(left, DOWN, buff=0.4)
        self.play(FadeIn(note))
        self.wait(2)

        # Beat: test data.
        self.beat(f"Then we test it on {n_val:,} digits it has never seen, to see if it generalises.")
        self.play(FadeIn(v_head), LaggedStart(*[FadeIn(c) for c in held], lag_ratio=0.1, run_time=1.5))
        self.wait(1.5)

        # Beat: result.
        acc = run.final.val_accuracy
        self.beat(f"After training, it labels {100 * acc:.1f}% of those unseen digits correctly.")
        result = VGroup(Text("trained network:", font_size=24, color=HIGHLIGHT),
                        Text(f"{100 * acc:.1f}% of them right", font_size=24, color=HIGHLIGHT)
                        ).arrange(DOWN, buff=0.12).next_to(held, DOWN, buff=0.5)
        self.play(FadeIn(result))
        self.wait(2)


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
        self.beat("Start with the network before any training: every weight and bias is random.")
        self.add(left)
        title = Text("the untrained network (step 0)", font_size=24).to_edge(UP, buff=0.25).to_edge(LEFT, buff=0.6)
        self.play(FadeIn(title), Create(arrow), FadeIn(outs))
        self.wait(1)

        # Beat: trash.
        guess = int(np.argmax(ex.output))
        self.beat(f"Feed it this {DIGIT}, and the output is utter trash: its brightest neuron says {guess}.")
        self.play(FadeIn(head[0]), FadeIn(a_col))
        self.play(Create(SurroundingRectangle(VGroup(outs[guess], a_col[guess]), color=NEGATIVE, buff=0.06)))
        self.wait(1.5)

        # Beat: desired.
        self.beat(f"What we wanted: 1 for the {DIGIT} neuron, 0 for all the others.")
        self.play(FadeIn(head[1]), FadeIn(y_col))
        self.wait(1.5)

        # Beat: squares.
        self.beat(f"Add up the squares of the differences: the cost of this one example is {fmt(ex.cost, 3)}.")
        self.play(FadeIn(head[2]), *[TransformFromCopy(VGroup(a_col[j], y_col[j]), s_col[j]) for j in range(10)],
                  run_time=1.5)
        total = MathTex(r"C_0 = \sum_j (a_j - y_j)^2 = " + tex_num(ex.cost, 3), font_size=34, color=HIGHLIGHT)
        total.next_to(left, DOWN, buff=0.6).align_to(left, LEFT)
        self.play(Write(total))
        self.wait(1.5)

        # Beat: small when right.
        self.beat("The cost is small when the network confidently gets it right, and large when it has no idea.")
        self.wait(2.5)

        # Beat: average.
        n = len(get_dataset().y_train)
        avg = run.first.train_cost
        self.beat(f"The cost of the whole network is the average over all {n:,} training digits: {fmt(avg, 3)}.")
        mean = MathTex(r"C = \frac{1}{" + f"{n}" + r"} \sum_{i} C_i = " + tex_num(avg, 3), font_size=34,
                       color=HIGHLIGHT).next_to(total, DOWN, buff=0.4).align_to(total, LEFT)
        self.play(Write(mean))
        self.wait(2.5)


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
        self.beat(f"The network is a function: {sizes[0]} pixels in, {sizes[-1]} numbers out.")
        self.play(FadeIn(net_box))
        self.play(FadeIn(net_io[:4]))
        self.wait(1)

        # Beat: its parameters.
        self.beat(f"And it is parameterised by {n_params:,} weights and biases.")
        self.play(FadeIn(net_io[4]))
        self.wait(1.5)

        # Beat: cost.
        self.beat(f"The cost is a function too: all {n_params:,} weights and biases in, one number out.")
        self.play(FadeIn(cost_box))
        self.play(FadeIn(cost_io[:4]))
        self.wait(1.5)

        # Beat: its parameters.
        self.beat("Its parameters are the training data, fixed once and for all.")
        self.play(FadeIn(cost_io[4]))
        self.wait(1.5)

        # Beat: values.
        first, final = run.first, run.final
        self.beat(f"Random weights cost {fmt(first.train_cost, 3)}; the trained ones only {fmt(final.train_cost, 3)}.")
        values = VGroup(
            Text(f"untrained (step 0): C = {fmt(first.train_cost, 3)}", font_size=22),
            Text(f"trained (step {final.step:,}): C = {fmt(final.train_cost, 3)}", font_size=22, color=HIGHLIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(cost_io[4], DOWN, buff=0.4)
        self.play(FadeIn(values))
        self.wait(2)


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
        self.beat("Picture a simpler function with one input: here, the real cost along one line through parameter space.")
        self.add(axes, xlab, ylab, title)
        self.play(Create(curve), run_time=2)
        self.wait(1)

        # Beat: slope.
        self.beat("Start somewhere and ask which way is downhill: the slope tells you.")
        ball = Dot(axes.c2p(ts[0], costs[0]), radius=0.12, color=HIGHLIGHT)
        self.play(FadeIn(ball))

        def tangent(t: float, c: float, s: float, half: float = 7.0) -> Line:
            return Line(axes.c2p(t - half, c - s * half), axes.c2p(t + half, c + s * half),
                        color=ASCENT, stroke_width=3)

        tan = tangent(ts[0], costs[0], slopes[0])
        slope_text = MathTex(r"\text{slope} = " + tex_num(slopes[0]), font_size=34, color=ASCENT)
        slope_text.next_to(title, DOWN, buff=0.3).to_edge(RIGHT, buff=0.8)
        self.play(Create(tan), Write(slope_text))
        self.wait(1)

        # Beat: step.
        self.beat("Positive slope: step left. Negative slope: step right.")
        rule = MathTex(r"t \leftarrow t - \eta \cdot \text{slope}, \quad \eta = " + f"{ETA_1D:g}", font_size=34)
        rule.next_to(title, DOWN, buff=0.3).to_edge(LEFT, buff=0.8)
        self.play(Write(rule))
        self.wait(1)

        # Beat: roll.
        self.beat("Repeat, and the ball rolls downhill; the steps shrink as the slope flattens near the bottom.")
        marks = VGroup()
        for k in range(1, len(ts)):
            new_tan = tangent(ts[k], costs[k], slopes[k])
            new_text = MathTex(r"\text{slope} = " + tex_num(slopes[k]), font_size=34, color=ASCENT)
            new_text.move_to(slope_text, aligned_edge=LEFT)
            mark = Dot(axes.c2p(ts[k - 1], costs[k - 1]), radius=0.05, color=GRAY)
            marks.add(mark)
            self.add(mark)
            self.play(ball.animate.move_to(axes.c2p(ts[k], costs[k])), tan.animate.become(new_tan),
                      slope_text.animate.become(new_text), run_time=0.7 if k < 4 else 0.45)
        self.wait(1)

        # Beat: local minimum.
        self.beat("Near the valley floor the slope, and so each step, shrinks towards zero: a local minimum.")
        note = Text(f"{len(ts) - 1} steps: cost {fmt(costs[0])} -> {fmt(costs[-1])}", font_size=22,
                    color=HIGHLIGHT).next_to(slope_text, DOWN, buff=0.25).align_to(slope_text, RIGHT)
        self.play(FadeIn(note))
        self.wait(2)


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
        self.beat("Now imagine a function with two inputs: the cost on a plane through parameter space.")
        self.add(img, frame, title, xlab, ylab, key)
        self.wait(2)

        # Beat: gradient.
        self.beat("At any point, the gradient points in the direction of steepest ascent.")
        p0 = axes.c2p(*pts[0])
        dot = Dot(p0, radius=0.1, color=WHITE)
        unit = g0 / np.linalg.norm(g0)
        up_arrow = Arrow(p0, p0 + 1.4 * np.array([unit[0], unit[1], 0]), buff=0, color=ASCENT, stroke_width=5)
        up_label = MathTex(r"\nabla C", font_size=36, color=ASCENT).next_to(up_arrow.get_end(), UP, buff=0.1)
        self.play(FadeIn(dot), Create(up_arrow), Write(up_label))
        grad_text = MathTex(r"\nabla C = (" + tex_num(g0[0]) + r",\ " + tex_num(g0[1]) + ")", font_size=34,
                            color=ASCENT).next_to(title, DOWN, buff=0.3).to_edge(LEFT, buff=0.8)
        self.play(Write(grad_text))
        self.wait(1.5)

        # Beat: negative gradient.
        self.beat("So step the other way, along the negative gradient, to go downhill fastest.")
        down_arrow = Arrow(p0, p0 - 1.4 * np.array([unit[0], unit[1], 0]), buff=0, color=DESCENT, stroke_width=5)
        down_label = MathTex(r"-\nabla C", font_size=36, color=DESCENT).next_to(down_arrow.get_end(), DOWN,
                                                                                 buff=0.1)
        self.play(Create(down_arrow), Write(down_label))
        self.wait(1.5)

        # Beat: repeat.
        costs = [plane_cost(*p) for p in pts]
        self.beat(f"Take a step, recompute the gradient, repeat: the cost falls from {fmt(costs[0])} "
                  f"to {fmt(costs[-1])}.")
        self.play(FadeOut(up_arrow), FadeOut(up_label), FadeOut(down_arrow), FadeOut(down_label))
        path = VMobject(stroke_color=WHITE, stroke_width=3).set_points_as_corners([axes.c2p(*p) for p in pts])
        cost_text = MathTex("C = " + tex_num(costs[0]), font_size=34).next_to(grad_text, RIGHT, buff=1.0)
        self.play(FadeIn(cost_text))
        for k in range(1, len(pts)):
            new_cost = MathTex("C = " + tex_num(costs[k]), font_size=34).move_to(cost_text, aligned_edge=LEFT)
            self.play(Create(Line(axes.c2p(*pts[k - 1]), axes.c2p(*pts[k]), color=WHITE, stroke_width=3)),
                      dot.animate.move_to(axes.c2p(*pts[k])), cost_text.animate.become(new_cost), run_time=0.6)
        self.add(path)
        self.wait(2)


class Ch2CostLandscape3D(LectureThreeDScene):
    """The real cost on the landscape plane as a surface, with the recorded training trajectory."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), landscape=True)

    def construct(self) -> None:
        land = get_run().landscape
        x0, x1 = float(land.xs[0]), float(land.xs[-1])
        y0, y1 = float(land.ys[0]), float(land.ys[-1])
        zmax = float(np.ceil(land.cost.max() * 2) / 2)
        axes = ThreeDAxes(x_range=[x0, x1, 10], y_range=[y0, y1, 5], z_range=[0, zmax, 0.5],
                          x_length=9.0, y_length=5.0, z_length=2.8, tips=False,
                          axis_config={"stroke_width": 1.5})
        surface = Surface(lambda u, v: axes.c2p(u, v, plane_cost(u, v)), u_range=[x0, x1], v_range=[y0, y1],
                          resolution=(18, 18), fill_opacity=0.85, stroke_width=0)
        surface.set_fill_by_value(axes=axes, colorscale=[(ManimColor("#2A1B5E"), 0.0), (DESCENT, 0.3),
                                                         (POSITIVE, 0.7), (ASCENT, 1.3), (NEGATIVE, zmax)],
                                  axis=2)
        traj = np.column_stack([land.trajectory_xy, land.trajectory_plane_cost + 0.02])
        path = VMobject(stroke_color=WHITE, stroke_width=4).set_points_as_corners([axes.c2p(*p) for p in traj])
        self.set_camera_orientation(phi=62 * DEGREES, theta=-115 * DEGREES, zoom=0.95)
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
        self.beat("Here is the real cost, on a plane through the trained network's 13,002 parameters.")
        self.add_fixed_in_frame_mobjects(title, how, axis_names)
        self.add(axes, surface)
        self.wait(2.5)

        # Beat: trajectory.
        run = get_run()
        self.beat(f"The white path is the real training run, {run.final.step:,} steps, projected onto the plane.")
        start = Dot3D(axes.c2p(*traj[0]), radius=0.1, color=ASCENT)
        self.add(start)
        self.play(Create(path), run_time=3)
        self.wait(1)

        # Beat: ball.
        self.beat("Like a ball rolling downhill, it ends in the valley where the trained network sits.")
        end = Dot3D(axes.c2p(*traj[-1]), radius=0.1, color=HIGHLIGHT)
        self.play(MoveAlongPath(start, path), run_time=3)
        self.add(end)
        self.begin_ambient_camera_rotation(rate=0.12)
        self.wait(4)
        self.stop_ambient_camera_rotation()

        # Beat: caveat.
        self.beat(f"The plane keeps {ev:.0f}% of the path's spread, but the heights are the cost at its shadow "
                  f"on the plane.")
        caveat = Text(f"step 0 on the plane: C = {fmt(land.trajectory_plane_cost[0])}; "
                      f"true C = {fmt(land.trajectory_cost[0], 3)}", font_size=20, color=ASCENT)
        caveat.next_to(title, DOWN, buff=0.2)
        self.add_fixed_in_frame_mobjects(caveat)
        self.play(FadeIn(caveat))
        self.wait(2.5)


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
        self.beat(f"Put all {col.n_params:,} weights and biases of the untrained network into one long column.")
        self.add(title)
        self.play(FadeIn(idx_col), FadeIn(names), FadeIn(W), FadeIn(brackets[0]), FadeIn(heads[0]))
        self.wait(1.5)

        # Beat: gradient.
        n = len(get_dataset().y_train)
        self.beat(f"The negative gradient of the cost over all {n:,} training digits is a column just as long.")
        self.play(FadeIn(G), FadeIn(brackets[1]), FadeIn(heads[1]), FadeIn(plus))
        self.wait(1.5)

        # Beat: add.
        self.beat(f"Adding it, times the step size {eta:g}, is one step of gradient descent.")
        self.play(FadeIn(equals), FadeIn(brackets[2]), FadeIn(heads[2]), FadeIn(N[1]),
                  *[TransformFromCopy(VGroup(a, b), c) for a, b, c in
                    zip(list(W[0]) + list(W[2]), list(G[0]) + list(G[2]), list(N[0]) + list(N[2]))], run_time=1.5)
        self.wait(1.5)

        # Beat: signs.
        self.beat("Each sign says whether that weight or bias should go up or down.")
        entries = list(G[0]) + list(G[2])
        ups = [e for e, g in zip(entries, -col.grad) if g > 0]
        downs = [e for e, g in zip(entries, -col.grad) if g < 0]
        self.play(*[e.animate.set_color(POSITIVE) for e in ups], *[e.animate.set_color(NEGATIVE) for e in downs])
        self.wait(1.5)

        # Beat: magnitudes.
        big = int(np.argmax(np.abs(col.grad)))
        small = int(np.argmin(np.abs(col.grad)))
        ratio = abs(col.grad[big]) / abs(col.grad[small])
        self.beat(f"Each size says how much the cost cares: here one entry matters about {ratio:.0f} times "
                  f"more than another.")
        boxes = VGroup(SurroundingRectangle(entries[big], color=HIGHLIGHT, buff=0.08),
                       SurroundingRectangle(entries[small], color=GRAY, buff=0.08))
        note = MathTex(r"\left|\frac{\partial C / \partial " + col.names[big] + r"}{\partial C / \partial "
                       + col.names[small] + r"}\right| \approx " + f"{ratio:.0f}", font_size=32)
        note.to_edge(DOWN, buff=0.3)
        self.play(Create(boxes), Write(note))
        self.wait(2.5)


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
        self.beat(f"The true gradient averages over all {n:,} training digits: every single step is slow.")
        self.add(img, frame, plane_head, start)
        self.play(Create(full), FadeIn(key[0]), run_time=2)
        self.wait(1)

        # Beat: mini-batch.
        self.beat(f"Instead, each step can use a random mini-batch of {run.batch_size}: "
                  f"{n // run.batch_size} times cheaper, but noisier.")
        self.play(Create(sgd), FadeIn(key[1]), run_time=2)
        self.wait(1)

        # Beat: same way.
        self.beat(f"The mini-batch path wanders, yet still goes downhill: cost {fmt(c_sgd, 3)} "
                  f"against {fmt(c_full, 3)} for full batch.")
        ends = Text(f"plane cost after {steps} steps: SGD {fmt(c_sgd, 3)}, full {fmt(c_full, 3)}",
                    font_size=20, color=HIGHLIGHT)
        ends.next_to(key, DOWN, buff=0.2).align_to(key, LEFT)
        self.play(FadeIn(ends))
        self.wait(1.5)

        # Beat: noisy costs.
        self.beat("During training, each mini-batch's cost jumps around while the true cost falls steadily.")
        self.play(FadeIn(axes2), FadeIn(head2), FadeIn(xl2))
        self.play(Create(train_line), Create(batch_line), FadeIn(key2), run_time=2)
        self.wait(2)


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
        self.beat(f"One epoch is one pass over all {n:,} training digits, in mini-batches of {run.batch_size}.")
        self.add(title, ax_c, ax_a, h_c, h_a, x_c, x_a)
        self.wait(1.5)

        # Beat: cost.
        self.beat(f"The cost falls from {fmt(cost[0], 3)} to {fmt(cost[-1], 3)} over {n_ep} epochs.")
        self.play(Create(c_line), run_time=2.5)
        c_note = Text(f"{fmt(cost[0], 3)} -> {fmt(cost[-1], 3)}", font_size=22, color=DESCENT)
        c_note.move_to(ax_c.c2p(n_ep * 0.6, ymax * 0.6))
        self.play(FadeIn(c_note))
        self.wait(1)

        # Beat: accuracy.
        self.beat(f"Meanwhile accuracy on unseen digits climbs from {acc[0]:.0f}% to {acc[-1]:.1f}%.")
        self.play(Create(a_line), run_time=2.5)
        a_note = Text(f"{acc[0]:.0f}% -> {acc[-1]:.1f}%", font_size=22, color=POSITIVE)
        a_note.move_to(ax_a.c2p(n_ep * 0.6, 45))
        self.play(FadeIn(a_note))
        self.wait(2)


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
        self.beat("So did the first layer learn to pick up little edges, as we hoped?")
        self.add(head)
        self.play(LaggedStart(*[FadeIn(t) for t in tiles], lag_ratio=0.06, run_time=2))
        self.play(FadeIn(key))
        self.wait(1)

        # Beat: noisy.
        self.beat("Not really: the patterns look almost random, with only loose blobs of structure.")
        self.wait(2.5)

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
        self.beat(f"Feed it pure noise, and it answers {guess} anyway, with output {fmt(out[guess])}.")
        self.play(FadeOut(key), FadeIn(left), Create(arrow))
        self.play(FadeIn(outs), FadeIn(values))
        box = SurroundingRectangle(VGroup(outs[guess], values[guess]), color=HIGHLIGHT, buff=0.05)
        self.play(Create(box))
        self.wait(1.5)

        # Beat: why.
        self.beat("It was never trained to be unsure: nothing in its training data was noise.")
        self.play(FadeIn(note))
        self.wait(2)


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
