"""Chapter 2, beat 2: training in progress, every frame a real recorded step.

The first-layer edges (784 x n_1 of them) are one raster image (:func:`edge_raster`)
recoloured only when the shown step or phase changes; the later layers are
``Line`` mobjects. Every frame shows one whole recorded step of ``run.dense``:
first its weights (with its mini-batch's first digit and that digit's
activations), then its backward sweep, each layer coloured by THAT step's own
recorded gradient (:func:`sweep_schedule`); nothing is interpolated.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    WHITE,
    Circle,
    FadeIn,
    FadeOut,
    Indicate,
    ShowPassingFlash,
    SurroundingRectangle,
    Group,
    ImageMobject,
    Line,
    ManimColor,
    Text,
    VGroup,
    ValueTracker,
    config,
    linear,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.animations import Restyle
from scenes.base import LectureScene
from scenes.data import get_dataset, get_run
from scenes.mobjects import GlyphText, digit_image, digit_rgba
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, NEURON_STROKE, POSITIVE
from scenes.chapter2.drawing import DESCENT
from scenes.chapter2.experiments_numbers import (ExperimentNeeds, edge_raster, played_steps,
                                                    signed_raster_rgb, sweep_schedule)

#: Nudges -eta * gradient: blue where the weight goes up, orange where it goes down.
UP_COLOR, DOWN_COLOR = DESCENT, ManimColor("#FF9F40")
SLOW = 1  # steps shown one phase at a time before the stream (step 0)
ROWS_PER_SECOND = 12  # stream rows (weights or one layer of a sweep) per second: below 15 fps, none skipped
RASTER_PX = (240, 600)  # width, height of the first-layer raster
GAIN, POWER = 0.4, 3.0  # raster brightness (|w| / vmax) ** POWER: the strong edges stand out


def _rgb(color: ManimColor) -> np.ndarray:
    return np.array(color.to_rgb(), dtype=float)


class LiveNetwork(Group):
    """Input strip (784 pixels as one column), first-layer edge raster, later layers as Lines.

    ``set_step(weights, activations, pixels, mode)`` redraws everything from
    one recorded step; ``mode`` is ``"weights"`` (green/red by sign) or a
    layer index ``l``: layers ``>= l`` show the step's nudge ``-eta grad``
    (blue up / orange down), the ones below still their weights.
    """

    def __init__(self, sizes: list[int], vmax: list[float], height: float = 6.4) -> None:
        super().__init__()
        self.sizes, self.vmax = sizes, vmax
        n_hidden = len(sizes) - 1
        self.strip = ImageMobject(np.zeros((sizes[0], 1, 3), dtype=np.uint8))
        self.strip.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.strip.stretch_to_fit_height(height).stretch_to_fit_width(0.16).move_to(LEFT * 4.4)
        radius = min(0.16, 0.3 * height / max(sizes[1:]))
        xs = np.linspace(-1.6, 3.0, n_hidden)
        self.layers = VGroup()
        for l, x in zip(range(1, len(sizes)), xs):
            col = VGroup(*[Circle(radius=radius, stroke_color=NEURON_STROKE, stroke_width=1.5).set_fill(WHITE, 0)
                           for _ in range(sizes[l])]).arrange(DOWN, buff=(height * 0.85 - 2 * radius * sizes[l])
                                                               / max(1, sizes[l] - 1) if sizes[l] > 1 else 0)
            col.move_to([x, 0, 0])
            self.layers.add(col)
        # First-layer raster, from the strip's right edge to the first hidden column's rims.
        left = self.strip.get_right()[0] + 0.02
        right = self.layers[0].get_left()[0] + radius * 0.3
        top, bottom = self.strip.get_top()[1], self.strip.get_bottom()[1]
        w_px, h_px = RASTER_PX
        ys_in = (np.arange(sizes[0]) + 0.5) / sizes[0] * h_px
        ys_out = np.array([(top - c.get_center()[1]) / (top - bottom) * h_px for c in self.layers[0]])
        self.M = edge_raster(ys_in, ys_out, w_px, h_px)
        self.raster = ImageMobject(np.zeros((h_px, w_px, 4), dtype=np.uint8))
        self.raster.stretch_to_fit_width(right - left).stretch_to_fit_height(top - bottom)
        self.raster.move_to([(left + right) / 2, (top + bottom) / 2, 0])
        self.edges = VGroup()
        for l in range(1, n_hidden):
            lines = VGroup(*[Line(self.layers[l - 1][k].get_right(), self.layers[l][j].get_left(), stroke_width=1)
                             for j in range(sizes[l + 1]) for k in range(sizes[l])])
            self.edges.add(lines)
        self.labels = VGroup(*[Text(str(j), font_size=24).next_to(c, RIGHT, buff=0.12)
                               for j, c in enumerate(self.layers[-1])])
        self.add(self.raster, self.edges, self.strip, self.layers, self.labels)

    def _colour_lines(self, lines: VGroup, values: np.ndarray, vmax: float, pos: ManimColor, neg: ManimColor) -> None:
        t = np.clip(np.abs(values.ravel()) / (vmax or 1.0), 0, 1)
        for line, v, ti in zip(lines, values.ravel(), t):
            line.set_stroke(color=pos if v >= 0 else neg, width=0.4 + 3.2 * ti, opacity=0.12 + 0.88 * ti)

    def layer_colours(self, l: int, values: np.ndarray, nudge: bool, lines: VGroup | None = None) -> np.ndarray | None:
        """Colour layer ``l``'s edges by ``values``: weights (green/red, the scene's fixed scale) or a
        nudge (blue/orange, scaled to its own largest entry). For ``l = 0`` returns the raster's new
        pixels (not applied); else recolours ``lines`` (default: the drawn ones) and returns None."""
        vmax = float(np.abs(values).max()) if nudge else self.vmax[l]
        pos, neg = (UP_COLOR, DOWN_COLOR) if nudge else (POSITIVE, NEGATIVE)
        if l == 0:
            return signed_raster_rgb(self.M, values, vmax, RASTER_PX[::-1], _rgb(pos), _rgb(neg),
                                     GAIN, 2.0 if nudge else POWER)
        self._colour_lines(self.edges[l - 1] if lines is None else lines, values, vmax, pos, neg)
        return None

    def set_input(self, pixels: np.ndarray) -> None:
        """Light the input strip with 784 pixel values in ``[0, 1]``."""
        gray = (np.clip(pixels, 0, 1) * 255).astype(np.uint8).reshape(-1, 1, 1)
        self.strip.pixel_array = np.concatenate([np.repeat(gray, 3, axis=2), np.full_like(gray, 255)], axis=2)

    def set_step(self, weights: list[np.ndarray], activations: list[np.ndarray], pixels: np.ndarray,
                 lit: int | None = None, nudges: list[np.ndarray] | None = None, mode: int = -1,
                 raster: np.ndarray | None = None) -> "LiveNetwork":
        """Draw one recorded step: ``weights[l]`` ``(n_{l+1}, n_l)``, ``activations[l]`` for layers
        ``1..L`` (lit up to ``lit``). With ``mode >= 0`` the layers ``>= mode`` show that step's own
        ``nudges[l]`` (same shapes) instead of its weights; ``raster`` (``(h, w, 4)`` uint8) is the
        first layer's image when the caller has it already."""
        for l in range(len(weights)):
            nudge = mode >= 0 and l >= mode
            if l == 0:
                self.raster.pixel_array = (raster if raster is not None
                                           else self.layer_colours(0, nudges[0] if nudge else weights[0], nudge))
            else:
                self.layer_colours(l, nudges[l] if nudge else weights[l], nudge)
        self.set_input(pixels)
        top = len(activations) if lit is None else lit
        for l, col in enumerate(self.layers):
            a = np.clip(activations[l], 0, 1) if l < top else np.zeros(len(col))
            for c, v in zip(col, a):
                c.set_fill(WHITE, opacity=float(v))
        return self


class Ch2TrainingLive(LectureScene):
    """Beat 2: the diagram learning, frame by frame, from the dense early record of the run."""

    NEEDS = ExperimentNeeds(activation=None, cost=None, min_hidden=1, experiments=("dense",))

    def construct(self) -> None:
        run, data = get_run(), get_dataset()
        dense = run.dense
        n, lr, batch = len(dense), run.learning_rate, run.batch_size
        L = len(dense.weights)
        vmax = [float(np.percentile(np.abs(w), 99.5)) for w in dense.weights]

        def step_arrays(s: int, example: int = 0):
            acts = [a[s, example] for a in dense.batch_activations]
            return [w[s] for w in dense.weights], acts, data.X_train[dense.batch_indices[s, example]]

        def nudges(s: int) -> list[np.ndarray]:
            """Step ``s``'s own nudge ``-eta * grad`` per layer, ``(n_{l+1}, n_l)`` each."""
            return [-lr * g[s] for g in dense.grad_weights]

        net = LiveNetwork(run.layer_sizes, vmax)
        w0, a0, x0 = step_arrays(0)
        g0 = nudges(0)
        net.set_step(w0, a0, x0 * 0, lit=0)
        label0 = int(data.y_train[dense.batch_indices[0, 0]])
        digit = digit_image(x0, height=1.7).move_to(LEFT * 6.0 + UP * 1.6)
        digit_label = GlyphText("label 0123456789").place(digit.get_bottom() + DOWN * 0.15, UP)
        digit_label.set_text(f"label {label0}")
        batch_text = VGroup(Text("mini-batch:", font_size=24, color=GRAY),
                            Text(f"{batch} digits", font_size=24, color=GRAY)).arrange(DOWN, buff=0.08)
        batch_text.next_to(digit, DOWN, buff=0.75)
        corner = np.array([config.frame_width / 2 - 0.3, config.frame_height / 2 - 0.3, 0])
        step_text = GlyphText("step 0123456789 of recorded").place(corner, UR)
        step_text.set_text(f"step 0 of {n} recorded")
        acc_text = GlyphText("held-out: 0123456789.%", color=POSITIVE).place(corner + DOWN * 0.55, UR)
        acc_text.set_text(f"held-out: {100 * dense.val_accuracy[0]:.1f}%")
        inputs = Text(f"{run.layer_sizes[0]} pixels", font_size=24, color=GRAY).next_to(net.strip, UP, buff=0.08)
        caption = Text("", font_size=28)

        def say(text: str, color: ManimColor = WHITE) -> None:
            nonlocal caption
            self.remove(caption)
            caption = Text(text, font_size=28, color=color).to_edge(DOWN, buff=0.2)
            self.add(caption)

        self.beat(f"Before any theory, watch it happen. This is our network in real training. Each step "
                  f"takes in a mini-batch of {batch} labelled training digits; here come step 0's. The first "
                  f"{n} steps were recorded in full, weights and all.")
        self.add(net.raster, net.edges, net.strip, net.layers, net.labels, inputs)
        self.play(FadeIn(step_text), FadeIn(acc_text), run_time=0.12 * self.remaining())
        say(f"step 0's mini-batch: {batch} labelled training digits", GRAY)
        per = 0.95 * self.remaining() / len(dense.batch_indices[0])
        for i in dense.batch_indices[0]:
            card = Group(digit_image(data.X_train[i], height=1.6),
                         Text(f"label {int(data.y_train[i])}", font_size=28, color=HIGHLIGHT)
                         ).arrange(DOWN, buff=0.12).move_to(LEFT * 5.85 + DOWN * 0.2)
            self.play(FadeIn(card, shift=RIGHT * 0.4), run_time=0.4 * per)
            self.play(FadeOut(card, target_position=net.strip.get_center(), scale=0.15), run_time=0.6 * per)
            net.set_input(data.X_train[i])  # the strip now holds this digit's 784 pixels

        self.beat(f"Now follow the first digit of that mini-batch, labelled {label0}. Its pixels light up the "
                  "input column, and the signal flows forward, each layer lit by its real activations.")
        self.play(FadeIn(digit, shift=RIGHT * 0.5), FadeIn(digit_label), FadeIn(batch_text),
                  run_time=0.25 * self.remaining())
        say("forward pass: the step's first digit", HIGHLIGHT)
        net.set_input(x0)
        per = 0.9 * self.remaining() / L
        for l in range(L):
            first = (ShowPassingFlash(net.edges[l - 1].copy().set_stroke(color=HIGHLIGHT, width=2), time_width=0.6)
                     if l else ShowPassingFlash(SurroundingRectangle(net.strip, color=HIGHLIGHT, buff=0.04,
                                                                     stroke_width=3), time_width=0.5))
            fills = [c.animate.set_fill(WHITE, opacity=float(v)) for c, v in zip(net.layers[l], np.clip(a0[l], 0, 1))]
            self.play(first, *fills, run_time=per)

        self.beat("Then backpropagation runs backwards from the outputs. Each edge is coloured by the nudge this "
                  "step's gradient gives it: blue for up, orange for down, over all its digits.")
        say("backward: -learning rate x gradient, blue up, orange down", UP_COLOR)
        per = 0.9 * self.remaining() / L
        for l in range(L - 1, -1, -1):
            if l:
                target = net.edges[l - 1].copy()
                net.layer_colours(l, g0[l], nudge=True, lines=target)
                self.play(Restyle(net.edges[l - 1], target), Indicate(net.layers[l - 1], color=UP_COLOR,
                                                                         scale_factor=1.05), run_time=per)
            else:
                new = net.raster.copy()
                new.pixel_array = net.layer_colours(0, g0[0], nudge=True)
                self.play(FadeIn(new), ShowPassingFlash(SurroundingRectangle(net.strip, color=UP_COLOR, buff=0.04,
                                                                             stroke_width=3), time_width=0.5),
                          run_time=per)
                net.raster.pixel_array = new.pixel_array
                self.remove(new)

        # The stream: each shown step holds its own weights, then sweeps back in its OWN nudges.
        half = n // 2

        def schedule_for(first: int, count: int, seconds: float) -> np.ndarray:
            """Rows ``(step, mode)`` for ``seconds`` of stream over recorded steps ``first .. first + count - 1``."""
            k = max(2, int(seconds * ROWS_PER_SECOND / (2 + L)))
            steps = first + played_steps(count, 0, k) if count > 0 else np.array([min(first, n - 1)])
            return sweep_schedule(steps, L)

        tracker = ValueTracker(0)
        shown = {"row": (-1, -2)}
        rasters: dict[tuple[int, int], np.ndarray] = {}

        def show(mob) -> None:
            s, mode = (int(v) for v in schedule[min(len(schedule) - 1, int(tracker.get_value()))])
            if (s, mode) == shown["row"]:
                return
            new_step = s != shown["row"][0]
            shown["row"] = (s, mode)
            first_nudged = mode == 0
            key = (s, 0 if first_nudged else -1)
            if key not in rasters:  # the first-layer image changes twice per step: weights, then nudge
                rasters.clear()
                w, g = dense.weights[0][s], -lr * dense.grad_weights[0][s]
                rasters[key] = net.layer_colours(0, g if first_nudged else w, nudge=first_nudged)
            net.set_step(*step_arrays(s), nudges=nudges(s), mode=mode, raster=rasters[key])
            if new_step:
                step_text.set_text(f"step {s} of {n} recorded")
                acc_text.set_text(f"held-out: {100 * dense.val_accuracy[s]:.1f}%")
                digit[0].pixel_array = digit_rgba(data.X_train[dense.batch_indices[s, 0]])
                digit_label.set_text(f"label {int(data.y_train[dense.batch_indices[s, 0]])}")

        self.beat(f"Every weight takes its nudge, and that was one step. Now the stream: the next steps, "
                  f"{batch} new digits each. Each shows its weights, then its own nudges sweeping back, "
                  "one recorded step after another, never blended.")
        say("each step: its weights (green, red), then its own nudges", GRAY)
        net.set_step(*step_arrays(0))
        schedule = schedule_for(SLOW, half - SLOW, self.remaining())
        live = Group(net.raster, net.edges, net.strip, net.layers, step_text, acc_text, digit, digit_label)
        live.add_updater(show)
        self.remove(*live.submobjects)  # else their old pictures stay in the static background
        self.add(live)
        self.play(tracker.animate.set_value(len(schedule)), run_time=max(1.0, self.remaining()), rate_func=linear)

        a_start, a_end = 100 * dense.val_accuracy[0], 100 * dense.val_accuracy[n - 1]
        seen = Text(f"held-out: {a_start:.1f}% at step 0 -> {a_end:.1f}% at step {n - 1} "
                    f"({(n - 1) * batch:,} digits in)", font_size=28, color=HIGHLIGHT).to_edge(DOWN, buff=0.2)
        self.beat(f"Held-out accuracy started at {a_start:.1f}%, pure chance. By step {n - 1}, "
                  f"{(n - 1) * batch:,} digits in, it reads {a_end:.1f}%: the network is learning before our eyes.")
        self.remove(caption)
        self.add(seen)
        schedule = schedule_for(half, n - half, 0.95 * self.remaining())
        tracker.set_value(0)
        self.play(tracker.animate.set_value(len(schedule)), run_time=max(1.0, 0.95 * self.remaining()),
                  rate_func=linear)
        live.remove_updater(show)
