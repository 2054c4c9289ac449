"""Chapter 3, part 7: our own backward pass (``network/mlp.py``) beside the math it carries out."""

from __future__ import annotations

import inspect
import textwrap

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
from scenes.data import Needs, SceneDataError, get_run
from scenes.numbers import fmt, ptex, tex_num
from scenes.style import ACTIVATION_COLOR, GRAY, HIGHLIGHT, WEIGHT_COLOR
from scenes.chapter3.numbers import code_values, the_example
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
    """Backpropagation as code: each line of our backward pass lights up with its formula and the real
    numbers it produces for the example."""

    NEEDS = Needs(hidden_sizes=(16, 16))

    def construct(self) -> None:
        ex = the_example()
        j = ex.label
        cv = code_values(ex)
        sizes = get_run().layer_sizes
        lines = backward_source()
        marks = mark_lines(lines)
        code = code_block(lines, font_size=28)
        code.width = min(code.width, 13.4)
        code.to_corner(UP + LEFT, buff=0.35)
        src_tag = Text("network/mlp.py, MLP.backprop_from", font_size=22, color=GRAY).to_corner(DOWN + RIGHT,
                                                                                                buff=0.35)
        y_formula = code.get_bottom()[1] - 0.75
        y_values = y_formula - 1.25
        y_txt = f"{cv.y:g}"

        def panel(formula: str, values: str, color=None) -> VGroup:
            """The line's formula (white or ``color``) over its real values (yellow), left-aligned under the code."""
            top = MathTex(formula, font_size=46, **({"color": color} if color else {}))
            low = MathTex(values, font_size=42, color=HIGHLIGHT)
            top.move_to([0, y_formula, 0]).to_edge(LEFT, buff=0.6)
            low.move_to([0, y_values, 0]).to_edge(LEFT, buff=0.6)
            return VGroup(top, low)

        panels = {
            "start": panel(r"\delta^{(3)} = 2\,(a^{(3)} - y)\odot\sigma'(z^{(3)})",
                           rf"\delta_{{{j}}} = 2\,({fmt(cv.a, 3)} - {y_txt})\times {fmt(cv.slope, 3)} = "
                           rf"{tex_num(cv.delta, 3)}"),
            "w": panel(r"\partial C/\partial w^{(l)}_{jk} = \delta_j\, a_k",
                       rf"\partial C/\partial w^{{(3)}}_{{{j},{cv.k}}} = {ptex(cv.delta, 3)} \times {fmt(cv.a_k, 3)}"
                       rf" = {tex_num(cv.dw, 3)}", WEIGHT_COLOR),
            "b": panel(r"\partial C/\partial b^{(l)}_{j} = \delta_j",
                       rf"\partial C/\partial b^{{(3)}}_{{{j}}} = {tex_num(cv.delta, 3)}"),
            "back": panel(r"\delta^{(l-1)}_k = \sigma'(z_k)\sum_j w_{jk}\,\delta_j",
                          rf"\delta^{{(2)}}_{{{cv.kb}}} = {fmt(cv.slope_b, 3)} \times {ptex(cv.total, 3)} = "
                          rf"{tex_num(cv.delta_b, 3)}", ACTIVATION_COLOR),
            "loop": panel(r"l = " + r",\ ".join(str(l) for l in range(len(sizes) - 2, -1, -1)),
                          r"\delta:\ " + r"\ \to\ ".join(str(n) for n in sizes[:0:-1]) + r"\ \text{numbers}"),
        }
        panels["b"].next_to(panels["w"], RIGHT, buff=0.8, aligned_edge=UP)

        def frame(key: str) -> SurroundingRectangle:
            return SurroundingRectangle(code[marks[key]], color=HIGHLIGHT, buff=0.07)

        def light(key: str, *keys: str) -> list:
            """Dim every code line but those of ``key`` (and ``keys``)."""
            on = {marks[k] for k in (key, *keys)}
            return [ln.animate.set_opacity(1.0 if i in on else 0.35) for i, ln in enumerate(code)]

        # Beat: the code.
        self.beat("Everything we did by hand fits in a few lines of our own code: the backward pass of the network "
                  f"that made every number in this chapter. Each line will light up with the math it carries out, "
                  f"and what it computes for our training {j}.")
        self.play_through(FadeIn(src_tag), LaggedStart(*[FadeIn(ln, shift=RIGHT * 0.3) for ln in code],
                                                       lag_ratio=0.2), share=0.7)
        self.play_through(ripple(code, scale_factor=1.04))

        # Beat: the output's delta.
        self.beat(f"The first line starts at the outputs: twice the gap between output and target, times the slope "
                  f"of the sigmoid. The {j} output is at {fmt(cv.a, 3)}, its target is {y_txt}, the slope is "
                  f"{fmt(cv.slope, 3)}, so delta is {fmt(cv.delta, 3)}.")
        box = frame("start")
        start = panels["start"]
        self.play_through(*light("start"), Create(box), Write(start[0]), share=0.4)
        self.play_through(FadeIn(start[1], shift=UP * 0.3), share=0.6)
        self.play_through(Indicate(start[1], scale_factor=1.08))

        # Beat: weights and biases.
        pw, pb = panels["w"], panels["b"]
        self.beat(f"Inside the loop, a weight's slope is delta times the activation feeding it. Neuron {cv.k} of "
                  f"layer 2 is the brightest, at {fmt(cv.a_k, 3)}, so its weight into the {j} output gets "
                  f"{fmt(cv.dw, 3)}. A bias's slope is delta itself.")
        self.play_through(*light("w"), box.animate.become(frame("w")), FadeOut(start, shift=DOWN * 0.3),
                          Write(pw[0]), share=0.3)
        self.play_through(FadeIn(pw[1], shift=UP * 0.3), share=0.45)
        self.play_through(*light("b"), box.animate.become(frame("b")), FadeIn(pb, shift=LEFT * 0.3))

        # Beat: one layer back.
        pk = panels["back"]
        self.beat(f"The last line hands delta one layer back. Through the weights, neuron {cv.kb} of layer 2 "
                  f"collects every output's delta times its weight, {fmt(cv.total, 3)} in all: the stacked wishes with "
                  f"the sign turned, since a slope points uphill. Times its own slope, {fmt(cv.slope_b, 3)}, that is "
                  f"its delta, {fmt(cv.delta_b, 3)}.")
        self.play_through(*light("back"), box.animate.become(frame("back")), FadeOut(pw, shift=DOWN * 0.3),
                          FadeOut(pb, shift=DOWN * 0.3), Write(pk[0]), share=0.35)
        self.play_through(FadeIn(pk[1], shift=UP * 0.3), share=0.5)
        self.play_through(Indicate(pk[1], scale_factor=1.08))

        # Beat: the loop.
        loop = panels["loop"]
        self.beat(f"The loop runs from the last layer to the first, and delta holds {sizes[-1]} numbers, then "
                  f"{sizes[-2]}, then {sizes[-3]}. With a whole mini-batch, delta has one row per example, and the "
                  "matrix product adds their wishes up into the average we met before.")
        self.play_through(*light("loop"), box.animate.become(frame("loop")), FadeOut(pk, shift=DOWN * 0.3),
                          FadeIn(loop, shift=UP * 0.3), share=0.25)
        for key in ("w", "b", "back", "w", "b", "back", "w", "b"):
            self.play_through(*light(key), box.animate.become(frame(key)), share=0.07, min_run_time=0.4)
        self.play_through(*[ln.animate.set_opacity(1.0) for ln in code], FadeOut(box), ripple(loop[1], scale_factor=1.1))
