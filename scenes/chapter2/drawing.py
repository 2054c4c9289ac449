"""Chapter 2's small drawing helpers: labelled digit grids, the cost image, output columns, boxes."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    WHITE,
    Circle,
    Group,
    ManimColor,
    RoundedRectangle,
    Text,
    VGroup,
)
from scipy.interpolate import RegularGridInterpolator

from scenes.data import get_run
from scenes.mobjects import digit_image, spread_pixels
from scenes.style import GRAY, HIGHLIGHT

ASCENT = ManimColor("#FFD400")
DESCENT = ManimColor("#58C4DD")


def probe_digit(digit: int, n_pixels: int = 16) -> tuple[int, np.ndarray, np.ndarray]:
    """The run's first held-out probe of ``digit``: its probe index, its ``(784,)`` pixels, and the
    ``(n_pixels,)`` indices of the input pixels a :class:`NetworkDiagram` draws for it."""
    run = get_run()
    probe = int(run.probes.of_digit(digit)[0])
    pixels = run.probes.images[probe]
    return probe, pixels, spread_pixels(pixels, n_pixels)


def labelled_digits(indices: np.ndarray, images: np.ndarray, labels: np.ndarray | None, cols: int,
                    height: float = 0.75) -> Group:
    """A grid of digits, each with its label (or ``?``) underneath.

    Parameters
    ----------
    indices
        Rows of ``images`` to show.
    images
        ``(n, 784)`` pixels.
    labels
        Labels of all rows, or None to show ``?``.
    cols
        Digits per grid row.
    height
        Height of one digit image.
    """
    cells = Group()
    for i in indices:
        text = "?" if labels is None else str(int(labels[i]))
        cells.add(Group(digit_image(images[i], height=height),
                        Text(text, font_size=22, color=HIGHLIGHT if labels is not None else GRAY)
                        ).arrange(DOWN, buff=0.08))
    return cells.arrange_in_grid(cols=cols, buff=(0.18, 0.18))


def cost_image(xs: np.ndarray, ys: np.ndarray, cost: np.ndarray, width_px: int = 480) -> np.ndarray:
    """The cost grid as an RGB image (row 0 = largest ``y``), color by ``log10(cost)``.

    Parameters
    ----------
    xs, ys, cost
        The landscape grid (``cost[i, j]`` at ``(xs[j], ys[i])``).
    width_px
        Output width in pixels; the height keeps the plane's aspect ratio.
    """
    from matplotlib import colormaps

    height_px = max(2, int(round(width_px * (ys[-1] - ys[0]) / (xs[-1] - xs[0]))))
    interp = RegularGridInterpolator((ys, xs), np.log10(cost))
    gx = np.linspace(xs[0], xs[-1], width_px)
    gy = np.linspace(ys[-1], ys[0], height_px)
    yy, xx = np.meshgrid(gy, gx, indexing="ij")
    values = interp(np.stack([yy.ravel(), xx.ravel()], axis=1)).reshape(height_px, width_px)
    t = (values - values.min()) / (np.ptp(values) or 1.0)
    rgb = colormaps["viridis"](t)[..., :3]
    return (rgb * 255).astype(np.uint8)


def output_column(values: np.ndarray, radius: float = 0.2, buff: float = 0.12) -> VGroup:
    """Ten output neurons (white fill = activation) with the digits 0-9 to their left."""
    rows = VGroup()
    for j, v in enumerate(values):
        c = Circle(radius=radius, stroke_color=WHITE, stroke_width=1.5).set_fill(WHITE, float(np.clip(v, 0, 1)))
        rows.add(VGroup(Text(str(j), font_size=22), c).arrange(RIGHT, buff=0.2))
    return rows.arrange(DOWN, buff=buff)


def boxed(lines: list[str], color: ManimColor, font_size: int = 24) -> VGroup:
    """Lines of text in a rounded box."""
    text = VGroup(*[Text(s, font_size=font_size) for s in lines]).arrange(DOWN, buff=0.15)
    box = RoundedRectangle(corner_radius=0.2, width=text.width + 0.6, height=text.height + 0.5, color=color)
    return VGroup(box, text.move_to(box))


def edge_style(diagram, values: list[np.ndarray], vmax: float | None = None, width: float = 4.0,
               power: float = 0.5) -> list[tuple[float, ManimColor, float]]:
    """Stroke (width, color, opacity) for every drawn edge of ``diagram`` from per-layer arrays
    ``values[l]`` of shape ``(n_out, n_in)`` (weights or gradient entries): green positive, red negative,
    width and opacity growing with ``(|v| / vmax) ** power``; ``vmax`` defaults to the largest drawn ``|v|``
    over ALL layers (so layers compare). In the order of ``diagram.edges``, layer by layer."""
    from scenes.style import NEGATIVE, POSITIVE

    subs = [np.asarray(v, dtype=float)[np.ix_(diagram.indices[l + 1], diagram.indices[l])].ravel()
            for l, v in enumerate(values)]
    vmax = float(max(np.abs(s).max() for s in subs)) if vmax is None else float(vmax)
    out = []
    for s in subs:
        t = np.clip(np.abs(s) / (vmax or 1.0), 0, 1) ** power
        out += [(0.3 + width * float(x), POSITIVE if v >= 0 else NEGATIVE, 0.1 + 0.9 * float(x))
                for v, x in zip(s, t)]
    return out


def restyled_edges(diagram, values: list[np.ndarray], **kwargs) -> VGroup:
    """A copy of ``diagram.edges`` styled by ``values`` (see :func:`edge_style`): the target of a
    ``Restyle(diagram.edges, ...)``."""
    return diagram.edges_with_strokes(edge_style(diagram, values, **kwargs))
