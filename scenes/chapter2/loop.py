"""Chapter 2: gradient descent as a loop on the network, round by round from the recorded steps."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    Indicate,
    MathTex,
    SurroundingRectangle,
    Text,
    ReplacementTransform,
    Transform,
    VGroup,
    WHITE,
)

from scenes.animations import Restyle
from scenes.base import LectureScene
from scenes.chapter1.drawing import fill_animations
from scenes.data import Needs, get_run
from scenes.mobjects import NetworkDiagram, digit_image
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter2.drawing import DESCENT, probe_digit, restyled_edges
from scenes.chapter2.numbers import example_progress
from scenes.chapter2.numbers_network import loop_steps

DIGIT = 3


class Ch2DescentLoop(LectureScene):
    """Forward pass, gradient, nudge, repeat: the real first recorded steps, then later snapshots."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        probe, pixels, chosen = probe_digit(DIGIT)
        eta = run.learning_rate

        def diagram(step: int) -> NetworkDiagram:
            d = NetworkDiagram(run.layer_sizes, run.snapshot(step).weights, shown={0: chosen}, layer_buff=2.0)
            d.height = 6.6
            return d.to_edge(RIGHT, buff=0.9).shift(DOWN * 0.2)

        def acts(step: int) -> list[np.ndarray]:
            return [a[probe] for a in run.snapshot(step).probe_activations]

        net = diagram(0)
        labels = net.output_labels(font_size=24)
        digit = digit_image(pixels, height=2.2).to_corner(UP + LEFT, buff=0.6)
        rule = MathTex(r"w \leftarrow w - \eta\, \nabla C", font_size=44).next_to(digit, DOWN, buff=0.5)
        rule.align_to(digit, LEFT)
        eta_text = MathTex(rf"\eta = {eta:g}", font_size=36, color=GRAY).next_to(rule, DOWN, buff=0.2)
        eta_text.align_to(rule, LEFT)
        phase_colors = [WHITE, DESCENT, HIGHLIGHT]  # Text.get_color() is black: keep them for the marks
        phases = VGroup(*[Text(t, font_size=28, color=c) for t, c in zip(
            ["1. run the digits forward", "2. compute the gradient", "3. nudge every weight"], phase_colors)]
                        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(eta_text, DOWN, buff=0.5)
        phases.align_to(digit, LEFT)

        def readout(step: int) -> Text:
            return Text(f"step {step:,}: C = {fmt(run.snapshot(step).train_cost, 3)}", font_size=34,
                        color=HIGHLIGHT).to_corner(DOWN + LEFT, buff=0.5)

        steps = loop_steps()
        shown = [readout(0)]  # the readout on screen (replaced, so its text is always the current one)

        def round_(k: int, time: float, pointer: bool) -> None:
            """One loop round from recorded step ``steps[k]`` to ``steps[k + 1]`` in ``time`` seconds."""
            a, b = steps[k], steps[k + 1]
            grad = [-g for g in run.snapshot(a).grad_weights]
            marks = ([SurroundingRectangle(p, color=c, buff=0.08) for p, c in zip(phases, phase_colors)]
                     if pointer else [])
            self.play(*fill_animations(net, 0, acts(a)[0]),
                      *[x for l in range(1, len(acts(a))) for x in fill_animations(net, l, acts(a)[l])],
                      *([Create(marks[0])] if pointer else []), run_time=0.3 * time)
            self.play(Restyle(net.edges, restyled_edges(net, grad, power=1.0, width=3.5)),  # no wall of red
                      *([Transform(marks[0], marks[1])] if pointer else []), run_time=0.35 * time)
            new = readout(b)
            self.play(Restyle(net.edges, net.styled_edges(run.snapshot(b).weights)), ReplacementTransform(shown[0], new),
                      *([Transform(marks[0], marks[2])] if pointer else []), run_time=0.35 * time)
            shown[0] = new
            if pointer:
                self.remove(marks[0])

        # Beat: one round.
        self.beat(f"Put together, gradient descent is a loop. Start from the random network at step 0, where "
                  f"the cost is {fmt(run.first.train_cost, 3)}. Run a mini-batch of {run.batch_size} digits "
                  "forward, compute the gradient, shown on the edges in green and red, and nudge every weight "
                  f"by its negative, times the step size {eta:g}.")
        self.add(net, labels)
        self.play(FadeIn(digit), FadeIn(rule), FadeIn(eta_text), FadeIn(phases), FadeIn(shown[0]),
                  run_time=0.2 * self.remaining())
        round_(0, 0.95 * self.remaining(), pointer=True)

        # Beat: again and again.
        k_last = len(steps) - 1
        self.beat(f"Then again, from the new weights: forward, gradient, nudge. These are the run's real first "
                  f"{k_last} steps. The edges shift a little every round, and by step {steps[-1]} the cost is "
                  f"{fmt(run.snapshot(steps[-1]).train_cost, 3)}.")
        per = max(0.9, 0.95 * self.remaining() / (k_last - 1))
        for k in range(1, k_last):
            round_(k, per, pointer=False)

        # Beat: thousands of rounds.
        later = [s for s in example_progress().steps if s > steps[-1]]
        final = run.final
        guess = int(np.argmax(acts(final.step)[-1]))
        self.beat(f"Keep looping, thousands of times. Here are recorded moments further on: the edges settle "
                  f"into the trained network, the cost falls to {fmt(final.train_cost, 3)} at step "
                  f"{final.step:,}, and the {DIGIT} lights up output {guess}.")
        per = 0.8 * self.remaining() / len(later)
        for s in later:
            new = readout(s)
            self.play(Restyle(net.edges, net.styled_edges(run.snapshot(s).weights)), ReplacementTransform(shown[0], new),
                      *[x for l in range(1, len(acts(s))) for x in fill_animations(net, l, acts(s)[l])],
                      run_time=per)
            shown[0] = new
        box = net.answer_box(guess)
        self.play_through(Create(box), Indicate(shown[0], color=HIGHLIGHT))
