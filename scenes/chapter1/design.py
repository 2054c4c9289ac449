"""Part 5a: designing a neuron by hand (a bar detector), then a real trained neuron for contrast."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circumscribe,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    MathTex,
    Square,
    Text,
    Transform,
)

from scenes.data import Needs, get_run
from scenes.mobjects import digit_image, weight_image
from scenes.numbers import fmt, tex_num
from scenes.style import HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter1.numbers import bar_detector, neuron_example, weighted_sum
from scenes.chapter1.drawing import Ch1Scene, pixel_center, tour

SIZE = 3.6


class Ch1HandDesignedNeuron(Ch1Scene):
    """Weights chosen by hand to detect a horizontal bar, tried on a real 7 and a real 1; a trained neuron beside."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        seven = run.probes.images[int(run.probes.of_digit(7)[0])]
        one = run.probes.images[int(run.probes.of_digit(1)[0])]
        det = bar_detector(seven)
        w = det.weights
        s7, s1 = weighted_sum(w, seven), weighted_sum(w, one)

        # Beat: the knobs.
        self.beat("Suppose we wanted one neuron to detect a short horizontal stroke in one particular place. "
                  "Which weights would do it? Make them positive on a bar of pixels, negative on the pixels "
                  "just above and below it, and zero everywhere else.")
        grid = weight_image(np.zeros(784), height=SIZE, vmax=1.0).move_to([-4.3, -0.2, 0])
        title = Text("designed by hand\n(a toy)", font_size=30, color=HIGHLIGHT, line_spacing=0.8)
        title.next_to(grid, UP, buff=0.25)
        only_bar = np.where(w > 0, w, 0.0)
        bar = weight_image(only_bar, height=SIZE, vmax=1.0).move_to(grid)
        full = weight_image(w, height=SIZE, vmax=1.0).move_to(grid)
        legend = Group(Text("green: +1", font_size=28, color=POSITIVE), Text("red: -1", font_size=28, color=NEGATIVE),
                       Text("black: 0", font_size=28)).arrange(RIGHT, buff=0.3).next_to(grid, DOWN, buff=0.3)
        legend.align_to(grid, LEFT)
        aside = 4.3 * LEFT  # centre stage while alone, then aside for the digits
        for m in (grid, title, bar, full, legend):
            m.shift(-aside)
        self.play(FadeIn(title), FadeIn(grid), run_time=0.2 * self.remaining())
        self.play(Transform(grid[0], bar[0]), FadeIn(legend[0]), run_time=0.3 * self.remaining())
        self.play(Transform(grid[0], full[0]), FadeIn(legend[1:]), run_time=0.4 * self.remaining())
        self.play_through(Circumscribe(grid, color=HIGHLIGHT), share=0.9)

        # Beat: a real seven through it.
        self.beat(f"Now feed it a real seven. Its top stroke lies right on the green bar, while the pixels just "
                  f"around the bar are mostly dark and take little away. Multiplying pixel by weight and adding "
                  f"up gives a weighted sum of {fmt(s7, 3)}.")
        d7 = digit_image(seven, height=SIZE).move_to([0.0, -0.2, 0])
        times = MathTex(r"\times", font_size=56).move_to([-2.15, -0.2, 0])
        prod7 = weight_image(w * seven, height=SIZE, vmax=1.0).move_to([4.3, -0.2, 0])
        eq = MathTex("=", font_size=56).move_to([2.15, -0.2, 0])
        sum7 = MathTex(r"\textstyle\sum_k w_k a_k", "=", tex_num(s7, 3), font_size=48).next_to(prod7, DOWN, buff=0.3)
        sum7[2].set_color(HIGHLIGHT)
        self.play(Group(title, grid, legend).animate.shift(aside), FadeIn(d7), FadeIn(times),
                  run_time=0.2 * self.remaining())
        self.play(FadeIn(eq), FadeIn(prod7), run_time=0.25 * self.remaining())
        c0, c1 = det.cols
        marks = [Square(SIZE / 28 + 0.06, color=HIGHLIGHT, stroke_width=3).move_to(pixel_center(im[0], det.row, c0))
                 for im in (grid, d7, prod7)]
        self.add(*marks)
        stops = [[pixel_center(im[0], det.row, c) for im in (grid, d7, prod7)] for c in range(c0 + 3, c1 + 1, 4)]
        self.play(tour(marks, stops), run_time=0.45 * self.remaining())
        self.play_through(FadeOut(Group(*marks)), FadeIn(sum7), share=0.9)

        # Beat: a real one barely touches it.
        self.beat(f"A real one, standing upright, barely touches the bar, and its weighted sum is only "
                  f"{fmt(s1, 3)}. So this neuron's sum is large exactly when a stroke sits on the bar, which is "
                  "what detecting means.")
        d1 = digit_image(one, height=SIZE).move_to(d7)
        prod1 = weight_image(w * one, height=SIZE, vmax=1.0).move_to(prod7)
        sum1 = MathTex(r"\textstyle\sum_k w_k a_k", "=", tex_num(s1, 3), font_size=48).move_to(sum7)
        sum1[2].set_color(HIGHLIGHT)
        self.play(FadeOut(d7), FadeIn(d1), FadeOut(prod7), FadeIn(prod1), FadeOut(sum7), FadeIn(sum1),
                  run_time=0.35 * self.remaining())
        self.play_through(Indicate(sum1[2], scale_factor=1.4), Circumscribe(prod1), share=0.9)

        # Beat: a real trained neuron.
        ex = neuron_example()
        vmax = float(np.abs(ex.weights).max())
        real = weight_image(ex.weights, height=SIZE, vmax=vmax).move_to([3.0, -0.2, 0])
        real_t = Text(f"trained: neuron {ex.neuron} of hidden layer 1", font_size=28).next_to(real, UP, buff=0.3)
        self.beat(f"That was our design. Training made something else: here are the real weights of neuron "
                  f"{ex.neuron} of the first hidden layer, green and red of every strength scattered over the "
                  "grid. Nobody chose them; they came out of learning from examples.")
        self.play(FadeOut(Group(d1, prod1, sum1, times, eq)), run_time=0.2 * self.remaining())
        self.play(Group(title, grid, legend).animate.move_to([-3.3, 0.0, 0]), FadeIn(real), FadeIn(real_t),
                  run_time=0.35 * self.remaining())
        self.play_through(Circumscribe(real, color=HIGHLIGHT), Indicate(real_t, scale_factor=1.08), share=0.9)
