"""Every scene, run once without video (lecture/script.py), is checked for what a
viewer sees and hears together:

* layout: no overlapping or off-frame text at the end of any animation
  (tests/layout.py says exactly what is checked);
* numbers: every number the narration speaks is on screen while it is said,
  or a fact of the run's structure (lecture.script.run_facts), so the voice
  and the picture come from the same data;
* the last frame: drawn as ``manim render -s`` would (a PNG of the frame's
  size), with no WARNING or ERROR from manim on the way;
* pacing: no still picture (waiting with nothing moving) longer than
  MAX_STILL seconds, and speech covering most of the scene.

The suite runs silent without a voice cache, so speech times are the
words-per-second estimate (scenes/voice.py); MAX_STILL allows for that.
"""

from __future__ import annotations

import re

import pytest
from PIL import Image
from manim import RIGHT, FadeIn, MathTex, Scene, Text

from lecture import catalog, script, translations
from tests.layout import check_layout, read_layout

SCENES = [(ch.name, s) for ch in catalog.chapters(warn=False) for s in ch.scenes]
#: Longest still picture allowed, in seconds (the target is 2.5 s with the real voice).
MAX_STILL = 3.0
#: Least share of a scene's length that its narration fills.
MIN_SPEECH = 0.75


@pytest.mark.render
@pytest.mark.parametrize("scene", [s for _, s in SCENES], ids=[f"{c}-{s.__name__}" for c, s in SCENES])
def test_scene_layout_numbers_and_pacing(scene, tmp_path):
    warnings: list[str] = []
    png = tmp_path / f"{scene.__name__}.png"
    problems, run = read_layout(scene, last_frame=png, warnings=warnings)
    report = [str(p) for p in problems] + warnings
    with Image.open(png) as frame:
        if frame.size != (854, 480):
            report.append(f"last frame is {frame.size}, not 854 x 480")
    report += [f"spoken but not on screen: {p}" for p in script.unshown_numbers(run)]
    for a, b in run.stills:
        if b - a > MAX_STILL:
            beat = next((i for i, x in enumerate(run.beats, 1) if x.start <= a < x.end), 0)
            report.append(f"still picture for {b - a:.1f} s from {a:.1f} s (beat {beat})")
    if run.speech < MIN_SPEECH * run.duration:
        report.append(f"narration fills {run.speech:.1f} s of {run.duration:.1f} s")
    assert not report, f"{scene.__name__}:\n" + "\n".join(report)


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


def test_numbers_are_read_as_written():
    assert script.numbers_in("All together, 13,002 knobs; the sum is -3.2, then 0.57.") == ["13,002", "-3.2", "0.57"]
    assert script.numbers_in(r"\sigma({-0.57}) = 13{,}002 \times x_2") == ["-0.57", "13,002"]  # not indices
    assert script.numbers_in("step 800, minus 1.5 and v2") == ["800", "-1.5"]
    assert script.matches("0.99", ["0.993"]) and script.matches("0.57", ["-0.57"])
    assert not script.matches("0.993", ["0.99"]) and not script.matches("0.58", ["0.57"])


def test_chinese_lines_invent_no_numbers():
    """A Chinese line may only repeat numbers its English template writes out
    (measured numbers come in through the {0}, {1}... fields); a digit 0-9 may
    stand for its English name ("threes": 3)."""
    for en, zh in translations.table().items():
        bare = [n for n in script.numbers_in(re.sub(r"\{\d+\}", "", zh)) if not re.fullmatch(r"\d", n)]
        assert all(n in script.numbers_in(re.sub(r"\{\d+\}", "", en)) for n in bare), (en, zh)


def test_play_through_fills_the_beat_and_the_script_sees_it():
    from manim import Circle, Create, FadeIn, Square

    from scenes.base import LectureScene
    from scenes.data import ANY_RUN

    line = "A circle appears, and it keeps growing for as long as these words are being said aloud."

    class Filled(LectureScene):
        NEEDS = ANY_RUN

        def construct(self) -> None:
            self.beat(line)
            self.play(Create(Circle()), run_time=1)
            self.play_through(FadeIn(Square()))
            self.beat("Then 2 words.")

    run = script.read_script(Filled)
    assert [b.text for b in run.beats] == [line, "Then 2 words."]
    first = run.beats[0]
    assert first.end - first.start == pytest.approx(first.speech, abs=0.07)  # one frame at 15 fps
    assert run.stills[0][0] >= first.end - 1e-6  # the first beat never holds still
    assert script.unshown_numbers(run) == []  # "2" is a digit class, a fact


class _Warns(Scene):
    def construct(self) -> None:
        from manim import logger

        self.add(Text("seen"))
        logger.warning("a font was missing")


def test_dry_run_collects_manim_warnings_and_draws_the_last_frame(tmp_path):
    warnings: list[str] = []
    script.dry_run(_Warns, last_frame=tmp_path / "last.png", warnings=warnings)
    assert warnings == ["WARNING: a font was missing"]
    with Image.open(tmp_path / "last.png") as frame:
        assert frame.size == (854, 480) and frame.convert("L").getextrema()[1] > 100  # the text is drawn


# Every scene's last frame is drawn by its dry run above; the manim command line
# itself (a module file loaded on its own, the PNG written, no WARNING lines) is
# checked on the first scene of each chapter.
@pytest.mark.render
@pytest.mark.parametrize("chapter", catalog.CHAPTERS)
def test_manim_renders_a_chapter_scene_from_its_file(chapter, tmp_path):
    import inspect
    from pathlib import Path

    from tests.conftest import render_last_frame

    first = next(ch for ch in catalog.chapters(warn=False) if ch.name == chapter).scenes[0]
    module = Path(inspect.getsourcefile(first))
    png, _ = render_last_frame(f"{chapter}/{module.name}", first.__name__, tmp_path)
    with Image.open(png) as frame:
        assert frame.size == (854, 480)


def test_scene_modules_import_absolutely():
    """manim loads a scene's module as a file, outside its package: a relative import would fail there."""
    from pathlib import Path

    relative = [f"{path}:{n}" for path in sorted(Path(catalog.SCENES_DIR).rglob("*.py"))
                for n, text in enumerate(path.read_text().splitlines(), 1) if re.match(r"\s*from \.", text)]
    assert not relative, "relative imports: " + ", ".join(relative)
