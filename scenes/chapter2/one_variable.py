"""Chapter 2: one input: stepping down the slope of a real 1-D slice."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    ReplacementTransform,
    Text,
    VGroup,
    VMobject,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter2.drawing import ASCENT, DESCENT
from scenes.chapter2.numbers import ETA_1D, cost_along_line, descent_1d


class Ch2OneVariable(LectureScene):
    """The real cost along one line through parameter space; slopes; a ball rolling downhill."""

    NEEDS = Needs(activation=None, cost=None, landscape=True)

    def construct(self) -> None:
        ts_curve = np.linspace(0.0, 58.0, 40)
        curve_c = cost_along_line(ts_curve)
        ymax = float(np.ceil(curve_c.max() * 2) / 2)
        axes = Axes(x_range=[0, 60, 10], y_range=[0, ymax, 0.5], x_length=10.5, y_length=4.6, tips=False,
                    axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 32})
        axes.to_edge(DOWN, buff=0.8).shift(RIGHT * 0.4)
        xlab = Text("t: distance along direction d1 (trained network at 0)", font_size=28)
        xlab.next_to(axes, DOWN, buff=0.15)
        ylab = Text("cost", font_size=28).next_to(axes.y_axis, UP, buff=0.15)
        curve = VMobject(stroke_color=WHITE, stroke_width=3).set_points_smoothly(
            [axes.c2p(t, c) for t, c in zip(ts_curve, curve_c)])
        ts, slopes = descent_1d()
        costs = cost_along_line(ts)

        # Beat: one input.
        self.beat("Thousands of inputs are hard to picture, so start with one: slide the trained network's "
                  "weights along a straight line, t saying how far. The white curve is the "
                  "true cost along it.")
        self.add(axes, xlab, ylab)
        self.play_through(Create(curve))

        # Beat: why not solve for a zero slope.
        n_params = sum(a * b + b for a, b in zip(get_run().layer_sizes[:-1], get_run().layer_sizes[1:]))
        n = len(get_dataset().y_train)
        zero = MathTex(r"\frac{dC}{dt} = 0", font_size=60).to_edge(UP, buff=0.5)
        many = MathTex(r"\frac{\partial C}{\partial w_1} = 0,\ \ \frac{\partial C}{\partial w_2} = 0,\ \ \dots,\ \ "
                       r"\frac{\partial C}{\partial w_{" + f"{n_params}" + r"}} = 0", font_size=48).to_edge(UP, buff=0.3)
        why = Text(f"{n_params:,} equations at once", font_size=32, color=HIGHLIGHT)
        why.next_to(many, DOWN, buff=0.3).align_to(many, RIGHT)
        self.beat(f"At a minimum the slope is zero, so why not solve for that? For our cost it means "
                  f"{n_params:,} equations at once, tangled through every layer and all {n:,} training digits. "
                  "No formula solves them, so we walk downhill instead.")
        self.play(Write(zero), run_time=0.3 * self.remaining())
        self.play(ReplacementTransform(zero, many), run_time=0.3 * self.remaining())
        self.play(FadeIn(why, shift=DOWN * 0.2), run_time=0.5 * self.remaining())
        self.play_through(FadeOut(many), FadeOut(why))

        # Beat: slope.
        self.beat(f"Put a ball on the curve, far out on the right. Which way is downhill? The slope tells us: "
                  f"here it is {fmt(slopes[0])}, positive, so the cost rises as t grows.")
        ball = Dot(axes.c2p(ts[0], costs[0]), radius=0.12, color=HIGHLIGHT)
        self.play(FadeIn(ball, scale=2), run_time=0.3 * self.remaining())

        def tangent(t: float, c: float, s: float, half: float = 7.0) -> Line:
            return Line(axes.c2p(t - half, c - s * half), axes.c2p(t + half, c + s * half),
                        color=ASCENT, stroke_width=3)

        tan = tangent(ts[0], costs[0], slopes[0])
        slope_text = MathTex(r"\text{slope} = " + tex_num(slopes[0]), font_size=42, color=ASCENT)
        slope_text.to_corner(UP + RIGHT, buff=0.6)
        self.play_through(Create(tan), Write(slope_text))

        # Beat: step.
        self.beat(f"The rule: step against the slope, by the slope times a step size, here {ETA_1D:g}. Steep "
                  "ground gives a big step, gentle ground a small one.")
        rule = MathTex(r"t \leftarrow t - \eta \cdot \text{slope}, \quad \eta = " + f"{ETA_1D:g}", font_size=42)
        rule.to_corner(UP + LEFT, buff=0.6)
        self.play(Write(rule), run_time=0.4 * self.remaining())
        first_step = Arrow(axes.c2p(ts[0], costs[0]), axes.c2p(ts[1], costs[0]), buff=0.15, color=DESCENT)
        self.play_through(GrowArrow(first_step))

        # Beat: roll.
        self.beat("Then repeat: measure the slope, step, measure again. As the slope flattens near the bottom, "
                  "each step comes out shorter than the last.")
        self.play(FadeOut(first_step), run_time=0.5)
        marks = VGroup()
        gaps = np.abs(np.diff(ts)) ** 0.5
        durations = 0.95 * self.remaining() * gaps / gaps.sum()
        for k in range(1, len(ts)):
            new_tan = tangent(ts[k], costs[k], slopes[k])
            new_text = MathTex(r"\text{slope} = " + tex_num(slopes[k]), font_size=42, color=ASCENT)
            new_text.move_to(slope_text, aligned_edge=LEFT)
            mark = Dot(axes.c2p(ts[k - 1], costs[k - 1]), radius=0.05, color=GRAY)
            marks.add(mark)
            self.add(mark)
            self.play(ball.animate.move_to(axes.c2p(ts[k], costs[k])), tan.animate.become(new_tan),
                      ReplacementTransform(slope_text, new_text), run_time=max(0.3, float(durations[k - 1])))
            slope_text = new_text

        # Beat: local minimum.
        self.beat(f"After {len(ts) - 1} steps the cost has fallen from {fmt(costs[0])} to {fmt(costs[-1])}: the "
                  "slope is almost zero, and the ball settles into a minimum.")
        note = Text(f"{len(ts) - 1} steps: cost {fmt(costs[0])} -> {fmt(costs[-1])}", font_size=30,
                    color=HIGHLIGHT).next_to(slope_text, DOWN, buff=0.25).align_to(slope_text, RIGHT)
        self.play(FadeIn(note), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(m, scale_factor=2.5) for m in [*marks, ball]], lag_ratio=0.3))
