"""Chapter 3, part 1: one real 2 through the untrained network and how each output should move."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    MathTex,
    Text,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.mobjects import digit_image
from scenes.numbers import fmt, signed, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.numbers import the_example, output_nudges, most_wrong
from scenes.chapter3.drawing import nudge_arrow, example_diagram


class Ch3DesiredNudges(LectureScene):
    """One real 2 through the untrained network; how each output should move."""

    NEEDS = Needs(activation=None, hidden_layers=2)

    def construct(self) -> None:
        ex = the_example()
        out = ex.acts[-1]
        nudges = output_nudges(ex)
        diagram = example_diagram(ex, layer_buff=1.7).to_edge(RIGHT, buff=3.3)  # room for values, arrows, y - a
        diagram.edges.set_stroke(opacity=0.5)  # the random weights stay visible without shouting
        labels = diagram.output_labels(font_size=22)
        digit = digit_image(ex.pixels, height=2.0).to_edge(LEFT, buff=0.6).shift(UP * 1.4)
        caption = Text(f"training digit #{ex.index}", font_size=26, color=GRAY).next_to(digit, DOWN, buff=0.2)
        caption.align_to(digit, LEFT)
        self.add(diagram.edges)  # static first: only what moves gets redrawn

        # Beat: the example.
        self.beat(f"Let's follow one real training image through the network: a handwritten {ex.label}, "
                  f"number {ex.index} of the training set. The network has not learned anything yet; its "
                  "weights and biases are still random. Watch the image pass through, one layer at a time.")
        diagram.clear_activations()
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        self.play_through(FadeIn(digit), FadeIn(caption), share=0.3)
        for l in range(len(ex.acts)):
            targets = [c.animate.set_fill(WHITE, opacity=float(np.clip(ex.acts[l][i], 0, 1)))
                       for c, i in zip(diagram.layers[l], diagram.indices[l])]
            self.play_through(*targets, share=1 / (len(ex.acts) - l), min_run_time=0.6)

        # Beat: random outputs.
        guess = int(np.argmax(out))
        self.beat(f"At the end come ten outputs, one for each digit, and all of them sit near the middle. The "
                  f"brightest is {guess}, at {fmt(out[guess])}, while the {ex.label} we actually showed gets "
                  f"{fmt(out[ex.label])}. For now, the network's answer is pure noise.")
        values = VGroup(*[Text(fmt(out[i]), font_size=24).next_to(labels[i], RIGHT, buff=0.2)
                          for i in range(len(out))])
        box = diagram.answer_box(guess)
        self.play_through(LaggedStart(*[FadeIn(v) for v in values], lag_ratio=0.15), share=0.4)
        self.play_through(Create(box), share=0.45)
        self.play_through(Indicate(values[ex.label], color=HIGHLIGHT))

        # Beat: nudges.
        self.beat(f"Training should change that. For this one image, we want the {ex.label} output to climb "
                  "toward 1, and the other nine outputs to sink toward 0. The arrows show these wishes: "
                  "green means up, red means down.")
        scale = 0.36 / float(np.max(np.abs(nudges)))
        arrows = VGroup(*[nudge_arrow(diagram.neuron(3, i), nudges[i], scale, x_offset=0)
                          for i in range(len(out))])
        for arrow, value in zip(arrows, values):
            arrow.next_to(value, RIGHT, buff=0.25)
        self.play(FadeOut(box), run_time=0.5)
        self.play_through(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.2), share=0.7)
        self.play_through(Indicate(arrows[ex.label], color=POSITIVE, scale_factor=1.5))

        # Beat: proportional.
        far = most_wrong(ex)
        near = int(np.argmin(np.abs(nudges)))
        self.beat(f"How hard should each output be pushed? In proportion to its gap, the target y minus the "
                  f"output a. The {far} sits at {fmt(out[far])}, far above 0, so it gets a big push down; the "
                  f"{near}, at {fmt(out[near])}, is already close and needs only a small one.")
        target_head = Text("nudge  y - a", font_size=28).next_to(arrows, UP, buff=0.35).shift(LEFT * 0.3)
        diffs = VGroup(*[Text(signed(nudges[i]), font_size=24, color=POSITIVE if nudges[i] >= 0 else NEGATIVE)
                         .next_to(arrows[i], RIGHT, buff=0.2).set_y(values[i].get_y()) for i in range(len(out))])
        note = VGroup(
            Text(f"{far} is at {fmt(out[far])}:\na big push down", font_size=28),
            Text(f"{near} is at {fmt(out[near])}:\na small one", font_size=28),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(caption, DOWN, buff=0.45).to_edge(LEFT, buff=0.6)
        self.play_through(FadeIn(target_head), LaggedStart(*[FadeIn(d) for d in diffs], lag_ratio=0.15), share=0.3)
        self.play_through(FadeIn(note[0]), Indicate(VGroup(arrows[far], diffs[far]), color=NEGATIVE), share=0.5)
        self.play_through(FadeIn(note[1]), Indicate(VGroup(arrows[near], diffs[near]), color=NEGATIVE))

        # Beat: the cost of this example.
        self.beat(f"The same gaps make up the cost of this example: square each one and add them up, which "
                  f"gives {fmt(ex.cost, 3)} here. Making the cost smaller means carrying out those nudges, and "
                  "because the gaps are squared, the biggest ones count the most.")
        cost = MathTex(r"C_0 = \sum_j (a_j - y_j)^2 = " + tex_num(ex.cost, 3), font_size=34)
        cost.next_to(note, DOWN, buff=0.4).to_edge(LEFT, buff=0.4)
        self.play_through(Write(cost), share=0.35)
        squares = diffs.copy()
        self.play_through(LaggedStart(*[d.animate.move_to(cost).scale(0.5).set_opacity(0) for d in squares],
                                      lag_ratio=0.1), share=0.4)
        self.remove(squares)
        self.play_through(Indicate(VGroup(arrows[far], diffs[far]), color=NEGATIVE), share=0.5)
        self.play_through(Indicate(cost))
