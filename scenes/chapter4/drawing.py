"""Chapter 4's small drawing helpers: chain neurons, number lines, pixel marks."""

from __future__ import annotations

import math

import numpy as np
from manim import (
    ManimColor,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    Circle,
    Group,
    NumberLine,
    Square,
)

from scenes.style import HIGHLIGHT

COST_COLOR = ManimColor("#FF6B6B")


def chain_neuron(activation: float, radius: float = 0.35) -> Circle:
    """A neuron of the chain: white fill with opacity = activation."""
    return Circle(radius=radius, stroke_color=WHITE, stroke_width=2).set_fill(WHITE, float(np.clip(activation, 0, 1)))


def value_line(lo: float, hi: float, step: float, length: float = 3.2) -> NumberLine:
    """A small number line from ``lo`` to ``hi`` with numbers every ``step``."""
    return NumberLine(x_range=[lo, hi, step], length=length, include_numbers=True,
                      decimal_number_config={"num_decimal_places": _decimals(step)}, font_size=22)


def _decimals(step: float) -> int:
    return max(0, -int(math.floor(math.log10(step) + 1e-9)))


def nice_range(values: list[float], ticks: int = 4) -> tuple[float, float, float]:
    """A rounded ``(lo, hi, step)`` covering ``values`` with room around them."""
    lo, hi = min(values), max(values)
    span = max(hi - lo, 1e-6) * 3
    raw = span / ticks
    step = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * step:
            step *= m
            break
    mid = (lo + hi) / 2
    lo_t = math.floor((mid - span / 2) / step) * step
    hi_t = math.ceil((mid + span / 2) / step) * step
    return lo_t, hi_t, step


def pixel_square(digit: Group, index: int) -> Square:
    """A highlight square around pixel ``index`` (row-major 28x28) of a :func:`digit_image`."""
    img = digit[0]
    side = img.height / 28
    row, col = divmod(int(index), 28)
    corner = img.get_corner(UP + LEFT)
    return Square(side, color=HIGHLIGHT, stroke_width=3).move_to(corner + side * ((col + 0.5) * RIGHT + (row + 0.5) * DOWN))


