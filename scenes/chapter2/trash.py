"""Chapter 2: the untrained network's utter trash and the cost of one example."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Circumscribe,
    Create,
    FadeOut,
    FadeIn,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    SurroundingRectangle,
    Text,
    ReplacementTransform,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import digit_image
from scenes.numbers import fixed, fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE
from scenes.chapter2.drawing import output_column
from scenes.chapter2.numbers import DIGIT, example_progress, trash_example


class Ch2UtterTrash(LectureScene):
    """The untrained network's output for one 3, the squared differences, and the average cost."""

    NEEDS = Needs(activation=None)

    def construct(self) -> None:
        ex = trash_example()
        run = get_run()
        digit = digit_image(ex.pixels, height=2.4)
        caption = Text(f"training digit #{ex.index}", font_size=28, color=GRAY)
        left = Group(digit, caption).arrange(DOWN, buff=0.2).to_edge(LEFT, buff=0.6).shift(UP * 0.6)
        outs = output_column(ex.output)
        outs.height = 6.3
        outs.next_to(left, RIGHT, buff=2.2).set_y(-0.2)
        arrow = Arrow(left.get_right(), outs.get_left(), buff=0.2, color=GRAY)
        heads = ["output a", "desired y", "(a - y)²"]
        col_x = [outs.get_right()[0] + 1.1 + 1.8 * c for c in range(3)]
        rows = [outs[j][1] for j in range(10)]
        a_col = VGroup(*[MathTex(tex_num(ex.output[j]), font_size=32).move_to([col_x[0], r.get_y(), 0])
                         for j, r in enumerate(rows)])
        y_col = VGroup(*[MathTex(f"{ex.y[j]:.0f}", font_size=32, color=HIGHLIGHT).move_to([col_x[1], r.get_y(), 0])
                         for j, r in enumerate(rows)])
        s_col = VGroup(*[MathTex(tex_num(ex.squares[j]), font_size=32).move_to([col_x[2], r.get_y(), 0])
                         for j, r in enumerate(rows)])
        head = VGroup(*[Text(h, font_size=26, color=GRAY).move_to([x, outs.get_top()[1] + 0.35, 0])
                        for h, x in zip(heads, col_x)])

        # Beat: untrained.
        self.beat("At the start every weight and bias is random. Give the untrained network one training digit "
                  "and look at its ten outputs.")
        self.add(left)
        self.play(Create(arrow), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(o) for o in outs], lag_ratio=0.2))

        # Beat: trash.
        guess = int(np.argmax(ex.output))
        self.beat(f"We fed it this {DIGIT}, and the output is a mess. The brightest neuron says {guess}, at "
                  f"{fmt(ex.output[guess])}, while the {DIGIT} neuron sits at {fmt(ex.output[DIGIT])}.")
        self.play(FadeIn(head[0]), LaggedStart(*[FadeIn(a) for a in a_col], lag_ratio=0.15),
                  run_time=0.4 * self.remaining())
        wrong_box = SurroundingRectangle(VGroup(outs[guess], a_col[guess]), color=NEGATIVE, buff=0.06)
        self.play(Create(wrong_box),
                  run_time=0.4 * self.remaining())
        self.play_through(Indicate(VGroup(outs[DIGIT], a_col[DIGIT]), color=HIGHLIGHT))

        # Beat: desired.
        self.beat(f"What we wanted is a clear answer: 1 for the {DIGIT} neuron and 0 for every other one. That "
                  "is the label, written as ten numbers.")
        self.play(FadeIn(head[1]), LaggedStart(*[FadeIn(y) for y in y_col], lag_ratio=0.15),
                  run_time=0.6 * self.remaining())
        self.play_through(Indicate(y_col[DIGIT]))

        # Beat: squares.
        self.beat(f"To score the mistake, take each output minus its target, square it, and add up all ten "
                  f"squares. For this {DIGIT} the total is {fmt(ex.cost, 3)}: the cost of one single training "
                  "example.")
        self.play(FadeIn(head[2]), LaggedStart(*[TransformFromCopy(VGroup(a_col[j], y_col[j]), s_col[j])
                                                 for j in range(10)], lag_ratio=0.15),
                  run_time=0.55 * self.remaining())
        total = MathTex(r"C_0 = \sum_j (a_j - y_j)^2 = " + tex_num(ex.cost, 3), font_size=40, color=HIGHLIGHT)
        total.next_to(left, DOWN, buff=0.6).align_to(left, LEFT)
        self.play_through(Write(total))

        # Beat: small when right.
        big = int(np.argmax(ex.squares))
        self.beat(f"Squaring makes every miss positive, and big misses count far more: the largest term, "
                  f"{fmt(ex.squares[big])}, comes from the {big} neuron. The cost is small when the network is "
                  "confidently right.")
        self.play(Circumscribe(VGroup(a_col[big], s_col[big]), color=NEGATIVE), run_time=0.4 * self.remaining())
        order = np.argsort(-ex.squares)
        self.play_through(LaggedStart(*[Indicate(s_col[j], scale_factor=1.1 + 0.6 * float(ex.squares[j]))
                                        for j in order], lag_ratio=0.3))

        # Beat: average.
        n = len(get_dataset().y_train)
        avg = run.first.train_cost
        self.beat(f"The cost of the whole network is the average of this over all {n:,} training digits: "
                  f"{fmt(avg, 3)} for our random start. That single number is what training pushes down.")
        mean = MathTex(r"C = \frac{1}{" + f"{n}" + r"} \sum_{i} C_i = " + tex_num(avg, 3), font_size=40,
                       color=HIGHLIGHT).next_to(total, DOWN, buff=0.4).align_to(total, LEFT)
        self.play(Write(mean), run_time=0.5 * self.remaining())
        self.play_through(Circumscribe(mean, color=HIGHLIGHT))

        # Beat: the same example later in training (recorded steps).
        prog = example_progress()
        self.beat(f"And it does. Here is the same {DIGIT} at later recorded steps: its output climbs towards 1, "
                  f"the others fade, and at step {prog.steps[-1]:,} this example costs practically nothing.")
        stamp = Text(f"step {prog.steps[0]:,}", font_size=34, color=HIGHLIGHT).next_to(left, UP, buff=0.3)
        stamp.align_to(left, LEFT)
        self.play(FadeOut(mean), FadeOut(wrong_box), FadeIn(stamp), run_time=0.1 * self.remaining())
        per = 0.9 * self.remaining() / (len(prog.steps) - 1)
        for k in range(1, len(prog.steps)):
            out, sq = prog.outputs[k], prog.squares[k]
            new_a = VGroup(*[MathTex(fixed(out[j], 3), font_size=32).move_to(a_col[j]) for j in range(10)])
            new_s = VGroup(*[MathTex(fixed(sq[j], 3), font_size=32).move_to(s_col[j]) for j in range(10)])
            new_total = MathTex(r"C_0 = \sum_j (a_j - y_j)^2 = " + tex_num(prog.costs[k], 2), font_size=40,
                                color=HIGHLIGHT).move_to(total, aligned_edge=LEFT)
            new_stamp = Text(f"step {prog.steps[k]:,}", font_size=34, color=HIGHLIGHT).move_to(stamp, aligned_edge=LEFT)
            self.play(*[o[1].animate.set_fill(WHITE, float(np.clip(out[j], 0, 1))) for j, o in enumerate(outs)],
                      *[ReplacementTransform(a_col[j], new_a[j]) for j in range(10)],
                      *[ReplacementTransform(s_col[j], new_s[j]) for j in range(10)],
                      ReplacementTransform(total, new_total), ReplacementTransform(stamp, new_stamp), run_time=per)
            a_col, s_col, total, stamp = new_a, new_s, new_total, new_stamp
