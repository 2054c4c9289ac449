"""Text layout checks for scenes: no two texts overlap, no text leaves the frame.

A scene is run in-process without writing video (``dry_run``), and after every
animation and wait (``Scene.wait`` plays a ``Wait``) every visible text on
screen (``Text``, ``MarkupText``, ``MathTex``/``Tex``, ``DecimalNumber``,
``Paragraph``; each as a whole, never its glyphs) is taken with its bounding
box. Two texts *overlap* when their boxes share more than ``OVERLAP`` of the
smaller box's area; a text is *off-frame* when its box crosses the frame edge
by more than ``MARGIN``. In 3-D scenes only the texts fixed in the frame are
checked (the others are projected by the camera, so their boxes are not
where they are drawn).

Checks the end state of each animation, not the frames in between.
"""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from manim import (
    DecimalNumber,
    MarkupText,
    Mobject,
    Paragraph,
    Scene,
    SingleStringMathTex,
    Text,
    ThreeDScene,
    config,
    tempconfig,
)

REPO = Path(__file__).resolve().parents[1]
TEXT_TYPES = (Text, MarkupText, SingleStringMathTex, DecimalNumber, Paragraph)
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
    text = (getattr(m, "original_text", None) or getattr(m, "text", None) or getattr(m, "tex_string", None)
            or type(m).__name__)
    return repr(" ".join(str(text).split())[:50])


def texts_on_screen(scene: Scene) -> list[Mobject]:
    """Visible texts among the scene's mobjects, each as a whole."""
    roots = scene.mobjects
    if isinstance(scene, ThreeDScene):
        roots = list(scene.renderer.camera.fixed_in_frame_mobjects)
    found: list[Mobject] = []

    def walk(m: Mobject) -> None:
        if isinstance(m, TEXT_TYPES):
            if any(float(np.max(p.get_fill_opacities(), initial=0.0)) > 0.05
                   for p in m.family_members_with_points()):
                found.append(m)
            return
        for sub in m.submobjects:
            walk(sub)

    for m in roots:
        walk(m)
    return list(dict.fromkeys(found))  # a text may be reachable from two groups


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
    problems: dict[tuple[str, str], Problem] = {}

    class Checked(scene_class):  # type: ignore[misc, valid-type]
        _animations = 0

        def play(self, *args, **kwargs) -> None:
            super().play(*args, **kwargs)
            self._animations += 1
            for p in layout_problems(self, self._animations):
                problems.setdefault((p.kind, p.what), p)

    Checked.__name__ = scene_class.__name__
    dry_run(Checked)
    return sorted(problems.values(), key=lambda p: p.after)


def dry_run(scene_class: type[Scene]) -> None:
    """Run a scene in this process without writing video (``dry_run``, animations skipped).

    TeX and Pango results go to the repo's media caches (git-ignored), shared
    with `manim` previews and renders.
    """
    with tempfile.TemporaryDirectory() as tmp:
        settings = {"quality": "low_quality", "dry_run": True, "skip_animations": True, "disable_caching": True,
                    "media_dir": tmp, "tex_dir": str(REPO / "media" / "Tex"), "text_dir": str(REPO / "media" / "texts"),
                    "output_file": str(Path(tmp) / "scene"), "verbosity": "ERROR", "progress_bar": "none"}
        with tempconfig(settings):
            scene_class().render()
