"""Base classes for every scene: narrated beats.

A scene's ``construct()`` is a sequence of beats, each opened by
``self.beat("narration line")``. A beat

* is spoken: the line goes to the narrator's voice (:mod:`scenes.voice`,
  through manim-voiceover) and the beat lasts at least as long as the voice
  takes to say it (the next beat, or the scene's end, waits for it). With
  ``NN_SILENT=1`` nothing is heard and the timing stays the same;
* becomes one subcaption (so every rendered video gets an ``.srt`` file): the
  line is shown from this beat's start until the next beat (or the scene's end);
* is a pause point when the same scene is rendered as a manim-slides deck
  (the scene class is combined with ``manim_slides.Slide``, whose
  ``next_slide`` is then called here), with the line as speaker notes.

Inside a beat, :meth:`BeatsMixin.remaining` is how much of its narration is
still to come and :meth:`BeatsMixin.play_through` plays animations over it,
so the picture keeps moving while the voice speaks.

New scenes may also use manim-voiceover's own form, which these classes
support unchanged::

    with self.voiceover(text="The cost is the sum of the squares.") as tracker:
        self.play(Write(cost), run_time=tracker.duration)
"""

from __future__ import annotations

from manim import ThreeDScene
from manim.utils.exceptions import EndSceneEarlyException
from manim_voiceover import VoiceoverScene

from scenes import cache_lock, render_hooks, voice
from scenes.data import LECTURE, Needs, require

cache_lock.install()  # TeX and text caches shared safely by parallel renders
render_hooks.install()  # x264 preset; where the time goes when $NN_RENDER_PROFILE is set


class BeatsMixin:
    """Adds :meth:`beat`; mix in before a :class:`VoiceoverScene` class.

    ``NEEDS`` says what the scene needs of the run (:class:`scenes.data.Needs`);
    :meth:`setup` refuses, with one line, a run the scene cannot draw truthfully.
    """

    NEEDS: Needs = LECTURE
    _open_caption: tuple[str, float] | None = None

    def setup(self) -> None:
        require(type(self).__name__, type(self).NEEDS)
        super().setup()
        # Subtitles are ours (one per beat, whole lines: the Chinese track maps them).
        self.set_speech_service(voice.speech_service(), create_subcaption=False)

    def beat(self, caption: str) -> None:
        """Start a new beat: speak ``caption`` (English) and show it as a subtitle."""
        self._close_caption()
        next_slide = getattr(self, "next_slide", None)
        if callable(next_slide):
            # Ends the slide so far (manim-slides skips it if it is still empty,
            # as at the first beat) and opens the next one with the narration
            # line as its speaker notes.
            next_slide(notes=caption)
        self._open_caption = (caption, self.time)
        self.add_voiceover_text(caption)

    def remaining(self) -> float:
        """Seconds of the current beat's narration still to be spoken (0 if none).

        Time the beat's animations with it, so the picture moves while the
        voice talks instead of holding still at the end::

            self.beat("Each row of W is one neuron's weights. Watch them light up in turn.")
            self.play(LaggedStart(*flashes), run_time=self.remaining())
        """
        tracker = getattr(self, "current_tracker", None)
        if tracker is None or self._open_caption is None:
            return 0.0
        return max(0.0, float(tracker.get_remaining_duration()))

    def play_through(self, *animations, share: float = 1.0, min_run_time: float = 1.0, **kwargs) -> None:
        """Play ``animations`` over ``share`` of what is left of this beat's narration
        (at least ``min_run_time`` seconds)."""
        self.play(*animations, run_time=max(min_run_time, share * self.remaining()), **kwargs)

    def add_sound(self, *args, **kwargs) -> None:
        if not voice.silent():  # silent renders carry no audio track at all
            super().add_sound(*args, **kwargs)

    def _close_caption(self) -> None:
        if self._open_caption is None:
            return
        self.wait_for_voiceover()  # the beat lasts as long as its narration
        text, start = self._open_caption
        self._open_caption = None
        now = self.time
        if now > start:
            self.add_subcaption(text, duration=now - start, offset=start - now)

    def tear_down(self) -> None:
        try:
            self._close_caption()
        except EndSceneEarlyException:  # rendering stopped early with -n
            pass
        super().tear_down()


class LectureScene(BeatsMixin, VoiceoverScene):
    """A 2-D scene made of narrated beats."""


class LectureThreeDScene(BeatsMixin, VoiceoverScene, ThreeDScene):
    """A 3-D scene made of narrated beats."""
