"""Chapter 2: the labelled toy C(x, y) = 3/2 x^2 + 1/2 y^2: its gradient (3, 1) at (1, 1), and
"x matters three times as much as y"."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    Dot,
    Ellipse,
    FadeIn,
    GrowArrow,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    MathTex,
    Rectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN
from scenes.numbers import fmt
from scenes.style import HIGHLIGHT, POSITIVE
from scenes.chapter2.drawing import ASCENT, DESCENT
from scenes.chapter2.numbers import TOY_NUDGE, TOY_POINT, toy_bowl_gradient, toy_bowl_nudges

LEVELS = (0.25, 0.75, 1.25, 2.0, 3.0)
#: Arrows are drawn this many plane units long per unit of gradient.
ARROW_SCALE = 0.3


def _n(v: float) -> str:
    """A toy number as written: ``3``, ``0.1``, ``0.315``."""
    return f"{float(v):g}"


class Ch2ToyGradient(LectureScene):
    """Level curves of the toy bowl, the gradient (3, 1) at (1, 1) and its negative, and two nudges."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        axes = Axes(x_range=[-2, 2, 1], y_range=[-2, 2, 1], x_length=6.0, y_length=6.0, tips=False,
                    axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 32})
        axes.to_edge(LEFT, buff=0.4).shift(DOWN * 0.1)
        ux = axes.x_axis.get_unit_size()
        uy = axes.y_axis.get_unit_size()
        rings = VGroup(*[Ellipse(width=2 * np.sqrt(2 * c / 3) * ux, height=min(2 * np.sqrt(2 * c), 4.0) * uy,
                                 color=DESCENT, stroke_width=2.5, stroke_opacity=0.4 + 0.15 * i
                                 ).move_to(axes.c2p(0, 0)) for i, c in enumerate(LEVELS) if 2 * c <= 4.0])
        x0, y0 = TOY_POINT
        g = toy_bowl_gradient(x0, y0)
        dx, dy = toy_bowl_nudges()
        formula = MathTex(r"\text{toy: } C(x, y) = \tfrac{3}{2}x^2 + \tfrac{1}{2}y^2", font_size=40)
        grad = MathTex(r"\nabla C = \left(\frac{\partial C}{\partial x},\ \frac{\partial C}{\partial y}\right)"
                       r" = (3x,\ y)", font_size=40)
        at = MathTex(rf"\nabla C({_n(x0)}, {_n(y0)}) = ({_n(g[0])},\ {_n(g[1])})", font_size=44, color=ASCENT)
        right = VGroup(formula, grad, at).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        right.next_to(axes, RIGHT, buff=0.5).to_edge(UP, buff=0.6)
        p = axes.c2p(x0, y0)
        dot = Dot(p, radius=0.1, color=HIGHLIGHT)
        up = Arrow(p, axes.c2p(x0 + ARROW_SCALE * g[0], y0 + ARROW_SCALE * g[1]), buff=0, color=ASCENT,
                   stroke_width=6, max_tip_length_to_length_ratio=0.2)
        down = Arrow(p, axes.c2p(x0 - ARROW_SCALE * g[0], y0 - ARROW_SCALE * g[1]), buff=0, color=DESCENT,
                     stroke_width=6, max_tip_length_to_length_ratio=0.2)
        up_label = MathTex(r"\nabla C", font_size=36, color=ASCENT).next_to(up.get_end(), UP, buff=0.1)
        down_label = MathTex(r"-\nabla C", font_size=36, color=DESCENT).next_to(down.get_end(), DOWN + LEFT,
                                                                                 buff=0.05)

        # Beat: the toy.
        self.beat("A toy with two inputs makes the gradient concrete. Let C of x and y be three halves x "
                  "squared plus one half y squared: a bowl, with its bottom at the origin. These ellipses are "
                  "its level curves.")
        self.play(Create(axes), Write(formula), run_time=0.35 * self.remaining())
        self.play_through(LaggedStart(*[Create(r) for r in rings], lag_ratio=0.3))

        # Beat: the gradient at (1, 1).
        self.beat(f"Its gradient collects the two slopes, 3x and y. At the point ({_n(x0)}, {_n(y0)}) that is "
                  f"the vector ({_n(g[0])}, {_n(g[1])}): the steepest way up the bowl. Its negative is the steepest "
                  "way down.")
        self.play(Write(grad), FadeIn(dot, scale=2), run_time=0.3 * self.remaining())
        self.play(Write(at), GrowArrow(up), FadeIn(up_label), run_time=0.4 * self.remaining())
        self.play_through(TransformFromCopy(up, down, path_arc=PI), FadeIn(down_label))

        # Beat: x matters three times as much.
        base = right.get_left() + DOWN * 2.15
        unit = 4.0  # scene units per unit of cost change
        bars = VGroup(*[Rectangle(width=max(d * unit, 0.05), height=0.45, stroke_width=0)
                        .set_fill(POSITIVE, 0.85) for d in (dx, dy)])
        names = VGroup(MathTex(rf"x + {_n(TOY_NUDGE)}:", font_size=36), MathTex(rf"y + {_n(TOY_NUDGE)}:",
                                                                                   font_size=36))
        for k, (b, nm) in enumerate(zip(bars, names)):
            nm.move_to(base + DOWN * 0.8 * k, aligned_edge=LEFT)
            b.next_to(nm, RIGHT, buff=0.3)
        rises = VGroup(*[MathTex(rf"\Delta C = {fmt(d, 3)}", font_size=36).next_to(b, RIGHT, buff=0.25)
                         for d, b in zip((dx, dy), bars)])
        verdict = Text(f"x matters {_n(round(dx / dy, 6))} times as much as y", font_size=30, color=HIGHLIGHT)
        verdict.next_to(names, DOWN, buff=0.5).align_to(names, LEFT)
        self.beat(f"Read the entries as sensitivities. Nudge x by {_n(TOY_NUDGE)} and C rises by {fmt(dx, 3)}; "
                  f"nudge y by {_n(TOY_NUDGE)} and it rises by only {fmt(dy, 3)}. At this point, x matters "
                  f"{_n(round(dx / dy, 6))} times as much as y, just as the gradient's entries say.")
        self.play(FadeIn(names[0]), GrowFromEdge(bars[0], LEFT), FadeIn(rises[0]), run_time=0.3 * self.remaining())
        self.play(FadeIn(names[1]), GrowFromEdge(bars[1], LEFT), FadeIn(rises[1]), run_time=0.35 * self.remaining())
        self.play_through(Write(verdict), Indicate(at, color=ASCENT))
