"""Chapter 3, part 3: every output's wishes for layer 2, summed, then propagated backwards."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    WHITE,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.mobjects import signed_color
from scenes.numbers import fmt
from scenes.style import GRAY, BIAS_COLOR, HIGHLIGHT, NEGATIVE, POSITIVE, WEIGHT_COLOR
from scenes.chapter3.numbers import the_example, output_nudges, most_wrong, wishes, desired_activations
from scenes.chapter3.drawing import nudge_arrow, ripple, example_diagram


class Ch3SumOfWishes(LectureScene):
    """Every output neuron's wishes for layer 2, added up."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        ex = the_example()
        wish = wishes(ex, 2)
        total = wish.sum(axis=0)
        nudges = output_nudges(ex)
        vmax = float(np.max(np.abs(wish)))
        cw, ch = 0.72, 0.32

        def cell(value: float, scale: float) -> Rectangle:
            return Rectangle(width=cw, height=ch, stroke_width=0.8, stroke_color=GRAY).set_fill(
                signed_color(value, scale), 1)

        rows = VGroup(*[VGroup(*[cell(v, vmax) for v in wish[j]]).arrange(RIGHT, buff=0) for j in range(10)])
        rows.arrange(DOWN, buff=0)
        smax = float(np.max(np.abs(total)))
        sum_row = VGroup(*[cell(v, smax) for v in total]).arrange(RIGHT, buff=0)
        sum_row.next_to(rows, DOWN, buff=0.45)
        VGroup(rows, sum_row).move_to(ORIGIN).shift(RIGHT * 0.5 + UP * 0.1)
        row_labels = VGroup(*[Text(str(j), font_size=20).next_to(rows[j], LEFT, buff=0.6) for j in range(10)])
        scale = 0.3 / float(np.max(np.abs(nudges)))
        row_arrows = VGroup(*[nudge_arrow(rows[j], nudges[j], scale).next_to(rows[j], LEFT, buff=0.2)
                              for j in range(10)])
        col_labels = VGroup(*[MathTex(f"a_{{{k}}}", font_size=26).next_to(rows[0][k], UP, buff=0.12)
                              for k in range(16)])
        title = Text("what each output neuron wants from the 16 neurons of layer 2", font_size=26)
        title.to_edge(UP, buff=0.3)
        legend = Text("green: wants brighter   red: wants dimmer", font_size=20, color=GRAY)
        legend.to_edge(DOWN, buff=0.25)

        # Beat: every output has wishes.
        self.beat("The other nine outputs have wishes for layer 2 as well. Each row here is one output neuron, "
                  "and the arrow beside it says whether that output itself should go up or down. Across the "
                  "row, green cells ask a layer-2 neuron to get brighter, red cells ask it to get dimmer.")
        self.add(title, col_labels)
        self.play_through(LaggedStart(*[FadeIn(VGroup(row_labels[j], row_arrows[j], rows[j])) for j in range(10)],
                                      lag_ratio=0.3), share=0.7)
        self.play_through(FadeIn(legend))

        # Beat: the 2's row against the others.
        far = most_wrong(ex)
        self.beat(f"The {ex.label} row is the one we just built, the only output that should get brighter. "
                  f"Compare it with the {far} row, the output that most needs to dim. Each row follows its own "
                  f"weights, so the rows agree on some neurons and disagree on others.")
        box = SurroundingRectangle(VGroup(row_labels[ex.label], rows[ex.label]), color=HIGHLIGHT, buff=0.05)
        other = SurroundingRectangle(VGroup(row_labels[far], rows[far]), color=GRAY, buff=0.05)
        self.play_through(Create(box), share=0.3)
        self.play_through(Create(other), Indicate(row_arrows[far], color=NEGATIVE), share=0.45)
        cursor = SurroundingRectangle(VGroup(rows[0][0], rows[-1][0]), color=WHITE, buff=0.03)
        self.play(Create(cursor), run_time=0.5)
        self.play_through(Succession(*[cursor.animate.move_to(VGroup(*[r[k] for r in rows])) for k in range(1, 16)]))

        # Beat: sum.
        k = int(np.argmax(np.abs(total)))
        self.beat(f"To settle it, add up all ten rows, column by column. The sum is the change each neuron of "
                  f"layer 2 should make to lower this example's cost. The wishes pile up most on neuron {k}: "
                  f"its total is {fmt(total[k])}.")
        plus = Text("sum", font_size=22).next_to(sum_row, LEFT, buff=0.6)
        line = Line(rows.get_corner(DOWN + LEFT), rows.get_corner(DOWN + RIGHT), color=WHITE, stroke_width=2)
        line.shift(DOWN * 0.22)
        self.play(FadeOut(box), FadeOut(other), FadeOut(cursor), Create(line), FadeIn(plus), run_time=0.8)
        self.play_through(*[TransformFromCopy(VGroup(*[rows[j][c] for j in range(10)]), sum_row[c])
                            for c in range(16)], share=0.4)
        numbers = VGroup(*[Text(fmt(v), font_size=20).next_to(c, DOWN, buff=0.1 + 0.32 * (i % 2))
                           for i, (v, c) in enumerate(zip(total, sum_row))])
        self.play_through(LaggedStart(*[FadeIn(n) for n in numbers], lag_ratio=0.1), share=0.5)
        column = SurroundingRectangle(VGroup(col_labels[k], numbers[k], *[rows[j][k] for j in range(10)]),
                                      color=HIGHLIGHT, buff=0.06)
        self.play_through(Create(column), Indicate(numbers[k]))

        # Beat: formula.
        self.beat("How much does each row count? A wish is scaled by the weight joining the two neurons, by the "
                  "slope of the sigmoid, and by how badly that output wants to change, twice its gap y minus a. "
                  "Summed over all ten outputs, that is the desired change of a layer-2 neuron.")
        formula = MathTex(r"\Delta a_k = \sum_j", r"w_{jk}", r"\,\sigma'(z_j)\,", r"2(y_j - a_j)", font_size=34)
        formula.to_edge(DOWN, buff=0.2)
        self.play_through(FadeOut(legend), FadeOut(column), Write(formula), share=0.3)
        self.play_through(Indicate(formula[1], color=WEIGHT_COLOR), share=0.3)
        self.play_through(Indicate(formula[2]), share=0.3)
        self.play_through(Indicate(formula[3], color=HIGHLIGHT),
                          ripple(row_arrows), share=0.5)
        self.play_through(Indicate(formula[0]), ripple(numbers))


class Ch3BackwardsLayerByLayer(LectureScene):
    """The desired changes flow backwards: output, layer 2, layer 1."""

    NEEDS = Needs(hidden_layers=2)

    def construct(self) -> None:
        ex = the_example()
        wanted = desired_activations(ex)
        diagram = example_diagram(ex).to_edge(LEFT, buff=0.8)
        diagram.edges.set_stroke(opacity=0.25)
        labels = diagram.output_labels(font_size=22)
        self.add(diagram, labels)

        def arrows_for(layer: int) -> VGroup:
            scale = 0.34 / float(np.max(np.abs(wanted[layer])))
            return VGroup(*[nudge_arrow(c, wanted[layer][i], scale, x_offset=-0.32)
                            for c, i in zip(diagram.layers[layer], diagram.indices[layer])])

        def backward_flash(layer: int) -> ShowPassingFlash:
            lines = VGroup(*[e.copy().reverse_points().set_stroke(color=HIGHLIGHT, width=2, opacity=1)
                             for e in diagram.edges[layer]])
            return ShowPassingFlash(lines, time_width=0.5, run_time=1.2)

        # Beat: output nudges.
        self.beat(f"Step back to the whole network. On the right are the nudges the output layer wants for this "
                  f"{ex.label}: the {ex.label} output up, every other output down, each as long as its gap. "
                  "Everything that follows starts from these ten arrows.")
        out_arrows = VGroup(*[nudge_arrow(c, wanted[3][i], 0.34 / float(np.max(np.abs(wanted[3]))), x_offset=1.0)
                              for c, i in zip(diagram.layers[3], diagram.indices[3])])
        self.play_through(LaggedStart(*[Create(a) for a in out_arrows], lag_ratio=0.15), share=0.6)
        self.play_through(Indicate(out_arrows[list(diagram.indices[3]).index(ex.label)], color=POSITIVE,
                                   scale_factor=1.5))

        # Beat: layer 2.
        self.beat("Add up every output's wishes, weighted the way we just saw, and you get one arrow for each "
                  "neuron of the last hidden layer. They say how layer 2 should change, and they were computed "
                  "entirely from the layer after it.")
        a2 = arrows_for(2)
        self.play_through(backward_flash(2), share=0.35)
        self.play_through(LaggedStart(*[Create(a) for a in a2], lag_ratio=0.1), share=0.7)
        self.play_through(backward_flash(2))

        # Beat: layer 1.
        self.beat("Nothing stops us from doing it again. Treat the layer-2 nudges as we treated the outputs, and "
                  "their summed wishes become nudges for layer 1. Moving backwards like this, one layer at a time, "
                  "is what gives backpropagation its name. It stops at the pixels, which are given, not learned.")
        a1 = arrows_for(1)
        self.play_through(backward_flash(1), share=0.25)
        self.play_through(LaggedStart(*[Create(a) for a in a1], lag_ratio=0.1), share=0.5)
        self.play_through(Succession(backward_flash(2), backward_flash(1)), share=0.6)
        self.play_through(ripple(diagram.layers[0], color=GRAY))

        # Beat: the parameters.
        self.beat("At every layer, the nudges then become changes of the parameters. A neuron's bias changes by "
                  "its nudge times the slope of its sigmoid, and each weight into it by that same amount times "
                  "the activation it comes from. Those are the first two knobs from before, now applied everywhere.")
        rule = VGroup(
            MathTex(r"\Delta b_j = \sigma'(z_j)\,\Delta a_j", font_size=34, color=BIAS_COLOR),
            MathTex(r"\Delta w_{jk} = a_k\,\Delta b_j", font_size=34, color=WEIGHT_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).to_edge(RIGHT, buff=0.5)
        self.play_through(Write(rule[0]), ripple(a2), share=0.4)
        self.play_through(Write(rule[1]), ripple(diagram.layers[1]), share=0.5)
        self.play_through(LaggedStart(*[backward_flash(l) for l in (2, 1, 0)], lag_ratio=0.5))
