"""Chapter 4: the lecture's chain of single neurons, as one real path of the trained network."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circumscribe,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowFromPoint,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_run
from scenes.mobjects import NetworkDiagram, digit_image
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, ACTIVATION_COLOR, BIAS_COLOR, HIGHLIGHT, POSITIVE, WEIGHT_COLOR
from scenes.chapter4.drawing import COST_COLOR, chain_neuron, pixel_square
from scenes.chapter4.numbers import STEP, the_path


class Ch4OnePath(LectureScene):
    """The lecture's chain of single neurons, as one real path of the trained network."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        run = get_run()
        path = the_path()
        snap = run.snapshot(path.step)
        bright = [int(q) for q in np.argsort(-path.pixels) if q != path.p][:15]
        shown0 = np.sort(np.array(bright + [path.p]))
        diagram = NetworkDiagram(run.layer_sizes, snap.weights, shown={0: shown0}, layer_buff=2.0)
        diagram.height = 5.6
        diagram.to_edge(RIGHT, buff=1.2).shift(DOWN * 0.3)
        diagram.set_activations(path.acts)
        labels = diagram.output_labels(font_size=22)
        digit = digit_image(path.pixels, height=2.2).to_edge(LEFT, buff=1.4).shift(UP * 0.5)
        caption = Text(f"training image #{path.index}, a {path.label}", font_size=22, color=GRAY)
        caption.next_to(digit, DOWN, buff=0.2)
        step_text = Text(f"network at step {path.step} (epoch {snap.epoch:g})", font_size=22, color=GRAY)
        step_text.next_to(caption, DOWN, buff=0.15)
        title = Text("The simplest case: one neuron per layer", font_size=32).to_edge(UP, buff=0.3)
        self.add(diagram.edges)

        # Beat: the real network.
        self.beat(f"Here is our network partway through its training, at step {path.step}, after {snap.epoch:g} epochs. "
                  f"It is looking at training image {path.index}, a handwritten {path.label}, and each circle glows "
                  "as brightly as its neuron is active. To see what backpropagation really does, we will follow the "
                  "smallest piece of this network we can find.")
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        self.play(FadeIn(digit), FadeIn(caption), FadeIn(step_text), Write(title), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(layer, color=HIGHLIGHT, scale_factor=1.05) for layer in diagram.layers],
                                      lag_ratio=0.7))

        # Beat: one path, chosen backwards from the answer.
        self.beat(f"Now pick out one thread, chosen backwards from the answer. From the output for a {path.label}, "
                  "step back to the second-layer neuron that contributes most to it, then to the first-layer neuron "
                  "that contributes most to that one, and finally to the pixel that feeds it most strongly.")
        ns = path.neurons
        path_lines = VGroup(*[Line(diagram.neuron(l, ns[l]).get_right(), diagram.neuron(l + 1, ns[l + 1]).get_left(),
                                   color=HIGHLIGHT, stroke_width=6) for l in range(3)])
        rings = VGroup(*[SurroundingRectangle(diagram.neuron(l, ns[l]), color=HIGHLIGHT, buff=0.05)
                         for l in range(4)])
        mark = pixel_square(digit, path.p)
        link = DashedLine(mark.get_right(), rings[0].get_left(), color=HIGHLIGHT, stroke_width=2)
        steps = ([[Create(rings[3])]]
                 + [[GrowFromPoint(path_lines[l], path_lines[l].get_end()), Create(rings[l])] for l in (2, 1, 0)]
                 + [[GrowFromPoint(link, link.get_end()), Create(mark)]])
        self.play(FadeOut(title, shift=UP * 0.3), run_time=0.4)  # no title stays on screen
        for n, anims in enumerate(steps):
            self.play_through(*anims, share=1 / (len(steps) - n))

        # Beat: pulled out as a chain.
        chain = VGroup(*[chain_neuron(a) for a in path.chain_a]).arrange(RIGHT, buff=2.6)
        chain.move_to(DOWN * 0.2)
        edges = VGroup(*[Line(chain[l].get_right(), chain[l + 1].get_left(), color=WEIGHT_COLOR, stroke_width=4)
                         for l in range(3)])
        sup = ["L-3", "L-2", "L-1", "L"]
        a_labels = VGroup(*[MathTex(rf"a^{{({s})}} = {tex_num(a, 2)}", font_size=34, color=ACTIVATION_COLOR)
                            .next_to(c, DOWN, buff=0.25) for s, c, a in zip(sup, chain, path.chain_a)])
        w_labels = VGroup(*[MathTex(rf"w^{{({s})}} = {tex_num(w, 3)}", font_size=28, color=WEIGHT_COLOR)
                            .next_to(e, UP, buff=0.15) for s, e, w in zip(sup[1:], edges, path.chain_w)])
        b_labels = VGroup(*[MathTex(rf"b^{{({s})}} = {tex_num(b, 3)}", font_size=30, color=BIAS_COLOR)
                            .next_to(c, UP, buff=0.8) for s, c, b in zip(sup[1:], chain[1:], path.chain_b)])
        names = ["pixel", f"layer-1 neuron {path.k}", f"layer-2 neuron {path.j}", f"output {path.i}"]
        who = VGroup(*[Text(n, font_size=22, color=GRAY).next_to(lab, DOWN, buff=0.2)
                       for n, lab in zip(names, a_labels)])
        a0, a1, a2, a3 = path.chain_a
        self.beat(f"Pull that thread out and lay it flat, and we get the simplest network there is: four neurons in "
                  f"a row. The pixel is lit at {fmt(a0, 2)}, the two hidden neurons sit at {fmt(a1, 2)} and "
                  f"{fmt(a2, 2)}, and the output for a {path.label} reaches only {fmt(a3, 2)}.")
        self.play(FadeOut(diagram.edges), FadeOut(diagram.layers), FadeOut(labels),
                  FadeOut(VGroup(*diagram.ellipses.values())), FadeOut(rings), FadeOut(mark), FadeOut(link),
                  FadeOut(digit), FadeOut(caption), FadeOut(step_text),
                  *[TransformFromCopy(path_lines[l], edges[l]) for l in range(3)], FadeOut(path_lines),
                  run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(VGroup(c, a, n)) for c, a, n in zip(chain, a_labels, who)],
                                      lag_ratio=0.8))

        # Beat: weights and biases.
        self.beat(f"Three weights join them, and each neuron after the pixel adds its own bias. All of these are the "
                  f"real values of the snapshot. The last weight, {fmt(path.w, 3)}, and the last bias, "
                  f"{fmt(path.b, 3)}, are where we begin.")
        self.play_through(LaggedStart(*[Write(m) for m in w_labels], lag_ratio=0.5), share=0.35)
        self.play_through(LaggedStart(*[Write(m) for m in b_labels], lag_ratio=0.5), share=0.45)
        self.play_through(Indicate(w_labels[2]), Indicate(b_labels[2]))

        # Beat: cost of the output.
        self.beat(f"This image is a {path.label}, so the output we followed should be fully on: its target y is "
                  f"{path.target:.0f}. It only reaches {fmt(path.a, 2)}, and the cost of this output is the squared "
                  f"gap, {fmt(path.term, 2)}. With the other nine outputs added in, the whole example costs "
                  f"{fmt(path.cost, 2)}.")
        target = MathTex(rf"y = {path.target:.0f}", font_size=34, color=POSITIVE).next_to(chain[-1], RIGHT, buff=0.5)
        cost = MathTex(
            rf"C_0 = \big(a^{{(L)}} - y\big)^2 = ({tex_num(path.a, 2)} - {path.target:.0f})^2 = {tex_num(path.term, 2)}",
            font_size=36,
        ).to_edge(DOWN, buff=0.6)
        note = Text(f"(this output's term of the example's cost {fmt(path.cost, 2)})", font_size=22, color=GRAY)
        note.next_to(cost, DOWN, buff=0.12)
        self.play_through(FadeIn(target), Indicate(a_labels[3]), share=0.3)
        self.play_through(Write(cost), share=0.55)
        self.play_through(FadeIn(note))

        # Beat: the question.
        self.beat("Training exists to shrink gaps like this one. So the question of this chapter is how strongly "
                  "each weight and each bias along the chain pushes on that cost. We will answer it link by link, "
                  "starting at the end and working backwards.")
        self.play_through(Circumscribe(cost, color=COST_COLOR), share=0.3)
        self.play_through(LaggedStart(*[Indicate(VGroup(w_labels[l], b_labels[l])) for l in (2, 1, 0)], lag_ratio=0.7))
