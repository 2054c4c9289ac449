"""Chapter 3, part 3: the ten outputs' wishes for each layer-2 neuron as arrows, laid end to end and summed;
then the same one layer back, and both against backpropagation."""

from __future__ import annotations

from dataclasses import dataclass

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
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.numbers import stack_check, the_example, wishes
from scenes.chapter3.drawing import ripple


def _arrow(start: np.ndarray, length: float, color, width: float = 3.0) -> Arrow:
    """A horizontal arrow of signed ``length`` from ``start`` (a tiny stub when the wish is ~0)."""
    end = start + RIGHT * (length if abs(length) > 0.02 else np.sign(length or 1) * 0.02)
    return Arrow(start, end, buff=0, color=color, stroke_width=width, max_tip_length_to_length_ratio=0.3,
                 max_stroke_width_to_length_ratio=20, tip_length=0.12)


@dataclass
class Board:
    """One layer's neurons with the next layer's wishes as arrows (scene coordinates).

    ``fans[k][j]``: source ``j``'s wish for neuron ``k``, fanned out beside it; ``chains[k][j]``: the
    same arrow laid tip to tail; ``sums[k]``: the total (white).
    """

    neurons: VGroup
    names: VGroup
    zero: DashedLine
    fans: VGroup
    chains: VGroup
    sums: VGroup
    head: Text


def board(ex, layer: int, special: int) -> Board:
    """The wishes of activation layer ``layer + 1`` for ``layer`` (:func:`wishes`, ``(n_src, n_k)``);
    source ``special`` drawn yellow."""
    wish = wishes(ex, layer)
    n_src, n_k = wish.shape
    cum = np.vstack([np.zeros(n_k), np.cumsum(wish, axis=0)])
    lo, hi = float(min(cum.min(), 0)), float(max(cum.max(), 0))
    left, right = -3.6, 5.4
    scale = (right - left) / (hi - lo)
    x0 = left - lo * scale
    neurons = VGroup(*[Circle(radius=0.15, stroke_color=WHITE, stroke_width=1.5).set_fill(WHITE, float(a))
                       for a in ex.acts[layer]]).arrange(DOWN, buff=0.2)
    neurons.height = 6.3
    neurons.move_to([-5.6, 0.0, 0])
    names = VGroup(*[Text(str(k), font_size=22, color=GRAY).next_to(c, LEFT, buff=0.12)
                     for k, c in enumerate(neurons)])
    zero = DashedLine([x0, neurons.get_top()[1] + 0.1, 0], [x0, neurons.get_bottom()[1] - 0.1, 0],
                      color=GRAY, stroke_width=1.5)
    row_y = [c.get_y() for c in neurons]
    spread = 0.22  # vertical fan of the arrows within a row

    def color(j: int, value: float):
        return HIGHLIGHT if j == special else (POSITIVE if value >= 0 else NEGATIVE)

    fans = VGroup(*[VGroup(*[_arrow(np.array([x0, row_y[k] + spread * (0.5 - j / (n_src - 1)), 0]),
                                    wish[j, k] * scale, color(j, wish[j, k]), width=2.5)
                             for j in range(n_src)]) for k in range(n_k)])
    chains = VGroup(*[VGroup(*[_arrow(np.array([x0 + cum[j, k] * scale, row_y[k] + 0.06, 0]),
                                      wish[j, k] * scale, color(j, wish[j, k]), width=2.5)
                               for j in range(n_src)]) for k in range(n_k)])
    sums = VGroup(*[_arrow(np.array([x0, row_y[k] - 0.07, 0]), cum[-1, k] * scale, WHITE, width=6)
                    for k in range(n_k)])
    head = Text(f"layer {layer}", font_size=26, color=GRAY).next_to(neurons, UP, buff=0.1)
    return Board(neurons, names, zero, fans, chains, sums, head)


class Ch3StackedWishes(LectureScene):
    """Every output's wish for each layer-2 neuron as an arrow; laid tip to tail; summed; the same for
    layer 1; both sums against backprop."""

    NEEDS = Needs(hidden_sizes=(16, 16))

    def construct(self) -> None:
        ex = the_example()
        chk = stack_check(ex, 2)
        b2 = board(ex, 2, ex.label)
        n_hid = len(b2.neurons)
        key = VGroup(Text("right: brighter", font_size=28, color=POSITIVE),
                     Text("left: dimmer", font_size=28, color=NEGATIVE),
                     Text(f'yellow: the "{ex.label}" output', font_size=28, color=HIGHLIGHT)
                     ).arrange(RIGHT, buff=0.5).to_edge(UP, buff=0.3).shift(RIGHT * 1.0)

        # Beat: the fans.
        self.beat(f"The {ex.label} output is not the only one with wishes for layer 2. Beside each of its sixteen "
                  f"neurons sit ten arrows, one wish from each output: pointing right asks for brighter, left for dimmer. "
                  f"The yellow ones come from the {ex.label} output.")
        self.add(b2.neurons, b2.names, b2.head, b2.zero)
        self.play_through(FadeIn(key), share=0.2)
        self.play_through(LaggedStart(*[LaggedStart(*[GrowArrow(a) for a in fan], lag_ratio=0.05)
                                        for fan in b2.fans], lag_ratio=0.15), share=0.8)
        self.play_through(Indicate(VGroup(*[fan[ex.label] for fan in b2.fans]), color=HIGHLIGHT))

        # Beat: tip to tail.
        self.beat("To combine a neuron's ten wishes, lay its arrows end to end, each starting where the last one "
                  "stopped. Wishes in opposite directions cancel, wishes in the same direction pile up, and where "
                  "the chain ends is the total.")
        self.play_through(LaggedStart(*[b2.fans[k].animate.become(b2.chains[k]) for k in range(n_hid)],
                                      lag_ratio=0.12), share=0.85)
        self.play_through(ripple(VGroup(*[fan[-1] for fan in b2.fans]), scale_factor=1.3))

        # Beat: the sums.
        row = SurroundingRectangle(VGroup(b2.neurons[chk.k], b2.names[chk.k], b2.fans[chk.k], b2.sums[chk.k]),
                                   color=HIGHLIGHT, buff=0.08)
        self.beat(f"The white arrow is each neuron's total, the change that would lower this example's cost the "
                  f"most. Neuron {chk.k} collects the longest one: its ten wishes add up to {fmt(chk.total, 3)}. "
                  "Short totals mean the outputs mostly disagree about that neuron.")
        total_note = MathTex(rf"\textstyle\sum_j \text{{wish}}_{{j,{chk.k}}} = {tex_num(chk.total, 3)}",
                             font_size=40).to_edge(DOWN, buff=0.3).set_x(2.0)
        self.play_through(LaggedStart(*[GrowArrow(s) for s in b2.sums], lag_ratio=0.08), share=0.5)
        self.play_through(Create(row), Write(total_note), share=0.6)
        self.play_through(Indicate(b2.sums[chk.k], color=HIGHLIGHT))

        # Beat: against backprop.
        self.beat(f"Is this the real gradient? Multiply the total by the neuron's sigmoid slope, {fmt(chk.slope, 3)}, "
                  f"and it becomes a change of its bias: {fmt(chk.by_hand, 3)}. Backpropagation, run on the same "
                  f"image, gives minus the gradient of that bias as {fmt(chk.backprop, 3)}.")
        check = _check(chk).to_edge(DOWN, buff=0.3).set_x(1.2)
        self.play_through(FadeOut(total_note), FadeIn(check, shift=UP * 0.2), share=0.5)
        self.play_through(Indicate(check, scale_factor=1.05), share=0.6)
        self.play_through(ripple(b2.sums, scale_factor=1.2))

        # Beat: one layer back.
        chk1 = stack_check(ex, 1)
        b1 = board(ex, 1, chk.k)
        key1 = VGroup(Text("the same, one layer back:", font_size=28),
                      Text(f"yellow: layer-2 neuron {chk.k}", font_size=28, color=HIGHLIGHT)
                      ).arrange(RIGHT, buff=0.5).to_edge(UP, buff=0.3).shift(RIGHT * 1.0)
        self.beat(f"Now repeat the step one layer back. Each layer-2 neuron now has a desired change of its own, "
                  f"so it has wishes for the sixteen neurons of layer 1, scaled by the weights between them. "
                  f"Neuron {chk.k}'s wishes are yellow. Laid end to end, they give one white total per neuron.")
        layer2 = VGroup(b2.neurons, b2.names, b2.head, b2.zero, b2.fans, b2.sums, row, check)
        self.play_through(FadeOut(layer2, shift=RIGHT * 0.5), FadeOut(key), FadeIn(key1),
                          FadeIn(VGroup(b1.neurons, b1.names, b1.head, b1.zero), shift=RIGHT * 0.5), share=0.2)
        self.play_through(LaggedStart(*[LaggedStart(*[GrowArrow(a) for a in fan], lag_ratio=0.03)
                                        for fan in b1.fans], lag_ratio=0.1), share=0.45)
        self.play_through(LaggedStart(*[b1.fans[k].animate.become(b1.chains[k]) for k in range(len(b1.fans))],
                                      lag_ratio=0.1), share=0.6)
        self.play_through(LaggedStart(*[GrowArrow(s) for s in b1.sums], lag_ratio=0.06))

        # Beat: layer 1 against backprop.
        self.beat(f"Neuron {chk1.k} of layer 1 gets the longest total, {fmt(chk1.total, 3)}. Times its slope, "
                  f"{fmt(chk1.slope, 3)}, that is a bias change of {fmt(chk1.by_hand, 3)}, and backpropagation "
                  f"says {fmt(chk1.backprop, 3)}. Layer after layer, the summed wishes are the gradient.")
        row1 = SurroundingRectangle(VGroup(b1.neurons[chk1.k], b1.names[chk1.k], b1.fans[chk1.k],
                                           b1.sums[chk1.k]), color=HIGHLIGHT, buff=0.08)
        check1 = _check(chk1).to_edge(DOWN, buff=0.3).set_x(1.2)
        self.play_through(Create(row1), Indicate(b1.sums[chk1.k], color=HIGHLIGHT), share=0.3)
        self.play_through(FadeIn(check1, shift=UP * 0.2), share=0.5)
        self.play_through(Indicate(check1, scale_factor=1.05), ripple(b1.sums, scale_factor=1.2))


def _check(chk) -> MathTex:
    """``slope x total = by hand``, beside backprop's value for the same bias."""
    return MathTex(rf"{tex_num(chk.slope, 3)} \times {ptex(chk.total, 3)} = {tex_num(chk.by_hand, 3)}"
                   rf"\quad\text{{backprop: }} -\partial C/\partial b_{{{chk.k}}} = {tex_num(chk.backprop, 3)}",
                   font_size=38)

