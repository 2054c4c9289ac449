"""Text layout checks for scenes: no two texts overlap, no text leaves the frame.

A scene is run in-process without writing video (:func:`lecture.script.read_script`),
and after every animation and wait (``Scene.wait`` plays a ``Wait``) every
visible text on screen (``Text``, ``MarkupText``, ``MathTex``/``Tex``,
``DecimalNumber``, ``Paragraph``; each as a whole, never its glyphs) is taken
with its bounding box. Two texts *overlap* when their boxes share more than
``OVERLAP`` of the smaller box's area; a text is *off-frame* when its box
crosses the frame edge by more than ``MARGIN``. In 3-D scenes only the texts
fixed in the frame are checked (the others are projected by the camera, so
their boxes are not where they are drawn).

Checks the end state of each animation, not the frames in between.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from manim import Mobject, Scene, config

from lecture.script import Script, dry_run, read_script, text_of, texts_on_screen

__all__ = ["Problem", "check_layout", "dry_run", "layout_problems", "read_layout"]

OVERLAP = 0.10
MARGIN = 0.01


@dataclass(frozen=True)
class Problem:
    """One layout problem, found at the end of animation number ``after`` (1-based)."""

    after: int
    kind: str  # "overlap" or "off-frame"
    what: str

    def __str__(self) -> str:
        return f"after animation {self.after}: {self.kind}: {self.what}"


def describe(m: Mobject) -> str:
    return repr(" ".join(text_of(m).split())[:50] or type(m).__name__)


def layout_problems(scene: Scene, after: int) -> list[Problem]:
    """Overlapping and off-frame texts in ``scene`` as it is now."""
    texts = texts_on_screen(scene)
    boxes = [(t.get_corner(np.array([-1, -1, 0]))[:2], t.get_corner(np.array([1, 1, 0]))[:2]) for t in texts]
    half = np.array([config.frame_width, config.frame_height]) / 2
    problems = []
    for t, (lo, hi) in zip(texts, boxes):
        if np.any(lo < -half - MARGIN) or np.any(hi > half + MARGIN):
            problems.append(Problem(after, "off-frame", describe(t)))
    for (a, (alo, ahi)), (b, (blo, bhi)) in itertools.combinations(zip(texts, boxes), 2):
        w, h = np.minimum(ahi, bhi) - np.maximum(alo, blo)
        if w <= 0 or h <= 0:
            continue
        smaller = max(min(np.prod(ahi - alo), np.prod(bhi - blo)), 1e-9)
        if w * h / smaller > OVERLAP:
            problems.append(Problem(after, "overlap", f"{describe(a)} and {describe(b)}"))
    return problems


def check_layout(scene_class: type[Scene]) -> list[Problem]:
    """Run ``scene_class`` without rendering and return its layout problems,
    each reported once (at the first animation where it shows)."""
    return read_layout(scene_class)[0]


def read_layout(scene_class: type[Scene], **dry_run_options) -> tuple[list[Problem], Script]:
    """One run of ``scene_class`` without video: its layout problems (each
    reported once, at the first animation where it shows) and its script.
    ``dry_run_options`` go to :func:`lecture.script.dry_run` (last frame, warnings)."""
    problems: dict[tuple[str, str], Problem] = {}

    def on_play(scene: Scene, n: int) -> None:
        for p in layout_problems(scene, n):
            problems.setdefault((p.kind, p.what), p)

    script = read_script(scene_class, on_play=on_play, **dry_run_options)
    return sorted(problems.values(), key=lambda p: p.after), script
