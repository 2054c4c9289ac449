"""Chapter 3, closing: the terms met so far, each beside a small picture of the real run."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    FadeIn,
    Group,
    ImageMobject,
    Indicate,
    LaggedStart,
    Line,
    ShowPassingFlash,
    SurroundingRectangle,
    Text,
    VGroup,
    VMobject,
)
from manim.constants import RESAMPLING_ALGORITHMS
from manim.utils.rate_functions import there_and_back

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import NetworkDiagram
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.numbers import STEP
from scenes.chapter3.batch_numbers import gradient_list
from scenes.chapter3.drawing import digits_strip

#: Size of each card's picture, and the cards' centres (three above, two below).
PIC_W, PIC_H = 4.0, 2.0
CARDS = [(-4.6, 1.95), (0.0, 1.95), (4.6, 1.95), (-3.3, -1.95), (3.3, -1.95)]


def landscape_rgb(cost: np.ndarray) -> np.ndarray:
    """The landscape grid as an image: dark blue (low cost) to yellow (high), on a log scale,
    top row = largest y (so the picture is oriented like the plane)."""
    c = np.log(np.asarray(cost, dtype=float))
    t = (c - c.min()) / ((c.max() - c.min()) or 1.0)
    low, high = np.array([0.05, 0.1, 0.45]), np.array([1.0, 0.85, 0.2])
    rgb = low + t[..., None] * (high - low)
    return (rgb[::-1] * 255).astype(np.uint8)


def _curve(values: np.ndarray, width: float, height: float, color, log: bool = False) -> VMobject:
    """A small line plot of ``values`` (no axes) in a ``width`` x ``height`` box."""
    y = np.log10(values) if log else np.asarray(values, dtype=float)
    y = (y - y.min()) / ((y.max() - y.min()) or 1.0)
    pick = np.unique(np.linspace(0, len(y) - 1, min(len(y), 300)).round().astype(int))
    pts = [np.array([width * i / (len(y) - 1), height * y[i], 0]) for i in pick]
    return VMobject(stroke_color=color, stroke_width=4).set_points_as_corners(pts)


class Ch3Summary(LectureScene):
    """Cost surface, gradient, mini-batch, stochastic gradient descent, backpropagation."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, landscape=True)

    def construct(self) -> None:
        run, data = get_run(), get_dataset()
        land = run.landscape
        snap0 = run.snapshot(STEP)
        gl = gradient_list(STEP)
        final = run.final
        n_params = gl.magnitudes.size
        terms = ["cost surface", "gradient", "mini-batch", "stochastic gradient descent", "backpropagation"]
        labels = VGroup(*[Text(t, font_size=32) for t in terms])
        width, height = PIC_W, PIC_H

        heat = ImageMobject(landscape_rgb(land.cost))
        heat.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        heat.height = height
        grad_curve = _curve(gl.magnitudes[gl.magnitudes > 0], width, height, POSITIVE, log=True)
        half = len(snap0.batch_indices) // 2
        strip = Group(digits_strip(data.X_train[snap0.batch_indices[:half]], height=height * 0.48),
                      digits_strip(data.X_train[snap0.batch_indices[half:]], height=height * 0.48)
                      ).arrange(DOWN, buff=0.06, aligned_edge=LEFT)
        if strip.width > width:
            strip.width = width
        costs = np.array([s.train_cost for s in run.snapshots])
        batch_costs = np.array([s.batch_cost for s in run.snapshots])
        sgd_noisy = _curve(batch_costs, width, height, NEGATIVE)
        sgd_noisy.set_stroke(width=4)
        sgd = _curve(costs, width, height, POSITIVE)
        sgd.set_stroke(width=2.5)  # thinner than the red batch costs, which show around it
        sgd.stretch_to_fit_height(height * (costs.max() - costs.min()) / (batch_costs.max() - batch_costs.min()))
        sgd_group = VGroup(sgd_noisy, sgd)
        sgd.align_to(sgd_noisy, DOWN)
        net = NetworkDiagram(run.layer_sizes, max_shown=8, layer_buff=1.2, neuron_buff=0.05, radius=0.05)
        net.height = height
        if net.width > width:
            net.width = width
        net.edges.set_stroke(opacity=0.55)  # a thumbnail: the wiring must read at this size
        pictures = [heat, grad_curve, strip, sgd_group, net]
        notes = [
            Text(f"{n_params:,} dimensions", font_size=28, color=GRAY),
            Text(f"{n_params:,} slopes", font_size=28, color=GRAY),
            Text(f"{run.batch_size} digits", font_size=28, color=GRAY),
            Text(f"cost {fmt(final.train_cost)} after {final.step:,} steps", font_size=28, color=GRAY),
            Text("wishes, summed backwards", font_size=28, color=GRAY),
        ]
        for (x, y), pic, label, note in zip(CARDS, pictures, labels, notes):
            pic.move_to([x, y + 0.55, 0])
            label.move_to([x, y - 0.85, 0])
            note.move_to([x, y - 1.4, 0])
        cards = [Group(pic, label, note) for pic, label, note in zip(pictures, labels, notes)]

        def cursor_at(r: int) -> SurroundingRectangle:
            return SurroundingRectangle(cards[r], color=HIGHLIGHT, buff=0.12)

        cursor = cursor_at(0)

        # Beat: the list.
        self.beat("Before the calculus, let's gather the words we have met so far, each with a picture from our "
                  "own training run.")
        self.play_through(LaggedStart(*[FadeIn(p, scale=0.5) for p in pictures], lag_ratio=0.4))

        # Beat: cost surface.
        self.beat(f"The cost surface is the average cost over all training digits, seen as a landscape over the "
                  f"parameters. Ours has {n_params:,} dimensions; this picture is one flat slice through it, dark "
                  "where the cost is low.")
        self.play_through(FadeIn(cursor), FadeIn(labels[0], shift=UP * 0.3), share=0.4)
        self.play_through(FadeIn(notes[0]), share=0.3)
        self.play_through(heat.animate.scale(1.15), rate_func=there_and_back)

        # Beat: gradient.
        self.beat(f"The gradient is the list of {n_params:,} slopes, one for each weight and bias, telling how "
                  "sensitive the cost is to each. Minus the gradient points downhill, the direction that lowers "
                  "the cost fastest.")
        self.play_through(cursor.animate.become(cursor_at(1)), FadeIn(labels[1], shift=UP * 0.3), share=0.25)
        self.play_through(FadeIn(notes[1]), share=0.4)
        self.play_through(ShowPassingFlash(grad_curve.copy().set_stroke(HIGHLIGHT, width=7), time_width=0.4))

        # Beat: mini-batch.
        self.beat(f"A mini-batch is a small random handful of training examples, {run.batch_size} in our run, "
                  "whose averaged wishes stand in for those of the whole training set. These are the ones of the "
                  "very first step.")
        self.play_through(cursor.animate.become(cursor_at(2)), FadeIn(labels[2], shift=UP * 0.3), share=0.25)
        self.play_through(FadeIn(notes[2]), share=0.2)
        self.play_through(strip.animate.scale(1.1), share=0.45, rate_func=there_and_back)
        self.play_through(Indicate(notes[2]))

        # Beat: SGD.
        self.beat(f"Stochastic gradient descent takes one quick step downhill per mini-batch, stumbling but fast. "
                  f"In red, each step's own batch cost jumps around; in green, the cost over all training digits "
                  f"falls to {fmt(final.train_cost)} after {final.step:,} steps.")
        self.play_through(cursor.animate.become(cursor_at(3)), FadeIn(labels[3], shift=UP * 0.3), share=0.2)
        self.play_through(ShowPassingFlash(sgd_noisy.copy().set_stroke(HIGHLIGHT, width=4), time_width=0.4),
                          share=0.3)
        self.play_through(FadeIn(notes[3]), share=0.5)
        self.play_through(ShowPassingFlash(sgd.copy().set_stroke(HIGHLIGHT, width=6), time_width=0.4))

        # Beat: backpropagation.
        self.beat("And backpropagation is how each example's gradient is found: start from the nudges the outputs "
                  "want, and hand the summed wishes back, one layer at a time, down to the first weights. Next, "
                  "we put this into the language of calculus.")
        self.play_through(cursor.animate.become(cursor_at(4)), FadeIn(labels[4], shift=UP * 0.3), share=0.2)
        self.play_through(FadeIn(notes[4]), share=0.3)
        backward = [VGroup(*[Line(e.get_end(), e.get_start()).set_stroke(HIGHLIGHT, width=2) for e in net.edges[l]])
                    for l in (2, 1, 0)]
        self.play_through(LaggedStart(*[ShowPassingFlash(b, time_width=0.6) for b in backward], lag_ratio=0.6),
                          share=0.6)
        self.play_through(Indicate(Group(*labels), scale_factor=1.03))

