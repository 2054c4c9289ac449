"""Chapter 3, part 7: our own backward pass (``network/mlp.py``) beside the math it carries out."""

from __future__ import annotations

import inspect
import textwrap

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
    LaggedStart,
    MathTex,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from network import MLP
from scenes.base import LectureScene
from scenes.data import Needs, SceneDataError
from scenes.numbers import fmt, tex_num
from scenes.style import ACTIVATION_COLOR, GRAY, HIGHLIGHT, WEIGHT_COLOR
from scenes.chapter3.numbers import the_example
from scenes.chapter3.drawing import ripple

#: The code lines the scene points at, by a piece of their text, in the order it explains them.
MARKS = {
    "start": "output_delta(",
    "loop": "for l in range(",
    "w": "nabla_w[l] =",
    "b": "nabla_b[l] =",
    "back": "delta = (delta @",
}


def backward_source() -> list[str]:
    """The body of :meth:`MLP.backprop_from` (our backward pass) without its docstring, as lines."""
    src = textwrap.dedent(inspect.getsource(MLP.backprop_from))
    body = src.split('"""')[-1].splitlines()
    lines = [ln.split("  #")[0].rstrip() for ln in body if ln.strip()]
    return [ln[4:] if ln.startswith("    ") else ln for ln in lines]


def mark_lines(lines: list[str]) -> dict[str, int]:
    """Index of each line of :data:`MARKS`; a one-line error if the backward pass changed shape."""
    found = {}
    for key, piece in MARKS.items():
        hits = [i for i, ln in enumerate(lines) if piece in ln]
        if not hits:
            raise SceneDataError(f"network/mlp.py's MLP.backprop_from has no line with {piece!r}; "
                                 "Ch3BackpropCode draws that line and needs updating")
        found[key] = hits[0]
    return found


def code_block(lines: list[str], font_size: float = 22) -> VGroup:
    """The code as one monospace Text per line, indented by its leading spaces."""
    probe = Text("m" * 10, font="DejaVu Sans Mono", font_size=font_size)
    char = probe.width / 10
    group = VGroup()
    for ln in lines:
        text = Text(ln.strip(), font="DejaVu Sans Mono", font_size=font_size)
        text.indent = (len(ln) - len(ln.lstrip())) * char
        group.add(text)
    group.arrange(DOWN, aligned_edge=LEFT, buff=0.18)
    for text in group:
        text.shift(RIGHT * text.indent)
    return group


class Ch3BackpropCode(LectureScene):
    """Backpropagation as code: each line of our backward pass beside its formula, with the real numbers."""

    NEEDS = Needs(hidden_sizes=(16, 16))

    def construct(self) -> None:
        ex = the_example()
        j = ex.label
        delta_out = float(ex.grad_b[2][j])  # one example: the bias gradient is delta itself
        top = int(np.argmax(ex.acts[2]))
        w_top = float(ex.grad_w[2][j, top])
        lines = backward_source()
        marks = mark_lines(lines)
        code = code_block(lines, font_size=26)
        code.width = min(code.width, 12.6)
        code.to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.35)
        src_tag = Text("network/mlp.py, MLP.backprop_from", font_size=22, color=GRAY)
        src_tag.next_to(code, UP, buff=0.2).align_to(code, LEFT)

        math = {
            "start": MathTex(r"\delta^{(3)} = 2\,(a^{(3)} - y)\odot\sigma'(z^{(3)})", font_size=44),
            "w": MathTex(r"\frac{\partial C}{\partial w^{(l)}_{jk}} = \delta^{(l)}_j\,a^{(l-1)}_k",
                         font_size=44, color=WEIGHT_COLOR),
            "b": MathTex(r"\frac{\partial C}{\partial b^{(l)}_j} = \delta^{(l)}_j", font_size=44),
            "back": MathTex(r"\delta^{(l-1)}_k = \sigma'(z_k)\sum_j w_{jk}\,\delta^{(l)}_j", font_size=44,
                            color=ACTIVATION_COLOR),
        }
        y_math = code.get_bottom()[1] - 1.1
        for mob in math.values():
            mob.move_to([-3.2, y_math, 0])
        math["b"].next_to(math["w"], RIGHT, buff=0.6)
        x_math = 4.2

        def frame(key: str) -> SurroundingRectangle:
            return SurroundingRectangle(code[marks[key]], color=HIGHLIGHT, buff=0.08)

        # Beat: the code.
        self.beat("Everything we have done by hand fits in a few lines of our own code. This is the backward pass "
                  "of the network that made every number in this chapter, and beside it, the math each line "
                  "carries out.")
        self.play_through(FadeIn(src_tag), LaggedStart(*[FadeIn(ln, shift=RIGHT * 0.2) for ln in code],
                                                       lag_ratio=0.15), share=0.7)
        self.play_through(ripple(code, scale_factor=1.05))

        # Beat: the output's delta.
        self.beat(f"The first line starts at the outputs: twice the gap between output and target, times the "
                  f"slope of the sigmoid. For our training {j}, the entry for the {j} output is {fmt(delta_out, 3)}. "
                  f"Flip its sign and it is the bias change the {j} neuron wished for earlier.")
        box = frame("start")
        number = MathTex(rf"\delta^{{(3)}}_{{{j}}} = {tex_num(delta_out, 3)}", font_size=38, color=HIGHLIGHT)
        number.move_to([x_math, y_math, 0])
        self.play_through(Create(box), Write(math["start"]), share=0.45)
        self.play_through(FadeIn(number, shift=UP * 0.2), share=0.5)
        self.play_through(Indicate(number))

        # Beat: weights and biases.
        self.beat(f"Inside the loop, two lines turn delta into the gradient of one layer. A bias takes delta "
                  f"itself; a weight takes delta times the activation feeding it. Neuron {top} of layer 2 is "
                  f"the brightest, so its weight into the {j} output gets {fmt(w_top, 3)}, the largest share.")
        number_w = MathTex(rf"\frac{{\partial C}}{{\partial w_{{{j},{top}}}}} = {tex_num(w_top, 3)}", font_size=38,
                           color=HIGHLIGHT).move_to(number)
        self.play_through(box.animate.become(frame("w")), FadeOut(math["start"]), Write(math["w"]), share=0.35)
        self.play_through(Write(math["b"]), share=0.3)
        self.play_through(FadeOut(number, shift=UP * 0.2), FadeIn(number_w, shift=UP * 0.2), share=0.5)
        self.play_through(Indicate(VGroup(code[marks["w"]], code[marks["b"]])))

        # Beat: one layer back.
        self.beat("The last line is the sum of wishes. Multiply delta by the weights, so each neuron of the layer "
                  "below collects what every neuron above wants of it, then scale by its own sigmoid slope. "
                  "That is the new delta, one layer further back.")
        self.play_through(box.animate.become(frame("back")), FadeOut(math["w"]), FadeOut(math["b"]),
                          Write(math["back"]), share=0.45)
        self.play_through(Indicate(math["back"], scale_factor=1.1), share=0.5)
        self.play_through(Indicate(code[marks["back"]]))

        # Beat: the loop.
        self.beat("The loop runs from the last layer to the first, three times for our three layers of weights. "
                  "With a whole mini-batch, delta simply has one row per example, and the matrix product adds "
                  "their wishes up into the average we met before. Backpropagation, start to finish.")
        self.play_through(box.animate.become(frame("loop")), share=0.25)
        for key in ("w", "b", "back", "w", "b"):
            self.play_through(box.animate.become(frame(key)), share=0.15, min_run_time=0.4)
        self.play_through(ripple(VGroup(math["back"], number_w), scale_factor=1.05))
