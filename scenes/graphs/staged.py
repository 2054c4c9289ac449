"""Staged computation: the forward pass in named variables, the backward pass in reverse."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    AnimationGroup,
    Create,
    FadeIn,
    Indicate,
    Line,
    MathTex,
    Succession,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import ANY_RUN
from scenes.graphs.drawing import BACKWARD, FORWARD, MONO, Gate, on_wire, pulse, value_text, wire_number
from scenes.graphs.numbers import simple_circuit
from scenes.style import GRAY, HIGHLIGHT

class GraphCode(LectureScene):
    """Forward and backward code beside the graph of f = (x + y) z."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        c = simple_circuit()
        n = {k: wire_number(v) for k, v in c.items()}  # as on the wires and in the comments
        title = Text("The same thing in code", font_size=32).to_edge(UP, buff=0.3)
        add = Gate("+", n_in=2, n_out=1, spread=2.0, wire=2.2, radius=0.3)
        mul = Gate(r"\times", n_in=2, n_out=1, spread=2.0, wire=2.2, radius=0.3)
        mul.shift(add.outs[0].get_end() - mul.ins[0].get_start())
        z_wire = Line(add.ins[1].get_start() + DOWN * 1.2, mul.ins[1].get_start(), stroke_width=2.5)
        graph = VGroup(add, mul, z_wire)
        names = VGroup(add.label_in(0, "x"), add.label_in(1, "y"),
                       MathTex("z", font_size=30).next_to(z_wire.get_start(), LEFT, buff=0.12), mul.label_out(0, "f"))
        wires = {"x": add.ins[0], "y": add.ins[1], "z": z_wire, "q": add.outs[0], "f": mul.outs[0]}
        val, grad = {}, {}
        for key, wire in wires.items():
            val[key], grad[key] = value_text(c[key], FORWARD, 32), value_text(c["d" + key], BACKWARD, 32)
            on_wire(wire, val[key], above=True, where=0.35)
            on_wire(wire, grad[key], above=False, where=0.35)
        drawing = VGroup(graph, names, *val.values(), *grad.values())
        drawing.scale_to_fit_width(6.9).to_edge(LEFT, buff=0.4).shift(DOWN * 0.3)
        stages = [[add.ins[0], add.ins[1]], [add.outs[0], z_wire], [*mul.ins], [mul.outs[0]]]
        forward = [
            f"x, y, z = {n['x']}, {n['y']}, {n['z']}",
            "# forward pass",
            f"q = x + y        # {n['q']}",
            f"f = q * z        # {n['f']}",
        ]
        backward = [
            "# backward pass, in reverse",
            f"dfdz = q         # {n['dz']}",
            f"dfdq = z         # {n['dq']}",
            f"dfdx = 1.0 * dfdq  # {n['dx']}",
            f"dfdy = 1.0 * dfdq  # {n['dy']}",
        ]
        fcode = VGroup(*[Text(line, font=MONO, font_size=20, color=GRAY if line.startswith("#") else WHITE)
                         for line in forward]).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        bcode = VGroup(*[Text(line, font=MONO, font_size=20, color=GRAY if line.startswith("#") else WHITE)
                         for line in backward]).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        code = VGroup(fcode, bcode).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        code.to_edge(RIGHT, buff=0.35).set_y(-0.2)
        self.add(graph)

        # Beat: forward code.
        self.beat(f"Here is the same graph written as code. The forward pass runs from top to bottom: it sets "
                  f"the inputs, computes q, then f, and keeps every intermediate result in a variable. Those "
                  f"variables hold exactly the green values on the wires: q is {n['q']} and f is {n['f']}.")
        self.play(Write(title), FadeIn(names), run_time=0.15 * self.remaining())
        self.play_through(FadeIn(fcode[0]), *[FadeIn(val[k]) for k in "xyz"], share=0.2)
        self.play_through(FadeIn(fcode[1:3]), FadeIn(val["q"]), pulse(stages[:2], FORWARD), share=0.3)
        self.play_through(FadeIn(fcode[3]), FadeIn(val["f"]), pulse(stages[2:], FORWARD), share=0.4)
        self.play_through(Succession(AnimationGroup(Indicate(fcode[2]), Indicate(val["q"])),
                                     AnimationGroup(Indicate(fcode[3]), Indicate(val["f"]))))

        # Beat: backward code.
        self.beat(f"The backward pass walks the same steps in reverse, one local rule per line. The multiply gate "
                  f"comes first: the gradient on z is just the value of q, {n['dz']}, and the gradient on q is the "
                  f"value of z, {n['dq']}. Then the add gate hands {n['dq']} on to both x and y.")
        self.play_through(FadeIn(bcode[0]), FadeIn(grad["f"]), pulse(stages[3:], BACKWARD, backward=True), share=0.2)
        self.play_through(FadeIn(bcode[1]), TransformFromCopy(val["q"], grad["z"]), share=0.35)
        self.play_through(FadeIn(bcode[2]), TransformFromCopy(val["z"], grad["q"]), share=0.5)
        self.play_through(FadeIn(bcode[3:]), TransformFromCopy(grad["q"], grad["x"]),
                          TransformFromCopy(grad["q"], grad["y"]))

        # Beat: the add gate's lines, the sweep.
        self.beat(f"The two boxed lines multiply by 1.0, which changes nothing: that is why x and y end up with "
                  f"the same gradient, {n['dx']}. And that is backpropagation in miniature: a forward pass that "
                  "remembers its values, then one sweep backward in which every gate applies its own small rule.")
        box = SurroundingRectangle(VGroup(*bcode[3:]), color=HIGHLIGHT, buff=0.08)
        self.play_through(Create(box), share=0.25)
        self.play_through(Indicate(grad["x"]), Indicate(grad["y"]), share=0.3)
        self.play_through(pulse(stages, FORWARD), share=0.45)
        self.play_through(pulse(stages[::-1], BACKWARD, backward=True))
