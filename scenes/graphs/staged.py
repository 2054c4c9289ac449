"""Staged computation: cs231n's bigger function as code beside its graph.

``f(x, y) = (x + sigma(y)) / (sigma(x) + (x + y)^2)`` at ``x = 3, y = -4``: the
forward pass keeps every gate's result in a named variable; the backward pass
walks those lines in reverse, one wire of the graph per line, and adds up the
gradients where ``x`` and ``y`` branch. The code shown is the code
:func:`scenes.graphs.numbers.staged_circuit` executes.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    ShowPassingFlash,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN
from scenes.graphs.drawing import BACKWARD, FORWARD, MONO, value_text, wire_number
from scenes.graphs.numbers import STAGED_BACKWARD, STAGED_FORWARD, staged_circuit, staged_forward, sum_terms
from scenes.graphs.sigmoid import node
from scenes.style import GRAY, HIGHLIGHT

#: Graph layout: variable -> (symbol, position, inputs). ``x`` and ``y`` are the inputs.
LAYOUT: dict[str, tuple[str, tuple[float, float], tuple[str, ...]]] = {
    "y": ("y", (-6.3, 2.4), ()),
    "x": ("x", (-6.3, 0.1), ()),
    "sigy": (r"\sigma", (-4.5, 2.4), ("y",)),
    "num": ("+", (-2.5, 2.4), ("x", "sigy")),
    "sigx": (r"\sigma", (-4.5, 0.1), ("x",)),
    "xpy": ("+", (-4.5, -2.0), ("x", "y")),
    "xpysqr": (r"(\cdot)^2", (-2.8, -2.0), ("xpy",)),
    "den": ("+", (-1.6, -0.9), ("sigx", "xpysqr")),
    "invden": (r"1/\cdot", (-0.4, 0.1), ("den",)),
    "f": (r"\times", (0.6, 1.3), ("num", "invden")),
}
#: Where each backward line sends its gradient: (from gate, to variable).
FLOW = {"dnum": ("f", "num"), "dinvden": ("f", "invden"), "dden": ("invden", "den"), "dsigx": ("den", "sigx"),
        "dxpysqr": ("den", "xpysqr"), "dxpy": ("xpysqr", "xpy"), "dsigy": ("num", "sigy")}
#: Gates whose name and value go below them (the wires come in from above).
BELOW = ("xpy", "xpysqr")
#: For the lines writing dx / dy, the gate the gradient comes back from, in code order.
X_FROM, Y_FROM = ("xpy", "sigx", "num"), ("xpy", "sigy")
CODE_SIZE = 23


def _code(lines: list[str], head: str) -> VGroup:
    """A header comment and code lines, monospaced, left-aligned."""
    rows = [Text(head, font=MONO, font_size=CODE_SIZE, color=GRAY)]
    rows += [Text(ln, font=MONO, font_size=CODE_SIZE) for ln in lines]
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


class GraphCode(LectureScene):
    """Staged forward and backward code of f(x, y) = (x + sigma(y)) / (sigma(x) + (x + y)^2) beside its graph."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        sc = staged_circuit()
        v = sc.values
        n = {k: wire_number(val) for k, val in v.items()}
        P = lambda xy: np.array([xy[0], xy[1], 0.0])  # noqa: E731

        gates = {k: node(sym, P(pos), radius=0.3 if k in "xy" else 0.34) for k, (sym, pos, _) in LAYOUT.items()}
        for k in "xy":
            gates[k][0].set_stroke(GRAY)
        edges: dict[tuple[str, str], Line] = {}
        for k, (_, _, ins) in LAYOUT.items():
            for src in ins:
                a, b = gates[src][0], gates[k][0]
                d = b.get_center() - a.get_center()
                d /= np.linalg.norm(d)
                edges[(src, k)] = Line(a.get_center() + d * a.width / 2, b.get_center() - d * b.width / 2,
                                       stroke_width=2.5, color=GRAY)
        out_wire = Line(gates["f"][0].get_right(), gates["f"][0].get_right() + RIGHT * 0.35, stroke_width=2.5)
        names = {k: Text(k, font=MONO, font_size=22, color=GRAY) for k in LAYOUT if k not in "xy"}
        vals = {k: value_text(v[k], FORWARD, 28) for k in LAYOUT}
        grads = {k: value_text(v["d" + k], BACKWARD, 28) for k in LAYOUT if k != "f"}
        grads["f"] = value_text(1.0, BACKWARD, 28)
        for k, g in gates.items():
            if k in BELOW:
                VGroup(names[k], vals[k]).arrange(RIGHT, buff=0.12).next_to(g, DOWN, buff=0.08)
                grads[k].next_to(vals[k], DOWN, buff=0.08).align_to(g, RIGHT).shift(LEFT * 0.1)
                continue
            if k in names:
                VGroup(names[k], vals[k]).arrange(RIGHT, buff=0.12).next_to(g, UP, buff=0.08)
            else:
                vals[k].next_to(g, UP, buff=0.1)
            grads[k].next_to(g, DOWN, buff=0.1)
        grads["f"].next_to(out_wire, DOWN, buff=0.1)
        graph = VGroup(*edges.values(), out_wire, *[g for g in gates.values()])

        formula = MathTex(r"f(x, y) = \frac{x + \sigma(y)}{\sigma(x) + (x + y)^2}", font_size=44)
        formula.move_to([4.2, 2.6, 0]).to_edge(RIGHT, buff=0.3)
        toy = Text("toy example (cs231n): x = 3, y = -4", font_size=24, color=GRAY).move_to([4.2, 1.3, 0])
        toy.to_edge(RIGHT, buff=0.3)
        fcode = _code(STAGED_FORWARD, "# forward pass")
        bcode = _code(STAGED_BACKWARD, "# backward pass")
        for code in (fcode, bcode):
            code.to_edge(RIGHT, buff=0.4)
        fcode.set_y(-1.0)
        bcode.set_y(0.0)

        def flow(src: str, dst: str) -> ShowPassingFlash:
            """A red flash running back along the wire from gate ``src`` to variable ``dst``."""
            e = edges[(dst, src)]
            return ShowPassingFlash(Line(e.get_end(), e.get_start(), color=BACKWARD, stroke_width=8),
                                    time_width=1.0)

        def cursor(row: VGroup) -> SurroundingRectangle:
            return SurroundingRectangle(row, color=HIGHLIGHT, buff=0.06)

        # Beat: the function and its forward pass.
        self.beat(f"In code, a graph becomes a list of steps. Take a bigger function, at x = 3 and y = -4. The "
                  f"forward pass computes one gate per line, keeps each result in a named variable, and ends with "
                  f"f = {n['f']}.")
        self.play_through(Write(formula), FadeIn(toy), Create(graph), FadeIn(vals["x"]), FadeIn(vals["y"]),
                          share=0.25)
        self.play_through(FadeOut(formula, shift=UP * 0.3), FadeOut(toy), FadeIn(fcode[0]), share=0.1)
        steps = []
        for row, line in zip(fcode[1:], STAGED_FORWARD):
            var = line.split("=")[0].strip()
            wires = [edges[(src, var)] for src in LAYOUT[var][2]]
            steps.append([FadeIn(row, shift=LEFT * 0.2), FadeIn(VGroup(names[var], vals[var]), shift=UP * 0.1),
                          *[ShowPassingFlash(w.copy().set_stroke(FORWARD, width=8), time_width=1.0) for w in wires]])
        per = max(0.5, 0.85 * self.remaining() / len(steps))
        for anims in steps:
            self.play(*anims, run_time=per)
        self.play_through(Indicate(vals["f"], color=FORWARD, scale_factor=1.4), Indicate(fcode[-1]))

        # Beat: backward through the output gates.
        self.beat(f"The backward pass walks the same lines in reverse, and each line sends a gradient back along "
                  f"one wire. The multiply gate swaps: dnum is the value of invden, {n['invden']}, and dinvden is "
                  f"num, {n['num']}. The one-over gate turns that into dden, {n['dden']}.")
        self.play_through(FadeOut(fcode), FadeIn(bcode[0]), FadeIn(grads["f"]), share=0.15)
        cur = cursor(bcode[1])
        order = list(zip(bcode[1:], sc.steps))

        def back_line(i: int, share: float) -> None:
            row, (_, var, _) = order[i]
            anims = [FadeIn(row, shift=LEFT * 0.2), cur.animate.become(cursor(row))]
            if var in FLOW:
                src, dst = FLOW[var]
                anims += [flow(src, dst), FadeIn(grads[dst], shift=DOWN * 0.1)]
            self.play_through(*anims, share=share)

        self.play(Create(cur), run_time=0.3)
        back_line(0, 0.3)
        back_line(1, 0.35)
        back_line(2, 0.6)
        self.play_through(Indicate(grads["den"], color=BACKWARD, scale_factor=1.4))

        # Beat: down to x and y.
        self.beat(f"The add gate gives {n['dden']} to both its inputs. The square gate multiplies by twice xpy, "
                  f"which is {n['xpy']}, so dxpy is {n['dxpy']}, handed on to both x and y.")
        back_line(3, 0.2)
        back_line(4, 0.25)
        back_line(5, 0.4)
        part_x = value_text(sc.x_parts[0], BACKWARD, 28).next_to(gates["x"], DOWN, buff=0.1)
        part_y = value_text(sc.y_parts[0], BACKWARD, 28).next_to(gates["y"], DOWN, buff=0.1)
        for i, (part, var) in enumerate(((part_x, "x"), (part_y, "y"))):
            row = order[6 + i][0]
            self.play_through(FadeIn(row, shift=LEFT * 0.2), cur.animate.become(cursor(row)), flow("xpy", var),
                              FadeIn(part, shift=DOWN * 0.1), share=0.5)
        self.play_through(Indicate(VGroup(gates["x"], gates["y"]), color=HIGHLIGHT))

        # Beat: branches add.
        xs = [wire_number(p) for p in sc.x_parts]
        ys = [wire_number(p) for p in sc.y_parts]
        self.beat(f"x feeds three gates and y feeds two, so gradient flows back along every branch, and the "
                  f"branches add: hence the plus-equals. For x, {xs[0]}, then {xs[1]} "
                  f"through its sigmoid, then {xs[2]} through the numerator: {n['dx']} in all. For y, {ys[0]} "
                  f"plus {ys[1]} makes {n['dy']}.")
        arrows_x = VGroup(*[Arrow(edges[("x", g)].get_end(), edges[("x", g)].get_start(), buff=0.05,
                                  color=BACKWARD, stroke_width=5, max_tip_length_to_length_ratio=0.12)
                            for g in X_FROM])
        arrows_y = VGroup(*[Arrow(edges[("y", g)].get_end(), edges[("y", g)].get_start(), buff=0.05,
                                  color=BACKWARD, stroke_width=5, max_tip_length_to_length_ratio=0.12)
                            for g in Y_FROM])
        sum_x = MathTex("dx =", *sum_terms(sc.x_parts, number=wire_number), "=",
                        *sum_terms([v["dx"]], number=wire_number),
                        font_size=32, color=BACKWARD)
        sum_y = MathTex("dy =", *sum_terms(sc.y_parts, number=wire_number), "=",
                        *sum_terms([v["dy"]], number=wire_number),
                        font_size=32, color=BACKWARD)
        sum_x.move_to([-6.8, -3.52, 0], aligned_edge=LEFT)
        sum_y.move_to([-6.8, 3.54, 0], aligned_edge=LEFT)
        total_x = value_text(v["dx"], BACKWARD, 28).move_to(part_x)
        total_y = value_text(v["dy"], BACKWARD, 28).move_to(part_y)
        self.play_through(Create(arrows_x[0]), Create(arrows_y[0]), share=0.12)
        self.play_through(FadeIn(bcode[9]), cur.animate.become(cursor(bcode[9])), Create(arrows_x[1]),
                          flow("sigx", "x"), share=0.2)
        self.play_through(FadeIn(bcode[10]), cur.animate.become(cursor(bcode[10])), Create(arrows_x[2]),
                          flow("num", "x"), share=0.25)
        self.play_through(TransformFromCopy(VGroup(part_x, *arrows_x), sum_x), Transform(part_x, total_x), share=0.3)
        self.play_through(FadeIn(bcode[11:]), cur.animate.become(cursor(bcode[12])), Create(arrows_y[1]),
                          flow("num", "sigy"), FadeIn(grads["sigy"]), share=0.5)
        self.play_through(TransformFromCopy(VGroup(part_y, *arrows_y), sum_y), Transform(part_y, total_y), share=0.7)
        self.play_through(LaggedStart(*[Indicate(bcode[i], color=HIGHLIGHT) for i in (9, 10, 12)], lag_ratio=0.4))

        # Beat: finite-difference check.
        h = 1e-3
        df = staged_forward(v["x"] + h, v["y"]) - v["f"]
        self.beat(f"Check by a nudge: add {h:g} to x and run the forward pass again. f grows by "
                  f"{wire_number(df)}, {n['dx']} times the nudge, as the summed gradient said.")
        check = VGroup(MathTex(rf"f({n['x']} + {h:g}, {n['y']}) - f({n['x']}, {n['y']}) = {wire_number(df)}",
                               font_size=34),
                       MathTex(rf"\approx {n['dx']} \times {h:g}", font_size=34, color=BACKWARD)
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        check.to_edge(DOWN, buff=0.35).to_edge(RIGHT, buff=0.3)
        self.play_through(FadeOut(bcode), FadeOut(cur), share=0.1)
        self.play_through(Write(check[0]), LaggedStart(*[ShowPassingFlash(e.copy().set_stroke(FORWARD, width=8))
                                                         for e in edges.values()], lag_ratio=0.05), share=0.45)
        self.play_through(Write(check[1]), Indicate(part_x, color=HIGHLIGHT), share=0.5)
        self.play_through(LaggedStart(*[Indicate(a, color=HIGHLIGHT) for a in arrows_x], lag_ratio=0.4))
