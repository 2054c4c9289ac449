"""Render the whole series: ``python -m lecture.render`` (what ``make render`` runs).

Every chapter of :mod:`lecture.catalog` is rendered scene by scene, in the order
of its ``SCENES`` list, each scene in its own ``manim`` process::

    python -m lecture.render                    # all chapters at -ql (480p15)
    python -m lecture.render -q h               # 1080p60
    python -m lecture.render --chapter chapter2 # one chapter
    python -m lecture.render --scene Ch1ForwardPass --force
    python -m lecture.render --stills           # last frames as PNG only
    python -m lecture.render --list             # what would be rendered

* A scene is skipped when its video was made from exactly the current
  contents of everything it is drawn from: its chapter file, the shared scene
  modules (``scenes/base.py``, ``data.py``, ``numbers.py``, ``style.py``,
  ``mobjects.py``, ...) and the run's ``manifest.json`` (whose ``run_id`` names
  the run): a digest of them is kept beside each video as ``<video>.inputs``.
  Switching ``NN_RUN`` therefore re-renders, and so re-joins the chapters
  (``--force`` renders anyway). Manim's own cache is always disabled.
* Every scene is narrated (:mod:`scenes.voice`: Piper's offline voice,
  cached in ``media/voice/``); ``--silent`` (or ``NN_SILENT=1``) renders
  without audio at the same timing. Chapter videos carry the narration track.
* A failing scene is reported (with the tail of its log, the whole log is in
  ``media/logs/``), the others are still rendered, and the exit status is 1.
* Next to every video manim writes the English subtitles (``.srt``, from the
  scene's beats); a Chinese track (``.zh.srt``) is written from
  :mod:`lecture.narration_zh`.
* The scenes of each chapter are then joined (no re-encoding) into one
  chapter video with both subtitle tracks embedded (English and Chinese,
  selectable in the player) and beside it: ``media/chapters/480p15/1-chapter1.mp4``
  (+ ``.srt``, ``.zh.srt``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from network.cli import OneLineParser
from lecture.catalog import CHAPTERS, REPO, SCENES_DIR, SHARED_MODULES, Chapter, chapters

#: manim's quality flags and the folder names its videos land in.
QUALITY_DIRS: dict[str, str] = {
    "l": "480p15",
    "m": "720p30",
    "h": "1080p60",
    "p": "1440p60",
    "k": "2160p60",
}
MANIM_VERSION = "0.21.0"


@dataclass
class SceneJob:
    """One scene to render and where its outputs go."""

    chapter: str
    source: Path
    scene: str
    quality: str
    media_dir: Path
    still: bool = False

    @property
    def video(self) -> Path:
        """The scene's video file (what manim writes)."""
        return self.media_dir / "videos" / self.source.stem / QUALITY_DIRS[self.quality] / f"{self.scene}.mp4"

    @property
    def srt(self) -> Path:
        """English subtitles manim writes next to the video."""
        return self.video.with_suffix(".srt")

    @property
    def png(self) -> Path:
        """The still of the last frame (``--stills``)."""
        return self.media_dir / "images" / self.source.stem / f"{self.scene}_ManimCE_v{MANIM_VERSION}.png"

    @property
    def output(self) -> Path:
        """The file that shows whether this job is done."""
        return self.png if self.still else self.video

    @property
    def log(self) -> Path:
        """Where manim's output for this scene is kept."""
        kind = "still" if self.still else QUALITY_DIRS[self.quality]
        return self.media_dir / "logs" / f"{self.scene}.{kind}.log"


@dataclass
class Result:
    """How rendering one scene went."""

    job: SceneJob
    status: str  # "rendered", "skipped" or "failed"
    seconds: float = 0.0
    video_seconds: float = 0.0
    warnings: int = 0
    message: str = ""
    untranslated: list[str] = field(default_factory=list)


# --------------------------------------------------------------- staleness
def run_manifest() -> Path:
    """The ``manifest.json`` of the run the scenes draw (``$NN_RUN`` or the default)."""
    from network.snapshots import selected_run_path

    return selected_run_path() / "manifest.json"


def input_files(source: Path) -> list[Path]:
    """Every file a scene's pixels depend on.

    Parameters
    ----------
    source : Path
        The chapter file that defines the scene.

    Returns
    -------
    list of Path
        The chapter file, the shared scene modules and the run manifest
        (only those that exist). The manifest stands for the whole run: it
        holds the run's ``run_id``, which every file of the run carries.
    """
    files = [source, *(SCENES_DIR / name for name in SHARED_MODULES), run_manifest()]
    return [f for f in files if f.is_file()]


def inputs_digest(inputs: list[Path]) -> str:
    """SHA-256 over the names and contents of ``inputs`` and the narration mode
    (voiced or ``NN_SILENT``): what an output was made from."""
    from scenes import voice

    h = hashlib.sha256(voice.mode().encode())
    for f in inputs:
        h.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def stamp_path(output: Path) -> Path:
    """Where the digest of an output's inputs is kept (beside it)."""
    return output.with_name(output.name + ".inputs")


def write_stamp(output: Path, digest: str) -> None:
    """Record that ``output`` was made from inputs with ``digest``."""
    tmp = stamp_path(output).with_suffix(".tmp")
    tmp.write_text(digest + "\n")
    tmp.replace(stamp_path(output))


def is_up_to_date(output: Path, inputs: list[Path]) -> bool:
    """True if ``output`` exists and was made from exactly these inputs' contents.

    By content, not file times: after rendering with ``NN_RUN=other`` and then
    without, the run's manifest differs, so every scene renders again.
    """
    stamp = stamp_path(output)
    if not output.is_file() or not stamp.is_file():
        return False
    return stamp.read_text().strip() == inputs_digest(inputs)


# --------------------------------------------------------------- rendering
def video_seconds(path: Path) -> float:
    """Duration of a video file in seconds (0 if it cannot be read)."""
    import av

    try:
        with av.open(str(path)) as container:
            return float(container.duration or 0) / 1e6
    except (OSError, av.error.FFmpegError):
        return 0.0


def manim_command(job: SceneJob) -> list[str]:
    """The ``manim render`` command line for one job."""
    cmd = [sys.executable, "-m", "manim", "render", f"-q{job.quality}", "--disable_caching",
           "--media_dir", str(job.media_dir)]
    if job.still:
        cmd.append("-s")
    return [*cmd, str(job.source), job.scene]


def render_scene(job: SceneJob, force: bool = False) -> Result:
    """Render one scene in its own manim process (skipped if up to date).

    Parameters
    ----------
    job : SceneJob
        What to render.
    force : bool
        Render even if the output is newer than its inputs.

    Returns
    -------
    Result
        Status, wall time, video length and number of WARNING lines.
    """
    inputs = input_files(job.source)
    digest = inputs_digest(inputs)
    if not force and is_up_to_date(job.output, inputs):
        result = Result(job, "skipped")
        if not job.still:  # the Chinese table may have changed: rewriting the track costs milliseconds
            result.video_seconds = video_seconds(job.video)
            result.untranslated = write_chinese_track(job.srt)
        return result
    job.log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    proc = subprocess.run(manim_command(job), cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    out = proc.stdout + proc.stderr
    job.log.write_text(out)
    # manim 0.21 warns "Some options were not used: {'shortest': ...}" whenever a
    # scene has sound (its own muxing options): not a problem of the scene.
    warnings = sum(1 for line in out.splitlines() if "WARNING" in line and "Some options were not" not in line)
    if proc.returncode != 0 or not job.output.is_file() or job.output.stat().st_mtime < time.time() - seconds - 1:
        lines = out.strip().splitlines()
        if lines and lines[-1].startswith("error: ") and "Traceback" not in out:
            return Result(job, "failed", seconds, warnings=warnings, message=lines[-1][len("error: "):])
        tail = "\n".join(lines[-12:])
        return Result(job, "failed", seconds, warnings=warnings,
                      message=f"exit status {proc.returncode}; log: {job.log}\n{tail}")
    result = Result(job, "rendered", seconds, warnings=warnings)
    write_stamp(job.output, digest)  # the inputs as they were when the render started
    if not job.still:
        result.video_seconds = video_seconds(job.video)
        result.untranslated = write_chinese_track(job.srt)
    return result


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it already holds exactly that, so an
    unchanged subtitle file keeps its time stamp (and joins stay up to date)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_chinese_track(srt_path: Path) -> list[str]:
    """Write ``X.zh.srt`` next to ``X.srt`` from the Chinese narration table.

    Returns
    -------
    list of str
        The subtitle lines the table has no Chinese for (left in English).
    """
    import srt

    from lecture.narration_zh import translate, translate_srt

    if not srt_path.is_file():
        return []
    text = srt_path.read_text(encoding="utf-8")
    write_if_changed(srt_path.with_suffix(".zh.srt"), translate_srt(text))
    lines = [" ".join(sub.content.split("\n")) for sub in srt.parse(text)]
    return [line for line in lines if translate(line) is None]


# --------------------------------------------------------------- joining
#: ASS header that FFmpeg's mov_text encoder needs before a subtitle stream can
#: be added (the cues themselves are muxed as ready-made mov_text samples).
_ASS_HEADER = """[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, \
MarginV, Encoding
Style: Default,Sans,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


def subtitle_stream(out, language: str):
    """Add an empty ``mov_text`` subtitle track tagged ``language`` (ISO 639-2,
    e.g. ``"eng"``) to ``out``, an mp4 opened for writing with nothing muxed yet."""
    from fractions import Fraction

    stream = out.add_stream("mov_text")
    stream.metadata["language"] = language
    stream.time_base = Fraction(1, 1000)
    stream.codec_context.subtitle_header = _ASS_HEADER.encode()
    return stream


def mux_subtitles(out, stream, srt_path: Path) -> None:
    """Mux the cues of ``srt_path`` into the subtitle ``stream`` of ``out``."""
    import struct

    import av
    import srt

    for sub in srt.parse(srt_path.read_text(encoding="utf-8")):
        text = sub.content.encode("utf-8")
        packet = av.Packet(struct.pack(">H", len(text)) + text)  # a mov_text sample: length, UTF-8 text
        packet.stream = stream
        packet.time_base = stream.time_base
        packet.pts = packet.dts = round(sub.start.total_seconds() * 1000)
        packet.duration = round((sub.end - sub.start).total_seconds() * 1000)
        out.mux(packet)


def join_videos(parts: list[Path], dest: Path, subtitles: list[tuple[str, Path]] = ()) -> None:
    """Concatenate mp4 files with identical encoding settings, without re-encoding.

    Parameters
    ----------
    parts : list of Path
        Scene videos in order (same codec, size and frame rate, as manim
        writes them at one quality).
    dest : Path
        The joined video.
    subtitles : list of (str, Path)
        Subtitle tracks to embed, as ``(ISO 639-2 language, .srt of the joined
        video)``; players list them as selectable tracks. Each part starts
        where the previous one ends (:func:`part_starts`).

    The narration (each part's audio track, if it has one) is carried over
    the same way, without re-encoding, each part's audio starting with its video.
    """
    import av

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.stem + ".part" + dest.suffix)
    voiced = [p for p in parts if has_audio(p)]
    with av.open(str(tmp), "w") as out:
        # Every stream is added before the first packet is muxed.
        with av.open(str(parts[0])) as first:
            out_stream = out.add_stream_from_template(first.streams.video[0])
        audio_out = None
        if voiced:  # the narration: each scene's AAC track, shifted to where its video starts
            with av.open(str(voiced[0])) as first_voiced:
                audio_out = out.add_stream_from_template(first_voiced.streams.audio[0])
        tracks = [(subtitle_stream(out, language), path) for language, path in subtitles if path.is_file()]
        offset = 0  # in out_stream.time_base units
        audio_end = 0  # in the audio time base
        for part in parts:
            with av.open(str(part)) as inp:
                in_stream = inp.streams.video[0]
                a_stream = inp.streams.audio[0] if (audio_out is not None and inp.streams.audio) else None
                # Audio packets shift by the same start time, in their own time base (or just
                # after the previous scene's audio, whose encoder padding may run a frame long).
                a_offset = max(round(offset * in_stream.time_base / a_stream.time_base), audio_end) if a_stream else 0
                end = offset
                for packet in inp.demux(*(s for s in (in_stream, a_stream) if s is not None)):
                    if packet.dts is None:  # the demuxer's final flush packet
                        continue
                    if packet.stream.type == "audio":
                        packet.pts = (packet.pts or 0) + a_offset
                        packet.dts += a_offset
                        audio_end = max(audio_end, packet.dts + (packet.duration or 0))
                        packet.stream = audio_out
                    else:
                        packet.pts = (packet.pts or 0) + offset
                        packet.dts += offset
                        end = max(end, packet.pts + (packet.duration or 0))
                        packet.stream = out_stream
                    out.mux(packet)
                offset = end
        for stream, srt_path in tracks:
            mux_subtitles(out, stream, srt_path)
    tmp.replace(dest)


def has_audio(path: Path) -> bool:
    """True if the video file has an audio track (a narrated render)."""
    import av

    with av.open(str(path)) as c:
        return bool(c.streams.audio)


def join_srts(parts: list[Path | None], starts: list[float], dest: Path) -> Path:
    """Join subtitle files, shifting each by the start time of its video.

    Parameters
    ----------
    parts : list of Path or None
        One ``.srt`` per scene (None or a missing file: no subtitles there).
    starts : list of float
        Start of each scene in the joined video, seconds.
    dest : Path
        The joined ``.srt``.
    """
    from datetime import timedelta

    import srt

    subs = []
    for part, start in zip(parts, starts):
        if part is None or not part.is_file():
            continue
        shift = timedelta(seconds=start)
        for sub in srt.parse(part.read_text(encoding="utf-8")):
            subs.append(srt.Subtitle(0, sub.start + shift, sub.end + shift, sub.content))
    write_if_changed(dest, srt.compose(subs, reindex=True))
    return dest


def chapter_video(media_dir: Path, chapter: str, quality: str) -> Path:
    """Where the joined video of a chapter goes."""
    number = CHAPTERS.index(chapter) + 1 if chapter in CHAPTERS else 0
    stem = f"{number}-{chapter}" if number else chapter
    return media_dir / "chapters" / QUALITY_DIRS[quality] / f"{stem}.mp4"


def part_starts(parts: list[Path]) -> list[float]:
    """Start time of each part in their concatenation, as :func:`join_videos` lays them out."""
    import av

    starts, total = [], 0.0
    for part in parts:
        starts.append(total)
        with av.open(str(part)) as inp:
            stream = inp.streams.video[0]
            end = max((p.pts + (p.duration or 0) for p in inp.demux(stream) if p.pts is not None), default=0)
            total += float(end * stream.time_base)
    return starts


def join_chapter(jobs: list[SceneJob], dest: Path) -> Path:
    """Join a chapter's subtitle files, then its scene videos with both subtitle
    tracks embedded (unless ``dest`` was joined from exactly these scene videos,
    as their stamps and sizes say, and these subtitle files)."""
    videos = [j.video for j in jobs]
    dest.parent.mkdir(parents=True, exist_ok=True)
    starts = part_starts(videos)
    english = join_srts([j.srt for j in jobs], starts, dest.with_suffix(".srt"))
    chinese = join_srts([j.srt.with_suffix(".zh.srt") for j in jobs], starts, dest.with_suffix(".zh.srt"))
    parts = [stamp_path(v) for v in videos if stamp_path(v).is_file()] + [english, chinese]
    digest = hashlib.sha256((inputs_digest(parts) + "".join(
        f"{v.name}:{v.stat().st_size}:{v.stat().st_mtime_ns};" for v in videos)).encode()).hexdigest()
    stamp = stamp_path(dest)
    if not (dest.is_file() and stamp.is_file() and stamp.read_text().strip() == digest):
        join_videos(videos, dest, subtitles=[("eng", english), ("chi", chinese)])
        write_stamp(dest, digest)
    return dest


# --------------------------------------------------------------- CLI
class UsageError(ValueError):
    """A command-line value that names nothing renderable; the message says what to do."""


def chapter_from_file(path: Path) -> Chapter:
    """A chapter made of any scene file with a ``SCENES`` list (``--file``)."""
    if not path.is_file() or path.suffix != ".py":
        raise UsageError(f"--file {path}: no such Python file; pass a scene file such as scenes/chapter1.py")
    spec = importlib.util.spec_from_file_location(f"_render_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SystemExit:
        raise
    except BaseException as exc:  # any error in the user's file: say which, in one line
        raise UsageError(f"--file {path}: cannot be imported ({type(exc).__name__}: {exc})") from None
    scenes = list(getattr(module, "SCENES", []))
    if not scenes:
        raise UsageError(f"--file {path}: has no SCENES list; end the file with SCENES = [FirstScene, ...]")
    return Chapter(path.stem, scenes)


def collect_jobs(args: argparse.Namespace) -> list[tuple[Chapter, list[SceneJob]]]:
    """The chapters and scene jobs selected on the command line."""
    if args.file:
        path = Path(args.file).resolve()
        selected = [(chapter_from_file(path), path)]
    else:
        selected = [(ch, ch.path) for ch in chapters(args.chapter)]
    if args.scene:
        known = {n for chapter, _ in selected for n in chapter.scene_names}
        unknown = [n for n in args.scene if n not in known]
        if unknown:
            raise UsageError(f"--scene {', '.join(unknown)}: no such scene in the selected chapters; "
                             "`python -m lecture.render --list` shows them")
    plan = []
    for chapter, source in selected:
        names = chapter.scene_names
        if args.scene:
            names = [n for n in names if n in args.scene]
        jobs = [SceneJob(chapter.name, source, n, args.quality, args.media_dir, still=args.stills) for n in names]
        if jobs:
            plan.append((chapter, jobs))
    return plan


def main(argv: list[str] | None = None) -> int:
    """Render the selected scenes; returns the exit status (1 if any failed)."""
    parser = OneLineParser(prog="python -m lecture.render", description=__doc__.split("\n")[0])
    parser.add_argument("-q", "--quality", choices=list(QUALITY_DIRS), default="l",
                        help="manim quality: l=480p15 (default), m=720p30, h=1080p60, p=1440p60, k=2160p60")
    parser.add_argument("--chapter", action="append", choices=list(CHAPTERS),
                        help="render only this chapter (repeatable)")
    parser.add_argument("--scene", action="append", help="render only this scene (class name, repeatable)")
    parser.add_argument("--file", help="render the SCENES of this file instead of the catalog's chapters")
    parser.add_argument("--stills", action="store_true", help="render each scene's last frame as PNG only")
    parser.add_argument("--force", action="store_true", help="render even up-to-date scenes")
    parser.add_argument("--silent", action="store_true",
                        help="no voice (same timing as voiced, from cached audio or an estimate): quick previews")
    parser.add_argument("--no-join", action="store_true", help="do not join scenes into chapter videos")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="scenes rendered at once (default 1)")
    parser.add_argument("--media-dir", type=Path, default=REPO / "media", help="output folder (default media/)")
    parser.add_argument("--list", action="store_true", help="print the scenes that would be rendered and exit")
    args = parser.parse_args(argv)
    args.media_dir = args.media_dir.resolve()
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if args.silent or args.stills:
        os.environ["NN_SILENT"] = "1"  # for this process's digests and every manim process
    if args.media_dir.exists() and not args.media_dir.is_dir():
        parser.error(f"--media-dir {args.media_dir} is a file; pass a folder")
    try:
        plan = collect_jobs(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from scenes.data import SceneDataError, get_dataset

    from scenes import voice

    try:  # a missing or damaged run, or a missing voice, is said once, not by every scene
        get_dataset()
        if not voice.silent() and not args.list:
            voice.check_voice()
    except (SceneDataError, voice.VoiceUnavailable) as exc:
        print(exc.code, file=sys.stderr)
        return 1
    all_jobs = [job for _, jobs in plan for job in jobs]
    if not all_jobs:
        print("nothing to render (no chapter module with a SCENES list matched)", file=sys.stderr)
        return 1
    if args.list:
        for job in all_jobs:
            state = "up to date" if is_up_to_date(job.output, input_files(job.source)) else "to render"
            print(f"{job.chapter:10s} {job.scene:32s} {state}")
        return 0

    total = len(all_jobs)
    kind = "stills" if args.stills else f"-q{args.quality} ({QUALITY_DIRS[args.quality]})"
    print(f"rendering {total} scenes of {len(plan)} chapters at {kind} into {args.media_dir}", flush=True)
    index = {id(job): i for i, job in enumerate(all_jobs, 1)}
    t0 = time.perf_counter()

    def run(job: SceneJob) -> Result:
        result = render_scene(job, force=args.force)
        head = f"[{index[id(job)]:{len(str(total))}d}/{total}] {job.chapter} {job.scene}"
        if result.untranslated:
            head_note = f"\n    note: {len(result.untranslated)} subtitle lines have no Chinese yet " \
                        f"(lecture/narration_zh.py): " + "; ".join(result.untranslated)
        else:
            head_note = ""
        if result.status == "skipped":
            print(f"{head}: up to date, skipped{head_note}", flush=True)
        elif result.status == "failed":
            print(f"{head}: FAILED after {result.seconds:.1f} s\n    " +
                  result.message.replace("\n", "\n    "), flush=True)
        else:
            extra = "" if job.still else f" ({result.video_seconds:.1f} s of video)"
            warn = f", {result.warnings} WARNING lines (see {job.log})" if result.warnings else ""
            print(f"{head}: rendered in {result.seconds:.1f} s{extra}{warn}{head_note}", flush=True)
        return result

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(run, all_jobs))
    by_job = {id(r.job): r for r in results}

    failed = [r for r in results if r.status == "failed"]
    if not args.stills and not args.no_join:
        for chapter, jobs in plan:
            if any(by_job[id(j)].status == "failed" for j in jobs):
                print(f"{chapter.name}: not joined (a scene failed)", flush=True)
                continue
            if args.scene and len(jobs) < len(chapter.scenes):
                continue  # only part of the chapter was asked for
            dest = chapter_video(args.media_dir, chapter.name, args.quality)
            try:
                join_chapter(jobs, dest)
            except Exception as exc:  # report, keep going
                print(f"{chapter.name}: joining failed: {exc}", flush=True)
                failed.append(Result(jobs[0], "failed", message=str(exc)))
                continue
            print(f"{chapter.name}: {dest.relative_to(args.media_dir.parent) if dest.is_relative_to(args.media_dir.parent) else dest}"
                  f" ({video_seconds(dest):.1f} s, {len(jobs)} scenes, English and Chinese subtitles embedded and as .srt, .zh.srt)", flush=True)

    rendered = [r for r in results if r.status == "rendered"]
    skipped = [r for r in results if r.status == "skipped"]
    print(f"done in {time.perf_counter() - t0:.1f} s: {len(rendered)} rendered, {len(skipped)} up to date, "
          f"{len(failed)} failed", flush=True)
    for r in failed:
        print(f"FAILED: {r.job.chapter} {r.job.scene}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
