"""Chapter 4: the general formulas for any layer l, boxed together into the gradient."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    MathTex,
    MobjectMatrix,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_run
from scenes.numbers import fmt, tex_num
from scenes.style import ACTIVATION_COLOR, BIAS_COLOR, GRAY, HIGHLIGHT, WEIGHT_COLOR
from scenes.chapter4.numbers import STEP, layer_rule, the_path


class Ch4GeneralFormulas(LectureScene):
    """dC/dw_jk(l), dC/db_j(l), dC/da_k(l-1) and the start 2(a - y) for any layer, checked on
    the path's three weights against the network's backprop, then folded into the gradient."""

    NEEDS = Needs(activation=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        run = get_run()
        path = the_path()
        by_rule, by_backprop = layer_rule(path)
        fs = 40
        rules = VGroup(
            MathTex(r"{\partial C_0 \over \partial w_{jk}^{(l)}}", r"= a_k^{(l-1)}\, \sigma'\big(z_j^{(l)}\big)"
                    r"\, {\partial C_0 \over \partial a_j^{(l)}}", font_size=fs),
            MathTex(r"{\partial C_0 \over \partial b_j^{(l)}}", r"= \sigma'\big(z_j^{(l)}\big)"
                    r"\, {\partial C_0 \over \partial a_j^{(l)}}", font_size=fs),
            MathTex(r"{\partial C_0 \over \partial a_k^{(l-1)}}", r"= \sum_j w_{jk}^{(l)}\, \sigma'\big(z_j^{(l)}\big)"
                    r"\, {\partial C_0 \over \partial a_j^{(l)}}", font_size=fs),
            MathTex(r"{\partial C_0 \over \partial a_j^{(L)}}", r"= 2\big(a_j^{(L)} - y_j\big)", font_size=fs),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).to_edge(LEFT, buff=0.6).to_edge(DOWN, buff=0.45)
        for r, c in zip(rules, (WEIGHT_COLOR, BIAS_COLOR, ACTIVATION_COLOR, ACTIVATION_COLOR)):
            r[0].set_color(c)
        box = SurroundingRectangle(rules, color=HIGHLIGHT, buff=0.2)
        top = Text("any layer l", font_size=30, color=GRAY).next_to(rules, UP, buff=0.45).align_to(rules, LEFT)

        # Beat: weight and bias for any layer.
        self.beat("Now let go of our one path and write the rule for any layer, which we call l. The derivative "
                  "for a weight from neuron k to neuron j is the activation feeding it, times the sigmoid's slope at "
                  "neuron j, times how sensitive the cost is to that neuron's activation. For a bias, the first "
                  "factor is simply one.")
        self.play(FadeIn(top), run_time=0.1 * self.remaining() + 0.1)
        self.play_through(Write(rules[0]), share=0.55)
        self.play_through(Write(rules[1]), share=0.7)
        self.play_through(Indicate(rules[1][1]))

        # Beat: where the sensitivity comes from.
        self.beat("That sensitivity comes from the layer after it, as a sum over every neuron j that neuron k "
                  "feeds, exactly the sum we just checked. And at the output layer it starts as twice a minus y. "
                  "Boxed together, these four lines are all of backpropagation.")
        self.play_through(Write(rules[2]), share=0.4)
        self.play_through(Write(rules[3]), share=0.5)
        self.play_through(Create(box))

        # Beat: run them on the path.
        names = [r"w^{(L)}", r"w^{(L-1)}", r"w^{(L-2)}"]
        header = VGroup(Text("by hand", font_size=28, color=GRAY), Text("backprop", font_size=28, color=GRAY))
        rows = [VGroup(MathTex(n, font_size=38, color=WEIGHT_COLOR), MathTex(tex_num(a, 3), font_size=38),
                       MathTex(tex_num(b, 3), font_size=38)) for n, a, b in zip(names, by_rule, by_backprop)]
        table = VGroup(*rows).arrange(DOWN, buff=0.45)
        for row in rows:
            for c, cell in enumerate(row):
                cell.set_x([0.9, 2.9, 5.2][c])
        table.set_y(0.0)
        for c, h in enumerate(header):
            h.next_to(table, UP, buff=0.35).set_x(rows[0][c + 1].get_x())
        a, b, c = by_rule
        self.beat(f"Run the four lines by hand on our image, from the output back, and the three weights of our "
                  f"path get {fmt(a, 3)}, {fmt(b, 3)} and {fmt(c, 3)}. The network's own backpropagation code "
                  "gives the same three numbers.")
        self.play(FadeOut(top, shift=UP * 0.3), run_time=0.4)  # the caption leaves after its beat
        self.play_through(FadeIn(header), LaggedStart(*[FadeIn(VGroup(r[0], r[1])) for r in rows], lag_ratio=0.5),
                          share=0.5)
        self.play_through(LaggedStart(*[TransformFromCopy(r[1], r[2]) for r in rows], lag_ratio=0.4), share=0.6)
        self.play_through(LaggedStart(*[Indicate(r[2]) for r in rows], lag_ratio=0.4))

        # Beat: into the gradient.
        n_params = sum(w.size + b.size for w, b in zip(run.final.weights, run.final.biases))
        entries = [MathTex(rf"\partial C / \partial {s}", font_size=36)
                   for s in (r"w^{(1)}", r"b^{(1)}", r"w^{(2)}", r"b^{(2)}", r"w^{(3)}", r"b^{(3)}")]
        column = MobjectMatrix([[m] for m in entries], v_buff=0.68, element_alignment_corner=[0, 0, 0])
        vector = VGroup(MathTex(r"\nabla C =", font_size=42), column).arrange(RIGHT, buff=0.2)
        vector.to_edge(RIGHT, buff=0.6).set_y(0.3)
        arrow = Arrow(box.get_right(), vector.get_left(), buff=0.2, color=HIGHLIGHT)
        count = Text(f"{n_params:,} entries, each averaged\nover the mini-batch", font_size=28, color=GRAY,
                     line_spacing=0.8).next_to(vector, DOWN, buff=0.3).to_edge(RIGHT, buff=0.4)
        self.beat(f"Apply them to every weight and every bias, average over the {run.manifest['batch_size']} "
                  f"images of the mini-batch, and the results fill the gradient vector, all {n_params:,} entries of "
                  "it. That vector is what one step of gradient descent follows.")
        self.play(FadeOut(table), FadeOut(header), run_time=0.1 * self.remaining() + 0.1)
        self.play_through(Create(arrow), FadeIn(vector, shift=RIGHT * 0.5), share=0.5)
        self.play_through(FadeIn(count), share=0.5)
        self.play_through(LaggedStart(*[Indicate(m) for m in entries], lag_ratio=0.3))
