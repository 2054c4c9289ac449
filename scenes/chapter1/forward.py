"""Part 3: real digits through the trained network, right and wrong."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    FadeOut,
    Wiggle,
    FadeIn,
    Indicate,
    LaggedStart,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    Text,
    VGroup,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN, get_run
from scenes.mobjects import NetworkDiagram, digit_image, spread_pixels
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter1.numbers import demo_probe, output_contributions, parameter_counts, wrong_digit
from scenes.chapter1.drawing import Ch1Scene, fill_animations, value_labels


def _forward_scene(scene: LectureScene, pixels: np.ndarray, activations: list[np.ndarray], label: int,
                   source: str, wrong: bool) -> tuple[NetworkDiagram, VGroup]:
    """Shared body of the forward-pass scenes: light each layer with real activations.
    Returns the diagram and the values written beside its outputs."""
    run = get_run()
    chosen = spread_pixels(pixels, 16)
    diagram = NetworkDiagram(run.layer_sizes, run.final.weights, shown={0: chosen}, layer_buff=1.8)
    diagram.height = 6.6
    diagram.to_edge(RIGHT, buff=2.0)  # room for the output values on the right
    labels = diagram.output_labels(font_size=22)
    brace = diagram.layer_brace(0, "784", direction=LEFT)
    brace[1].scale(0.8)
    digit = digit_image(pixels, height=3.7).to_edge(LEFT, buff=0.4).shift(0.5 * UP)
    caption = Text(source, font_size=26, color=GRAY).next_to(digit, DOWN, buff=0.2)
    caption.align_to(digit, LEFT)
    # Static first (edges at the bottom of the family), so only moving neurons are redrawn.
    scene.add(diagram, labels, brace)

    scene.beat(f"Let's feed in a real handwritten {label}, one of the validation digits the network never "
               "trained on. Its pixels set the input layer: each input neuron lights up exactly as bright as "
               "its pixel." if not wrong else
               f"The network is not always right. Here is a real {label}, also from the held-out validation "
               "digits, that it gets wrong. As before, its pixels light up the input layer.")
    scene.play(FadeIn(digit), FadeIn(caption))
    scene.play_through(LaggedStart(*fill_animations(diagram, 0, activations[0]), lag_ratio=0.2), share=0.85)

    scene.beat("Now the signal flows forward. The activations of each layer, weighted by the trained "
               "connections, decide how brightly every neuron of the next layer shines: first the hidden "
               "layers, one after the other, and finally the outputs.")
    step = max(1.0, 0.95 * scene.remaining() / (len(activations) - 1))
    for l in range(len(activations) - 1):
        flash = diagram.edges[l].copy().set_stroke(color=HIGHLIGHT)
        scene.play(ShowPassingFlash(flash, time_width=0.6), run_time=0.55 * step)
        scene.play(*fill_animations(diagram, l + 1, activations[l + 1]), run_time=0.45 * step)

    out = activations[-1]
    guess = int(np.argmax(out))
    second = int(np.argsort(out)[-2])
    other = label if wrong else second
    scene.beat(f"The brightest output neuron is the network's answer: {guess}. It reaches {out[guess]:.2f}, "
               f"while the runner-up, {second}, gets only {out[second]:.2f}. This time the network is right."
               if not wrong else
               f"Here the brightest output is {guess}, at {out[guess]:.2f}, but the digit is really a {label}, "
               f"whose neuron reaches only {out[label]:.2f}. The network only learned patterns of pixels from its "
               "training examples, and this digit does not fit them well.")
    values = value_labels(diagram, labels, out)
    box = diagram.answer_box(guess)
    verdict = Text(f"answer: {guess}", font_size=30, color=HIGHLIGHT if guess == label else NEGATIVE)
    verdict.next_to(caption, DOWN, buff=0.5)
    scene.play(LaggedStart(*[FadeIn(v) for v in values], lag_ratio=0.1), run_time=0.25 * scene.remaining())
    scene.play(Create(box), FadeIn(verdict))
    if wrong:
        true_box = SurroundingRectangle(VGroup(diagram.neuron(len(activations) - 1, label), labels[label]),
                                        color=POSITIVE, buff=0.06)
        truth = Text(f"true label: {label}", font_size=28, color=POSITIVE).next_to(verdict, DOWN, buff=0.25)
        scene.play(Create(true_box), FadeIn(truth))
    scene.play_through(Succession(Indicate(values[guess], scale_factor=1.5),
                                  Indicate(values[other], scale_factor=1.5)), share=0.9)
    return diagram, values


class Ch1ForwardPass(Ch1Scene):
    """A real held-out 3 through the trained network, layer by layer (render benchmark)."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        acts = [a[i] for a in run.final.probe_activations]
        _forward_scene(self, run.probes.images[i], acts, int(run.probes.labels[i]),
                       f"validation digit #{int(run.probes.indices[i])}", wrong=False)


class Ch1WrongDigit(Ch1Scene):
    """A real digit the trained network misclassifies."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        pixels, label, source = wrong_digit()
        _, acts = run.network(-1).forward(pixels)
        acts = [a[0] for a in acts]
        diagram, values = _forward_scene(self, pixels, acts, label, source, wrong=True)
        guess = int(np.argmax(acts[-1]))
        last = len(acts) - 2  # the last hidden layer

        # Beat: the structure lets us ask why.
        terms, _ = output_contributions(acts[last], run.final.weights[-1], run.final.biases[-1], guess)
        drawn = diagram.indices[last]
        top = [int(j) for j in drawn[np.argsort(-terms[drawn])[:3]]]
        self.beat(f"Because the network has this structure, we can ask why. Output {guess} adds up the "
                  f"{run.layer_sizes[last]} neurons of the last hidden layer, each times its weight, and we can "
                  "see which of them pushed hardest towards the wrong answer: these three, lit and strongly "
                  "connected to it.")
        why = Text(f"pushed hardest\ntoward {guess}", font_size=30, color=NEGATIVE, line_spacing=0.8)
        why.to_corner(LEFT + UP, buff=0.4)
        pushes = VGroup(*[diagram.edge(last, guess, j).copy().set_stroke(HIGHLIGHT, width=5, opacity=1)
                          for j in top])
        rings = VGroup(*[Circle(radius=diagram.neuron(last, j).width / 2 + 0.08, color=NEGATIVE, stroke_width=4)
                         .move_to(diagram.neuron(last, j)) for j in top])
        self.play(FadeIn(why), run_time=0.15 * self.remaining())
        self.play(Create(rings, lag_ratio=0.3), run_time=0.3 * self.remaining())
        self.play_through(Create(pushes, lag_ratio=0.3), Indicate(values[guess], scale_factor=1.5), share=0.9)

        # Beat: setting them by hand would be horrifying.
        _, _, total = parameter_counts(run.layer_sizes)
        self.beat(f"Fixing that by hand would mean choosing all {total:,} numbers yourself, so that this digit "
                  "comes out right without breaking the thousands that already do. That would be horrifying. "
                  "So the network has to find them itself, by learning.")
        horror = Text(f"set {total:,} numbers\nby hand?", font_size=32, color=HIGHLIGHT, line_spacing=0.8)
        horror.to_corner(LEFT + UP, buff=0.4)
        everything = VGroup(*[e.copy().set_stroke(color=HIGHLIGHT, width=2) for e in diagram.edges])
        self.play(FadeOut(why), FadeOut(rings), FadeOut(pushes), FadeIn(horror),
                  run_time=0.25 * self.remaining())
        self.play_through(ShowPassingFlash(everything, time_width=0.4), Wiggle(horror), share=0.9)
