"""Why a nonlinearity: without the sigmoid, the trained W2 W1 x folds into one matrix."""

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
    Circumscribe,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    ReplacementTransform,
    Succession,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
    there_and_back,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.graphs.drawing import BACKWARD, FORWARD, matrix_image
from scenes.graphs.numbers import linear_collapse
from scenes.mobjects import digit_image, weight_image
from scenes.numbers import fixed, fmt
from scenes.style import GRAY, HIGHLIGHT


def tiles(rows, side: float = 0.7) -> Group:
    """Sixteen rows of 784 weights as a 4 x 4 grid of 28 x 28 pictures."""
    return Group(*[weight_image(r, height=side) for r in rows]).arrange_in_grid(rows=4, cols=4, buff=0.06)


def named(mob, name: str, shape: str) -> Group:
    """``mob`` with its name above and its shape (gray) below."""
    return Group(MathTex(name, font_size=36).next_to(mob, UP, buff=0.15), mob,
                 MathTex(shape, font_size=28, color=GRAY).next_to(mob, DOWN, buff=0.12))


class GraphWhyNonlinearity(LectureScene):
    """Without the sigmoid, the trained network's W2 (W1 x + b1) + b2 is one matrix W = W2 W1."""

    NEEDS = Needs(activation="sigmoid", cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        m = linear_collapse()
        Y = 1.0
        x = named(digit_image(m.x, height=2.4), "x", "784").move_to([-5.0, Y, 0])
        w1 = named(tiles(m.W1, side=0.85), "W_1", r"16\times784").move_to([-1.2, Y, 0])
        w2 = named(matrix_image(m.W2, cell=0.22), "W_2", r"16\times16").move_to([3.15, Y, 0])
        z_img = matrix_image(np.repeat(m.z_two[:, None], 2, axis=1), cell=0.22).stretch_to_fit_width(0.22)
        z = named(z_img, "z", "16").move_to([5.9, Y, 0])
        arrows = VGroup(*[Arrow(a[1].get_right(), b[1].get_left(), buff=0.15, stroke_width=3,
                                max_tip_length_to_length_ratio=0.3, color=GRAY) for a, b in ((x, w1), (w1, w2), (w2, z))])
        note = Text(f"trained network at step {m.step}, validation digit #{m.index} (a {m.label})", font_size=22,
                    color=GRAY).to_edge(DOWN, buff=0.3)
        fold = MathTex(r"W_2(W_1x + b_1) + b_2", "=", r"(W_2W_1)\,x + (W_2b_1 + b_2)", font_size=38)
        fold.move_to([0, -1.85, 0])
        w = named(tiles(m.W, side=0.85), r"W = W_2W_1", r"16\times784").move_to([0.95, Y, 0])

        # Beat: the two layers without the sigmoid.
        self.beat("Why does every layer end in a sigmoid? Take our trained network and remove the sigmoid "
                  "from its first two layers. A digit's 784 pixels go in; W1, sixteen rows of 784 weights, each "
                  "drawn as a 28 by 28 picture, makes the first layer; W2, 16 by 16, makes the second.")
        self.play_through(FadeIn(x), FadeIn(note), share=0.2)
        self.play_through(FadeIn(arrows[0]), LaggedStart(*[FadeIn(t) for t in w1[1]], lag_ratio=0.1),
                          FadeIn(w1[0]), FadeIn(w1[2]), share=0.45)
        self.play_through(FadeIn(arrows[1]), FadeIn(w2), share=0.5)
        self.play_through(FadeIn(arrows[2]), FadeIn(z), share=0.5)
        self.play_through(Circumscribe(z[1]), Circumscribe(x[1]))

        # Beat: the fold.
        self.beat("With nothing in between, multiplying by W1 and then by W2 is the same as multiplying once by "
                  "their product. So the "
                  "two layers fold into a single 16 by 784 matrix, whose rows are again 28 by 28 pictures, each "
                  "a blend of the first layer's.")
        self.play_through(Write(fold), share=0.35)
        self.play_through(FadeOut(arrows[1]), FadeOut(w1[1], shift=RIGHT * 1.3, scale=0.6),
                          FadeOut(w2[1], shift=LEFT * 2.2, scale=0.6), FadeIn(w[1], scale=0.5),
                          ReplacementTransform(VGroup(w1[0], w2[0]), w[0]),
                          ReplacementTransform(VGroup(w1[2], w2[2]), w[2]), share=0.6)
        self.play_through(arrows[0].animate.put_start_and_end_on(x[1].get_right() + RIGHT * 0.15,
                                                                 w[1].get_left() + LEFT * 0.15),
                          arrows[2].animate.put_start_and_end_on(w[1].get_right() + RIGHT * 0.15,
                                                                 z[1].get_left() + LEFT * 0.15),
                          LaggedStart(*[t.animate(rate_func=there_and_back).scale(1.15) for t in w[1]], lag_ratio=0.08))

        # Beat: the numbers agree.
        i = [int(k) for k in m.shown]
        two = MathTex(r"\text{two layers:}\ " + r",\ ".join(rf"z_{{{k}}} = {fmt(m.z_two[k], 3)}" for k in i),
                      font_size=34, color=FORWARD)
        one = MathTex(r"\text{one matrix:}\ " + r",\ ".join(rf"z_{{{k}}} = {fmt(m.z_one[k], 3)}" for k in i),
                      font_size=34, color=FORWARD)
        table = VGroup(two, one).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(fold, DOWN, buff=0.35)
        self.beat(f"Check it on a real digit. The largest entries of z, computed through both layers, are "
                  f"{fmt(m.z_two[i[0]], 3)}, {fmt(m.z_two[i[1]], 3)} and {fmt(m.z_two[i[2]], 3)}. The single matrix "
                  f"gives {fmt(m.z_one[i[0]], 3)}, {fmt(m.z_one[i[1]], 3)} and {fmt(m.z_one[i[2]], 3)}: the same "
                  "numbers. However many linear layers we stack, one matrix does the same job.")
        self.play_through(FadeOut(note), Write(two), share=0.4)
        self.play_through(Succession(FadeIn(one[0][:10]), TransformFromCopy(two[0][10:], one[0][10:])), share=0.5)
        self.play_through(Circumscribe(z[1]), Indicate(one, color=HIGHLIGHT))

        # Beat: the sigmoid stops the fold.
        k = m.contrast
        sig = VGroup(*[VGroup(Circle(radius=0.32, color=WHITE, stroke_width=2.5), MathTex(r"\sigma", font_size=36))
                       for _ in range(2)])
        sig[0].move_to([0.75, Y, 0])
        sig[1].move_to([5.15, Y, 0])
        back = MathTex(rf"\text{{with }}\sigma:\ a_{{{k}}} = {fmt(m.a_real[k], 2)}", r"\qquad\text{folded:}\ ",
                       rf"\sigma(Wx + b)_{{{k}}} = {fixed(m.a_fold[k], 2)}", font_size=34)
        back[0].set_color(FORWARD)
        back[2].set_color(BACKWARD)
        back.move_to(table)
        w1b = named(tiles(m.W1, side=0.75), "W_1", r"16\times784").move_to([-1.45, Y, 0])
        w2b = named(matrix_image(m.W2, cell=0.2), "W_2", r"16\times16").move_to([2.95, Y, 0])
        self.beat(f"Put the sigmoid back, and the fold no longer works. Neuron {k} of the second layer shows "
                  f"{fmt(m.a_real[k], 2)} in the real network, but the folded matrix followed by one sigmoid gives "
                  f"{fixed(m.a_fold[k], 2)}. The squashing between layers is what lets depth add something new.")
        self.play_through(FadeOut(table), FadeOut(fold), FadeOut(arrows), share=0.2)
        self.play_through(FadeOut(w[1], scale=0.5), FadeIn(w1b[1], shift=LEFT * 1.3, scale=0.6),
                          FadeIn(w2b[1], shift=RIGHT * 2.2, scale=0.6), ReplacementTransform(w[0], w1b[0]),
                          FadeIn(w2b[0]), ReplacementTransform(w[2], w1b[2]), FadeIn(w2b[2]), share=0.35)
        self.play_through(LaggedStart(*[FadeIn(s, scale=1.4) for s in sig], lag_ratio=0.5), share=0.3)
        self.play_through(Write(back), share=0.6)
        self.play_through(Indicate(back[0]), Indicate(back[2], color=BACKWARD))
