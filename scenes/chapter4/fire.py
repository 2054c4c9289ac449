"""Chapter 4: the "fire together" factor: dC0/dw_ij(L) carries a_j(L-1)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circumscribe,
    Create,
    FadeIn,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    Text,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import ACTIVATION_COLOR, GRAY, HIGHLIGHT, NEGATIVE, POSITIVE, WEIGHT_COLOR
from scenes.chapter4.drawing import chain_neuron
from scenes.chapter4.numbers import STEP, fire_together, the_path


class Ch4FireTogether(LectureScene):
    """The 16 weights into the path's output: each derivative is its source's activation
    times one shared factor, so weights from brighter neurons matter more."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        f = fire_together(path)
        n = f.acts.size
        ys = np.linspace(1.2, -3.6, n)
        neurons = VGroup(*[chain_neuron(a, radius=0.13).move_to([-5.9, y, 0]) for a, y in zip(f.acts, ys)])
        out = chain_neuron(path.a, radius=0.35).move_to([-3.5, ys.mean(), 0])
        gmax = float(np.max(np.abs(f.grads)))
        edges = VGroup(*[Line(c.get_right(), out.get_left(), color=WEIGHT_COLOR,
                              stroke_width=1 + 5 * abs(g) / gmax) for c, g in zip(neurons, f.grads)])
        src_lab = MathTex(r"a_j^{(L-1)}", font_size=30, color=ACTIVATION_COLOR).next_to(neurons, UP, buff=0.15)
        out_lab = Text(f"output {path.i}", font_size=22).next_to(out, DOWN, buff=0.2)
        formula = MathTex(r"{\partial C_0 \over \partial w_{ij}^{(L)}}", r"=", r"a_j^{(L-1)}",
                          r"\sigma'\big(z_i^{(L)}\big)\, 2\big(a_i^{(L)} - y_i\big)", font_size=34)
        formula[2].set_color(ACTIVATION_COLOR)
        formula.to_edge(UP, buff=0.3).set_x(1.0)
        common = MathTex(rf"= a_j^{{(L-1)}} \times {ptex(f.common, 3)}", font_size=34)
        common.next_to(formula[1], DOWN, buff=0.5, aligned_edge=LEFT)
        x0, length = -2.3, 4.4
        bars = VGroup(*[Rectangle(width=max(length * abs(g) / gmax, 0.02), height=0.2, stroke_width=0)
                        .set_fill(POSITIVE if g >= 0 else NEGATIVE, 0.9)
                        .move_to([x0, y, 0], aligned_edge=LEFT) for g, y in zip(f.grads, ys)])
        axis = Line([x0, ys[0] + 0.2, 0], [x0, ys[-1] - 0.2, 0], color=GRAY, stroke_width=2)
        b, d = f.brightest, f.dimmest
        value_of = {q: MathTex(rf"a = {tex_num(f.acts[q], 3)}:\ {tex_num(f.grads[q], 3)}", font_size=28)
                    .next_to(bars[q], RIGHT, buff=0.2) for q in (b, d)}
        self.add(edges)

        # Beat: one shared factor.
        self.beat(f"Look once more at the first factor, the previous activation. Output {path.i} listens to all "
                  f"{n} neurons of the layer before it, and the derivatives of those {n} weights share the same last "
                  f"two factors, here {fmt(f.common, 3)}. Only the brightness of the sending neuron changes from one "
                  "weight to the next.")
        self.add(neurons, out)
        self.play(FadeIn(src_lab), FadeIn(out_lab), run_time=0.1 * self.remaining() + 0.1)
        self.play_through(Write(formula), share=0.4)
        self.play_through(Write(common), share=0.5)
        self.play_through(Circumscribe(formula[3], color=HIGHLIGHT), Circumscribe(common, color=HIGHLIGHT))

        # Beat: the bars.
        self.beat(f"So each weight's derivative is just its neuron's activation times {fmt(f.common, 3)}. The "
                  f"brightest neuron, at {fmt(f.acts[b], 3)}, gives {fmt(f.grads[b], 3)}; the dimmest, at "
                  f"{fmt(f.acts[d], 3)}, gives only {fmt(f.grads[d], 3)}. The bars line up with the glowing circles.")
        self.play_through(Create(axis), LaggedStart(*[GrowFromEdge(bar, LEFT) for bar in bars], lag_ratio=0.08),
                          share=0.4)
        self.play_through(FadeIn(value_of[b]), Indicate(neurons[b], color=HIGHLIGHT), Indicate(bars[b], scale_factor=1.0), share=0.5)
        self.play_through(FadeIn(value_of[d]), Indicate(neurons[d], color=HIGHLIGHT), Indicate(bars[d], scale_factor=1.0))

        # Beat: fire together.
        top = sorted(range(n), key=lambda q: -f.acts[q])[:4]
        motto = Text("fire together,\nwire together", font_size=32, color=HIGHLIGHT, line_spacing=0.9)
        motto.to_edge(RIGHT, buff=0.4).set_y(-1.8)
        if f.common < 0:
            self.beat("This is the idea from the last chapter, now written in symbols: neurons that fire together "
                      "wire together. The weights coming from the brightest neurons are the ones that move the cost "
                      "most, and since every derivative here is negative, gradient descent raises them the most.")
        else:
            self.beat("This is the idea from the last chapter, now written in symbols: neurons that fire together "
                      "wire together. The weights coming from the brightest neurons are the ones that move the cost "
                      "most, and since every derivative here is positive, gradient descent lowers them the most.")
        glow = VGroup(*[edges[q].copy().set_stroke(HIGHLIGHT, opacity=1) for q in top])
        self.play_through(Write(motto), share=0.3)
        self.play_through(Create(glow, lag_ratio=0.3), share=0.5)
        self.play_through(LaggedStart(*[Indicate(neurons[q], color=HIGHLIGHT) for q in top], lag_ratio=0.4),
                          LaggedStart(*[Indicate(bars[q], color=HIGHLIGHT, scale_factor=1.0) for q in top], lag_ratio=0.4))
