"""Chapter 2: all parameters as one column beside the negative gradient."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Create,
    FadeOut,
    FadeIn,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    Text,
    Transform,
    TransformFromCopy,
    VGroup,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN, get_dataset, get_run
from scenes.mobjects import NetworkDiagram, spread_pixels
from scenes.numbers import signed, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import DESCENT, restyled_edges
from scenes.chapter2.numbers import gradient_column, trash_example


class Ch2GradientVector(LectureScene):
    """The gradient as a 13,002-long column of real entries, added to the weight vector."""

    NEEDS = ANY_RUN

    def fold(self) -> None:
        """Beats: the drawn edges of the step-0 network fold into a column of their real entries of the
        negative full-batch gradient; two entries read by sign and size."""
        run = get_run()
        snap = run.first
        pixels = trash_example().pixels
        net = NetworkDiagram(run.layer_sizes, snap.weights, shown={0: spread_pixels(pixels, 16)}, layer_buff=1.9)
        net.height = 6.6
        net.to_edge(LEFT, buff=0.6).shift(DOWN * 0.2)
        minus_grad = [-g.astype(float) for g in snap.full_grad_weights]
        column = restyled_edges(net, minus_grad)
        lines = [line for layer in column for line in layer]
        top, bottom, x = 3.0, -3.4, 2.0
        for i, line in enumerate(lines):
            y = top + (bottom - top) * i / max(1, len(lines) - 1)
            line.put_start_and_end_on(np.array([x - 0.45, y, 0]), np.array([x + 0.45, y, 0]))
        values = np.concatenate([g[np.ix_(net.indices[l + 1], net.indices[l])].ravel()
                                 for l, g in enumerate(minus_grad)])
        n_params = sum(a * b + b for a, b in zip(run.layer_sizes[:-1], run.layer_sizes[1:]))
        head = MathTex(r"-\nabla C", font_size=44, color=DESCENT).next_to(column, UP, buff=0.2)
        note = VGroup(Text(f"{len(lines)} drawn edges,", font_size=28, color=GRAY),
                      Text("one entry each", font_size=28, color=GRAY),
                      Text(f"({n_params:,} in all)", font_size=28, color=GRAY)
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(column, RIGHT, buff=0.5).shift(UP * 2)
        self.beat(f"Each edge of the diagram is one weight, and each weight has its own entry in the gradient. "
                  f"Fold the edges into one column, and beside them sits the negative gradient: {n_params:,} "
                  "entries in all, colored and sized by their real values.")
        self.add(net)
        self.play(FadeIn(head), run_time=0.15 * self.remaining())
        self.play(Transform(net.edges, column), FadeOut(net.layers), FadeOut(*net.ellipses.values()),
                  run_time=0.6 * self.remaining())
        self.play_through(FadeIn(note))

        up_i = int(np.argmax(values))
        neg = np.flatnonzero(values < 0)
        down_i = int(neg[np.argsort(np.abs(values[neg]))[len(neg) // 4]]) if neg.size else int(np.argmin(values))
        picks = []
        for i, words, color, y in ((up_i, "increase a lot", POSITIVE, 1.3), (down_i, "decrease a little", NEGATIVE,
                                                                             -1.3)):
            mark = lines[i].copy().set_stroke(color=color, width=8, opacity=1).scale(1.5)
            label = VGroup(MathTex(tex_num(values[i], 2, True), font_size=40, color=color),
                           Text(words, font_size=32, color=color)).arrange(RIGHT, buff=0.3)
            label.move_to([column.get_left()[0] - 1.0 - label.width / 2, y, 0])
            link = Line(label.get_right() + RIGHT * 0.1, mark.get_left(), color=color, stroke_width=2)
            picks.append((mark, VGroup(label, link)))
        self.beat(f"Read each entry by its sign and its size. This bright green one, {signed(values[up_i], 2)}, "
                  f"says: increase this weight, and by a lot. This faint red one, {signed(values[down_i], 2)}, says: "
                  "decrease this one, a little.")
        for mark, label in picks:
            self.play(Create(mark), FadeIn(label, shift=RIGHT * 0.3), run_time=0.4 * self.remaining())
        self.play_through(Indicate(picks[0][1], color=POSITIVE), Indicate(picks[1][1], color=NEGATIVE))
        self.play(FadeOut(VGroup(net.edges, head, note, *[m for p in picks for m in p])), run_time=0.6)

    def construct(self) -> None:
        self.fold()
        col = gradient_column()
        run = get_run()
        eta = run.learning_rate
        new = col.theta - eta * col.grad

        def column(values: np.ndarray, color: ManimColor, signed: bool = False) -> VGroup:
            entries = [MathTex(tex_num(v, 2, signed), font_size=32, color=color) for v in values]
            top = VGroup(*entries[: col.top]).arrange(DOWN, buff=0.22)
            bottom = VGroup(*entries[col.top:]).arrange(DOWN, buff=0.22)
            group = VGroup(top, MathTex(r"\vdots", font_size=32), bottom).arrange(DOWN, buff=0.2)
            return group

        names = column(np.zeros(col.indices.size), WHITE)
        for r, name in enumerate(col.names):
            block, i = (0, r) if r < col.top else (2, r - col.top)
            target = names[block][i]
            names[block][i].become(MathTex(name, font_size=30).move_to(target))
        idx_col = VGroup(*[Text(f"#{i:,}", font_size=24, color=GRAY) for i in col.indices])
        W = column(col.theta, WHITE)
        G = column(-col.grad, DESCENT, signed=True)
        N = column(new, HIGHLIGHT)

        def bracket(mob: VGroup) -> VGroup:
            left = MathTex(r"\left[\begin{array}{c}\\ \\ \\ \\ \\ \\ \\ \\ \\ \\ \end{array}\right.",
                           font_size=32).stretch_to_fit_height(mob.height + 0.3)
            right = MathTex(r"\left.\begin{array}{c}\\ \\ \\ \\ \\ \\ \\ \\ \\ \\ \end{array}\right]",
                            font_size=32).stretch_to_fit_height(mob.height + 0.3)
            left.next_to(mob, LEFT, buff=0.1)
            right.next_to(mob, RIGHT, buff=0.1)
            return VGroup(left, right)

        plus = MathTex(r"+\ \eta \,\cdot", font_size=36)
        equals = MathTex("=", font_size=40)
        VGroup(names, W, plus, G, equals, N).arrange(RIGHT, buff=0.55).shift(DOWN * 0.35)
        names.shift(LEFT * 0.2)
        for block, offset in ((0, 0), (2, col.top)):
            for i, m in enumerate(names[block]):
                idx_col[offset + i].next_to(m, LEFT, buff=0.25)
        brackets = [bracket(m) for m in (W, G, N)]
        heads = VGroup(
            Text("weights and biases", font_size=28).next_to(brackets[0], UP, buff=0.25),
            MathTex(r"-\nabla C", font_size=36, color=DESCENT).next_to(brackets[1], UP, buff=0.25),
            Text("after one step", font_size=28, color=HIGHLIGHT).next_to(brackets[2], UP, buff=0.25),
        )
        equation = VGroup(idx_col, names, W, plus, G, equals, N, *brackets, heads)  # grown to fill the frame
        equation.scale(min(1.45, 12.8 / equation.width, 6.8 / equation.height)).move_to(DOWN * 0.1)

        # Beat: parameters as a vector.
        self.beat(f"Now with numbers. Stack all {col.n_params:,} weights and biases of the untrained network into "
                  "one column; here are six of them: three weights from central pixels into the first hidden "
                  "neuron, and the last three output biases.")
        self.play(FadeIn(brackets[0]), FadeIn(heads[0]), run_time=0.2 * self.remaining())
        rows = [VGroup(idx_col[r], *((names[0][r], W[0][r]) if r < col.top else
                                     (names[2][r - col.top], W[2][r - col.top]))) for r in range(col.indices.size)]
        self.play_through(LaggedStart(*[FadeIn(r) for r in rows[: col.top]], FadeIn(VGroup(names[1], W[1])),
                                      *[FadeIn(r) for r in rows[col.top:]], lag_ratio=0.4))

        # Beat: gradient.
        n = len(get_dataset().y_train)
        self.beat(f"Beside them, their entries of the negative gradient, averaged over all {n:,} training "
                  "digits: minus, because we want to go downhill.")
        self.play(FadeIn(brackets[1]), FadeIn(heads[1]), FadeIn(plus), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(e, shift=0.2 * DOWN) for e in [*G[0], G[1], *G[2]]], lag_ratio=0.3))

        # Beat: add.
        self.beat(f"Add that column, times the step size {eta:g}, to the weights, and you have the network after "
                  "one step of gradient descent: every entry nudged at the same time.")
        eta_label = MathTex(r"\eta = " + f"{eta:g}", font_size=28).next_to(plus, DOWN, buff=0.3)
        self.play(FadeIn(equals), FadeIn(brackets[2]), FadeIn(heads[2]), FadeIn(eta_label), FadeIn(N[1]),
                  run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(*[TransformFromCopy(VGroup(a, b), c) for a, b, c in
                                        zip(list(W[0]) + list(W[2]), list(G[0]) + list(G[2]),
                                            list(N[0]) + list(N[2]))], lag_ratio=0.35))
