"""Chapter 3's small mobjects: nudge arrows, ripples, digit strips, the example's diagram."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Arrow,
    ImageMobject,
    Indicate,
    LaggedStart,
    VMobject,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.data import get_run
from scenes.mobjects import NetworkDiagram, spread_pixels
from scenes.style import HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter3.numbers import Example


def nudge_arrow(circle: VMobject, change: float, scale: float, x_offset: float = 0.45) -> Arrow:
    """A vertical arrow beside ``circle``: up (green) to increase, down (red) to decrease,
    length ``scale * |change|``, centered on the neuron's height."""
    length = max(abs(change) * scale, 0.06)
    direction = UP if change >= 0 else DOWN
    center = circle.get_center() + x_offset * RIGHT
    return Arrow(
        center - direction * length / 2, center + direction * length / 2, buff=0,
        color=POSITIVE if change >= 0 else NEGATIVE, stroke_width=4,
        max_tip_length_to_length_ratio=0.45, max_stroke_width_to_length_ratio=12,
    )


def ripple(group: VMobject, color=HIGHLIGHT, scale_factor: float = 1.2) -> LaggedStart:
    """Highlight the members of ``group`` one after another (in place, unlike one Indicate of the whole)."""
    return LaggedStart(*[Indicate(m, color=color, scale_factor=scale_factor) for m in group], lag_ratio=0.1)


def digits_strip(images: np.ndarray, height: float = 0.6, gap: int = 2) -> ImageMobject:
    """Several 28x28 digits side by side as ONE image (gray gaps between them)."""
    tiles = []
    for k, im in enumerate(np.asarray(images, dtype=float)):
        if k:
            tiles.append(np.full((28, gap), 0.3))
        tiles.append(np.clip(im.reshape(28, 28), 0, 1))
    gray = np.hstack(tiles)
    img = ImageMobject(np.repeat((gray[..., None] * 255).astype(np.uint8), 3, axis=2))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = height
    return img


def example_diagram(ex: Example, height: float = 6.4, layer_buff: float = 2.0) -> NetworkDiagram:
    """The snapshot's network with the example's activations filled in (``height`` tall; a larger
    ``layer_buff`` spreads the layers wider)."""
    run = get_run()
    diagram = NetworkDiagram(run.layer_sizes, run.snapshot(ex.step).weights, shown={0: spread_pixels(ex.pixels)},
                             layer_buff=layer_buff)
    diagram.height = height
    diagram.set_activations(ex.acts)
    return diagram
