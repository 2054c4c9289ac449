"""Chapter 3, part 4: the hand-made wishes against backprop and finite differences."""

from __future__ import annotations

import math

from manim import (
    DOWN,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    ReplacementTransform,
    LaggedStart,
    MathTex,
    Succession,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import LECTURE
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter3.numbers import the_example, compare_rows, hand_vs_backprop
from scenes.chapter3.drawing import ripple


class Ch3CompareWithBackprop(LectureScene):
    """The hand-propagated desired bias changes equal backprop's minus gradient and finite differences."""

    NEEDS = LECTURE

    def construct(self) -> None:
        ex = the_example()
        rows = compare_rows(ex, layer=1, n=5)
        head = ["layer-2 neuron", "sum of wishes", "backprop", "finite difference"]
        header = VGroup(*[Text(h, font_size=28, color=GRAY) for h in head])
        body = [[Text(str(int(r[0])), font_size=34)] + [MathTex(tex_num(v, 3, True), font_size=42) for v in r[1:]]
                for r in rows]
        table = VGroup(header, *[VGroup(*line) for line in body])
        widths = [3.0, 3.6, 2.6, 3.4]
        for line in table:
            for c, (mob, width) in enumerate(zip(line, widths)):
                mob.move_to(RIGHT * (sum(widths[:c]) + width / 2))
        table.arrange(DOWN, buff=0.5)
        for line in table[1:]:
            for c, mob in enumerate(line):
                mob.set_x(table[0][c].get_x())
        table.move_to(DOWN * 0.2)
        # Shown while the hand-made column fills in; its right-hand side then becomes backprop's column.
        title = MathTex(r"\text{desired } \Delta b", "=", r"-\,\partial C_0 / \partial b", font_size=40)
        title.next_to(table, UP, buff=0.45)
        worst = hand_vs_backprop(ex)
        exponent = int(math.ceil(math.log10(worst))) if worst > 0 else -16
        n_params = sum(w.size + b.size for w, b in zip(ex.net.weights, ex.net.biases))

        # Beat: hand-made numbers.
        k0 = int(rows[0][0])
        self.beat(f"Let's test this picture against the real thing. Turn the summed wishes for layer 2 into "
                  f"desired bias changes, by hand, and keep the five neurons that want the biggest change. Neuron "
                  f"{k0} leads, with {fmt(rows[0][1], 3)}.")
        self.play_through(Write(title), FadeIn(table[0][:2]), share=0.25)
        self.play_through(LaggedStart(*[FadeIn(VGroup(line[0], line[1])) for line in table[1:]], lag_ratio=0.3),
                          share=0.6)
        self.play_through(Indicate(VGroup(table[1][0], table[1][1])))

        # Beat: backprop.
        self.beat(f"Now run the network's own backpropagation code on this single image, and read off minus the "
                  f"gradient for the same five biases. It is {fmt(rows[0][2], 3)} again for neuron {k0}, and "
                  "every other row matches too, digit for digit.")
        self.play_through(ReplacementTransform(title[2], table[0][2]), FadeOut(title[:2], shift=UP * 0.2), share=0.2)
        self.play_through(LaggedStart(*[FadeIn(line[2]) for line in table[1:]], lag_ratio=0.3), share=0.5)
        box = SurroundingRectangle(VGroup(*table[1][1:3]), color=HIGHLIGHT, buff=0.12)
        self.play_through(Create(box), share=0.4)
        self.play_through(Succession(*[box.animate.move_to(VGroup(*line[1:3])) for line in table[2:]]))

        # Beat: finite differences.
        self.beat("A third check shares no code with the other two: nudge one bias up and down by a tiny amount, "
                  "run the network again, and see how much the cost changes. The change in cost divided by the "
                  "nudge is the slope, and once more, every row agrees.")
        self.play_through(FadeIn(table[0][3]), share=0.2)
        self.play_through(LaggedStart(*[FadeIn(line[3]) for line in table[1:]], lag_ratio=0.3), share=0.4)
        wide = SurroundingRectangle(VGroup(*table[1][1:]), color=HIGHLIGHT, buff=0.12)
        self.play_through(box.animate.become(wide), share=0.3)
        self.play_through(Succession(*[box.animate.move_to(VGroup(*line[1:])) for line in table[2:]]))

        # Beat: the whole network.
        self.beat(f"And not just for these five. Over all {n_params:,} weights and biases, the hand-made wishes and "
                  f"backpropagation never differ by more than ten to the minus {-exponent}, which is rounding "
                  "error. Backpropagation is exactly this bookkeeping of wishes, done efficiently.")
        count = f"{n_params:,}".replace(",", "{,}")
        note = MathTex(r"\text{all } " + count + r"\text{ parameters: } \max |\text{by hand} - \text{backprop}| < 10^{"
                       + str(exponent) + r"}", font_size=38).next_to(table, DOWN, buff=0.5)
        self.play_through(FadeOut(box), Write(note), share=0.45)
        self.play_through(ripple(VGroup(*[VGroup(*line[1:]) for line in table[1:]]), scale_factor=1.1), share=0.7)
        self.play_through(Indicate(note))
