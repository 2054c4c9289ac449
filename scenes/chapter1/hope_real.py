"""Part 4b: the hoped-for story lit on a toy diagram, beside the real network's activations for the same 9."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    Line,
    ShowPassingFlash,
    Succession,
    Text,
    VGroup,
)

from scenes.data import Needs, get_run
from scenes.mobjects import NetworkDiagram, digit_image, spread_pixels
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter1.numbers import lit_counts, probe_of
from scenes.chapter1.drawing import Ch1Scene, fill_animations, loop, sketch_cell, stroke

#: The toy story's neurons (an illustration, not the trained network): little edges in
#: the first hidden layer, the upper loop and the long line in the second.
TOY_EDGES = (2, 6, 10)
TOY_LOOP, TOY_LINE = 4, 11


def toy_activations(sizes: list[int], answer: int) -> list[np.ndarray]:
    """The hoped-for activations: the toy neurons lit, the rest nearly dark."""
    acts = [np.full(n, 0.04) for n in sizes]
    acts[1][list(TOY_EDGES)] = 1.0
    acts[2][[TOY_LOOP, TOY_LINE]] = 1.0
    acts[3][answer] = 1.0
    return acts


def icon(*parts, size: float = 0.62) -> VGroup:
    """A small pen sketch in a cell (see :func:`sketch_cell`)."""
    return sketch_cell(*parts).scale(size / 1.5)


class Ch1HopeVsReal(Ch1Scene):
    """Loops, lines and edges lit on a toy network for a real 9; then the trained network's true activations."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        run = get_run()
        sizes = run.layer_sizes
        i = probe_of(9)
        pixels = run.probes.images[i]
        real = [a[i] for a in run.final.probe_activations]
        chosen = spread_pixels(pixels, 16)

        def diagram(weights) -> NetworkDiagram:
            d = NetworkDiagram(sizes, weights, shown={0: chosen}, layer_buff=1.45)
            d.height = 4.5
            return d

        toy = diagram(None).move_to([-3.45, -0.5, 0])
        true = diagram(run.final.weights).move_to([3.75, -0.5, 0])
        toy_labels = toy.output_labels(font_size=22)
        true_labels = true.output_labels(font_size=22)
        toy_title = Text("the hope (a toy)", font_size=30, color=HIGHLIGHT).move_to([-3.45, 3.45, 0])
        true_title = Text("the real trained network", font_size=30).move_to([3.75, 3.45, 0])
        digits = Group(*[digit_image(pixels, height=0.85).next_to(d.layers[0], DOWN, buff=0.08) for d in (toy, true)])

        # Icons: little edges over the first hidden layer, loop and line over the second.
        edge_icons = VGroup(icon(stroke((-0.5, 0.3), (0.5, 0.3))), icon(stroke((0.3, 0.6), (0.3, -0.6))),
                            icon(stroke((-0.45, -0.45), (0.45, 0.45))))
        edge_icons.arrange(RIGHT, buff=0.1).next_to(toy.layers[1], UP, buff=0.3)
        part_icons = VGroup(icon(loop((0, 0), 0.45)), icon(stroke((0, 0.6), (0, -0.6))))
        part_icons.arrange(RIGHT, buff=0.1).next_to(edge_icons, UP, buff=0.1).set_x(toy.layers[2].get_x())
        tethers = VGroup(*[Line(ic.get_bottom(), toy.neuron(1, k).get_top(), stroke_width=1.5, color=HIGHLIGHT)
                           for ic, k in zip(edge_icons, TOY_EDGES)],
                         *[Line(ic.get_bottom(), toy.neuron(2, k).get_top(), stroke_width=1.5, color=HIGHLIGHT)
                           for ic, k in zip(part_icons, (TOY_LOOP, TOY_LINE))])
        self.add(toy, toy_labels, true, true_labels)  # static first

        # Beat: the hope lit on the toy network.
        hope = toy_activations(sizes, 9)
        self.beat("Here is that hope drawn on the network itself, as a toy on the left. A nine comes in, a few "
                  "first-layer neurons that spot little edges light up, they switch on one neuron for the upper "
                  "loop and one for the long line, and those two light up the output for nine.")
        self.play(FadeIn(toy_title), FadeIn(true_title), FadeIn(digits[0]),
                  *fill_animations(toy, 0, pixels), run_time=0.12 * self.remaining())
        step = 0.85 * self.remaining() / 3
        paths = [VGroup(*[toy.edge(0, k, j) for k in TOY_EDGES for j in chosen]),
                 VGroup(*[toy.edge(1, j, k) for j in (TOY_LOOP, TOY_LINE) for k in TOY_EDGES]),
                 VGroup(*[toy.edge(2, 9, j) for j in (TOY_LOOP, TOY_LINE)])]
        reveals = [AnimationGroup(FadeIn(edge_icons), Create(tethers[:3])),
                   AnimationGroup(FadeIn(part_icons), Create(tethers[3:])), Indicate(toy_labels[9])]
        for l in range(3):
            flash = paths[l].copy().set_stroke(color=HIGHLIGHT, width=3, opacity=1)
            self.play(ShowPassingFlash(flash, time_width=0.8), run_time=0.4 * step)
            self.play(*fill_animations(toy, l + 1, hope[l + 1]), reveals[l], run_time=0.6 * step)

        # Beat: any loopy pattern, any long line.
        self.beat("If it really worked this way, the loop neuron would fire for any loopy pattern at the top: "
                  "another nine, an eight. And the long-line neuron would serve ones, fours and sevens alike.")
        loopy = [int(run.probes.of_digit(9)[1]), int(run.probes.of_digit(8)[0])]
        liney = [int(run.probes.of_digit(d)[0]) for d in (1, 4, 7)]
        each = 0.9 * self.remaining() / 5
        for k, target in [(j, TOY_LOOP) for j in loopy] + [(j, TOY_LINE) for j in liney]:
            other = digit_image(run.probes.images[k], height=0.85).move_to(digits[0])
            self.play(FadeOut(digits[0]), FadeIn(other), *fill_animations(toy, 0, run.probes.images[k]),
                      run_time=0.4 * each)
            self.play(Indicate(toy.neuron(2, target), scale_factor=1.8),
                      Indicate(part_icons[0 if target == TOY_LOOP else 1]), run_time=0.6 * each)
            digits.submobjects[0] = other

        # Beat: the real network, same nine.
        k1, k2 = lit_counts(real)
        count = Text(f"more than half lit:\n{k1} of 16, then {k2} of 16", font_size=28, color=GRAY, line_spacing=0.8)
        count.move_to([true.get_x(), 2.6, 0])
        self.beat(f"Now the very same nine through the real trained network, on the right, with its true "
                  f"activations. Instead of a few tidy parts, {k1} of the 16 first-layer neurons are more than "
                  f"half lit, and {k2} of the 16 in the second layer.")
        back = digit_image(pixels, height=0.85).move_to(digits[0])  # the toy gets the same nine back
        self.play(FadeIn(digits[1]), *fill_animations(true, 0, real[0]), FadeOut(digits[0]), FadeIn(back),
                  *fill_animations(toy, 0, pixels), run_time=0.15 * self.remaining())
        step = 0.6 * self.remaining() / 3
        for l in range(3):
            flash = true.edges[l].copy().set_stroke(color=HIGHLIGHT)
            self.play(ShowPassingFlash(flash, time_width=0.6), run_time=0.45 * step)
            self.play(*fill_animations(true, l + 1, real[l + 1]), run_time=0.55 * step)
        self.play_through(FadeIn(count, shift=0.2 * UP),
                          LaggedStart(*[Indicate(c) for l in (1, 2) for c, j in zip(true.layers[l], true.indices[l])
                                        if real[l][j] > 0.5], lag_ratio=0.2), share=0.9)

        # Beat: right answer, its own way.
        out9 = float(real[-1][9])
        value = Text(fmt(out9, 2), font_size=24, color=HIGHLIGHT).next_to(true_labels[9], RIGHT, buff=0.12)
        self.beat(f"The answer still comes out right: the output for nine reaches {fmt(out9, 2)}. But the real "
                  "network got there its own way, spread over many partly lit neurons, not through the neat "
                  "loops and lines we hoped for.")
        self.play(Create(true.answer_box(9)), FadeIn(value), run_time=0.25 * self.remaining())
        self.play_through(Succession(Indicate(VGroup(part_icons, edge_icons), color=HIGHLIGHT),
                                     Indicate(true.layers[2]), Indicate(true.layers[1])), share=0.9)
