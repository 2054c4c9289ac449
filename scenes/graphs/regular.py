"""Regularisation in the graph: W branches into the data cost and an L2 penalty, and the gradients add."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    config,
    Circle,
    Circumscribe,
    Create,
    Dot,
    FadeIn,
    Group,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    RoundedRectangle,
    Text,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.chapter4 import STEP
from scenes.data import Needs
from scenes.graphs.drawing import BACKWARD, FORWARD, cell_box, matrix_image, pulse
from scenes.graphs.numbers import l2_example, sum_terms
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import GRAY


def named_matrix(name: str, values: np.ndarray, vmax: float, cell: float = 0.23) -> Group:
    """A matrix picture (shared brightness scale ``vmax``) with its name above."""
    img = matrix_image(values, cell, vmax)
    return Group(MathTex(name, font_size=34).next_to(img, UP, buff=0.12), img)


class GraphRegularization(LectureScene):
    """An L2 penalty on W: the fork adds lambda W to the data gradient of every weight."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        e = l2_example()
        i, j = e.i, e.j
        lam = f"{e.lam:g}"
        P = lambda x, y: np.array([x, y, 0.0])  # noqa: E731
        # ---- the graph: W forks into the data cost and the penalty, which add up to the loss
        w_name = MathTex("W", font_size=40).move_to(P(-6.4, 2.1))
        fork = Dot(P(-5.4, 2.1), radius=0.07)
        data_box = VGroup(RoundedRectangle(width=2.3, height=0.8, corner_radius=0.15, color=WHITE, stroke_width=2.5),
                          MathTex(r"C_0(W X)", font_size=34)).move_to(P(-3.4, 3.0))
        pen_box = VGroup(RoundedRectangle(width=2.3, height=0.8, corner_radius=0.15, color=WHITE, stroke_width=2.5),
                         MathTex(r"\tfrac{\lambda}{2}\sum W^2", font_size=34)).move_to(P(-3.4, 1.2))
        plus = VGroup(Circle(radius=0.34, color=WHITE, stroke_width=2.5), MathTex("+", font_size=40)).move_to(P(-0.8, 2.1))
        loss = MathTex("L", font_size=40).move_to(P(0.7, 2.1))
        w_in = Line(w_name.get_right() + RIGHT * 0.1, fork.get_center(), stroke_width=2.5)
        to_data = Line(fork.get_center(), data_box[0].get_left(), stroke_width=2.5)
        to_pen = Line(fork.get_center(), pen_box[0].get_left(), stroke_width=2.5)
        from_data = Line(data_box[0].get_right(), plus[0].get_left() + UP * 0.12, stroke_width=2.5)
        from_pen = Line(pen_box[0].get_right(), plus[0].get_left() + DOWN * 0.12, stroke_width=2.5)
        out = Line(plus[0].get_right(), loss.get_left() + LEFT * 0.1, stroke_width=2.5)
        stages = [[w_in], [to_data, to_pen], [from_data, from_pen], [out]]
        note = VGroup(*[Text(t, font_size=28, color=GRAY) for t in
                        (f"\u03bb = {lam}, chosen", "for this example;", "our run had no penalty")])
        note.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(loss, RIGHT, buff=0.7)
        note.shift(LEFT * max(0.0, note.get_right()[0] - (config.frame_width / 2 - 0.4)))  # >= 0.4 from the edge
        # ---- the gradients as pictures on one brightness scale
        vmax = float(np.max(np.abs(e.total)))
        mats = [named_matrix(r"dW_{\text{data}}", e.data, vmax), named_matrix(r"\lambda W", e.penalty, vmax),
                named_matrix(r"dW", e.total, vmax)]
        signs = [MathTex("+", font_size=44), MathTex("=", font_size=44)]
        Group(mats[0], signs[0], mats[1], signs[1], mats[2]).arrange(RIGHT, buff=0.35).move_to(P(0, -1.0))
        for s in signs:
            s.set_y(mats[0][1].get_y())
        entry = VGroup(MathTex(rf"dW_{{{i},{j}}} = {tex_num(e.data[i, j], 3)}", font_size=32),
                       MathTex(rf"+ {lam} \times {ptex(e.W[i, j], 3)}", font_size=32, color=FORWARD),
                       MathTex("=", *sum_terms([e.data[i, j], e.penalty[i, j]]), "=", tex_num(e.total[i, j], 3),
                               font_size=32))
        entry.arrange(RIGHT, buff=0.15).move_to(P(0, -3.15))
        boxes = VGroup(*[cell_box(m, e.W.shape, (i, i + 1), (j, j + 1)) for m in mats])

        # Beat: the penalty in the graph.
        self.beat("Training often adds a penalty on large weights: lambda over two, times the sum of every weight "
                  "squared. In the graph, W is now used twice, by the data cost and by the penalty, and the two add "
                  "up to the loss.")
        self.play_through(Create(VGroup(w_name, w_in, fork)), FadeIn(data_box), share=0.3)
        self.play_through(FadeIn(pen_box), Create(VGroup(to_data, to_pen)), FadeIn(note), share=0.4)
        self.play_through(Create(VGroup(from_data, from_pen, out)), FadeIn(plus), FadeIn(loss), share=0.5)
        self.play_through(pulse(stages, FORWARD))

        # Beat: the fork adds.
        self.beat("Going backward, the fork adds the gradients of its branches: the data gradient we already "
                  "found, for the same two images, plus the penalty's derivative, lambda times W.")
        self.play_through(pulse(stages[::-1], BACKWARD, backward=True), share=0.3)
        self.play_through(Indicate(data_box), FadeIn(mats[0], shift=DOWN * 0.6), share=0.3)
        self.play_through(Indicate(pen_box), FadeIn(mats[1], shift=DOWN * 0.6), FadeIn(signs[0]), share=0.45)
        self.play_through(Indicate(fork, scale_factor=2.5), FadeIn(signs[1]),
                          FadeIn(mats[2], shift=LEFT * 0.8))

        # Beat: one weight's numbers.
        self.beat(f"Take the weight from neuron {j} of layer 2 to output {i}. The data alone asks for a gradient of "
                  f"{fmt(e.data[i, j], 3)}. The weight itself is {fmt(e.W[i, j], 3)}, and lambda, {lam}, times "
                  f"that adds {fmt(e.penalty[i, j], 3)}. So its gradient becomes {fmt(e.total[i, j], 3)}.")
        self.play_through(Create(boxes), share=0.25)
        self.play_through(Write(entry[0]), Indicate(boxes[0]), share=0.35)
        self.play_through(Write(entry[1]), Indicate(boxes[1]), share=0.5)
        self.play_through(Write(entry[2]), Indicate(boxes[2]))

        # Beat: weight decay.
        self.beat("Since lambda times W has the weight's own sign, every step also pulls each weight toward zero, "
                  "in proportion to its size. Hence the name weight decay: the biggest weights feel it most.")
        self.play_through(Circumscribe(mats[1][1]), share=0.4)
        self.play_through(pulse([[to_pen], [w_in]], BACKWARD, backward=True), Indicate(entry[1]), share=0.5)
        self.play_through(LaggedStart(*[Circumscribe(m[1]) for m in mats], lag_ratio=0.4))
