"""How manim encodes our videos, and where a render's time goes.

Installed once by :mod:`scenes.base` (so every scene of the series gets it,
through ``manim`` or ``python -m lecture.render``):

* **Encoder settings.** Manim 0.21 encodes each animation's partial movie with
  libx264 at ``crf 23`` and x264's default ``medium`` preset. At 1080p that
  costs more CPU per frame than drawing most of our frames
  (``benchmarks/render_speed.py --encoders`` measures it). We keep crf 23
  and choose a faster preset: :data:`X264_PRESET` (``$NN_X264_PRESET``
  overrides it, e.g. ``medium`` for manim's own setting).
* **Encoders in flight.** Manim 0.21 by default finishes encoding each
  animation's partial movie before the next animation starts drawing
  (``max_inflight_encoders = 1``). We let :data:`MAX_INFLIGHT_ENCODERS`
  partial movies encode while the next ones draw (a value above 1 given with
  manim's ``--max_inflight_encoders`` is kept); ``$NN_MAX_INFLIGHT_ENCODERS``
  overrides ours (``1`` for manim's behaviour).
* **Where the time goes** (only when ``$NN_RENDER_PROFILE`` names a file):
  seconds spent drawing frames (Cairo), converting and encoding them (the
  encoder threads), making TeX and text glyphs, and from process start to
  the first line of ``construct``; written as JSON when the process ends.
  ``benchmarks/render_speed.py`` reads it.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
from functools import wraps
from pathlib import Path

#: x264 preset for partial movies; crf stays manim's 23. Chosen by measurement
#: (docs/rendering.md, "Render speed"): Ch1ForwardPass at -qh encodes in 38.8 ms
#: per frame instead of 87.0 and renders 2.2x faster, its file 4.0 MB vs 5.5.
X264_PRESET = "veryfast"

#: Partial movies encoding at once beside the drawing (manim's default: 1).
MAX_INFLIGHT_ENCODERS = 2

_installed = False
_totals: dict[str, float] = {"drawing": 0.0, "encoding": 0.0, "tex_and_text": 0.0, "startup": 0.0, "frames": 0}
_lock = threading.Lock()


def x264_options() -> dict[str, str]:
    """Options added to manim's libx264 options for every partial movie."""
    return {"preset": os.environ.get("NN_X264_PRESET", X264_PRESET) or X264_PRESET}


def max_inflight_encoders() -> int:
    """How many partial movies may encode at once: $NN_MAX_INFLIGHT_ENCODERS or ours."""
    value = os.environ.get("NN_MAX_INFLIGHT_ENCODERS", "")
    if not value:
        return MAX_INFLIGHT_ENCODERS
    if not value.strip().isdigit() or int(value) < 1:
        raise SystemExit(f"error: NN_MAX_INFLIGHT_ENCODERS={value!r} is not a whole number of at least 1: "
                         "set it to 1, 2, ... or unset it")
    return int(value)


def _process_age() -> float:
    """Seconds since this process started (Linux /proc), or 0 if unknown."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return float(Path("/proc/uptime").read_text().split()[0]) - started
    except (OSError, ValueError, IndexError):
        return 0.0


def _add(key: str, seconds: float) -> None:
    with _lock:
        _totals[key] += seconds


def _timed(key: str, fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _add(key, time.perf_counter() - t)
    return wrapper


def install() -> None:
    """Patch manim's file writer (and, when profiling, its hot paths) once."""
    global _installed
    if _installed:
        return
    _installed = True
    from manim import config
    from manim.scene.scene_file_writer import SceneFileWriter

    if config.max_inflight_encoders == 1:  # manim's default (a larger value was chosen on purpose)
        config.max_inflight_encoders = max_inflight_encoders()

    opened = SceneFileWriter.open_partial_movie_stream

    @wraps(opened)
    def open_partial_movie_stream(self, file_path=None) -> None:
        opened(self, file_path)
        job = getattr(self, "_current_encode_job", None)
        # The stream's codec opens at its first frame, which is queued only
        # after this returns: options set here are the ones it opens with.
        if job is not None and job.stream.codec_context.name == "libx264":
            job.stream.codec_context.options = {**job.stream.codec_context.options, **x264_options()}

    SceneFileWriter.open_partial_movie_stream = open_partial_movie_stream
    if os.environ.get("NN_RENDER_PROFILE"):
        _install_profile(Path(os.environ["NN_RENDER_PROFILE"]))


def _install_profile(path: Path) -> None:
    from manim.camera.camera import Camera
    from manim.mobject.text import tex_mobject, text_mobject
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene
    from manim.scene.scene_file_writer import _PartialMovieEncodeJob

    Camera.capture_mobjects = _timed("drawing", Camera.capture_mobjects)
    _PartialMovieEncodeJob._encode_and_write_frame = _timed("encoding", _PartialMovieEncodeJob._encode_and_write_frame)
    tex_mobject.SingleStringMathTex.__init__ = _timed("tex_and_text", tex_mobject.SingleStringMathTex.__init__)
    text_mobject.Text.__init__ = _timed("tex_and_text", text_mobject.Text.__init__)
    text_mobject.MarkupText.__init__ = _timed("tex_and_text", text_mobject.MarkupText.__init__)

    added = CairoRenderer.add_frame

    def add_frame(self, frame, num_frames: int = 1) -> None:
        with _lock:
            _totals["frames"] += num_frames
        added(self, frame, num_frames)

    CairoRenderer.add_frame = add_frame
    rendered = Scene.render

    def render(self, preview: bool = False):
        if not _totals["startup"]:
            _totals["startup"] = _process_age()
        return rendered(self, preview)

    Scene.render = render

    def write() -> None:
        _totals["total"] = _process_age()
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(_totals))
        os.replace(tmp, path)

    atexit.register(write)
