"""Chapter 3, part 2: three ways to raise the 2-neuron."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    WHITE,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    ShowPassingFlash,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)
from manim.utils.rate_functions import there_and_back

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.mobjects import signed_color
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, ACTIVATION_COLOR, BIAS_COLOR, HIGHLIGHT, NEGATIVE, POSITIVE, WEIGHT_COLOR
from scenes.chapter3.numbers import the_example, wishes
from scenes.chapter3.drawing import nudge_arrow, ripple


class Ch3ThreeWays(LectureScene):
    """Three ways to raise the 2-neuron: its bias, its weights, the previous activations."""

    NEEDS = Needs(hidden_sizes=(16, 16))  # sigmoid: neuron brightness is the activation in [0, 1]

    def construct(self) -> None:
        ex = the_example()
        j = ex.label
        prev = ex.acts[2]
        w = ex.net.weights[2][j]
        want_b = -ex.grad_b[2][j]
        want_w = -ex.grad_w[2][j]
        own_wish = wishes(ex, 2)[j]

        column = VGroup(*[Circle(radius=0.17, stroke_color=WHITE, stroke_width=1.5)
                          .set_fill(WHITE, float(a)) for a in prev]).arrange(DOWN, buff=0.1)
        column.height = 6.2
        column.to_edge(LEFT, buff=1.6).shift(DOWN * 0.3)
        target = Circle(radius=0.4, stroke_color=HIGHLIGHT, stroke_width=3).set_fill(WHITE, float(ex.acts[3][j]))
        target.move_to(column.get_center() + RIGHT * 2.4)
        vmax = float(np.max(np.abs(w)))

        def by_weight(edge, wk: float):  # an edge (or its .animate) styled by its weight
            return edge.set_stroke(color=POSITIVE if wk >= 0 else NEGATIVE, width=0.5 + 4 * abs(wk) / vmax,
                                   opacity=0.25 + 0.75 * abs(wk) / vmax)

        edges = VGroup(*[by_weight(Line(c.get_right(), target.get_left()), wk) for c, wk in zip(column, w)])
        tlabel = Text(f'"{j}" neuron', font_size=28).next_to(target, UP, buff=0.2)
        tlabel.add_background_rectangle(opacity=0.75, buff=0.05)  # the edges pass under it
        tvalue = Text(f"a = {fmt(ex.acts[3][j])}", font_size=28).next_to(target, DOWN, buff=0.2)
        head = Text("layer 2", font_size=26, color=GRAY).next_to(column, UP, buff=0.15)
        self.add(edges)

        # Beat: the neuron we want brighter.
        self.beat(f"Now zoom in on the one output we want brighter, the {j} neuron; right now its activation is "
                  f"{fmt(ex.acts[3][j])}. It is the sigmoid of a weighted sum: every neuron of layer 2 times its "
                  "weight, plus a bias. That formula offers three different knobs to turn.")
        self.add(column, head)
        self.play_through(FadeIn(target), FadeIn(tlabel), FadeIn(tvalue), share=0.25)
        formula = MathTex(r"a_{" + str(j) + r"} = \sigma(", r"w_{" + str(j) + r",0}", r"a_0", r"+ \dots +",
                          r"w_{" + str(j) + r",15}", r"a_{15}", "+", r"b_{" + str(j) + "}", ")", font_size=40)
        formula[1].set_color(WEIGHT_COLOR)
        formula[4].set_color(WEIGHT_COLOR)
        formula[2].set_color(ACTIVATION_COLOR)
        formula[5].set_color(ACTIVATION_COLOR)
        formula[7].set_color(BIAS_COLOR)
        formula.to_corner(UR, buff=0.5)
        self.play_through(Write(formula), ShowPassingFlash(edges.copy().set_stroke(HIGHLIGHT, width=3, opacity=1),
                                                           time_width=0.5), share=0.5)
        knobs = [VGroup(formula[7]), VGroup(formula[1], formula[4]), VGroup(formula[2], formula[5])]
        self.play_through(LaggedStart(*[Indicate(k, scale_factor=1.3) for k in knobs], lag_ratio=0.6))
        ways = VGroup(
            Text("1. increase the bias b", font_size=28, color=BIAS_COLOR),
            Text("2. increase weights w, in proportion to a", font_size=28, color=WEIGHT_COLOR),
            Text("3. change activations a, in proportion to w", font_size=28, color=ACTIVATION_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(formula, DOWN, buff=0.7).to_edge(RIGHT, buff=0.4)

        # Beat: the bias.
        self.beat(f"The first knob is the bias. Raising it lifts the weighted sum whatever the image is, so the "
                  f"neuron gets brighter directly. For this example, the desired change of the bias is "
                  f"{fmt(want_b)}.")
        bias_note = MathTex(r"\text{desired } \Delta b_{" + str(j) + "} = " + tex_num(want_b, 2, True),
                            font_size=42, color=BIAS_COLOR).next_to(ways, DOWN, buff=0.9).to_edge(RIGHT, buff=0.4)
        self.play_through(FadeIn(ways[0]), Indicate(knobs[0], scale_factor=1.4), share=0.35)
        self.play_through(Write(bias_note), share=0.6)
        self.play_through(target.animate.set_fill(opacity=min(1.0, float(ex.acts[3][j]) + 0.3)), 
                          rate_func=there_and_back)

        # Beat: the weights, recolored by their desired change.
        self.beat("The second knob is the weights. A weight counts only as much as the activation it multiplies, "
                  "so the edges now show how each weight should change: the thick, bright ones come from the "
                  "brightest neurons of layer 2.")
        wmax = float(np.max(np.abs(want_w)))
        self.play_through(FadeIn(ways[1]), FadeOut(bias_note), Indicate(knobs[1], scale_factor=1.3), share=0.3)
        self.play_through(*[e.animate.set_stroke(color=signed_color(d, wmax), width=0.5 + 5 * abs(d) / wmax,
                                                 opacity=1) for e, d in zip(edges, want_w)], share=0.6)
        self.play_through(ripple(VGroup(*[c for c, a in zip(column, prev) if a >= np.median(prev)]),
                                 scale_factor=1.3))

        # Beat: the two extremes of the weights.
        top = int(np.argmax(prev))
        dim = int(np.argmin(prev))
        self.beat(f"Neuron {top} is the brightest, at {fmt(prev[top])}, so its weight should grow by "
                  f"{fmt(want_w[top])}; neuron {dim}, at only {fmt(prev[dim])}, asks for {fmt(want_w[dim])}. "
                  "Connections between neurons that are active together get the strongest boost, an echo of "
                  "how brains are thought to learn.")
        weight_note = VGroup(
            MathTex(rf"a_{{{top}}} = {fmt(prev[top])}:\ \Delta w_{{{j},{top}}} = {tex_num(want_w[top], 2, True)}",
                    font_size=40),
            MathTex(rf"a_{{{dim}}} = {fmt(prev[dim])}:\ \Delta w_{{{j},{dim}}} = {tex_num(want_w[dim], 2, True)}",
                    font_size=40),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(ways, DOWN, buff=0.9).to_edge(RIGHT, buff=0.4)
        boxes = VGroup(SurroundingRectangle(column[top], color=HIGHLIGHT, buff=0.05),
                       SurroundingRectangle(column[dim], color=GRAY, buff=0.05))
        self.play_through(FadeIn(weight_note[0]), Create(boxes[0]), share=0.3)
        self.play_through(FadeIn(weight_note[1]), Create(boxes[1]), share=0.4)
        flash = edges[top].copy().set_stroke(HIGHLIGHT, width=6, opacity=1)
        self.play_through(ShowPassingFlash(flash, time_width=0.6))

        # Beat: the activations.
        hi, lo = int(np.argmax(w)), int(np.argmin(w))
        self.beat(f"The third knob is the activations of layer 2 themselves. Neurons joined by a positive weight "
                  f"should get brighter, those joined by a negative weight dimmer, each in proportion to its "
                  f"weight. Neuron {hi}, with weight {fmt(w[hi])}, should rise by {fmt(own_wish[hi])}; neuron "
                  f"{lo}, with weight {fmt(w[lo])}, should fall by {fmt(abs(own_wish[lo]))}.")
        self.play_through(FadeIn(ways[2]), FadeOut(weight_note), FadeOut(boxes), Indicate(knobs[2], scale_factor=1.3),
                          *[by_weight(e.animate, wk) for e, wk in zip(edges, w)], share=0.2)
        scale = 0.3 / float(np.max(np.abs(own_wish)))
        arrows = VGroup(*[nudge_arrow(c, d, scale, x_offset=-0.45) for c, d in zip(column, own_wish)])
        self.play_through(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.1), share=0.45)
        act_note = VGroup(
            MathTex(rf"w_{{{j},{hi}}} = {tex_num(w[hi])}:\ \text{{wish }} \Delta a_{{{hi}}} = "
                    rf"{tex_num(own_wish[hi], 2, True)}", font_size=40),
            MathTex(rf"w_{{{j},{lo}}} = {tex_num(w[lo])}:\ \text{{wish }} \Delta a_{{{lo}}} = "
                    rf"{tex_num(own_wish[lo], 2, True)}", font_size=40),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(ways, DOWN, buff=0.9).to_edge(RIGHT, buff=0.4)
        self.play_through(FadeIn(act_note[0]), Indicate(VGroup(edges[hi], arrows[hi]), color=POSITIVE), share=0.5)
        self.play_through(FadeIn(act_note[1]), Indicate(VGroup(edges[lo], arrows[lo]), color=NEGATIVE))

        # Beat: only weights and biases can change.
        self.beat(f"But an activation is not a knob we can set: it follows from the weights and biases of the "
                  f"layer before. So we keep these wishes and hand them back a layer. And the {j} neuron is not "
                  "the only output with wishes for layer 2.")
        self.play_through(arrows.animate.set_opacity(0.5), share=0.3)
        handed = arrows.copy()
        self.play_through(handed.animate.shift(LEFT * 1.2).set_opacity(0), share=0.55)
        self.remove(handed)
        self.play_through(Indicate(head, color=HIGHLIGHT))
