"""Chapter 3, part 0: the gradient as a list of sensitivities (a labelled toy, then the real one)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    MathTex,
    Rectangle,
    ShowPassingFlash,
    Text,
    VGroup,
    VMobject,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE, WEIGHT_COLOR
from scenes.chapter3.numbers import STEP
from scenes.chapter3.batch_numbers import (
    TOY_A,
    TOY_B,
    TOY_NUDGE,
    TOY_POINT,
    gradient_list,
    toy_gradient,
    toy_nudges,
)
from scenes.chapter3.drawing import ripple


def _num(value: float) -> str:
    """A toy constant as written on screen: ``16``, ``0.5``."""
    return f"{value:g}"


class Ch3GradientRecap(LectureScene):
    """The gradient as sensitivities: a two-weight toy, then the real network's 13,002 entries."""

    NEEDS = Needs(activation=None, cost=None)

    def construct(self) -> None:
        g1, g2 = toy_gradient()
        d1, d2, ratio = toy_nudges()
        w1, w2 = TOY_POINT
        eps = _num(TOY_NUDGE)

        tag = Text("toy example: two weights", font_size=28, color=GRAY).to_corner(UP + LEFT, buff=0.5)
        formula = MathTex(r"C(w_1, w_2) = " + _num(TOY_A) + r"\,w_1^2 + " + _num(TOY_B) + r"\,w_2^2",
                          font_size=46).next_to(tag, DOWN, buff=0.35).align_to(tag, LEFT)
        at = MathTex(rf"\text{{at }} w_1 = {_num(w1)},\ w_2 = {_num(w2)}", font_size=40)
        at.next_to(formula, DOWN, buff=0.3).align_to(tag, LEFT)
        grad = MathTex(r"\nabla C = \begin{bmatrix}", _num(g1), r"\\", _num(g2), r"\end{bmatrix}",
                       r"\begin{matrix} \leftarrow w_1 \\ \leftarrow w_2 \end{matrix}", font_size=80)
        grad.next_to(at, DOWN, buff=0.6).align_to(tag, LEFT).shift(RIGHT * 0.4)
        grad[1].set_color(HIGHLIGHT)

        # Two bars: how much the cost rises when each weight is nudged.
        base_y, top_h = -2.6, 5.0
        unit = top_h / max(d1, d2)
        xs = (2.4, 5.0)
        baseline = VGroup(*[DashedLine([x - 0.8, base_y, 0], [x + 0.8, base_y, 0], color=GRAY) for x in xs])
        bars = VGroup(*[Rectangle(width=1.2, height=max(d * unit, 0.02), stroke_width=0)
                        .set_fill(POSITIVE, 0.9).move_to([x, base_y, 0], aligned_edge=DOWN)
                        for d, x in zip((d1, d2), xs)])
        feet = VGroup(*[MathTex(rf"w_{i} + {eps}", font_size=34, color=WEIGHT_COLOR)
                        .next_to(line, DOWN, buff=0.25) for i, line in zip((1, 2), baseline)])
        tops = VGroup(*[MathTex(r"\Delta C = " + tex_num(d, 2), font_size=34).next_to(bar, UP, buff=0.15)
                        for d, bar in zip((d1, d2), bars)])

        # Beat: the toy.
        self.beat(f"First, a reminder of what the gradient tells us. Take a toy cost with only two weights, "
                  f"at the point where both are {_num(w1)}. Its gradient is a list of two numbers, {_num(g1)} "
                  f"and {_num(g2)}: one entry for each weight, saying how sensitive the cost is to that weight.")
        self.play_through(FadeIn(tag), Write(formula), share=0.35)
        self.play_through(FadeIn(at), share=0.25)
        self.play_through(Write(grad), share=0.7)
        self.play_through(Indicate(grad[1]), Indicate(grad[3]))

        # Beat: nudge the weak weight.
        self.beat(f"Nudge the second weight by {eps} and watch the cost. It rises by only {fmt(d2, 2)}, a change "
                  f"about as small as the nudge itself, because its entry in the gradient is just {_num(g2)}.")
        self.add(baseline)
        self.play_through(FadeIn(feet[1]), Indicate(grad[3], color=HIGHLIGHT), share=0.3)
        self.play_through(GrowFromEdge(bars[1], DOWN), FadeIn(tops[1], shift=UP * 0.2), share=0.5)
        self.play_through(Indicate(tops[1]))

        # Beat: nudge the strong weight.
        self.beat(f"Now give the first weight the very same nudge. The cost jumps by {fmt(d1, 2)}, which is "
                  f"{fmt(ratio, 2)} times as much, exactly the ratio of the two entries. The weight with the bigger "
                  f"entry matters more, so that is where a small change buys the most.")
        self.play_through(FadeIn(feet[0]), Indicate(grad[1], scale_factor=1.4), share=0.25)
        self.play_through(GrowFromEdge(bars[0], DOWN), FadeIn(tops[0], shift=UP * 0.2), share=0.55)
        times = MathTex(rf"\times {fmt(ratio, 2)}", font_size=48, color=HIGHLIGHT)
        times.move_to([(xs[0] + xs[1]) / 2, base_y + top_h * 0.5, 0])
        self.play_through(Write(times), Indicate(bars[0], color=HIGHLIGHT, scale_factor=1.05))

        # The real gradient: 13,002 sensitivities, sorted.
        gl = gradient_list(STEP)
        mags = gl.magnitudes
        nonzero = mags[mags > 0]
        n = mags.size
        ymin = float(np.floor(np.log10(nonzero.min())))
        ymax = float(np.ceil(np.log10(nonzero.max())))
        axes = Axes(x_range=[0, n, 2000], y_range=[0, ymax - ymin, 1], x_length=10.0, y_length=5.0, tips=False,
                    axis_config={"stroke_width": 2}).to_edge(DOWN, buff=0.9).shift(RIGHT * 0.8)
        yticks = VGroup(*[MathTex(f"10^{{{int(v)}}}", font_size=26).next_to(axes.c2p(0, v - ymin), LEFT, buff=0.15)
                          for v in np.arange(ymin, ymax + 0.5, 2)])
        xlabel = Text(f"the {n:,} entries, largest first", font_size=28).next_to(axes, DOWN, buff=0.25)
        ylabel = Text("size of entry", font_size=28).next_to(axes, UP, buff=0.2).align_to(axes, LEFT)
        pick = np.unique(np.concatenate([np.linspace(0, nonzero.size - 1, 400).round().astype(int),
                                         np.arange(min(40, nonzero.size))]))
        curve = VMobject(stroke_color=POSITIVE, stroke_width=4).set_points_as_corners(
            [axes.c2p(i, np.log10(nonzero[i]) - ymin) for i in pick])
        zero_line = VMobject(stroke_color=NEGATIVE, stroke_width=6).set_points_as_corners(
            [axes.c2p(nonzero.size, 0), axes.c2p(n, 0)])
        top_dot = Dot(axes.c2p(0, np.log10(mags[0]) - ymin), color=HIGHLIGHT, radius=0.09)
        mid_dot = Dot(axes.c2p(n // 2, np.log10(mags[n // 2]) - ymin), color=HIGHLIGHT, radius=0.09)
        top_note = MathTex(rf"\partial C / \partial {gl.top_name} = {tex_num(gl.top_value, 2)}", font_size=34)
        top_note.next_to(top_dot, RIGHT, buff=0.3).shift(DOWN * 0.1)
        mid_note = MathTex(rf"\partial C / \partial {gl.mid_name} = {tex_num(gl.mid_value, 2)}", font_size=34)
        mid_note.next_to(mid_dot, UP + RIGHT, buff=0.15)
        smaller = Text(f"{gl.ratio:,.0f} times smaller than the top", font_size=28, color=HIGHLIGHT)
        smaller.next_to(mid_note, UP, buff=0.25).align_to(mid_note, LEFT)
        smaller.set_x(min(smaller.get_x(), 6.5 - smaller.width / 2))  # inside the frame
        zero_note = Text(f"{gl.zeros:,} entries exactly 0", font_size=28, color=NEGATIVE)
        zero_note.next_to(zero_line, UP, buff=0.25).align_to(zero_line, RIGHT)

        # Beat: the real gradient.
        kind, layer, idx = gl.top_key
        if kind == "b":
            self.beat(f"Our real network's gradient is the same kind of list, only {n:,} entries long, one for "
                      f"every weight and bias. Here are the entries from training step {STEP}, sorted by size. The "
                      f"most sensitive is the bias of neuron {idx[0]} in layer {layer + 1}, at {fmt(gl.top_value, 2)}.")
        else:
            self.beat(f"Our real network's gradient is the same kind of list, only {n:,} entries long, one for "
                      f"every weight and bias. Here are the entries from training step {STEP}, sorted by size. The "
                      f"most sensitive is the weight from neuron {idx[1]} of layer {layer} into neuron {idx[0]} of "
                      f"layer {layer + 1}, at {fmt(gl.top_value, 2)}.")
        toy = VGroup(tag, formula, at, grad, baseline, bars, feet, tops, times)
        self.play_through(FadeOut(toy), share=0.2)
        self.play_through(Create(axes), FadeIn(yticks), FadeIn(xlabel), FadeIn(ylabel), share=0.3)
        self.play_through(Create(curve), share=0.6)
        self.play_through(FadeIn(top_dot, scale=2), Write(top_note))

        # Beat: the median and the zeros.
        self.beat(f"Halfway down the list, the entry is only {fmt(gl.mid_value, 2)}, about {gl.ratio:,.0f} times "
                  f"smaller, and {gl.zeros:,} entries are exactly zero: weights from pixels that are black in "
                  f"every digit of that mini-batch, which cannot matter for it at all.")
        self.play_through(FadeIn(mid_dot, scale=2), Write(mid_note), share=0.3)
        self.play_through(FadeIn(smaller, shift=DOWN * 0.2), share=0.3)
        self.play_through(Create(zero_line), FadeIn(zero_note), share=0.4)
        self.play_through(Indicate(zero_note, color=NEGATIVE))

        # Beat: the question of this chapter.
        self.beat(f"So the gradient ranks every one of the {n:,} "
                  "knobs by how much it matters right now. This chapter is about where those numbers come "
                  "from: what one training image asks of every weight and bias, and how backpropagation "
                  "collects those wishes.")
        self.play_through(ShowPassingFlash(curve.copy().set_stroke(HIGHLIGHT, width=7), time_width=0.4), share=0.6)
        self.play_through(ripple(VGroup(top_dot, mid_dot, smaller, zero_note), scale_factor=1.08))

