"""Chapter 2: why activations vary continuously: with a step instead of sigmoid, the real cost is flat
almost everywhere, and the gradient says nothing."""

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
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    Text,
    VGroup,
    VMobject,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE
from scenes.chapter2.numbers import cost_along_line
from scenes.chapter2.numbers_network import flat_share, step_cost_along_line

WIDE = (0.0, 40.0, 81)
ZOOM = (10.0, 10.5, 101)


def _stairs(axes: Axes, ts: np.ndarray, cs: np.ndarray, color) -> VMobject:
    """Samples drawn as a staircase: each value held until the next sample."""
    pts = []
    for k, (t, c) in enumerate(zip(ts, cs)):
        pts.append(axes.c2p(t, c))
        if k + 1 < len(ts):
            pts.append(axes.c2p(ts[k + 1], c))
    return VMobject(stroke_color=color, stroke_width=4).set_points_as_corners(pts)


def _axes(lo: float, hi: float, ys: np.ndarray, width: float, height: float, x_step: float) -> Axes:
    pad = 0.1 * float(np.ptp(ys) or 1e-3)
    y0, y1 = float(ys.min() - pad), float(ys.max() + pad)
    return Axes(x_range=[lo, hi, x_step], y_range=[y0, y1, (y1 - y0) / 2], x_length=width, y_length=height,
                tips=False, axis_config={"stroke_width": 2},
                x_axis_config={"include_numbers": True, "font_size": 32})


class Ch2SmoothCost(LectureScene):
    """The sigmoid and a step; the real cost along the one-variable line for both; a zoom where the step
    network's cost does not move at all."""

    NEEDS = Needs(landscape=True, cost="quadratic", activation="sigmoid")

    def construct(self) -> None:
        # the two activation functions
        f_axes = [Axes(x_range=[-6, 6, 2], y_range=[0, 1, 1], x_length=5.6, y_length=4.4, tips=False,
                       axis_config={"stroke_width": 2}) for _ in range(2)]
        VGroup(*f_axes).arrange(RIGHT, buff=1.2).shift(DOWN * 0.6)
        sig = f_axes[0].plot(lambda z: 1 / (1 + np.exp(-z)), color=WHITE, stroke_width=5)
        step = VMobject(stroke_color=NEGATIVE, stroke_width=5).set_points_as_corners(
            [f_axes[1].c2p(-6, 0), f_axes[1].c2p(0, 0), f_axes[1].c2p(0, 1), f_axes[1].c2p(6, 1)])
        names = VGroup(MathTex(r"\sigma(z) = \frac{1}{1 + e^{-z}}", font_size=40).next_to(f_axes[0], UP, buff=0.4),
                       Text("step: on or off", font_size=34, color=NEGATIVE).next_to(f_axes[1], UP, buff=0.5))

        # Beat: why smooth.
        self.beat("Why do our neurons use the smooth sigmoid, rather than simply switching on or off? Because "
                  "gradient descent needs a cost that changes smoothly as the weights change.")
        self.play(Create(f_axes[0]), Create(f_axes[1]), FadeIn(names), run_time=0.35 * self.remaining())
        self.play_through(Create(sig), Create(step))

        # Beat: the real cost, both ways.
        ts = np.linspace(*WIDE)
        smooth, stairs = cost_along_line(ts), step_cost_along_line(ts)
        ys = np.concatenate([smooth, stairs])
        axes = _axes(WIDE[0], WIDE[1], ys, 11.0, 5.2, 10).to_edge(DOWN, buff=0.8)
        smooth_line = VMobject(stroke_color=WHITE, stroke_width=4).set_points_smoothly(
            [axes.c2p(t, c) for t, c in zip(ts, smooth)])
        step_line = _stairs(axes, ts, stairs, NEGATIVE)
        key = VGroup(Text("our network's cost", font_size=30),
                     Text("same weights, steps instead of sigmoids", font_size=30, color=NEGATIVE)
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).to_corner(UP + LEFT, buff=0.4)
        xlab = Text("t: along the line from before", font_size=28, color=GRAY).next_to(axes, DOWN, buff=0.15)
        xlab.align_to(axes, RIGHT)
        self.beat("Try it on the real network, along the same line through the trained weights as before. "
                  "White is our cost. Red is the cost of the very same weights with every sigmoid replaced by a "
                  "step: it jumps about in little stairs.")
        self.play(FadeOut(VGroup(*f_axes, sig, step, names)), run_time=0.15 * self.remaining())
        self.play(Create(axes), FadeIn(xlab), FadeIn(key[0]), Create(smooth_line), run_time=0.4 * self.remaining())
        self.play_through(FadeIn(key[1]), Create(step_line))

        # Beat: zoom.
        zs = np.linspace(*ZOOM)
        z_smooth, z_step = cost_along_line(zs), step_cost_along_line(zs)
        moves = len(zs) - 1
        still = int(round(flat_share(z_step) * moves))
        left = _axes(ZOOM[0], ZOOM[1], z_smooth, 5.4, 4.2, 0.25)
        right = _axes(ZOOM[0], ZOOM[1], z_step, 5.4, 4.2, 0.25)
        VGroup(left, right).arrange(RIGHT, buff=1.2).to_edge(DOWN, buff=0.9)
        z_lines = VGroup(VMobject(stroke_color=WHITE, stroke_width=4).set_points_smoothly(
            [left.c2p(t, c) for t, c in zip(zs, z_smooth)]), _stairs(right, zs, z_step, NEGATIVE))
        heads = VGroup(MathTex(rf"\text{{sigmoid: }} C \text{{ from }} {fmt(z_smooth[0], 3)} \text{{ to }} "
                               rf"{fmt(z_smooth[-1], 3)}", font_size=36).next_to(left, UP, buff=0.3),
                       MathTex(r"\text{step: } C \text{ takes " + f"{len(set(z_step.tolist()))}" + r" values}",
                               font_size=36, color=NEGATIVE).next_to(right, UP, buff=0.3))
        verdict = Text(f"{still} of {moves} tiny moves: no change at all", font_size=32, color=HIGHLIGHT)
        verdict.to_edge(UP, buff=0.4)
        self.beat(f"Zoom in on a tiny stretch, from t = {ZOOM[0]:g} to {ZOOM[1]:g}. The sigmoid cost slopes "
                  f"gently, but the step cost is flat: of {moves} tiny moves, {still} leave it exactly unchanged. "
                  "With a slope of zero almost everywhere, the gradient cannot tell which way is downhill.")
        self.play(FadeOut(VGroup(axes, smooth_line, step_line, key, xlab)), run_time=0.15 * self.remaining())
        self.play(Create(left), Create(right), FadeIn(heads), run_time=0.25 * self.remaining())
        self.play(Create(z_lines[0]), Create(z_lines[1]), run_time=0.35 * self.remaining())
        self.play_through(FadeIn(verdict, shift=DOWN * 0.2), Indicate(z_lines[1], color=HIGHLIGHT))
