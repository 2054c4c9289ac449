"""Vectors and matrices: backprop through D = W X by matching shapes."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    Rotate,
    Succession,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.chapter4 import STEP, the_path
from scenes.data import Needs
from scenes.graphs.drawing import cell_box, shaped
from scenes.graphs.numbers import matrix_example
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import GRAY

class GraphMatrixBackprop(LectureScene):
    """D = W X with the real last weight matrix; dW = dD X^T and dX = W^T dD by matching shapes."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        m = matrix_example()
        path = the_path()
        i, j = path.i, path.j
        cell = 0.17  # the matrices fill the frame: X and dX are 16 cells tall

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
                    f"#{m.rows[0]}, #{m.rows[1]}", font_size=22, color=GRAY)
        fwd.to_edge(UP, buff=0.2)
        note.next_to(fwd, DOWN, buff=0.1)
        dw = row([shaped("dW", m.dW, cell), MathTex("=", font_size=36), shaped("dD", m.dD, cell),
                  shaped("X^T", m.X.T, cell)])
        dw.next_to(note, DOWN, buff=0.25).set_x(-3.2)
        dx = row([shaped("dX", m.dX, cell), MathTex("=", font_size=36), shaped("W^T", m.W.T, cell),
                  shaped("dD", m.dD, cell)])
        dx.next_to(note, DOWN, buff=0.25).set_x(3.9)
        # The forward product starts large in the middle; it moves to its top place when dW arrives.
        top_fwd, top_note, big = fwd.get_center(), note.get_center(), 1.6
        fwd.scale(big).move_to(UP * 0.3)
        note.next_to(fwd, DOWN, buff=0.2)

        # Beat: the idea.
        self.beat("So far each wire carried one number. In a real network the wires carry vectors and "
                  "matrices, and the same ideas work. Take D equals W times X, with real numbers from our network.")
        self.play_through(LaggedStart(*[FadeIn(part) for part in fwd], lag_ratio=0.5), share=0.7)
        self.play_through(LaggedStart(*[Circumscribe(part) if isinstance(part, Group) else Indicate(part)
                                        for part in fwd],
                                      lag_ratio=0.3))

        # Beat: the forward product.
        self.beat(f"W is the last weight matrix at step {path.step}, 10 by 16: green positive, red negative. "
                  "X holds the layer-2 activations of two training images, one per column. D, 10 by 2, holds "
                  "their weighted sums.")
        self.play_through(FadeIn(note), Circumscribe(fwd[2]), share=0.45)
        self.play_through(Circumscribe(fwd[3]), share=0.4)
        self.play_through(Circumscribe(fwd[0]))

        # Beat: dW.
        self.beat("Suppose the backward pass has brought us dD, the cost's gradient for D, shaped like D: 10 by 2. "
                  "We want dW, shaped like W: 10 by 16. The only product of dD and X with that shape is dD times "
                  "X transposed: 10 by 2, times 2 by 16.")
        self.play(fwd.animate.scale(1 / big).move_to(top_fwd), note.animate.move_to(top_note), run_time=1.2)
        self.play_through(TransformFromCopy(fwd[0], dw[2]), share=0.35)
        self.play_through(FadeIn(dw[0]), FadeIn(dw[1]), Circumscribe(fwd[2]), share=0.35)
        self.play_through(transpose(fwd[3], dw[3]), share=0.55)
        self.play_through(LaggedStart(*[Indicate(dw[k][2]) for k in (2, 3, 0)], lag_ratio=0.6))

        # Beat: dX.
        self.beat("Likewise dX must be 16 by 2, like X, and the only product that fits is W transposed, 16 by 10, "
                  "times dD, 10 by 2. Matching the shapes is enough to find the formula.")
        self.play_through(FadeIn(dx[0]), FadeIn(dx[1]), Circumscribe(fwd[3]), share=0.3)
        self.play_through(transpose(fwd[2], dx[2]), share=0.4)
        self.play_through(TransformFromCopy(dw[2], dx[3]), share=0.45)
        self.play_through(LaggedStart(*[Indicate(dx[k][2]) for k in (2, 3, 0)], lag_ratio=0.6))

        # Beat: one entry.
        self.beat(f"Check one entry by hand: the weight from neuron {j} of layer 2 to output {i}. Its gradient "
                  f"sums over the two images: {fmt(m.dD[i, 0], 3)} times {fmt(m.X[j, 0], 3)}, plus "
                  f"{fmt(m.dD[i, 1], 3)} times {fmt(m.X[j, 1], 3)}, which is {fmt(m.dW[i, j], 3)}, just what "
                  "our backpropagation code finds.")
        entry = VGroup(
            MathTex(rf"dW_{{{i},{j}}}", rf"= \sum_n dD_{{{i},n}} X_{{{j},n}}", font_size=34),
            MathTex(rf"= {ptex(m.dD[i, 0], 3)} \times {ptex(m.X[j, 0], 3)} + {ptex(m.dD[i, 1], 3)} \times "
                    rf"{ptex(m.X[j, 1], 3)}", font_size=34),
            MathTex(rf"= {tex_num(m.dW[i, j], 3)}", font_size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        entry[0].shift(RIGHT * (entry[1].get_left()[0] - entry[0][1].get_left()[0]))  # the = signs in a column
        self.play_through(FadeOut(dx), dw.animate.scale(0.8).to_edge(LEFT, buff=0.25), share=0.15)
        entry.next_to(dw, RIGHT, buff=0.45)
        if entry.get_right()[0] > 6.9:
            entry.shift(LEFT * (entry.get_right()[0] - 6.9))
        boxes = VGroup(cell_box(dw[0], m.dW.shape, (i, i + 1), (j, j + 1)),
                       cell_box(dw[2], m.dD.shape, (i, i + 1), (0, 2)),
                       cell_box(dw[3], m.X.T.shape, (0, 2), (j, j + 1)))
        self.play_through(Create(boxes[0]), share=0.1)
        self.play_through(Write(entry[0]), Create(boxes[1:]), share=0.3)
        self.play_through(Write(entry[1]), share=0.5)
        self.play_through(Write(entry[2]), share=0.5)
        self.play_through(Indicate(entry[2]), Indicate(boxes[0], scale_factor=1.6))
