"""Chapter 2: on the diagram, from the real gradient: this weight matters a lot, that one hardly at all."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    ShowPassingFlash,
    Text,
    VGroup,
)

from scenes.animations import Restyle
from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import NetworkDiagram, shown_indices
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import restyled_edges
from scenes.chapter2.numbers import param_name
from scenes.chapter2.numbers_network import MATTER_NUDGE, weight_pair

MAX_SHOWN = 16


def shown_with(sizes: list[int], needed: dict[int, set[int]]) -> dict[int, np.ndarray]:
    """For every layer wider than :data:`MAX_SHOWN`, the drawn neurons: the usual first and last
    halves, with the ``needed`` ones swapped in (from the end of the first half)."""
    out = {}
    for l, n in enumerate(sizes):
        idx = list(shown_indices(n, MAX_SHOWN))
        missing = [i for i in sorted(needed.get(l, ())) if i not in idx]
        for m, i in enumerate(missing):
            idx[MAX_SHOWN // 2 - 1 - m] = i
        out[l] = np.array(sorted(idx))
    return out


def layer_name(l: int, n_layers: int) -> str:
    """How the narration names layer ``l`` of ``n_layers``."""
    if l == 0:
        return "the input"
    if l == n_layers - 1:
        return "the output layer"
    return f"hidden layer {l}"


class Ch2WhichWeightsMatter(LectureScene):
    """Edges drawn by their entry of the step-0 full-batch gradient; the largest one and a tiny one,
    each nudged by the same amount, with the real change in cost."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=2)

    def construct(self) -> None:
        run = get_run()
        pair = weight_pair()
        sizes = run.layer_sizes
        snap = run.snapshot(pair.step)
        needed: dict[int, set[int]] = {}
        for l, j, k in (pair.big, pair.small):
            needed.setdefault(l + 1, set()).add(j)
            needed.setdefault(l, set()).add(k)
        net = NetworkDiagram(sizes, snap.weights, shown=shown_with(sizes, needed), layer_buff=2.1)
        net.height = 6.6
        if net.width > 7.6:
            net.width = 7.6
        net.to_edge(RIGHT, buff=0.8).shift(DOWN * 0.2)
        labels = net.output_labels(font_size=24)
        minus_grad = [-g for g in snap.full_grad_weights]
        n = len(get_dataset().y_train)
        n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
        key = VGroup(Text("edge: its entry of the gradient", font_size=28),
                     Text("green: grow it, red: shrink it", font_size=28, color=GRAY)
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).to_corner(UP + LEFT, buff=0.5)

        def block(index: int, grad: float, drop: float, color) -> VGroup:
            l, j, k = (pair.big, pair.small)[index]
            flat_index = sum(a * b + b for a, b in zip(sizes[:l], sizes[1:l + 1])) + j * sizes[l] + k
            name = param_name(flat_index, sizes)
            return VGroup(MathTex(rf"\frac{{\partial C}}{{\partial {name}}} = {fmt(grad, 2)}", font_size=40,
                                  color=color),
                          MathTex(rf"\text{{nudge }} {MATTER_NUDGE:g}:\ \Delta C = {fmt(drop, 2)}", font_size=36)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)

        big = block(0, pair.grads[0], pair.drops[0], HIGHLIGHT).to_corner(UP + LEFT, buff=0.6)
        small = block(1, pair.grads[1], pair.drops[1], GRAY).next_to(big, DOWN, buff=0.7).align_to(big, LEFT)
        ratio = Text(f"{pair.ratio:,.0f} times smaller", font_size=30, color=GRAY).next_to(small, DOWN, buff=0.3)
        ratio.align_to(big, LEFT)

        def edge(which: tuple[int, int, int]):
            l, j, k = which
            return net.edge(l, j, k)

        # Beat: the gradient on the edges.
        self.beat(f"Now draw the gradient on the network itself. Each edge of the untrained network is drawn by "
                  f"its own entry of the gradient over all {n:,} training digits: thick and bright where the "
                  "cost is sensitive to that weight, faint where it barely cares.")
        self.add(net, labels)
        self.play(FadeIn(key), run_time=0.2 * self.remaining())
        # power 1 (not the default square root): only the truly sensitive edges stand out, no wall of red
        self.play_through(Restyle(net.edges, restyled_edges(net, minus_grad, power=1.0, width=3.5)))

        # Beat: a weight that matters.
        lb, jb, kb = pair.big
        self.beat(f"This edge, from neuron {kb} of {layer_name(lb, len(sizes))} into neuron {jb} of "
                  f"{layer_name(lb + 1, len(sizes))}, has the largest entry of all {n_params:,}: "
                  f"{fmt(pair.grads[0], 2)}. Move it by just {MATTER_NUDGE:g}, downhill, and the cost drops by "
                  f"{fmt(-pair.drops[0], 2)}. This weight matters a lot.")
        hot = edge(pair.big).copy().set_stroke(color=HIGHLIGHT, width=9, opacity=1)
        self.play(Create(hot), FadeOut(key), FadeIn(big[0]), run_time=0.35 * self.remaining())
        self.play(FadeIn(big[1]), run_time=0.3 * self.remaining())
        self.play_through(ShowPassingFlash(hot.copy().set_stroke(width=14), time_width=0.5), Indicate(big[1]))

        # Beat: a weight that hardly matters.
        ls, js, ks = pair.small
        self.beat(f"This one, from neuron {ks} of {layer_name(ls, len(sizes))} into neuron {js} of "
                  f"{layer_name(ls + 1, len(sizes))}, has an entry of only {fmt(pair.grads[1], 2)}, about "
                  f"{pair.ratio:,.0f} times smaller. The same nudge changes the cost by "
                  f"{fmt(-pair.drops[1], 2)}: for now, it hardly matters.")
        cold = edge(pair.small).copy().set_stroke(color=POSITIVE if pair.grads[1] < 0 else NEGATIVE, width=6,
                                                   opacity=1)
        self.play(Create(cold), FadeIn(small[0]), run_time=0.35 * self.remaining())
        self.play(FadeIn(small[1]), FadeIn(ratio), run_time=0.3 * self.remaining())
        self.play_through(Indicate(VGroup(small, ratio), color=GRAY, scale_factor=1.05),
                          ShowPassingFlash(cold.copy().set_stroke(color=HIGHLIGHT, width=10), time_width=0.5))
