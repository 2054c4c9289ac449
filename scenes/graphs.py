"""Computational graphs (cs231n's "Backpropagation, intuitions"), forward and backward.

* ``f = (x + y) z`` uses cs231n's inputs ``x = -2, y = 5, z = -4``; every value
  and gradient on screen is computed here (:func:`simple_circuit`) and
  checked against finite differences in ``tests/test_graphs.py``.
* The add, multiply and max gates use cs231n's circuit
  ``f = 2 (x y + max(z, w))`` at ``x = 3, y = -4, z = 2, w = -1``
  (:func:`gate_circuit`); the copy gate is a real fan-out of the network:
  layer-2 neuron ``j`` of chapter 4's example feeding all ten outputs, whose
  gradients add up (:func:`copy_gate`).
* ``D = W X`` uses the real last weight matrix of chapter 4's snapshot and the
  layer-2 activations of two real training images (:func:`matrix_example`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UL,
    UP,
    WHITE,
    AnimationGroup,
    Circle,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Group,
    ImageMobject,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    Rectangle,
    Rotate,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)
from manim.constants import RESAMPLING_ALGORITHMS

from network.activations import sigmoid_prime_from_a
from scenes.base import LectureScene
from scenes.chapter4 import STEP, sum_over_outputs, the_path
from scenes.data import ANY_RUN, Needs, get_dataset, get_run
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE

FORWARD = ManimColor("#83C167")
BACKWARD = ManimColor("#FC6255")
MONO = "DejaVu Sans Mono"


# ===================================================================== numbers
def simple_circuit(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> dict[str, float]:
    """Forward and backward pass of ``f = (x + y) z``; keys ``x y z q f`` and ``dx dy dz dq df``."""
    q = x + y
    f = q * z
    df = 1.0
    dz = q * df          # mul gate: each input gets the other input times the upstream gradient
    dq = z * df
    dx = 1.0 * dq        # add gate: the upstream gradient passes to both inputs
    dy = 1.0 * dq
    return {"x": x, "y": y, "z": z, "q": q, "f": f, "dx": dx, "dy": dy, "dz": dz, "dq": dq, "df": df}


def gate_circuit(x: float = 3.0, y: float = -4.0, z: float = 2.0, w: float = -1.0) -> dict[str, float]:
    """cs231n's ``f = 2 (x y + max(z, w))``: every intermediate value and gradient."""
    m = x * y
    n = max(z, w)
    s = m + n
    f = 2.0 * s
    ds = 2.0
    dm = ds
    dn = ds
    dx = y * dm
    dy = x * dm
    dz = dn if z >= w else 0.0
    dw = dn if w > z else 0.0
    return {"x": x, "y": y, "z": z, "w": w, "m": m, "n": n, "s": s, "f": f,
            "ds": ds, "dm": dm, "dn": dn, "dx": dx, "dy": dy, "dz": dz, "dw": dw}


@dataclass
class CopyGate:
    """A real fan-out: ``a`` of layer-2 neuron ``j`` copied into the ten outputs.

    ``terms[i]`` is the gradient flowing back from output ``i``; their sum is
    ``dC0/da``; ``backprop`` is the network's own value.
    """

    j: int
    a: float
    terms: np.ndarray
    backprop: float


@lru_cache(maxsize=None)
def copy_gate() -> CopyGate:
    """The fan-out of chapter 4's layer-2 neuron."""
    path = the_path()
    terms, backprop = sum_over_outputs(path)
    return CopyGate(path.j, path.a_prev, terms, backprop)


@dataclass
class MatrixExample:
    """``D = W X`` with real matrices and its backward pass.

    Attributes
    ----------
    W
        The last weight matrix of chapter 4's snapshot, ``(10, 16)``.
    X
        Layer-2 activations of two training images as columns, ``(16, 2)``.
    D
        ``W X``, ``(10, 2)`` (the outputs' weighted sums before the bias).
    dD
        ``dC/dD`` for the mean quadratic cost of the two images, ``(10, 2)``.
    dW, dX
        ``dD X^T`` and ``W^T dD``.
    rows
        The two images' rows of ``X_train``.
    """

    W: np.ndarray
    X: np.ndarray
    D: np.ndarray
    dD: np.ndarray
    dW: np.ndarray
    dX: np.ndarray
    rows: np.ndarray


@lru_cache(maxsize=None)
def matrix_example() -> MatrixExample:
    """Two images of chapter 4's mini-batch (its example and the next) through its network."""
    run, data = get_run(), get_dataset()
    path = the_path()
    batch = np.asarray(run.snapshot(path.step).batch_indices, dtype=int)
    rows = np.array([batch[path.position], batch[(path.position + 1) % batch.size]])
    net = path.net
    zs, acts = net.forward(data.X_train[rows])
    Y = data.Y_train[rows].astype(float)
    a_out = acts[-1]
    dD = (2.0 * (a_out - Y) * sigmoid_prime_from_a(a_out) / rows.size).T  # dC/dz, columns = examples
    W = net.weights[2]
    X = acts[2].T
    return MatrixExample(W, X, W @ X, dD, dD @ X.T, W.T @ dD, rows)


# ===================================================================== mobjects
def wire_number(value: float) -> str:
    """A number on a wire as written (and spoken): whole numbers without decimals, else 3 digits."""
    text = f"{value:.0f}" if float(value).is_integer() else fmt(value, 3)
    return "0" if text == "-0" else text


def value_text(value: float, color: ManimColor, size: int = 30) -> MathTex:
    """A number on a wire (forward values green, gradients red): :func:`wire_number`."""
    text = wire_number(value)
    return MathTex("{" + text + "}" if text.startswith("-") else text, font_size=size, color=color)


def pulse(stages: list[list[Line]], color: ManimColor, backward: bool = False) -> Succession:
    """Flashes running along the wires of each stage in turn (against the wires when ``backward``)."""
    def flash(line: Line) -> ShowPassingFlash:
        a, b = line.get_start(), line.get_end()
        return ShowPassingFlash(Line(*((b, a) if backward else (a, b)), color=color, stroke_width=7), time_width=1.0)
    return Succession(*[AnimationGroup(*[flash(line) for line in stage]) for stage in stages])


class Gate(VGroup):
    """A gate drawn as a circle with a symbol, wires in from the left and out to the right.

    Parameters
    ----------
    symbol
        MathTex of the operation, e.g. ``"+"``.
    n_in, n_out
        Number of input and output wires.
    spread
        Vertical distance between neighbouring wires.
    wire
        Horizontal length of the wires.

    Attributes
    ----------
    ins, outs : VGroup
        The wires (Lines); ``ins[i].get_start()`` is the free end of input ``i``.
    """

    def __init__(self, symbol: str, n_in: int = 2, n_out: int = 1, spread: float = 1.1,
                 wire: float = 1.8, radius: float = 0.35, **kwargs) -> None:
        super().__init__(**kwargs)
        self.body = Circle(radius=radius, color=WHITE, stroke_width=2.5)
        self.symbol = MathTex(symbol, font_size=40).move_to(self.body)
        if self.symbol.width > 1.4 * radius:
            self.symbol.scale_to_fit_width(1.4 * radius)
        self.ins = VGroup(*[Line(self.body.get_center() + LEFT * wire + UP * spread * ((n_in - 1) / 2 - i),
                                 self.body.get_left(), stroke_width=2.5) for i in range(n_in)])
        self.outs = VGroup(*[Line(self.body.get_right(),
                                  self.body.get_center() + RIGHT * wire + UP * spread * ((n_out - 1) / 2 - i),
                                  stroke_width=2.5) for i in range(n_out)])
        self.add(self.ins, self.outs, self.body, self.symbol)

    def label_in(self, i: int, text: str, size: int = 30) -> MathTex:
        """A name at the free end of input ``i``."""
        return MathTex(text, font_size=size).next_to(self.ins[i].get_start(), LEFT, buff=0.12)

    def label_out(self, i: int, text: str, size: int = 30) -> MathTex:
        """A name at the free end of output ``i``."""
        return MathTex(text, font_size=size).next_to(self.outs[i].get_end(), RIGHT, buff=0.12)


def on_wire(line: Line, mob, above: bool, where: float = 0.5) -> None:
    """Place ``mob`` above (forward value) or below (gradient) ``line`` at proportion ``where``."""
    mob.next_to(line.point_from_proportion(where), UP if above else DOWN, buff=0.1)


def matrix_image(values: np.ndarray, cell: float = 0.14, vmax: float | None = None) -> Group:
    """A matrix as ONE image: green positive, red negative, brightness ``|v| / vmax``; gray frame.

    Parameters
    ----------
    values
        2-D array.
    cell
        Side of one entry in scene units.
    vmax
        Value drawn at full brightness (default the largest ``|v|``).
    """
    v = np.asarray(values, dtype=float)
    vmax = float(np.max(np.abs(v))) if vmax is None else float(vmax)
    t = np.clip(np.abs(v) / (vmax or 1.0), 0, 1)[..., None]
    rgb = np.where(v[..., None] >= 0, np.array(POSITIVE.to_rgb()), np.array(NEGATIVE.to_rgb())) * t
    img = ImageMobject((rgb * 255).astype(np.uint8))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = cell * v.shape[0]
    return Group(img, SurroundingRectangle(img, buff=0, color=GRAY, stroke_width=1.5))


def cell_box(matrix: Group, shape: tuple[int, int], rows: tuple[int, int], cols: tuple[int, int]) -> Rectangle:
    """A yellow frame around entries ``rows[0]:rows[1]``, ``cols[0]:cols[1]`` of a :func:`shaped` matrix."""
    img = matrix[1]
    h, w = img.height / shape[0], img.width / shape[1]
    box = Rectangle(width=(cols[1] - cols[0]) * w, height=(rows[1] - rows[0]) * h, color=HIGHLIGHT, stroke_width=2.5)
    return box.move_to(img.get_corner(UL) + RIGHT * w * sum(cols) / 2 + DOWN * h * sum(rows) / 2)


def shaped(name: str, values: np.ndarray, cell: float = 0.14) -> Group:
    """:func:`matrix_image` with its name above and its shape below."""
    img = matrix_image(values, cell)
    label = MathTex(name, font_size=30).next_to(img, UP, buff=0.12)
    shape = MathTex(rf"{values.shape[0]}\times{values.shape[1]}", font_size=24, color=GRAY)
    shape.next_to(img, DOWN, buff=0.1)
    return Group(label, img, shape)


# ======================================================================= scenes
class GraphForwardBackward(LectureScene):
    """f = (x + y) z forward (values) and backward (gradients) on its graph."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        c = simple_circuit()
        n = {k: wire_number(v) for k, v in c.items()}  # as on the wires
        title = Text("A computational graph: f = (x + y) z", font_size=32).to_edge(UP, buff=0.3)
        add = Gate("+", n_in=2, n_out=1, spread=2.2, wire=2.6)
        mul = Gate(r"\times", n_in=2, n_out=1, spread=2.2, wire=2.6)
        mul.shift(add.outs[0].get_end() - mul.ins[0].get_start())
        graph = VGroup(add, mul).move_to(DOWN * 0.2)
        # the z wire comes from the far left, like x and y
        z_wire = Line(add.ins[1].get_start() + DOWN * 1.2, mul.ins[1].get_start(), stroke_width=2.5)
        names = VGroup(add.label_in(0, "x"), add.label_in(1, "y"),
                       MathTex("z", font_size=30).next_to(z_wire.get_start(), LEFT, buff=0.12),
                       mul.label_out(0, "f"))
        q_name = MathTex("q", font_size=30, color=GRAY).next_to(add.outs[0].point_from_proportion(0.5), UP, buff=0.45)
        stages = [[add.ins[0], add.ins[1]], [add.outs[0], z_wire], [*mul.ins], [mul.outs[0]]]
        self.add(graph, z_wire)

        # Beat: the graph.
        self.beat("Here is a small function, f equals x plus y, times z, drawn as a computational graph. "
                  "Each circle is a gate that does one simple thing: the first adds x and y, and we call its "
                  "output q; the second multiplies q by z. Values travel along the wires from left to right, "
                  "and gradients will travel back from right to left.")
        self.play(Write(title), FadeIn(names), run_time=0.25 * self.remaining())
        self.play_through(pulse([stages[0], [add.outs[0]]], FORWARD), Indicate(add.body), FadeIn(q_name), share=0.45)
        self.play_through(pulse([[mul.ins[0], z_wire], [mul.ins[1]], stages[3]], FORWARD), Indicate(mul.body),
                          share=0.3)
        self.play_through(Succession(pulse(stages, FORWARD), pulse(stages[::-1], BACKWARD, backward=True)))

        # Beat: forward.
        self.beat(f"Forward pass first. We set x to {n['x']}, y to {n['y']} and z to {n['z']}. The add gate "
                  f"outputs q equals {n['q']}, and the multiply gate gives f equals {n['q']} times {n['z']}, "
                  f"which is {n['f']}. Every gate keeps its result, because the backward pass will need these numbers.")
        wires = {"x": add.ins[0], "y": add.ins[1], "z": z_wire, "q": add.outs[0], "f": mul.outs[0]}
        fwd = {}
        for key in ("x", "y", "z", "q", "f"):
            fwd[key] = value_text(c[key], FORWARD)
            on_wire(wires[key], fwd[key], above=True, where=0.35)
        self.play_through(LaggedStart(*[FadeIn(fwd[k]) for k in ("x", "y", "z")], lag_ratio=0.4), share=0.3)
        self.play_through(pulse(stages[:1], FORWARD), FadeIn(fwd["q"], shift=RIGHT * 0.3), share=0.25)
        self.play_through(pulse(stages[1:], FORWARD), FadeIn(fwd["f"], shift=RIGHT * 0.3), share=0.5)
        self.play_through(LaggedStart(*[Indicate(fwd[k], color=FORWARD) for k in fwd], lag_ratio=0.3))

        # Beat: backward, mul.
        self.beat(f"Now the backward pass, from right to left. At the output, the gradient of f with respect to "
                  f"itself is simply {n['df']}. The multiply gate swaps: the gradient on q is the value of z, "
                  f"{n['dq']}, and the gradient on z is the value of q, {n['dz']}, each times the {n['df']} "
                  "that came in from the right.")
        bwd = {}
        for key in ("f", "q", "z", "x", "y"):
            bwd[key] = value_text(c["d" + key], BACKWARD)
            on_wire(wires[key], bwd[key], above=False, where=0.35)
        self.play_through(pulse(stages[3:], BACKWARD, backward=True), FadeIn(bwd["f"]), share=0.3)
        self.play_through(Indicate(mul.body), share=0.15)
        self.play_through(TransformFromCopy(fwd["z"], bwd["q"]), share=0.45)
        self.play_through(TransformFromCopy(fwd["q"], bwd["z"]))

        # Beat: backward, add.
        self.beat(f"The add gate is simpler still. Its local derivative is 1 for each input, so the gradient it "
                  f"receives, {n['dq']}, passes through unchanged, and x and y both get {n['dx']}. "
                  "From here on, green numbers above a wire are values and red numbers below it are gradients.")
        legend = VGroup(Text("forward value", font_size=22, color=FORWARD),
                        Text("gradient  df/d(wire)", font_size=22, color=BACKWARD)).arrange(RIGHT, buff=0.8)
        legend.to_edge(DOWN, buff=0.4)
        self.play_through(Indicate(add.body), Indicate(bwd["q"]), share=0.3)
        self.play_through(TransformFromCopy(bwd["q"], bwd["x"]), TransformFromCopy(bwd["q"], bwd["y"]), share=0.45)
        self.play_through(FadeIn(legend[0]), LaggedStart(*[Indicate(v, color=FORWARD) for v in fwd.values()]),
                          share=0.5)
        self.play_through(FadeIn(legend[1]), LaggedStart(*[Indicate(v, color=BACKWARD) for v in bwd.values()]))

        # Beat: check.
        h = 0.01
        f_plus = simple_circuit(c["x"] + h)["f"]
        self.beat(f"What does the {n['dx']} on x mean? Nudge x up by {h:g} and run the forward pass again: f moves "
                  f"from {n['f']} to {fmt(f_plus, 4)}, a change of {fmt(f_plus - c['f'], 2)}. That is {n['dx']} "
                  "times the nudge, just as the gradient said. A gradient measures how strongly the output "
                  "responds to a small push on that input.")
        check = VGroup(*[MathTex(t, font_size=32) for t in (
            rf"f(x + {h:g}) - f(x)", "=", rf"{tex_num(f_plus, 4)} - ({tex_num(c['f'], 4)})", "=",
            tex_num(f_plus - c["f"], 2))]).arrange(RIGHT, buff=0.2).next_to(title, DOWN, buff=0.35)
        self.play_through(Indicate(bwd["x"]), share=0.2)
        self.play_through(Write(check[0]), Indicate(names[0]), share=0.25)
        self.play_through(Write(check[1:3]), Indicate(fwd["f"]), share=0.35)
        self.play_through(Write(check[3:]), share=0.3)
        self.play_through(Indicate(check[4], color=BACKWARD), Indicate(bwd["x"]))


class GraphGatePatterns(LectureScene):
    """The four gate patterns: add distributes, mul swaps, max routes, copy adds."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        g = gate_circuit()
        n = {k: wire_number(v) for k, v in g.items()}  # as on the wires
        cp = copy_gate()
        title = Text("Four patterns in the backward flow", font_size=32).to_edge(UP, buff=0.3)

        def panel(symbol: str, ins: list[tuple[float, float]], outs: list[tuple[float, float]], heading: str,
                  in_names: list[str], out_names: list[str]) -> VGroup:
            """VGroup(heading, gate, names, values, output gradients, input gradients)."""
            fan = len(outs) >= 3
            gate = Gate(symbol, n_in=len(ins), n_out=len(outs), spread=1.2 if fan else 1.4,
                        wire=2.0, radius=0.32)
            names, values, grads_out, grads_in = VGroup(), VGroup(), VGroup(), VGroup()
            for wire, (val, grad), name in zip(gate.ins, ins, in_names):
                v, d = value_text(val, FORWARD, 26), value_text(grad, BACKWARD, 26)
                on_wire(wire, v, above=True, where=0.3)
                on_wire(wire, d, above=False, where=0.3)
                values.add(v)
                grads_in.add(d)
                names.add(MathTex(name, font_size=26).next_to(wire.get_start(), LEFT, buff=0.1))
            for wire, (val, grad), name in zip(gate.outs, outs, out_names):
                v, d = value_text(val, FORWARD, 26), value_text(grad, BACKWARD, 26)
                label = MathTex(name, font_size=26).next_to(wire.get_end(), RIGHT, buff=0.1)
                if fan:  # values beside the wire's name, clear of the slanted wires
                    VGroup(v, d).arrange(DOWN, buff=0.06, aligned_edge=LEFT).next_to(label, RIGHT, buff=0.2)
                else:
                    on_wire(wire, v, above=True, where=0.7)
                    on_wire(wire, d, above=False, where=0.7)
                values.add(v)
                grads_out.add(d)
                names.add(label)
            body = VGroup(gate, names, values, grads_out, grads_in)
            return VGroup(Text(heading, font_size=24, color=HIGHLIGHT).next_to(body, UP, buff=0.25), *body)

        add = panel("+", [(g["m"], g["dm"]), (g["n"], g["dn"])], [(g["s"], g["ds"])], "add distributes",
                    ["xy", r"\max"], ["s"])
        mul = panel(r"\times", [(g["x"], g["dx"]), (g["y"], g["dy"])], [(g["m"], g["dm"])], "multiply swaps",
                    ["x", "y"], ["xy"])
        mx = panel(r"\max", [(g["z"], g["dz"]), (g["w"], g["dw"])], [(g["n"], g["dn"])], "max routes",
                   ["z", "w"], [r"\max"])
        big = np.argsort(-np.abs(cp.terms))[:2]
        rest = float(cp.terms.sum() - cp.terms[big].sum())
        copy = panel(r"\bullet", [(cp.a, float(cp.terms.sum()))],
                     [(cp.a, float(cp.terms[big[0]])), (cp.a, float(cp.terms[big[1]])), (cp.a, rest)],
                     "copy adds", [rf"a_{{{cp.j}}}"], [rf"z_{{{big[0]}}}", rf"z_{{{big[1]}}}", r"\text{8 more}"])
        grid = VGroup(add, mul, mx, copy).arrange_in_grid(rows=2, cols=2, buff=(1.2, 0.35))
        grid.next_to(title, DOWN, buff=0.25)
        source = VGroup(
            Text("add, multiply, max: cs231n's f = 2(xy + max(z, w)) at x=3, y=-4, z=2, w=-1", font_size=20, color=GRAY),
            Text(f"copy: layer-2 neuron {cp.j} of chapter 4's example feeds all ten outputs", font_size=20, color=GRAY),
        ).arrange(DOWN, buff=0.12).to_edge(DOWN, buff=0.25)

        panels = [add, mul, mx, copy]

        def given(p: VGroup):
            """A gate's names, values and the gradient from above (its input gradients come later)."""
            return FadeIn(VGroup(p[0], *p[2:5]))

        # Beat: the example.
        self.beat("The backward pass is built from only a few kinds of gate, and each has a pattern worth knowing "
                  "by heart. Three of them we watch on a slightly bigger function, f equals 2 times, x y plus the "
                  "max of z and w, at the inputs listed below. The fourth we take from our trained network.")
        self.play_through(Write(title), LaggedStart(*[Create(p[1]) for p in panels], lag_ratio=0.5), share=0.4)
        self.play_through(FadeIn(source[0]), LaggedStart(*[Indicate(p[1]) for p in panels[:3]], lag_ratio=0.5),
                          share=0.75)
        self.play_through(FadeIn(source[1]), Indicate(copy[1]))

        # Beat: add.
        self.beat(f"First, the add gate. Its inputs are {n['m']} and {n['n']}, but their values do not matter "
                  f"here: each input receives the output's gradient, {n['ds']}, unchanged. An add gate "
                  "distributes: every input that fed into it gets the full gradient, not a share of it.")
        self.play_through(given(add), share=0.2)
        self.play_through(LaggedStart(*[Indicate(v) for v in add[3][:2]], lag_ratio=0.5), share=0.35)
        self.play_through(*[TransformFromCopy(add[4][0], d) for d in add[5]], share=0.45)
        self.play_through(Indicate(add[0]), LaggedStart(*[Indicate(d, color=BACKWARD) for d in add[5]]))

        # Beat: multiply.
        self.beat(f"Next, the multiply gate, which swaps. The gradient on x is the value of y times the gradient "
                  f"from the output: {n['y']} times {n['dm']}, which is {n['dx']}. Likewise y gets the value of x, "
                  f"{n['x']}, times {n['dm']}: that makes {n['dy']}. The larger one input is, the more the "
                  "product reacts to the other.")
        self.play_through(given(mul), share=0.15)
        self.play_through(TransformFromCopy(VGroup(mul[3][1], mul[4][0]), mul[5][0]), share=0.45)
        self.play_through(TransformFromCopy(VGroup(mul[3][0], mul[4][0]), mul[5][1]), share=0.55)
        self.play_through(Indicate(mul[0]), LaggedStart(*[Indicate(v) for v in mul[3][:2]], lag_ratio=0.5))

        # Beat: max.
        self.beat(f"A max gate routes. Of its inputs, z at {n['z']} is the larger, and it alone reaches the "
                  f"output, so z receives the whole gradient, {n['dz']}. The smaller input, w at {n['w']}, could "
                  f"move a little without changing the output at all, so its gradient is {n['dw']}.")
        self.play_through(given(mx), share=0.2)
        self.play_through(Indicate(mx[3][0]), share=0.3)
        self.play_through(TransformFromCopy(mx[4][0], mx[5][0]), share=0.4)
        self.play_through(Indicate(mx[3][1], color=GRAY), share=0.5)
        self.play_through(FadeIn(mx[5][1], shift=UP * 0.2), Indicate(mx[0]))

        # Beat: copy.
        self.beat(f"The fourth pattern is a fork, where one value is used in several places. In our trained "
                  f"network, neuron {cp.j} of layer 2, with activation {fmt(cp.a, 3)}, feeds all ten outputs, and "
                  f"each output sends back its own gradient: the two strongest are {fmt(cp.terms[big[0]], 3)} and "
                  f"{fmt(cp.terms[big[1]], 3)}, and the other eight together give {fmt(rest, 3)}. At a fork the "
                  f"gradients add, here to {fmt(cp.terms.sum(), 3)}: exactly what backpropagation computes for "
                  "this neuron.")
        self.play_through(given(copy), share=0.3)
        self.play_through(LaggedStart(*[Indicate(d, color=BACKWARD) for d in copy[4]], lag_ratio=0.6), share=0.55)
        self.play_through(TransformFromCopy(copy[4], copy[5][0]), share=0.5)
        self.play_through(Indicate(copy[5][0], color=BACKWARD), Indicate(copy[0]))


class GraphCode(LectureScene):
    """Forward and backward code beside the graph of f = (x + y) z."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        c = simple_circuit()
        n = {k: wire_number(v) for k, v in c.items()}  # as on the wires and in the comments
        title = Text("The same thing in code", font_size=32).to_edge(UP, buff=0.3)
        add = Gate("+", n_in=2, n_out=1, spread=2.0, wire=2.2, radius=0.3)
        mul = Gate(r"\times", n_in=2, n_out=1, spread=2.0, wire=2.2, radius=0.3)
        mul.shift(add.outs[0].get_end() - mul.ins[0].get_start())
        z_wire = Line(add.ins[1].get_start() + DOWN * 1.2, mul.ins[1].get_start(), stroke_width=2.5)
        graph = VGroup(add, mul, z_wire)
        names = VGroup(add.label_in(0, "x"), add.label_in(1, "y"),
                       MathTex("z", font_size=30).next_to(z_wire.get_start(), LEFT, buff=0.12), mul.label_out(0, "f"))
        wires = {"x": add.ins[0], "y": add.ins[1], "z": z_wire, "q": add.outs[0], "f": mul.outs[0]}
        val, grad = {}, {}
        for key, wire in wires.items():
            val[key], grad[key] = value_text(c[key], FORWARD, 32), value_text(c["d" + key], BACKWARD, 32)
            on_wire(wire, val[key], above=True, where=0.35)
            on_wire(wire, grad[key], above=False, where=0.35)
        drawing = VGroup(graph, names, *val.values(), *grad.values())
        drawing.scale_to_fit_width(6.9).to_edge(LEFT, buff=0.4).shift(DOWN * 0.3)
        stages = [[add.ins[0], add.ins[1]], [add.outs[0], z_wire], [*mul.ins], [mul.outs[0]]]
        forward = [
            f"x, y, z = {n['x']}, {n['y']}, {n['z']}",
            "# forward pass",
            f"q = x + y        # {n['q']}",
            f"f = q * z        # {n['f']}",
        ]
        backward = [
            "# backward pass, in reverse",
            f"dfdz = q         # {n['dz']}",
            f"dfdq = z         # {n['dq']}",
            f"dfdx = 1.0 * dfdq  # {n['dx']}",
            f"dfdy = 1.0 * dfdq  # {n['dy']}",
        ]
        fcode = VGroup(*[Text(line, font=MONO, font_size=20, color=GRAY if line.startswith("#") else WHITE)
                         for line in forward]).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        bcode = VGroup(*[Text(line, font=MONO, font_size=20, color=GRAY if line.startswith("#") else WHITE)
                         for line in backward]).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        code = VGroup(fcode, bcode).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        code.to_edge(RIGHT, buff=0.35).set_y(-0.2)
        self.add(graph)

        # Beat: forward code.
        self.beat(f"Here is the same graph written as code. The forward pass runs from top to bottom: it sets "
                  f"the inputs, computes q, then f, and keeps every intermediate result in a variable. Those "
                  f"variables hold exactly the green values on the wires: q is {n['q']} and f is {n['f']}.")
        self.play(Write(title), FadeIn(names), run_time=0.15 * self.remaining())
        self.play_through(FadeIn(fcode[0]), *[FadeIn(val[k]) for k in "xyz"], share=0.2)
        self.play_through(FadeIn(fcode[1:3]), FadeIn(val["q"]), pulse(stages[:2], FORWARD), share=0.3)
        self.play_through(FadeIn(fcode[3]), FadeIn(val["f"]), pulse(stages[2:], FORWARD), share=0.4)
        self.play_through(Succession(AnimationGroup(Indicate(fcode[2]), Indicate(val["q"])),
                                     AnimationGroup(Indicate(fcode[3]), Indicate(val["f"]))))

        # Beat: backward code.
        self.beat(f"The backward pass walks the same steps in reverse, one local rule per line. The multiply gate "
                  f"comes first: the gradient on z is just the value of q, {n['dz']}, and the gradient on q is the "
                  f"value of z, {n['dq']}. Then the add gate hands {n['dq']} on to both x and y.")
        self.play_through(FadeIn(bcode[0]), FadeIn(grad["f"]), pulse(stages[3:], BACKWARD, backward=True), share=0.2)
        self.play_through(FadeIn(bcode[1]), TransformFromCopy(val["q"], grad["z"]), share=0.35)
        self.play_through(FadeIn(bcode[2]), TransformFromCopy(val["z"], grad["q"]), share=0.5)
        self.play_through(FadeIn(bcode[3:]), TransformFromCopy(grad["q"], grad["x"]),
                          TransformFromCopy(grad["q"], grad["y"]))

        # Beat: the add gate's lines, the sweep.
        self.beat(f"The two boxed lines multiply by 1.0, which changes nothing: that is why x and y end up with "
                  f"the same gradient, {n['dx']}. And that is backpropagation in miniature: a forward pass that "
                  "remembers its values, then one sweep backward in which every gate applies its own small rule.")
        box = SurroundingRectangle(VGroup(*bcode[3:]), color=HIGHLIGHT, buff=0.08)
        self.play_through(Create(box), share=0.25)
        self.play_through(Indicate(grad["x"]), Indicate(grad["y"]), share=0.3)
        self.play_through(pulse(stages, FORWARD), share=0.45)
        self.play_through(pulse(stages[::-1], BACKWARD, backward=True))


class GraphMatrixBackprop(LectureScene):
    """D = W X with the real last weight matrix; dW = dD X^T and dX = W^T dD by matching shapes."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        m = matrix_example()
        path = the_path()
        i, j = path.i, path.j
        title = Text("Vectors and matrices: let the shapes decide", font_size=32).to_edge(UP, buff=0.3)
        cell = 0.11

        def row(parts: list) -> Group:
            return Group(*parts).arrange(RIGHT, buff=0.3)

        def transpose(src: Group, dst: Group) -> Succession:
            """A copy of ``src``'s picture flies to ``dst`` and flips over its diagonal (rows become columns)."""
            ghost = src[1].copy()
            flip = Rotate(ghost, PI, axis=np.array([1.0, -1.0, 0.0]))
            return Succession(ghost.animate.move_to(dst[1]), flip, FadeIn(dst), FadeOut(ghost, run_time=0.01))

        fwd = row([shaped("D", m.D, cell), MathTex("=", font_size=36), shaped("W", m.W, cell),
                   shaped("X", m.X, cell)])
        note = Text(f"W: last layer at step {path.step}.  X: layer-2 activations of images "
                    f"#{m.rows[0]}, #{m.rows[1]}", font_size=20, color=GRAY)
        fwd.next_to(title, DOWN, buff=0.3)
        note.next_to(fwd, DOWN, buff=0.15)
        dw = row([shaped("dW", m.dW, cell), MathTex("=", font_size=36), shaped("dD", m.dD, cell),
                  shaped("X^T", m.X.T, cell)])
        dw.next_to(note, DOWN, buff=0.4).set_x(-3.3)
        dx = row([shaped("dX", m.dX, cell), MathTex("=", font_size=36), shaped("W^T", m.W.T, cell),
                  shaped("dD", m.dD, cell)])
        dx.next_to(note, DOWN, buff=0.4).set_x(3.6)

        # Beat: the idea.
        self.beat("So far every wire carried a single number. In a real network the wires carry whole vectors "
                  "and matrices, yet the same ideas still work. Take D equals W times X, filled with real numbers "
                  "from our network.")
        self.play_through(Write(title), share=0.3)
        self.play_through(LaggedStart(*[FadeIn(part) for part in fwd], lag_ratio=0.5))

        # Beat: the forward product.
        self.beat(f"W is the last weight matrix at step {path.step}, 10 by 16; green entries are positive, red ones "
                  "negative, and brighter means bigger in size. X holds the layer-2 activations of two training images, "
                  "one column each. So D, 10 by 2, has a column of weighted sums for each image, before the bias.")
        self.play_through(FadeIn(note), Circumscribe(fwd[2]), share=0.45)
        self.play_through(Circumscribe(fwd[3]), share=0.4)
        self.play_through(Circumscribe(fwd[0]))

        # Beat: dW.
        self.beat("Now suppose the backward pass has already brought us dD, the gradient of the cost with respect "
                  "to D; it has D's shape, 10 by 2. We want dW, and it must have W's shape, 10 by 16. The only "
                  "product of dD and X with that shape is dD times X transposed: 10 by 2, times 2 by 16.")
        self.play_through(TransformFromCopy(fwd[0], dw[2]), share=0.35)
        self.play_through(FadeIn(dw[0]), FadeIn(dw[1]), Circumscribe(fwd[2]), share=0.35)
        self.play_through(transpose(fwd[3], dw[3]), share=0.55)
        self.play_through(LaggedStart(*[Indicate(dw[k][2]) for k in (2, 3, 0)], lag_ratio=0.6))

        # Beat: dX.
        self.beat("The same reasoning gives dX. It must be 16 by 2, like X, and the only product that fits is "
                  "W transposed, 16 by 10, times dD, 10 by 2. No indices to keep track of: matching the shapes "
                  "is enough to find the formula.")
        self.play_through(FadeIn(dx[0]), FadeIn(dx[1]), Circumscribe(fwd[3]), share=0.3)
        self.play_through(transpose(fwd[2], dx[2]), share=0.4)
        self.play_through(TransformFromCopy(dw[2], dx[3]), share=0.45)
        self.play_through(LaggedStart(*[Indicate(dx[k][2]) for k in (2, 3, 0)], lag_ratio=0.6))

        # Beat: one entry, which.
        self.beat(f"Let us check one entry by hand: the weight from neuron {j} of layer 2 to output {i}, the "
                  f"correct digit of the first image. Its gradient is a sum over the two images: each time, "
                  f"output {i}'s gradient in dD times neuron {j}'s activation in X.")
        entry = VGroup(
            MathTex(rf"dW_{{{i},{j}}}", rf"= \sum_n dD_{{{i},n}} X_{{{j},n}}", font_size=30),
            MathTex(rf"= {ptex(m.dD[i, 0], 3)} \times {ptex(m.X[j, 0], 3)} + {ptex(m.dD[i, 1], 3)} \times "
                    rf"{ptex(m.X[j, 1], 3)}", font_size=30),
            MathTex(rf"= {tex_num(m.dW[i, j], 3)}", font_size=30),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        entry[0].shift(RIGHT * (entry[1].get_left()[0] - entry[0][1].get_left()[0]))  # the = signs in a column
        entry.move_to(dx).set_x(3.3)
        boxes = VGroup(cell_box(dw[0], m.dW.shape, (i, i + 1), (j, j + 1)),
                       cell_box(dw[2], m.dD.shape, (i, i + 1), (0, 2)),
                       cell_box(dw[3], m.X.T.shape, (0, 2), (j, j + 1)))
        self.play_through(FadeOut(dx), Create(boxes[0]), share=0.45)
        self.play_through(Write(entry[0]), share=0.4)
        self.play_through(Create(boxes[1:]))

        # Beat: one entry, its value.
        self.beat(f"That is {fmt(m.dD[i, 0], 3)} times {fmt(m.X[j, 0], 3)}, plus {fmt(m.dD[i, 1], 3)} times "
                  f"{fmt(m.X[j, 1], 3)}, which comes to {fmt(m.dW[i, j], 3)}. And it is the very number our "
                  "backpropagation code finds for this weight on these two images.")
        self.play_through(Write(entry[1]), share=0.55)
        self.play_through(Write(entry[2]), share=0.4)
        self.play_through(Indicate(entry[2]), Indicate(boxes[0], scale_factor=1.6))

SCENES = [
    GraphForwardBackward,
    GraphGatePatterns,
    GraphCode,
    GraphMatrixBackprop,
]
