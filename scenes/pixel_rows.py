"""A 28x28 digit cut into its rows, and the rows unrolled into one column.

* :func:`pixel_rows` — the image as 28 strips (one ``ImageMobject`` each, nearest
  pixels), stacked so that together they look like the digit.
* :func:`unrolled_rows` — where each strip goes when the rows are laid end to end
  in one column, top to bottom, so the column reads the pixels in reading order.

Both take arrays, never load files.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, PI, Group, ImageMobject
from manim.constants import RESAMPLING_ALGORITHMS


def pixel_strip(values: np.ndarray, width: float, height: float) -> ImageMobject:
    """One row of grayscale values in ``[0, 1]`` as a ``width x height`` strip."""
    gray = (np.clip(np.asarray(values, dtype=float).reshape(1, -1), 0, 1) * 255).astype(np.uint8)
    img = ImageMobject(np.repeat(gray[..., None], 3, axis=2))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    return img.stretch_to_fit_width(width).stretch_to_fit_height(height)


def pixel_rows(pixels: np.ndarray, height: float = 4.0, gap: float = 0.0) -> Group:
    """A 28x28 image (784 values in ``[0, 1]``) as 28 row strips, top row first.

    With ``gap`` > 0 the strips are pulled apart by that much, the image cut open.
    """
    rows = np.asarray(pixels, dtype=float).reshape(28, 28)
    cell = height / 28
    strips = Group(*[pixel_strip(r, height, cell) for r in rows])
    strips.arrange(DOWN, buff=gap)
    return strips


def unrolled_rows(rows: Group, column_height: float, column_width: float, top: np.ndarray) -> list[ImageMobject]:
    """Targets for :func:`pixel_rows` strips laid end to end in one column.

    Each strip turns a quarter clockwise (its left end goes up), so reading the
    column from ``top`` down visits the pixels in reading order: row 0 left to
    right, then row 1, and so on. The column is ``column_width`` wide and
    ``column_height`` tall, each strip a 28th of it.
    """
    n = len(rows)
    piece = column_height / n
    targets = []
    for k, strip in enumerate(rows):
        t = strip.copy().rotate(-PI / 2)
        t.stretch_to_fit_width(column_width).stretch_to_fit_height(piece)
        t.move_to(np.asarray(top) + (k + 0.5) * piece * DOWN)
        targets.append(t)
    return targets


def column_position(index: int, column_top: np.ndarray, column_height: float, n: int = 784) -> np.ndarray:
    """Point of pixel ``index`` (reading order) in an unrolled column of ``n`` pixels."""
    return np.asarray(column_top, dtype=float) + ((index + 0.5) / n) * column_height * DOWN
