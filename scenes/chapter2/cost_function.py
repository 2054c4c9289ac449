"""Chapter 2: the network function against the cost function."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circumscribe,
    FadeIn,
    GrowArrow,
    Indicate,
    LaggedStart,
    Text,
    VGroup,
    WHITE,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN, get_dataset, get_run
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, WEIGHT_COLOR
from scenes.chapter2.drawing import boxed


class Ch2CostAsFunction(LectureScene):
    """The network as a function of pixels vs the cost as a function of weights and biases."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        n_params = int(run.network(0).n_params)
        sizes = run.layer_sizes
        n = len(get_dataset().y_train)
        net_box = boxed(["neural network", "function"], WEIGHT_COLOR, font_size=36)
        cost_box = boxed(["cost", "function"], HIGHLIGHT, font_size=36)
        VGroup(net_box, cost_box).arrange(DOWN, buff=1.6).shift(UP * 0.9)

        def io(box: VGroup, left: tuple[str, str], right: tuple[str, str], below: str) -> VGroup:
            """Arrows in and out of ``box``, each with a two-line label, and the parameters underneath."""
            a_in = Arrow(box.get_left() + LEFT * 1.1, box.get_left(), buff=0.1)
            a_out = Arrow(box.get_right(), box.get_right() + RIGHT * 1.1, buff=0.1)
            t_in = VGroup(*[Text(t, font_size=28) for t in left]).arrange(DOWN, buff=0.1)
            t_in.next_to(a_in, LEFT, buff=0.2)
            t_out = VGroup(*[Text(t, font_size=28) for t in right]).arrange(DOWN, buff=0.1)
            t_out.next_to(a_out, RIGHT, buff=0.2)
            t_par = Text(below, font_size=30, color=GRAY).next_to(box, DOWN, buff=0.25)
            return VGroup(a_in, t_in, a_out, t_out, t_par)

        net_io = io(net_box, ("input:", f"{sizes[0]} pixels"), ("output:", f"{sizes[-1]} numbers"),
                    f"parameters: {n_params:,} weights and biases")
        cost_io = io(cost_box, ("input:", f"{n_params:,} weights"), ("output:", "1 number"),
                     f"parameters: the {n:,} training digits")

        # Beat: network.
        self.beat(f"Step back and see the network as a function. It takes in {sizes[0]} pixel values and gives "
                  f"back {sizes[-1]} numbers, one for each digit.")
        self.play(FadeIn(net_box), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(GrowArrow(net_io[0]), FadeIn(net_io[1]), GrowArrow(net_io[2]),
                                      FadeIn(net_io[3]), lag_ratio=0.5))

        # Beat: its parameters.
        self.beat(f"What it does with them depends on its {n_params:,} weights and biases: the function's "
                  "parameters.")
        self.play(FadeIn(net_io[4]), run_time=0.3 * self.remaining())
        self.play_through(Circumscribe(net_io[4], color=WEIGHT_COLOR))

        # Beat: cost.
        self.beat(f"The cost is a function too. Its input is all {n_params:,} weights and biases, its output one "
                  "number saying how badly they do.")
        self.play(FadeIn(cost_box), run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(GrowArrow(cost_io[0]), FadeIn(cost_io[1]), GrowArrow(cost_io[2]),
                                      FadeIn(cost_io[3]), lag_ratio=0.5))

        # Beat: its parameters.
        self.beat(f"Its parameters are the {n:,} training digits. The roles swap: the data stays put, and the "
                  "weights are free to change.")
        self.play(FadeIn(cost_io[4]), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(m, color=WHITE, scale_factor=1.12)  # no solid-yellow flash
                                        for m in (net_io[4], cost_io[1], cost_io[4])], lag_ratio=0.6))

        # Beat: values.
        first, final = run.first, run.final
        self.beat(f"With the random starting weights the cost is {fmt(first.train_cost, 3)}; with the trained "
                  f"weights, only {fmt(final.train_cost, 3)}. Learning means finding inputs that make this one "
                  "function small.")
        values = VGroup(
            Text(f"untrained (step 0): C = {fmt(first.train_cost, 3)}", font_size=28),
            Text(f"trained (step {final.step:,}): C = {fmt(final.train_cost, 3)}, all training digits",
                 font_size=28, color=HIGHLIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(cost_io[4], DOWN, buff=0.4)
        self.play(FadeIn(values[0]), run_time=0.3 * self.remaining())
        self.play(FadeIn(values[1]), run_time=0.4 * self.remaining())
        self.play_through(Indicate(values[1], scale_factor=1.1))
