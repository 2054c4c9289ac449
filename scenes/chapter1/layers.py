"""Part 2: the pixels become the input layer; hidden and output layers; real weights."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    Flash,
    GrowFromCenter,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    Wiggle,
    Line,
    ManimColor,
    ShowPassingFlash,
    Square,
    Text,
    TransformFromCopy,
    VGroup,
)

from scenes.data import Needs, get_run
from scenes.mobjects import NetworkDiagram, digit_image, spread_pixels
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter1.numbers import demo_probe
from scenes.chapter1.drawing import Ch1Scene, edges_by_sign, pixel_center


class Ch1FlattenToNetwork(Ch1Scene):
    """The 784 pixels become the input column; two hidden layers of 16; 10 outputs."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        run = get_run()
        sizes = run.layer_sizes
        i = demo_probe()
        pixels = run.probes.images[i]
        chosen = spread_pixels(pixels, 16)
        diagram = NetworkDiagram(sizes, run.final.weights, shown={0: chosen}, layer_buff=2.2)
        diagram.height = 6.3
        diagram.to_edge(RIGHT, buff=1.6).shift(0.3 * DOWN)
        diagram.set_layer_activations(0, pixels)
        home = digit_image(pixels, height=3.2).to_edge(LEFT, buff=0.5)  # where it sits beside the network
        digit = digit_image(pixels, height=6.4).move_to(ORIGIN)  # large while its pixels are picked

        # Beat: the digit and its pixels.
        self.beat(f"Take one real digit, a {int(run.probes.labels[i])} the network never saw while training. "
                  f"All 784 of its pixels will become the first layer of the network. We cannot draw 784 "
                  f"circles, so the {len(chosen)} marked pixels, spread along the stroke, stand in for the rest.")
        self.play(FadeIn(digit))
        marks = VGroup()
        h = digit[0].height / 28
        for k in chosen:
            r, c = divmod(int(k), 28)
            marks.add(Square(h, stroke_color=HIGHLIGHT, stroke_width=2.5)
                      .set_fill(ManimColor(np.array([float(pixels[k])] * 3)), 1)
                      .move_to(pixel_center(digit[0], r, c)))
        self.play_through(LaggedStart(*[AnimationGroup(FadeIn(m, scale=5), Flash(m, color=HIGHLIGHT, line_length=0.15,
                                                                 flash_radius=0.12)) for m in marks],
                                      lag_ratio=0.3), share=0.9)

        # Beat: flatten into a column.
        self.beat("Unroll the grid row by row into one long column. Each pixel becomes an input neuron, and its "
                  "brightness becomes that neuron's activation: dark pixels give dark neurons, bright pixels "
                  "bright ones. The dots stand for all the neurons we left out.")
        self.play(Group(digit, marks).animate.scale(home.height / digit.height).move_to(home.get_center()),
                  run_time=0.15 * self.remaining())
        self.play(LaggedStart(*[TransformFromCopy(m, c) for m, c in zip(marks, diagram.layers[0])],
                              lag_ratio=0.15), run_time=0.6 * self.remaining())
        dots = diagram.ellipses[0]
        brace = diagram.layer_brace(0, "784", direction=LEFT)
        brace[1].scale(0.8)
        note = Text(f"{len(chosen)} of {sizes[0]} drawn", font_size=24, color=GRAY)
        note.next_to(diagram.layers[0], UP, buff=0.15)
        self.play_through(FadeIn(dots), GrowFromCenter(brace), FadeIn(note), share=0.9)

        # Beat: hidden layers.
        self.beat(f"Next come two hidden layers of {sizes[1]} neurons each. They are hidden because we never "
                  "set them ourselves: the network computes them from the layer before. What they compute is "
                  "a question mark for now; every neuron of one layer connects to every neuron of the next.")
        hidden_titles = VGroup(*[Text(f"hidden {n}", font_size=26).next_to(diagram.layers[l], UP, buff=0.15)
                                 for l, n in ((1, 1), (2, 2))])
        marks = VGroup(*[MathTex("?", font_size=30, color=HIGHLIGHT).scale_to_fit_height(1.1 * c.height).move_to(c)
                         for l in (1, 2) for c in diagram.layers[l]])
        each = max(1.0, 0.3 * self.remaining())
        for l in (1, 2):
            self.play(Create(diagram.edges[l - 1], lag_ratio=0.01), FadeIn(diagram.layers[l]),
                      FadeIn(hidden_titles[l - 1]), run_time=each)
            self.bring_to_back(diagram.edges[l - 1])
        self.play_through(LaggedStart(*[FadeIn(m, scale=2) for m in marks], lag_ratio=0.05), share=0.9)

        # Beat: outputs.
        self.beat(f"The last layer has {sizes[-1]} neurons, one for each digit from 0 to 9. How brightly each "
                  "one lights up says how strongly the network believes the image shows that digit, and the "
                  "brightest one is its answer.")
        labels = diagram.output_labels(font_size=22)
        out_title = Text("output", font_size=26).next_to(diagram.layers[3], UP, buff=0.15)
        self.play(Create(diagram.edges[2], lag_ratio=0.01), FadeIn(diagram.layers[3]), FadeIn(labels),
                  FadeIn(out_title), run_time=0.35 * self.remaining())
        self.bring_to_back(diagram.edges[2])
        self.play_through(LaggedStart(*[Indicate(VGroup(c, t)) for c, t in zip(diagram.layers[3], labels)],
                                      lag_ratio=0.3), share=0.9)

        # Beat: why two layers of 16?
        self.beat(f"Why two hidden layers, and why {sizes[1]} neurons in each? Honestly, it is an arbitrary "
                  "choice: two layers suit the story of edges and parts we will tell, and this many fits on "
                  "the screen. Other sizes would work about as well, and you are free to try them.")
        arbitrary = Text(f"{len(sizes) - 2} hidden layers of {sizes[1]}:\nan arbitrary choice", font_size=28,
                         color=HIGHLIGHT, line_spacing=0.8).next_to(digit, DOWN, buff=0.5).align_to(digit, LEFT)
        self.play(FadeIn(arbitrary, shift=0.2 * UP), run_time=0.3 * self.remaining())
        hidden = VGroup(diagram.layers[1], diagram.layers[2], marks)
        self.play_through(Wiggle(hidden_titles[0]), Wiggle(hidden_titles[1]), share=0.45)
        self.play_through(Wiggle(hidden), share=0.9)
        self.play(FadeOut(marks), FadeOut(arbitrary), run_time=0.6)

        # Beat: edges carry real weights.
        self.beat("Every line is a connection, and each one carries a weight, a number the network learned in "
                  "training. Green lines are positive weights, red lines negative ones, and the brighter and "
                  "thicker the line, the stronger the weight. These are the real weights of our trained network.")
        legend = VGroup(
            VGroup(Line(ORIGIN, 0.6 * RIGHT, color=POSITIVE, stroke_width=4), Text("positive weight", font_size=28)
                   ).arrange(RIGHT, buff=0.15),
            VGroup(Line(ORIGIN, 0.6 * RIGHT, color=NEGATIVE, stroke_width=4), Text("negative weight", font_size=28)
                   ).arrange(RIGHT, buff=0.15),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(digit, DOWN, buff=0.6)
        self.play(FadeIn(legend))
        each = max(1.0, 0.45 * self.remaining())
        for part, lines in zip(legend, edges_by_sign(diagram, run.final.weights)):
            self.play(Indicate(part), ShowPassingFlash(lines.set_stroke(width=2, opacity=1), time_width=0.5),
                      run_time=each)
