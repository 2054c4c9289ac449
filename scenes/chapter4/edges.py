"""Chapter 4: every edge's sensitivity and the update it causes."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    Text,
    VGroup,
    Write,
    there_and_back,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_run
from scenes.mobjects import NetworkDiagram
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter4.numbers import STEP, the_path, edge_pixels, largest_update


class Ch4EdgeSensitivities(LectureScene):
    """Per-edge dC/dw_jk of the recorded mini-batch gradient drawn on the network diagram."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, steps=(STEP,))

    def construct(self) -> None:
        run = get_run()
        path = the_path()
        snap = run.snapshot(path.step)
        grads = snap.grad_weights
        n_pixels = 16
        diagram = NetworkDiagram(run.layer_sizes, grads, shown={0: edge_pixels(grads[0], n_pixels)}, layer_buff=2.1,
                                 edge_width=4.0)
        diagram.height = 6.0
        diagram.to_edge(LEFT, buff=0.8).shift(DOWN * 0.35)
        labels = diagram.output_labels(font_size=22)
        self.add(diagram.edges)
        legend = VGroup(
            Text(f"mini-batch gradient, step {path.step}", font_size=22, color=GRAY),
            VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=POSITIVE, stroke_width=5),
                   MathTex(r"\partial C / \partial w_{jk} > 0", font_size=28)).arrange(RIGHT, buff=0.2),
            VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=NEGATIVE, stroke_width=5),
                   MathTex(r"\partial C / \partial w_{jk} < 0", font_size=28)).arrange(RIGHT, buff=0.2),
            Text("width: size, per layer", font_size=22, color=GRAY),
            Text(f"input: the {n_pixels} pixels with\nthe largest derivatives", font_size=22, color=GRAY,
                 line_spacing=0.8),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_edge(RIGHT, buff=0.5).to_edge(UP, buff=1.0)

        # Beat: diagram.
        self.beat(f"Now do this for every weight in the network. Each edge here is drawn from its own derivative in "
                  f"the mini-batch gradient at step {path.step}: green where a larger weight would raise the cost, "
                  "red where it would lower it.")
        self.add(diagram.layers, *diagram.ellipses.values(), labels)
        by_sign = {sign: VGroup(*[diagram.edge(layer, int(j), int(k))
                                  for layer, g in enumerate(grads)
                                  for j in diagram.indices[layer + 1] for k in diagram.indices[layer]
                                  if (g[j, k] > 0) == sign]) for sign in (True, False)}
        self.play(FadeIn(legend[0]), run_time=0.3 * self.remaining())
        for n, sign in enumerate((True, False)):  # the other sign's edges dim while this one's legend appears
            self.play_through(FadeIn(legend[1 + n]), by_sign[not sign].animate(rate_func=there_and_back)
                              .set_stroke(opacity=0.05), share=0.5 if sign else 1.0)

        # Beat: widths and pixels.
        self.beat(f"A thicker edge means the cost is more sensitive to that weight, compared within each layer. Of "
                  f"the 784 input pixels, we show the {n_pixels} whose edges matter most.")
        self.play_through(FadeIn(legend[3]), LaggedStart(*[Indicate(e, color=HIGHLIGHT, scale_factor=1.0)
                                                           for e in diagram.edges], lag_ratio=0.6), share=0.5)
        self.play_through(FadeIn(legend[4]), Indicate(diagram.layers[0]))

        # Beat: the largest.
        upd = largest_update(path.step)
        l, jj, kk, value = upd.layer, upd.j, upd.k, upd.grad
        self.beat(f"The most sensitive weight of all is this edge: the cost changes {fmt(value, 2)} times as fast as "
                  "this weight does. Gradient descent moves every weight against its derivative: down where the "
                  "derivative is positive, up where it is negative.")
        edge = diagram.edge(l, int(jj), kk).copy().set_stroke(HIGHLIGHT, width=6, opacity=1)
        sup = {0: "L-2", 1: "L-1", 2: "L"}[l]
        text = MathTex(rf"{{\partial C \over \partial w^{{({sup})}}_{{{int(jj)},{kk}}}}} = {tex_num(value, 2)}",
                       font_size=34).next_to(legend, DOWN, buff=0.6).align_to(legend, LEFT)
        self.play_through(Create(edge), Write(text), share=0.4)
        self.play_through(Indicate(text), share=0.4)
        self.play_through(Indicate(edge, color=HIGHLIGHT))

        # Beat: the update.
        lr, w_old = upd.lr, upd.w_old
        self.beat(f"The update subtracts the learning rate, here {lr:g}, times the derivative. So the next step of "
                  f"stochastic gradient descent moves this weight from {fmt(w_old, 3)} to {fmt(upd.w_new, 3)}, "
                  "while every other weight takes its own step at the same time.")
        update = MathTex(rf"w &\leftarrow w - \eta\, {{\partial C \over \partial w}} \\"
                         rf"&= {tex_num(w_old, 3)} - {lr:g} \times {ptex(value, 3)} \\ &= {tex_num(upd.w_new, 3)}",
                         font_size=30)
        update.next_to(text, DOWN, buff=0.4).align_to(text, LEFT)
        self.play_through(Write(update), share=0.6)
        self.play_through(Indicate(update))

        # Beat: and again.
        self.beat(f"Then the next mini-batch arrives, with new derivatives and another small step, "
                  f"{run.manifest['total_steps']:,} steps in all for this run. That is all backpropagation is: the "
                  "chain rule, applied link by link from the output back, telling every weight and bias which way "
                  "to move.")
        self.play_through(LaggedStart(*[Indicate(layer, color=HIGHLIGHT, scale_factor=1.05)
                                        for layer in reversed(diagram.layers)], lag_ratio=0.7))
