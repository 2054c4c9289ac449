"""Part 0: the hook. Real threes read at a glance; the very same pixel values,
moved around, read as other digits."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Circumscribe,
    Line,
    ORIGIN,
    VMobject,
    LaggedStart,
    ManimColor,
    Square,
    SurroundingRectangle,
    Text,
    Transform,
    VGroup,
)

from scenes.data import ANY_RUN
from scenes.mobjects import digit_image
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter1.numbers import first_of, rearranged, rearrangement_moves, threes
from scenes.chapter1.drawing import Ch1Scene, tour

#: The digits the three's pixel values are rearranged into (each by a real training digit's ranks).
OTHERS = (7, 0, 5)
BIG = 4.6


def pixel_squares(pixels: np.ndarray, frame: Square, where: np.ndarray | None = None) -> VGroup:
    """One gray square per lit pixel of ``pixels`` (784 values), placed in the 28x28 ``frame``
    at position ``where[k]`` (default: its own place ``k``)."""
    cell = frame.height / 28
    corner = frame.get_corner(UP + LEFT)
    where = np.arange(784) if where is None else where
    squares = VGroup()
    for k in np.flatnonzero(np.asarray(pixels) > 0):
        r, c = divmod(int(where[k]), 28)
        v = float(pixels[k])
        sq = Square(cell, stroke_width=0).set_fill(ManimColor(np.array([v, v, v])), 1)
        squares.add(sq.move_to(corner + (c + 0.5) * cell * RIGHT + (r + 0.5) * cell * DOWN))
    return squares


def sorted_curve(pixels: np.ndarray, width: float, height: float) -> VGroup:
    """The lit values of ``pixels`` sorted from brightest to darkest, as a curve (value
    against rank) over a baseline: two images holding the same numbers give the same curve."""
    vals = np.sort(np.asarray(pixels).ravel()[np.asarray(pixels).ravel() > 0])[::-1]
    xs = np.linspace(0, width, len(vals))
    curve = VMobject(stroke_color=HIGHLIGHT, stroke_width=4)
    curve.set_points_as_corners([np.array([x, height * v, 0]) for x, v in zip(xs, vals)])
    base = Line(ORIGIN, width * RIGHT, stroke_color=GRAY, stroke_width=2)
    side = Line(ORIGIN, height * UP, stroke_color=GRAY, stroke_width=2)
    return VGroup(base, side, curve)


class Ch1Hook(Ch1Scene):
    """Real threes; the first three's 784 values rearranged into a 7, a 0 and a 5."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        images = threes(5)
        three = images[0]

        # Beat: many threes, read at once.
        self.beat("Here are five handwritten threes, each written by a different person. They differ in slant, "
                  "thickness and shape, so their pixels barely line up. Yet you read every one of them as a "
                  "three, instantly.")
        # Three over two, as large as the frame allows.
        row = Group(*[digit_image(im, height=3.4) for im in images])
        Group(Group(*row[:3]).arrange(RIGHT, buff=0.35), Group(*row[3:]).arrange(RIGHT, buff=0.35)).arrange(
            DOWN, buff=0.3).move_to(ORIGIN)
        self.play(LaggedStart(*[FadeIn(d, shift=0.3 * UP) for d in row], lag_ratio=0.3),
                  run_time=0.35 * self.remaining())
        frame = SurroundingRectangle(row[0], color=HIGHLIGHT, buff=0.08)
        self.play(Create(frame), run_time=0.5)
        self.play_through(tour([frame], [[d] for d in row[1:]]), share=0.9)

        # Beat: the same numbers, moved, make a seven.
        targets = [first_of(d)[0] for d in OTHERS]
        moves = [rearrangement_moves(three, t) for t in targets]
        self.beat("Now take the first three and keep its exact brightness values, only moving them around: "
                  "the brightest value goes where a real seven is brightest, the next brightest to its next "
                  "brightest spot, and so on. Same numbers, new places, and suddenly you see a seven.")
        big = digit_image(three, height=BIG).move_to(4.1 * LEFT + 0.2 * DOWN)
        canvas = Square(BIG, stroke_color=ManimColor("#666666"), stroke_width=1.5).move_to(2.3 * RIGHT + 0.2 * DOWN)
        canvas.set_fill(ManimColor("#000000"), 1)
        guide = digit_image(targets[0], height=1.6).move_to([5.8, 2.0, 0])
        guide_t = Text("ranks from\na real 7", font_size=28, line_spacing=0.8).next_to(guide, DOWN, buff=0.2)
        self.play(FadeOut(frame), Transform(row[0], big), FadeOut(Group(*row[1:])), run_time=1.2)
        self.play(FadeIn(canvas), FadeIn(guide), FadeIn(guide_t), run_time=0.8)
        squares = pixel_squares(three, canvas)
        start = pixel_squares(three, Square(BIG).move_to(big))
        for s, t in zip(squares, start):
            s.move_to(t)
        self.add(squares)
        goal = pixel_squares(three, canvas, moves[0])
        self.play_through(LaggedStart(*[Transform(s, g, path_arc=-PI / 3) for s, g in zip(squares, goal)],
                                      lag_ratio=0.01), share=0.9)

        # Beat: and a zero, and a five.
        self.beat("The same move works for any digit. The very same 784 numbers, rearranged again, become a "
                  "zero, and then a five. Nothing was added and nothing taken away.")
        each = 0.9 * self.remaining() / (len(OTHERS) - 1)
        for d, t, m in zip(OTHERS[1:], targets[1:], moves[1:]):
            new_guide = digit_image(t, height=1.6).move_to(guide)
            new_t = Text(f"ranks from\na real {d}", font_size=28, line_spacing=0.8).move_to(guide_t)
            goal = pixel_squares(three, canvas, m)
            self.play(FadeOut(guide), FadeIn(new_guide), Transform(guide_t, new_t),
                      LaggedStart(*[Transform(s, g, path_arc=-PI / 3) for s, g in zip(squares, goal)],
                                  lag_ratio=0.005), run_time=each)
            guide = new_guide

        # Beat: the proof, and the question.
        self.beat("Sort the pixels of each picture from brightest to darkest and you get identical lists. To "
                  "a computer these pictures hold the same numbers, yet you read four different ideas. How "
                  "does your brain do that, and could a program?")
        results = [three] + [rearranged(three, t) for t in targets]
        final = Group(*[digit_image(im, height=2.8) for im in results]).arrange(RIGHT, buff=0.6).shift(1.3 * UP)
        strips = VGroup(*[sorted_curve(im, 2.6, 1.3).next_to(d, DOWN, buff=0.4) for im, d in zip(results, final)])
        strip_t = Text("lit values sorted, brightest first: identical", font_size=28).next_to(strips, DOWN, buff=0.3)
        self.play(FadeOut(guide), FadeOut(guide_t), FadeOut(canvas), Transform(row[0], final[0]),
                  *[Transform(s, g) for s, g in zip(squares, pixel_squares(three, Square(2.8).move_to(final[-1]), moves[-1]))],
                  run_time=1.2)
        self.remove(squares)
        self.add(final)
        self.remove(row[0])
        self.play(FadeIn(final[1:3]), run_time=0.8)
        self.play(LaggedStart(*[Create(s) for s in strips], lag_ratio=0.3), FadeIn(strip_t),
                  run_time=0.4 * self.remaining())
        self.play_through(LaggedStart(*[Circumscribe(d, color=HIGHLIGHT) for d in final], lag_ratio=0.4), share=0.9)
