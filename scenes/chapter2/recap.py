"""Chapter 2, part 0: a short recap of chapter 1 on the real network, and the plan of this chapter."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    LaggedStart,
    ShowPassingFlash,
    Text,
    Transform,
    VGroup,
)

from scenes.animations import Restyle
from scenes.base import LectureScene
from scenes.chapter1.drawing import fill_animations
from scenes.data import Needs, get_run
from scenes.mobjects import NetworkDiagram, digit_image
from scenes.style import HIGHLIGHT, NEGATIVE
from scenes.chapter2.drawing import probe_digit

DIGIT = 3


def _diagram(weights: list[np.ndarray], chosen: np.ndarray) -> NetworkDiagram:
    """The run's network with ``weights``, always drawn at the same place (so two of them morph)."""
    d = NetworkDiagram(get_run().layer_sizes, weights, shown={0: chosen}, layer_buff=2.2)
    d.height = 6.6
    return d.to_edge(RIGHT, buff=1.2).shift(DOWN * 0.2)


def two_lines(top: str, bottom: str, color) -> VGroup:
    """A large first line over a smaller second one, centred."""
    return VGroup(Text(top, font_size=44, color=color), Text(bottom, font_size=30, color=color)
                  ).arrange(DOWN, buff=0.15)


class Ch2Recap(LectureScene):
    """The trained network reading a real held-out 3 (recorded activations); then the same network
    with its step-0 weights: this chapter is how it gets from one to the other."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        probe, pixels, chosen = probe_digit(DIGIT)
        trained = [a[probe] for a in run.final.probe_activations]
        untrained = [a[probe] for a in run.first.probe_activations]
        diagram = _diagram(run.final.weights, chosen)
        start = _diagram(run.first.weights, chosen)
        labels = diagram.output_labels(font_size=26)
        digit = digit_image(pixels, height=3.2).to_edge(LEFT, buff=0.7).shift(UP * 0.4)
        sizes = run.layer_sizes
        hidden = sizes[1:-1]
        n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))

        # Beat: the network of chapter 1.
        self.beat(f"Last time we built this network: {sizes[0]} pixels in, hidden layers of "
                  f"{' and '.join(map(str, hidden))}, and {sizes[-1]} outputs. Show it a {DIGIT}, and each layer "
                  "lights up the next.")
        self.play(Create(diagram.layers), FadeIn(labels), FadeIn(digit), run_time=0.25 * self.remaining())
        self.play(FadeIn(diagram.edges), *fill_animations(diagram, 0, trained[0]), run_time=0.2 * self.remaining())
        step = 0.9 * self.remaining() / (len(trained) - 1)
        for l in range(len(trained) - 1):
            flash = diagram.edges[l].copy().set_stroke(color=HIGHLIGHT)
            self.play(ShowPassingFlash(flash, time_width=0.6), run_time=0.5 * step)
            self.play(*fill_animations(diagram, l + 1, trained[l + 1]), run_time=0.5 * step)

        # Beat: the answer and the knobs.
        guess = int(np.argmax(trained[-1]))
        box = diagram.answer_box(guess)
        self.beat(f"Its answer is the brightest output, {guess}. Behind it are {n_params:,} weights and biases, "
                  "and we set none of them by hand.")
        count = two_lines(f"{n_params:,}", "weights and biases", HIGHLIGHT).next_to(digit, DOWN, buff=0.6)
        self.play(Create(box), run_time=0.25 * self.remaining())
        self.play(FadeIn(count), run_time=0.2 * self.remaining())
        waves = [ShowPassingFlash(e.copy().set_stroke(color=HIGHLIGHT, width=3), time_width=0.5)
                 for e in diagram.edges]
        self.play_through(LaggedStart(*waves, lag_ratio=0.5))

        # Beat: where it starts.
        first_guess = int(np.argmax(untrained[-1]))
        tag = two_lines("step 0", "random weights", NEGATIVE).move_to(count)
        self.beat(f"At step 0 they were random. The same network then reads the same {DIGIT} as a jumble, and "
                  f"would answer {first_guess}.")
        self.play(FadeOut(box), Transform(count, tag), run_time=0.2 * self.remaining())
        self.play(Restyle(diagram.edges, start.edges),
                  *[a for l in range(1, len(untrained)) for a in fill_animations(diagram, l, untrained[l])],
                  run_time=0.5 * self.remaining())
        bad = diagram.answer_box(first_guess).set_color(NEGATIVE)
        self.play_through(Create(bad))

        # Beat: the plan.
        done = two_lines(f"step {run.final.step:,}", "trained", HIGHLIGHT).move_to(count)
        self.beat(f"This chapter is the road between the two: measure how wrong the network is with a cost, "
                  f"then walk downhill on that cost, {run.final.step:,} small steps.")
        redo = _diagram(run.final.weights, chosen)
        self.play(FadeOut(bad), run_time=0.1 * self.remaining())
        self.play(Restyle(diagram.edges, redo.edges), Transform(count, done),
                  *[a for l in range(1, len(trained)) for a in fill_animations(diagram, l, trained[l])],
                  run_time=0.75 * self.remaining())
        self.play_through(Create(diagram.answer_box(guess)))
