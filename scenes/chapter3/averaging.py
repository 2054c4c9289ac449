"""Chapter 3, part 5: the examples' wishes averaged into the gradient."""

from __future__ import annotations

from manim import (
    DOWN,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    Succession,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset
from scenes.mobjects import digit_image
from scenes.numbers import fmt, tex_num
from scenes.style import HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.numbers import the_example, batch_table
from scenes.chapter3.drawing import ripple


class Ch3AverageOverExamples(LectureScene):
    """Per-example desired changes over the recorded mini-batch, averaged into the negative gradient."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, batch_size=10)

    def construct(self) -> None:
        tab = batch_table()
        data = get_dataset()
        cw = 0.92
        n = len(tab.indices)
        x_name, x_first, y_top = -6.3, -5.1, 1.5
        digits = Group(*[digit_image(data.X_train[i], height=0.6) for i in tab.indices])
        name_col = VGroup(*[MathTex(name, font_size=30) for name in tab.names])
        grid = [[MathTex(tex_num(v, 2, True), font_size=26) for v in row] for row in tab.per_example]
        avg_col = [MathTex(tex_num(v, 3, True), font_size=28, color=HIGHLIGHT) for v in tab.average]
        rec_col = [MathTex(tex_num(v, 3, True), font_size=28, color=HIGHLIGHT) for v in tab.recorded]
        x_avg, x_rec = x_first + n * cw + 0.5, x_first + n * cw + 1.85
        for c in range(n):
            digits[c].move_to([x_first + c * cw, y_top + 0.8, 0])
        for r in range(len(tab.names)):
            y = y_top - 0.7 * r
            name_col[r].move_to([x_name, y, 0])
            for c in range(n):
                grid[r][c].move_to([x_first + c * cw, y, 0])
            avg_col[r].move_to([x_avg, y, 0])
            rec_col[r].move_to([x_rec, y, 0])
        strip = digits
        avg_head = Text("average", font_size=20).move_to([x_avg, y_top + 0.8, 0])
        rec_head = VGroup(Text("recorded", font_size=20), Text("-gradient", font_size=20)).arrange(DOWN, buff=0.05)
        rec_head.move_to([x_rec, y_top + 0.8, 0])

        # Beat: many examples.
        ex = the_example()
        self.beat("So far, everything came from a single image. But the cost we want to lower averages over all "
                  "the training examples, and each one has wishes of its own. Here are the ten digits of the "
                  "first mini-batch of training.")
        self.play_through(LaggedStart(*[FadeIn(d, shift=DOWN * 0.2) for d in strip], lag_ratio=0.3))

        # Beat: their wishes.
        self.beat(f"Beside them are four parameters we have met: the bias of the {ex.label} output, one of its "
                  "weights, and a bias and a weight one layer back. Each column holds what one digit wants "
                  "those four to do.")
        self.play_through(LaggedStart(*[FadeIn(m) for m in name_col], lag_ratio=0.3), share=0.3)
        self.play_through(LaggedStart(*[FadeIn(VGroup(*[grid[r][c] for r in range(len(grid))])) for c in range(n)],
                                      lag_ratio=0.3))

        # Beat: they disagree.
        col = list(tab.indices).index(ex.index)
        other = 0 if col else 1
        row = tab.per_example[0]
        self.beat(f"Our {ex.label} is the highlighted column. It asks the bias of the {ex.label} output to rise by "
                  f"{fmt(row[col])}. Every other digit in the batch asks for the opposite, to lower it by about "
                  f"{fmt(abs(row[other]))}, because for them, a bright {ex.label} would be a wrong answer.")
        box = SurroundingRectangle(VGroup(*[grid[r][col] for r in range(len(grid))]), color=HIGHLIGHT, buff=0.08)
        self.play_through(Create(box), Indicate(grid[0][col], color=POSITIVE), share=0.35)
        self.play_through(LaggedStart(*[Indicate(grid[0][c], color=NEGATIVE) for c in range(n) if c != col],
                                      lag_ratio=0.3))

        # Beat: average.
        self.beat(f"The compromise is the average. Each row of ten wishes collapses into a single number: for "
                  f"the bias of the {ex.label} output, it is {fmt(tab.average[0], 3)}. The many other digits outvote "
                  f"our one {ex.label}, as they should, since most images are not {ex.label}s.")
        # Each row's numbers slide into its average and fade (a plain move: morphing ten
        # formulas into one makes manim align and deep-copy every glyph, seconds per row).
        rows = [VGroup(*grid[r]).copy() for r in range(len(grid))]
        self.play_through(FadeOut(box), FadeIn(avg_head),
                          *[row.animate.move_to(avg_col[r]).scale(0.4).set_opacity(0) for r, row in enumerate(rows)],
                          *[FadeIn(avg_col[r]) for r in range(len(grid))], share=0.5)
        self.remove(*rows)
        self.play_through(Indicate(avg_col[0], scale_factor=1.4), share=0.5)
        self.play_through(ripple(VGroup(*grid[0]), color=NEGATIVE))

        # Beat: equals the gradient.
        self.beat(f"Here is the payoff. Take the gradient that training step recorded, computed by "
                  f"backpropagation on the whole mini-batch at once, and flip its sign: the same numbers, "
                  f"{fmt(tab.recorded[0], 3)} again. The average of the examples' wishes is the negative gradient, "
                  "the very step gradient descent takes.")
        self.play_through(FadeIn(rec_head), LaggedStart(*[FadeIn(m) for m in rec_col], lag_ratio=0.3), share=0.35)
        formula = MathTex(r"-\nabla C = \frac{1}{" + str(n) + r"} \sum_{i=1}^{" + str(n) + r"} -\nabla C_i",
                          font_size=40).to_edge(DOWN, buff=0.5)
        pair = SurroundingRectangle(VGroup(avg_col[0], rec_col[0]), color=HIGHLIGHT, buff=0.1)
        self.play_through(Create(pair), share=0.3)
        self.play_through(Succession(*[pair.animate.move_to(VGroup(avg_col[r], rec_col[r]))
                                       for r in range(1, len(grid))]), share=0.45)
        self.play_through(FadeOut(pair), Write(formula))
