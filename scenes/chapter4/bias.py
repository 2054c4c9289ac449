"""Chapter 4: the bias and the previous activation."""

from __future__ import annotations

from manim import (
    DOWN,
    RIGHT,
    UP,
    Circumscribe,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from network.activations import sigmoid_prime_from_a
from scenes.base import LectureScene
from scenes.data import Needs
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import GRAY, ACTIVATION_COLOR, BIAS_COLOR, HIGHLIGHT, WEIGHT_COLOR
from scenes.chapter4.numbers import STEP, the_path


class Ch4BiasAndPrevious(LectureScene):
    """dC0/db(L) (dz/db = 1) and dC0/da(L-1) (dz/da = w), then the recipe repeats backwards."""

    NEEDS = Needs(hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        title = Text("The bias and the previous activation", font_size=32).to_edge(UP, buff=0.3)
        db = MathTex(
            r"{\partial C_0 \over \partial b^{(L)}}", r"=", r"{\partial z^{(L)} \over \partial b^{(L)}}",
            r"\sigma'\big(z^{(L)}\big)\, 2\big(a^{(L)} - y\big)", font_size=40,
        )
        db_value = MathTex(rf"= 1 \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} = {tex_num(path.dC_db, 3)}",
                           font_size=40)
        db[0].set_color(BIAS_COLOR)
        one = MathTex(r"{\partial z^{(L)} \over \partial b^{(L)}} = 1", font_size=34, color=BIAS_COLOR)
        da = MathTex(
            r"{\partial C_0 \over \partial a^{(L-1)}}", r"=", r"w^{(L)}",
            r"\sigma'\big(z^{(L)}\big)\, 2\big(a^{(L)} - y\big)", font_size=40,
        )
        da_value = MathTex(rf"= {ptex(path.w, 3)} \times {ptex(path.da_dz, 3)} \times {ptex(path.dC_da, 3)} "
                           rf"= {tex_num(path.dC_daprev, 3)}", font_size=40)
        da[0].set_color(ACTIVATION_COLOR)
        da[2].set_color(WEIGHT_COLOR)
        for lhs, rhs in ((db, db_value), (da, da_value)):
            rhs.next_to(lhs, RIGHT, buff=0.15).match_y(lhs[1])
        VGroup(VGroup(db, db_value), VGroup(da, da_value)).arrange(DOWN, buff=1.2).next_to(title, DOWN, buff=0.6)
        one.next_to(db[2], DOWN, buff=0.25)

        # Beat: bias.
        self.beat("The bias follows the same recipe, with one link swapped. z changes by exactly as much as b "
                  "does, so the first ratio is simply 1.")
        self.play(Write(title), run_time=0.15 * self.remaining())
        self.play_through(Write(db), share=0.5)
        self.play_through(FadeIn(one), Indicate(db[2]))

        # Beat: the bias's value.
        self.beat(f"The other two factors are the ones we just computed, so the cost's sensitivity to this bias is "
                  f"{fmt(path.dC_db, 3)}. Raising the bias would lower the cost.")
        self.play(FadeOut(title, shift=UP * 0.3), run_time=0.4)  # no title stays on screen
        self.play_through(Write(db_value), share=0.6)
        self.play_through(Circumscribe(db_value, color=HIGHLIGHT))

        # Beat: previous activation.
        self.beat(f"Now the previous activation. Here the first link is the weight itself: z changes by w for every "
                  f"unit of a. So the cost's sensitivity to that neuron's activation is {fmt(path.w, 3)} times the "
                  f"same two factors, {fmt(path.dC_daprev, 3)}.")
        self.play_through(Write(da), share=0.4)
        self.play_through(Indicate(da[2]), share=0.3)
        self.play_through(Write(da_value))

        # Beat: backwards.
        self.beat("We cannot set an activation directly, only the weights and biases that produce it. But now that "
                  "we know how the cost responds to it, the whole recipe repeats one layer back, where the middle "
                  "weight of our chain gets its own three factors.")
        back = MathTex(
            r"{\partial C_0 \over \partial w^{(L-1)}}", r"=", r"a^{(L-2)}\, \sigma'\big(z^{(L-1)}\big)",
            r"{\partial C_0 \over \partial a^{(L-1)}}", font_size=40,
        ).next_to(VGroup(da, da_value), DOWN, buff=0.8)
        back[0].set_color(WEIGHT_COLOR)
        sigma_prev = float(sigmoid_prime_from_a(path.chain_a[2]))
        dw_prev = path.chain_a[1] * sigma_prev * path.dC_daprev
        value = MathTex(
            rf"= {ptex(path.chain_a[1], 3)} \times {ptex(sigma_prev, 3)} "
            rf"\times {ptex(path.dC_daprev, 3)} = {tex_num(dw_prev, 3)}", font_size=40,
        ).next_to(back, DOWN, buff=0.3)
        self.play_through(TransformFromCopy(da[0], back[3]), share=0.4)
        self.play_through(FadeIn(back[:3]), share=0.4)
        self.play_through(Indicate(back[3]))

        # Beat: the value one layer back.
        note = Text(f"only the route through output {path.i}; the other outputs add theirs",
                    font_size=28, color=GRAY).next_to(value, DOWN, buff=0.3)
        self.beat(f"Along our path, the middle weight gets {fmt(dw_prev, 3)}. That counts only the route through "
                  f"output {path.i}, though: in the full network, the same neuron also feeds the other nine outputs, "
                  "and their routes add up, as we will see shortly.")
        self.play_through(Write(value), share=0.4)
        self.play_through(FadeIn(note))
