"""Base classes for every scene: narrated beats.

A scene's ``construct()`` is a sequence of beats, each opened by
``self.beat("narration line")``. A beat

* becomes one subcaption (so every rendered video gets an ``.srt`` file): the
  line is shown from this beat's start until the next beat (or the scene's end);
* is a pause point when the same scene is rendered as a manim-slides deck
  (the scene class is combined with ``manim_slides.Slide``, whose
  ``next_slide`` is then called here).
"""

from __future__ import annotations

from manim import Scene, ThreeDScene

from scenes import cache_lock
from scenes.data import LECTURE, Needs, require

cache_lock.install()  # TeX and text caches shared safely by parallel renders


class BeatsMixin:
    """Adds :meth:`beat`; mix in before a Manim scene class.

    ``NEEDS`` says what the scene needs of the run (:class:`scenes.data.Needs`);
    :meth:`setup` refuses, with one line, a run the scene cannot draw truthfully.
    """

    NEEDS: Needs = LECTURE
    _open_caption: tuple[str, float] | None = None

    def setup(self) -> None:
        require(type(self).__name__, type(self).NEEDS)
        super().setup()

    def beat(self, caption: str) -> None:
        """Start a new beat with its narration line (English)."""
        self._close_caption()
        next_slide = getattr(self, "next_slide", None)
        if callable(next_slide):
            # Ends the slide so far (manim-slides skips it if it is still empty,
            # as at the first beat) and opens the next one with the narration
            # line as its speaker notes.
            next_slide(notes=caption)
        self._open_caption = (caption, self.time)

    def _close_caption(self) -> None:
        if self._open_caption is None:
            return
        text, start = self._open_caption
        self._open_caption = None
        now = self.time
        if now > start:
            self.add_subcaption(text, duration=now - start, offset=start - now)

    def tear_down(self) -> None:
        self._close_caption()
        super().tear_down()


class LectureScene(BeatsMixin, Scene):
    """A 2-D scene made of narrated beats."""


class LectureThreeDScene(BeatsMixin, ThreeDScene):
    """A 3-D scene made of narrated beats."""
