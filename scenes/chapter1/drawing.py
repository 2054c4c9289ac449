"""Chapter 1's small builders (positions, fills, pen strokes, formulas) and its scene base class."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    AnimationGroup,
    Axes,
    Circle,
    DecimalNumber,
    Line,
    ManimColor,
    MathTex,
    Square,
    Succession,
    Text,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

from scenes.base import LectureScene
from scenes.mobjects import NetworkDiagram
from scenes.style import GRAY, ACTIVATION_COLOR, BIAS_COLOR, WEIGHT_COLOR


def pixel_center(image_mob, row: int, col: int) -> np.ndarray:
    """Scene position of pixel ``(row, col)`` of a 28x28 image mobject."""
    h = image_mob.height
    return image_mob.get_center() + ((col + 0.5) / 28 - 0.5) * h * RIGHT + (0.5 - (row + 0.5) / 28) * h * UP


def fill_animations(diagram: NetworkDiagram, layer: int, values: np.ndarray) -> list:
    """Animations that set the drawn neurons of ``layer`` to ``values`` (opacity)."""
    vals = np.clip(np.asarray(values, dtype=float), 0, 1)
    return [c.animate.set_fill(WHITE, opacity=float(vals[k]))
            for c, k in zip(diagram.layers[layer], diagram.indices[layer])]


def value_labels(diagram: NetworkDiagram, labels: VGroup, values: np.ndarray) -> VGroup:
    """Output activations written to the right of the output labels."""
    out = VGroup()
    for lab, k in zip(labels, diagram.indices[-1]):
        out.add(Text(f"{float(values[k]):.2f}", font_size=22, color=GRAY).next_to(lab, RIGHT, buff=0.2))
    return out


def edges_by_sign(diagram: NetworkDiagram, weights: list[np.ndarray]) -> tuple[VGroup, VGroup]:
    """Copies of the drawn edges whose real weight is positive, and of those whose weight is negative."""
    positive, negative = VGroup(), VGroup()
    for l, lines in enumerate(diagram.edges):
        sub = np.asarray(weights[l])[np.ix_(diagram.indices[l + 1], diagram.indices[l])].ravel()
        for line, w in zip(lines, sub):
            (positive if w >= 0 else negative).add(line.copy())
    return positive, negative


def slope_probe(axes: Axes, f, slope, x: ValueTracker, half: float) -> VGroup:
    """A tangent to ``f`` (``slope`` = f') that follows ``x``, from ``x - half`` to ``x + half``,
    and a readout of its slope in the axes' upper-left corner."""
    def tangent() -> Line:
        t = x.get_value()
        y, k = f(t), slope(t)
        return Line(axes.c2p(t - half, y - k * half), axes.c2p(t + half, y + k * half), color=WHITE,
                    stroke_width=5)

    value = DecimalNumber(slope(x.get_value()), num_decimal_places=2, font_size=30)
    value.add_updater(lambda m: m.set_value(slope(x.get_value())))
    readout = VGroup(Text("slope", font_size=28), value).arrange(RIGHT, buff=0.15)
    readout.next_to(axes.c2p(axes.x_range[0], axes.y_range[1]), DOWN + RIGHT, buff=0.1)
    return VGroup(always_redraw(tangent), readout)


def tour(mobs: list, stops: list[list]) -> Succession:
    """Move ``mobs`` together through ``stops``: at stop ``k``, ``mobs[i]`` moves onto
    ``stops[k][i]`` (a point or a mobject). Built from explicit targets, since several
    ``.animate`` of one mobject in a Succession would all share its last target."""
    return Succession(*[AnimationGroup(*[Transform(m, m.copy().move_to(p)) for m, p in zip(mobs, stop)])
                        for stop in stops])


def stroke(*points, width: float = 10) -> VMobject:
    """A white pen stroke through ``points`` given in a 1.5-unit cell's coordinates."""
    line = VMobject(stroke_color=WHITE, stroke_width=width)
    line.set_points_as_corners([np.array([x, y, 0.0]) for x, y in points])
    return line


def loop(center=(0, 0), radius: float = 0.38) -> Circle:
    """A white pen loop."""
    return Circle(radius=radius, stroke_color=WHITE, stroke_width=10).move_to([center[0], center[1], 0])


def sketch_cell(*parts: VMobject) -> VGroup:
    """A cell with pen parts drawn in cell coordinates (cell centred at the origin)."""
    frame = Square(1.5, stroke_color=ManimColor("#666666"), stroke_width=1.5).set_fill("#000000", 1)
    return VGroup(frame, *parts)


def colored_formula(sup_out: str = "1", sup_in: str = "0", sup_params: str | None = None,
                    font_size: float = 48) -> MathTex:
    """``a^(out) = sigma(W a^(in) + b)`` with W, a, b in the style colors; with
    ``sup_params``, W and b carry that layer superscript too."""
    w, b = ("W", "b") if sup_params is None else (rf"W^{{({sup_params})}}", rf"b^{{({sup_params})}}")
    tex = MathTex(rf"a^{{({sup_out})}}", "=", r"\sigma\big(", w, rf"a^{{({sup_in})}}", "+", b, r"\big)",
                  font_size=font_size)
    tex[0].set_color(ACTIVATION_COLOR)
    tex[3].set_color(WEIGHT_COLOR)
    tex[4].set_color(ACTIVATION_COLOR)
    tex[6].set_color(BIAS_COLOR)
    return tex


# =================================================================== scenes
class Ch1Scene(LectureScene):
    """A chapter-1 scene: narrated beats (each lasts as long as its narration, see
    :mod:`scenes.base`)."""


# =================================================================== rasters
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def number_label(v: float) -> str:
    """A brightness as written in a cell of the number grid: ``0``, ``1`` or ``.47``."""
    if v <= 0.005:
        return "0"
    if v >= 0.995:
        return "1"
    return f"{v:.2f}"[1:]


def number_grid(pixels: np.ndarray, height: float, cell_px: int = 64):
    """A 28x28 digit as its grid of numbers (one ImageMobject, drawn with Pillow so the
    784 labels cost one texture): each cell gray at its brightness, its value written in it."""
    from PIL import Image, ImageDraw, ImageFont
    from manim import ImageMobject

    vals = np.clip(np.asarray(pixels, dtype=float).reshape(28, 28), 0, 1)
    size = 28 * cell_px
    img = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype(FONT, int(cell_px * 0.42))
    except OSError:
        font = ImageFont.load_default()
    for r in range(28):
        for c in range(28):
            v = float(vals[r, c])
            g = int(round(255 * v))
            box = (c * cell_px, r * cell_px, (c + 1) * cell_px - 1, (r + 1) * cell_px - 1)
            draw.rectangle(box, fill=(g, g, g), outline=(70, 70, 70))
            ink = (0, 0, 0) if v > 0.55 else (150, 150, 150) if v == 0 else (255, 255, 255)
            draw.text(((c + 0.5) * cell_px, (r + 0.5) * cell_px), number_label(v), fill=ink, font=font, anchor="mm")
    mob = ImageMobject(np.asarray(img))
    mob.height = height
    return mob


def learning_tour(scene, raster, snapshots: list, label, run_time: float, font_size: float = 28,
                  color: ManimColor = GRAY) -> None:
    """Play ``raster`` (a :class:`scenes.mobjects.EdgeRaster`) through the recorded
    ``snapshots`` in order, one real snapshot at a time (no interpolation), with ``label``
    (a Text) rewritten to ``"step N"`` of the snapshot on screen, over ``run_time`` seconds."""
    from manim import linear

    k = ValueTracker(0)
    cache: dict[int, np.ndarray] = {}
    shown = {"k": 0}

    def advance(m) -> None:
        j = int(round(k.get_value()))
        if j != shown["k"]:
            if j not in cache:
                cache[j] = m.set_weights(snapshots[j].weights).pixel_array
            m.pixel_array = cache[j]
            label.become(Text(f"step {snapshots[j].step:,}", font_size=font_size, color=color)
                         .move_to(label, aligned_edge=LEFT))
            shown["k"] = j

    raster.add_updater(advance)
    scene.play(k.animate.set_value(len(snapshots) - 1), run_time=run_time, rate_func=linear)
    raster.clear_updaters()
