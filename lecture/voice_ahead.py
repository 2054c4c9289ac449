"""Synthesise the narration of the series ahead of rendering, on all cores.

    python -m lecture.voice_ahead                  # every scene of every chapter
    python -m lecture.voice_ahead --chapter chapter2 --jobs 2
    make voice

Each selected scene is run without video (:func:`lecture.script.read_script`,
silent) to learn exactly what it will say, measured numbers included; every
piece of narration not yet in the voice cache (``media/voice/``, see
:mod:`scenes.voice`) is then synthesised by a pool of worker processes, each
loading the Piper voice once. Afterwards:

* a render synthesises nothing, so its scenes render at full speed;
* silent previews and the tests (``NN_SILENT=1``) have the voiced timing of
  every line, not the words-per-second estimate.

A warm cache costs only the reading of the scripts. ``render`` does not call
this by itself: rendering scenes in parallel (``--jobs``) already spreads the
synthesis over the cores, and reading every script first would cost more than
it saves on a warm cache.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from network.cli import OneLineParser


def _lines_of(scene_ref: tuple[str, str]) -> list[str]:
    """The narration lines of one scene (run in a worker process, silent)."""
    os.environ["NN_SILENT"] = "1"
    from lecture import catalog, script

    chapter, scene = scene_ref
    for cls in catalog.load_chapter(chapter).scenes:
        if cls.__name__ == scene:
            return [b.text for b in script.read_script(cls).beats]
    raise KeyError(f"{scene} is not a scene of {chapter}")


def _synthesise(text: str) -> float:
    """Synthesise one piece into the cache (worker process); its seconds of speech."""
    os.environ.pop("NN_SILENT", None)
    from scenes import voice

    return voice.PiperService().piece(text)[0]


def pieces_to_say(lines: list[str]) -> tuple[list[str], list[str]]:
    """(every distinct piece of ``lines``, those not yet in the voice cache)."""
    from scenes import voice

    pieces = list(dict.fromkeys(p for line in lines for p in voice.pieces_of(line)))
    return pieces, [p for p in pieces if not voice.piece_path(p).is_file()]


def main(argv: list[str] | None = None) -> int:
    from lecture.catalog import CHAPTERS, chapters

    parser = OneLineParser(prog="python -m lecture.voice_ahead", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", action="append", choices=list(CHAPTERS), help="only this chapter (repeatable)")
    parser.add_argument("--scene", action="append", help="only this scene (class name, repeatable)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: every core)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    refs = [(ch.name, s.__name__) for ch in chapters(args.chapter) for s in ch.scenes
            if not args.scene or s.__name__ in args.scene]
    if not refs:
        parser.error(f"no scene matches --scene {' '.join(args.scene or [])}")

    from scenes import voice

    voice.check_voice()  # one line if the voice cannot load, before any work
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        lines = [line for scene_lines in pool.map(_lines_of, refs) for line in scene_lines]
        t_read = time.perf_counter() - t0
        pieces, missing = pieces_to_say(lines)
        print(f"{len(refs)} scenes say {len(lines)} lines, {len(pieces)} distinct pieces; "
              f"{len(pieces) - len(missing)} cached, {len(missing)} to synthesise "
              f"(scripts read in {t_read:.1f} s)", flush=True)
        t1 = time.perf_counter()
        # Longest first, so no worker is left with a long piece at the end.
        order = sorted(missing, key=len, reverse=True)
        seconds = sum(pool.map(_synthesise, order, chunksize=1))
    synth = time.perf_counter() - t1
    if missing:
        print(f"synthesised {seconds:.1f} s of speech in {synth:.1f} s on {args.jobs} processes "
              f"({synth / max(seconds, 1e-9):.2f} s of wall time per second of speech)")
    total = sum(voice.wav_seconds(voice.piece_path(p)) for p in pieces)
    print(f"the voice cache holds all {len(pieces)} pieces: {total / 60:.1f} min of speech "
          f"({Path(voice.cache_root()).resolve()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
