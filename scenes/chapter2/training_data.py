"""Chapter 2: training data and the held-out digits."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    FadeIn,
    Group,
    Indicate,
    LaggedStart,
    Text,
    Transform,
    VGroup,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import labelled_digits


class Ch2TrainingData(LectureScene):
    """Labelled training digits vs held-out digits the network never trains on."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        data = get_dataset()
        run = get_run()
        rng = np.random.default_rng(int(run.manifest["seed"]))
        train_idx = rng.choice(len(data.y_train), size=24, replace=False)
        val_idx = rng.choice(len(data.y_val), size=8, replace=False)
        train = labelled_digits(train_idx, data.X_train, data.y_train, cols=8, height=0.82)
        held = labelled_digits(val_idx, data.X_val, None, cols=4, height=0.82)
        n_train, n_val = len(data.y_train), len(data.y_val)
        t_head = Text(f"training data: {n_train:,} labelled digits", font_size=26)
        v_head = Text(f"test data: {n_val:,} held-out digits", font_size=26)
        left = Group(t_head, train).arrange(DOWN, buff=0.3)
        right = Group(v_head, held).arrange(DOWN, buff=0.3)
        Group(left, right).arrange(RIGHT, buff=0.5, aligned_edge=UP).move_to(UP * 0.6)

        # Beat: training data.
        self.beat(f"A network learns from examples. We show it training data: {n_train:,} handwritten digits, "
                  "each one labelled with the digit it really is. Here are a few of them, with their labels "
                  "underneath.")
        self.play(FadeIn(t_head), run_time=0.15 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(c) for c in train], lag_ratio=0.1))

        # Beat: adjust.
        n_params = int(run.network(0).n_params)
        self.beat(f"Learning has a precise meaning here: adjusting all {n_params:,} weights and biases until "
                  "the network's answers on these examples get better. The labels are the answers it should "
                  "give; nothing else about the network changes.")
        note = Text(f"adjust {n_params:,} weights and biases to fit them", font_size=24, color=GRAY)
        note.next_to(left, DOWN, buff=0.4)
        self.play(FadeIn(note), run_time=0.25 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(c[1], scale_factor=1.5) for c in train], lag_ratio=0.08))

        # Beat: test data.
        self.beat(f"Then comes the real exam. We keep {n_val:,} other digits aside, and the network never "
                  "trains on them. If it labels those well, it has learned something about digits in general, "
                  "not just memorised its examples.")
        self.play(FadeIn(v_head), run_time=0.2 * self.remaining())
        self.play_through(LaggedStart(*[FadeIn(c) for c in held], lag_ratio=0.15))

        # Beat: result.
        acc = run.final.val_accuracy
        answers = run.network(-1).predict(data.X_val[val_idx]).argmax(axis=1)
        self.beat(f"After training, it labels {100 * acc:.1f}% of those unseen digits correctly. Here are its "
                  "answers for these few, green where it is right. Nobody told it what a loop or a stroke is: "
                  "all of it came from the labelled examples.")
        result = VGroup(Text("trained network:", font_size=24, color=HIGHLIGHT),
                        Text(f"{100 * acc:.1f}% of them right", font_size=24, color=HIGHLIGHT)
                        ).arrange(DOWN, buff=0.12).next_to(held, DOWN, buff=0.5)
        self.play(FadeIn(result), run_time=0.25 * self.remaining())
        guesses = [Text(str(a), font_size=22, color=POSITIVE if a == data.y_val[i] else NEGATIVE).move_to(c[1])
                   for a, i, c in zip(answers, val_idx, held)]
        self.play_through(LaggedStart(*[Transform(c[1], g) for c, g in zip(held, guesses)], lag_ratio=0.3))
