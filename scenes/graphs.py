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
    RIGHT,
    UP,
    WHITE,
    Circle,
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
def value_text(value: float, color: ManimColor, size: int = 30) -> MathTex:
    """A number on a wire (forward values green, gradients red); whole numbers without decimals."""
    text = f"{value:.0f}" if float(value).is_integer() else tex_num(value, 3)
    if text == "-0":
        text = "0"
    return MathTex(text.replace("-", "{-}") if text.startswith("-") else text, font_size=size, color=color)


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
        self.add(graph, z_wire)

        # Beat: the graph.
        self.beat("Write f equals x plus y, times z, as a graph of two gates.")
        self.play(Write(title), FadeIn(names), FadeIn(q_name))
        self.wait(1)

        # Beat: forward.
        self.beat("Forward: with x minus two, y five and z minus four, q is three and f is minus twelve.")
        wires = {"x": add.ins[0], "y": add.ins[1], "z": z_wire, "q": add.outs[0], "f": mul.outs[0]}
        fwd = {}
        for key in ("x", "y", "z", "q", "f"):
            fwd[key] = value_text(c[key], FORWARD)
            on_wire(wires[key], fwd[key], above=True, where=0.35)
        self.play(LaggedStart(*[FadeIn(fwd[k]) for k in ("x", "y", "z")], lag_ratio=0.2))
        self.play(FadeIn(fwd["q"], shift=RIGHT * 0.3))
        self.play(FadeIn(fwd["f"], shift=RIGHT * 0.3))
        self.wait(1)

        # Beat: backward, mul.
        self.beat("Backward: start from one at f; the multiply gate hands each input the other input's value.")
        bwd = {}
        for key in ("f", "q", "z", "x", "y"):
            bwd[key] = value_text(c["d" + key], BACKWARD)
            on_wire(wires[key], bwd[key], above=False, where=0.35)
        self.play(FadeIn(bwd["f"]))
        self.play(TransformFromCopy(fwd["z"], bwd["q"]), TransformFromCopy(fwd["q"], bwd["z"]), run_time=1.5)
        self.wait(1)

        # Beat: backward, add.
        self.beat("The add gate passes its gradient, minus four, unchanged to both x and y.")
        self.play(TransformFromCopy(bwd["q"], bwd["x"]), TransformFromCopy(bwd["q"], bwd["y"]), run_time=1.5)
        legend = VGroup(Text("forward value", font_size=22, color=FORWARD),
                        Text("gradient  df/d(wire)", font_size=22, color=BACKWARD)).arrange(RIGHT, buff=0.8)
        legend.to_edge(DOWN, buff=0.4)
        self.play(FadeIn(legend))
        self.wait(1)

        # Beat: check.
        h = 0.01
        f_plus = simple_circuit(c["x"] + h)["f"]
        self.beat(f"Check: nudging x by {h:g} changes f by {fmt(f_plus - c['f'], 2)}, minus four times the nudge.")
        check = MathTex(rf"f(x + {h:g}) - f(x) = {tex_num(f_plus, 4)} - ({tex_num(c['f'], 4)}) = {tex_num(f_plus - c['f'], 2)}",
                        font_size=32).next_to(title, DOWN, buff=0.35)
        self.play(Write(check), Indicate(bwd["x"]))
        self.wait(2)


class GraphGatePatterns(LectureScene):
    """The four gate patterns: add distributes, mul swaps, max routes, copy adds."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        g = gate_circuit()
        cp = copy_gate()
        title = Text("Four patterns in the backward flow", font_size=32).to_edge(UP, buff=0.3)

        def panel(symbol: str, ins: list[tuple[float, float]], outs: list[tuple[float, float]], heading: str,
                  in_names: list[str], out_names: list[str]) -> VGroup:
            fan = len(outs) >= 3
            gate = Gate(symbol, n_in=len(ins), n_out=len(outs), spread=1.2 if fan else 1.4,
                        wire=2.0, radius=0.32)
            parts = VGroup(gate)
            for wire, (val, grad), name in zip(gate.ins, ins, in_names):
                v, d = value_text(val, FORWARD, 26), value_text(grad, BACKWARD, 26)
                on_wire(wire, v, above=True, where=0.3)
                on_wire(wire, d, above=False, where=0.3)
                parts.add(v, d, MathTex(name, font_size=26).next_to(wire.get_start(), LEFT, buff=0.1))
            for wire, (val, grad), name in zip(gate.outs, outs, out_names):
                v, d = value_text(val, FORWARD, 26), value_text(grad, BACKWARD, 26)
                label = MathTex(name, font_size=26).next_to(wire.get_end(), RIGHT, buff=0.1)
                if fan:  # values beside the wire's name, clear of the slanted wires
                    VGroup(v, d).arrange(DOWN, buff=0.06, aligned_edge=LEFT).next_to(label, RIGHT, buff=0.2)
                else:
                    on_wire(wire, v, above=True, where=0.7)
                    on_wire(wire, d, above=False, where=0.7)
                parts.add(v, d, label)
            head = Text(heading, font_size=24, color=HIGHLIGHT).next_to(parts, UP, buff=0.25)
            return VGroup(head, parts)

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
        source = Text("add, multiply, max: cs231n's f = 2(xy + max(z, w)) at x=3, y=-4, z=2, w=-1\n"
                      f"copy: layer-2 neuron {cp.j} of chapter 4's example feeds all ten outputs",
                      font_size=20, color=GRAY, line_spacing=0.8).to_edge(DOWN, buff=0.25)

        # Beat: add.
        self.beat("An add gate hands its gradient unchanged to every input.")
        self.play(Write(title), FadeIn(source))
        self.play(FadeIn(add))
        self.wait(1.5)
        # Beat: mul.
        self.beat("A multiply gate swaps: each input gets the other input times the gradient.")
        self.play(FadeIn(mul))
        self.wait(1.5)
        # Beat: max.
        self.beat("A max gate routes the whole gradient to the larger input and nothing to the other.")
        self.play(FadeIn(mx))
        self.wait(1.5)
        # Beat: copy.
        self.beat(f"And where a value is used several times, its gradients add up: here to {fmt(cp.terms.sum(), 3)}, "
                  "just as backpropagation finds.")
        self.play(FadeIn(copy))
        self.wait(2)


class GraphCode(LectureScene):
    """Forward and backward code beside the graph of f = (x + y) z."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        c = simple_circuit()
        title = Text("The same thing in code", font_size=32).to_edge(UP, buff=0.3)
        add = Gate("+", n_in=2, n_out=1, spread=2.0, wire=2.2, radius=0.3)
        mul = Gate(r"\times", n_in=2, n_out=1, spread=2.0, wire=2.2, radius=0.3)
        mul.shift(add.outs[0].get_end() - mul.ins[0].get_start())
        z_wire = Line(add.ins[1].get_start() + DOWN * 1.2, mul.ins[1].get_start(), stroke_width=2.5)
        graph = VGroup(add, mul, z_wire)
        names = VGroup(add.label_in(0, "x"), add.label_in(1, "y"),
                       MathTex("z", font_size=30).next_to(z_wire.get_start(), LEFT, buff=0.12), mul.label_out(0, "f"))
        wires = {"x": add.ins[0], "y": add.ins[1], "z": z_wire, "q": add.outs[0], "f": mul.outs[0]}
        numbers = VGroup()
        for key, wire in wires.items():
            v, d = value_text(c[key], FORWARD, 32), value_text(c["d" + key], BACKWARD, 32)
            on_wire(wire, v, above=True, where=0.35)
            on_wire(wire, d, above=False, where=0.35)
            numbers.add(v, d)
        VGroup(graph, names, numbers).scale_to_fit_width(6.9).to_edge(LEFT, buff=0.4).shift(DOWN * 0.3)
        g = lambda v: f"{v:g}"  # noqa: E731  (plain numbers for the code comments)
        forward = [
            f"x, y, z = {g(c['x'])}, {g(c['y'])}, {g(c['z'])}",
            "# forward pass",
            f"q = x + y        # {g(c['q'])}",
            f"f = q * z        # {g(c['f'])}",
        ]
        backward = [
            "# backward pass, in reverse",
            f"dfdz = q         # {g(c['dz'])}",
            f"dfdq = z         # {g(c['dq'])}",
            f"dfdx = 1.0 * dfdq  # {g(c['dx'])}",
            f"dfdy = 1.0 * dfdq  # {g(c['dy'])}",
        ]
        fcode = VGroup(*[Text(line, font=MONO, font_size=20, color=GRAY if line.startswith("#") else WHITE)
                         for line in forward]).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        bcode = VGroup(*[Text(line, font=MONO, font_size=20, color=GRAY if line.startswith("#") else WHITE)
                         for line in backward]).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        code = VGroup(fcode, bcode).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        code.to_edge(RIGHT, buff=0.35).set_y(-0.2)
        self.add(graph)

        # Beat: forward code.
        self.beat("In code, the forward pass computes and remembers every intermediate value.")
        self.play(Write(title), FadeIn(names))
        self.play(FadeIn(fcode, lag_ratio=0.2), FadeIn(VGroup(*numbers[0::2])), run_time=2)
        self.wait(1)

        # Beat: backward code.
        self.beat("The backward pass walks the graph in reverse, one local rule per gate.")
        self.play(FadeIn(bcode, lag_ratio=0.2), FadeIn(VGroup(*numbers[1::2])), run_time=2.5)
        box = SurroundingRectangle(VGroup(*bcode[3:]), color=HIGHLIGHT, buff=0.08)
        self.play(Create(box))
        self.wait(2)


class GraphMatrixBackprop(LectureScene):
    """D = W X with the real last weight matrix; dW = dD X^T and dX = W^T dD by matching shapes."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        m = matrix_example()
        title = Text("Vectors and matrices: let the shapes decide", font_size=32).to_edge(UP, buff=0.3)
        cell = 0.11

        def row(parts: list) -> Group:
            return Group(*parts).arrange(RIGHT, buff=0.3)

        fwd = row([shaped("D", m.D, cell), MathTex("=", font_size=36), shaped("W", m.W, cell),
                   shaped("X", m.X, cell)])
        note = Text(f"W: last layer at step {the_path().step}.  X: layer-2 activations of images "
                    f"#{m.rows[0]}, #{m.rows[1]}", font_size=20, color=GRAY)
        fwd.next_to(title, DOWN, buff=0.3)
        note.next_to(fwd, DOWN, buff=0.15)

        # Beat: forward.
        self.beat("Take D equals W times X, with the real last weight matrix and two images' activations.")
        self.play(Write(title))
        self.play(FadeIn(fwd), FadeIn(note))
        self.wait(1)

        # Beat: dW.
        self.beat("The gradient on W must have W's shape, ten by sixteen; the only product that fits is dD times X transposed.")
        dw = row([shaped("dW", m.dW, cell), MathTex("=", font_size=36), shaped("dD", m.dD, cell),
                  shaped("X^T", m.X.T, cell)])
        dw.next_to(note, DOWN, buff=0.4).set_x(-3.3)
        self.play(FadeIn(dw))
        self.wait(1.5)

        # Beat: dX.
        self.beat("Likewise dX, sixteen by two, is W transposed times dD.")
        dx = row([shaped("dX", m.dX, cell), MathTex("=", font_size=36), shaped("W^T", m.W.T, cell),
                  shaped("dD", m.dD, cell)])
        dx.next_to(note, DOWN, buff=0.4).set_x(3.6)
        self.play(FadeIn(dx))
        self.wait(1.5)

        # Beat: one entry.
        path = the_path()
        i, j = path.i, path.j
        self.beat("One entry, worked out: it is the same number backpropagation gives for that weight.")
        entry = MathTex(
            rf"dW_{{{i},{j}}} &= \sum_n dD_{{{i},n}} X_{{{j},n}} \\"
            rf"&= {ptex(m.dD[i, 0], 3)} \times {ptex(m.X[j, 0], 3)} + {ptex(m.dD[i, 1], 3)} \times {ptex(m.X[j, 1], 3)} \\"
            rf"&= {tex_num(m.dW[i, j], 3)}", font_size=30,
        ).move_to(dx).set_x(3.3)
        self.play(FadeOut(dx))
        self.play(Write(entry))
        self.wait(2)


SCENES = [
    GraphForwardBackward,
    GraphGatePatterns,
    GraphCode,
    GraphMatrixBackprop,
]
