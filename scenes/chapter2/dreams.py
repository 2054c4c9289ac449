"""Chapter 2: it cannot draw. The inputs that make each output brightest, found by gradient ascent."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    FadeIn,
    Indicate,
    Circumscribe,
    FadeOut,
    Group,
    LaggedStart,
    SurroundingRectangle,
    Text,
    VGroup,
    VMobject,
)

from scenes.base import LectureScene
from scenes.data import get_run
from scenes.mobjects import digit_image
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import ASCENT
from scenes.chapter2.experiments_numbers import ExperimentNeeds, dream_summary

#: The digit of the big picture (the lecture asks for a 5).
FOCUS = 5


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


class Ch2CannotDraw(LectureScene):
    """Beat 18: gradient ascent on the input of the trained network: confident, noise-like, not digits."""

    # Sigmoid outputs (quadratic cost): output k is brightest exactly when z_k is largest.
    NEEDS = ExperimentNeeds(activation=None, cost="quadratic", experiments=("dreams",))

    def construct(self) -> None:
        run = get_run()
        d, s = run.dreams, dream_summary(get_run())
        k = FOCUS
        iters = d.objective.shape[1] - 1
        a_path = _sigmoid(d.objective[k][d.saved_iterations])  # a_k = sigma(z_k): sigmoid outputs

        # Left: the input under ascent; right: a_k per iteration.
        frames = [digit_image(p, height=3.6) for p in d.path[k]]
        picture = frames[0].move_to(LEFT * 4.1 + UP * 0.3)
        it_label = Text("start: grey + faint noise", font_size=28, color=GRAY).next_to(picture, DOWN, buff=0.25)
        ax = Axes(x_range=[0, iters, max(1, iters // 4)], y_range=[0, 1, 0.25], x_length=5.6, y_length=3.4, tips=False,
                  axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 32})
        ax.move_to(RIGHT * 2.6 + UP * 0.4)
        head = Text(f"output {k}'s activation", font_size=28).next_to(ax, UP, buff=0.25)
        x_lab = Text("ascent step", font_size=24).next_to(ax, DOWN, buff=0.12)

        self.beat(f"Can the trained network draw a {k}? Let's ask it. Start from a plain grey image, then nudge "
                  f"every pixel in the direction that makes output {k} brighter: gradient ascent on the input, "
                  f"{iters} steps, each pixel kept between 0 and 1.")
        self.play(FadeIn(picture), FadeIn(it_label), Create(ax), FadeIn(head), FadeIn(x_lab),
                  run_time=0.3 * self.remaining())
        a_all = _sigmoid(d.objective[k])
        marks = [int(i) for i in d.saved_iterations]
        segments = VGroup(*[VMobject(stroke_color=ASCENT, stroke_width=4).set_points_as_corners(
            [ax.c2p(i, a_all[i]) for i in range(i0, i1 + 1)]) for i0, i1 in zip(marks[:-1], marks[1:])])
        per = max(0.2, 0.9 * self.remaining() / len(segments))
        for j in range(1, len(frames)):
            frames[j].move_to(picture)
            label = Text(f"step {marks[j]}: output {k} = {a_path[j]:.2f}", font_size=28,
                         color=ASCENT).move_to(it_label)
            self.play(FadeOut(picture), FadeIn(frames[j]), FadeOut(it_label), FadeIn(label),
                      Create(segments[j - 1]), run_time=per)
            picture, it_label = frames[j], label

        real = digit_image(run.probes.images[s.real_probe[k]], height=3.6).move_to(RIGHT * 2.6 + UP * 0.3)
        real_label = Text(f"a real {k}: output {k} = {s.real_own[k]:.2f}", font_size=28, color=POSITIVE)
        real_label.next_to(real, DOWN, buff=0.25)
        verdict = Text("brightest output, but no digit", font_size=28, color=HIGHLIGHT).to_edge(DOWN, buff=0.3)
        self.beat(f"Output {k} ends at {s.own[k]:.2f}, even surer than it is of a real held-out {k}, which gets "
                  f"{s.real_own[k]:.2f}. But look at the picture: no {k} at all, just a speckled blob. The network "
                  "is certain, and it is looking at noise." if s.own[k] >= s.real_own[k] else
                  f"Output {k} ends at {s.own[k]:.2f}, nearly as sure as it is of a real held-out {k}, which gets "
                  f"{s.real_own[k]:.2f}. But look at the picture: no {k} at all, just a speckled blob. The network "
                  "is certain, and it is looking at noise.")
        self.play(FadeOut(ax), FadeOut(head), FadeOut(x_lab), FadeOut(segments), run_time=0.15 * self.remaining())
        self.play(FadeIn(real), FadeIn(real_label), run_time=0.25 * self.remaining())
        self.play(Indicate(it_label, color=ASCENT, scale_factor=1.08),  # 1.2 would touch the frame's edge
                  Indicate(real_label, color=POSITIVE, scale_factor=1.08),
                  run_time=0.3 * self.remaining())
        self.play_through(FadeIn(verdict, shift=UP * 0.2), Circumscribe(picture, color=HIGHLIGHT, buff=0.1),
                          share=0.9)

        # All ten: found by ascent over real ones.
        n = d.images.shape[0]
        top = Group(*[digit_image(d.images[j], height=1.2) for j in range(n)]).arrange(RIGHT, buff=0.14)
        bottom = Group(*[digit_image(run.probes.images[s.real_probe[j]], height=1.2) for j in range(n)])
        bottom.arrange(RIGHT, buff=0.14)
        Group(top, bottom).arrange(DOWN, buff=0.75).move_to(UP * 0.1)
        tops = VGroup(*[Text(f"{s.own[j]:.2f}", font_size=28, color=ASCENT if s.answer[j] == j else NEGATIVE)
                        .next_to(top[j], DOWN, buff=0.08) for j in range(n)])
        digits = VGroup(*[Text(str(j), font_size=28).next_to(top[j], UP, buff=0.1) for j in range(n)])
        row_a = Text("found by gradient ascent", font_size=28, color=ASCENT).next_to(digits, UP, buff=0.15)
        row_b = Text("real held-out digits", font_size=28, color=POSITIVE).next_to(bottom, DOWN, buff=0.15)
        misses = [j for j in range(n) if s.answer[j] != j]
        hits = len(s.hits)
        summary = Text(f"{hits} of {n}: own output brightest", font_size=28, color=HIGHLIGHT)
        summary.to_edge(DOWN, buff=0.2)
        self.beat(f"The same for every digit. Top: the input found for each output, with that output's "
                  f"activation. Bottom: real held-out digits. For {hits} of the {n} outputs the ascent finds an "
                  "input where that output is the brightest, and not one of them looks like its digit.")
        self.play(FadeOut(picture), FadeOut(it_label), FadeOut(real), FadeOut(real_label), FadeOut(verdict),
                  run_time=0.6)
        self.play(LaggedStart(*[FadeIn(Group(t, dg)) for t, dg in zip(top, digits)], lag_ratio=0.1),
                  FadeIn(row_a), run_time=0.35 * self.remaining())
        self.play(LaggedStart(*[FadeIn(v) for v in tops], lag_ratio=0.1), FadeIn(bottom), FadeIn(row_b),
                  run_time=0.5 * self.remaining())
        self.play_through(FadeIn(summary), *[Create(SurroundingRectangle(top[j], color=ASCENT, buff=0.03))
                                             for j in s.hits], share=0.9)

        if misses:
            j = misses[0]
            miss = Text(f"for {j}: output {j} only {s.own[j]:.2f}, output {int(s.answer[j])} brightest",
                        font_size=28, color=NEGATIVE).move_to(summary)
            self.beat(f"Where it fails, it fails oddly: for {j}, the climb gets stuck with output {j} at only "
                      f"{s.own[j]:.2f}, while output {int(s.answer[j])} shines brightest on that input.")
            self.play(FadeOut(summary), FadeIn(miss), run_time=0.3 * self.remaining())
            self.play_through(Create(SurroundingRectangle(Group(top[j], tops[j]), color=NEGATIVE, buff=0.05)),
                              share=0.9)

        self.beat("So the network can recognise digits without being able to imagine one. It learned which "
                  "pixels push each output up, and a great many pixel patterns that are not digits push just as "
                  "hard.")
        self.play_through(LaggedStart(*[top[j].animate.scale(1.12) for j in range(n)], lag_ratio=0.1), share=0.5)
        self.play_through(LaggedStart(*[top[j].animate.scale(1 / 1.12) for j in range(n)], lag_ratio=0.1))
