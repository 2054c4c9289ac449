"""Render-speed benchmark: seconds of rendering per second of video, per scene, at -ql.

    .venv/bin/python benchmarks/render_speed.py                  # the whole series
    .venv/bin/python benchmarks/render_speed.py --chapter chapter1
    .venv/bin/python benchmarks/render_speed.py --scene Ch1ForwardPass

Every scene is rendered once, one after the other, in its own manim process
with caching disabled, into a temporary media folder (your media/ is left
alone). Render time is wall time of that process, so it includes about a
second of Python/manim start-up per scene. Printed per scene: video length,
render time, the ratio (render seconds per video second: below 1 is faster
than real time), and frames rendered per second. Then the totals, the targets
of issue 6, and the scenes far slower than the rest (ratio more than twice the
median), which are the ones worth fixing.

Targets (2 cores): the whole series under 15 minutes at -ql; the forward-pass
scene at least 15 rendered frames per second at -ql.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lecture.catalog import CHAPTERS, chapters
from lecture.render import SceneJob, render_scene

SERIES_TARGET_S = 15 * 60
FORWARD_PASS_TARGET_FPS = 15.0


def frame_count(path: Path) -> int:
    """Number of video frames in a file (packets, no decoding)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return sum(1 for p in container.demux(stream) if p.size)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; prints a table and returns 1 if any scene failed to render."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chapter", action="append", choices=list(CHAPTERS), help="only this chapter (repeatable)")
    parser.add_argument("--scene", action="append", help="only this scene (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    args = parser.parse_args(argv)

    rows = []
    failed = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="render-speed-") as tmp:
        media = Path(tmp)
        jobs = [SceneJob(ch.name, ch.path, name, "l", media)
                for ch in chapters(args.chapter) for name in ch.scene_names
                if not args.scene or name in args.scene]
        if not jobs:
            print("no scenes selected", file=sys.stderr)
            return 1
        print(f"{'chapter':10s} {'scene':30s} {'video s':>8s} {'render s':>9s} {'ratio':>6s} {'fps':>6s}", flush=True)
        for job in jobs:
            result = render_scene(job, force=True)
            if result.status != "rendered":
                failed.append(job.scene)
                print(f"{job.chapter:10s} {job.scene:30s} FAILED: {result.message.splitlines()[0]}", flush=True)
                continue
            frames = frame_count(job.video)
            row = {
                "chapter": job.chapter, "scene": job.scene, "video_s": result.video_seconds,
                "render_s": result.seconds, "frames": frames,
                "ratio": result.seconds / max(result.video_seconds, 1e-9),
                "fps": frames / result.seconds,
            }
            rows.append(row)
            print(f"{job.chapter:10s} {job.scene:30s} {row['video_s']:8.1f} {row['render_s']:9.1f} "
                  f"{row['ratio']:6.2f} {row['fps']:6.1f}", flush=True)
    wall = time.perf_counter() - t0

    if rows:
        video = sum(r["video_s"] for r in rows)
        render = sum(r["render_s"] for r in rows)
        print(f"{'total':10s} {len(rows):3d} scenes {'':21s} {video:8.1f} {render:9.1f} {render / video:6.2f} "
              f"{sum(r['frames'] for r in rows) / render:6.1f}")
        print(f"wall time {wall:.0f} s (target for the whole series: under {SERIES_TARGET_S} s): "
              f"{'OK' if wall < SERIES_TARGET_S else 'TOO SLOW'}"
              + ("" if not (args.chapter or args.scene) else " [only part of the series was measured]"))
        for r in rows:
            if "ForwardPass" in r["scene"]:
                ok = r["fps"] >= FORWARD_PASS_TARGET_FPS
                print(f"forward pass {r['scene']}: {r['fps']:.1f} rendered frames per second "
                      f"(target >= {FORWARD_PASS_TARGET_FPS:.0f}): {'OK' if ok else 'TOO SLOW'}")
        median = statistics.median(r["ratio"] for r in rows)
        slow = [r for r in rows if r["ratio"] > 2 * median]
        print(f"median ratio {median:.2f}; far slower than the rest (ratio > {2 * median:.2f}): "
              + (", ".join(f"{r['scene']} ({r['ratio']:.2f})" for r in slow) or "none"))
    if args.json:
        args.json.write_text(json.dumps({"wall_s": wall, "scenes": rows, "failed": failed}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
