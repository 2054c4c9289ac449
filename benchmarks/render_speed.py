"""Render-speed benchmark: seconds of rendering per second of video, per scene and for the series.

    .venv/bin/python benchmarks/render_speed.py                       # whole series at -ql and -qh
    .venv/bin/python benchmarks/render_speed.py --quality h --chapter chapter1
    .venv/bin/python benchmarks/render_speed.py --quality h --scene Ch1ForwardPass
    .venv/bin/python benchmarks/render_speed.py --encoders            # encoder settings on one scene at -qh
    .venv/bin/python benchmarks/render_speed.py --baseline --quality h --scene Ch1Hook   # manim's settings vs ours
    .venv/bin/python benchmarks/render_speed.py --frames              # frame path and image drawing only

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
(``$NN_X264_PRESET``), partial movies encoding at once
(``$NN_MAX_INFLIGHT_ENCODERS``) and threads per encoder (``$NN_X264_THREADS``),
and prints encoder milliseconds per frame, wall and CPU time, file size and the PSNR of a sample of frames against manim's own
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
#: (x264 preset, partial movies encoding at once, x264 threads; 0 = x264's choice) compared by
#: --encoders; manim's own first.
ENCODER_SETTINGS = (("medium", 1, 0), ("veryfast", 2, 0), ("veryfast", 2, 1), ("superfast", 2, 1),
                    ("ultrafast", 2, 1))


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
            "encoding_s": inside.get("encoding", 0.0), "cpu_s": inside.get("cpu", 0.0)}


HEAD = (f"{'q':1s} {'chapter':9s} {'scene':30s} {'video s':>7s} {'render s':>8s} {'ratio':>6s} {'fps':>5s} "
        f"{'MB':>6s} {'CPU s':>6s} | {'start':>5s} {'draw':>6s} {'tex':>5s} {'encode':>6s}")


def line(r: dict) -> str:
    if "failed" in r:
        return f"{r['quality']:1s} {r['chapter']:9s} {r['scene']:30s} FAILED: {r['failed']}"
    return (f"{r['quality']:1s} {r['chapter']:9s} {r['scene']:30s} {r['video_s']:7.1f} {r['render_s']:8.1f} "
            f"{r['ratio']:6.2f} {r['fps']:5.1f} {r['mb']:6.1f} {r.get('cpu_s', 0.0):6.1f} | {r['startup_s']:5.1f} {r['drawing_s']:6.1f} "
            f"{r['tex_s']:5.1f} {r['encoding_s']:6.1f}")


def series(args: argparse.Namespace, quality: str, media: Path,
           extra_env: dict[str, str] | None = None) -> tuple[list[dict], float]:
    jobs = [SceneJob(ch.name, ch.path, cls.__name__, quality, media, module=Path(inspect.getsourcefile(cls)))
            for ch in chapters(args.chapter) for cls in ch.scenes if not args.scene or cls.__name__ in args.scene]
    profiles = media / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    def one(job: SceneJob) -> dict:
        row = render_measured(job, profiles / f"{job.scene}.{quality}.json", extra_env)
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
    cpu_total = sum(r.get("cpu_s", 0.0) for r in done)
    print(f"-q{quality} CPU: {cpu_total:.0f} s in all, {cpu_total / video:.2f} CPU s per video s (on {jobs} cores at "
          f"best {cpu_total / video / max(jobs, 1):.2f} s per video s)")
    cpu = {k: sum(r[k] for r in done) for k in ("startup_s", "drawing_s", "tex_s", "encoding_s")}
    print(f"-q{quality} where the time went (sum over scenes, seconds): start-up {cpu['startup_s']:.0f}, drawing "
          f"{cpu['drawing_s']:.0f}, TeX and text {cpu['tex_s']:.0f}, converting + encoding {cpu['encoding_s']:.0f} "
          f"(encoder thread, beside drawing)")
    for r in done:
        if "ForwardPass" in r["scene"] and quality == "h":
            ok = r["fps"] >= FORWARD_PASS_TARGET_FPS
            if jobs > 1 and len(done) > 1:  # it shared the cores: the target is for the scene on its own
                verdict = f"sharing the cores with {jobs - 1} other scene(s); alone: --scene {r['scene']} -j 1"
            else:
                verdict = "OK" if ok else "TOO SLOW"
            print(f"forward pass {r['scene']} at -qh: {r['fps']:.1f} frames per second "
                  f"(target >= {FORWARD_PASS_TARGET_FPS:.0f}): {verdict}")
    slowest = sorted(done, key=lambda r: -r["ratio"])[:5]
    print(f"-q{quality} slowest: " + ", ".join(f"{r['scene']} {r['ratio']:.2f} (draw {r['drawing_s']:.0f} s, encode "
                                               f"{r['encoding_s']:.0f} s, tex {r['tex_s']:.0f} s)" for r in slowest))


def encoders(args: argparse.Namespace, media: Path) -> None:
    scene = (args.scene or ["Ch1ForwardPass"])[0]
    chapter = next(ch for ch in chapters() if scene in ch.scene_names)
    module = Path(inspect.getsourcefile(next(s for s in chapter.scenes if s.__name__ == scene)))
    print(f"encoder settings, {scene} at -qh (crf 23), one after the other:")
    print(f"{'preset':10s} {'at once':>7s} {'threads':>7s} {'render s':>8s} {'CPU s':>6s} {'fps':>5s} "
          f"{'encode ms/frame':>15s} {'MB':>6s} {'PSNR vs first':>13s}")
    reference = None
    for preset, inflight, threads in ENCODER_SETTINGS:
        name = f"{preset}-{inflight}-{threads}"
        job = SceneJob(chapter.name, chapter.path, scene, "h", media / name, module=module)
        row = render_measured(job, media / f"{name}.json",
                              {"NN_X264_PRESET": preset, "NN_MAX_INFLIGHT_ENCODERS": str(inflight),
                               "NN_X264_THREADS": str(threads)})
        if "failed" in row:
            print(f"{preset:10s} {inflight:7d} {threads or 'x264':>7} FAILED: {row['failed']}")
            continue
        frames = sample_frames(job.video)
        reference = reference or frames
        quality = psnr(frames, reference)
        print(f"{preset:10s} {inflight:7d} {threads or 'x264':>7} {row['render_s']:8.1f} {row['cpu_s']:6.1f} "
              f"{row['fps']:5.1f} {1000 * row['encoding_s'] / row['frames']:15.1f} {row['mb']:6.2f} "
              f"{'identical' if quality == math.inf else f'{quality:.1f} dB':>13s}", flush=True)


def baseline(args: argparse.Namespace, quality: str, media: Path) -> list[dict]:
    """Each selected scene rendered with manim's own settings (``$NN_MANIM_DEFAULTS=1``:
    x264 medium, one partial movie encoding at a time, manim's frame path and image
    drawing) and with ours, in one run; prints both and the speed-up."""
    before, wall_before = series(args, quality, media / "manim", {"NN_MANIM_DEFAULTS": "1"})
    after, wall_after = series(args, quality, media / "ours")
    print(f"\n-q{quality}: manim's settings vs ours (render seconds per video second; same scenes, one run)")
    print(f"{'scene':30s} {'manim':>6s} {'ours':>6s} {'speed-up':>8s} {'fps manim':>9s} {'fps ours':>8s} "
          f"{'MB manim':>8s} {'MB ours':>7s} {'CPU manim':>9s} {'CPU ours':>8s}")
    for b, a in zip(before, after):
        if "failed" in b or "failed" in a:
            print(f"{a['scene']:30s} FAILED")
            continue
        print(f"{a['scene']:30s} {b['ratio']:6.2f} {a['ratio']:6.2f} {b['ratio'] / a['ratio']:7.2f}x "
              f"{b['fps']:9.1f} {a['fps']:8.1f} {b['mb']:8.1f} {a['mb']:7.1f} {b.get('cpu_s', 0):9.1f} "
              f"{a.get('cpu_s', 0):8.1f}")
    ok = [(b, a) for b, a in zip(before, after) if "failed" not in b and "failed" not in a]
    video = sum(a["video_s"] for _, a in ok)
    if video:
        cpu_b, cpu_a = sum(b.get("cpu_s", 0) for b, _ in ok), sum(a.get("cpu_s", 0) for _, a in ok)
        print(f"{'all (wall time of each batch)':30s} {wall_before / video:6.2f} {wall_after / video:6.2f} "
              f"{wall_before / wall_after:7.2f}x {'':9s} {'':8s} {sum(b['mb'] for b, _ in ok):8.1f} "
              f"{sum(a['mb'] for _, a in ok):7.1f} {cpu_b:9.1f} {cpu_a:8.1f}")
    return before + after


def frame_path(repeats: int = 30, size: tuple[int, int] = (1920, 1080)) -> None:
    """CPU milliseconds per 1080p frame of the steps our render hooks replace, manim's vs ours."""
    import av
    import numpy as np
    from manim import Camera, Circle, ImageMobject, config
    from PIL import Image

    from scenes import render_hooks

    render_hooks.install()
    width, height = size
    pixels = np.zeros((height, width, 4), np.uint8)
    pixels[..., 3] = 255
    pixels[height // 4: height // 2, width // 3: width // 2, :3] = (80, 160, 240)

    def cpu_ms(fn, n: int = 40) -> float:
        fn()
        t = time.process_time()
        for _ in range(n):
            fn()
        return (time.process_time() - t) / n * 1000

    def manims_frame() -> None:  # what manim 0.21 does per frame before encoding
        av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(width, height, "yuv420p")

    def our_frame() -> None:
        render_hooks.rgba_frame(pixels).reformat(width, height, "yuv420p")

    def manims_hold() -> None:  # a frame held for `repeats` frames
        for _ in range(repeats):
            manims_frame()

    def our_hold() -> None:
        converted = render_hooks.rgba_frame(pixels).reformat(width, height, "yuv420p")
        for _ in range(repeats - 1):
            render_hooks._copy_frame(converted)

    config.pixel_width, config.pixel_height = width, height
    digit = (np.random.default_rng(0).random((28, 28)) * 255).astype(np.uint8)
    image = ImageMobject(digit).set_resampling_algorithm(Image.NEAREST)
    image.height = 3.0
    turned = image.copy().rotate(0.5)
    camera = Camera()
    camera.reset()
    frame = camera.pixel_array.copy()
    circle = Circle()
    rows = [("one frame to the encoder's pixel format", cpu_ms(manims_frame), cpu_ms(our_frame)),
            (f"a frame held {repeats} frames", cpu_ms(manims_hold, 5), cpu_ms(our_hold, 5)),
            ("drawing a 28x28 image 3 units tall",
             cpu_ms(lambda: render_hooks._manim_display_image_mobject(camera, image, frame)),
             cpu_ms(lambda: render_hooks._display_image_mobject(camera, image, frame))),
            ("the same image turned 0.5 rad",
             cpu_ms(lambda: render_hooks._manim_display_image_mobject(camera, turned, frame)),
             cpu_ms(lambda: render_hooks._display_image_mobject(camera, turned, frame))),
            ("subpaths of a circle (unchanged points)",
             cpu_ms(lambda: render_hooks._manim_subpath_split_indices(circle, circle.points, 2), 2000),
             cpu_ms(lambda: render_hooks._subpath_split_indices(circle, circle.points, 2), 2000))]
    print(f"frame path at {width}x{height}, CPU ms (one run; compare within it):")
    print(f"{'step':42s} {'manim':>7s} {'ours':>7s} {'ratio':>6s}")
    for name, theirs, ours in rows:
        print(f"{name:42s} {theirs:7.3f} {ours:7.3f} {theirs / ours:5.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quality", action="append", choices=["l", "h"], help="l, h or both (default: both)")
    parser.add_argument("--chapter", action="append", choices=list(CHAPTERS), help="only this chapter (repeatable)")
    parser.add_argument("--scene", action="append", help="only this scene (repeatable)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="scenes at once (default: cores)")
    parser.add_argument("--encoders", action="store_true", help="compare encoder settings on one scene (--scene) at -qh")
    parser.add_argument("--baseline", action="store_true",
                        help="also render every selected scene with manim's own settings and print the speed-up")
    parser.add_argument("--frames", action="store_true",
                        help="only time the frame path (encoder input, held frames, images): manim's vs ours")
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    args = parser.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="render-speed-") as tmp:
        media = Path(tmp)
        if args.encoders:
            encoders(args, media)
            return 0
        if args.frames:
            frame_path()
            return 0
        report = {}
        for quality in args.quality or ["l", "h"]:
            print(HEAD, flush=True)
            if args.baseline:
                rows = baseline(args, quality, media / quality)
                failed += sum("failed" in r for r in rows)
                report[quality] = {"scenes": rows}
                continue
            rows, wall = series(args, quality, media / quality)
            summarize(rows, wall, quality, bool(args.chapter or args.scene), args.jobs)
            failed += sum("failed" in r for r in rows)
            report[quality] = {"wall_s": wall, "scenes": rows}
        if args.json:
            args.json.write_text(json.dumps(report, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
