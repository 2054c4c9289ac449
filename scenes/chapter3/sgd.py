"""Chapter 3, part 6: mini-batches and stochastic gradient descent."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Dot,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    MoveAlongPath,
    Text,
    VGroup,
    VMobject,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN, get_dataset, get_run
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.batch_numbers import gradient_cosine
from scenes.chapter3.drawing import ripple, digits_strip


class Ch3StochasticGradientDescent(LectureScene):
    """Shuffled mini-batches; the noisy but cheap steps of stochastic gradient descent."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run, data = get_run(), get_dataset()
        first = [s for s in run.snapshots if s.epoch < 1.0][:5]
        strips = Group()
        for snap in first:
            label = Text(f"step {snap.step}", font_size=26)
            img = digits_strip(data.X_train[snap.batch_indices], height=0.65)
            strips.add(Group(label, img).arrange(RIGHT, buff=0.3))
        cosines = VGroup(*[Text(fmt(gradient_cosine(snap.step)), font_size=28) for snap in first])
        strips.arrange(DOWN, aligned_edge=RIGHT, buff=0.25)
        per_epoch = int(run.manifest["steps_per_epoch"])
        n_train = int(run.manifest["data"]["n_train"])
        title = Text(f"{n_train:,} training digits, shuffled, in mini-batches of {run.batch_size}", font_size=32)
        title.to_edge(UP, buff=0.3)
        strips.next_to(title, DOWN, buff=0.5).to_edge(LEFT, buff=0.4)
        more = Text(f"... {per_epoch} mini-batches per epoch", font_size=28, color=GRAY)
        more.next_to(strips, DOWN, buff=0.15).align_to(strips, RIGHT)

        # Beat: shuffle.
        self.beat(f"Averaging over every training example before each step would be slow: backpropagation on all "
                  f"{n_train:,} digits, for one small step. Instead, the data is shuffled and cut into mini-batches "
                  f"of {run.batch_size}; here are the first few, as this run drew them. One pass through all "
                  f"{per_epoch} mini-batches is called an epoch.")
        self.add(title)
        self.play_through(LaggedStart(*[FadeIn(s) for s in strips], lag_ratio=0.4), share=0.7)
        self.play_through(FadeIn(more, shift=DOWN * 0.2))

        # Beat: each step.
        self.beat("Each step of training uses just one mini-batch, so its gradient is only an estimate of the true "
                  "one. The number beside each batch measures how well its direction agrees with the gradient "
                  "over all the training digits, where 1 would mean they point exactly the same way.")
        for cos, strip in zip(cosines, strips):
            cos.next_to(strip, RIGHT, buff=0.35)
        cos_head = VGroup(Text("← agreement with", font_size=28), Text("the full gradient", font_size=28),
                          Text("(cosine)", font_size=28, color=GRAY)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.08).next_to(cosines, RIGHT, buff=0.3)
        cos_head.align_to(cosines, UP)
        self.play_through(FadeIn(cos_head), FadeOut(title, shift=UP * 0.3), share=0.3)
        self.play_through(LaggedStart(*[FadeIn(c) for c in cosines], lag_ratio=0.4), share=0.6)
        self.play_through(ripple(cosines))

        # Beat: the cost plot.
        snaps = run.snapshots
        xs = np.log10(np.array([s.step for s in snaps]) + 1.0)
        batch_cost = np.array([s.batch_cost for s in snaps])
        train_cost = np.array([s.train_cost for s in snaps])
        ymax = float(np.ceil(max(batch_cost.max(), train_cost.max()) * 2) / 2)
        axes = Axes(x_range=[0, float(np.ceil(xs.max() * 2) / 2), 1], y_range=[0, ymax, 0.5],
                    x_length=8.5, y_length=4.8, tips=False,
                    axis_config={"include_numbers": False, "stroke_width": 2})
        axes.to_corner(DOWN + LEFT, buff=0.7).shift(RIGHT * 0.4)
        ticks = VGroup(*[Text(t, font_size=24).next_to(axes.c2p(np.log10(v + 1), 0), DOWN, buff=0.12)
                         for t, v in (("0", 0), ("10", 10), ("100", 100), ("1000", 1000), ("10000", 10000))])
        yticks = VGroup(*[Text(f"{v:g}", font_size=24).next_to(axes.c2p(0, v), LEFT, buff=0.12)
                          for v in np.arange(0, ymax + 1e-9, 0.5)])
        xlabel = Text("training step", font_size=26).next_to(ticks[-1], RIGHT, buff=0.5)
        noisy = VMobject(stroke_color=NEGATIVE, stroke_width=2).set_points_as_corners(
            [axes.c2p(x, y) for x, y in zip(xs, batch_cost)])
        smooth = VMobject(stroke_color=POSITIVE, stroke_width=3).set_points_as_corners(
            [axes.c2p(x, y) for x, y in zip(xs, train_cost)])
        key = VGroup(
            Text("cost of the step's mini-batch", font_size=28, color=NEGATIVE),
            Text("cost over all training digits", font_size=28, color=POSITIVE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).to_corner(UP + RIGHT, buff=0.4)
        self.beat("And the trade pays off. The red line is the cost of each step's own mini-batch, which jumps "
                  "around; the green line is the cost over all the training digits, which keeps falling. Note "
                  "that the step axis is logarithmic.")
        self.play_through(FadeOut(strips, shift=UP), FadeOut(cosines, shift=UP), FadeOut(cos_head, shift=UP),
                          FadeOut(more, shift=UP), share=0.12)
        self.play_through(Create(axes), FadeIn(ticks), FadeIn(yticks), FadeIn(xlabel), share=0.25)
        self.play_through(Create(noisy), FadeIn(key[0]), share=0.5)
        self.play_through(Create(smooth), FadeIn(key[1]))

        # Beat: result.
        final = run.final
        self.beat(f"After {final.step:,} such steps, {final.epoch:.0f} passes through the data, the cost over the "
                  f"training digits is down to {fmt(final.train_cost)}, and the network labels "
                  f"{100 * final.val_accuracy:.1f}% of the validation digits correctly, digits it never trained "
                  "on. Every one of those steps was the averaged wishes of ten examples, found by backpropagation.")
        result = VGroup(Text(f"step {final.step:,}: cost {fmt(final.train_cost)}", font_size=30, color=HIGHLIGHT),
                        Text(f"{100 * final.val_accuracy:.1f}% of validation digits right", font_size=30,
                             color=HIGHLIGHT)).arrange(DOWN, aligned_edge=RIGHT, buff=0.1)
        result.next_to(key, DOWN, buff=0.5).align_to(key, RIGHT)
        walker = Dot(smooth.get_start(), color=HIGHLIGHT, radius=0.08)
        self.add(walker)
        self.play_through(MoveAlongPath(walker, smooth), share=0.45)
        self.play_through(FadeIn(result[0]), share=0.35)
        self.play_through(FadeIn(result[1]), Indicate(walker, scale_factor=2))
