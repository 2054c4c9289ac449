"""Part 7: the network as a function; sigmoid versus ReLU."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Axes,
    Circumscribe,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    Line,
    MathTex,
    MoveToTarget,
    MoveAlongPath,
    ShowPassingFlash,
    Square,
    Succession,
    SurroundingRectangle,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
)

from network.activations import relu, sigmoid
from scenes.data import Needs, get_run
from scenes.mobjects import digit_image
from scenes.numbers import fmt
from scenes.style import GRAY, ACTIVATION_COLOR, BIAS_COLOR, HIGHLIGHT, NEGATIVE, WEIGHT_COLOR
from scenes.chapter1.numbers import demo_probe, mean_sigmoid_slope, parameter_counts
from scenes.chapter1.drawing import Ch1Scene, slope_probe


class Ch1NetworkAsFunction(Ch1Scene):
    """A neuron is a function, and the network is a function from 784 numbers to 10."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        pixels = run.probes.images[i]
        out = run.final.probe_activations[-1][i]
        _, _, total = parameter_counts(run.layer_sizes)

        # Beat: a neuron is a function.
        self.beat("Step back for a moment. A single neuron is really just a function: it takes all the "
                  "activations of the layer before, weighs them, adds its bias, and returns one number "
                  "between 0 and 1.")
        neuron_f = MathTex(r"a_j^{(1)}", "=", r"\sigma\big(", r"w_{j,1} a_1 + w_{j,2} a_2 + \cdots + w_{j,784} a_{784}",
                           "+", "b_j", r"\big)", font_size=52).move_to(0.3 * UP)
        self.play(Write(neuron_f), run_time=0.4 * self.remaining())
        self.play_through(Succession(*[Indicate(neuron_f[k], color=color) for k, color in
                                       ((3, WEIGHT_COLOR), (5, BIAS_COLOR), (0, ACTIVATION_COLOR))]), share=0.9)

        # Beat: the network is a function.
        guess = int(np.argmax(out))
        self.beat(f"And the whole network is a function too: {run.layer_sizes[0]} numbers in, "
                  f"{run.layer_sizes[-1]} numbers out. Give it the pixels of this "
                  f"{int(run.probes.labels[i])} and out come its output activations, one per digit; the largest, "
                  f"{out[guess]:.2f}, belongs to {guess}.")
        digit = digit_image(pixels, height=4.0)
        box = VGroup(Square(3.0, stroke_color=WHITE), MathTex("f", font_size=120))
        outs = VGroup(*[VGroup(MathTex(f"{d}:", font_size=40), MathTex(f"{float(v):.2f}", font_size=40))
                        .arrange(RIGHT, buff=0.15) for d, v in enumerate(out)])
        outs.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        outs[guess].set_color(HIGHLIGHT)
        arrows = [Arrow(0.6 * LEFT, 0.6 * RIGHT, color=GRAY) for _ in range(2)]
        neuron_f.generate_target().scale(40 / 52).to_edge(UP, buff=0.5)
        Group(digit, arrows[0], box, arrows[1], outs).arrange(RIGHT, buff=0.4).next_to(neuron_f.target, DOWN, buff=0.5)
        in_t = Text(f"{run.layer_sizes[0]} numbers", font_size=28).next_to(digit, DOWN, buff=0.2)
        out_t = Text(f"{run.layer_sizes[-1]} numbers", font_size=28).next_to(outs, DOWN, buff=0.2)

        def flow() -> Succession:
            """Digit through f to the outputs: the arrows flash, f and the answer pulse."""
            flash = [a.copy().set_color(HIGHLIGHT) for a in arrows]
            return Succession(ShowPassingFlash(flash[0]), Indicate(box), ShowPassingFlash(flash[1]),
                              Indicate(outs[guess]))

        self.play(MoveToTarget(neuron_f), FadeIn(digit), FadeIn(in_t), run_time=0.15 * self.remaining())
        self.play(Create(arrows[0]), FadeIn(box), run_time=0.15 * self.remaining())
        self.play(Create(arrows[1]), FadeIn(outs, lag_ratio=0.1), FadeIn(out_t), run_time=0.35 * self.remaining())
        self.play_through(flow(), share=0.9)

        # Beat: a complicated function.
        self.beat(f"It is a complicated function, with {total:,} parameters inside, yet it is built from nothing "
                  "more than weighted sums and sigmoids. Seeing it this way helps: learning will mean adjusting "
                  "those parameters until the function gives the right answers.")
        note = Text(f"{total:,} parameters inside f", font_size=30, color=HIGHLIGHT).next_to(box, UP, buff=0.2)
        self.play(FadeIn(note), run_time=0.25 * self.remaining())
        self.play(Circumscribe(box), run_time=0.3 * self.remaining())
        self.play_through(flow(), share=0.9)


class Ch1SigmoidVsReLU(Ch1Scene):
    """Sigmoid and ReLU side by side; why ReLU trains more easily in deep networks."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        slope = mean_sigmoid_slope()

        # Beat: sigmoid.
        self.beat("A last remark, about the sigmoid itself. Early networks used it, and so does ours, because "
                  "it squishes any sum into the range 0 to 1, a bit like a biological neuron being either "
                  "quiet or firing.")
        left = Axes(x_range=[-6, 6, 2], y_range=[0, 1, 0.5], x_length=5.8, y_length=4.4, tips=False,
                    axis_config={"include_numbers": True, "font_size": 22})
        right = Axes(x_range=[-3, 3, 1], y_range=[0, 3, 1], x_length=5.8, y_length=4.4, tips=False,
                     axis_config={"include_numbers": True, "font_size": 22})
        VGroup(left, right).arrange(RIGHT, buff=0.9).shift(0.15 * UP)
        sg = left.plot(lambda x: float(sigmoid(x)), x_range=[-6, 6], color=WEIGHT_COLOR)
        rl = VMobject(stroke_color=BIAS_COLOR, stroke_width=4)
        rl.set_points_as_corners([right.c2p(x, float(relu(x))) for x in (-3, 0, 3)])
        sg_t = MathTex(r"\sigma(a) = \frac{1}{1+e^{-a}}", font_size=40).next_to(left, UP, buff=0.3)
        rl_t = MathTex(r"\mathrm{ReLU}(a) = \max(0, a)", font_size=40).next_to(right, UP, buff=0.3)
        centre = -left.get_x() * RIGHT  # the sigmoid alone takes the middle, then makes room for ReLU
        VGroup(left, sg, sg_t).shift(centre)
        self.play(Create(left), Write(sg_t), run_time=0.3 * self.remaining())
        self.play(Create(sg), run_time=0.5 * self.remaining())
        tip = Dot(color=HIGHLIGHT)
        self.play_through(MoveAlongPath(tip, sg), share=0.9)

        # Beat: ReLU.
        self.beat("Modern deep networks mostly use something simpler, called ReLU, short for rectified linear "
                  "unit. It is just the maximum of zero and its input: zero for a negative input, and the "
                  "input itself otherwise.")
        self.play(FadeOut(tip), VGroup(left, sg, sg_t).animate.shift(-centre), run_time=0.15 * self.remaining())
        self.play(Create(right), Write(rl_t), run_time=0.3 * self.remaining())
        self.play(Create(rl), run_time=0.3 * self.remaining())
        tip = Dot(color=HIGHLIGHT)
        self.play_through(MoveAlongPath(tip, rl), share=0.9)

        # Beat: why.
        self.beat("The trouble with the sigmoid is that it flattens out at both ends, where its slope is almost "
                  "zero. Even at its steepest the slope is only 0.25, and at the hidden neurons of our trained "
                  f"network it averages just {fmt(slope, 2)}. Learning signals are multiplied by these slopes "
                  "layer after layer, so in a deep network they fade away.")
        flat = VGroup(
            SurroundingRectangle(VGroup(Dot(left.c2p(-6, 0)), Dot(left.c2p(-3, 0.1))), color=NEGATIVE, buff=0.1),
            SurroundingRectangle(VGroup(Dot(left.c2p(3, 0.9)), Dot(left.c2p(6, 1))), color=NEGATIVE, buff=0.1),
        )
        s_note = Text(f"slope at most 0.25\nour neurons' average: {fmt(slope, 2)}", font_size=28)
        s_note.next_to(left, DOWN, buff=0.5)
        self.play(FadeOut(tip), Create(flat), FadeIn(s_note), run_time=0.25 * self.remaining())
        x = ValueTracker(-5)
        touch = slope_probe(left, lambda t: float(sigmoid(t)), lambda t: float(sigmoid(t) * (1 - sigmoid(t))),
                            x, 1.0)
        self.play(FadeIn(touch))
        self.play_through(x.animate.set_value(5), share=0.9)

        # Beat: ReLU slope.
        self.beat("ReLU's slope, on the other hand, is exactly 1 wherever the neuron is active, and 0 where it "
                  "is not. Signals pass through active neurons without shrinking, which is a big reason deep "
                  "networks train more easily with ReLU.")
        r_note = Text("slope = 1 when active,\n0 otherwise", font_size=28).next_to(right, DOWN, buff=0.5)
        active = Line(right.c2p(0, 0), right.c2p(3, 3), color=HIGHLIGHT, stroke_width=7)
        self.play(FadeOut(touch), Create(active), FadeIn(r_note), run_time=0.3 * self.remaining())
        x.set_value(-2.5)
        touch = slope_probe(right, lambda t: float(relu(t)), lambda t: float(t > 0), x, 0.5)
        self.play(FadeIn(touch))
        self.play_through(x.animate.set_value(2.5), share=0.9)
