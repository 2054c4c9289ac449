"""Chapter 3, part 5: the examples' wishes, one coloured column per digit, averaged into the gradient."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    Rectangle,
    Succession,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
    there_and_back,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset
from scenes.mobjects import digit_image, signed_color
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.numbers import the_example
from scenes.chapter3.batch_numbers import batch_table

#: Geometry of the table (scene units): first column's x, column step, row ys' top and step.
X_FIRST, STEP_X, Y_TOP, STEP_Y = -5.2, 0.93, 1.9, 1.32
#: x of the averaged column, of the "=" signs and of the recorded column.
X_AVG, X_EQ, X_REC = 4.5, 5.3, 6.1


def cell(value: float, vmax: float, sig: int, width: float, font_size: float) -> VGroup:
    """One wish as a coloured cell: fill = sign (green up, red down), brightness = size, the number inside."""
    t = min(abs(value) / (vmax or 1.0), 1.0)
    box = Rectangle(width=width, height=STEP_Y * 0.9, stroke_color=GRAY, stroke_width=1.5)
    box.set_fill(signed_color(value, vmax), opacity=0.25 + 0.45 * t)
    number = MathTex(tex_num(value, sig, True), font_size=font_size)
    return VGroup(box, number)


class Ch3AverageOverExamples(LectureScene):
    """Per-example desired changes over the recorded mini-batch, averaged into the negative gradient."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, batch_size=10)

    def construct(self) -> None:
        tab = batch_table()
        data = get_dataset()
        ex = the_example()
        n, rows = len(tab.indices), len(tab.names)
        vmax = np.max(np.abs(tab.per_example), axis=1)  # (rows,): each row's own colour scale
        ys = [Y_TOP - STEP_Y * r for r in range(rows)]
        # The digits first fill the frame's width, then shrink into the table's header row.
        digits = Group(*[digit_image(data.X_train[i], height=1.25) for i in tab.indices]).arrange(RIGHT, buff=0.1)
        header = [[X_FIRST + c * STEP_X, Y_TOP + 1.3, 0] for c in range(len(digits))]
        names = VGroup(*[MathTex(name, font_size=38).move_to([-6.5, y, 0]) for name, y in zip(tab.names, ys)])
        grid = [[cell(tab.per_example[r, c], vmax[r], 2, STEP_X * 0.92, 25).move_to([X_FIRST + c * STEP_X, ys[r], 0])
                 for c in range(n)] for r in range(rows)]
        columns = [VGroup(*[grid[r][c] for r in range(rows)]) for c in range(n)]
        avg = [cell(tab.average[r], vmax[r], 3, 1.1, 28).move_to([X_AVG, ys[r], 0]) for r in range(rows)]
        rec = [cell(tab.recorded[r], vmax[r], 3, 1.1, 28).move_to([X_REC, ys[r], 0]) for r in range(rows)]
        equals = VGroup(*[MathTex("=", font_size=40).move_to([X_EQ, y, 0]) for y in ys])
        avg_head = Text("average", font_size=24).move_to([X_AVG, Y_TOP + 1.3, 0])
        rec_head = VGroup(Text("recorded", font_size=22), MathTex(r"-\nabla C", font_size=34)
                          ).arrange(DOWN, buff=0.1).move_to([X_REC, Y_TOP + 1.3, 0])

        # Beat: many examples.
        self.beat("So far, everything came from a single image. But the cost we want to lower averages over all "
                  "the training examples, and each one has wishes of its own. Here are the ten digits of the "
                  "first mini-batch of training.")
        self.play_through(LaggedStart(*[FadeIn(d, shift=DOWN * 0.3, scale=0.6) for d in digits], lag_ratio=0.2),
                          share=0.55)
        # A scale pulse (Indicate's colour would paint the images solid yellow).
        self.play_through(LaggedStart(*[d.animate(rate_func=there_and_back).scale(1.15) for d in digits],
                                      lag_ratio=0.1))

        # Beat: their wishes, one column per digit.
        self.beat(f"Under each digit is its own list of wishes for four parameters we have met: the bias of the "
                  f"{ex.label} output, one of its weights, and a bias and a weight one layer back. Green asks "
                  "for more, red for less.")
        self.play_through(*[d.animate.scale(0.9 / 1.25).move_to(xy) for d, xy in zip(digits, header)],
                          LaggedStart(*[FadeIn(m, shift=RIGHT * 0.3) for m in names], lag_ratio=0.3), share=0.3)
        self.play_through(LaggedStart(*[FadeIn(col, shift=DOWN * 0.6) for col in columns], lag_ratio=0.3))

        # Beat: they disagree.
        col = list(tab.indices).index(ex.index)
        other = 0 if col else 1
        row = tab.per_example[0]
        self.beat(f"Our {ex.label} is the highlighted column. It asks the bias of the {ex.label} output to rise by "
                  f"{fmt(row[col])}. Every other digit asks for the opposite, to lower it by about "
                  f"{fmt(abs(row[other]))}, because for them, a bright {ex.label} would be a wrong answer.")
        box = SurroundingRectangle(Group(digits[col], columns[col]), color=HIGHLIGHT, buff=0.08)
        self.play_through(Create(box), Indicate(grid[0][col], color=POSITIVE), share=0.35)
        self.play_through(LaggedStart(*[Indicate(grid[0][c], color=NEGATIVE) for c in range(n) if c != col],
                                      lag_ratio=0.3))

        # Beat: average, row by row.
        self.beat(f"The compromise is the average. Each row of ten wishes slides together into one number: for "
                  f"the bias of the {ex.label} output, {fmt(tab.average[0], 3)}. The other digits outvote our one "
                  f"{ex.label}, as they should, since most images are not {ex.label}s.")
        # Copies of each row's cells slide into the average's slot and fade there (the table stays).
        slides = [VGroup(*[m.copy() for m in grid[r]]) for r in range(rows)]
        self.play_through(FadeOut(box), FadeIn(avg_head), share=0.15)
        for r in range(rows):
            self.play_through(
                LaggedStart(*[m.animate.move_to(avg[r]).set_opacity(0) for m in reversed(slides[r])], lag_ratio=0.08),
                FadeIn(avg[r], scale=0.5), share=0.5 if r == 0 else 0.25, min_run_time=0.8)
            self.remove(slides[r])
        self.play_through(avg[0].animate(rate_func=there_and_back).scale(1.25))  # keeps its number readable

        # Beat: equals the gradient.
        self.beat(f"Now take the gradient that training step recorded, computed by backpropagation on the whole "
                  f"mini-batch at once, and flip its sign: the same numbers, {fmt(tab.recorded[0], 3)} again. The "
                  "average of the wishes is the negative gradient, the step gradient descent takes.")
        self.play_through(FadeIn(rec_head), LaggedStart(*[FadeIn(m, shift=LEFT * 0.4) for m in rec], lag_ratio=0.25),
                          share=0.35)
        formula = MathTex(r"-\nabla C = \frac{1}{" + str(n) + r"} \sum_{i=1}^{" + str(n) + r"} -\nabla C_i",
                          font_size=40).to_edge(DOWN, buff=0.3)
        pair = SurroundingRectangle(VGroup(avg[0], rec[0]), color=HIGHLIGHT, buff=0.08)
        self.play_through(Create(pair), Write(equals[0]), share=0.3)
        self.play_through(Succession(*[pair.animate.move_to(VGroup(avg[r], rec[r])) for r in range(1, rows)]),
                          LaggedStart(*[Write(e) for e in equals[1:]], lag_ratio=0.8), share=0.45)
        self.play_through(FadeOut(pair), Write(formula))
