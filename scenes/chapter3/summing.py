"""Chapter 3, part 3c: the summed wishes propagated backwards through the whole network, layer by layer."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    Indicate,
    LaggedStart,
    MathTex,
    ShowPassingFlash,
    Succession,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.style import GRAY, BIAS_COLOR, HIGHLIGHT, POSITIVE, WEIGHT_COLOR
from scenes.chapter3.numbers import the_example, desired_activations
from scenes.chapter3.drawing import nudge_arrow, ripple, example_diagram


class Ch3BackwardsLayerByLayer(LectureScene):
    """The desired changes flow backwards: output, layer 2, layer 1."""

    NEEDS = Needs(hidden_layers=2)

    def construct(self) -> None:
        ex = the_example()
        wanted = desired_activations(ex)
        diagram = example_diagram(ex, layer_buff=2.5).to_edge(LEFT, buff=0.6)
        diagram.edges.set_stroke(opacity=0.25)
        labels = diagram.output_labels(font_size=22)
        self.add(diagram, labels)

        def arrows_for(layer: int) -> VGroup:
            scale = 0.4 / float(np.max(np.abs(wanted[layer])))
            return VGroup(*[nudge_arrow(c, wanted[layer][i], scale, x_offset=-0.32)
                            for c, i in zip(diagram.layers[layer], diagram.indices[layer])])

        def backward_flash(layer: int) -> ShowPassingFlash:
            lines = VGroup(*[e.copy().reverse_points().set_stroke(color=HIGHLIGHT, width=1.2, opacity=0.45)
                             for e in diagram.edges[layer]])
            return ShowPassingFlash(lines, time_width=0.5, run_time=1.2)

        # Beat: output nudges.
        self.beat(f"Step back to the whole network. On the right are the nudges the output layer wants for this "
                  f"{ex.label}: the {ex.label} output up, every other output down, each as long as its gap. "
                  "Everything that follows starts from these ten arrows.")
        out_arrows = VGroup(*[nudge_arrow(c, wanted[3][i], 0.4 / float(np.max(np.abs(wanted[3]))), x_offset=1.0)
                              for c, i in zip(diagram.layers[3], diagram.indices[3])])
        self.play_through(LaggedStart(*[Create(a) for a in out_arrows], lag_ratio=0.15), share=0.6)
        self.play_through(Indicate(out_arrows[list(diagram.indices[3]).index(ex.label)], color=POSITIVE,
                                   scale_factor=1.5))

        # Beat: layer 2.
        self.beat("Add up every output's wishes, weighted the way we just saw, and you get one arrow for each "
                  "neuron of the last hidden layer. They say how layer 2 should change, and they were computed "
                  "entirely from the layer after it.")
        a2 = arrows_for(2)
        self.play_through(backward_flash(2), share=0.35)
        self.play_through(LaggedStart(*[Create(a) for a in a2], lag_ratio=0.1), share=0.7)
        self.play_through(backward_flash(2))

        # Beat: layer 1.
        self.beat("Nothing stops us from doing it again. Treat the layer-2 nudges as we treated the outputs, and "
                  "their summed wishes become nudges for layer 1. Moving backwards like this, one layer at a time, "
                  "is what gives backpropagation its name. It stops at the pixels, which are given, not learned.")
        a1 = arrows_for(1)
        self.play_through(backward_flash(1), share=0.25)
        self.play_through(LaggedStart(*[Create(a) for a in a1], lag_ratio=0.1), share=0.5)
        self.play_through(Succession(backward_flash(2), backward_flash(1)), share=0.6)
        self.play_through(ripple(diagram.layers[0], color=GRAY))

        # Beat: the parameters.
        self.beat("At every layer, the nudges then become changes of the parameters. A neuron's bias changes by "
                  "its nudge times the slope of its sigmoid, and each weight into it by that same amount times "
                  "the activation it comes from. Those are the first two knobs from before, now applied everywhere.")
        rule = VGroup(
            MathTex(r"\Delta b_j = \sigma'(z_j)\,\Delta a_j", font_size=38, color=BIAS_COLOR),
            MathTex(r"\Delta w_{jk} = a_k\,\Delta b_j", font_size=38, color=WEIGHT_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35).to_edge(RIGHT, buff=0.4)
        self.play_through(Write(rule[0]), ripple(a2), share=0.4)
        self.play_through(Write(rule[1]), ripple(diagram.layers[1]), share=0.5)
        self.play_through(LaggedStart(*[backward_flash(l) for l in (2, 1, 0)], lag_ratio=0.5))
