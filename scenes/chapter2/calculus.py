"""Chapter 2: "it is just calculus": finding a minimum, with balls rolling on a labelled toy curve."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Axes,
    Create,
    Dot,
    FadeIn,
    Indicate,
    LaggedStart,
    MathTex,
    Text,
    ValueTracker,
    VGroup,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter2.drawing import DESCENT
from scenes.chapter2.numbers import TOY_ETA, TOY_HI, TOY_LO, toy_balls, toy_curve


class Ch2JustCalculus(LectureScene):
    """Many balls released on a toy curve settle into different valleys (local minima)."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        axes = Axes(x_range=[TOY_LO, TOY_HI, 1], y_range=[-1.5, 4.5, 1], x_length=12.2, y_length=5.0, tips=False,
                    axis_config={"stroke_width": 2}, y_axis_config={"include_numbers": True, "font_size": 32})
        axes.to_edge(DOWN, buff=1.1)
        curve = axes.plot(lambda w: float(toy_curve(w)), x_range=[TOY_LO, TOY_HI, 0.02], color=WHITE,
                          stroke_width=4)
        formula = MathTex(r"\text{toy: } C(w) = \frac{w^2}{10} + \sin(2w)", font_size=40)
        formula.to_corner(UP + LEFT, buff=0.4)
        path = toy_balls()
        n = path.shape[1]
        ends = path[-1]
        valleys, counts = np.unique(ends.round(2), return_counts=True)
        best = float(valleys[np.argmin(toy_curve(valleys))])

        # Beat: a calculus problem.
        self.beat("So learning means finding the weights where the cost is lowest, and that is a calculus "
                  "problem: where is a function smallest? To see the idea, take a toy function of one input.")
        self.play(Create(axes), FadeIn(formula), run_time=0.3 * self.remaining())
        self.play_through(Create(curve))

        # Beat: many balls.
        tracker = ValueTracker(0.0)

        def place(dot: Dot, i: int) -> None:
            k = tracker.get_value()
            lo = int(np.floor(k))
            hi = min(lo + 1, path.shape[0] - 1)
            w = float(path[lo, i] + (k - lo) * (path[hi, i] - path[lo, i]))
            dot.move_to(axes.c2p(w, float(toy_curve(w))))

        balls = VGroup()
        for i in range(n):
            dot = Dot(radius=0.11, color=HIGHLIGHT)
            place(dot, i)
            dot.add_updater(lambda d, i=i: place(d, i))
            balls.add(dot)
        rule = MathTex(r"w \leftarrow w - " + f"{TOY_ETA:g}" + r"\cdot C'(w)", font_size=40, color=DESCENT)
        rule.next_to(formula, DOWN, buff=0.3).align_to(formula, LEFT)
        count = Text(f"{n} balls", font_size=32, color=HIGHLIGHT).to_corner(UP + RIGHT, buff=0.5)
        self.beat(f"Drop {n} balls along the curve at once, and let each one roll downhill: at every step it "
                  "moves a little against the slope, so it always goes down.")
        self.play(LaggedStart(*[FadeIn(b, scale=2) for b in balls], lag_ratio=0.1), FadeIn(count), FadeIn(rule),
                  run_time=0.35 * self.remaining())
        self.play_through(tracker.animate.set_value(path.shape[0] - 1), rate_func=lambda t: t * t)

        # Beat: different valleys.
        marks = VGroup()
        for v, c in zip(valleys, counts):
            label = Text(f"{c}", font_size=30, color=HIGHLIGHT)
            label.next_to(axes.c2p(float(v), float(toy_curve(v))), DOWN, buff=0.3)
            axis_y = axes.c2p(float(v), 0.0)[1]
            if label.get_bottom()[1] - 0.12 < axis_y < label.get_top()[1] + 0.12:  # would touch the w-axis
                label.next_to(axes.c2p(float(v), 0.0), DOWN, buff=0.2)
            marks.add(label)
        best_label = MathTex(f"w = {fmt(best, 2)}", font_size=36, color=HIGHLIGHT)
        best_label.next_to(marks[int(np.argmin(np.abs(valleys - best)))], DOWN, buff=0.15)
        per = Text("balls in each valley", font_size=28, color=GRAY).next_to(count, DOWN, buff=0.2)
        per.align_to(count, RIGHT)
        self.beat(f"They do not all end up in the same place. The {n} balls come to rest in {len(valleys)} "
                  f"different valleys, each in the one nearest its start. Only one valley, at w = {fmt(best, 2)}, is "
                  "the lowest: rolling downhill finds a local minimum, not necessarily the best one.")
        for b in balls:
            b.clear_updaters()
        self.play(LaggedStart(*[FadeIn(m, shift=DOWN * 0.2) for m in marks], lag_ratio=0.3), FadeIn(per),
                  run_time=0.4 * self.remaining())
        self.play(FadeIn(best_label), run_time=0.2 * self.remaining())
        self.play_through(Indicate(best_label, color=HIGHLIGHT), Indicate(VGroup(*[b for b, e in zip(balls, ends)
                                                                                    if abs(e - best) < 0.01])))
