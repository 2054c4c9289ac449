"""Part 1: handwritten digits are grids of numbers; a neuron holds one number."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Brace,
    Circle,
    Create,
    DashedLine,
    DecimalNumber,
    FadeIn,
    FadeOut,
    Indicate,
    Group,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    ReplacementTransform,
    Square,
    Text,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
)

from scenes.data import ANY_RUN
from scenes.mobjects import digit_image
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter1.numbers import busy_patch, threes, varied_pixel
from scenes.chapter1.drawing import Ch1Scene, pixel_center, tour


class Ch1HandwrittenThrees(Ch1Scene):
    """Real 3s at 28x28, 784 pixels, grayscale values on a zoomed patch, a neuron."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        images = threes(5)

        # Three over two; the count 28 x 28 = 784 will take the sixth place.
        row = Group(*[digit_image(im, height=2.6) for im in images])
        Group(*row[:3]).arrange(RIGHT, buff=0.35)
        Group(*row[3:]).arrange(RIGHT, buff=0.35)
        Group(Group(*row[:3]), Group(*row[3:])).arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        count = MathTex(r"28 \times 28 = 784", font_size=60).next_to(Group(*row[3:]), RIGHT, buff=0.6)
        Group(row, count).move_to(0.3 * DOWN + 0.2 * RIGHT)

        # Beat: 28 x 28 = 784.
        self.beat("Look closer at these threes. Each image is a grid of pixels, 28 wide and 28 tall. That makes "
                  "28 times 28, or 784 pixels per image: a tiny picture, but enough for you to read the digit.")
        self.play(LaggedStart(*[FadeIn(d) for d in row], lag_ratio=0.2), run_time=0.2 * self.remaining())
        first = row[0][0]
        top = Brace(first, UP, buff=0.05)
        side = Brace(first, LEFT, buff=0.05)
        top_t = top.get_tex("28").scale(0.8)
        side_t = side.get_tex("28").scale(0.8)
        cell = first.height / 28
        lines = VGroup(*[Line(first.get_corner(UP + LEFT) + k * cell * RIGHT, first.get_corner(DOWN + LEFT)
                              + k * cell * RIGHT) for k in range(1, 28)],
                       *[Line(first.get_corner(UP + LEFT) + k * cell * DOWN, first.get_corner(UP + RIGHT)
                              + k * cell * DOWN) for k in range(1, 28)]).set_stroke(GRAY, 0.6, 0.8)
        self.play(FadeIn(top), FadeIn(side), Write(top_t), Write(side_t))
        self.play(Create(lines, lag_ratio=0.02), run_time=0.45 * self.remaining())
        self.play_through(Write(count), share=0.7)

        # Beat: zoom into a patch and read the pixel values.
        big_pixels = images[0]
        r0, c0 = busy_patch(big_pixels, 5)
        patch_vals = big_pixels.reshape(28, 28)[r0 : r0 + 5, c0 : c0 + 5]
        brightest = int(np.argmax(np.where(patch_vals < 0.98, patch_vals, 0)))
        value = float(patch_vals.flat[brightest])
        self.beat(f"Zoom into a small patch of the first three. Every pixel is really just one number, its "
                  f"brightness: 0 for black, 1 for white, and grays in between, like this {fmt(value, 2)}. "
                  "To a computer, the image is nothing more than these 784 numbers.")
        big = digit_image(big_pixels, height=5.6).to_edge(LEFT, buff=0.5).shift(0.1 * DOWN)
        h = big[0].height / 28
        corner = pixel_center(big[0], r0, c0) + 0.5 * h * (LEFT + UP)
        window = Square(5 * h, color=HIGHLIGHT, stroke_width=3).move_to(corner + 2.5 * h * (RIGHT + DOWN))
        grid = VGroup()
        for r in range(5):
            for c in range(5):
                v = float(patch_vals[r, c])
                sq = Square(0.95, stroke_color=ManimColor("#555555"), stroke_width=1).set_fill(
                    ManimColor(np.array([v, v, v])), 1)
                num = Text(fmt(v, 2), font_size=24, color=WHITE if v < 0.5 else ManimColor("#000000"))
                grid.add(VGroup(sq, num))
        grid.arrange_in_grid(5, 5, buff=0)
        for g in grid:
            g[1].move_to(g[0])
        grid.next_to(big, RIGHT, buff=0.8)
        zoom_lines = VGroup(
            DashedLine(window.get_corner(UP + RIGHT), grid.get_corner(UP + LEFT), color=HIGHLIGHT, stroke_width=1.5),
            DashedLine(window.get_corner(DOWN + RIGHT), grid.get_corner(DOWN + LEFT), color=HIGHLIGHT,
                       stroke_width=1.5),
        )
        self.play(FadeOut(VGroup(top, side, top_t, side_t, count, lines)),
                  ReplacementTransform(row[0], big), FadeOut(Group(*row[1:])))
        self.play(Create(window), Create(zoom_lines))
        self.play(LaggedStart(*[FadeIn(g) for g in grid], lag_ratio=0.04), run_time=0.3 * self.remaining())
        # One pixel of the image and its number on the grid, side by side along the highlighted cell's row.
        rb, cb = divmod(brightest, 5)
        path = [(rb, c) for c in range(5)] + [(rb, cb)]
        pixel_mark = Square(h + 0.05, color=HIGHLIGHT, stroke_width=3).move_to(pixel_center(big[0], r0 + rb, c0))
        box = Square(0.95, color=HIGHLIGHT, stroke_width=4).move_to(grid[5 * rb])
        self.play(Create(pixel_mark), Create(box))
        self.play_through(tour([pixel_mark, box], [[pixel_center(big[0], r0 + r, c0 + c), grid[5 * r + c]]
                                                   for r, c in path[1:]]), share=0.9)

        # Beat: a neuron holds one number.
        self.beat(f"Now picture a neuron as a thing that holds one number like this, between 0 and 1. That "
                  f"number is called the neuron's activation, and we draw it as brightness: at 0 the neuron is "
                  f"dark, at 1 it is fully lit. This one holds {value:.2f}.")
        pick = grid[brightest]
        level = ValueTracker(value)
        neuron = Circle(radius=0.65, stroke_color=WHITE, stroke_width=3).set_fill(WHITE, value)
        neuron.next_to(grid, RIGHT, buff=0.7)
        label = DecimalNumber(value, num_decimal_places=2, font_size=36, color=HIGHLIGHT)
        label.next_to(neuron, DOWN, buff=0.25)
        caption = Text("neuron", font_size=30).next_to(neuron, UP, buff=0.25)
        arrow = Arrow([grid.get_right()[0], box.get_center()[1], 0], neuron.get_left(), buff=0.1,
                      color=HIGHLIGHT, stroke_width=3)
        self.play(FadeOut(pixel_mark), TransformFromCopy(pick[0], neuron), Create(arrow), FadeIn(caption),
                  FadeIn(label))
        neuron.add_updater(lambda m: m.set_fill(WHITE, level.get_value()))
        label.add_updater(lambda m: m.set_value(level.get_value()))
        sweep = 0.9 * self.remaining() / 3
        for target in (0.0, 1.0, value):
            self.play(level.animate.set_value(target), run_time=max(1.0, sweep))
        word = Text("activation", font_size=32, color=HIGHLIGHT).next_to(label, DOWN, buff=0.2)
        self.play(FadeIn(word, shift=0.2 * UP), run_time=0.6)

        # Beat: one input neuron over the five threes, its real activations.
        k = varied_pixel(images)
        r, c = divmod(k, 28)
        acts = images[:, k]
        said = ", ".join(f"{float(v):.2f}" for v in acts)
        self.beat(f"Let this neuron watch one fixed pixel, and show it the five threes in turn. Its activation "
                  f"changes with every image: {said}. Same neuron, a new number each time.")
        self.play(FadeOut(VGroup(grid, window, zoom_lines, box, arrow)), run_time=0.5)
        stage = Group(big, neuron, label, caption, word)
        self.play(stage.animate.move_to(0.2 * DOWN), run_time=0.6)
        spot = Square(h + 0.06, color=HIGHLIGHT, stroke_width=4).move_to(pixel_center(big[0], r, c))
        link = Arrow(spot.get_right(), neuron.get_left(), buff=0.1, color=HIGHLIGHT, stroke_width=3)
        self.play(Create(spot), Create(link), run_time=0.6)
        each = 0.9 * self.remaining() / len(images)
        for im, v in zip(images, acts):
            new = digit_image(im, height=big.height).move_to(big)
            self.play(FadeOut(big[0]), FadeIn(new[0]), run_time=0.3 * each)
            self.play(level.animate.set_value(float(v)), Indicate(spot), run_time=0.7 * each)
            big = new
        neuron.clear_updaters()
        label.clear_updaters()
