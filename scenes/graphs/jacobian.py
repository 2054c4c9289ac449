"""The Jacobian of an elementwise gate: named, drawn with real slopes, and never formed."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Circle,
    Circumscribe,
    Create,
    Cross,
    FadeIn,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    Text,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.chapter4 import STEP
from scenes.data import Needs
from scenes.graphs.drawing import BACKWARD, FORWARD, cell_box, matrix_image
from scenes.graphs.numbers import elementwise_jacobian
from scenes.numbers import fmt, ptex
from scenes.style import GRAY


def column(name: str, values: np.ndarray, cell: float = 0.38) -> Group:
    """A vector as a column picture (two pixels wide, so it always shows) with its name above."""
    img = matrix_image(np.repeat(np.asarray(values)[:, None], 2, axis=1), cell)
    img.stretch_to_fit_width(cell)
    return Group(MathTex(name, font_size=38).next_to(img, UP, buff=0.15), img)


class GraphElementwiseJacobian(LectureScene):
    """The output sigmoid as a vector gate: its 10 x 10 Jacobian is diagonal, so only its slopes are kept."""

    NEEDS = Needs(cost="quadratic", hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        e = elementwise_jacobian()
        i, t = e.i, e.top
        Y = 0.7
        z = column("z", e.z).move_to([-6.3, Y, 0])
        gate = VGroup(Circle(radius=0.4, color=WHITE, stroke_width=2.5), MathTex(r"\sigma", font_size=44))
        gate.move_to([-4.9, Y, 0])
        a = column("a", e.a).move_to([-3.5, Y, 0])
        arrows = VGroup(Arrow(z[1].get_right(), gate.get_left(), buff=0.1, stroke_width=3, color=GRAY),
                        Arrow(gate.get_right(), a[1].get_left(), buff=0.1, stroke_width=3, color=GRAY))
        J = matrix_image(e.J, cell=0.38)
        J.move_to([-0.9, Y - 0.2, 0])
        j_name = MathTex(r"\frac{\partial a}{\partial z}", font_size=40).next_to(J, UP, buff=0.15)
        j_shape = MathTex(r"10\times10", font_size=30, color=GRAY).next_to(J, DOWN, buff=0.12)
        count = VGroup(Text("100 entries,", font_size=28, color=GRAY), Text("10 can be nonzero", font_size=28, color=GRAY))
        count.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(J, RIGHT, buff=0.4).shift(UP * 0.6)
        peak = MathTex(rf"\sigma'(z_{{{t}}}) = {fmt(e.slope[t], 3)}", font_size=34, color=FORWARD)
        peak.next_to(count, DOWN, buff=0.45).align_to(count, LEFT)
        box_t = cell_box(Group(j_name, J), e.J.shape, (t, t + 1), (t, t + 1))
        rule = MathTex(r"\frac{\partial C}{\partial z} = \sigma'(z) \odot \frac{\partial C}{\partial a}", font_size=40)
        rule.move_to([-3.9, -2.5, 0])
        entry = MathTex(rf"\text{{output }}{i}{{:}}\ {fmt(e.slope[i], 3)} \times {ptex(e.da[i], 3)} = {fmt(e.dz[i], 3)}",
                        font_size=36, color=BACKWARD).next_to(rule, RIGHT, buff=0.8)
        source = Text("chapter 4's example: one training image through the trained network", font_size=22,
                      color=GRAY).to_edge(DOWN, buff=0.25)

        # Beat: the Jacobian named.
        self.beat("Back in our network, the sigmoid acts on each of the 10 weighted sums on its own. Its full "
                  "derivative is a Jacobian matrix: a row per output, a column per input, so 10 by 10.")
        self.play_through(FadeIn(z), FadeIn(source), share=0.25)
        self.play_through(Create(arrows[0]), FadeIn(gate), Create(arrows[1]), FadeIn(a), share=0.4)
        self.play_through(FadeIn(J), Write(j_name), FadeIn(j_shape), share=0.6)
        self.play_through(Circumscribe(J))

        # Beat: diagonal.
        self.beat(f"But output {t} depends on input {t} alone, and the same for every other output. So every entry "
                  f"off the diagonal is zero: of 100 entries, only 10 can be anything else. The diagonal holds the "
                  f"sigmoid's slopes; the brightest, {fmt(e.slope[t], 3)}, belongs to the output whose input is "
                  "closest to zero.")
        self.play_through(FadeIn(count), share=0.35)
        self.play_through(LaggedStart(*[Indicate(cell_box(Group(j_name, J), e.J.shape, (k, k + 1), (k, k + 1)))
                                        for k in range(10)], lag_ratio=0.3), share=0.5)
        self.play_through(Create(box_t), Write(peak))

        # Beat: never formed.
        self.beat(f"So nobody builds this matrix: multiplying by a diagonal matrix is multiplying entry by entry. "
                  f"For the correct output, {i}, the slope {fmt(e.slope[i], 3)} times the gradient "
                  f"{fmt(e.da[i], 3)} from the cost gives {fmt(e.dz[i], 3)}. Ten multiplications instead "
                  "of a hundred.")
        self.play_through(Write(rule), share=0.35)
        self.play_through(Circumscribe(a[1]), Circumscribe(z[1]), share=0.3)
        self.play_through(Write(entry), share=0.6)
        self.play_through(Indicate(entry, color=BACKWARD, scale_factor=1.1), Create(Cross(J[0], stroke_color=GRAY, stroke_width=4)),
                          Circumscribe(rule))
