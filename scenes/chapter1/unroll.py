"""Part 2a: the 28 rows of a real digit swing into one column of 784 numbers."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    WHITE,
    Brace,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    LaggedStart,
    Line,
    MathTex,
    SurroundingRectangle,
    Text,
    Transform,
    VGroup,
)

from scenes.data import Needs, get_run
from scenes.mobjects import spread_pixels
from scenes.pixel_rows import column_position, pixel_rows, unrolled_rows
from scenes.style import GRAY, HIGHLIGHT, NEURON_STROKE
from scenes.chapter1.numbers import demo_probe
from scenes.chapter1.drawing import Ch1Scene, tour

DIGIT_HEIGHT = 5.0
COLUMN_TOP = np.array([1.2, 3.7, 0.0])
COLUMN_HEIGHT = 7.4
COLUMN_WIDTH = 0.7


class Ch1RowsToColumn(Ch1Scene):
    """A real digit cut into its 28 rows, which swing one by one into a single column: 784 inputs."""

    NEEDS = Needs(activation=None, cost=None)

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        pixels = run.probes.images[i]
        label = int(run.probes.labels[i])
        rows = pixel_rows(pixels, DIGIT_HEIGHT).move_to(2.6 * LEFT + 0.45 * DOWN)

        # Beat: the digit as rows.
        self.beat(f"Here is the real {label} we will follow into the network. The network cannot take a square "
                  "picture as it is: its first layer wants one list of numbers. So we cut the image into its 28 "
                  "rows, each a thin strip of 28 pixels.")
        self.play(FadeIn(rows), run_time=0.15 * self.remaining())
        opened = pixel_rows(pixels, DIGIT_HEIGHT, gap=0.04).move_to(rows)  # braces stay 0.3 inside the frame
        self.play(*[Transform(r, o) for r, o in zip(rows, opened)], run_time=0.25 * self.remaining())
        top = Brace(rows[0], UP, buff=0.1)
        top_t = top.get_tex("28").scale(0.9)
        side = Brace(rows, LEFT, buff=0.1)
        side_t = side.get_tex("28").scale(0.9)
        self.play(GrowFromCenter(top), FadeIn(top_t), GrowFromCenter(side), FadeIn(side_t),
                  run_time=0.3 * self.remaining())
        frame = SurroundingRectangle(rows[0], color=HIGHLIGHT, buff=0.03)
        self.play(Create(frame), run_time=0.6)
        self.play_through(tour([frame], [[rows[k]] for k in range(4, 28, 4)]), share=0.9)

        # Beat: the rows swing into one column.
        self.beat("Now the rows swing over, one after another, and line up end to end in a single column: the "
                  "first row at the top, the second just below it, and so on down to the last. Read from top "
                  "to bottom, the column visits every pixel in reading order.")
        targets = unrolled_rows(rows, COLUMN_HEIGHT, COLUMN_WIDTH, COLUMN_TOP)
        self.play(FadeOut(VGroup(top, top_t, side, side_t, frame)), run_time=0.6)
        self.play_through(LaggedStart(*[Transform(r, t, path_arc=-PI / 2) for r, t in zip(rows, targets)],
                                      lag_ratio=0.35), share=0.92)

        # Beat: 28 x 28 = 784, each an input neuron.
        self.beat("Twenty-eight rows of 28 pixels: 28 times 28 makes 784 numbers in one column. Each of them "
                  "becomes the activation of one neuron in the network's first layer. Here are a few of those "
                  "neurons, lit exactly as bright as their pixels.")
        column = VGroup(*[Line(t.get_corner(UP + LEFT), t.get_corner(DOWN + LEFT)) for t in targets])  # extent only
        brace = Brace(column, LEFT, buff=0.15)
        count = MathTex(r"28 \times 28 = 784", font_size=54).next_to(brace, LEFT, buff=0.2)
        self.play(GrowFromCenter(brace), FadeIn(count, shift=0.3 * RIGHT), run_time=0.25 * self.remaining())
        chosen = np.sort(spread_pixels(pixels, 16))
        neurons = VGroup(*[Circle(radius=0.14, stroke_color=NEURON_STROKE, stroke_width=2).set_fill(WHITE, 0)
                           for _ in chosen]).arrange(DOWN, buff=0.14).move_to([4.6, -0.3, 0])
        right_edge = COLUMN_TOP + 0.5 * COLUMN_WIDTH * RIGHT
        links = VGroup(*[Line(column_position(int(k), right_edge, COLUMN_HEIGHT), c.get_left(), stroke_width=1.2,
                              stroke_color=GRAY) for k, c in zip(chosen, neurons)])
        title = Text("input neurons", font_size=30).next_to(neurons, UP, buff=0.2)
        self.play(Create(links, lag_ratio=0.05), FadeIn(neurons), FadeIn(title), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[c.animate.set_fill(WHITE, float(pixels[k]))
                                        for c, k in zip(neurons, chosen)], lag_ratio=0.25), share=0.9)
