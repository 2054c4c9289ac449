"""Chapter 3, part 3b: the ten outputs' wishes for each layer-2 neuron as arrows, laid end to end and summed."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Circle,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    MathTex,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.numbers import stack_check, the_example, wishes
from scenes.chapter3.drawing import ripple


def _arrow(start: np.ndarray, length: float, color, width: float = 3.0) -> Arrow:
    """A horizontal arrow of signed ``length`` from ``start`` (a tiny stub when the wish is ~0)."""
    end = start + RIGHT * (length if abs(length) > 0.02 else np.sign(length or 1) * 0.02)
    return Arrow(start, end, buff=0, color=color, stroke_width=width, max_tip_length_to_length_ratio=0.3,
                 max_stroke_width_to_length_ratio=20, tip_length=0.12)


class Ch3StackedWishes(LectureScene):
    """Every output's wish for each layer-2 neuron as an arrow; laid tip to tail; the sum against backprop."""

    NEEDS = Needs(hidden_sizes=(16, 16))

    def construct(self) -> None:
        ex = the_example()
        wish = wishes(ex, 2)  # (10 outputs, 16 layer-2 neurons)
        n_out, n_hid = wish.shape
        chk = stack_check(ex)
        cum = np.vstack([np.zeros(n_hid), np.cumsum(wish, axis=0)])
        lo, hi = float(min(cum.min(), 0)), float(max(cum.max(), 0))
        left, right = -3.6, 5.2
        scale = (right - left) / (hi - lo)
        x0 = left - lo * scale

        neurons = VGroup(*[Circle(radius=0.15, stroke_color=WHITE, stroke_width=1.5).set_fill(WHITE, float(a))
                           for a in ex.acts[2]]).arrange(DOWN, buff=0.2)
        neurons.height = 6.3
        neurons.move_to([-5.6, 0.2, 0])
        names = VGroup(*[Text(str(k), font_size=18, color=GRAY).next_to(c, LEFT, buff=0.12)
                         for k, c in enumerate(neurons)])
        zero = DashedLine([x0, neurons.get_top()[1] + 0.1, 0], [x0, neurons.get_bottom()[1] - 0.1, 0],
                          color=GRAY, stroke_width=1.5)
        row_y = [c.get_y() for c in neurons]
        spread = 0.22  # vertical fan of the ten arrows within a row

        def color(j: int, value: float):
            return HIGHLIGHT if j == ex.label else (POSITIVE if value >= 0 else NEGATIVE)

        fans = VGroup(*[VGroup(*[_arrow(np.array([x0, row_y[k] + spread * (0.5 - j / (n_out - 1)), 0]),
                                        wish[j, k] * scale, color(j, wish[j, k]), width=2.5)
                                 for j in range(n_out)]) for k in range(n_hid)])
        chains = VGroup(*[VGroup(*[_arrow(np.array([x0 + cum[j, k] * scale, row_y[k] + 0.06, 0]),
                                          wish[j, k] * scale, color(j, wish[j, k]), width=2.5)
                                   for j in range(n_out)]) for k in range(n_hid)])
        sums = VGroup(*[_arrow(np.array([x0, row_y[k] - 0.07, 0]), cum[-1, k] * scale, WHITE, width=6)
                        for k in range(n_hid)])
        head = Text("layer 2", font_size=22, color=GRAY).next_to(neurons, UP, buff=0.1)
        key = VGroup(Text("right: brighter", font_size=22, color=POSITIVE),
                     Text("left: dimmer", font_size=22, color=NEGATIVE),
                     Text(f'yellow: the "{ex.label}" output', font_size=22, color=HIGHLIGHT)
                     ).arrange(RIGHT, buff=0.5).to_edge(UP, buff=0.15).shift(RIGHT * 1.0)

        # Beat: the fans.
        self.beat(f"Here is the same bookkeeping drawn as arrows. Beside each of the sixteen neurons of layer 2 "
                  f"sit ten arrows, one wish from each output: pointing right asks for brighter, left for dimmer. "
                  f"The yellow ones come from the {ex.label} output.")
        self.add(neurons, names, head, zero)
        self.play_through(FadeIn(key), share=0.2)
        self.play_through(LaggedStart(*[LaggedStart(*[GrowArrow(a) for a in fan], lag_ratio=0.05) for fan in fans],
                                      lag_ratio=0.15), share=0.8)
        self.play_through(Indicate(VGroup(*[fan[ex.label] for fan in fans]), color=HIGHLIGHT))

        # Beat: tip to tail.
        self.beat("To combine a neuron's ten wishes, lay its arrows end to end, each starting where the last one "
                  "stopped. Wishes in opposite directions cancel, wishes in the same direction pile up, and where "
                  "the chain ends is the total.")
        self.play_through(LaggedStart(*[fans[k].animate.become(chains[k]) for k in range(n_hid)], lag_ratio=0.12),
                          share=0.85)
        self.play_through(ripple(VGroup(*[fan[-1] for fan in fans]), scale_factor=1.3))

        # Beat: the sums.
        row = SurroundingRectangle(VGroup(neurons[chk.k], names[chk.k], fans[chk.k], sums[chk.k]),
                                   color=HIGHLIGHT, buff=0.08)
        self.beat(f"The white arrow is each neuron's total, the change that would lower this example's cost the "
                  f"most. Neuron {chk.k} collects the longest one: its ten wishes add up to {fmt(chk.total, 3)}. "
                  "Short totals mean the outputs mostly disagree about that neuron.")
        total_note = MathTex(rf"\textstyle\sum_j \text{{wish}}_{{j,{chk.k}}} = {tex_num(chk.total, 3)}",
                             font_size=36).to_edge(DOWN, buff=0.1).set_x(2.0)
        self.play_through(LaggedStart(*[GrowArrow(s) for s in sums], lag_ratio=0.08), share=0.5)
        self.play_through(Create(row), Write(total_note), share=0.6)
        self.play_through(Indicate(sums[chk.k], color=HIGHLIGHT))

        # Beat: against backprop.
        self.beat(f"Is this the real gradient? Multiply the total by the neuron's sigmoid slope, {fmt(chk.slope, 3)}, "
                  f"and it becomes a change of its bias: {fmt(chk.by_hand, 3)}. Backpropagation, run on the same "
                  f"image, gives minus the gradient of that bias as {fmt(chk.backprop, 3)}. The arrows are the "
                  "gradient, drawn by hand.")
        check = MathTex(rf"{tex_num(chk.slope, 3)} \times {tex_num(chk.total, 3)} = {tex_num(chk.by_hand, 3)}"
                        rf"\quad\text{{backprop: }} -\partial C/\partial b_{{{chk.k}}} = {tex_num(chk.backprop, 3)}",
                        font_size=34).to_edge(DOWN, buff=0.1).set_x(1.2)
        self.play_through(FadeOut(total_note), FadeIn(check, shift=UP * 0.2), share=0.5)
        self.play_through(Indicate(check, scale_factor=1.05), share=0.6)
        self.play_through(ripple(sums, scale_factor=1.2))
