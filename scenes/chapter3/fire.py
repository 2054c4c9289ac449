"""Chapter 3, part 2b: "fire together, wire together" on the whole network: the edges into the output
layer redrawn by the example's desired weight changes (minus its backprop gradient)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    MathTex,
    ReplacementTransform,
    ShowPassingFlash,
    SurroundingRectangle,
    VGroup,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.data import get_run
from scenes.mobjects import NetworkDiagram, signed_color, spread_pixels
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.drawing import ripple
from scenes.chapter3.numbers import fire_together, the_example


def _restyle(edge, change: float, vmax: float, width: float = 7.0):
    """An edge (or its ``.animate``) drawn by a desired weight change: colour = sign, width = size."""
    t = abs(change) / vmax
    return edge.set_stroke(color=signed_color(change, vmax), width=0.3 + width * t, opacity=0.1 + 0.8 * t)


def _diagram(ex) -> NetworkDiagram:
    """The example's network, wide (the edges into the outputs are the subject)."""
    run = get_run()
    diagram = NetworkDiagram(run.layer_sizes, run.snapshot(ex.step).weights, shown={0: spread_pixels(ex.pixels)},
                             layer_buff=2.0)
    diagram.height = 6.8
    return diagram.set_activations(ex.acts)


def _plot(vmax: float) -> VGroup:
    """Axes for the edges as dots: across, the brightness ``a_k`` of the layer-2 neuron (0 to 1);
    up, the desired change ``Delta w`` of its weight (``-vmax`` to ``vmax``). Returns (axes, labels)."""
    axes = Axes(x_range=[0, 1, 0.5], y_range=[-vmax, vmax, vmax], x_length=5.6, y_length=4.2, tips=False,
                axis_config={"stroke_width": 2, "include_numbers": False})
    ticks = VGroup(*[MathTex(t, font_size=28).next_to(axes.c2p(float(t), -vmax), DOWN, buff=0.12)
                     for t in ("0", "0.5", "1")])
    xlabel = MathTex(r"a_k", font_size=36).next_to(axes.x_axis.get_end(), UP + LEFT, buff=0.15)
    ylabel = MathTex(r"\Delta w", font_size=36).next_to(axes.y_axis, UP, buff=0.1)
    return VGroup(axes, VGroup(ticks, xlabel, ylabel))


def _dots(axes: Axes, acts: np.ndarray, changes: np.ndarray, radius: float = 0.07) -> VGroup:
    """One dot per edge into an output: ``(acts[k], changes[k])``, green up, red down."""
    return VGroup(*[Dot(axes.c2p(float(a), float(d)), radius=radius, color=POSITIVE if d >= 0 else NEGATIVE)
                    for a, d in zip(acts, changes)])


class Ch3FireTogether(LectureScene):
    """The desired changes of the weights into the outputs, drawn on the full diagram: bright neurons' edges change most."""

    NEEDS = Needs(hidden_sizes=(16, 16))  # sigmoid: neuron brightness is the activation in [0, 1]

    def construct(self) -> None:
        ex = the_example()
        ft = fire_together(ex)
        j = ex.label
        diagram = _diagram(ex).to_edge(LEFT, buff=0.3).shift(DOWN * 0.1)
        labels = diagram.output_labels(font_size=26)
        self.add(diagram, labels)
        into_j = diagram.edges_into(2, j)
        last = diagram.edges[2]
        vmax_j = float(np.max(np.abs(ft.delta_w[j])))
        vmax = float(np.max(np.abs(ft.delta_w)))
        others = VGroup(*diagram.edges[0], *diagram.edges[1],
                        *[e for e in last if e not in set(into_j)])
        target = diagram.neuron(3, j)
        ring = SurroundingRectangle(VGroup(target, labels[list(diagram.indices[3]).index(j)]), color=HIGHLIGHT,
                                    buff=0.08)
        layer2 = diagram.layers[2]
        a2 = ex.acts[2]
        axes, plot_labels = plot = _plot(vmax)
        plot.move_to([3.9, 1.05, 0])
        dots_j = _dots(axes, a2, ft.delta_w[j])
        starts = VGroup(*[Dot(diagram.edge(2, j, k).get_center(), radius=0.07, color=HIGHLIGHT)
                          for k in range(len(a2))])

        # Beat: the edges into the 2, redrawn by the gradient.
        self.beat(f"Back on the whole network, with this {j} flowing through it. Every other connection fades, "
                  f"and the sixteen edges into the {j} output are redrawn by how much this example wants each "
                  f"weight to change: the thicker and brighter, the bigger the change. On the right, each edge is a dot: "
                  "across, how bright its neuron is; up, the change.")
        self.play_through(others.animate.set_stroke(opacity=0.06), Create(ring), share=0.25)
        self.play_through(*[_restyle(e.animate, d, vmax_j) for e, d in zip(into_j, ft.delta_w[j])],
                          Create(axes), FadeIn(plot_labels), share=0.4)
        self.play_through(ShowPassingFlash(into_j.copy().set_stroke(HIGHLIGHT, width=6, opacity=1), time_width=0.5),
                          share=0.3)
        self.play_through(LaggedStart(*[ReplacementTransform(a, b) for a, b in zip(starts, dots_j)], lag_ratio=0.1))

        # Beat: the brightest neurons own the thickest edges.
        top = ft.top[:2]
        notes = VGroup(*[MathTex(rf"a_{{{k}}} = {fmt(ex.acts[2][k])}\ \Rightarrow\ \Delta w_{{{j},{k}}} = "
                                 rf"{tex_num(ft.delta_w[j, k], 2, True)}", font_size=32) for k in top])
        notes.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        boxes = VGroup(*[SurroundingRectangle(diagram.neuron(2, k), color=HIGHLIGHT, buff=0.05) for k in top])
        dim = ft.dimmest
        dim_note = MathTex(rf"a_{{{dim}}} = {fmt(ex.acts[2][dim])}\ \Rightarrow\ \Delta w_{{{j},{dim}}} = "
                           rf"{tex_num(ft.delta_w[j, dim], 2, True)}", font_size=32, color=GRAY)
        dim_note.next_to(notes, DOWN, buff=0.3).align_to(notes, LEFT)
        VGroup(notes, dim_note).to_corner(DOWN + RIGHT, buff=0.4)
        slope = -float(ex.grad_b[2][j])  # one example: the desired bias change of the output, delta
        line = DashedLine(axes.c2p(0, 0), axes.c2p(1, slope), color=HIGHLIGHT, stroke_width=3)
        self.beat(f"The thickest edges all start at the brightest neurons of layer 2. Neuron {top[0]}, at "
                  f"{fmt(ex.acts[2][top[0]])}, wants its weight up by {fmt(ft.delta_w[j, top[0]])}; neuron "
                  f"{dim}, at {fmt(ex.acts[2][dim])}, asks for only {fmt(ft.delta_w[j, dim])}. Neurons that fire "
                  "together get wired together most.")
        for k, box, note in zip(top, boxes, notes):
            edge = diagram.edge(2, j, k)
            self.play_through(Create(box), FadeIn(note, shift=LEFT * 0.2), Indicate(dots_j[k], scale_factor=2.0),
                              ShowPassingFlash(edge.copy().set_stroke(HIGHLIGHT, width=8, opacity=1), time_width=0.6),
                              share=0.3)
        self.play_through(FadeIn(dim_note, shift=LEFT * 0.2), Indicate(diagram.neuron(2, dim), color=GRAY),
                          Indicate(dots_j[dim], color=GRAY, scale_factor=2.0), share=0.45)
        self.play_through(Create(line), ripple(VGroup(*[layer2[i] for i in np.argsort(-a2[diagram.indices[2]])[:6]]),
                                               scale_factor=1.3))

        # Beat: every output at once.
        self.beat(f"The same holds for every output. Here are all {ft.delta_w.size} weights into the output layer: "
                  f"up into the {j}, down into the nine wrong answers, and in every row the biggest changes come "
                  "from the brightest neurons.")
        self.play_through(FadeOut(notes), FadeOut(dim_note), FadeOut(line), share=0.15)
        rows = [diagram.edges_into(2, int(i)) for i in diagram.indices[3]]
        other_dots = VGroup(*[_dots(axes, a2, ft.delta_w[int(i)], radius=0.05) for i in diagram.indices[3]
                              if int(i) != j])
        self.play_through(LaggedStart(*[_restyle(e.animate, d, vmax, width=4.0)
                                        for row, i in zip(rows, diagram.indices[3])
                                        for e, d in zip(row, ft.delta_w[int(i)])], lag_ratio=0.01),
                          LaggedStart(*[FadeIn(d, scale=0.3) for d in other_dots], lag_ratio=0.2), share=0.6)
        bright = VGroup(*[diagram.neuron(2, int(k)) for k in np.argsort(-ex.acts[2])[:3]])
        self.play_through(LaggedStart(*[Indicate(b, color=HIGHLIGHT, scale_factor=1.5) for b in bright],
                                      lag_ratio=0.3))
