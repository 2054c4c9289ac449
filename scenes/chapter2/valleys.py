"""Chapter 2: a real 1-D slice of the cost with two valleys, and starts that end in different ones."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Axes,
    Create,
    CyclicReplace,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    MathTex,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from scenes.animations import Restyle
from scenes.base import LectureScene
from scenes.data import Needs, get_run
from scenes.mobjects import NetworkDiagram
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE
from scenes.chapter2.drawing import DESCENT
from scenes.chapter2.numbers import SWAP_ETA, SWAP_STEPS, swap_cost, swap_descent, swap_line, swapped_weights

#: Where the balls start along the swap line (s = 0: trained network, s = 1: swapped copy).
STARTS = (-0.35, 0.2, 0.45, 0.55, 0.8, 1.35)
S_LO, S_HI = -0.45, 1.45


class Ch2ManyValleys(LectureScene):
    """The true cost along the line from the trained network to its copy with two hidden neurons swapped:
    two valleys; six starts stepping down the slope end in one or the other."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        line = swap_line()
        ss = np.linspace(S_LO, S_HI, 39)
        cs = swap_cost(ss)
        c0, c_mid = swap_cost(np.array([0.0, 0.5]))
        ymax = float(np.ceil(cs.max() * 20) / 20)
        axes = Axes(x_range=[S_LO, S_HI, 0.5], y_range=[0, ymax, ymax / 4], x_length=11.5, y_length=5.0,
                    tips=False, axis_config={"stroke_width": 2})
        axes.to_edge(DOWN, buff=0.9)
        axes.y_axis.set_stroke(opacity=0)  # no numbers on it, and it would cut through the left valley's label
        curve = VMobject(stroke_color=WHITE, stroke_width=4).set_points_smoothly([axes.c2p(s, c) for s, c in
                                                                                  zip(ss, cs)])
        a_name = Text("trained network", font_size=28).next_to(axes.c2p(0, 0), DOWN, buff=0.25)
        b_name = Text(f"neurons {line.j} and {line.k} swapped", font_size=28).next_to(axes.c2p(1, 0), DOWN,
                                                                                        buff=0.25)
        how = Text("the real cost on the straight line between them", font_size=28, color=GRAY)
        how.to_corner(UP + LEFT, buff=0.4)
        ends = VGroup(Dot(axes.c2p(0, c0), radius=0.1, color=DESCENT), Dot(axes.c2p(1, c0), radius=0.1, color=DESCENT))
        top = Dot(axes.c2p(0.5, c_mid), radius=0.1, color=NEGATIVE)
        low_labels = VGroup(MathTex(f"C = {fmt(c0, 3)}", font_size=34, color=DESCENT).next_to(ends[0], UP, buff=0.5),
                            MathTex(f"C = {fmt(c0, 3)}", font_size=34, color=DESCENT).next_to(ends[1], UP, buff=0.5))
        top_label = MathTex(f"C = {fmt(c_mid, 2)}", font_size=34, color=NEGATIVE).next_to(top, UP, buff=0.2)

        # Beat: the swap.
        self.beat(f"Does our real cost have more than one valley? Certainly. Swap two neurons of the trained "
                  f"network's first hidden layer, {line.j} and {line.k}, with all their weights: it computes "
                  "exactly the same thing, from another point in parameter space.")
        run = get_run()
        shown = max(16, *run.layer_sizes[1:])  # the two swapped neurons must be drawn, whatever the widths
        net = NetworkDiagram(run.layer_sizes, run.final.weights, layer_buff=2.2, max_shown=shown)
        net.height = 5.6
        net.move_to(UP * 0.2)
        twin = NetworkDiagram(run.layer_sizes, swapped_weights(), layer_buff=2.2, max_shown=shown)
        twin.height = 5.6
        twin.move_to(UP * 0.2)
        pair = VGroup(net.neuron(1, line.j), net.neuron(1, line.k))
        self.play(FadeIn(net), run_time=0.2 * self.remaining())
        self.play(*[c.animate.set_stroke(HIGHLIGHT, width=4).set_fill(HIGHLIGHT, 0.8) for c in pair],
                  run_time=0.2 * self.remaining())
        self.play(CyclicReplace(pair[0], pair[1], path_arc=2.5), Restyle(net.edges, twin.edges),
                  run_time=0.4 * self.remaining())
        self.play_through(Indicate(pair, color=HIGHLIGHT))

        # Beat: the slice.

        self.beat(f"On the straight line between them, the true cost starts at {fmt(c0, 3)}, climbs to "
                  f"{fmt(c_mid, 2)} halfway, and falls back to {fmt(c0, 3)}: a real slice with two valleys.")
        self.play(FadeOut(net), Create(axes), FadeIn(a_name), FadeIn(b_name), FadeIn(how), run_time=0.2 * self.remaining())
        self.play(FadeIn(ends[0], scale=2), FadeIn(low_labels[0]), run_time=0.15 * self.remaining())
        self.play(Create(curve), run_time=0.5 * self.remaining())
        self.play_through(FadeIn(top, scale=2), FadeIn(top_label), FadeIn(ends[1], scale=2), FadeIn(low_labels[1]))

        # Beat: the balls.
        path = swap_descent(STARTS, SWAP_ETA, SWAP_STEPS)
        tracker = ValueTracker(0.0)

        def place(dot: Dot, i: int) -> None:
            k = tracker.get_value()
            lo = int(np.floor(k))
            hi = min(lo + 1, path.shape[0] - 1)
            s = float(path[lo, i] + (k - lo) * (path[hi, i] - path[lo, i]))
            dot.move_to(axes.c2p(s, float(np.interp(s, ss, cs))))

        balls = VGroup()
        for i in range(len(STARTS)):
            dot = Dot(radius=0.12, color=HIGHLIGHT)
            place(dot, i)
            dot.add_updater(lambda d, i=i: place(d, i))
            balls.add(dot)
        n_left = int(np.sum(path[-1] < 0.5))
        self.beat(f"Release {len(STARTS)} balls and let each step down the true slope: big steps on the steep "
                  "sides, tiny ones near the bottom. Left of the hill they end in the first valley, right of it "
                  "in the second. Where you start decides where you end.")
        count = Text(f"{n_left} end left, {len(STARTS) - n_left} end right", font_size=30, color=HIGHLIGHT)
        count.to_corner(UP + RIGHT, buff=0.4).shift(DOWN * 0.7)
        self.play(LaggedStart(*[FadeIn(b, scale=2) for b in balls], lag_ratio=0.15), run_time=0.2 * self.remaining())
        self.play(tracker.animate.set_value(path.shape[0] - 1), rate_func=linear, run_time=0.6 * self.remaining())
        for b in balls:
            b.clear_updaters()
        self.play_through(FadeIn(count), Indicate(balls, color=HIGHLIGHT))
