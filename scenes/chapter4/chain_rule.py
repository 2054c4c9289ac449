"""Chapter 4: the chain rule built term by term, and checked by nudging."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import ACTIVATION_COLOR, GRAY, HIGHLIGHT, WEIGHT_COLOR
from scenes.chapter4.drawing import COST_COLOR, chain_neuron
from scenes.chapter4.numbers import STEP, NUDGES, the_path


class Ch4ChainRule(LectureScene):
    """dC0/dw(L) built term by term from the chain rule, with the path's numbers."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("The chain rule", font_size=32).to_edge(UP, buff=0.3)
        rule = MathTex(
            r"{\partial C_0 \over \partial w^{(L)}}", r"=",
            r"{\partial z^{(L)} \over \partial w^{(L)}}",
            r"{\partial a^{(L)} \over \partial z^{(L)}}",
            r"{\partial C_0 \over \partial a^{(L)}}", font_size=44,
        ).next_to(title, DOWN, buff=0.5)
        rule[0].set_color(COST_COLOR)

        # Beat: the split.
        self.beat("How sensitive is the cost to that last weight? The weight never touches the cost directly: it "
                  "moves z, z moves a, and a moves the cost. So the chain rule writes the derivative as a product "
                  "of three ratios, one for each link.")
        self.play(Write(title), run_time=0.15 * self.remaining())
        self.play_through(Write(rule), share=0.45)
        self.play_through(LaggedStart(*[Indicate(rule[part]) for part in (2, 3, 4)], lag_ratio=0.7))

        rows = [
            (r"= 2\big(a^{(L)} - y\big)", rf"= 2({tex_num(path.a, 3)} - {path.target:.0f}) = {tex_num(path.dC_da, 3)}"),
            (r"= \sigma'\big(z^{(L)}\big)", rf"= \sigma'({tex_num(path.z, 3)}) = {tex_num(path.da_dz, 3)}"),
            (r"= a^{(L-1)}", rf"= {tex_num(path.a_prev, 3)}"),
        ]
        table = VGroup()
        for part, (lhs, rhs) in zip((4, 3, 2), rows):
            table.add(VGroup(MathTex(rule.tex_strings[part], lhs, font_size=38), MathTex(rhs, font_size=38))
                      .arrange(RIGHT, buff=0.25))
        lift = rule.copy().to_edge(UP, buff=0.35).get_center() - rule.get_center()  # into the title's band
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(rule, DOWN, buff=0.5).shift(lift)

        def factor(part: int, row: VGroup) -> None:
            """Box one factor of the rule, copy it down, and write its meaning and measured value over the beat."""
            box = SurroundingRectangle(rule[part], color=HIGHLIGHT, buff=0.08)
            self.play(Create(box), run_time=0.6)
            self.play(TransformFromCopy(rule[part], row[0][0]), run_time=1.2)
            self.play_through(Write(row[0][1]), share=0.3)
            self.add(row[0])
            self.play_through(Write(row[1]), share=0.55)
            self.play_through(Indicate(row[1], color=HIGHLIGHT, scale_factor=1.1), share=0.9)
            self.play(FadeOut(box), run_time=0.5)

        # Beat: the last factor, dC0/da.
        self.beat(f"Start at the end. The cost is the square of a minus y, so it responds to a at a rate of twice a "
                  f"minus y. With a at {fmt(path.a, 3)} and y at {path.target:.0f}, that is {fmt(path.dC_da, 3)}: "
                  "negative, because raising a would bring it closer to its target.")
        self.play(FadeOut(title, shift=UP * 0.3), rule.animate.shift(lift), run_time=0.8)  # no title stays
        factor(4, table[0])

        # Beat: the middle factor, da/dz.
        self.beat(f"Next, a is the sigmoid of z, so it responds to z at the slope of the sigmoid at that point. Here "
                  f"z is {fmt(path.z, 3)}, and the slope there is {fmt(path.da_dz, 3)}. The sigmoid is steepest at "
                  "zero and flattens out on both sides, so a saturated neuron barely responds.")
        factor(3, table[1])

        # Beat: the first factor, dz/dw.
        self.beat(f"Finally, z is the weight times the previous activation, plus terms without this weight, so z "
                  f"responds to w at a rate equal to that activation, {fmt(path.a_prev, 3)}. A weight fed by a bright "
                  "neuron has far more leverage than one fed by a dim neuron.")
        factor(2, table[2])

        # Beat: the product.
        self.beat(f"Multiply the three ratios, {fmt(path.a_prev, 3)} times {fmt(path.da_dz, 3)} times "
                  f"{fmt(path.dC_da, 3)}, and we get {fmt(path.dC_dw, 3)}. For a small nudge of the last weight, the "
                  "cost changes by about this many times the nudge; the minus sign says a larger weight means a "
                  "smaller cost.")
        product = MathTex(
            r"{\partial C_0 \over \partial w^{(L)}}",
            rf"= {ptex(path.a_prev, 3)} \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} = {tex_num(path.dC_dw, 3)}",
            font_size=44,
        ).next_to(table, DOWN, buff=0.45)
        product[0].set_color(COST_COLOR)
        box = SurroundingRectangle(product, color=HIGHLIGHT, buff=0.12)
        self.play_through(LaggedStart(*[Indicate(row[1]) for row in reversed(table)], lag_ratio=0.5),
                          Write(product), share=0.45)
        self.play_through(Create(box), share=0.3)
        self.play_through(Indicate(product[1]))


class Ch4NudgeMeasured(LectureScene):
    """Nudge w(L) by a small amount: measured change of C0 next to the chain-rule prediction."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        pred = MathTex(rf"{{\partial C_0 \over \partial w^{{(L)}}}} = {tex_num(path.dC_dw, 3)}", font_size=50)
        pred.to_edge(UP, buff=0.5)
        # The one-path chain, dark at first; it lights up with the path's real activations.
        dark = VGroup(*[chain_neuron(0.0, radius=0.45) for _ in path.chain_a]).arrange(RIGHT, buff=2.4)
        dark.move_to(DOWN * 0.6)
        lit = VGroup(*[chain_neuron(a, radius=0.45).move_to(c) for a, c in zip(path.chain_a, dark)])
        links = VGroup(*[Line(dark[l].get_right(), dark[l + 1].get_left(), color=WEIGHT_COLOR, stroke_width=5)
                         for l in range(3)])
        sup = ["L-3", "L-2", "L-1", "L"]
        a_labels = VGroup(*[MathTex(rf"a^{{({s})}} = {tex_num(a, 2)}", font_size=34, color=ACTIVATION_COLOR)
                            .next_to(c, DOWN, buff=0.3) for s, c, a in zip(sup, dark, path.chain_a)])
        w_label = MathTex(rf"w^{{(L)}} = {tex_num(path.w, 3)}", font_size=36, color=WEIGHT_COLOR)
        w_label.next_to(links[2], UP, buff=0.25)

        # Beat: what we predict.
        self.beat(f"Is that number right? Let us check it the blunt way, with no calculus at all. The chain rule "
                  f"predicts that the cost changes by {fmt(path.dC_dw, 3)} times any small nudge of the last weight.")
        self.add(dark, links)
        self.play_through(LaggedStart(*[AnimationGroup(Transform(d, l), FadeIn(t)) for d, l, t in zip(dark, lit, a_labels)],
                                      lag_ratio=0.6), share=0.35)
        self.play_through(links[2].animate.set_color(HIGHLIGHT).set_stroke(width=9), Write(w_label), share=0.3)
        self.play_through(Write(pred), share=0.6)
        self.play_through(Circumscribe(pred, color=HIGHLIGHT))

        # Beat: one nudge.
        dw = NUDGES[0]
        after_vals = path.nudged(dw)
        self.beat(f"So change the weight from {fmt(path.w, 3)} to {fmt(path.w + dw, 3)}, and run the whole network "
                  f"forward on the same image again. This output's cost drops from {fmt(path.term, 3)} to "
                  f"{fmt(after_vals[2], 3)}.")
        before = MathTex(rf"w^{{(L)}} = {tex_num(path.w, 3)}", r"\quad C_0 =", tex_num(path.term, 3), font_size=42)
        after = MathTex(rf"w^{{(L)}} = {tex_num(path.w + dw, 3)}", r"\quad C_0 =", tex_num(after_vals[2], 3),
                        font_size=42)
        pair = VGroup(before, after).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(pred, DOWN, buff=0.4)
        self.play(FadeOut(VGroup(dark, links, a_labels), shift=DOWN * 0.4),
                  ReplacementTransform(w_label, before[0]), FadeIn(before[1]), FadeIn(before[2]),
                  run_time=0.25 * self.remaining())
        self.remove(*before)
        self.add(before)  # the whole line, as one formula, from here on
        self.play_through(TransformFromCopy(before, after), share=0.5)
        self.play_through(LaggedStart(Indicate(before[2], color=HIGHLIGHT), Indicate(after[2], color=HIGHLIGHT),
                                      lag_ratio=0.6))

        # Beat: table, first row.
        header = [r"\Delta w", r"\text{measured } \Delta C_0", r"\text{chain rule } {\partial C_0 \over \partial w}\Delta w",
                  r"\Delta C_0 / \Delta w"]
        cells = [[MathTex(h, font_size=34) for h in header]]
        measured = [path.measured_change(d) for d in NUDGES]
        for d, m in zip(NUDGES, measured):
            cells.append([MathTex(tex_num(d, 3), font_size=38), MathTex(tex_num(m, 3), font_size=38),
                          MathTex(tex_num(path.dC_dw * d, 3), font_size=38), MathTex(tex_num(m / d, 3), font_size=38)])
        widths = [max(row[c].width for row in cells) for c in range(4)]
        grid = VGroup(*[VGroup(*row) for row in cells]).arrange(DOWN, buff=0.3)
        for row in grid:
            for c, cell in enumerate(row):
                cell.set_x(sum(widths[:c]) + 0.8 * c + widths[c] / 2)
        grid.scale(1.2).next_to(pair, DOWN, buff=0.5).set_x(0)  # the table is the scene's main object
        rule_line = Line(grid[0].get_corner(DOWN + LEFT), grid[0].get_corner(DOWN + RIGHT), color=GRAY,
                         stroke_width=1.5).shift(DOWN * 0.12)
        self.beat(f"That measured change, {fmt(measured[0], 3)}, sits next to the chain rule's prediction of "
                  f"{fmt(path.dC_dw * dw, 3)}. Close, but not identical: over a nudge this large, the slope itself "
                  "shifts a little along the way.")
        self.play_through(FadeIn(grid[0]), Create(rule_line), share=0.3)
        self.play_through(FadeIn(grid[1]), share=0.35)
        self.play_through(LaggedStart(Indicate(grid[1][1]), Indicate(grid[1][2]), lag_ratio=0.6))

        # Beat: smaller nudges.
        self.beat(f"Shrink the nudge to {NUDGES[1]:g}, then to {NUDGES[2]:g}, and the two columns agree to more and "
                  "more digits. The last column, the measured change divided by the nudge, closes in on the chain "
                  "rule's value. That limit is exactly what a derivative means.")
        ratio_box = SurroundingRectangle(VGroup(*[row[3] for row in grid[1:]]), color=HIGHLIGHT, buff=0.1)
        self.play_through(LaggedStart(*[FadeIn(row) for row in grid[2:]], lag_ratio=0.6), share=0.4)
        self.play_through(Create(ratio_box), share=0.4)
        self.play_through(Indicate(pred))
