"""No scene shows overlapping or off-frame text at the end of any animation
(tests/layout.py says exactly what is checked)."""

from __future__ import annotations

import pytest
from manim import RIGHT, FadeIn, MathTex, Scene, Text

from lecture import catalog
from tests.layout import check_layout

SCENES = [(ch.name, s) for ch in catalog.chapters(warn=False) for s in ch.scenes]


@pytest.mark.render
@pytest.mark.parametrize("scene", [s for _, s in SCENES], ids=[f"{c}-{s.__name__}" for c, s in SCENES])
def test_no_overlapping_or_off_frame_text(scene):
    problems = check_layout(scene)
    assert not problems, f"{scene.__name__}:\n" + "\n".join(map(str, problems))


class _Crowded(Scene):
    def construct(self) -> None:
        a = Text("hello world")
        b = MathTex("x^2 + 1").move_to(a.get_right())
        self.play(FadeIn(a), FadeIn(b))
        self.add(Text("outside").to_edge(RIGHT).shift(RIGHT))
        self.wait(0.1)


def test_the_check_finds_overlaps_and_off_frame_text():
    problems = check_layout(_Crowded)
    assert [(p.after, p.kind) for p in problems] == [(1, "overlap"), (2, "off-frame")]
    assert "hello world" in problems[0].what and "x^2 + 1" in problems[0].what
