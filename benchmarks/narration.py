"""Narration figures of a voiced render: minutes per chapter, speech coverage
per scene, and how long the voice takes to synthesise the whole series.

    .venv/bin/python -m lecture.render --media-dir /tmp/voiced        # a voiced render first
    .venv/bin/python benchmarks/narration.py --media-dir /tmp/voiced [--synth]

* Coverage: the share of each scene's video during which the narration
  track is audible (50 ms windows above an RMS of 0.01; the pauses inside
  and between sentences count as silence, so this is a lower bound).
* Still: the longest stretch of a scene during which no pixel changes by
  more than 2 levels (a held picture while the voice talks).
* ``--synth``: every line the render spoke (from the voice cache's
  ``cache.json``) is synthesised again into a fresh cache, with 1 and with 2
  processes: seconds of compute per second of speech, measured in one run.
  A warm cache synthesises nothing (the render's "warm" time is its own).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def coverage(video: Path) -> tuple[float, float]:
    """(seconds of video, seconds of audible narration)."""
    import av

    with av.open(str(video)) as c:
        seconds = c.duration / 1e6
        if not c.streams.audio:
            return seconds, 0.0
        rate = c.streams.audio[0].codec_context.sample_rate
        samples = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    win = int(rate * 0.05)
    n = samples.size // win
    rms = np.sqrt((samples[: n * win].reshape(n, win) ** 2).mean(axis=1))
    return seconds, float((rms > 0.01).sum() * 0.05)


def longest_still(video: Path) -> float:
    """Longest stretch, in seconds, during which the picture does not change."""
    import av

    with av.open(str(video)) as c:
        stream = c.streams.video[0]
        fps = float(stream.average_rate)
        previous, run, longest = None, 0, 0
        for frame in c.decode(video=0):
            image = frame.to_ndarray(format="gray")
            if previous is not None and np.abs(image.astype(np.int16) - previous).max() <= 2:
                run += 1
                longest = max(longest, run)
            else:
                run = 0
            previous = image.astype(np.int16)
    return longest / fps


def _synth(args: tuple[str, list[str]]) -> float:
    cache, texts = args
    os.environ["NN_VOICE_CACHE"] = cache
    from scenes import voice

    service = voice.PiperService()
    total = 0.0
    for text in texts:
        data = service.generate_from_text(text)
        total += voice.wav_seconds(Path(service.cache_dir) / data["original_audio"])
    return total


def synth_time(texts: list[str], processes: int) -> tuple[float, float]:
    """(wall seconds, seconds of speech) to synthesise ``texts`` cold."""
    with tempfile.TemporaryDirectory() as cache:
        chunks = [(cache, texts[i::processes]) for i in range(processes)]
        t0 = time.perf_counter()
        with ProcessPoolExecutor(processes) as pool:
            speech = sum(pool.map(_synth, chunks))
        return time.perf_counter() - t0, speech


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--media-dir", type=Path, required=True, help="media folder of a voiced render")
    parser.add_argument("--quality", default="480p15")
    parser.add_argument("--synth", action="store_true", help="also time synthesis of every line, cold")
    args = parser.parse_args()
    from lecture.catalog import chapters

    print(f"{'scene':32s} {'video s':>8s} {'speech s':>9s} {'coverage':>9s} {'still s':>8s}")
    shares, stills = [], []
    for chapter in chapters(warn=False):
        video_total = speech_total = 0.0
        for name in chapter.scene_names:
            path = args.media_dir / "videos" / chapter.name / args.quality / f"{name}.mp4"
            if not path.is_file():
                print(f"{name:32s} (not rendered)")
                continue
            seconds, speech = coverage(path)
            still = longest_still(path)
            video_total += seconds
            speech_total += speech
            shares.append(speech / seconds)
            stills.append(still)
            print(f"{name:32s} {seconds:8.1f} {speech:9.1f} {speech / seconds:9.2f} {still:8.1f}")
        print(f"== {chapter.name}: {video_total / 60:.1f} min of video, {speech_total / 60:.1f} min audible narration\n")
    if shares:
        print(f"coverage: min {min(shares):.2f}, median {float(np.median(shares)):.2f}, max {max(shares):.2f}; "
              f"longest still picture: median {float(np.median(stills)):.1f} s, max {max(stills):.1f} s, "
              f"{sum(s > 2.5 for s in stills)} of {len(stills)} scenes hold one longer than 2.5 s")
    if args.synth:
        from scenes import voice

        cache_json = Path(os.environ.get(voice.CACHE_ENV) or args.media_dir.parent / "voice") / \
            voice.PiperService.voice_id / "cache.json"
        if not cache_json.is_file():
            cache_json = voice.cache_root() / voice.PiperService.voice_id / "cache.json"
        texts = sorted({e["input_text"] for e in json.loads(cache_json.read_text())})
        print(f"\nsynthesising {len(texts)} lines ({sum(len(t.split()) for t in texts)} words) cold:")
        for processes in (1, 2):
            wall, speech = synth_time(texts, processes)
            print(f"  {processes} process(es): {wall:.1f} s for {speech:.1f} s of speech "
                  f"({wall / speech:.3f} s per second of speech)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
