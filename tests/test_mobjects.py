"""The shared mobjects and animations of ``scenes/`` against manim's own behaviour."""

from __future__ import annotations

import numpy as np
import pytest
from manim import BLUE, GREEN, RED, Circle, Line, Transform, VGroup

from scenes.animations import STYLE_ATTRS, Restyle
from scenes.mobjects import NetworkDiagram


def _lines() -> VGroup:
    return VGroup(*[Line([0, 0.1 * i, 0], [1, 0.1 * i, 0], stroke_width=1 + i % 3, stroke_color=RED)
                    for i in range(30)], Circle().set_fill(BLUE, 0.3))


def test_restyle_gives_the_style_transform_gives():
    """Every part's colours, opacities and widths equal Transform's at each alpha (points unchanged)."""
    target = _lines()
    for i, line in enumerate(target[:-1]):
        line.set_stroke(GREEN if i % 2 else BLUE, width=0.3 + 0.1 * i, opacity=0.2 + i / 100)
    target[-1].set_fill(RED, 0.9).set_stroke(width=7)
    target[-1].stroke_rgbas = np.repeat(target[-1].stroke_rgbas, 3, axis=0)  # a gradient: rows to stretch
    by_transform, restyled = _lines(), _lines()
    points = [p.points.copy() for p in restyled.family_members_with_points()]
    transform, restyle = Transform(by_transform, target.copy()), Restyle(restyled, target)
    transform.begin()
    restyle.begin()
    for alpha in (0.0, 0.1, 0.37, 0.5, 0.9, 1.0):
        transform.interpolate(alpha)
        restyle.interpolate(alpha)
        for ours, manims in zip(restyled.family_members_with_points(), by_transform.family_members_with_points()):
            for attr in STYLE_ATTRS:
                assert np.array_equal(np.asarray(getattr(ours, attr)), np.asarray(getattr(manims, attr))), (alpha, attr)
    assert all(np.array_equal(p.points, q) for p, q in zip(restyled.family_members_with_points(), points))
    restyled[0].set_stroke(RED, opacity=1)  # parts own their rows: restyling one leaves the others
    assert restyled[1].stroke_rgbas[0, 3] == pytest.approx(target[1].stroke_rgbas[0, 3])


def test_restyle_refuses_a_target_of_another_shape():
    with pytest.raises(ValueError, match="Transform"):
        Restyle(_lines(), VGroup(Line())).begin()


def test_styled_edges_are_the_edges_of_a_diagram_drawn_with_those_weights():
    rng = np.random.default_rng(0)
    sizes = [784, 16, 16, 10]
    weights = [rng.normal(size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    styled = NetworkDiagram(sizes).styled_edges(weights)
    drawn = NetworkDiagram(sizes, weights).edges
    for ours, theirs in zip(styled.family_members_with_points(), drawn.family_members_with_points()):
        assert np.array_equal(ours.points, theirs.points)
        assert np.array_equal(ours.stroke_rgbas, theirs.stroke_rgbas)
        assert ours.stroke_width == theirs.stroke_width
