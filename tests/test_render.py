"""The render pipeline (lecture.render), the catalog and the subtitle tracks.

Render-all is exercised on two tiny scenes written to a temporary folder (plus
one that raises), not on the series: that is what `make render` is for.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from lecture import catalog, join, render, stamps, translations

REPO = Path(__file__).resolve().parents[1]

TINY = '''
from manim import Circle, Create, FadeOut, Square, Transform
from scenes.base import LectureScene, LectureThreeDScene


class TinyA(LectureScene):
    def construct(self) -> None:
        self.beat("Here is a circle.")
        c = Circle()
        self.play(Create(c), run_time=0.5)
        self.beat("It becomes a square.")
        self.play(Transform(c, Square()), run_time=0.5)


class TinyB(LectureThreeDScene):
    def construct(self) -> None:
        self.beat("A second scene, in three dimensions.")
        s = Square()
        self.play(Create(s), run_time=0.5)
        self.beat("And it fades away.")
        self.play(FadeOut(s), run_time=0.5)
{extra}

SCENES = [TinyA, TinyB{extra_names}]
'''

BROKEN = '''

class TinyBroken(LectureScene):
    def construct(self) -> None:
        self.beat("This one fails.")
        raise RuntimeError("deliberate failure")
'''


def write_tiny(folder: Path, name: str, broken: bool = False) -> Path:
    path = folder / f"{name}.py"
    path.write_text(TINY.format(extra=BROKEN if broken else "", extra_names=", TinyBroken" if broken else ""))
    return path


def run_render(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lecture.render", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def frame_count(path: Path) -> int:
    import av

    with av.open(str(path)) as c:
        return sum(1 for _ in c.decode(video=0))


# ------------------------------------------------------------------ catalog
def test_catalog_lists_chapters_in_order():
    assert catalog.CHAPTERS == ("chapter1", "chapter2", "chapter3", "chapter4", "graphs")
    loaded = catalog.chapters(warn=False)
    assert [c.name for c in loaded] == [n for n in catalog.CHAPTERS if n in {c.name for c in loaded}]
    names = [s.__name__ for c in loaded for s in c.scenes]
    assert len(names) == len(set(names)), "scene class names must be unique across chapters"


def test_catalog_tolerates_a_missing_chapter(capsys):
    missing = catalog.load_chapter("no_such_chapter")
    assert missing.scenes == [] and "does not exist" in missing.error
    assert catalog.chapters(["no_such_chapter"]) == []
    assert "no_such_chapter.py does not exist" in capsys.readouterr().err


# ------------------------------------------------------------------ staleness
def test_output_is_stale_when_an_input_changed(tmp_path):
    src, out = tmp_path / "chapter.py", tmp_path / "Scene.mp4"
    src.write_text("x")
    assert not stamps.is_up_to_date(out, [src])  # no output yet
    out.write_text("video")
    assert not stamps.is_up_to_date(out, [src])  # no record of what it was made from
    stamps.write_stamp(out, stamps.inputs_digest([src]))
    assert stamps.is_up_to_date(out, [src])
    os.utime(src, (time.time() + 10, time.time() + 10))
    assert stamps.is_up_to_date(out, [src]), "a newer time alone changes nothing"
    src.write_text("y")
    assert not stamps.is_up_to_date(out, [src])


def test_inputs_are_chapter_shared_modules_and_run_manifest(default_run):
    chapter = catalog.load_chapter("chapter1")
    inputs = stamps.input_files(chapter.path)
    names = {p.name for p in inputs}
    assert {"base.py", "data.py", "style.py", "mobjects.py", "manifest.json"} <= names
    assert set(chapter.sources) <= set(inputs)


# ------------------------------------------------------------------ subtitles
def test_join_srts_shifts_by_scene_start(tmp_path):
    a, b = tmp_path / "a.srt", tmp_path / "b.srt"
    a.write_text("1\n00:00:00,000 --> 00:00:01,000\nFirst.\n\n")
    b.write_text("1\n00:00:00,500 --> 00:00:02,000\nSecond.\n\n")
    dest = join.join_srts([a, None, b], [0.0, 1.5, 3.25], tmp_path / "all.srt")
    text = dest.read_text()
    assert "00:00:03,750 --> 00:00:05,250\nSecond." in text
    assert text.startswith("1\n00:00:00,000 --> 00:00:01,000\nFirst.")


def test_chinese_catalog_carries_numbers_over():
    zh = {"The sum is {0}, the bias {1}.": "偏置为 {1}，和为 {0}。", "Plain line.": "普通的一句。"}
    assert translations.translate("The sum is -3.2, the bias 1.05.", zh) == "偏置为 1.05，和为 -3.2。"
    assert translations.translate("Plain line.", zh) == "普通的一句。"
    assert translations.translate("Not in the table.", zh) is None
    srt = "1\n00:00:00,000 --> 00:00:01,000\nPlain line.\n\n2\n00:00:01,000 --> 00:00:02,000\nUnknown.\n\n"
    out = translations.translate_srt(srt, zh)
    assert "普通的一句。" in out and "Unknown." in out and "00:00:01,000 --> 00:00:02,000" in out


def test_po_files_round_trip_and_skip_fuzzy(tmp_path):
    entries = [translations.Entry('Say "{0}" \\ twice.', "说两遍“{0}”。", ["scenes/a.py:3"]),
               translations.Entry("Unsure.", "不确定。", fuzzy=True),
               translations.Entry("Old line.", "旧的。", obsolete=True),
               translations.Entry("Not yet.", "")]
    path = tmp_path / "x.po"
    translations.write_po(path, entries, comment="test")
    back = translations.read_po(path)
    assert [(e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in back] == \
        [(e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in entries]
    assert translations._catalog(path, 0) == {'Say "{0}" \\ twice.': "说两遍“{0}”。"}
    path.write_text('msgid "a"\nmsgstr "b"\nbroken line\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"x.po:3: not PO syntax"):
        translations.read_po(path)


def test_beat_templates_read_fstrings(tmp_path):
    src = tmp_path / "c.py"
    src.write_text('class A:\n    def construct(self):\n        x = 1\n'
                   '        self.beat("Plain.")\n'
                   '        self.beat(f"Sum {x:.2f} and "\n                  f"{x + 1}.")\n'
                   '        self.beat(line)\n')
    assert translations.beat_templates(src) == [(4, "Plain."), (5, "Sum {0} and {1}."), (7, None)]


def test_every_beat_has_a_chinese_line():
    """Every beat line of the chapters is a literal (f-)string with a usable (non-empty,
    non-fuzzy) entry in its chapter's catalog, so the .zh.srt of every scene is complete."""
    missing, total = [], 0
    for chapter in catalog.chapters(warn=False):
        zh = translations._catalog(translations.po_path(chapter.name), 0)
        for src, line, template in translations.chapter_templates(chapter):
            total += 1
            if template is None:
                missing.append(f"{src}:{line}: beat argument is not a literal string, so it cannot be checked")
            elif template not in zh:
                missing.append(f"{src}:{line}: {template}")
    assert total > 100
    assert not missing, (f"{len(missing)} of {total} beat lines have no Chinese line "
                         "(python -m lecture.translations --update, then fill in the .po):\n" + "\n".join(missing))


def test_chinese_fields_match_english_fields():
    import re

    for en, zh in translations.table().items():
        assert sorted(set(re.findall(r"\{\d+\}", en))) == sorted(set(re.findall(r"\{\d+\}", zh))), en


def test_catalogs_are_valid_gettext():
    import shutil

    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (Debian package gettext) not installed")
    for chapter in catalog.chapters(warn=False):
        subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(translations.po_path(chapter.name))],
                       check=True, capture_output=True)


def embedded_subtitles(video: Path) -> dict[str, list[tuple[int, str]]]:
    """The subtitle tracks muxed into ``video``: language -> [(start in ms, text)]."""
    import av

    tracks = {}
    with av.open(str(video)) as container:
        for stream in container.streams.subtitles:
            cues = []
            for packet in container.demux(stream):
                for sub in packet.decode():
                    cues.append((round(packet.pts * packet.time_base * 1000), sub.dialogue.decode()))
            tracks[stream.metadata.get("language")] = cues
            container.seek(0)
    return tracks


# ------------------------------------------------------------------ render-all
def test_progress_estimates_the_time_left_from_the_scenes_rendered():
    from lecture.render import Progress, Result

    progress = Progress(total=6, jobs=2)
    assert progress.done(Result(None, "skipped")) == 1 and progress.left() == ""  # nothing rendered yet
    progress.done(Result(None, "rendered", seconds=40.0))
    progress.done(Result(None, "rendered", seconds=80.0))
    assert progress.left() == ", about 2 min left"  # 3 left, 60 s each, 2 at a time: 90 s
    progress.done(Result(None, "rendered", seconds=60.0))
    progress.done(Result(None, "failed", seconds=0.0))
    assert progress.left() == ", about 45 s left"  # 1 left, (40 + 80 + 60 + 0) / 4 s
    progress.done(Result(None, "rendered", seconds=60.0))
    assert progress.left() == ""


@pytest.mark.render
def test_render_all_skips_up_to_date_and_joins_chapter(tmp_path):
    src = write_tiny(tmp_path, "tinychapter")
    media = tmp_path / "media"
    proc = run_render("--file", str(src), "--media-dir", str(media))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Progress counts scenes as they finish (in any order when rendering in parallel).
    assert "tinychapter TinyA: rendered in" in proc.stdout and "tinychapter TinyB: rendered in" in proc.stdout
    assert "[1/2] tinychapter" in proc.stdout and "[2/2] tinychapter" in proc.stdout
    table = proc.stdout[proc.stdout.index("chapter    scenes"):].splitlines()
    assert table[1].split()[:5] == ["tinychapter", "2", "2", "0", "0"] and table[2].startswith("series")
    # The tiny scenes' lines are not in the Chinese table: reported, and left in English in .zh.srt.
    assert "note: 2 subtitle lines have no Chinese yet" in proc.stdout
    videos = [media / "videos" / "tinychapter" / "480p15" / f"{s}.mp4" for s in ("TinyA", "TinyB")]
    joined = media / "chapters" / "480p15" / "tinychapter.mp4"
    assert joined.is_file()
    # Encoded with our x264 preset (scenes/render_hooks.py), not manim's "medium": x264 writes its settings in the stream.
    settings = videos[0].read_bytes()
    assert b"subme=1 " in settings and b"subme=7 " not in settings  # superfast, not medium
    assert b" threads=1 " in settings  # one thread per encoder
    # The chapter video is the scenes back to back, not re-encoded.
    assert frame_count(joined) == sum(frame_count(v) for v in videos)
    # Subtitles: per scene (English from the beats, Chinese track next to it), and joined with offsets.
    srt_a = videos[0].with_suffix(".srt").read_text()
    assert "Here is a circle." in srt_a and "It becomes a square." in srt_a
    assert videos[1].with_suffix(".zh.srt").is_file()
    joined_srt = joined.with_suffix(".srt").read_text()
    assert joined_srt.count("-->") == 4
    start_b = render.video_seconds(videos[0])
    import srt

    subs = list(srt.parse(joined_srt))
    assert subs[2].content == "A second scene, in three dimensions."
    assert abs(subs[2].start.total_seconds() - start_b) < 0.07
    assert joined.with_suffix(".zh.srt").is_file()
    # Both tracks are also embedded in the chapter video, tagged and timed (the mp4
    # muxer's time scale moves a cue by a millisecond or two).
    embedded = embedded_subtitles(joined)
    zh = list(srt.parse(joined.with_suffix(".zh.srt").read_text(encoding="utf-8")))
    assert set(embedded) == {"eng", "chi"}
    for language, cues in (("eng", subs), ("chi", zh)):
        assert [text for _, text in embedded[language]] == [c.content for c in cues]
        starts = np.array([ms for ms, _ in embedded[language]])
        np.testing.assert_allclose(starts, [c.start.total_seconds() * 1000 for c in cues], atol=5)

    # A second run skips everything (the chapter video too); changing the source renders again
    # (by content: touching it is not enough).
    stamp = joined.stat().st_mtime_ns
    proc = run_render("--file", str(src), "--media-dir", str(media))
    assert proc.returncode == 0
    assert proc.stdout.count("up to date, skipped") == 2
    assert joined.stat().st_mtime_ns == stamp
    os.utime(src, None)
    proc = run_render("--file", str(src), "--media-dir", str(media))
    assert proc.stdout.count("up to date, skipped") == 2
    src.write_text(src.read_text() + "\n# changed\n")
    proc = run_render("--file", str(src), "--media-dir", str(media), "--scene", "TinyB")
    assert proc.returncode == 0 and "[1/1] tinychapter TinyB: rendered in" in proc.stdout


@pytest.mark.render
def test_a_chapter_package_renders_under_its_own_name(tmp_path):
    """A chapter may be a package (one module per part of the lecture): each
    scene renders from the module that defines it, its video lands under the
    chapter's name, and a change to any of its modules makes it stale."""
    pkg = tmp_path / "tinypkg"
    pkg.mkdir()
    head = "from manim import Circle, Create, FadeOut, Square\nfrom scenes.base import LectureScene\n\n\n"
    (pkg / "first.py").write_text(head + "class PartOne(LectureScene):\n    def construct(self) -> None:\n"
                                  "        self.beat('Part one.')\n        self.play(Create(Circle()), run_time=0.3)\n")
    (pkg / "second.py").write_text(head + "class PartTwo(LectureScene):\n    def construct(self) -> None:\n"
                                   "        self.beat('Part two.')\n        self.play(Create(Square()), run_time=0.3)\n")
    (pkg / "__init__.py").write_text("from tinypkg.first import PartOne\nfrom tinypkg.second import PartTwo\n\n"
                                     "SCENES = [PartOne, PartTwo]\n")
    media = tmp_path / "media"
    proc = run_render("--file", str(pkg), "--media-dir", str(media), "--silent")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for scene in ("PartOne", "PartTwo"):
        assert (media / "videos" / "tinypkg" / "480p15" / f"{scene}.mp4").is_file(), proc.stdout
    assert (media / "chapters" / "480p15" / "tinypkg.mp4").is_file()
    (pkg / "first.py").write_text((pkg / "first.py").read_text() + "# changed\n")
    proc = run_render("--file", str(pkg), "--media-dir", str(media), "--silent")
    assert proc.returncode == 0 and proc.stdout.count("rendered in") == 2, proc.stdout


@pytest.mark.render
def test_render_all_survives_a_failing_scene(tmp_path):
    src = write_tiny(tmp_path, "tinybroken", broken=True)
    media = tmp_path / "media"
    proc = run_render("--file", str(src), "--media-dir", str(media))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "[3/3] tinybroken TinyBroken: FAILED" in out
    assert "deliberate failure" in out  # the log's tail is shown
    assert "2 rendered, 0 up to date, 1 failed" in out
    assert (media / "videos" / "tinybroken" / "480p15" / "TinyB.mp4").is_file()
    assert "not joined" in out and not (media / "chapters").exists()


@pytest.mark.render
def test_stills_writes_last_frames(tmp_path):
    src = write_tiny(tmp_path, "tinystills")
    media = tmp_path / "media"
    proc = run_render("--file", str(src), "--media-dir", str(media), "--stills")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pngs = sorted(p.name for p in (media / "images" / "tinystills").glob("*.png"))
    assert pngs == ["TinyA_ManimCE_v0.21.0.png", "TinyB_ManimCE_v0.21.0.png"]


def test_list_shows_the_series():
    proc = run_render("--list")
    assert proc.returncode == 0, proc.stderr
    for chapter in catalog.chapters(warn=False):
        for name in chapter.scene_names:
            assert name in proc.stdout


# ------------------------------------------------------------------ other runs, bad input
@pytest.mark.render
def test_switching_runs_renders_and_joins_again(tmp_path):
    """Rendered with NN_RUN=other, then without: nothing may stay from the other run."""
    other = tmp_path / "other_run"
    proc = subprocess.run([sys.executable, "-m", "network.train", "--out", str(other), "--epochs", "1",
                           "--landscape-grid", "0", "--quiet"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    src = write_tiny(tmp_path, "tinyruns")
    media = tmp_path / "media"
    joined = media / "chapters" / "480p15" / "tinyruns.mp4"

    def render_with(env_run: str | None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "NN_RUN"}
        if env_run:
            env["NN_RUN"] = env_run
        return subprocess.run([sys.executable, "-m", "lecture.render", "--file", str(src), "--media-dir", str(media)],
                              cwd=REPO, capture_output=True, text=True, timeout=600, env=env)

    assert render_with(str(other)).returncode == 0
    first = stamps.stamp_path(joined).read_text()
    proc = render_with(None)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count(": rendered in") == 2 and "up to date, skipped" not in proc.stdout
    assert stamps.stamp_path(joined).read_text() != first, "the chapter was joined again"
    assert render_with(None).stdout.count("up to date, skipped") == 2


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "--jobs must be at least 1, got 0"),
    (["--scene", "Ch1NoSuchScene"], "--scene Ch1NoSuchScene: no such scene"),
    (["--file", "no/such/file.py"], "no/such/file.py: no such Python file"),
    (["--chapter", "chapter9"], "argument --chapter: invalid choice: 'chapter9'"),
])
def test_bad_render_arguments_are_named(args, message):
    proc = run_render(*args, "--list")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert message in proc.stderr.strip().splitlines()[-1]


def test_missing_run_is_said_once(tmp_path):
    env = dict(os.environ, NN_RUN=str(tmp_path / "nothing"))
    proc = subprocess.run([sys.executable, "-m", "lecture.render", "--chapter", "graphs", "--media-dir",
                           str(tmp_path / "media")], cwd=REPO, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "nothing/manifest.json: no run here" in lines[0]


def test_partial_movies_encoding_at_once_is_ours_unless_overridden(monkeypatch):
    from scenes import render_hooks

    monkeypatch.delenv("NN_MAX_INFLIGHT_ENCODERS", raising=False)
    assert render_hooks.max_inflight_encoders() == render_hooks.MAX_INFLIGHT_ENCODERS == 2
    monkeypatch.setenv("NN_MAX_INFLIGHT_ENCODERS", "1")  # manim's own behaviour
    assert render_hooks.max_inflight_encoders() == 1
    monkeypatch.setenv("NN_MAX_INFLIGHT_ENCODERS", "two")
    with pytest.raises(SystemExit, match="NN_MAX_INFLIGHT_ENCODERS='two' is not a whole number"):
        render_hooks.max_inflight_encoders()
    monkeypatch.setenv("NN_MAX_INFLIGHT_ENCODERS", "0")  # not silently turned into 1
    with pytest.raises(SystemExit, match="NN_MAX_INFLIGHT_ENCODERS='0' is not a whole number of at least 1"):
        render_hooks.max_inflight_encoders()


def test_x264_threads_are_ours_unless_overridden(monkeypatch):
    from scenes import render_hooks

    monkeypatch.delenv("NN_X264_THREADS", raising=False)
    assert render_hooks.x264_threads() == render_hooks.X264_THREADS
    monkeypatch.setenv("NN_X264_THREADS", "0")  # x264's own choice
    assert render_hooks.x264_threads() == 0
    monkeypatch.setenv("NN_X264_THREADS", "-1")
    with pytest.raises(SystemExit, match="NN_X264_THREADS='-1' is not a whole number"):
        render_hooks.x264_threads()


@pytest.mark.parametrize("size", [(854, 480), (640, 360)])
def test_our_frame_encoding_writes_the_same_video_as_manims(tmp_path, size):
    """scenes.render_hooks builds each frame without PyAV's slow from_ndarray and converts a
    held frame once instead of once per repeat: the packets must not change."""
    import types

    import av

    from scenes import render_hooks

    render_hooks.install()
    width, height = size
    rng = np.random.default_rng(0)
    base = np.zeros((height, width, 4), np.uint8)
    base[..., 3] = 255
    base[height // 4: height // 2, width // 5: width // 2, :3] = (200, 60, 30)
    frames = []
    for k in range(4):
        frame = base.copy()
        frame[..., 1] = np.roll(frame[..., 1], 7 * k, axis=1)
        frame[rng.integers(0, height, 50), rng.integers(0, width, 50), :3] = 255
        frames.append((frame, 1 + 2 * (k % 2)))  # some frames held (repeated) as manim does for waits

    def encode(write, path: Path) -> list[bytes]:
        container = av.open(str(path), "w")
        stream = container.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"crf": "23", "preset": "veryfast"}
        job = types.SimpleNamespace(stream=stream, container=container)
        for frame, repeats in frames:
            write(job, frame, repeats)
        for packet in stream.encode():
            container.mux(packet)
        container.close()
        with av.open(str(path)) as video:
            return [f.to_ndarray(format="rgb24").tobytes() for f in video.decode(video=0)]

    manims = encode(render_hooks._manim_encode_and_write_frame, tmp_path / "manim.mp4")
    ours = encode(render_hooks._encode_and_write_frame, tmp_path / "ours.mp4")
    assert len(ours) == sum(r for _, r in frames) == len(manims)
    assert ours == manims
    assert (tmp_path / "ours.mp4").read_bytes() == (tmp_path / "manim.mp4").read_bytes()


def test_our_image_drawing_matches_manims(monkeypatch):
    """Images are composited only over the box they cover (scenes.render_hooks), upright or
    rotated: the frame must look like manim's (same box, same colours; nearest-neighbour cell
    edges may move by a pixel)."""
    from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Camera, ImageMobject, config
    from PIL import Image

    from scenes import render_hooks

    render_hooks.install()
    monkeypatch.setitem(config._d, "pixel_width", 854)
    monkeypatch.setitem(config._d, "pixel_height", 480)
    rng = np.random.default_rng(1)
    digit = (rng.random((28, 28)) * 255).astype(np.uint8)
    cases = [(3.0, 0 * LEFT, 1.0, Image.NEAREST, 0.0), (2.6, 5 * LEFT + UP, 0.5, Image.NEAREST, 0.0),
             (4.0, 6.5 * RIGHT + 3 * UP, 1.0, Image.BICUBIC, 0.0),  # partly off frame
             (1.0, 2 * DOWN, 0.3, Image.BICUBIC, 0.0), (2.0, 2 * RIGHT, 1.0, Image.NEAREST, 0.3),  # rotated
             (3.0, 5.5 * LEFT + 2 * DOWN, 0.8, Image.NEAREST, -1.2),  # rotated, partly off frame
             (2.5, UP, 1.0, Image.BICUBIC, np.pi / 2)]  # a quarter turn
    trapezoid = np.array([[-1.5, 1.2, 0], [1.8, 1.5, 0], [-1.0, -1.4, 0], [1.2, -1.0, 0]])  # seen in perspective
    for height, position, opacity, resampling, angle in [*cases, (2.0, ORIGIN, 1.0, Image.NEAREST, None)]:
        image = ImageMobject(digit).set_resampling_algorithm(resampling)
        image.height = height
        if angle is None:
            image.points = trapezoid.copy()
        else:
            image.move_to(position).set_opacity(opacity).rotate(angle)
        camera = Camera()
        camera.reset()
        below = camera.pixel_array.copy()
        below[..., :3] = (rng.random(below.shape[:2] + (3,)) * 60).astype(np.uint8)
        theirs, ours = below.copy(), below.copy()
        render_hooks._manim_display_image_mobject(camera, image, theirs)
        render_hooks._display_image_mobject(camera, image, ours)
        changed_theirs = np.argwhere((theirs != below).any(axis=2))
        changed_ours = np.argwhere((ours != below).any(axis=2))
        assert np.abs(changed_ours.min(0) - changed_theirs.min(0)).max() <= 1
        assert np.abs(changed_ours.max(0) - changed_theirs.max(0)).max() <= 1
        difference = np.abs(ours.astype(int) - theirs.astype(int)).max(axis=2)
        assert difference.mean() < 1.0 and (difference > 8).mean() < 0.03


def test_remembered_subpaths_follow_the_points():
    """The subpath split kept with a VMobject (scenes.render_hooks) is recomputed whenever its
    points change, in place or not, and always equals manim's."""
    from manim import Circle, VGroup, VMobject

    from scenes import render_hooks

    render_hooks.install()
    shape = VMobject()
    shape.set_points_as_corners([[0, 0, 0], [1, 0, 0], [1, 1, 0]])
    shape.append_vectorized_mobject(Circle().shift(3 * np.array([1.0, 0, 0])))
    splits = []
    for change in (lambda m: None, lambda m: m.set_color("#ff0000"), lambda m: m.shift([0.5, 0, 0]),
                   lambda m: m.points.__setitem__(slice(4, 8), m.points[8:12] + 5),  # in place: splits a subpath
                   lambda m: m.set_points(m.points[:8])):
        change(shape)
        splits.append(render_hooks._subpath_split_indices(shape, shape.points, 2).tolist())
        for n_dims in (2, 3):
            ours = render_hooks._subpath_split_indices(shape, shape.points, n_dims)
            assert np.array_equal(ours, render_hooks._manim_subpath_split_indices(shape, shape.points, n_dims))
    assert splits[2] == [[0, 8], [8, 40]] and splits[3] == [[0, 4], [4, 8], [8, 40]] and splits[4] == [[0, 4], [4, 8]]
    group = VGroup(Circle(), Circle()).arrange()
    assert np.array_equal(group[0].get_subpath_split_indices_from_points(group[0].points, 2), [[0, 32]])


def test_resized_images_are_kept_only_while_their_pixels_are_the_same():
    """scenes.render_hooks keeps the picture it resized for an image and reuses it while the
    pixel array, the opacity and the box are the same; a new array, set_opacity or a move
    makes a new picture, equal to one made from scratch."""
    from manim import Camera, ImageMobject, config

    from scenes import render_hooks

    render_hooks.install()
    rng = np.random.default_rng(2)
    image = ImageMobject((rng.random((28, 28)) * 255).astype(np.uint8))
    image.height = 3.0
    camera = Camera()
    camera.reset()

    def drawn(mob) -> np.ndarray:
        frame = camera.pixel_array.copy()
        render_hooks._display_image_mobject(camera, mob, frame)
        return frame

    first = drawn(image)
    kept = render_hooks._resized_kept[image][2]
    assert np.array_equal(drawn(image), first) and render_hooks._resized_kept[image][2] is kept
    for change in (lambda m: setattr(m, "pixel_array", 255 - m.pixel_array), lambda m: m.set_opacity(0.4),
                   lambda m: m.shift([0.5, 0, 0])):
        change(image)
        again = drawn(image)
        assert render_hooks._resized_kept[image][2] is not kept
        kept = render_hooks._resized_kept[image][2]
        fresh = image.copy()  # nothing kept for it
        assert fresh not in render_hooks._resized_kept
        assert np.array_equal(drawn(fresh), again)


def test_image_animation_blends_pixels_only_when_they_differ():
    """Moving an image skips manim's per-frame pixel blend (scenes.render_hooks), and a real
    change of pixels (a fade, a new picture) still blends exactly as manim does."""
    from manim import ImageMobject

    from scenes import render_hooks

    render_hooks.install()
    rng = np.random.default_rng(3)
    start = ImageMobject((rng.random((20, 20)) * 255).astype(np.uint8))
    moved = start.copy().shift([1.0, 0, 0])
    other = ImageMobject((rng.random((20, 20)) * 255).astype(np.uint8))
    faded = start.copy().set_opacity(0.3)
    for target in (moved, other, faded, moved):
        for alpha in (0.0, 0.37, 1.0):
            ours, theirs = start.copy(), start.copy()
            render_hooks._interpolate_image_color(ours, start, target, alpha)
            render_hooks._manim_interpolate_image_color(theirs, start, target, alpha)
            assert np.array_equal(ours.pixel_array, theirs.pixel_array)
            assert ours.pixel_array.dtype == theirs.pixel_array.dtype
            assert (ours.fill_opacity, ours.stroke_opacity) == (theirs.fill_opacity, theirs.stroke_opacity)


def test_transform_from_copy_leaves_its_target_in_its_own_shape():
    """After TransformFromCopy(a, b), b has its own parts and points again (scenes.render_hooks),
    and the last frame is the one manim draws."""
    from manim import Camera, MathTex, Scene, TransformFromCopy, VGroup

    from scenes import render_hooks

    render_hooks.install()

    def play(hooked: bool):
        values = VGroup(*[MathTex(f"0.{k}23") for k in range(6)]).arrange(buff=0.3)
        mean = MathTex(r"\text{mean} = 0.345").shift([0, -2, 0])
        before = [(len(m.submobjects), m.points.copy()) for m in mean.get_family()]
        animation = TransformFromCopy(values, mean)
        scene = Scene()
        scene.add(values)
        begin, clean_up = ((render_hooks._from_copy_begin, render_hooks._from_copy_clean_up) if hooked else
                           (render_hooks._manim_from_copy_begin, render_hooks._manim_from_copy_clean_up))
        begin(animation)
        for alpha in (0.0, 0.5, 1.0):
            animation.interpolate(alpha)
        animation.finish()
        clean_up(animation, scene)
        camera = Camera()
        camera.reset()
        camera.capture_mobjects(scene.mobjects)
        return mean, before, camera.pixel_array.copy()

    mean, before, ours = play(True)
    assert [(len(m.submobjects), m.points.shape) for m in mean.get_family()] == [(n, p.shape) for n, p in before]
    assert all(np.array_equal(m.points, p) for m, (_, p) in zip(mean.get_family(), before))
    grown, _, theirs = play(False)
    assert len(grown.get_family()) > 3 * len(mean.get_family())  # what manim leaves behind
    difference = np.abs(ours.astype(int) - theirs.astype(int))
    assert (difference > 40).mean() < 0.002  # the same picture (anti-aliased edges may differ slightly)
