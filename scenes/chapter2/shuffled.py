"""Chapter 2, the research corner, measured: the same network trained on shuffled labels."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    ManimColor,
    Text,
    Transform,
    VGroup,
    VMobject,
    ValueTracker,
)

from scenes.base import LectureScene
from scenes.data import get_dataset, get_run
from scenes.mobjects import digit_image
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, POSITIVE
from scenes.chapter2.drawing import DESCENT
from scenes.chapter2.experiments_numbers import ExperimentNeeds, learning_curves

SHUFFLED = ManimColor("#FF9F40")
SHOWN = 8


class Ch2ShuffledLabels(LectureScene):
    """Beat 19: the run's network trained again on the same digits with permuted labels; both learning curves."""

    NEEDS = ExperimentNeeds(activation=None, cost=None, experiments=("shuffled",))

    def construct(self) -> None:
        run, data = get_run(), get_dataset()
        sh, c = run.shuffled, learning_curves(get_run())
        n = len(data.y_train)
        n_ep = int(c.epochs.max())

        # The digits with their true labels, then the shuffled ones.
        rows = np.linspace(0, n - 1, SHOWN).round().astype(int)  # spread over the split (it is ordered by class)
        cells = Group()
        for i in rows:
            cells.add(Group(digit_image(data.X_train[i], height=1.3),
                            Text(str(int(data.y_train[i])), font_size=30, color=POSITIVE)).arrange(DOWN, buff=0.12))
        cells.arrange(RIGHT, buff=0.3).move_to(UP * 0.4)
        swapped = VGroup(*[Text(str(int(sh.labels[i])), font_size=30, color=SHUFFLED).move_to(cells[j][1])
                           for j, i in enumerate(rows)])
        note = Text(f"{SHOWN} of the {n:,} training digits", font_size=28, color=GRAY)
        note.next_to(cells, DOWN, buff=0.5)
        moved = int(np.sum(sh.labels != data.y_train))

        self.beat(f"A question from research: what if the labels meant nothing? We shuffled all {n:,} training "
                  f"labels at random, so {moved:,} of them now name the wrong digit.")
        self.play(LaggedStart(*[FadeIn(cell) for cell in cells], lag_ratio=0.15), FadeIn(note),
                  run_time=0.4 * self.remaining())
        moved_note = Text(f"shuffled: {moved:,} of {n:,} labels now wrong", font_size=28, color=SHUFFLED)
        moved_note.move_to(note)
        self.play_through(LaggedStart(*[Transform(cells[i][1], swapped[i]) for i in range(SHOWN)], lag_ratio=0.2),
                          FadeOut(note), FadeIn(moved_note), share=0.9)

        # Axes: cost and held-out accuracy.
        step = 10 if n_ep >= 20 else 1
        # Cost on a log scale: y is log10(cost), labelled with the cost itself.
        lo = float(np.floor(np.log10(min(c.cost_true.min(), c.cost_shuffled.min()))))
        hi = float(np.ceil(np.log10(max(c.cost_true.max(), c.cost_shuffled.max()))))
        ax_c = Axes(x_range=[0, n_ep, step], y_range=[0, hi - lo, 1], x_length=5.3, y_length=4.4, tips=False,
                    axis_config={"stroke_width": 2, "font_size": 32},
                    x_axis_config={"include_numbers": True})
        y_ticks = VGroup(*[Text(f"{10 ** e:g}", font_size=24) for e in range(int(lo), int(hi) + 1)])
        ax_a = Axes(x_range=[0, n_ep, step], y_range=[0, 100, 20], x_length=5.3, y_length=4.4, tips=False,
                    axis_config={"stroke_width": 2, "include_numbers": True, "font_size": 32})
        VGroup(ax_c, ax_a).arrange(RIGHT, buff=1.0).move_to(UP * 0.35 + RIGHT * 0.3)
        for e, tick in zip(range(int(lo), int(hi) + 1), y_ticks):
            tick.next_to(ax_c.c2p(0, e - lo), LEFT, buff=0.15)
        h_c = Text("training cost (log scale)", font_size=28).next_to(ax_c, UP, buff=0.3)
        h_a = Text("% of held-out digits right", font_size=28).next_to(ax_a, UP, buff=0.3)
        x_lab = VGroup(*[Text("epoch", font_size=24).next_to(ax, DOWN, buff=0.12) for ax in (ax_c, ax_a)])

        def line(ax: Axes, ys: np.ndarray, color: ManimColor, log: bool = False) -> VMobject:
            ys = np.log10(ys) - lo if log else ys
            return VMobject(stroke_color=color, stroke_width=4).set_points_as_corners(
                [ax.c2p(e, y) for e, y in zip(c.epochs, ys)])

        true_cost = line(ax_c, c.cost_true, DESCENT, log=True)
        shuf_cost = line(ax_c, c.cost_shuffled, SHUFFLED, log=True)
        true_acc, shuf_acc = line(ax_a, c.acc_true, POSITIVE), line(ax_a, c.acc_shuffled, SHUFFLED)
        chance = DashedLine(ax_a.c2p(0, 10), ax_a.c2p(n_ep, 10), color=GRAY, stroke_width=2)
        ct = Text(f"true labels: {fmt(c.cost_true[0], 3)} -> {fmt(c.cost_true[-1], 3)}", font_size=28,
                  color=DESCENT)
        cs = Text(f"shuffled: {fmt(c.cost_shuffled[0], 3)} -> {fmt(c.cost_shuffled[-1], 3)}", font_size=28,
                  color=SHUFFLED)
        key_c = VGroup(ct, cs).arrange(DOWN, aligned_edge=LEFT, buff=0.12).to_edge(DOWN, buff=0.25)
        key_c.align_to(ax_c, LEFT)
        # Alone, the cost plot sits in the middle; it moves left when the accuracy plot comes in.
        offset = RIGHT * (-ax_c.get_center()[0])
        left_plot = VGroup(ax_c, h_c, x_lab[0], y_ticks, true_cost, shuf_cost)
        VGroup(left_plot, key_c).shift(offset)

        self.beat(f"We trained the same network on them: same starting weights, same mini-batch order, {n_ep} "
                  f"epochs. On the left, the training cost: with true labels it falls from "
                  f"{fmt(c.cost_true[0], 3)} to {fmt(c.cost_true[-1], 3)}.")
        self.play(FadeOut(cells), FadeOut(moved_note), run_time=0.6)
        self.play(AnimationGroup(Create(ax_c), FadeIn(h_c), FadeIn(x_lab[0]), FadeIn(y_ticks)),
                  run_time=0.25 * self.remaining())
        self.play_through(Create(true_cost), FadeIn(ct), share=0.9)

        falls = c.cost_shuffled[-1] < c.cost_shuffled[0]
        far = c.cost_shuffled[-1] > 2 * c.cost_true[-1]
        a, b = fmt(c.cost_shuffled[0], 3), fmt(c.cost_shuffled[-1], 3)
        self.beat(f"With shuffled labels the cost also falls, from {a} to {b}, but far more slowly and not nearly "
                  "as far: there is no pattern to find, only examples to memorise one by one." if falls and far else
                  f"With shuffled labels the cost goes from {a} to {b}.")
        self.play_through(Create(shuf_cost), FadeIn(cs), share=0.9)

        memo = VGroup(
            Text(f"training digits matching their own labels after {n_ep} epochs:", font_size=28),
            Text(f"true labels {c.train_acc_true:.1f}%, shuffled {c.train_acc_shuffled:.1f}%", font_size=28,
                 color=HIGHLIGHT),
        ).arrange(DOWN, buff=0.12).to_edge(DOWN, buff=0.25)
        self.beat(f"Memorising does work a little. After {n_ep} epochs it gives {c.train_acc_shuffled:.1f}% of the "
                  f"training digits the random label it was taught, against {c.train_acc_true:.1f}% with the true "
                  "labels." if c.train_acc_shuffled > 12 else
                  f"Memorising barely works. After {n_ep} epochs it gives {c.train_acc_shuffled:.1f}% of the "
                  f"training digits the random label it was taught, against {c.train_acc_true:.1f}% with the true "
                  "labels.")
        self.play(FadeOut(key_c), run_time=0.5)
        self.play_through(FadeIn(memo, shift=UP * 0.2), Indicate(shuf_cost, color=HIGHLIGHT, scale_factor=1.02),
                          share=0.9)

        at = Text(f"true labels: {c.acc_true[-1]:.1f}%", font_size=28, color=POSITIVE)
        as_ = Text(f"shuffled: {c.acc_shuffled[-1]:.1f}%  (chance: 10%)", font_size=28, color=SHUFFLED)
        key_a = VGroup(at, as_).arrange(DOWN, aligned_edge=LEFT, buff=0.12).to_edge(DOWN, buff=0.25)
        key_a.align_to(ax_a, LEFT)
        self.beat(f"But does it learn anything about digits? On the right, the held-out digits it never saw. True "
                  f"labels reach {c.acc_true[-1]:.1f}%. Shuffled labels end at {c.acc_shuffled[-1]:.1f}%, about the "
                  "10% of pure guessing." if abs(c.acc_shuffled[-1] - 10) < 3 else
                  f"But does it learn anything about digits? On the right, the held-out digits it never saw. True "
                  f"labels reach {c.acc_true[-1]:.1f}%. Shuffled labels end at {c.acc_shuffled[-1]:.1f}%, against "
                  "the 10% of pure guessing.")
        self.play(FadeOut(memo), left_plot.animate.shift(-offset), run_time=0.12 * self.remaining())
        key_c.to_edge(DOWN, buff=0.25).align_to(ax_c, LEFT)
        self.play(FadeIn(key_c), AnimationGroup(Create(ax_a), FadeIn(h_a), FadeIn(x_lab[1])),
                  run_time=0.25 * self.remaining())
        self.play(Create(true_acc), FadeIn(at), run_time=0.35 * self.remaining())
        self.play_through(Create(chance), Create(shuf_acc), FadeIn(as_), share=0.9)

        epoch = ValueTracker(0.0)
        walkers = VGroup(*[
            Dot(radius=0.08, color=col).add_updater(
                lambda d, ax=ax, ys=ys: d.move_to(ax.c2p(epoch.get_value(), np.interp(epoch.get_value(),
                                                                                        c.epochs, ys))))
            for ax, ys, col in ((ax_c, np.log10(c.cost_true) - lo, DESCENT),
                                (ax_c, np.log10(c.cost_shuffled) - lo, SHUFFLED),
                                (ax_a, c.acc_true, POSITIVE), (ax_a, c.acc_shuffled, SHUFFLED))])
        self.beat("So the same network can drive its cost down on nonsense, yet learn nothing that carries over "
                  "to new digits. A falling training cost alone proves nothing." if falls and abs(c.acc_shuffled[-1] - 10) < 3 else
                  "Follow the four curves once more, side by side: only held-out digits tell whether anything "
                  "was learned.")
        self.play(FadeIn(walkers, scale=2), run_time=0.5)
        self.play_through(epoch.animate.set_value(float(n_ep)), share=0.95)
