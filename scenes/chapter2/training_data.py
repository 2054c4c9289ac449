"""Chapter 2: where the digits come from (MNIST, credited), training data and the held-out digits."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    Text,
    Transform,
    VGroup,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import digit_image
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import labelled_digits
from scenes.chapter2.numbers import MNIST_CREDIT, data_source


class Ch2TrainingData(LectureScene):
    """MNIST credited and the run's data named; labelled training digits vs held-out digits."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        data = get_dataset()
        run = get_run()
        rng = np.random.default_rng(int(run.manifest["seed"]))
        n_train, n_val = len(data.y_train), len(data.y_val)
        name, package = data_source(run.manifest.get("data", {}))

        # Beat: MNIST, credited, and the run's own digits.
        wall = Group(*[digit_image(data.X_train[i], height=0.78, frame=False)
                       for i in rng.choice(n_train, size=39, replace=False)]).arrange_in_grid(rows=3, buff=0.08)
        wall.to_edge(UP, buff=0.45)
        credit = VGroup(Text("MNIST, the database of handwritten digits", font_size=34),
                        Text(f"by {MNIST_CREDIT}", font_size=30, color=HIGHLIGHT),
                        Text(f"this run: {name}" + (f", from the {package} package" if package else ""),
                             font_size=30),
                        Text(f"{n_train + n_val:,} digits: {n_train:,} for training, {n_val:,} held out",
                             font_size=30, color=GRAY),
                        ).arrange(DOWN, buff=0.25).next_to(wall, DOWN, buff=0.55)
        shipped = f", the {n_train + n_val:,} digits shipped with the {package} Python package" if package else ""
        self.beat(f"Our digits come from MNIST, the classic collection of handwritten digits put together by "
                  f"Yann LeCun, Corinna Cortes and Christopher Burges. This run uses a small part of it{shipped}: "
                  f"{n_train:,} for training, and {n_val:,} held out.")
        self.play(LaggedStart(*[FadeIn(d) for d in wall], lag_ratio=0.04), run_time=0.35 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(c, shift=UP * 0.2) for c in credit], lag_ratio=0.5))

        train_idx = rng.choice(n_train, size=16, replace=False)
        val_idx = rng.choice(n_val, size=6, replace=False)
        train = labelled_digits(train_idx, data.X_train, data.y_train, cols=8, height=1.3)
        held = labelled_digits(val_idx, data.X_val, None, cols=6, height=1.3)
        for cells in (train, held):
            for c in cells:
                c[1].scale(1.4)
        t_head = Text(f"training: {n_train:,} labelled digits", font_size=30)
        v_head = Text(f"test: {n_val:,} held out", font_size=30)
        top = Group(t_head, train).arrange(DOWN, buff=0.25)
        bottom = Group(v_head, held).arrange(DOWN, buff=0.25)
        Group(top, bottom).arrange(DOWN, buff=0.45, aligned_edge=LEFT).to_edge(UP, buff=0.4)

        # Beat: training data.
        n_params = int(run.network(0).n_params)
        self.beat(f"The network learns from the training digits, each labelled with the digit it really is. "
                  f"Learning means adjusting all {n_params:,} weights and biases until its answers on them get "
                  "better.")
        self.play(FadeOut(wall), FadeOut(credit), run_time=0.12 * self.remaining())
        self.play(FadeIn(t_head), run_time=0.1 * self.remaining())
        self.play(LaggedStart(*[FadeIn(c) for c in train], lag_ratio=0.1), run_time=0.5 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(c[1], scale_factor=1.4) for c in train], lag_ratio=0.08))

        # Beat: test data.
        self.beat(f"The {n_val:,} other digits are the exam: the network never trains on them. If it labels those "
                  "well, it has learned something about digits, not just memorised its examples.")
        self.play(FadeIn(v_head), run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(c) for c in held], lag_ratio=0.15))

        # Beat: result.
        acc = run.final.val_accuracy
        answers = run.network(-1).predict(data.X_val[val_idx]).argmax(axis=1)
        self.beat(f"After training it labels {100 * acc:.1f}% of those unseen digits correctly. Here are its "
                  "answers for these few, green where it is right.")
        result = VGroup(Text("trained:", font_size=34, color=HIGHLIGHT),
                        Text(f"{100 * acc:.1f}% right", font_size=34, color=HIGHLIGHT)).arrange(DOWN, buff=0.15)
        result.next_to(held, RIGHT, buff=0.8)
        self.play(FadeIn(result), run_time=0.25 * self.remaining())
        guesses = [Text(str(a), font_size=31, color=POSITIVE if a == data.y_val[i] else NEGATIVE).move_to(c[1])
                   for a, i, c in zip(answers, val_idx, held)]
        self.play_through(LaggedStart(*[Transform(c[1], g) for c, g in zip(held, guesses)], lag_ratio=0.3))
