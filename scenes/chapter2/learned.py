"""Chapter 2: what the first layer learned, and a confident answer to noise."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    SurroundingRectangle,
    Text,
    VGroup,
    there_and_back,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_run
from scenes.mobjects import digit_image, weight_image
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter2.drawing import output_column
from scenes.chapter2.numbers import noise_answer


class Ch2WhatItLearned(LectureScene):
    """First-layer weights as 28x28 images (noisy, not edges), and a confident answer to pure noise."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        W0 = run.final.weights[0].astype(float)
        tiles = Group(*[weight_image(W0[j], height=1.45) for j in range(W0.shape[0])])
        tiles.arrange_in_grid(rows=2, buff=0.15)
        if tiles.width > 13.4:
            tiles.width = 13.4
        tiles.move_to(UP * 0.4)
        head = Text(f"weights into each of the {W0.shape[0]} first-layer neurons", font_size=32)
        head.next_to(tiles, UP, buff=0.4)
        key = VGroup(Text("green: positive, red: negative", font_size=30),
                     Text("each image scaled to its own largest weight", font_size=28, color=GRAY)
                     ).arrange(DOWN, buff=0.12).next_to(tiles, DOWN, buff=0.4)

        # Beat: weights.
        self.beat(f"So what did the first layer actually learn? We hoped its {W0.shape[0]} neurons would pick up "
                  "little edges and strokes. Here are the weights into each of them, drawn as 28 by 28 images, "
                  "one pixel per weight.")
        self.add(head)
        self.play_through(LaggedStart(*[FadeIn(t) for t in tiles], lag_ratio=0.15))

        # Beat: noisy.
        self.beat("Not really. The patterns look almost random, with only loose blobs of green and red. Green "
                  "weights make a neuron fire for ink on those pixels, red ones hold it back, and no neat edge "
                  "detectors show up.")
        self.play(FadeIn(key), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[t.animate(rate_func=there_and_back).scale(1.25) for t in tiles],
                                      lag_ratio=0.2))

        # Beat: noise input.
        noise = run.probes.images[run.probes.noise]
        out, guess = noise_answer()
        img = digit_image(noise, height=4.2)
        label = Text("uniform random noise", font_size=30, color=GRAY)
        left = Group(img, label).arrange(DOWN, buff=0.2)
        outs = output_column(out, radius=0.24, buff=0.1)
        for row in outs:
            row[0].scale(1.35)
        values = VGroup(*[Text(f"{v:.2f}", font_size=30).next_to(outs[j], RIGHT, buff=0.3) for j, v in enumerate(out)])
        right = VGroup(outs, values)
        note = VGroup(Text("confident about noise:", font_size=30),
                      Text("it only ever saw digits", font_size=30)).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        Group(left, right, note).arrange(RIGHT, buff=0.7).move_to(ORIGIN)
        arrow = Arrow(left.get_right(), right.get_left(), buff=0.08, color=GRAY)
        self.beat(f"Another test: feed it pure random noise, no digit at all. It still answers {guess}, and "
                  f"firmly: that output is {out[guess]:.2f}, far above all the others.")
        self.play(FadeOut(key), FadeOut(tiles), FadeOut(head), run_time=0.15 * self.remaining())
        self.play(FadeIn(left), Create(arrow), run_time=0.25 * self.remaining())
        self.play(LaggedStart(*[FadeIn(VGroup(o, v)) for o, v in zip(outs, values)], lag_ratio=0.15),
                  run_time=0.5 * self.remaining())
        box = SurroundingRectangle(VGroup(outs[guess], values[guess]), color=HIGHLIGHT, buff=0.05)
        self.play_through(Create(box))

        # Beat: why.
        self.beat("Why so sure? Nothing in its training was ever noise. It only learned to tell digits apart, so it "
                  "has no way to answer 'none of these': whatever it is shown, some output ends up brightest.")
        self.play(FadeIn(note), run_time=0.3 * self.remaining())
        self.play_through(Circumscribe(VGroup(outs[guess], values[guess]), color=HIGHLIGHT),
                          Indicate(note[1], color=HIGHLIGHT, scale_factor=1.08))
