"""A scene's lecture script, read by running the scene without video.

:func:`read_script` runs a scene in this process with animations skipped
(nothing is drawn or encoded, the timeline still advances exactly as in a
render) and records, beat by beat:

* the narration line as spoken (f-string fields filled in) and its speech
  time (cached Piper audio, else the words-per-second estimate);
* every text on screen while the beat runs (read at the start and end of
  each animation): ``Text``, ``MarkupText``, ``MathTex``/``Tex``,
  ``DecimalNumber``, ``Paragraph``, each as a whole;
* the stills: stretches of waiting with nothing moving (no animation, no
  updater), merged when consecutive.

On that record rest the checks of the narration (``tests/test_narration.py``):
every number spoken is on screen while it is said, or a fact of the run's
structure (:func:`run_facts`); no still lasts longer than a few seconds; and
the pre-synthesis of the voice (:mod:`lecture.voice_ahead`), which needs every
line a render will speak.
"""

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]

#: A number as written in narration or on screen: ``-3``, ``0.57``, ``13,002``, ``93.4``.
_NUMBER = re.compile(r"(?<![\w.])[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\w.])[-−]?\d+(?:\.\d+)?")


@dataclass
class Beat:
    """One narrated beat as it ran."""

    text: str
    start: float
    speech: float
    end: float = math.nan
    screen: list[str] = field(default_factory=list)

    @property
    def numbers(self) -> list[str]:
        """The numbers spoken in this beat, as written."""
        return numbers_in(self.text)


@dataclass
class Script:
    """What a scene says and shows, on its timeline (seconds)."""

    scene: str
    beats: list[Beat]
    stills: list[tuple[float, float]]
    duration: float
    facts: set[float] = field(default_factory=set)

    @property
    def speech(self) -> float:
        return sum(b.speech for b in self.beats)

    @property
    def longest_still(self) -> float:
        return max((b - a for a, b in self.stills), default=0.0)


def numbers_in(text: str) -> list[str]:
    """Every number written in ``text`` (``13,002``, ``-0.57``, ``93.4``; in TeX too)."""
    text = text.replace("{,}", ",").replace("−", "-")
    text = re.sub(r"\{(-)", r"\1", text)  # TeX's braced minus: {-0.57}
    text = re.sub(r"\bminus (\d)", r"-\1", text)
    return _NUMBER.findall(text)


def value_of(number: str) -> tuple[float, int]:
    """(value, decimals) of a number as written."""
    number = number.replace(",", "").replace("−", "-")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return float(number), decimals


def matches(spoken: str, shown: list[str]) -> bool:
    """Whether a spoken number is one of the ``shown`` numbers, possibly rounded
    further and without its sign ("falls by 0.57" for a shown -0.57)."""
    v, d = value_of(spoken)
    for s in shown:
        w, e = value_of(s)
        if e >= d and (abs(round(w, d) - v) < 1e-9 or abs(round(abs(w), d) - abs(v)) < 1e-9):
            return True
    return False


def text_of(m) -> str:
    """The characters of one text mobject (the formatted value of a ``DecimalNumber``)."""
    from manim import DecimalNumber

    if isinstance(m, DecimalNumber):
        return f"{m.get_value():.{m.num_decimal_places}f}"
    return str(getattr(m, "original_text", None) or getattr(m, "text", None)
               or getattr(m, "tex_string", None) or "")


def texts_on_screen(scene) -> list:
    """Visible texts among the scene's mobjects, each as a whole (in 3-D scenes:
    those fixed in the frame)."""
    from manim import DecimalNumber, MarkupText, Paragraph, SingleStringMathTex, Text, ThreeDScene

    types = (Text, MarkupText, SingleStringMathTex, DecimalNumber, Paragraph)
    roots = scene.mobjects
    if isinstance(scene, ThreeDScene):
        roots = list(scene.renderer.camera.fixed_in_frame_mobjects)
    found: list = []

    def walk(m) -> None:
        if isinstance(m, types) or getattr(type(m), "shows_text", False):  # e.g. scenes.mobjects.GlyphText
            if any(float(np.max(p.get_fill_opacities(), initial=0.0)) > 0.05
                   for p in m.family_members_with_points()):
                found.append(m)
            return
        for sub in m.submobjects:
            walk(sub)

    for m in roots:
        walk(m)
    return list(dict.fromkeys(found))  # a text may be reachable from two groups


def run_facts() -> set[float]:
    """Numbers narration may say without showing them: the structure of the
    selected run and its data (layer widths and counts, 28 and 784, weight and
    bias counts, the sizes of the data splits, the training's length in steps
    and epochs and its mini-batch size) and the ten digit classes 0-9."""
    from scenes.data import get_dataset, get_run

    run = get_run()
    sizes = list(run.layer_sizes)
    weights = [a * b for a, b in zip(sizes, sizes[1:])]
    facts = {*range(10), 28, *sizes, len(sizes), len(sizes) - 2, *weights, sum(weights),
             sum(sizes[1:]), sum(weights) + sum(sizes[1:])}
    facts |= {int(run.manifest.get(k, 0)) for k in ("total_steps", "epochs", "steps_per_epoch", "batch_size")}
    data = get_dataset()
    facts |= {len(x) for x in (data.X_train, data.X_val, getattr(data, "X_test", None)) if x is not None}
    return {float(f) for f in facts}


def unshown_numbers(script: Script, allowed: set[float] | None = None) -> list[str]:
    """``"beat N: 0.57 in '...'"`` for every spoken number that is neither on
    screen during its beat nor in ``allowed`` (default: the script's facts)."""
    allowed = script.facts if allowed is None else allowed
    problems = []
    for i, beat in enumerate(script.beats, 1):
        shown = [n for t in beat.screen for n in numbers_in(t)]
        for number in beat.numbers:
            v, d = value_of(number)
            if (d == 0 and abs(v) in allowed) or matches(number, shown):
                continue
            problems.append(f"beat {i}: {number} in {beat.text!r}")
    return problems


def read_script(scene_class: type, *, on_play=None, **dry_run_options) -> Script:
    """Run ``scene_class`` without video and return its :class:`Script`.

    Parameters
    ----------
    scene_class : type
        A scene made of beats (:class:`scenes.base.BeatsMixin`).
    on_play : callable, optional
        Called as ``on_play(scene, n)`` after the ``n``-th animation (1-based),
        e.g. for layout checks on the same run.
    **dry_run_options
        ``last_frame`` and ``warnings``, passed to :func:`dry_run`.
    """
    from manim import Wait

    beats: list[Beat] = []
    stills: list[tuple[float, float]] = []

    def look(scene) -> None:
        if beats:
            seen = beats[-1].screen
            for m in texts_on_screen(scene):
                t = text_of(m)
                if t and t not in seen:
                    seen.append(t)

    class Reading(scene_class):  # type: ignore[misc, valid-type]
        _plays = 0

        def beat(self, caption: str) -> None:
            super().beat(caption)
            tracker = getattr(self, "current_tracker", None)
            beats.append(Beat(" ".join(caption.split()), self.time, tracker.duration if tracker else 0.0))
            look(self)

        def play(self, *args, **kwargs) -> None:
            look(self)
            start = self.time
            super().play(*args, **kwargs)
            moving = not all(isinstance(a, Wait) for a in self.animations or []) or bool(self.updaters) or any(
                m.updaters for m in self.get_mobject_family_members())
            if not moving and self.time > start:
                if stills and abs(stills[-1][1] - start) < 1e-6:
                    stills[-1] = (stills[-1][0], self.time)
                else:
                    stills.append((start, self.time))
            look(self)
            self._plays += 1
            if on_play is not None:
                on_play(self, self._plays)

    Reading.__name__ = scene_class.__name__
    scene = dry_run(Reading, **dry_run_options)
    if beats:
        beats[-1].end = scene.time
    for a, b in zip(beats, beats[1:]):
        a.end = b.start
    return Script(scene_class.__name__, beats, stills, scene.time, run_facts())


def dry_run(scene_class: type, *, last_frame: Path | None = None, warnings: list[str] | None = None):
    """Run a scene in this process without writing video (animations skipped);
    returns the scene. TeX and Pango results go to the repo's media caches
    (git-ignored), shared with manim previews and renders.

    ``last_frame``: also draw the scene's last frame into this PNG (what
    ``manim render -s`` writes). ``warnings``: collect manim's WARNING and
    ERROR log lines into this list (they are otherwise not shown).
    """
    import logging

    from manim import tempconfig

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(f"{record.levelname}: {record.getMessage()}")

    with tempfile.TemporaryDirectory() as tmp:
        settings = {"quality": "low_quality", "dry_run": True, "skip_animations": True, "disable_caching": True,
                    "media_dir": tmp, "tex_dir": str(REPO / "media" / "Tex"), "text_dir": str(REPO / "media" / "texts"),
                    "output_file": str(Path(tmp) / "scene"), "progress_bar": "none",
                    "verbosity": "ERROR" if warnings is None else "WARNING"}
        handler = Collect(logging.WARNING) if warnings is not None else None
        manim_log = logging.getLogger("manim")
        with tempconfig(settings):
            if handler is not None:
                manim_log.addHandler(handler)
                quiet = [(h, h.level) for h in manim_log.handlers if h is not handler]
                for h, _ in quiet:  # collected, not printed
                    h.setLevel(logging.CRITICAL + 1)
            try:
                # skip_animations must reach the scene itself: the config alone still
                # computes (and draws, unwritten) every frame of every animation.
                scene = scene_class(skip_animations=True)
                scene.render()
                if last_frame is not None:
                    scene.renderer.update_frame(scene, ignore_skipping=True)
                    scene.renderer.camera.get_image().save(last_frame)
            finally:
                if handler is not None:
                    manim_log.removeHandler(handler)
                    for h, level in quiet:
                        h.setLevel(level)
    return scene

def main(argv: list[str] | None = None) -> int:
    """``python -m lecture.script [--chapter C ...]``: each scene's length, speech and longest still, silent timing."""
    import argparse
    import os

    from lecture.catalog import CHAPTERS, chapters

    parser = argparse.ArgumentParser(prog="python -m lecture.script", description=main.__doc__)
    parser.add_argument("--chapter", action="append", choices=list(CHAPTERS), help="only this chapter (repeatable)")
    parser.add_argument("--scene", action="append", help="only this scene (class name, repeatable)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NN_SILENT", "1")
    for chapter in chapters(args.chapter or CHAPTERS):
        name = chapter.name
        total = 0.0
        for scene_class in chapter.scenes:
            if args.scene and scene_class.__name__ not in args.scene:
                continue
            script = read_script(scene_class)
            total += script.duration
            print(f"{name:9} {scene_class.__name__:32} {script.duration:6.1f} s  speech {script.speech / max(script.duration, 1e-9):4.0%}"
                  f"  longest still {script.longest_still:4.1f} s  beats {len(script.beats)}", flush=True)
        print(f"{name:9} {'total':32} {total / 60:6.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
