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
    FadeIn,
    Indicate,
    LaggedStart,
    ManimColor,
    MathTex,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN, get_dataset, get_run
from scenes.numbers import tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import DESCENT
from scenes.chapter2.numbers import gradient_column


class Ch2GradientVector(LectureScene):
    """The gradient as a 13,002-long column of real entries, added to the weight vector."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
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
        idx_col = VGroup(*[Text(f"#{i:,}", font_size=20, color=GRAY) for i in col.indices])
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
            Text("weights and biases", font_size=20).next_to(brackets[0], UP, buff=0.25),
            MathTex(r"-\nabla C", font_size=36, color=DESCENT).next_to(brackets[1], UP, buff=0.25),
            Text("after one step", font_size=20, color=HIGHLIGHT).next_to(brackets[2], UP, buff=0.25),
        )
        title = Text(f"the untrained network: all {col.n_params:,} parameters in one column", font_size=26)
        title.to_edge(UP, buff=0.3)

        # Beat: parameters as a vector.
        self.beat(f"Back to the full network. Stack all {col.n_params:,} weights and biases of the untrained "
                  "network into one long column. We can only show a few entries: three weights from pixels near "
                  "the center into the first hidden neuron, and the last three biases of the output layer.")
        self.add(title)
        self.play(FadeIn(brackets[0]), FadeIn(heads[0]), run_time=0.2 * self.remaining())
        rows = [VGroup(idx_col[r], *((names[0][r], W[0][r]) if r < col.top else
                                     (names[2][r - col.top], W[2][r - col.top]))) for r in range(col.indices.size)]
        self.play_through(LaggedStart(*[FadeIn(r) for r in rows[: col.top]], FadeIn(VGroup(names[1], W[1])),
                                      *[FadeIn(r) for r in rows[col.top:]], lag_ratio=0.4))

        # Beat: gradient.
        n = len(get_dataset().y_train)
        self.beat(f"The gradient of the cost, averaged over all {n:,} training digits, is a column just as long: "
                  "one entry for every weight and every bias. We flip its sign, because we want to go downhill, "
                  "not up.")
        self.play(FadeIn(brackets[1]), FadeIn(heads[1]), FadeIn(plus), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(e, shift=0.2 * DOWN) for e in [*G[0], G[1], *G[2]]], lag_ratio=0.3))

        # Beat: add.
        self.beat(f"Add that column, scaled by the step size {eta:g}, to the weights, and you have the network "
                  "after one step of gradient descent. That is all a step is: every entry nudged at the same time.")
        eta_label = MathTex(r"\eta = " + f"{eta:g}", font_size=28).next_to(plus, DOWN, buff=0.3)
        self.play(FadeIn(equals), FadeIn(brackets[2]), FadeIn(heads[2]), FadeIn(eta_label), FadeIn(N[1]),
                  run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(*[TransformFromCopy(VGroup(a, b), c) for a, b, c in
                                        zip(list(W[0]) + list(W[2]), list(G[0]) + list(G[2]),
                                            list(N[0]) + list(N[2]))], lag_ratio=0.35))

        # Beat: signs.
        entries = list(G[0]) + list(G[2])
        ups = [e for e, g in zip(entries, -col.grad) if g > 0]
        downs = [e for e, g in zip(entries, -col.grad) if g < 0]
        self.beat("The sign of each entry says which way its parameter should move. Every entry shown here is "
                  "negative, so all of these should go down. For the output biases that makes sense: at the "
                  "start, the outputs glow far too brightly for the wrong digits."
                  if not ups else
                  "The sign of each entry says which way its parameter should move: green entries should go up, "
                  "red entries down. Each parameter gets its own direction, all from one gradient.")
        self.play(*[e.animate.set_color(POSITIVE) for e in ups], *[e.animate.set_color(NEGATIVE) for e in downs],
                  run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(e, color=e.get_color(), scale_factor=1.3) for e in entries],
                                      lag_ratio=0.3))

        # Beat: magnitudes.
        big = int(np.argmax(np.abs(col.grad)))
        small = int(np.argmin(np.abs(col.grad)))
        ratio = abs(col.grad[big]) / abs(col.grad[small])
        self.beat(f"The size of each entry says how much the cost cares about that parameter. Here the largest "
                  f"entry is about {ratio:.0f} times the smallest: nudging the first changes the cost about "
                  f"{ratio:.0f} times more than nudging the second. The gradient ranks which changes matter most.")
        boxes = VGroup(SurroundingRectangle(entries[big], color=HIGHLIGHT, buff=0.08),
                       SurroundingRectangle(entries[small], color=GRAY, buff=0.08))
        note = MathTex(r"\left|\frac{\partial C / \partial " + col.names[big] + r"}{\partial C / \partial "
                       + col.names[small] + r"}\right| \approx " + f"{ratio:.0f}", font_size=32)
        note.to_edge(DOWN, buff=0.3)
        self.play(Create(boxes), run_time=0.25 * self.remaining())
        self.play(Write(note), run_time=0.35 * self.remaining())
        self.play_through(Indicate(entries[big], scale_factor=1.5), Indicate(entries[small], scale_factor=1.1))
