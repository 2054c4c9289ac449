"""The sigmoid circuit: one neuron gate by gate, then its four tail gates folded into one sigmoid gate."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DL,
    DR,
    UL,
    UR,
    WHITE,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    ReplacementTransform,
    Succession,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN
from scenes.graphs.drawing import BACKWARD, FORWARD, on_wire, pulse, value_text, wire_number
from scenes.graphs.numbers import sigmoid_circuit
from scenes.style import GRAY, HIGHLIGHT


def node(symbol: str, at: np.ndarray, radius: float = 0.34) -> VGroup:
    """A gate: a circle with its operation written inside (shrunk to fit)."""
    body = Circle(radius=radius, color=WHITE, stroke_width=2.5).move_to(at)
    sym = MathTex(symbol, font_size=34).move_to(at)
    if sym.width > 1.5 * radius:
        sym.scale_to_fit_width(1.5 * radius)
    return VGroup(body, sym)


def wire(a: np.ndarray, b: np.ndarray) -> Line:
    return Line(a, b, stroke_width=2.5)


class GraphSigmoidCircuit(LectureScene):
    """f(w, x) = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))) gate by gate, then one sigmoid gate."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        c = sigmoid_circuit()
        n = {k: wire_number(v) for k, v in c.items()}  # as on the wires
        Y = 0.1  # height of the chain of gates
        P = lambda x, y: np.array([x, y, 0.0])  # noqa: E731
        mul0, mul1 = node(r"\times", P(-4.5, 1.35)), node(r"\times", P(-4.5, -1.15))
        add = node("+", P(-2.7, Y))
        chain_x = [-1.1, 0.6, 2.3, 4.0]
        neg, ex, one, inv = [node(s, P(x, Y)) for s, x in zip([r"{-}x", r"\exp", "+1", "1/x"], chain_x)]
        left, bend = -6.2, -5.35
        heights = {"w0": 1.95, "x0": 0.75, "w1": -0.55, "x1": -1.75}
        w_in = {k: wire(P(left, y), P(bend, y)) for k, y in heights.items()}
        bends = [wire(P(bend, heights[k]), g[0].get_left() + UP * dy) for k, g, dy in
                 (("w0", mul0, 0.12), ("x0", mul0, -0.12), ("w1", mul1, 0.12), ("x1", mul1, -0.12))]
        w2_low = wire(P(left, -2.75), P(-2.7, -2.75))
        w2_up = wire(P(-2.7, -2.75), add[0].get_bottom())
        wires = {**w_in, "w2": w2_low,
                 "m0": wire(mul0[0].get_right(), add[0].get_left() + UP * 0.12),
                 "m1": wire(mul1[0].get_right(), add[0].get_left() + DOWN * 0.12),
                 "s": wire(add[0].get_right(), neg[0].get_left()),
                 "t": wire(neg[0].get_right(), ex[0].get_left()),
                 "e": wire(ex[0].get_right(), one[0].get_left()),
                 "d": wire(one[0].get_right(), inv[0].get_left()),
                 "f": wire(inv[0].get_right(), P(5.7, Y))}
        names = VGroup(*[MathTex(k[0] + "_" + k[1], font_size=32).next_to(wires[k].get_start(), LEFT, buff=0.12)
                         for k in ("w0", "x0", "w1", "x1", "w2")],
                       MathTex("f", font_size=32).next_to(wires["f"].get_end(), RIGHT, buff=0.12))
        val, grad = {}, {}
        for key, line in wires.items():
            val[key], grad[key] = value_text(c[key], FORWARD, 28), value_text(c["d" + key], BACKWARD, 28)
            if key in ("m0", "m1"):  # slanted: values on the outer side, gradients on the inner side
                mid = line.point_from_proportion(0.45)
                val[key].next_to(mid, UR if key == "m0" else DR, buff=0.06)
                grad[key].next_to(mid, DL if key == "m0" else UL, buff=0.06)
                continue
            on_wire(line, val[key], above=True, where=0.5)
            on_wire(line, grad[key], above=False, where=0.5)
        gates = VGroup(mul0, mul1, add, neg, ex, one, inv)
        formula = MathTex(r"f(w, x) = \frac{1}{1 + e^{-(w_0 x_0 + w_1 x_1 + w_2)}}", font_size=40)
        formula.to_corner(UR, buff=0.3)
        toy = Text("toy example (cs231n): w = (2, -3, -3), x = (-1, -2)", font_size=28, color=GRAY)
        toy.to_edge(DOWN, buff=0.3).to_edge(RIGHT, buff=0.4)
        inputs = ["w0", "x0", "w1", "x1", "w2"]
        stages_f = [[*w_in.values(), w2_low], [*bends], [wires["m0"], wires["m1"], w2_up], [wires["s"]], [wires["t"]],
                    [wires["e"]], [wires["d"]], [wires["f"]]]
        stages_b = stages_f[::-1]
        self.add(gates, *wires.values(), *bends, w2_up)

        # Beat: the circuit.
        self.beat("This circuit is one neuron: two inputs, two weights and a bias, then the sigmoid written out "
                  "in parts. The inputs are a toy example, printed at the bottom.")
        self.play_through(Write(formula), FadeIn(names), share=0.3)
        self.play_through(LaggedStart(*[Indicate(g) for g in gates], lag_ratio=0.35), share=0.55)
        self.play_through(FadeIn(toy), pulse(stages_f, FORWARD))

        # Beat: forward.
        self.beat(f"Forward first. The products are {n['m0']} and {n['m1']}; with the bias {n['w2']}, the sum "
                  f"is {n['s']}. Flipping the sign gives {n['t']}, the exponential {n['e']}, adding one "
                  f"{n['d']}, and one over that is the output, {n['f']}.")
        self.play_through(LaggedStart(*[FadeIn(val[k]) for k in inputs], lag_ratio=0.3), share=0.12)
        self.play_through(pulse(stages_f[:3], FORWARD), FadeIn(val["m0"]), FadeIn(val["m1"]), share=0.25)
        self.play_through(pulse(stages_f[3:4], FORWARD), FadeIn(val["s"], shift=RIGHT * 0.2), Indicate(add),
                          share=0.2)
        for k, stage in zip(("t", "e", "d", "f"), stages_f[4:]):
            self.play_through(pulse([stage], FORWARD), FadeIn(val[k], shift=RIGHT * 0.2), share=0.25)
        self.play_through(LaggedStart(*[Indicate(val[k], color=FORWARD) for k in ("s", "t", "e", "d", "f")]))

        # Beat: backward through the tail.
        self.beat(f"Now backward, from a gradient of {n['df']} at the output. One over x has local gradient "
                  f"minus one over x squared: {n['dd']}. Adding one passes that straight on. The exponential "
                  f"multiplies by its output, {n['e']}, giving {n['dt']}, and the sign flip makes it {n['ds']}.")
        self.play_through(FadeIn(grad["f"]), Indicate(inv), share=0.2)
        self.play_through(pulse([[wires["d"]]], BACKWARD, backward=True), TransformFromCopy(grad["f"], grad["d"]),
                          share=0.3)
        self.play_through(TransformFromCopy(grad["d"], grad["e"]), Indicate(one), share=0.3)
        self.play_through(TransformFromCopy(VGroup(grad["e"], val["e"]), grad["t"]), Indicate(ex), share=0.6)
        self.play_through(TransformFromCopy(grad["t"], grad["s"]), Indicate(neg))

        # Beat: backward into the weights.
        self.beat(f"The add gate hands {n['ds']} to both products and the bias. Each multiply gate swaps: w0 "
                  f"gets x0 times {n['dm0']}, that is {n['dw0']}, and x0 gets {n['dx0']}. Likewise w1 gets "
                  f"{n['dw1']} and x1 gets {n['dx1']}.")
        self.play_through(pulse(stages_b[4:7], BACKWARD, backward=True),
                          *[TransformFromCopy(grad["s"], grad[k]) for k in ("m0", "m1", "w2")], share=0.3)
        self.play_through(TransformFromCopy(VGroup(val["x0"], grad["m0"]), grad["w0"]), Indicate(mul0), share=0.3)
        self.play_through(TransformFromCopy(VGroup(val["w0"], grad["m0"]), grad["x0"]), share=0.4)
        self.play_through(TransformFromCopy(VGroup(val["x1"], grad["m1"]), grad["w1"]),
                          TransformFromCopy(VGroup(val["w1"], grad["m1"]), grad["x1"]), Indicate(mul1), share=0.6)
        self.play_through(LaggedStart(*[Indicate(grad[k], color=BACKWARD) for k in ("w0", "w1", "w2")],
                                      lag_ratio=0.4))

        # Beat: fold the tail into one sigmoid gate.
        tail = VGroup(neg, ex, one, inv, wires["t"], wires["e"], wires["d"],
                      *[val[k] for k in "ted"], *[grad[k] for k in "ted"])
        sig = node(r"\sigma", P(1.35, Y), radius=0.45)
        s_wire = wire(add[0].get_right(), sig[0].get_left())
        f_wire = wire(sig[0].get_right(), wires["f"].get_end())
        new_s, new_f = VGroup(val["s"].copy(), grad["s"].copy()), VGroup(val["f"].copy(), grad["f"].copy())
        on_wire(s_wire, new_s[0], above=True, where=0.35)
        on_wire(s_wire, new_s[1], above=False, where=0.35)
        on_wire(f_wire, new_f[0], above=True, where=0.6)
        on_wire(f_wire, new_f[1], above=False, where=0.6)
        self.beat("Together, those last four gates are just the sigmoid. So we can fold them into one sigmoid "
                  "gate, if we know its local gradient, and that is tidy: one minus its output, times its output.")
        self.play_through(Indicate(tail[:4], color=HIGHLIGHT), share=0.3)
        self.play_through(ReplacementTransform(tail[:4], sig), FadeOut(tail[4:]),
                          ReplacementTransform(wires["s"], s_wire), ReplacementTransform(wires["f"], f_wire),
                          ReplacementTransform(VGroup(val["s"], grad["s"]), new_s),
                          ReplacementTransform(VGroup(val["f"], grad["f"]), new_f), share=0.55)
        rule = MathTex(r"\frac{d\sigma}{ds} = (1 - \sigma)\,\sigma", font_size=38)
        rule.move_to(P(2.6, -1.35))
        self.play_through(Write(rule), Indicate(sig))

        # Beat: the sigmoid gate's number.
        self.beat(f"With the output at {n['f']}, one minus {n['f']}, times {n['f']}, is {n['local']}: the same "
                  f"{n['ds']} the four gates gave step by step. What counts as a gate is our choice.")
        check = MathTex(rf"= (1 - {n['f']}) \times {n['f']} = {n['local']}", font_size=38, color=BACKWARD)
        check.next_to(rule, DOWN, buff=0.3).align_to(rule, LEFT)
        self.play_through(Indicate(new_f[0], color=FORWARD), share=0.2)
        self.play_through(Write(check), share=0.45)
        self.play_through(Succession(Indicate(check[0][-len(n['local']):], color=HIGHLIGHT),
                                     Indicate(new_s[1], color=HIGHLIGHT)), share=0.5)
        self.play_through(pulse([[f_wire], [s_wire], [wires["m0"], wires["m1"], w2_up]], BACKWARD, backward=True),
                          Create(SurroundingRectangle(new_s[1], color=HIGHLIGHT, buff=0.08)))

