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
  :mod:`lecture.translations` (the gettext catalogs ``locale/zh_CN/LC_MESSAGES/<chapter>.po``).
* The scenes of each chapter are then joined (no re-encoding) into one
  chapter video with both subtitle tracks embedded (English and Chinese,
  selectable in the player) and beside it: ``media/chapters/480p15/1-chapter1.mp4``
  (+ ``.srt``, ``.zh.srt``).
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lecture.catalog import CHAPTERS, REPO, Chapter, chapters
from lecture.join import join_chapter, write_if_changed
from lecture.stamps import input_files, inputs_digest, is_up_to_date, stamp_matches, write_stamp
from network.cli import OneLineParser

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
    #: The file that defines the scene class (a module of a chapter package);
    #: None when it is ``source`` itself.
    module: Path | None = None

    @property
    def video(self) -> Path:
        """The scene's video file (what manim writes; by chapter, whatever file defines the scene)."""
        return self.media_dir / "videos" / self.chapter / QUALITY_DIRS[self.quality] / f"{self.scene}.mp4"

    @property
    def srt(self) -> Path:
        """English subtitles manim writes next to the video."""
        return self.video.with_suffix(".srt")

    @property
    def png(self) -> Path:
        """The still of the last frame (``--stills``)."""
        return self.media_dir / "images" / self.chapter / f"{self.scene}_ManimCE_v{MANIM_VERSION}.png"

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


# --------------------------------------------------------------- rendering
def video_seconds(path: Path) -> float:
    """Duration of a video file in seconds (0 if it cannot be read)."""
    import av

    try:
        with av.open(str(path)) as container:
            return float(container.duration or 0) / 1e6
    except (OSError, av.error.FFmpegError):
        return 0.0


def chapter_config(job: SceneJob) -> Path:
    """A manim config file that puts the job's video and still under its chapter's
    name (manim would name the folder after the file that defines the scene)."""
    path = job.media_dir / ".manim" / f"{job.chapter}.cfg"
    text = (f"[CLI]\nvideo_dir = {{media_dir}}/videos/{job.chapter}/{{quality}}\n"
            f"images_dir = {{media_dir}}/images/{job.chapter}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, text)
    return path


def manim_command(job: SceneJob) -> list[str]:
    """The ``manim render`` command line for one job."""
    cmd = [sys.executable, "-m", "manim", "render", f"-q{job.quality}", "--disable_caching",
           "--media_dir", str(job.media_dir), "-c", str(chapter_config(job))]
    if job.still:
        cmd.append("-s")
    return [*cmd, str(job.module or job.source), job.scene]


def render_scene(job: SceneJob, force: bool = False, env: dict[str, str] | None = None) -> Result:
    """Render one scene in its own manim process (skipped if up to date).

    Parameters
    ----------
    job : SceneJob
        What to render.
    force : bool
        Render even if the output is newer than its inputs.
    env : dict, optional
        Environment of the manim process (default: this process's).

    Returns
    -------
    Result
        Status, wall time, video length and number of WARNING lines.
    """
    digest = inputs_digest(input_files(job.source))
    if not force and stamp_matches(job.output, digest):
        result = Result(job, "skipped")
        if not job.still:  # the Chinese table may have changed: rewriting the track costs milliseconds
            result.video_seconds = video_seconds(job.video)
            result.untranslated = write_chinese_track(job.srt)
        return result
    job.log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    proc = subprocess.run(manim_command(job), cwd=REPO, capture_output=True, text=True, env=env)
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


def write_chinese_track(srt_path: Path) -> list[str]:
    """Write ``X.zh.srt`` next to ``X.srt`` from the Chinese catalogs.

    Returns
    -------
    list of str
        The subtitle lines no catalog has Chinese for (left in English).
    """
    import srt

    from lecture.translations import translate, translate_srt

    if not srt_path.is_file():
        return []
    text = srt_path.read_text(encoding="utf-8")
    write_if_changed(srt_path.with_suffix(".zh.srt"), translate_srt(text))
    lines = [" ".join(sub.content.split("\n")) for sub in srt.parse(text)]
    return [line for line in lines if translate(line) is None]


def chapter_video(media_dir: Path, chapter: str, quality: str) -> Path:
    """Where the joined video of a chapter goes."""
    number = CHAPTERS.index(chapter) + 1 if chapter in CHAPTERS else 0
    stem = f"{number}-{chapter}" if number else chapter
    return media_dir / "chapters" / QUALITY_DIRS[quality] / f"{stem}.mp4"


# --------------------------------------------------------------- CLI
class UsageError(ValueError):
    """A command-line value that names nothing renderable; the message says what to do."""


def chapter_from_file(path: Path) -> Chapter:
    """A chapter made of any scene file, or package folder, with a ``SCENES`` list (``--file``).

    A package is imported by its folder name from the folder above it, so its
    modules import each other absolutely (``from mychapter.part import X``),
    as the chapter packages under ``scenes/`` do.
    """
    package = path.is_dir() and (path / "__init__.py").is_file()
    if not package and (not path.is_file() or path.suffix != ".py"):
        raise UsageError(f"--file {path}: no such Python file or package folder; "
                         "pass a scene file such as scenes/chapter1.py")
    try:
        if package:
            if str(path.parent) not in sys.path:
                sys.path.insert(0, str(path.parent))
                # ... and for the manim processes, which load the scene's own module file
                os.environ["PYTHONPATH"] = os.pathsep.join(
                    p for p in (str(path.parent), os.environ.get("PYTHONPATH", "")) if p)
            module = importlib.import_module(path.name)
        else:
            spec = importlib.util.spec_from_file_location(f"_render_{path.stem}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
    except SystemExit:
        raise
    except BaseException as exc:  # any error in the user's file: say which, in one line
        raise UsageError(f"--file {path}: cannot be imported ({type(exc).__name__}: {exc})") from None
    scenes = list(getattr(module, "SCENES", []))
    if not scenes:
        raise UsageError(f"--file {path}: has no SCENES list; end the file with SCENES = [FirstScene, ...]")
    return Chapter(path.stem, scenes)


class Progress:
    """Scenes done and an estimate of the time left (thread-safe).

    The estimate assumes the scenes still to render take, on average, as long
    as those rendered so far, ``jobs`` at a time; skipped scenes cost nothing.
    """

    def __init__(self, total: int, jobs: int) -> None:
        self.total, self.jobs = total, max(1, jobs)
        self.finished = 0
        self.render_seconds: list[float] = []
        self._lock = threading.Lock()

    def done(self, result: Result) -> int:
        """Count one finished scene; returns how many are done."""
        with self._lock:
            self.finished += 1
            if result.status != "skipped":
                self.render_seconds.append(result.seconds)
            return self.finished

    def left(self) -> str:
        """``", about 12 min left"`` (nothing until a scene has rendered, or when all are done)."""
        with self._lock:
            remaining = self.total - self.finished
            if not remaining or not self.render_seconds:
                return ""
            seconds = sum(self.render_seconds) / len(self.render_seconds) * remaining / min(self.jobs, remaining)
        return f", about {seconds / 60:.0f} min left" if seconds >= 90 else f", about {seconds:.0f} s left"


def summary_table(plan: list[tuple[Chapter, list[SceneJob]]], by_job: dict[int, Result], wall: float) -> str:
    """Per chapter: scenes rendered / up to date / failed, minutes of video, render seconds and their ratio."""
    rows = [f"{'chapter':10s} {'scenes':>6s} {'rendered':>8s} {'skipped':>7s} {'failed':>6s} "
            f"{'video min':>9s} {'render s':>9s} {'s per video s':>13s}"]
    totals = [0, 0, 0, 0, 0.0, 0.0, 0.0]
    for chapter, jobs in plan:
        results = [by_job[id(j)] for j in jobs]
        rendered = [r for r in results if r.status == "rendered"]
        video = sum(r.video_seconds if r.status == "rendered" else video_seconds(r.job.video) for r in results
                    if r.status != "failed")
        render = sum(r.seconds for r in rendered)
        rendered_video = sum(r.video_seconds for r in rendered)
        counts = [len(jobs), len(rendered), sum(r.status == "skipped" for r in results),
                  sum(r.status == "failed" for r in results)]
        ratio = f"{render / rendered_video:13.2f}" if rendered_video else f"{'-':>13s}"
        rows.append(f"{chapter.name:10s} {counts[0]:6d} {counts[1]:8d} {counts[2]:7d} {counts[3]:6d} "
                    f"{video / 60:9.1f} {render:9.1f} {ratio}")
        for i, c in enumerate(counts):
            totals[i] += c
        totals[4] += video
        totals[5] += render
        totals[6] += rendered_video
    ratio = f"{wall / totals[6]:13.2f}" if totals[6] else f"{'-':>13s}"
    rows.append(f"{'series':10s} {totals[0]:6d} {totals[1]:8d} {totals[2]:7d} {totals[3]:6d} "
                f"{totals[4] / 60:9.1f} {wall:9.1f} {ratio}   (series: wall time, all jobs at once)")
    return "\n".join(rows)


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
        scenes = [s for s in chapter.scenes if not args.scene or s.__name__ in args.scene]
        jobs = [SceneJob(chapter.name, source, s.__name__, args.quality, args.media_dir, still=args.stills,
                         module=Path(inspect.getsourcefile(s)) if source.is_dir() else None) for s in scenes]
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
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help=f"scenes rendered at once (default: every core, {os.cpu_count() or 1} here)")
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
    t0 = time.perf_counter()
    progress = Progress(total, args.jobs)

    def run(job: SceneJob) -> Result:
        result = render_scene(job, force=args.force)
        head = f"[{progress.done(result):{len(str(total))}d}/{total}] {job.chapter} {job.scene}"
        if result.untranslated:
            head_note = f"\n    note: {len(result.untranslated)} subtitle lines have no Chinese yet " \
                        f"(locale/zh_CN/LC_MESSAGES/<chapter>.po): " + "; ".join(result.untranslated)
        else:
            head_note = ""
        left = progress.left()
        if result.status == "skipped":
            print(f"{head}: up to date, skipped{left}{head_note}", flush=True)
        elif result.status == "failed":
            print(f"{head}: FAILED after {result.seconds:.1f} s{left}\n    " +
                  result.message.replace("\n", "\n    "), flush=True)
        else:
            extra = "" if job.still else f" ({result.video_seconds:.1f} s of video)"
            warn = f", {result.warnings} WARNING lines (see {job.log})" if result.warnings else ""
            print(f"{head}: rendered in {result.seconds:.1f} s{extra}{warn}{left}{head_note}", flush=True)
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
    wall = time.perf_counter() - t0
    if not args.stills:
        print(summary_table(plan, by_job, wall), flush=True)
    print(f"done in {wall:.1f} s: {len(rendered)} rendered, {len(skipped)} up to date, "
          f"{len(failed)} failed", flush=True)
    for r in failed:
        print(f"FAILED: {r.job.chapter} {r.job.scene}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
