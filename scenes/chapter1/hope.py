"""Part 4: the hoped-for story of edges, loops and lines, and what training really made."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arc,
    Circle,
    Circumscribe,
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
    TransformFromCopy,
    VGroup,
)

from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import digit_image, weight_image
from scenes.style import HIGHLIGHT
from scenes.chapter1.drawing import Ch1Scene, loop, sketch_cell, stroke, tour


class Ch1HopedDecomposition(Ch1Scene):
    """The hope: digits as parts, parts as edges (marked as a hope, then the real weights)."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        data = get_dataset()

        def real(d: int):
            return digit_image(data.X_train[np.flatnonzero(data.y_train == d)[0]], height=1.5)

        title = Text("a hope, not yet a fact", font_size=34, color=HIGHLIGHT).to_edge(UP, buff=0.4)

        # Beat: nine = loop + line.
        self.beat("Why should layers help at all? Here is what we might hope they do. A nine, for instance, "
                  "can be seen as a loop sitting on top of a vertical line.")
        plus = lambda: MathTex("+", font_size=44)  # noqa: E731
        eq = lambda: MathTex("=", font_size=44)  # noqa: E731
        nine = Group(real(9), eq(), sketch_cell(loop((0, 0.28), 0.32)), plus(),
                     sketch_cell(stroke((0.32, 0.6), (0.32, -0.6)))).arrange(RIGHT, buff=0.3)
        eight = Group(real(8), eq(), sketch_cell(loop((0, 0.3), 0.28)), plus(),
                      sketch_cell(loop((0, -0.28), 0.32))).arrange(RIGHT, buff=0.3)
        four = Group(real(4), eq(), sketch_cell(stroke((-0.35, 0.6), (-0.45, -0.05))), plus(),
                     sketch_cell(stroke((-0.55, -0.05), (0.55, -0.05))), plus(),
                     sketch_cell(stroke((0.3, 0.6), (0.3, -0.6)))).arrange(RIGHT, buff=0.3)
        rows = Group(nine, eight, four).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        rows.scale_to_fit_height(6.2).move_to([0, -0.45, 0])
        home = nine.get_center()
        nine.scale(1.6).move_to(0.4 * DOWN)  # large while alone; back to its row when the others come
        title.next_to(nine, UP, buff=0.5)
        self.play(FadeIn(title, shift=0.2 * DOWN), FadeIn(nine, lag_ratio=0.2), run_time=0.5 * self.remaining())
        self.play_through(Succession(Circumscribe(nine[2]), Circumscribe(nine[4])), share=0.9)

        # Beat: eight and four.
        self.beat("An eight is two loops, one above the other, and a four is roughly three straight strokes. "
                  "If the second hidden layer had one neuron for each such part, the last layer would only "
                  "need to learn which parts make up which digit.")
        self.play(FadeOut(title), nine.animate.scale(1 / 1.6).move_to(home), run_time=0.12 * self.remaining())
        self.play(FadeIn(eight, lag_ratio=0.2), run_time=0.2 * self.remaining())
        self.play(FadeIn(four, lag_ratio=0.2), run_time=0.25 * self.remaining())
        parts = [row[k] for row in rows for k in range(2, len(row), 2)]
        self.play_through(LaggedStart(*[Circumscribe(p) for p in parts], lag_ratio=0.4), share=0.9)

        # Beat: loops into little edges.
        self.beat("Going one level down, a loop is itself made of short edges at different angles. So the "
                  "first hidden layer might spot little edges, the second might combine them into loops and "
                  "lines, and the output layer would combine those into digits.")
        self.play(FadeOut(rows))
        big = Circle(radius=1.9, stroke_color=WHITE, stroke_width=14).shift(3.4 * LEFT)
        arrow = MathTex(r"\Rightarrow", font_size=96).next_to(big, RIGHT, buff=0.8)
        pieces = VGroup(*[Arc(radius=1.9, start_angle=k * np.pi / 4 + 0.06, angle=np.pi / 4 - 0.12,
                              stroke_color=WHITE, stroke_width=14) for k in range(8)])
        pieces.move_to(big).next_to(arrow, RIGHT, buff=0.8)
        center = pieces.get_center()
        for p in pieces:
            p.shift(0.75 * (p.point_from_proportion(0.5) - center) / 1.9)
        self.play(Create(big), run_time=0.2 * self.remaining())
        self.play(FadeIn(arrow), TransformFromCopy(big, pieces), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(p, color=HIGHLIGHT) for p in pieces], lag_ratio=0.3), share=0.9)

        # Beat: what training really produced.
        self.beat("But that is only a hope. To check it, here are the real trained weights into the 16 "
                  "neurons of the first hidden layer, each drawn on the 28 by 28 pixel grid, green where a "
                  "weight is positive and red where it is negative.")
        run = get_run()
        W = run.final.weights[0]
        vmax = float(np.abs(W).max())
        grid = Group(*[weight_image(w, height=1.55, vmax=vmax) for w in W]).arrange_in_grid(2, 8, buff=0.12)
        grid.to_edge(DOWN, buff=0.5)
        note = Text(f"real trained weights into the {len(W)} first-layer neurons", font_size=30)
        note.next_to(grid, UP, buff=0.3)
        hope = Group(big, arrow, pieces)
        self.play(hope.animate.scale(0.45).next_to(note, UP, buff=0.3), run_time=0.15 * self.remaining())
        self.play_through(FadeIn(grid, lag_ratio=0.1), FadeIn(note), share=0.9)

        # Beat: they are not edges.
        self.beat("They look nothing like neat little edges: mostly scattered, blotchy patterns. The network "
                  "still reads digits well, but it found its own way to do it, not the tidy one we imagined.")
        frame = SurroundingRectangle(grid[0], color=HIGHLIGHT, buff=0.04)
        self.play(Create(frame))
        self.play_through(tour([frame], [[w] for w in grid[1:]]), share=0.9)
        self.play(FadeOut(frame))
