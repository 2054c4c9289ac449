"""Gates: f = (x + y) z forward and backward, and the four gate patterns."""

from __future__ import annotations

import numpy as np
from manim import (
    Circumscribe,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    ShowPassingFlash,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    Succession,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.chapter4 import STEP
from scenes.data import Needs, get_run
from scenes.graphs.drawing import BACKWARD, FORWARD, Gate, on_wire, pulse, value_text, wire_number
from scenes.graphs.numbers import copy_gate, gate_circuit, simple_circuit, sum_terms
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT


class GraphForwardBackward(LectureScene):
    """f = (x + y) z forward (values) and backward (gradients) on its graph."""

    NEEDS = Needs(hidden_layers=2)  # its opening formula is our cost: three sigmoid layers, squared differences

    def construct(self) -> None:
        run = get_run()
        n_params = sum(w.size + b.size for w, b in zip(run.final.weights, run.final.biases))
        c = simple_circuit()
        n = {k: wire_number(v) for k, v in c.items()}  # as on the wires
        title = Text("A computational graph: f = (x + y) z", font_size=32).to_edge(UP, buff=0.3)
        add = Gate("+", n_in=2, n_out=1, spread=2.8, wire=2.7, radius=0.42)
        mul = Gate(r"\times", n_in=2, n_out=1, spread=2.8, wire=2.7, radius=0.42)
        mul.shift(add.outs[0].get_end() - mul.ins[0].get_start())
        graph = VGroup(add, mul).move_to(ORIGIN)
        # the z wire comes from the far left, like x and y
        z_wire = Line(add.ins[1].get_start() + DOWN * 1.3, mul.ins[1].get_start(), stroke_width=2.5)
        names = VGroup(add.label_in(0, "x", 36), add.label_in(1, "y", 36),
                       MathTex("z", font_size=36).next_to(z_wire.get_start(), LEFT, buff=0.12),
                       mul.label_out(0, "f", 36))
        q_name = MathTex("q", font_size=34, color=GRAY).next_to(add.outs[0].point_from_proportion(0.5), UP, buff=0.45)
        stages = [[add.ins[0], add.ins[1]], [add.outs[0], z_wire], [*mul.ins], [mul.outs[0]]]
        whole = MathTex(r"C = \sum_k \Big(", r"\sigma\big(W_3\,\sigma(W_2\,\sigma(W_1 x + b_1) + b_2) + b_3\big)_k",
                        r"- y_k\Big)^2", font_size=38).move_to(UP * 1.6)
        cross = MathTex(r"C = -\sum_k \Big(y_k \ln", r"\sigma\big(W_3\,\sigma(W_2\,\sigma(W_1 x + b_1) + b_2) + b_3\big)_k",
                        r"+ (1 - y_k)\ln(1 - \dots)\Big)", font_size=38).move_to(UP * 1.6)
        for formula in (whole, cross):
            formula.scale_to_fit_width(min(formula.width, 12.4)).move_to(UP * 1.6)
        asks = MathTex(r"\frac{\partial C}{\partial W_1},\ \frac{\partial C}{\partial b_1},\ \dots,\ "
                       r"\frac{\partial C}{\partial b_3}\ =\ ?", font_size=44).move_to(DOWN * 0.4)
        count = Text(f"{n_params:,} partial derivatives, by hand?", font_size=30, color=GRAY)
        count.next_to(asks, DOWN, buff=0.5)

        # Beat: why graphs.
        self.beat("Why graphs? Here is our network's cost as one formula, and we need its derivative for each of "
                  f"its {n_params:,} parameters. By hand, through three nested sigmoids, that is slow and "
                  "error-prone, and a new cost would mean starting over. A graph splits the formula into small "
                  "gates whose derivatives we know.")
        self.play_through(Write(whole), share=0.3)
        self.play_through(FadeIn(asks, shift=UP * 0.2), FadeIn(count), share=0.3)
        self.play_through(FadeOut(whole[0], shift=UP * 0.3), FadeOut(whole[2], shift=UP * 0.3), share=0.15)
        self.play_through(ReplacementTransform(whole[1], cross[1]), share=0.15)
        self.play_through(FadeIn(cross[0], shift=DOWN * 0.3), FadeIn(cross[2], shift=DOWN * 0.3),
                          Indicate(asks, color=BACKWARD), share=0.3)
        self.play_through(Circumscribe(cross[1], color=HIGHLIGHT), Circumscribe(count, color=HIGHLIGHT))

        # Beat: the graph.
        self.beat("Here is f equals x plus y, times z, as a graph. Each circle is a gate doing one simple thing: "
                  "the first adds x and y into q, the second multiplies q by z. Values flow right, gradients flow "
                  "back left.")
        self.play(FadeOut(VGroup(cross, asks, count)), FadeIn(VGroup(graph, z_wire)), Write(title), FadeIn(names),
                  run_time=0.25 * self.remaining())
        self.play_through(pulse([stages[0], [add.outs[0]]], FORWARD), Indicate(add.body), FadeIn(q_name), share=0.45)
        self.play_through(pulse([[mul.ins[0], z_wire], [mul.ins[1]], stages[3]], FORWARD), Indicate(mul.body),
                          share=0.3)
        self.play_through(Succession(pulse(stages, FORWARD), pulse(stages[::-1], BACKWARD, backward=True)))

        # Beat: forward.
        self.beat(f"Forward pass first. We set x to {n['x']}, y to {n['y']} and z to {n['z']}. The add gate "
                  f"outputs q equals {n['q']}, and the multiply gate gives f equals {n['q']} times {n['z']}, "
                  f"which is {n['f']}. Each gate keeps its result for the backward pass.")
        wires = {"x": add.ins[0], "y": add.ins[1], "z": z_wire, "q": add.outs[0], "f": mul.outs[0]}
        fwd = {}
        for key in ("x", "y", "z", "q", "f"):
            fwd[key] = value_text(c[key], FORWARD, 36)
            on_wire(wires[key], fwd[key], above=True, where=0.35)
        self.play_through(LaggedStart(*[FadeIn(fwd[k]) for k in ("x", "y", "z")], lag_ratio=0.4),
                          FadeOut(title, shift=UP * 0.3), share=0.3)
        self.play_through(pulse(stages[:1], FORWARD), FadeIn(fwd["q"], shift=RIGHT * 0.3), share=0.25)
        self.play_through(pulse(stages[1:], FORWARD), FadeIn(fwd["f"], shift=RIGHT * 0.3), share=0.5)
        self.play_through(LaggedStart(*[Indicate(fwd[k], color=FORWARD) for k in fwd], lag_ratio=0.3))

        # Beat: backward, mul.
        self.beat(f"Now backward, right to left. The gradient of f with respect to itself is {n['df']}. "
                  f"The multiply gate swaps: the gradient on q is the value of z, "
                  f"{n['dq']}, and the gradient on z is the value of q, {n['dz']}, each times the {n['df']} "
                  "that came in from the right.")
        bwd = {}
        for key in ("f", "q", "z", "x", "y"):
            bwd[key] = value_text(c["d" + key], BACKWARD, 36)
            on_wire(wires[key], bwd[key], above=False, where=0.35)
        self.play_through(pulse(stages[3:], BACKWARD, backward=True), FadeIn(bwd["f"]), share=0.3)
        self.play_through(Indicate(mul.body), share=0.15)
        self.play_through(TransformFromCopy(fwd["z"], bwd["q"]), share=0.45)
        self.play_through(TransformFromCopy(fwd["q"], bwd["z"]))

        # Beat: backward, add.
        self.beat(f"The add gate is simpler still. Its local derivative is 1 for each input, so the gradient it "
                  f"receives, {n['dq']}, passes through unchanged, and x and y both get {n['dx']}. "
                  "From here on, green numbers above a wire are values and red numbers below it are gradients.")
        legend = VGroup(Text("forward value", font_size=28, color=FORWARD),
                        Text("gradient  df/d(wire)", font_size=28, color=BACKWARD)).arrange(RIGHT, buff=0.8)
        legend.to_edge(DOWN, buff=0.25)
        self.play_through(Indicate(add.body), Indicate(bwd["q"]), share=0.3)
        self.play_through(TransformFromCopy(bwd["q"], bwd["x"]), TransformFromCopy(bwd["q"], bwd["y"]), share=0.45)
        self.play_through(FadeIn(legend[0]), LaggedStart(*[Indicate(v, color=FORWARD) for v in fwd.values()]),
                          share=0.5)
        self.play_through(FadeIn(legend[1]), LaggedStart(*[Indicate(v, color=BACKWARD) for v in bwd.values()]))


class GraphGatePatterns(LectureScene):
    """The four gate patterns: add distributes, mul swaps, max routes, copy adds."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        g = gate_circuit()
        n = {k: wire_number(v) for k, v in g.items()}  # as on the wires
        cp = copy_gate()

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
        grid.scale(1.12).to_edge(UP, buff=0.3)
        source = VGroup(
            Text("add, multiply, max: cs231n's f = 2(xy + max(z, w)) at x=3, y=-4, z=2, w=-1", font_size=22, color=GRAY),
            Text(f"copy: layer-2 neuron {cp.j} of chapter 4's example feeds all ten outputs", font_size=22, color=GRAY),
        ).arrange(DOWN, buff=0.12).to_edge(DOWN, buff=0.25)

        panels = [add, mul, mx, copy]

        def given(p: VGroup):
            """A gate's names, values and the gradient from above (its input gradients come later)."""
            return FadeIn(VGroup(p[0], *p[2:5]))

        # Beat: the example.
        self.beat("The backward pass uses only a few kinds of gate, each with a pattern worth knowing. Three come "
                  "from f equals 2 times, x y plus the max of z and w, at the inputs below; the fourth from our "
                  "trained network.")
        self.play_through(LaggedStart(*[Create(p[1]) for p in panels], lag_ratio=0.5), share=0.4)
        self.play_through(FadeIn(source[0]), LaggedStart(*[Indicate(p[1]) for p in panels[:3]], lag_ratio=0.5),
                          share=0.75)
        self.play_through(FadeIn(source[1]), Indicate(copy[1]))

        # Beat: add.
        self.beat(f"First, the add gate. Its inputs are {n['m']} and {n['n']}, but their values do not matter: "
                  f"each receives the output's gradient, {n['ds']}, unchanged. An add gate distributes the full "
                  "gradient to every input, not a share of it.")
        self.play_through(given(add), share=0.2)
        self.play_through(LaggedStart(*[Indicate(v) for v in add[3][:2]], lag_ratio=0.5), share=0.35)
        self.play_through(*[TransformFromCopy(add[4][0], d) for d in add[5]], share=0.45)
        self.play_through(Indicate(add[0]), LaggedStart(*[Indicate(d, color=BACKWARD) for d in add[5]]))

        # Beat: multiply.
        self.beat(f"Next, the multiply gate, which swaps. The gradient on x is the value of y times the gradient "
                  f"from the output: {n['y']} times {n['dm']}, which is {n['dx']}. Likewise y gets the value of x, "
                  f"{n['x']}, times {n['dm']}: that makes {n['dy']}.")
        self.play_through(given(mul), share=0.15)
        self.play_through(TransformFromCopy(VGroup(mul[3][1], mul[4][0]), mul[5][0]), share=0.45)
        self.play_through(TransformFromCopy(VGroup(mul[3][0], mul[4][0]), mul[5][1]), share=0.55)
        self.play_through(Indicate(mul[0]), LaggedStart(*[Indicate(v) for v in mul[3][:2]], lag_ratio=0.5))

        # Beat: max.
        self.beat(f"A max gate routes. z, at {n['z']}, is the larger input and alone reaches the output, so it "
                  f"receives the whole gradient, {n['dz']}. The smaller, w at {n['w']}, could move a little "
                  f"without changing the output, so its gradient is {n['dw']}.")
        self.play_through(given(mx), share=0.2)
        self.play_through(Indicate(mx[3][0]), share=0.3)
        self.play_through(TransformFromCopy(mx[4][0], mx[5][0]), share=0.4)
        self.play_through(Indicate(mx[3][1], color=GRAY), share=0.5)
        self.play_through(FadeIn(mx[5][1], shift=UP * 0.2), Indicate(mx[0]))

        # Beat: copy.
        self.beat(f"Last, a fork: one value used in several places. In our trained "
                  f"network, neuron {cp.j} of layer 2, with activation {fmt(cp.a, 3)}, feeds all ten outputs, and "
                  f"each sends back its own gradient: the two strongest are {fmt(cp.terms[big[0]], 3)} and "
                  f"{fmt(cp.terms[big[1]], 3)}, and the other eight together give {fmt(rest, 3)}. At a fork the "
                  f"gradients add, here to {fmt(cp.terms.sum(), 3)}: exactly what backpropagation computes for "
                  "this neuron.")
        total = MathTex(*sum_terms([cp.terms[big[0]], cp.terms[big[1]], rest]), "=", tex_num(cp.terms.sum(), 3),
                        font_size=44, color=BACKWARD)  # parts: term, op, term, op, term, =, sum
        self.play(FadeOut(VGroup(add, mul, mx, source[0])), run_time=0.8)
        c0 = copy.get_center()  # only the gate is on screen: grow it, then place its (unshown) labels alike
        self.play(copy[1].animate.scale(1.7, about_point=c0).shift(UP * 0.5 - c0), FadeOut(source[1]), run_time=1.2)
        for part in (copy[0], *copy[2:]):
            part.scale(1.7, about_point=c0).shift(UP * 0.5 - c0)
        total.next_to(copy, DOWN, buff=0.45)
        backs = VGroup(*[Line(w.get_end(), w.get_start()) for w in copy[1].outs])
        self.play_through(given(copy), share=0.25)
        self.play_through(LaggedStart(*[ShowPassingFlash(b.copy().set_stroke(BACKWARD, width=9), time_width=0.8)
                                        for b in backs], lag_ratio=0.3),
                          LaggedStart(*[Indicate(d, color=BACKWARD) for d in copy[4]], lag_ratio=0.6), share=0.4)
        self.play_through(*[TransformFromCopy(d, total[2 * k]) for k, d in enumerate(copy[4])],
                          FadeIn(total[1]), FadeIn(total[3]), share=0.45)
        self.play_through(FadeIn(total[5:]), share=0.35)
        self.play_through(TransformFromCopy(total[-1], copy[5][0]), share=0.4)
        self.play_through(Indicate(copy[5][0], color=BACKWARD, scale_factor=1.5), Indicate(total[-1]))
