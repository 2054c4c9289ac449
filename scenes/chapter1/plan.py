"""Part 0b: the challenge (784 numbers in, one digit out), the plan of the two videos,
and the plain multilayer perceptron among its relatives."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    AnimationGroup,
    Arrow,
    CurvedArrow,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    MathTex,
    Rectangle,
    RoundedRectangle,
    ShowPassingFlash,
    Square,
    Succession,
    SurroundingRectangle,
    Text,
    Transform,
    VGroup,
    VMobject,
)

from scenes.data import Needs, get_run
from scenes.mobjects import EdgeRaster, NetworkDiagram, digit_image, spread_pixels
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter1.numbers import demo_probe, sobel
from scenes.chapter1.drawing import Ch1Scene, fill_animations, learning_tour, number_grid, pixel_center, tour

GRID = 6.6


class Ch1Challenge(Ch1Scene):
    """A real digit as the 784 numbers a program receives; the plan: structure now, learning next."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        pixels = run.probes.images[i]
        label = int(run.probes.labels[i])

        # Beat: what a program receives.
        self.beat("Now imagine writing a program that does what your eyes just did. All it receives is a grid "
                  "of 28 by 28 numbers, one brightness per pixel, from 0 for black to 1 for white. Here is "
                  f"that grid for a real {label}.")
        digit = digit_image(pixels, height=GRID)
        numbers = number_grid(pixels, GRID).move_to(digit)
        self.play(FadeIn(digit), run_time=0.15 * self.remaining())
        self.play(FadeIn(numbers), run_time=0.25 * self.remaining())
        self.remove(digit)
        r, c = np.argwhere(pixels.reshape(28, 28) > 0.5)[0]
        focus = pixel_center(numbers, int(r) + 3, int(c))
        self.play_through(numbers.animate.scale(3.0, about_point=focus).shift(-focus), share=0.9)

        # Beat: which digit?
        self.beat("From these 784 numbers it must answer with one digit. For you that takes no effort at all, "
                  "but try spelling out the rules: which numbers, where, add up to a three? Written by hand, "
                  "that program is daunting.")
        small = number_grid(pixels, 4.6).move_to(3.8 * LEFT)
        self.play(Transform(numbers, small), run_time=0.3 * self.remaining())
        box = VGroup(RoundedRectangle(corner_radius=0.2, width=2.4, height=2.0, color=WHITE),
                     Text("program", font_size=30), MathTex("?", font_size=72).shift(0.2 * DOWN))
        box[1].move_to(box[0]).shift(0.5 * UP)
        box.move_to(1.3 * RIGHT)
        choices = VGroup(*[Text(str(d), font_size=34) for d in range(10)]).arrange(DOWN, buff=0.12)
        choices.move_to(4.9 * RIGHT)
        arrows = [Arrow(numbers.get_right(), box.get_left(), buff=0.15, color=GRAY),
                  Arrow(box.get_right(), choices.get_left(), buff=0.2, color=GRAY)]
        self.play(GrowArrow(arrows[0]), FadeIn(box), run_time=0.2 * self.remaining())
        self.play(GrowArrow(arrows[1]), FadeIn(choices, lag_ratio=0.1), run_time=0.2 * self.remaining())
        answer = SurroundingRectangle(choices[label], color=HIGHLIGHT, buff=0.08)
        guesses = Succession(*[Transform(answer, SurroundingRectangle(choices[d], color=HIGHLIGHT, buff=0.08))
                               for d in (8, 5, 1, label)])
        self.play(Create(answer), Indicate(box[2]), run_time=0.8)
        self.play_through(guesses, share=0.9)

        # Beat: the plan.
        first, last = run.first, run.final
        chosen = spread_pixels(pixels, 16)

        def diagram(weights) -> NetworkDiagram:
            d = NetworkDiagram(run.layer_sizes, weights, shown={0: chosen}, layer_buff=1.3)
            d.height = 4.6
            return d

        self.beat("So this lecture builds a neural network that does it, in two parts. This video is about "
                  "structure: what the neurons are and how the layers connect. The next one is about "
                  "learning: how the network finds good numbers for its connections from examples.")
        left = diagram(last.weights).move_to([-3.5, -0.3, 0])
        right = diagram(first.weights).move_to([3.5, -0.3, 0])
        left_t = Text("this video: structure", font_size=32).next_to(left, UP, buff=0.4)
        right_t = Text("next video: learning", font_size=32).next_to(right, UP, buff=0.4)
        snaps = run.snapshots
        raster = EdgeRaster(right, snaps[0].weights, vmax=[float(np.abs(w).max()) for w in snaps[-1].weights])
        step = Text(f"step {snaps[0].step:,}", font_size=28, color=GRAY).next_to(right, DOWN, buff=0.3)
        self.play(FadeOut(VGroup(box, *arrows, choices, answer)), FadeOut(numbers), run_time=0.6)
        self.play(FadeIn(left.layers), FadeIn(left_t), run_time=0.15 * self.remaining())
        self.play(Create(left.edges, lag_ratio=0.002), run_time=0.2 * self.remaining())
        acts = [a[i] for a in last.probe_activations]
        self.play(LaggedStart(*[AnimationGroup(*fill_animations(left, l, acts[l])) for l in range(len(acts))],
                              lag_ratio=0.6), run_time=0.2 * self.remaining())
        self.play(FadeIn(right.layers), FadeIn(raster), FadeIn(right_t), FadeIn(step),
                  run_time=0.1 * self.remaining())
        # The learning side: every real recorded weight, from the untrained network to the trained one.
        learning_tour(self, raster, snaps, step, max(1.0, 0.92 * self.remaining()))


class Ch1Vanilla(Ch1Scene):
    """The plain multilayer perceptron, named; convolutional networks and LSTMs as its relatives."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        pixels = run.probes.images[i]
        diagram = NetworkDiagram(run.layer_sizes, run.final.weights, shown={0: spread_pixels(pixels, 16)},
                                 layer_buff=1.6)
        diagram.height = 5.6
        diagram.move_to(0.4 * DOWN)
        name = Text("multilayer perceptron", font_size=40, color=HIGHLIGHT).next_to(diagram, UP, buff=0.3)

        # Beat: the plain vanilla kind.
        self.beat("The network we take apart is the plain vanilla kind, with no extra machinery: layers of "
                  "neurons, each connected to every neuron of the next. Its name is the multilayer perceptron, "
                  "and understanding it is the way into all the fancier ones.")
        self.play(FadeIn(diagram.layers), run_time=0.2 * self.remaining())
        self.play(Create(diagram.edges, lag_ratio=0.002), FadeIn(name), run_time=0.4 * self.remaining())
        self.play_through(LaggedStart(*[ShowPassingFlash(e.copy().set_stroke(color=HIGHLIGHT, width=2.5),
                                                         time_width=0.6) for e in diagram.edges],
                                      lag_ratio=0.6), share=0.9)

        # Beat: relatives.
        self.beat("It has relatives built for particular jobs. Convolutional networks slide small filters over "
                  "an image, so they are very good at pictures. LSTMs read a sequence step by step, carrying a "
                  "memory along, which suits speech.")
        short = Text("multilayer\nperceptron", font_size=32, color=HIGHLIGHT, line_spacing=0.8).move_to([-5.1, -2.1, 0])
        self.play(diagram.animate.scale(0.66).move_to([-5.1, 0.4, 0]), Transform(name, short),
                  run_time=0.12 * self.remaining())
        # Convolution: a 3x3 window sliding over the real digit, its real Sobel response beside it.
        img = digit_image(pixels, height=2.9).move_to([-1.6, 0.4, 0])
        gx, gy, mag = sobel(pixels)
        edges = digit_image(mag / mag.max(), height=2.9).move_to([1.4, 0.4, 0])
        cell = 2.9 / 28
        win = Square(3 * cell, color=HIGHLIGHT, stroke_width=3).move_to(pixel_center(img[0], 6, 6))
        out = Square(cell, color=HIGHLIGHT, stroke_width=3).move_to(pixel_center(edges[0], 6, 6))
        cnn_t = Text("convolutional network:\nimages", font_size=32, line_spacing=0.8)
        cnn_t.move_to([-0.1, -2.1, 0])
        self.play(FadeIn(img), FadeIn(edges), FadeIn(cnn_t), Create(win), Create(out),
                  run_time=0.15 * self.remaining())
        stops = [(6, 16), (12, 8), (14, 18), (20, 10), (21, 20)]
        self.play(tour([win, out], [[pixel_center(img[0], r, c), pixel_center(edges[0], r, c)] for r, c in stops]),
                  run_time=0.3 * self.remaining())
        # Recurrent: a chain of cells reading a (toy) sound wave, the memory arrow passing along.
        t = np.linspace(0, 1, 200)
        wave_pts = [np.array([5.1 + 3.0 * (x - 0.5), -0.3 + 0.8 * np.sin(40 * x) * np.sin(7 * x + 1), 0]) for x in t]
        wave = VMobject(stroke_color=GRAY, stroke_width=3).set_points_smoothly(wave_pts)
        cells = VGroup(*[Rectangle(width=0.48, height=0.48, color=WHITE) for _ in range(5)]).arrange(RIGHT, buff=0.15)
        cells.move_to([5.1, 1.3, 0])
        memory = VGroup(*[Arrow(a.get_right(), b.get_left(), buff=0.02, color=HIGHLIGHT, stroke_width=3,
                                max_tip_length_to_length_ratio=0.4) for a, b in zip(cells, cells[1:])])
        loops = VGroup(*[CurvedArrow(c.get_top() + 0.15 * LEFT, c.get_top() + 0.15 * RIGHT, angle=-3.5,
                                     color=GRAY, stroke_width=2) for c in cells])
        lstm_t = Text("LSTM: speech\n(a sketch)", font_size=32, line_spacing=0.8).move_to([5.1, -2.1, 0])
        self.play(Create(wave), FadeIn(cells), FadeIn(loops), FadeIn(lstm_t), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[GrowArrow(m) for m in memory], lag_ratio=0.5), share=0.9)
