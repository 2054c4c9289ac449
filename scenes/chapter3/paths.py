"""Chapter 3, part 6b: the careful full-batch walker and the quick, stumbling mini-batch walker,
step by step on the run's own slice of the cost surface (``landscape.npz``'s ``descent_*``)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    BLACK,
    WHITE,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Group,
    ImageMobject,
    Indicate,
    SurroundingRectangle,
    Text,
    VGroup,
    VMobject,
    ValueTracker,
    always_redraw,
    linear,
)
from manim.constants import RESAMPLING_ALGORITHMS
from manim.utils.rate_functions import smooth

from scenes.base import LectureScene
from scenes.data import Needs, get_run
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE
from scenes.chapter2.drawing import cost_image
from scenes.chapter3.batch_numbers import descent_race

#: Width of the landscape picture (scene units).
WIDTH = 12.6


def _stepper(points: np.ndarray, t: float) -> np.ndarray:
    """Position after ``t`` steps along ``points`` (N, 3): each step eases in and out, so the walker
    pauses on every footprint instead of gliding."""
    i = int(min(np.floor(t), len(points) - 2))
    frac = float(np.clip(t - i, 0.0, 1.0))
    return points[i] + smooth(frac) * (points[i + 1] - points[i])


def _walker(points: np.ndarray, t: ValueTracker, color, radius: float) -> tuple[VMobject, VGroup, Dot]:
    """A trail, footprints and a dot that follow ``t`` (steps taken) along ``points``."""
    def trail() -> VMobject:
        k = int(np.floor(t.get_value()))
        pts = [*points[: k + 1], _stepper(points, t.get_value())]
        line = VMobject(stroke_color=color, stroke_width=4)
        return line.set_points_as_corners(pts) if len(pts) > 1 else line

    def prints() -> VGroup:
        k = int(np.floor(t.get_value()))
        return VGroup(*[Dot(p, radius=0.045, color=color) for p in points[1 : k + 1]])

    dot = Dot(points[0], radius=radius, color=color).set_stroke(WHITE if color != WHITE else GRAY, 2)
    dot.add_updater(lambda d: d.move_to(_stepper(points, t.get_value())))
    return always_redraw(trail), always_redraw(prints), dot


class Ch3TwoPaths(LectureScene):
    """Forty full-batch steps and forty mini-batch steps from the same point, walked on the real cost slice."""

    NEEDS = Needs(activation=None, cost=None, landscape=True)

    def construct(self) -> None:
        run = get_run()
        race = descent_race()
        land = run.landscape
        xs, ys = land.descent_xs, land.descent_ys
        img = ImageMobject(cost_image(xs, ys, land.descent_cost, width_px=640))
        img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        img.width = WIDTH
        if img.height > 5.8:
            img.height = 5.8
        axes = Axes(x_range=[float(xs[0]), float(xs[-1]), 1], y_range=[float(ys[0]), float(ys[-1]), 1],
                    x_length=img.width, y_length=img.height, tips=False, axis_config={"stroke_width": 0})
        Group(img, axes).move_to(DOWN * 0.4)
        full_pts = np.array([axes.c2p(*p) for p in race.full_xy])
        sgd_pts = np.array([axes.c2p(*p) for p in race.sgd_xy])
        steps = race.steps
        t_full, t_sgd = ValueTracker(0.0), ValueTracker(0.0)
        full_trail, full_prints, full_dot = _walker(full_pts, t_full, WHITE, 0.13)
        sgd_trail, sgd_prints, sgd_dot = _walker(sgd_pts, t_sgd, NEGATIVE, 0.13)

        key_full = Text(f"careful: all {race.n_train:,} digits per step", font_size=28, color=WHITE)
        key_sgd = Text(f"quick: {race.batch_size} digits per step", font_size=28, color=NEGATIVE)
        VGroup(key_full, key_sgd).arrange(RIGHT, buff=0.8).to_edge(UP, buff=0.35)
        where = Text(f"a real slice of the cost surface at step {race.start_step:,}, dark = low cost",
                     font_size=24, color=GRAY)
        where.next_to(img, DOWN, buff=0.1)
        cheaper = Text(f"{race.ratio:,} times less work per step", font_size=28, color=HIGHLIGHT)
        cheaper.next_to(key_sgd, DOWN, buff=0.12).align_to(key_sgd, RIGHT)

        # Beat: the careful walker.
        self.beat(f"Here are both ways of walking, on a real slice of our cost surface, taken where the run stood "
                  f"at step {race.start_step:,}. The careful walker, in white, averages all {race.n_train:,} "
                  f"training digits before every step, so each of its {steps} steps points straight downhill.")
        self.play(FadeIn(img), FadeIn(where), run_time=min(1.5, 0.15 * self.remaining()))
        self.add(full_trail, full_prints, full_dot)
        self.play(FadeIn(key_full), Flash(full_dot, color=WHITE), run_time=0.8)
        self.play(t_full.animate.set_value(steps), run_time=max(2.0, 0.9 * self.remaining()), rate_func=linear)

        # Beat: the quick walker.
        self.beat(f"The quick walker, in red, starts from the same point but looks at only {race.batch_size} "
                  f"digits per step, {race.ratio:,} times less work. Every step is a little off, so it stumbles "
                  "from side to side; yet, on the whole, it heads downhill too.")
        self.add(sgd_trail, sgd_prints, sgd_dot)
        self.play(FadeIn(key_sgd), FadeIn(cheaper, shift=DOWN * 0.1), Flash(sgd_dot, color=NEGATIVE),
                  run_time=min(1.5, 0.15 * self.remaining()))
        self.play(t_sgd.animate.set_value(steps), run_time=max(2.0, 0.9 * self.remaining()), rate_func=linear)

        # Beat: both at once, and where they end.
        ends = VGroup(
            Text(f"cost {fmt(race.full_cost[-1], 3)}", font_size=28, color=WHITE),
            Text(f"cost {fmt(race.sgd_cost[-1], 3)}", font_size=28, color=NEGATIVE),
        )
        start_note = Text(f"start: cost {fmt(race.full_cost[0], 3)}", font_size=28, color=HIGHLIGHT)
        start_note.next_to(full_pts[0], UP, buff=0.35).shift(RIGHT * 1.0)
        start_note.add_background_rectangle(color=BLACK, opacity=0.65, buff=0.1)  # readable on the bright surface
        self.beat(f"Run them again, side by side. Both begin at a cost of {fmt(race.full_cost[0], 3)}. After "
                  f"{steps} steps the careful walker is down to {fmt(race.full_cost[-1], 3)}, and the stumbling "
                  f"one to {fmt(race.sgd_cost[-1], 3)}: almost as far, for a tiny share of the work. That trade "
                  "is stochastic gradient descent.")
        self.play(t_full.animate.set_value(0), t_sgd.animate.set_value(0), FadeIn(start_note),
                  run_time=min(1.5, 0.12 * self.remaining()))
        self.play(t_full.animate.set_value(steps), t_sgd.animate.set_value(steps),
                  run_time=max(2.0, 0.6 * self.remaining()), rate_func=linear)
        ends[0].next_to(full_dot, UP, buff=0.25)
        ends[1].next_to(sgd_dot, DOWN, buff=0.25)
        if ends[1].get_bottom()[1] < img.get_bottom()[1] + 0.1:  # keep off the caption under the picture
            ends[1].next_to(sgd_dot, LEFT, buff=0.25)
        if abs(ends[0].get_y() - ends[1].get_y()) < 0.5:
            ends[1].next_to(ends[0], DOWN, buff=0.6)
        for m in ends:
            if m.get_right()[0] > 6.7:
                m.shift(LEFT * (m.get_right()[0] - 6.7))
            m.add_background_rectangle(color=BLACK, opacity=0.65, buff=0.1)  # readable on the bright surface
        self.play(FadeIn(ends[0], shift=UP * 0.1), Indicate(full_dot), run_time=max(1.0, 0.35 * self.remaining()))
        self.play(FadeIn(ends[1], shift=DOWN * 0.1), Indicate(sgd_dot, color=NEGATIVE),
                  run_time=max(1.0, self.remaining()))
        full_dot.clear_updaters()
        sgd_dot.clear_updaters()
        self.play(FadeOut(start_note), Create(SurroundingRectangle(VGroup(key_sgd, cheaper), color=HIGHLIGHT)),
                  run_time=1.0)
