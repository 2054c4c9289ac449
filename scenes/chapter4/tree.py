"""Chapter 4: what the cost depends on: the dependency tree and its number lines."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Circumscribe,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    ManimColor,
    MathTex,
    NumberLine,
    Text,
    ValueTracker,
    VGroup,
    Write,
    there_and_back,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, ACTIVATION_COLOR, BIAS_COLOR, HIGHLIGHT, POSITIVE, WEIGHT_COLOR
from scenes.chapter4.drawing import COST_COLOR, value_line, nice_range
from scenes.chapter4.numbers import STEP, NUDGE, the_path


class Ch4DependencyTree(LectureScene):
    """z, a and C0 as functions of w, a(L-1) and b, with number lines that move when w is nudged."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        others = path.acts[2].size - 1
        title = Text("What the cost depends on", font_size=32).to_edge(UP, buff=0.3)
        eqs = VGroup(
            MathTex(r"z^{(L)}", r"=", r"w^{(L)}", r"a^{(L-1)}", r"+", r"b^{(L)}", r"+ \cdots", font_size=34),
            MathTex(r"a^{(L)} = \sigma\big(z^{(L)}\big)", font_size=34),
            MathTex(r"C_0 = \big(a^{(L)} - y\big)^2", font_size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).to_corner(LEFT + UP, buff=0.5).shift(DOWN * 0.7)
        eqs[0][2].set_color(WEIGHT_COLOR)
        eqs[0][3].set_color(ACTIVATION_COLOR)
        eqs[0][5].set_color(BIAS_COLOR)
        home = eqs.copy()  # where the equations go once the tree appears; until then large, mid-frame
        eqs.scale(1.4).move_to(UP * 0.4)
        dots_note = Text(f"+ ... : the other {others} inputs of output {path.i}, held fixed ({fmt(path.rest, 2)})",
                         font_size=22, color=GRAY).next_to(eqs, DOWN, aligned_edge=LEFT, buff=0.4)

        # Beat: z.
        self.beat(f"Let us write the last link as equations. The output's weighted sum z is the last weight times "
                  f"the previous activation, plus the bias, plus the other {others} inputs, which we hold fixed: "
                  f"together they add {fmt(path.rest, 2)}.")
        self.play(Write(title), run_time=0.15 * self.remaining())
        self.play_through(Write(eqs[0]), share=0.55)
        self.play_through(FadeIn(dots_note), Indicate(eqs[0][6]))

        # Beat: a and C.
        self.beat("The sigmoid squashes z into the output's activation a. The cost of this output then compares a "
                  "with its target y, as the square of their difference.")
        self.play_through(Write(eqs[1]), share=0.45)
        self.play_through(Write(eqs[2]))

        # Beat: the tree.
        self.beat("Drawn as a tree, each quantity hangs on the ones above it: the weight, the previous activation "
                  "and the bias feed z, z feeds a, and a and y together feed the cost. Reading down the arrows is "
                  "the forward pass; backpropagation walks the same arrows back up.")
        node_kw = {"font_size": 38}
        top = VGroup(MathTex(r"w^{(L)}", color=WEIGHT_COLOR, **node_kw),
                     MathTex(r"a^{(L-1)}", color=ACTIVATION_COLOR, **node_kw),
                     MathTex(r"b^{(L)}", color=BIAS_COLOR, **node_kw)).arrange(RIGHT, buff=0.8)
        z_node = MathTex(r"z^{(L)}", **node_kw)
        a_node = MathTex(r"a^{(L)}", **node_kw)
        c_node = MathTex(r"C_0", color=COST_COLOR, **node_kw)
        y_node = MathTex(r"y", color=POSITIVE, **node_kw)
        note_target = dots_note.copy().next_to(home[0], DOWN, aligned_edge=LEFT, buff=0.25)
        column = VGroup(top, z_node, a_node, c_node).arrange(DOWN, buff=0.75)
        column.next_to(note_target, DOWN, buff=0.5).set_x(-4.3)
        z_node.set_x(top[1].get_x())
        a_node.set_x(top[1].get_x())
        c_node.set_x(top[1].get_x())
        y_node.next_to(a_node, RIGHT, buff=0.9)
        arrows = VGroup(*[Arrow(t.get_bottom(), z_node.get_top(), buff=0.08, stroke_width=3,
                                max_tip_length_to_length_ratio=0.2) for t in top],
                        Arrow(z_node.get_bottom(), a_node.get_top(), buff=0.08, stroke_width=3),
                        Arrow(a_node.get_bottom(), c_node.get_top(), buff=0.08, stroke_width=3),
                        Arrow(y_node.get_bottom(), c_node.get_right(), buff=0.1, stroke_width=3))
        self.play(FadeOut(eqs[1:]), FadeOut(title, shift=UP * 0.3), dots_note.animate.move_to(note_target),
                  eqs[0].animate.scale(1 / 1.4).move_to(home[0]), run_time=0.1 * self.remaining())
        self.play(FadeIn(top), FadeIn(z_node), FadeIn(a_node), FadeIn(c_node), FadeIn(y_node),
                  run_time=0.1 * self.remaining())
        self.play_through(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.3), share=0.4)
        self.play_through(LaggedStart(*[Indicate(m) for m in (top, z_node, a_node, c_node)], lag_ratio=0.6), share=0.5)
        self.play_through(LaggedStart(*[Indicate(m) for m in (c_node, a_node, z_node, top[0])], lag_ratio=0.6))

        # Beat: number lines.
        self.beat(f"Now give each quantity its own number line, with a dot at its real value: the weight is "
                  f"{path.w:.3f}, z is {path.z:.3f}, a is {path.a:.3f}, and the cost is {path.term:.3f}.")
        w_t = ValueTracker(path.w)
        after = path.nudged(NUDGE)
        series = {
            "w": (top[0], [path.w, path.w + NUDGE], WEIGHT_COLOR, lambda: w_t.get_value()),
            "z": (z_node, [path.z, after[0]], WHITE, lambda: path.nudged(w_t.get_value() - path.w)[0]),
            "a": (a_node, [path.a, after[1]], ACTIVATION_COLOR, lambda: path.nudged(w_t.get_value() - path.w)[1]),
            "C": (c_node, [path.term, after[2]], COST_COLOR, lambda: path.nudged(w_t.get_value() - path.w)[2]),
        }
        lines = VGroup()
        movers = []
        for key, (node, vals, color, getter) in series.items():
            lo, hi, step = nice_range(vals)
            line = value_line(lo, hi, step).move_to([2.6, node.get_y(), 0])
            name = MathTex({"w": r"w^{(L)}", "z": r"z^{(L)}", "a": r"a^{(L)}", "C": r"C_0"}[key],
                           font_size=30, color=color).next_to(line, LEFT, buff=0.35)
            lines.add(VGroup(line, name))
            movers.append((line, color, getter))
        self.add(lines)
        self.play_through(FadeIn(lines), share=0.3)

        def marker(line: NumberLine, color: ManimColor, getter) -> VGroup:
            """A dot and its value on ``line`` that follow ``getter()`` every frame."""
            dot = Dot(color=color, radius=0.09)
            label = DecimalNumber(0, num_decimal_places=3, font_size=26, color=color)

            def follow(group: VGroup) -> None:
                value = getter()
                label.set_value(value)
                dot.move_to(line.n2p(value))
                label.next_to(dot, UP, buff=0.12)

            group = VGroup(dot, label)
            follow(group)
            return group.add_updater(follow)

        markers = [marker(l, c, g) for l, c, g in movers]
        self.play_through(LaggedStart(*[FadeIn(m) for m in markers], lag_ratio=0.8))

        # Beat: nudge w.
        self.beat(f"Nudge the weight up by {NUDGE:g}, to {path.w + NUDGE:.3f}, and watch everything below it follow. "
                  f"z rises to {after[0]:.3f}, a rises to {after[1]:.3f}, and the cost drops to {after[2]:.3f}, "
                  "because the output has moved closer to its target.")
        ghosts = VGroup(*[Dot(line.n2p(vals[0]), color=GRAY, radius=0.06)
                          for (line, _c, _g), (_n, vals, _cc, _gg) in zip(movers, series.values())])
        dw_label = MathTex(rf"\Delta w^{{(L)}} = {tex_num(NUDGE, plus=True)}", font_size=30, color=WEIGHT_COLOR)
        dw_label.next_to(lines[0], RIGHT, buff=0.3)
        self.add(ghosts)
        self.play(FadeIn(dw_label), run_time=0.5)
        self.play_through(w_t.animate.set_value(path.w + NUDGE), share=0.35)
        self.play_through(LaggedStart(*[Indicate(line[1]) for line in lines[1:]], lag_ratio=0.8))

        # Beat: the three rates.
        self.beat("Each link passes the nudge along at its own rate. z moves by the previous activation times the "
                  "change in w; a moves by the sigmoid's slope times the change in z; and the cost moves by its own "
                  "slope times the change in a. The chain rule simply multiplies those three rates.")
        for n, arrow in enumerate((arrows[0], arrows[3], arrows[4])):
            self.play_through(w_t.animate(rate_func=there_and_back).set_value(path.w),
                              Indicate(arrow, color=HIGHLIGHT), share=1 / (3 - n))

        # Beat: the tree grows upwards.
        w1, k = path.chain_w[1], path.k
        for m in markers:
            m.clear_updaters()
        tree = VGroup(top, z_node, a_node, c_node, y_node, arrows)
        self.play(FadeOut(VGroup(lines, *markers, ghosts, dw_label, eqs[0], dots_note)),
                  tree.animate.scale(0.95).to_edge(DOWN, buff=0.3).set_x(-4.2), run_time=1.5)
        small = {"font_size": 36}
        z_prev = MathTex(r"z^{(L-1)}", **small).next_to(top[1], UP, buff=0.6)
        row = VGroup(MathTex(r"w^{(L-1)}", color=WEIGHT_COLOR, **small),
                     MathTex(r"a^{(L-2)}", color=ACTIVATION_COLOR, **small),
                     MathTex(r"b^{(L-1)}", color=BIAS_COLOR, **small)).arrange(RIGHT, buff=0.7)
        row.next_to(z_prev, UP, buff=0.6)
        row.shift((top[1].get_x() - row[1].get_x()) * RIGHT)
        more = MathTex(r"\vdots", font_size=30, color=GRAY).next_to(row[1], UP, buff=0.12)
        up_arrows = VGroup(*[Arrow(t.get_bottom(), z_prev.get_top(), buff=0.08, stroke_width=3,
                                   max_tip_length_to_length_ratio=0.2) for t in row],
                           Arrow(z_prev.get_bottom(), top[1].get_top(), buff=0.08, stroke_width=3))
        w1_label = MathTex(rf"w^{{(L-1)}} = {tex_num(w1, 3)}", font_size=42, color=WEIGHT_COLOR)
        w1_label.move_to([2.6, 2.7, 0])
        who = Text(f"layer-1 neuron {k} to layer-2 neuron {path.j}", font_size=26, color=GRAY)
        who.next_to(w1_label, DOWN, buff=0.2)
        self.beat(f"And the tree does not stop there. The previous activation is itself the output of a neuron, so it "
                  f"hangs on a weight, a bias and an activation of its own. On our path, that middle weight is "
                  f"{fmt(w1, 3)}, the link from layer-1 neuron {k} to layer-2 neuron {path.j}, and above it the "
                  "tree keeps branching all the way back to the pixels.")
        self.play_through(FadeIn(z_prev, shift=DOWN * 0.3), Create(up_arrows[3]), share=0.25)
        self.play_through(LaggedStart(*[FadeIn(m, shift=DOWN * 0.3) for m in row],
                                      *[Create(a) for a in up_arrows[:3]], lag_ratio=0.25), share=0.35)
        self.play_through(Write(w1_label), FadeIn(who), Indicate(row[0]), share=0.6)
        self.play_through(FadeIn(more, shift=UP * 0.2))

        # Beat: one long path.
        long_path = [up_arrows[0], up_arrows[3], arrows[1], arrows[3], arrows[4]]
        glow = VGroup(*[a.copy().set_color(HIGHLIGHT).set_stroke(width=6) for a in long_path])
        product = MathTex(
            r"{\partial C_0 \over \partial w^{(L-1)}} =",
            r"{\partial z^{(L-1)} \over \partial w^{(L-1)}}", r"{\partial a^{(L-1)} \over \partial z^{(L-1)}}",
            r"{\partial z^{(L)} \over \partial a^{(L-1)}}", r"{\partial a^{(L)} \over \partial z^{(L)}}",
            r"{\partial C_0 \over \partial a^{(L)}}", font_size=38,
        )
        product[0].set_color(WEIGHT_COLOR)
        product.move_to([2.2, -0.3, 0])
        product[0].shift(UP * 1.1 + RIGHT * (product[1].get_left()[0] - product[0].get_left()[0]))
        VGroup(*product[1:]).shift(LEFT * 0.1)
        self.beat("Follow one long thread down from that middle weight to the cost. A nudge to it has to pass "
                  "through five links: it moves z, then the neuron's activation, then the output's z, the output's "
                  "activation, and finally the cost. The chain rule simply gets longer, one factor per link.")
        self.play_through(Write(product[0]), share=0.15)
        for n, (g, part) in enumerate(zip(glow, product[1:])):
            self.play_through(Create(g), FadeIn(part, shift=DOWN * 0.2), share=1 / (6 - n) if n < 4 else 0.5)
        self.play_through(Circumscribe(VGroup(*product[3:]), color=HIGHLIGHT))
