"""Drawing pieces of the computational-graph scenes: gates, wires, numbers on wires, matrices."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    WHITE,
    AnimationGroup,
    Circle,
    Group,
    ImageMobject,
    Line,
    ManimColor,
    MathTex,
    Rectangle,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    VGroup,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE

FORWARD = ManimColor("#83C167")
BACKWARD = ManimColor("#FC6255")
MONO = "DejaVu Sans Mono"


def wire_number(value: float) -> str:
    """A number on a wire as written (and spoken): whole numbers without decimals, else 3 digits."""
    text = f"{value:.0f}" if float(value).is_integer() else fmt(value, 3)
    return "0" if text == "-0" else text


def value_text(value: float, color: ManimColor, size: int = 30) -> MathTex:
    """A number on a wire (forward values green, gradients red): :func:`wire_number`."""
    text = wire_number(value)
    return MathTex("{" + text + "}" if text.startswith("-") else text, font_size=size, color=color)


def pulse(stages: list[list[Line]], color: ManimColor, backward: bool = False) -> Succession:
    """Flashes running along the wires of each stage in turn (against the wires when ``backward``)."""
    def flash(line: Line) -> ShowPassingFlash:
        a, b = line.get_start(), line.get_end()
        return ShowPassingFlash(Line(*((b, a) if backward else (a, b)), color=color, stroke_width=7), time_width=1.0)
    return Succession(*[AnimationGroup(*[flash(line) for line in stage]) for stage in stages])


class Gate(VGroup):
    """A gate drawn as a circle with a symbol, wires in from the left and out to the right.

    Parameters
    ----------
    symbol
        MathTex of the operation, e.g. ``"+"``.
    n_in, n_out
        Number of input and output wires.
    spread
        Vertical distance between neighbouring wires.
    wire
        Horizontal length of the wires.

    Attributes
    ----------
    ins, outs : VGroup
        The wires (Lines); ``ins[i].get_start()`` is the free end of input ``i``.
    """

    def __init__(self, symbol: str, n_in: int = 2, n_out: int = 1, spread: float = 1.1,
                 wire: float = 1.8, radius: float = 0.35, **kwargs) -> None:
        super().__init__(**kwargs)
        self.body = Circle(radius=radius, color=WHITE, stroke_width=2.5)
        self.symbol = MathTex(symbol, font_size=40).move_to(self.body)
        if self.symbol.width > 1.4 * radius:
            self.symbol.scale_to_fit_width(1.4 * radius)
        self.ins = VGroup(*[Line(self.body.get_center() + LEFT * wire + UP * spread * ((n_in - 1) / 2 - i),
                                 self.body.get_left(), stroke_width=2.5) for i in range(n_in)])
        self.outs = VGroup(*[Line(self.body.get_right(),
                                  self.body.get_center() + RIGHT * wire + UP * spread * ((n_out - 1) / 2 - i),
                                  stroke_width=2.5) for i in range(n_out)])
        self.add(self.ins, self.outs, self.body, self.symbol)

    def label_in(self, i: int, text: str, size: int = 30) -> MathTex:
        """A name at the free end of input ``i``."""
        return MathTex(text, font_size=size).next_to(self.ins[i].get_start(), LEFT, buff=0.12)

    def label_out(self, i: int, text: str, size: int = 30) -> MathTex:
        """A name at the free end of output ``i``."""
        return MathTex(text, font_size=size).next_to(self.outs[i].get_end(), RIGHT, buff=0.12)


def on_wire(line: Line, mob, above: bool, where: float = 0.5) -> None:
    """Place ``mob`` above (forward value) or below (gradient) ``line`` at proportion ``where``."""
    mob.next_to(line.point_from_proportion(where), UP if above else DOWN, buff=0.1)


def matrix_image(values: np.ndarray, cell: float = 0.14, vmax: float | None = None) -> Group:
    """A matrix as ONE image: green positive, red negative, brightness ``|v| / vmax``; gray frame.

    Parameters
    ----------
    values
        2-D array.
    cell
        Side of one entry in scene units.
    vmax
        Value drawn at full brightness (default the largest ``|v|``).
    """
    v = np.asarray(values, dtype=float)
    vmax = float(np.max(np.abs(v))) if vmax is None else float(vmax)
    t = np.clip(np.abs(v) / (vmax or 1.0), 0, 1)[..., None]
    rgb = np.where(v[..., None] >= 0, np.array(POSITIVE.to_rgb()), np.array(NEGATIVE.to_rgb())) * t
    img = ImageMobject((rgb * 255).astype(np.uint8))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = cell * v.shape[0]
    return Group(img, SurroundingRectangle(img, buff=0, color=GRAY, stroke_width=1.5))


def cell_box(matrix: Group, shape: tuple[int, int], rows: tuple[int, int], cols: tuple[int, int]) -> Rectangle:
    """A yellow frame around entries ``rows[0]:rows[1]``, ``cols[0]:cols[1]`` of a :func:`shaped` matrix."""
    img = matrix[1]
    h, w = img.height / shape[0], img.width / shape[1]
    box = Rectangle(width=(cols[1] - cols[0]) * w, height=(rows[1] - rows[0]) * h, color=HIGHLIGHT, stroke_width=2.5)
    return box.move_to(img.get_corner(UL) + RIGHT * w * sum(cols) / 2 + DOWN * h * sum(rows) / 2)


def shaped(name: str, values: np.ndarray, cell: float = 0.14) -> Group:
    """:func:`matrix_image` with its name above and its shape below."""
    img = matrix_image(values, cell)
    label = MathTex(name, font_size=30).next_to(img, UP, buff=0.12)
    shape = MathTex(rf"{values.shape[0]}\times{values.shape[1]}", font_size=24, color=GRAY)
    shape.next_to(img, DOWN, buff=0.1)
    return Group(label, img, shape)
