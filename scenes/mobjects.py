"""Reusable mobjects that draw network data. They take arrays, never load files.

* :func:`digit_image` — a 28x28 digit as ONE image (nearest-neighbour pixels);
  :func:`digit_rgba` — its pixel array.
* :func:`weight_image` — 784 weights as a 28x28 green/red image.
* :class:`GlyphText` — one line of text re-set every frame from glyphs rendered once.
* :class:`NetworkDiagram` — neurons (fill = activation) and edges (color =
  sign, width/opacity = magnitude of the real weights).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    WHITE,
    Brace,
    Circle,
    ImageMobject,
    Line,
    MathTex,
    SurroundingRectangle,
    Text,
    VGroup,
    Group,
    ManimColor,
    ORIGIN,
    VMobject,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.style import HIGHLIGHT, NEGATIVE, NEURON_RADIUS, NEURON_STROKE, POSITIVE


# ------------------------------------------------------------------- images
def _pixel_image(rgb: np.ndarray, height: float) -> ImageMobject:
    img = ImageMobject(rgb)
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = height
    return img


def digit_rgba(pixels: np.ndarray) -> np.ndarray:
    """784 (or 28x28) grayscale values in ``[0, 1]`` as the ``(28, 28, 4)`` uint8 pixel array of
    :func:`digit_image`'s image: give a shown digit new pixels by assigning it to ``pixel_array``."""
    gray = (np.clip(np.asarray(pixels, dtype=float).reshape(28, 28, 1), 0, 1) * 255).astype(np.uint8)
    return np.concatenate([np.repeat(gray, 3, axis=2), np.full_like(gray, 255)], axis=2)


def digit_image(pixels: np.ndarray, height: float = 2.0, frame: bool = True) -> Group:
    """A handwritten digit drawn as one image.

    Parameters
    ----------
    pixels
        784 (or 28x28) grayscale values in ``[0, 1]``.
    height
        Height in scene units.
    frame
        Draw a thin gray border (so black pixels at the edge still read as an image).

    Returns
    -------
    Group
        ``[image]`` or ``[image, border]``; ``group[0]`` is the image.
    """
    img = _pixel_image(digit_rgba(pixels), height)
    if not frame:
        return Group(img)
    border = SurroundingRectangle(img, buff=0, color=ManimColor("#666666"), stroke_width=1.5)
    return Group(img, border)


def weight_rgb(weights: np.ndarray, vmax: float | None = None) -> np.ndarray:
    """784 weights to a ``(28, 28, 3)`` uint8 image: green positive, red negative,
    brightness ``|w| / vmax`` (``vmax`` defaults to the largest ``|w|``)."""
    w = np.asarray(weights, dtype=float).reshape(28, 28)
    vmax = float(np.max(np.abs(w))) if vmax is None else float(vmax)
    t = np.clip(np.abs(w) / (vmax or 1.0), 0, 1)[..., None]
    pos = np.array(POSITIVE.to_rgb())
    neg = np.array(NEGATIVE.to_rgb())
    rgb = np.where(w[..., None] >= 0, pos, neg) * t
    return (rgb * 255).astype(np.uint8)


def weight_image(weights: np.ndarray, height: float = 2.0, vmax: float | None = None, frame: bool = True) -> Group:
    """784 incoming weights of one neuron as a 28x28 grid (see :func:`weight_rgb`).

    Returns ``Group(image[, border])`` like :func:`digit_image`.
    """
    img = _pixel_image(weight_rgb(weights, vmax), height)
    if not frame:
        return Group(img)
    return Group(img, SurroundingRectangle(img, buff=0, color=ManimColor("#666666"), stroke_width=1.5))


def signed_color(value: float, vmax: float) -> ManimColor:
    """Green for positive, red for negative, fading to black at zero."""
    t = float(np.clip(abs(value) / (vmax or 1.0), 0, 1))
    base = POSITIVE if value >= 0 else NEGATIVE
    return ManimColor(np.array(base.to_rgb()) * t)


# ------------------------------------------------------------------ network
def shown_indices(n: int, max_shown: int) -> np.ndarray:
    """Which neurons of a layer of ``n`` are drawn: all, or the first and last
    ``max_shown // 2`` around an ellipsis."""
    if n <= max_shown:
        return np.arange(n)
    half = max_shown // 2
    return np.concatenate([np.arange(half), np.arange(n - half, n)])


def spread_pixels(image: np.ndarray, n: int = 16) -> np.ndarray:
    """``n`` indices of the lit (non-zero) pixels of ``image``, evenly spread over
    them in reading order: the input neurons to draw (``NetworkDiagram(shown={0: ...})``)
    so that they light up with varied brightness."""
    nonzero = np.flatnonzero(np.asarray(image) > 0)
    return nonzero[np.linspace(0, nonzero.size - 1, n).round().astype(int)]


def _set_strokes(lines, strokes: Sequence[tuple[float, ManimColor, float]]):
    """Give each of ``lines`` its ``(width, color, opacity)`` from ``strokes``; returns ``lines``."""
    for line, (width, color, opacity) in zip(lines, strokes):
        line.set_stroke(color=color, width=width, opacity=opacity)
    return lines


class NetworkDiagram(VGroup):
    """Layers of neurons and the edges between them.

    Parameters
    ----------
    layer_sizes
        E.g. ``[784, 16, 16, 10]``.
    weights
        Optional ``weights[l]`` of shape ``(n_out, n_in)``; edges get color by
        sign and stroke width/opacity by ``|w|`` relative to the layer's
        largest shown weight. Without weights, edges are thin and gray.
    max_shown
        Larger layers show this many neurons around a vertical ellipsis.
    layer_buff, neuron_buff
        Horizontal gap between layers, vertical gap between neurons.
    radius
        Neuron radius.
    edge_width
        Stroke width of the strongest edge.
    shown
        Optional ``{layer: indices}`` choosing which neurons of a truncated
        layer are drawn (e.g. central pixels rather than the blank border);
        an even count, drawn as two halves around the ellipsis.

    Attributes
    ----------
    layers : VGroup
        ``layers[l]`` is a VGroup of the drawn neurons (Circles) of layer ``l``.
    indices : list of ndarray
        ``indices[l][i]`` is the real neuron index of ``layers[l][i]``.
    ellipses : dict
        Layer -> the ``\\vdots`` mobject for truncated layers.
    edges : VGroup
        ``edges[l]`` is a VGroup of Lines from layer ``l`` to ``l + 1``, in
        order ``(j, k)`` for ``j`` in shown outputs, ``k`` in shown inputs.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        weights: Sequence[np.ndarray] | None = None,
        max_shown: int = 16,
        layer_buff: float = 2.3,
        neuron_buff: float = 0.12,
        radius: float = NEURON_RADIUS,
        edge_width: float = 2.5,
        shown: dict[int, Sequence[int]] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.layer_sizes = list(layer_sizes)
        self.indices = [shown_indices(n, max_shown) for n in self.layer_sizes]
        for layer, chosen in (shown or {}).items():
            self.indices[layer] = np.asarray(chosen, dtype=int)
        self.ellipses: dict[int, MathTex] = {}
        self.layers = VGroup()
        for l, idx in enumerate(self.indices):
            column = VGroup(
                *[Circle(radius=radius, stroke_color=NEURON_STROKE, stroke_width=1.5).set_fill(WHITE, 0) for _ in idx]
            )
            if len(idx) < self.layer_sizes[l]:
                half = len(idx) // 2
                dots = MathTex(r"\vdots").scale(0.7)
                column.arrange(DOWN, buff=neuron_buff)
                top, bottom = VGroup(*column[:half]), VGroup(*column[half:])
                VGroup(top, dots, bottom).arrange(DOWN, buff=neuron_buff * 1.5)
                self.ellipses[l] = dots
            else:
                column.arrange(DOWN, buff=neuron_buff)
            self.layers.add(column)
        self.layers.arrange(RIGHT, buff=layer_buff)
        for l, dots in self.ellipses.items():
            dots.move_to([self.layers[l].get_center()[0], dots.get_center()[1], 0])
        self.edges = VGroup(*[self._make_edges(l, None if weights is None else weights[l], edge_width)
                              for l in range(len(self.layer_sizes) - 1)])
        self.add(self.edges, self.layers, *self.ellipses.values())

    def _make_edges(self, l: int, w: np.ndarray | None, edge_width: float) -> VGroup:
        ins, outs = self.indices[l], self.indices[l + 1]
        lines = VGroup()
        for a in range(len(outs)):
            for b in range(len(ins)):
                lines.add(Line(self.layers[l][b].get_right(), self.layers[l + 1][a].get_left()))
        return _set_strokes(lines, self._edge_strokes(l, w, edge_width))

    def _edge_strokes(self, l: int, w: np.ndarray | None, edge_width: float) -> list[tuple[float, ManimColor, float]]:
        """(width, color, opacity) of each drawn edge from layer ``l``, in the order of ``edges[l]``."""
        ins, outs = self.indices[l], self.indices[l + 1]
        if w is None:
            return [(0.6, ManimColor("#888888"), 0.5)] * (len(ins) * len(outs))
        sub = np.asarray(w)[np.ix_(outs, ins)].ravel()
        t = np.abs(sub) / (float(np.max(np.abs(sub))) or 1.0)
        return [(0.3 + edge_width * float(x), POSITIVE if v >= 0 else NEGATIVE, 0.15 + 0.85 * float(x))
                for v, x in zip(sub, t)]

    def styled_edges(self, weights: Sequence[np.ndarray], edge_width: float = 2.5) -> VGroup:
        """A copy of :attr:`edges` styled as a diagram drawn with ``weights`` would style them
        (``weights[l]`` of shape ``(n_out, n_in)``): the target of a
        :class:`~scenes.animations.Restyle` of the edges to new weights."""
        return self.edges_with_strokes([s for l, w in enumerate(weights) for s in self._edge_strokes(l, w, edge_width)])

    def edges_with_strokes(self, strokes: Sequence[tuple[float, ManimColor, float]]) -> VGroup:
        """A copy of :attr:`edges` with one ``(width, color, opacity)`` per drawn edge, layer by
        layer in the order of :attr:`edges`."""
        target = self.edges.copy()
        _set_strokes([line for lines in target for line in lines], strokes)
        return target

    # ------------------------------------------------------------- accessors
    def neuron(self, layer: int, index: int) -> Circle:
        """The circle of real neuron ``index`` in ``layer`` (must be drawn)."""
        pos = np.flatnonzero(self.indices[layer] == index)
        if pos.size == 0:
            raise IndexError(f"neuron {index} of layer {layer} is not drawn (hidden behind the ellipsis)")
        return self.layers[layer][int(pos[0])]

    def edge(self, layer: int, j: int, k: int) -> Line:
        """The line from neuron ``k`` of ``layer`` to neuron ``j`` of ``layer + 1``."""
        a = int(np.flatnonzero(self.indices[layer + 1] == j)[0])
        b = int(np.flatnonzero(self.indices[layer] == k)[0])
        return self.edges[layer][a * len(self.indices[layer]) + b]

    def edges_into(self, layer: int, j: int) -> VGroup:
        """All drawn edges into neuron ``j`` of layer ``layer + 1``."""
        n_in = len(self.indices[layer])
        a = int(np.flatnonzero(self.indices[layer + 1] == j)[0])
        return VGroup(*self.edges[layer][a * n_in : (a + 1) * n_in])

    # ------------------------------------------------------------ activation
    def set_layer_activations(self, layer: int, values: np.ndarray) -> "NetworkDiagram":
        """Fill the drawn neurons of ``layer`` with white at opacity = activation."""
        values = np.clip(np.asarray(values, dtype=float), 0, 1)
        for circle, idx in zip(self.layers[layer], self.indices[layer]):
            circle.set_fill(WHITE, opacity=float(values[idx]))
        return self

    def set_activations(self, activations: Sequence[np.ndarray]) -> "NetworkDiagram":
        """Fill every layer (``activations[l]`` has ``layer_sizes[l]`` entries)."""
        for l, values in enumerate(activations):
            self.set_layer_activations(l, values)
        return self

    def clear_activations(self) -> "NetworkDiagram":
        for column in self.layers:
            for circle in column:
                circle.set_fill(WHITE, opacity=0)
        return self

    # ------------------------------------------------------------- labels
    def output_labels(self, labels: Sequence[str] | None = None, font_size: float = 24) -> VGroup:
        """Labels (default ``0``..``9``) to the right of the output neurons."""
        column = self.layers[-1]
        labels = labels or [str(i) for i in self.indices[-1]]
        return VGroup(*[Text(s, font_size=font_size).next_to(c, RIGHT, buff=0.15) for s, c in zip(labels, column)])

    def layer_brace(self, layer: int, text: str, direction=LEFT) -> VGroup:
        """A brace beside a layer with a label, e.g. ``"784"``."""
        brace = Brace(self.layers[layer], direction=direction, buff=0.1)
        return VGroup(brace, brace.get_text(text))

    def answer_box(self, index: int) -> SurroundingRectangle:
        """A box around output neuron ``index`` (the network's answer)."""
        return SurroundingRectangle(self.neuron(len(self.layer_sizes) - 1, index), color=HIGHLIGHT, buff=0.06)


# ------------------------------------------------------------ every edge as one raster
def all_neuron_points(diagram: NetworkDiagram) -> list[np.ndarray]:
    """Scene positions of EVERY neuron of ``diagram``'s layers, shape ``(n_l, 3)`` each: a
    drawn neuron at its circle, the neurons of a truncated layer spread evenly down its
    column (between its first and last drawn circle)."""
    points = []
    for l, n in enumerate(diagram.layer_sizes):
        column = diagram.layers[l]
        if len(diagram.indices[l]) == n and np.array_equal(diagram.indices[l], np.arange(n)):
            points.append(np.array([c.get_center() for c in column]))
        else:
            top, bottom = column[0].get_center(), column[-1].get_center()
            points.append(np.array([top + (bottom - top) * t for t in np.linspace(0, 1, n)]))
    return points


class EdgeRaster(ImageMobject):
    """All the edges of a network (every one of ``sum n_l n_(l+1)``) drawn as ONE image,
    for scenes that must show them all: thousands of ``Line`` mobjects cost seconds per
    frame, one image costs milliseconds. Colour = sign (green/red), brightness = ``|w|``
    relative to ``vmax[l]``, the strongest drawn on top. :meth:`set_weights` redraws it
    (e.g. in an updater, to show the weights changing during training).

    Parameters
    ----------
    diagram
        Gives the layout: every neuron's position (:func:`all_neuron_points`); the edges
        end at the drawn circles' rims and spread over a truncated layer's column.
    weights
        ``weights[l]`` of shape ``(n_(l+1), n_l)``.
    vmax
        Per-layer ``|w|`` shown at full brightness (default: the largest of ``weights``).
    px_per_unit
        Raster resolution in pixels per scene unit.
    """

    def __init__(self, diagram: NetworkDiagram, weights: Sequence[np.ndarray],
                 vmax: Sequence[float] | None = None, px_per_unit: float = 110.0, **kwargs) -> None:
        self.points_of = all_neuron_points(diagram)
        radius = float(diagram.layers[-1][0].width / 2)
        lo = np.min([p.min(axis=0) for p in self.points_of], axis=0) - radius
        hi = np.max([p.max(axis=0) for p in self.points_of], axis=0) + radius
        self.box = (lo, hi)
        self.px = px_per_unit
        self.size = (int(np.ceil((hi[0] - lo[0]) * px_per_unit)) + 1, int(np.ceil((hi[1] - lo[1]) * px_per_unit)) + 1)
        self.radius = radius
        self.vmax = [float(np.abs(w).max()) or 1.0 for w in weights] if vmax is None else [float(v) for v in vmax]
        super().__init__(self._rgba(weights), **kwargs)
        self.stretch_to_fit_width(hi[0] - lo[0]).stretch_to_fit_height(hi[1] - lo[1])
        self.move_to((lo + hi) / 2)

    def _rgba(self, weights: Sequence[np.ndarray]) -> np.ndarray:
        from PIL import Image, ImageDraw

        img = Image.new("RGB", self.size)
        draw = ImageDraw.Draw(img)
        pos = np.array(POSITIVE.to_rgb()) * 255
        neg = np.array(NEGATIVE.to_rgb()) * 255
        starts, ends, ts, signs, widths = [], [], [], [], []
        for l, w in enumerate(weights):
            w = np.asarray(w, dtype=float)
            j, k = np.indices(w.shape)
            rim = self.radius if len(self.points_of[l]) <= 16 else 0.0
            starts.append(self.points_of[l][k.ravel()] + rim * RIGHT)
            ends.append(self.points_of[l + 1][j.ravel()] - self.radius * RIGHT)
            ts.append(np.clip(np.abs(w.ravel()) / self.vmax[l], 0, 1))
            signs.append(w.ravel() >= 0)
            widths.append(np.full(w.size, 1 if w.shape[1] > 100 else 2))
        start, end, t, sign, width = (np.concatenate(a) for a in (starts, ends, ts, signs, widths))
        lo, hi = self.box
        xy0 = np.stack([(start[:, 0] - lo[0]) * self.px, (hi[1] - start[:, 1]) * self.px], axis=1).tolist()
        xy1 = np.stack([(end[:, 0] - lo[0]) * self.px, (hi[1] - end[:, 1]) * self.px], axis=1).tolist()
        colors = (np.where(sign[:, None], pos, neg) * (0.25 + 0.75 * np.sqrt(t))[:, None]).astype(int).tolist()
        for e in np.argsort(t, kind="stable"):
            if t[e] >= 0.02:
                draw.line([tuple(xy0[e]), tuple(xy1[e])], fill=tuple(colors[e]), width=int(width[e]))
        rgb = np.asarray(img)
        alpha = np.full(rgb.shape[:2] + (1,), 255, dtype=np.uint8)
        alpha[rgb.max(axis=2) == 0] = 0
        return np.concatenate([rgb, alpha], axis=2)

    def set_weights(self, weights: Sequence[np.ndarray]) -> "EdgeRaster":
        """Redraw the edges for new ``weights`` (same shapes, same ``vmax``)."""
        self.pixel_array = self._rgba(weights)
        return self


# ------------------------------------------------------------------- text
class GlyphText(VGroup):
    """One line of text re-set every frame from glyphs rendered once (a new ``Text`` costs ~85 ms).

    ``set_text(s)`` lays out copies of the glyphs of ``charset`` (every
    non-space character of ``s`` must be in it) on the reference baseline,
    then moves the line so its ``edge`` side sits at ``anchor``.

    Parameters
    ----------
    charset
        Every character the line will show (spaces only for the gap between words).
    font_size, color
        As for :class:`~manim.Text`.
    slots
        Glyph slots made at once: as many as the longest text has characters, when
        the line is re-set inside an animation (slots added then are not drawn).
    """

    #: Read as one text by the narration checks (lecture.script.texts_on_screen), its ``text`` the line shown.
    shows_text = True

    def __init__(self, charset: str, font_size: float = 28, color: ManimColor = WHITE, slots: int = 0) -> None:
        super().__init__()
        self.text = ""
        ref = Text(charset, font_size=font_size, color=color)
        chars = [c for c in charset if not c.isspace()]
        lefts = [float(g.get_left()[0]) for g in ref]
        widths = [float(g.width) for g in ref]
        self.glyphs = {c: g.points.copy() for c, g in zip(chars, ref)}
        self.lefts, self.widths = dict(zip(chars, lefts)), dict(zip(chars, widths))
        self.style = ref[0].copy() if len(ref) else VMobject()  # every glyph's fill and stroke
        at = [i for i, c in enumerate(charset) if not c.isspace()]  # glyph n is charset[at[n]]
        gaps = [lefts[n + 1] - lefts[n] - widths[n] for n in range(len(ref) - 1) if at[n + 1] == at[n] + 1]
        self.gap = float(np.median(gaps)) if gaps else 0.03
        # A space in the charset (two glyphs apart) measures the word gap; else a typical one.
        spaced = [lefts[n + 1] - lefts[n] - widths[n] for n in range(len(ref) - 1) if at[n + 1] == at[n] + 2]
        self.space = float(np.median(spaced)) - self.gap if spaced else 0.16 * font_size / 28
        self.anchor, self.edge = ORIGIN, LEFT
        self._add_slots(slots)

    def _add_slots(self, count: int) -> None:
        for _ in range(count):
            self.add(VMobject().match_style(self.style))

    def set_text(self, text: str) -> "GlyphText":
        """Show ``text``, reusing the same glyph slots (a scene playing with this line keeps drawing the
        submobjects it had at the start, so none may be swapped for new ones). A slot takes its
        glyph's outline by a shifted copy of the points (no mobject is copied)."""
        chars = [c for c in text if not c.isspace()]
        self.text = text
        self._add_slots(len(chars) - len(self.submobjects))
        x, slots = 0.0, iter(self.submobjects)
        for c in text:
            if c.isspace():
                x += self.space
                continue
            next(slots).points = self.glyphs[c] + np.array([x - self.lefts[c], 0.0, 0.0])
            x += self.widths[c] + self.gap
        for slot in slots:
            slot.clear_points()
        if chars:
            lit = VGroup(*self.submobjects[:len(chars)])
            lit.shift(self.anchor - lit.get_critical_point(self.edge))
        return self

    def place(self, anchor: np.ndarray, edge: np.ndarray) -> "GlyphText":
        """Keep the line's ``edge`` side at ``anchor`` whenever its text changes."""
        self.anchor, self.edge = np.array(anchor, dtype=float), edge
        return self.move_to(self.anchor, aligned_edge=edge)
