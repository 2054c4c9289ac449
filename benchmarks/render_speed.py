"""Render-speed benchmark: seconds of rendering per second of video, per scene and for the series.

    .venv/bin/python benchmarks/render_speed.py                       # whole series at -ql and -qh
    .venv/bin/python benchmarks/render_speed.py --quality h --chapter chapter1
    .venv/bin/python benchmarks/render_speed.py --quality h --scene Ch1ForwardPass
    .venv/bin/python benchmarks/render_speed.py --encoders            # encoder settings on one scene at -qh

Every scene is rendered in its own manim process (silent: the narration's
timing without audio, so synthesis is not measured), caching off, into a
temporary media folder (your media/ is left alone), ``--jobs`` scenes at a
time as render-all does. Printed per scene and quality: video length, render
wall time, their ratio (below 1: faster than real time), frames per second,
file size, and where the time went inside the manim process (its own
measurement, scenes/render_hooks.py): start-up until construct() runs,
drawing frames (Cairo), making TeX and text, and converting + encoding
frames (in the encoder thread, which runs beside the drawing).

Then per quality the series: the sum of the scenes' video, the wall time of
the whole batch and the ratio, against the targets of the render-speed issue
(on 2 cores: -qh at most 1.5x the running time, -ql at most 0.3x, the
forward-pass scene at -qh at 30 frames per second or more).

``--encoders`` renders one scene at -qh once per encoder setting: x264 preset
(``$NN_X264_PRESET``) and partial movies encoding at once
(``$NN_MAX_INFLIGHT_ENCODERS``), and prints encoder milliseconds per frame,
wall time, file size and the PSNR of a sample of frames against manim's own
setting (``medium``, one at a time): the measurement behind
scenes.render_hooks.X264_PRESET and MAX_INFLIGHT_ENCODERS. All ratios are measured in one run;
these machines are noisy, so compare within a run, not across runs.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lecture.catalog import CHAPTERS, chapters
from lecture.render import SceneJob, render_scene

TARGETS = {"l": 0.3, "h": 1.5}  # render seconds per second of video, whole series, 2 cores
FORWARD_PASS_TARGET_FPS = 30.0  # at -qh
#: (x264 preset, partial movies encoding at once) compared by --encoders; manim's own first.
ENCODER_SETTINGS = (("medium", 1), ("veryfast", 1), ("veryfast", 2), ("ultrafast", 2))


def frame_count(path: Path) -> int:
    """Number of video frames in a file (packets, no decoding)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return sum(1 for p in container.demux(stream) if p.size)


def sample_frames(path: Path, every: int = 30, limit: int = 40) -> list:
    """Every ``every``-th frame of a video as RGB arrays (at most ``limit``)."""
    import av

    frames = []
    with av.open(str(path)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i % every == 0:
                frames.append(frame.to_ndarray(format="rgb24"))
                if len(frames) >= limit:
                    break
    return frames


def psnr(a: list, b: list) -> float:
    """Mean PSNR (dB) of paired frames; inf when identical."""
    import numpy as np

    values = []
    for x, y in zip(a, b):
        mse = float(np.mean((x.astype(np.float64) - y.astype(np.float64)) ** 2))
        values.append(math.inf if mse == 0 else 10 * math.log10(255.0 ** 2 / mse))
    return statistics.mean(values) if values else float("nan")


def render_measured(job: SceneJob, profile: Path, extra_env: dict[str, str] | None = None) -> dict:
    """Render one job with the in-process profile on; returns its measurements (or a "failed" row)."""
    env = dict(os.environ, NN_SILENT="1", NN_RENDER_PROFILE=str(profile), **(extra_env or {}))
    result = render_scene(job, force=True, env=env)
    row = {"chapter": job.chapter, "scene": job.scene, "quality": job.quality}
    if result.status != "rendered":
        return {**row, "failed": result.message.splitlines()[0] if result.message else result.status}
    frames = frame_count(job.video)
    inside = json.loads(profile.read_text()) if profile.is_file() else {}
    return {**row, "video_s": result.video_seconds, "render_s": result.seconds, "frames": frames,
            "ratio": result.seconds / max(result.video_seconds, 1e-9), "fps": frames / result.seconds,
            "mb": job.video.stat().st_size / 1e6, "startup_s": inside.get("startup", 0.0),
            "drawing_s": inside.get("drawing", 0.0), "tex_s": inside.get("tex_and_text", 0.0),
            "encoding_s": inside.get("encoding", 0.0)}


HEAD = (f"{'q':1s} {'chapter':9s} {'scene':30s} {'video s':>7s} {'render s':>8s} {'ratio':>6s} {'fps':>5s} "
        f"{'MB':>6s} | {'start':>5s} {'draw':>6s} {'tex':>5s} {'encode':>6s}")


def line(r: dict) -> str:
    if "failed" in r:
        return f"{r['quality']:1s} {r['chapter']:9s} {r['scene']:30s} FAILED: {r['failed']}"
    return (f"{r['quality']:1s} {r['chapter']:9s} {r['scene']:30s} {r['video_s']:7.1f} {r['render_s']:8.1f} "
            f"{r['ratio']:6.2f} {r['fps']:5.1f} {r['mb']:6.1f} | {r['startup_s']:5.1f} {r['drawing_s']:6.1f} "
            f"{r['tex_s']:5.1f} {r['encoding_s']:6.1f}")


def series(args: argparse.Namespace, quality: str, media: Path) -> tuple[list[dict], float]:
    jobs = [SceneJob(ch.name, ch.path, cls.__name__, quality, media, module=Path(inspect.getsourcefile(cls)))
            for ch in chapters(args.chapter) for cls in ch.scenes if not args.scene or cls.__name__ in args.scene]
    profiles = media / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    def one(job: SceneJob) -> dict:
        row = render_measured(job, profiles / f"{job.scene}.{quality}.json")
        print(line(row), flush=True)
        return row

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(one, jobs))
    return rows, time.perf_counter() - t0


def summarize(rows: list[dict], wall: float, quality: str, partial: bool, jobs: int) -> None:
    done = [r for r in rows if "failed" not in r]
    if not done:
        return
    video = sum(r["video_s"] for r in done)
    frames = sum(r["frames"] for r in done)
    target = TARGETS[quality]
    ratio = wall / video
    print(f"-q{quality} series: {len(done)} scenes, {video / 60:.1f} min of video, {wall:.0f} s wall with {jobs} jobs: "
          f"{ratio:.2f} s per video s, {frames / wall:.1f} frames/s, {sum(r['mb'] for r in done):.0f} MB "
          f"(target <= {target}: {'OK' if ratio <= target else 'TOO SLOW'})"
          + (" [only part of the series]" if partial else ""))
    cpu = {k: sum(r[k] for r in done) for k in ("startup_s", "drawing_s", "tex_s", "encoding_s")}
    print(f"-q{quality} where the time went (sum over scenes, seconds): start-up {cpu['startup_s']:.0f}, drawing "
          f"{cpu['drawing_s']:.0f}, TeX and text {cpu['tex_s']:.0f}, converting + encoding {cpu['encoding_s']:.0f} "
          f"(encoder thread, beside drawing)")
    for r in done:
        if "ForwardPass" in r["scene"] and quality == "h":
            ok = r["fps"] >= FORWARD_PASS_TARGET_FPS
            print(f"forward pass {r['scene']} at -qh: {r['fps']:.1f} frames per second "
                  f"(target >= {FORWARD_PASS_TARGET_FPS:.0f}): {'OK' if ok else 'TOO SLOW'}")
    slowest = sorted(done, key=lambda r: -r["ratio"])[:5]
    print(f"-q{quality} slowest: " + ", ".join(f"{r['scene']} {r['ratio']:.2f} (draw {r['drawing_s']:.0f} s, encode "
                                               f"{r['encoding_s']:.0f} s, tex {r['tex_s']:.0f} s)" for r in slowest))


def encoders(args: argparse.Namespace, media: Path) -> None:
    scene = (args.scene or ["Ch1ForwardPass"])[0]
    chapter = next(ch for ch in chapters() if scene in ch.scene_names)
    module = Path(inspect.getsourcefile(next(s for s in chapter.scenes if s.__name__ == scene)))
    print(f"encoder settings, {scene} at -qh (crf 23), one after the other:")
    print(f"{'preset':10s} {'at once':>7s} {'render s':>8s} {'fps':>5s} {'encode ms/frame':>15s} {'MB':>6s} "
          f"{'PSNR vs first':>13s}")
    reference = None
    for preset, inflight in ENCODER_SETTINGS:
        name = f"{preset}-{inflight}"
        job = SceneJob(chapter.name, chapter.path, scene, "h", media / name, module=module)
        row = render_measured(job, media / f"{name}.json",
                              {"NN_X264_PRESET": preset, "NN_MAX_INFLIGHT_ENCODERS": str(inflight)})
        if "failed" in row:
            print(f"{preset:10s} {inflight:7d} FAILED: {row['failed']}")
            continue
        frames = sample_frames(job.video)
        reference = reference or frames
        quality = psnr(frames, reference)
        print(f"{preset:10s} {inflight:7d} {row['render_s']:8.1f} {row['fps']:5.1f} "
              f"{1000 * row['encoding_s'] / row['frames']:15.1f} {row['mb']:6.2f} "
              f"{'identical' if quality == math.inf else f'{quality:.1f} dB':>13s}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quality", action="append", choices=["l", "h"], help="l, h or both (default: both)")
    parser.add_argument("--chapter", action="append", choices=list(CHAPTERS), help="only this chapter (repeatable)")
    parser.add_argument("--scene", action="append", help="only this scene (repeatable)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="scenes at once (default: cores)")
    parser.add_argument("--encoders", action="store_true", help="compare encoder settings on one scene (--scene) at -qh")
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    args = parser.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="render-speed-") as tmp:
        media = Path(tmp)
        if args.encoders:
            encoders(args, media)
            return 0
        report = {}
        for quality in args.quality or ["l", "h"]:
            print(HEAD, flush=True)
            rows, wall = series(args, quality, media / quality)
            summarize(rows, wall, quality, bool(args.chapter or args.scene), args.jobs)
            failed += sum("failed" in r for r in rows)
            report[quality] = {"wall_s": wall, "scenes": rows}
        if args.json:
            args.json.write_text(json.dumps(report, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
