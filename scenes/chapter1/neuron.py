"""Part 5: one real neuron: its weights, its weighted sum, its bias and sigmoid."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    WHITE,
    AnimationGroup,
    Axes,
    Line,
    Circle,
    Circumscribe,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    ReplacementTransform,
    Square,
    SurroundingRectangle,
    Text,
    ValueTracker,
    VGroup,
    Write,
)

from network.activations import sigmoid
from scenes.data import Needs, get_run
from scenes.mobjects import digit_image, spread_pixels, weight_image
from scenes.numbers import fmt
from scenes.style import BIAS_COLOR, HIGHLIGHT, NEGATIVE, POSITIVE, WEIGHT_COLOR
from scenes.chapter1.numbers import demo_probe, neuron_example
from scenes.chapter1.drawing import Ch1Scene, pixel_center, tour


class Ch1NeuronWeights(Ch1Scene):
    """One real hidden neuron: its 784 weights, multiplied by a real digit and summed."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        ex = neuron_example()
        vmax = float(np.abs(ex.weights).max())

        # Beat: pick a neuron.
        self.beat(f"Let's open up one neuron of the first hidden layer, neuron number {ex.neuron}, and see "
                  "exactly what it computes.")
        neuron = Circle(radius=2.2, stroke_color=WHITE, stroke_width=6).set_fill(WHITE, opacity=0.0)
        title = Text(f"hidden layer 1, neuron {ex.neuron}", font_size=40).next_to(neuron, DOWN, buff=0.4)
        Group(neuron, title).move_to(ORIGIN)
        self.play(Create(neuron), run_time=0.35 * self.remaining())
        self.play_through(Write(title), neuron.animate.set_fill(WHITE, opacity=float(np.clip(ex.activation, 0, 1))), share=0.8)

        # Beat: its weights as an image.
        self.beat("It has 784 incoming connections, one from every pixel, each with its own weight. Drawn on "
                  "the 28 by 28 grid, the weights make a picture: green where a weight is positive, red where "
                  f"it is negative, brighter where it is larger. The strongest one, boxed here, has size "
                  f"{fmt(vmax, 2)}.")
        wimg = weight_image(ex.weights, height=3.5, vmax=vmax)
        wcap = Text("its 784 weights", font_size=30).next_to(wimg, DOWN, buff=0.2)
        slot = Group(wimg, wcap).copy()  # its size in the product row below
        Group(wimg, wcap).scale(1.5)
        legend = VGroup(
            Text("green: w > 0", font_size=36, color=POSITIVE),
            Text("red: w < 0", font_size=36, color=NEGATIVE),
            Text("brightness: |w|", font_size=36),
            Text(f"max |w| = {fmt(vmax, 2)}", font_size=36),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        Group(Group(wimg, wcap), legend).arrange(RIGHT, buff=0.8).move_to(ORIGIN)
        strongest = Square(wimg[0].height / 28 + 0.08, color=HIGHLIGHT, stroke_width=3).move_to(
            pixel_center(wimg[0], *divmod(int(np.argmax(np.abs(ex.weights))), 28)))
        self.play(FadeOut(title), FadeTransform(neuron, wimg), FadeIn(wcap), run_time=0.25 * self.remaining())
        self.play(LaggedStart(*[FadeIn(t) for t in legend], lag_ratio=0.6), run_time=0.45 * self.remaining())
        self.play_through(Create(strongest), Indicate(legend[3]), share=0.9)

        # Beat: multiply by the pixels.
        self.beat(f"Now multiply every pixel of our {ex.label} by the weight at the same spot. Where the digit "
                  "is black, the pixel is 0 and so is the product, whatever the weight. Only pixels on the "
                  "stroke let their weights through, giving the picture on the right.")
        dimg = digit_image(ex.image, height=3.5)
        dcap = Text(f"pixels a of a {ex.label}", font_size=30).next_to(dimg, DOWN, buff=0.2)
        products = ex.weights * ex.image
        pimg = weight_image(products, height=3.5, vmax=float(np.abs(products).max()))
        pcap = Text("w × a", font_size=30).next_to(pimg, DOWN, buff=0.2)
        times = MathTex(r"\times", font_size=48)
        equals = MathTex("=", font_size=48)
        row = Group(Group(dimg, dcap), times, slot, equals, Group(pimg, pcap))
        row.arrange(RIGHT, buff=0.4).to_edge(UP, buff=0.35)
        for g in (row[2], row[4]):  # captions differ in height: line the pictures up by their tops
            g.align_to(row[0], UP)
        self.play(FadeOut(legend), FadeOut(strongest), Group(wimg, wcap).animate.replace(slot))
        row.submobjects[2] = Group(wimg, wcap)
        self.play(FadeIn(Group(dimg, dcap)), FadeIn(times))
        self.play(FadeIn(equals), FadeIn(Group(pimg, pcap)))
        # The same pixel in all three pictures, stepping along the stroke.
        images = (dimg[0], wimg[0], pimg[0])
        spots = [divmod(int(k), 28) for k in spread_pixels(ex.image, 6)]
        marks = VGroup(*[Square(im.height / 28 + 0.06, color=HIGHLIGHT, stroke_width=3).move_to(
            pixel_center(im, *spots[0])) for im in images])
        self.play(Create(marks))
        self.play_through(tour(list(marks), [[pixel_center(im, *rc) for im in images] for rc in spots[1:]]),
                          share=0.9)

        # Beat: add them all up.
        pos, neg = ex.product_sums()
        self.beat(f"Finally, add up all 784 products. The green ones add up to {fmt(pos, 3)} and the red ones "
                  f"to minus {fmt(-neg, 3)}; together they give this neuron's weighted sum for our digit, "
                  f"{fmt(ex.weighted_sum, 3)}.")
        total = MathTex(r"w_1 a_1 + w_2 a_2 + \cdots + w_{784} a_{784}", "=", fmt(pos, 3), "-", fmt(-neg, 3),
                        "=", fmt(ex.weighted_sum, 3), font_size=56)
        total[1:].next_to(total[0], DOWN, buff=0.35)  # two lines: the sum, then its value
        total.next_to(row, DOWN, buff=0.5)
        total[2].set_color(POSITIVE)
        total[4].set_color(NEGATIVE)
        total[6].set_color(HIGHLIGHT)
        self.play(FadeOut(marks), Write(total[:2]), run_time=0.25 * self.remaining())
        self.play(Write(total[2]), run_time=0.3 * self.remaining())
        self.play(Write(total[3:5]), run_time=0.35 * self.remaining())
        self.add(total)  # whole, for the script's reading of the screen (Write hides the rest until drawn)
        self.play_through(Write(total[5:]), Circumscribe(total[6]), share=0.9)


class Ch1SigmoidBias(Ch1Scene):
    """The same neuron: its real bias shifts the threshold, the sigmoid squishes."""

    NEEDS = Needs(cost=None, min_hidden=1)

    def construct(self) -> None:
        ex = neuron_example()
        s, b = ex.weighted_sum, ex.bias

        # Beat: weighted sums are any numbers.
        run = get_run()
        zs = np.asarray(run.final.probe_zs[0][demo_probe()], dtype=np.float64)
        span = 5 * int(np.ceil(np.abs(zs).max() / 5 + 0.2))
        line_axes = Axes(x_range=[-span, span, 5], y_range=[0, 1, 0.5], x_length=12.0, y_length=4.6,
                         axis_config={"include_numbers": True, "font_size": 24}, tips=False)
        line_axes.move_to(0.2 * DOWN)
        lo, hi = float(zs.min()), float(zs.max())
        self.beat(f"A weighted sum can be any number at all. Here is what all {len(zs)} neurons of the first "
                  f"hidden layer compute for our digit before any squishing, spread along the number line from "
                  f"{fmt(lo, 3)} to {fmt(hi, 3)}. An activation, though, must lie between 0 and 1.")
        # The number line starts in the middle of the frame, with each sum as a stem as tall as it is
        # large; it sinks to the bottom of the axes when the [0, 1] range of activations appears.
        lift = (line_axes.c2p(0, 0.5) - line_axes.c2p(0, 0))[1] + 0.2
        dots = VGroup(*[Dot(line_axes.c2p(z, 0), radius=0.11, color=HIGHLIGHT) for z in zs])
        per = 2.0 / max(abs(lo), abs(hi), 1e-9)  # the longest stem is 2 units
        stems = VGroup(*[Line(line_axes.c2p(z, 0), line_axes.c2p(z, 0) + per * z * UP, color=HIGHLIGHT,
                              stroke_width=4, stroke_opacity=0.7) for z in zs])
        ends = VGroup(Text(fmt(lo, 3), font_size=32, color=HIGHLIGHT), Text(fmt(hi, 3), font_size=32, color=HIGHLIGHT))
        for t, z in zip(ends, (lo, hi)):
            t.next_to(line_axes.c2p(z, 0) + per * z * UP, UP if z >= 0 else DOWN, buff=0.15)
        zs_t = Text(f"weighted sums of the {len(zs)} neurons of hidden layer 1", font_size=32)
        zs_t.move_to(line_axes.c2p(0, 0) + (lift + 3.2) * UP)
        middle = VGroup(line_axes.x_axis, dots, stems, ends)
        middle.shift(lift * UP)
        self.play(Create(line_axes.x_axis), FadeIn(zs_t), run_time=0.2 * self.remaining())
        self.play(LaggedStart(*[AnimationGroup(FadeIn(d, scale=3), Create(t)) for d, t in zip(dots, stems)],
                              lag_ratio=0.15), FadeIn(ends), run_time=0.45 * self.remaining())
        self.play_through(VGroup(line_axes.x_axis, dots).animate.shift(lift * DOWN), FadeOut(zs_t),
                          FadeOut(stems), FadeOut(ends), Create(line_axes.y_axis), share=0.9)

        # Beat: squish the line into [0, 1].
        self.beat("The sigmoid squishes the whole line into that range. Each point rises onto the curve and "
                  "then slides across to its height: very negative sums land near 0, very positive ones near 1, "
                  "and only close to 0 is the curve steep enough to tell sums apart.")
        curve = line_axes.plot(lambda x: float(sigmoid(x)), x_range=[-span, span], color=WEIGHT_COLOR)
        formula = MathTex(r"\sigma(x) = \frac{1}{1 + e^{-x}}", font_size=40).to_corner(UP + LEFT, buff=0.4)
        self.play(Create(curve), Write(formula), run_time=0.2 * self.remaining())
        self.play(*[d.animate.move_to(line_axes.c2p(z, float(sigmoid(z)))) for d, z in zip(dots, zs)],
                  run_time=0.25 * self.remaining())
        self.play(*[d.animate.move_to(line_axes.c2p(0, float(sigmoid(z)))) for d, z in zip(dots, zs)],
                  run_time=0.25 * self.remaining())
        flat = VGroup(
            SurroundingRectangle(VGroup(Dot(line_axes.c2p(-span, 0)), Dot(line_axes.c2p(-5, 0.02))),
                                 color=NEGATIVE, buff=0.12),
            SurroundingRectangle(VGroup(Dot(line_axes.c2p(5, 0.98)), Dot(line_axes.c2p(span, 1))),
                                 color=NEGATIVE, buff=0.12))
        steep = SurroundingRectangle(VGroup(Dot(line_axes.c2p(-3, 0.05)), Dot(line_axes.c2p(3, 0.95))),
                                     color=POSITIVE, buff=0.1)
        names = VGroup(Text("flat", font_size=30, color=NEGATIVE).next_to(flat[0], UP, buff=0.15),
                       Text("flat", font_size=30, color=NEGATIVE).next_to(flat[1], DOWN, buff=0.15),
                       Text("steep", font_size=30, color=POSITIVE).next_to(steep, RIGHT, buff=0.15))
        self.play_through(Create(flat), Create(steep), FadeIn(names), share=0.9)

        # The bias beat's own axes: a closer look at the bend.
        axes = Axes(x_range=[-8, 8, 2], y_range=[0, 1, 0.5], x_length=8.5, y_length=4.2,
                    axis_config={"include_numbers": True, "font_size": 24}, tips=False)
        axes.to_edge(DOWN, buff=0.9).shift(1.6 * LEFT)
        graph = axes.plot(lambda x: float(sigmoid(x)), x_range=[-8, 8], color=WEIGHT_COLOR)
        x = ValueTracker(-8)
        zoom_out = VGroup(line_axes, curve, dots, flat, steep, names)

        # Beat: the bias.
        self.beat(f"Before squishing, we add the neuron's bias, here {fmt(b, 2)}. The bias slides the curve "
                  f"sideways: now the neuron is more than half lit only once the weighted sum passes "
                  f"{fmt(-b, 2)}. So the bias sets how easily the neuron becomes active.")
        shifted = axes.plot(lambda x: float(sigmoid(x + b)), x_range=[-8, 8], color=BIAS_COLOR)
        expr = MathTex(r"\sigma(", r"w_1 a_1 + \cdots + w_{784} a_{784}", "+", "b", ")", font_size=40)
        expr[1].set_color(WEIGHT_COLOR)
        expr[3].set_color(BIAS_COLOR)
        expr.to_corner(UP + RIGHT, buff=0.5)
        bias_t = MathTex("b", "=", fmt(b, 2), font_size=40).next_to(expr, DOWN, buff=0.3)
        bias_t[0].set_color(BIAS_COLOR)
        bias_t[2].set_color(BIAS_COLOR)
        thresh = DashedLine(axes.c2p(-b, 0), axes.c2p(-b, 1), color=BIAS_COLOR, stroke_width=2)
        thresh_t = Text(f"threshold: sum > {fmt(-b, 2)}", font_size=28, color=BIAS_COLOR)
        thresh_t.next_to(axes, UP, buff=0.1).align_to(axes.c2p(-b, 0), RIGHT)  # left of the formulas
        if thresh_t.get_left()[0] < axes.get_left()[0]:  # a threshold far to the left (other runs)
            thresh_t.align_to(axes, LEFT)
        xlabel = Text("weighted sum", font_size=24).next_to(axes.x_axis, DOWN, buff=0.45).align_to(axes, RIGHT)
        self.play(FadeOut(zoom_out), Create(axes), Create(graph), run_time=0.2 * self.remaining())
        self.play(Write(expr), FadeIn(bias_t), FadeIn(xlabel), run_time=0.3 * self.remaining())
        self.play(ReplacementTransform(graph, shifted), run_time=0.35 * self.remaining())
        self.play_through(Create(thresh), FadeIn(thresh_t), share=0.9)

        # Beat: the result.
        self.beat(f"For our digit, this neuron's weighted sum was {fmt(s, 3)}. Adding the bias gives "
                  f"{fmt(ex.z, 3)}, and the sigmoid turns that into {fmt(ex.activation, 3)}: the neuron glows "
                  "at that brightness.")
        x.set_value(axes.x_range[0])
        dot = Dot(color=HIGHLIGHT, radius=0.09).add_updater(
            lambda d: d.move_to(axes.c2p(x.get_value(), float(sigmoid(x.get_value() + b)))))
        drop = DashedLine(axes.c2p(s, 0), axes.c2p(s, ex.activation), color=HIGHLIGHT, stroke_width=2)
        result = MathTex(r"\sigma(", fmt(s, 3), r"+", f"({fmt(b, 2)})", ")", "=", r"\sigma(", fmt(ex.z, 3), ")",
                         "=", fmt(ex.activation, 3), font_size=40).next_to(bias_t, DOWN, buff=0.4)
        result.align_to(expr, RIGHT)
        result[3].set_color(BIAS_COLOR)
        result[10].set_color(HIGHLIGHT)
        neuron = Circle(radius=0.6, stroke_color=WHITE, stroke_width=3).set_fill(WHITE, 0)
        neuron.next_to(result, DOWN, buff=0.4)
        ntext = Text(f"neuron {ex.neuron}", font_size=28).next_to(neuron, DOWN, buff=0.15)
        self.add(dot)
        self.play(x.animate.set_value(s), run_time=0.25 * self.remaining())
        dot.clear_updaters()
        self.play(Create(drop), Write(result[:6]), run_time=0.3 * self.remaining())
        self.play(Write(result[6:]), run_time=0.4 * self.remaining())
        self.add(result)  # whole, for the script's reading of the screen
        self.play(FadeIn(neuron), FadeIn(ntext))
        self.play_through(neuron.animate.set_fill(WHITE, ex.activation), share=0.9)
