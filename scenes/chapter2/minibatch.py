"""Chapter 2: mini-batch against full-batch steps, and the learning curves."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    AnimationGroup,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    ImageMobject,
    LaggedStart,
    MoveAlongPath,
    SurroundingRectangle,
    Text,
    VGroup,
    VMobject,
    ValueTracker,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.base import LectureScene
from scenes.data import ANY_RUN, Needs, get_dataset, get_run
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import DESCENT, cost_image

#: Tick numbers are MathTex: at 32 their digits stand as tall as 22-point Text.
TICK_SIZE = 32


class Ch2MiniBatchVsFullBatch(LectureScene):
    """Forty mini-batch SGD steps vs forty full-batch steps on the saved local slice, and noisy batch costs."""

    NEEDS = Needs(activation=None, cost=None, landscape=True)

    def construct(self) -> None:
        run, land = get_run(), get_run().landscape
        n = len(get_dataset().y_train)
        xs, ys = land.descent_xs, land.descent_ys
        aspect = float(ys[-1] - ys[0]) / float(xs[-1] - xs[0])
        width = min(8.4, 4.4 / aspect)  # the plane fills most of the frame until the cost plot comes in
        height = width * aspect
        img = ImageMobject(cost_image(xs, ys, land.descent_cost, width_px=320))
        img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        img.width = width
        axes = Axes(x_range=[float(xs[0]), float(xs[-1]), 1], y_range=[float(ys[0]), float(ys[-1]), 1],
                    x_length=width, y_length=height, tips=False, axis_config={"stroke_width": 0})
        frame = SurroundingRectangle(img, buff=0, color=GRAY, stroke_width=1.5)
        Group(img, axes, frame).move_to(UP * (3.0 - height / 2 - 0.3))
        sgd = VMobject(stroke_color=NEGATIVE, stroke_width=3).set_points_as_corners(
            [axes.c2p(*p) for p in land.descent_sgd_xy])
        full = VMobject(stroke_color=WHITE, stroke_width=3).set_points_as_corners(
            [axes.c2p(*p) for p in land.descent_full_xy])
        start = Dot(axes.c2p(*land.descent_full_xy[0]), radius=0.08, color=WHITE)
        steps = len(land.descent_sgd_xy) - 1
        s0 = int(land.descent_start_step)
        plane_head = VGroup(
            Text(f"{steps} steps each from step {s0:,} (epoch {run.snapshot(s0).epoch:g})", font_size=24),
            Text("plane: full-batch path x SGD's drift", font_size=24, color=GRAY),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08).next_to(frame, UP, buff=0.2).align_to(frame, LEFT)
        key = VGroup(
            Text(f"full batch: all {n:,} digits per step", font_size=24, color=WHITE),
            Text(f"mini-batch SGD: {run.batch_size} digits per step", font_size=24, color=NEGATIVE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(frame, DOWN, buff=0.25).align_to(frame, LEFT)
        c_full, c_sgd = land.descent_full_cost[-1], land.descent_sgd_cost[-1]

        # right: recorded mini-batch cost vs training cost, from half an epoch on
        later = [s for s in run.snapshots if s.epoch >= 0.5]
        st = np.array([s.epoch for s in later], dtype=float)
        bc = np.array([s.batch_cost for s in later])
        tc = np.array([s.train_cost for s in later])
        ymax = float(np.ceil(max(bc.max(), tc.max()) * 5) / 5)
        n_ep = float(np.ceil(st.max()))
        axes2 = Axes(x_range=[0, n_ep, 10], y_range=[0, ymax, 0.2 if ymax <= 1.2 else 0.5], x_length=5.6,
                     y_length=4.4, tips=False, axis_config={"stroke_width": 2, "include_numbers": True,
                                                            "font_size": TICK_SIZE})
        axes2.to_edge(RIGHT, buff=0.6).shift(UP * 0.3)
        head2 = Text(f"{len(later)} recorded steps from epoch 0.5", font_size=24, color=GRAY).next_to(axes2, UP, buff=0.25)
        xl2 = Text("epoch", font_size=24).next_to(axes2, DOWN, buff=0.15)
        batch_line = VMobject(stroke_color=NEGATIVE, stroke_width=3).set_points_as_corners(
            [axes2.c2p(x, y) for x, y in zip(st, bc)])
        train_line = VMobject(stroke_color=DESCENT, stroke_width=3).set_points_as_corners(
            [axes2.c2p(x, y) for x, y in zip(st, tc)])
        key2 = VGroup(Text("cost of the step's mini-batch", font_size=24, color=NEGATIVE),
                      Text(f"cost over all {n:,} digits", font_size=24, color=DESCENT)
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(xl2, DOWN, buff=0.3).align_to(axes2, LEFT)

        # Beat: full batch is slow.
        self.beat(f"In practice the true gradient is expensive: every step runs all {n:,} training digits "
                  f"forward and back. The white path takes {steps} such full-batch steps, from step {s0:,} of "
                  "the run.")
        self.add(img, frame, plane_head)
        self.play(FadeIn(start, scale=2), FadeIn(key[0]), run_time=0.25 * self.remaining())
        self.play_through(Create(full))

        # Beat: mini-batch.
        self.beat(f"The shortcut: shuffle the digits, and let each step use a small random mini-batch of just "
                  f"{run.batch_size}. That is {n // run.batch_size} times less work per step, but each step only "
                  f"estimates the downhill direction. The red path takes {steps} such steps.")
        self.play(FadeIn(key[1]), run_time=0.25 * self.remaining())
        self.play_through(Create(sgd))

        # Beat: same way.
        self.beat(f"The red path wobbles and drifts sideways, since every small batch pulls a little differently, "
                  f"yet it still heads downhill. After {steps} steps its cost is {fmt(c_sgd, 3)}, against "
                  f"{fmt(c_full, 3)} for the full-batch path, at a small fraction of the work.")
        ends = Text(f"cost after {steps} steps: SGD {fmt(c_sgd, 3)}, full {fmt(c_full, 3)}",
                    font_size=28, color=HIGHLIGHT)
        ends.next_to(key, DOWN, buff=0.2).align_to(key, LEFT)
        self.play(FadeIn(ends), run_time=0.2 * self.remaining())
        walkers = [Dot(start.get_center(), radius=0.07, color=c) for c in (WHITE, NEGATIVE)]
        self.play_through(MoveAlongPath(walkers[0], full), MoveAlongPath(walkers[1], sgd))

        # Beat: noisy costs.
        self.beat(f"The same noise runs through the whole recorded training. In red, the cost of each step's own "
                  f"mini-batch: with only {run.batch_size} digits, it jumps up and down from one step to the next.")
        plane = Group(img, axes, frame, full, sgd, start)
        self.play(FadeOut(*walkers, plane_head, key, ends), run_time=0.1 * self.remaining())
        self.play(plane.animate.scale(5.6 / plane.width).to_edge(LEFT, buff=0.5).match_y(axes2),
                  FadeIn(axes2), FadeIn(head2), FadeIn(xl2), run_time=0.2 * self.remaining())
        self.play_through(Create(batch_line), FadeIn(key2[0]))

        # Beat: true cost.
        self.beat(f"In blue, the cost over all {n:,} training digits at the same moments: it falls steadily. The "
                  "noise averages out, and on the whole, the cheap noisy steps still go downhill.")
        self.play_through(Create(train_line), FadeIn(key2[1]))


class Ch2LearningCurves(LectureScene):
    """Training cost and validation accuracy per epoch, from the run's history."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        hist = run.history
        epochs = np.concatenate([[0], np.asarray(hist["epoch"], dtype=float)])
        cost = np.concatenate([[run.first.train_cost], np.asarray(hist["train_cost"], dtype=float)])
        acc = 100 * np.concatenate([[run.first.val_accuracy], np.asarray(hist["val_accuracy"], dtype=float)])
        n_ep = int(epochs.max())
        step = 10 if n_ep >= 20 else 5
        ymax = float(np.ceil(cost.max()))
        axis = {"stroke_width": 2, "include_numbers": True, "font_size": TICK_SIZE}
        ax_c = Axes(x_range=[0, n_ep, step], y_range=[0, ymax, 1 if ymax <= 6 else 2], x_length=5.0, y_length=5.0,
                    tips=False, axis_config=axis)
        ax_a = Axes(x_range=[0, n_ep, step], y_range=[0, 100, 20], x_length=5.0, y_length=5.0, tips=False,
                    axis_config=axis)
        VGroup(ax_c, ax_a).arrange(RIGHT, buff=1.5).shift(DOWN * 0.3)
        h_c = Text("mean mini-batch cost per epoch", font_size=28).next_to(ax_c, UP, buff=0.3)
        h_a = Text("% of held-out digits right", font_size=28).next_to(ax_a, UP, buff=0.3)
        x_c = Text("epoch", font_size=26).next_to(ax_c, DOWN, buff=0.15)
        x_a = Text("epoch", font_size=26).next_to(ax_a, DOWN, buff=0.15)
        VGroup(ax_c, ax_a, h_c, h_a, x_c, x_a).set_x(0)  # the headers and tick numbers centred as a whole
        c_line = VMobject(stroke_color=DESCENT, stroke_width=3).set_points_as_corners(
            [ax_c.c2p(e, c) for e, c in zip(epochs, cost)])
        a_line = VMobject(stroke_color=POSITIVE, stroke_width=3).set_points_as_corners(
            [ax_a.c2p(e, a) for e, a in zip(epochs, acc)])
        n = len(get_dataset().y_train)

        # Beat: epochs.
        per_epoch = n // run.batch_size
        self.beat(f"Training goes in epochs. One epoch is one pass over all {n:,} training digits, shuffled and "
                  f"cut into mini-batches of {run.batch_size}: that makes {per_epoch} steps. This run trained for "
                  f"{n_ep} epochs, and these two plots follow it.")
        self.play_through(LaggedStart(AnimationGroup(Create(ax_c), FadeIn(h_c), FadeIn(x_c)),
                                      AnimationGroup(Create(ax_a), FadeIn(h_a), FadeIn(x_a)), lag_ratio=0.5))

        # Beat: cost.
        self.beat(f"On the left, the cost measured during training, averaged over each epoch's mini-batches: "
                  f"{fmt(cost[0], 3)} for the random network, falling steeply at first, and {fmt(cost[-1], 3)} "
                  "at the end.")
        c_note = Text(f"{fmt(cost[0], 3)} -> {fmt(cost[-1], 3)}", font_size=30, color=DESCENT)
        c_note.move_to(ax_c.c2p(n_ep * 0.6, ymax * 0.6))
        self.play(Create(c_line), run_time=0.7 * self.remaining())
        self.play_through(FadeIn(c_note))

        # Beat: accuracy.
        self.beat(f"On the right, the share of held-out digits it labels correctly. It climbs from "
                  f"{acc[0]:.0f}% at the start to {acc[-1]:.1f}% at the end, on digits it never trained on.")
        a_note = Text(f"{acc[0]:.0f}% -> {acc[-1]:.1f}%", font_size=30, color=POSITIVE)
        a_note.move_to(ax_a.c2p(n_ep * 0.6, 45))
        self.play(Create(a_line), run_time=0.7 * self.remaining())
        self.play_through(FadeIn(a_note))

        # Beat: early.
        self.beat("Follow both curves together: almost all of the learning happens in the first few epochs. "
                  "After that, the curves flatten out, and each further epoch only polishes the result a little.")
        epoch = ValueTracker(0.0)
        walkers = VGroup(
            Dot(radius=0.08, color=DESCENT).add_updater(
                lambda d: d.move_to(ax_c.c2p(epoch.get_value(), np.interp(epoch.get_value(), epochs, cost)))),
            Dot(radius=0.08, color=POSITIVE).add_updater(
                lambda d: d.move_to(ax_a.c2p(epoch.get_value(), np.interp(epoch.get_value(), epochs, acc)))))
        self.play(FadeIn(walkers, scale=2), run_time=0.5)
        self.play_through(epoch.animate.set_value(float(n_ep)))
