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
* **Frames to the encoder.** Each frame goes into the encoder's RGBA frame
  by one plain copy, is converted to the stream's pixel format once, and a
  held frame is repeated by copying the converted planes (manim converts it
  again for every repeat). The packets are the same as manim's.
* **Images.** An upright :class:`~manim.ImageMobject` is resized to its box
  on screen and composited there only (manim composites a frame-sized
  picture per image per frame).
* **Subpaths.** The Cairo camera splits every drawn VMobject's points into
  subpaths on every frame; the split is kept with the mobject while its
  points are unchanged. ``$NN_FAST_DRAWING=0`` restores manim's drawing
  (images and subpaths).
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

import av
import numpy as np

#: x264 preset for partial movies; crf stays manim's 23. Chosen by measurement
#: (docs/rendering.md, "Render speed"): Ch1ForwardPass at -qh encodes in 38.8 ms
#: per frame instead of 87.0 and renders 2.2x faster, its file 4.0 MB vs 5.5.
X264_PRESET = "veryfast"

#: Partial movies encoding at once beside the drawing (manim's default: 1).
MAX_INFLIGHT_ENCODERS = 2

_installed = False
_manim_encode_and_write_frame = None  # manim's own, kept by install() for frames we do not handle
_manim_display_image_mobject = None  # manim's own, kept by install() for images we do not handle
_manim_subpath_split_indices = None  # manim's own, called by _subpath_split_indices on a new shape
_totals: dict[str, float] = {"drawing": 0.0, "encoding": 0.0, "tex_and_text": 0.0, "startup": 0.0, "frames": 0, "scenes": 0}
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


def rgba_frame(pixels: np.ndarray) -> av.VideoFrame:
    """An ``rgba`` video frame holding ``pixels`` (shape ``(height, width, 4)``, uint8).

    The same frame as ``av.VideoFrame.from_ndarray(pixels, format="rgba")``,
    written straight into the frame's plane, which costs less CPU than PyAV
    18's ``from_ndarray`` (``benchmarks/render_speed.py --frames`` measures both).
    """
    height, width, _ = pixels.shape
    frame = av.VideoFrame(width, height, "rgba")
    plane = frame.planes[0]
    rows = np.frombuffer(plane, dtype=np.uint8).reshape(height, plane.line_size)
    rows[:, : width * 4] = pixels.reshape(height, width * 4)
    return frame


def _copy_frame(frame: av.VideoFrame) -> av.VideoFrame:
    """A new frame with the same format and pixels (planes copied, no conversion)."""
    copy = av.VideoFrame(frame.width, frame.height, frame.format.name)
    for source, target in zip(frame.planes, copy.planes):
        target.update(source)
    return copy


def _encode_and_write_frame(self, frame: np.ndarray, num_frames: int) -> None:
    """Manim's ``_PartialMovieEncodeJob._encode_and_write_frame``, converting once.

    Manim builds a new RGBA frame and converts it to the stream's pixel format
    once per *repeated* frame (a still held for 2 s at 60 fps: 120 conversions);
    here the frame is built fast (:func:`rgba_frame`), converted once, and
    repeats are plane copies. Same pixels, same packets.
    """
    pixels = np.ascontiguousarray(frame)
    if pixels.ndim != 3 or pixels.shape[2] != 4 or pixels.dtype != np.uint8:
        return _manim_encode_and_write_frame(self, frame, num_frames)
    converted = rgba_frame(pixels)
    codec = self.stream.codec_context
    if codec.pix_fmt and (codec.pix_fmt != "rgba" or (codec.width, codec.height) != (converted.width, converted.height)):
        # What the encoder would do with the frame (PyAV's encode reformats with these arguments).
        converted = converted.reformat(codec.width, codec.height, codec.pix_fmt, threads=codec.thread_count)
    for i in range(num_frames):
        av_frame = converted if i == 0 else _copy_frame(converted)
        for packet in self.stream.encode(av_frame):
            self.container.mux(packet)


def _display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
    """Draw an upright (unrotated, unskewed) image by compositing only where it lands.

    Manim's Cairo camera pastes every image into a transparent picture as
    large as the frame and alpha-composites the whole frame over the pixels:
    several full-frame passes (about 70 ms at 1080p) per image per frame, even
    for a 28x28 digit. An upright image is resized to its box on screen and
    composited over that box only; anything else (rotated, skewed, seen in
    perspective, mirrored) is left to manim (``_manim_display_image_mobject``).

    Parameters
    ----------
    image_mobject : AbstractImageMobject
        Its four corner points are upper-left, upper-right, lower-left, lower-right.
    pixel_array : np.ndarray
        The camera's frame, shape ``(pixel_height, pixel_width, 4)``, uint8; changed in place.
    """
    from PIL import Image

    corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
    if len(corners) != 4:
        return _manim_display_image_mobject(self, image_mobject, pixel_array)
    (left, top), (right, top2), (left2, bottom), (right2, bottom2) = corners
    upright = (abs(top - top2) < 1e-6 and abs(bottom - bottom2) < 1e-6 and abs(left - left2) < 1e-6
               and abs(right - right2) < 1e-6 and right > left and bottom > top)
    if not upright:
        return _manim_display_image_mobject(self, image_mobject, pixel_array)
    # Pixels whose centres fall inside the image's box, as manim's perspective transform draws them.
    x0, y0 = int(round(left)), int(round(top))
    width, height = int(round(right)) - x0, int(round(bottom)) - y0
    frame_height, frame_width = pixel_array.shape[:2]
    # The part of the image's box inside the frame.
    fx0, fy0 = max(x0, 0), max(y0, 0)
    fx1, fy1 = min(x0 + width, frame_width), min(y0 + height, frame_height)
    if width < 1 or height < 1 or fx1 <= fx0 or fy1 <= fy0:
        return
    picture = Image.fromarray(np.ascontiguousarray(image_mobject.get_pixel_array()), mode="RGBA")
    picture = picture.resize((width, height), resample=image_mobject.resampling_algorithm)
    if (fx0, fy0, fx1, fy1) != (x0, y0, x0 + width, y0 + height):
        picture = picture.crop((fx0 - x0, fy0 - y0, fx1 - x0, fy1 - y0))
    region = pixel_array[fy0:fy1, fx0:fx1]
    below = Image.fromarray(np.ascontiguousarray(region), mode="RGBA")
    region[...] = np.asarray(Image.alpha_composite(below, picture))


def _subpath_split_indices(self, points: np.ndarray, n_dims: int = 3) -> np.ndarray:
    """Manim's ``VMobject.get_subpath_split_indices_from_points``, remembered per mobject.

    The Cairo camera asks for every drawn VMobject on every frame, though most
    moving mobjects only change colour: the answer is kept with the mobject
    together with the exact bytes of the points it was computed from, and
    reused while they are equal (about 30 us saved per circle per frame).
    """
    if not isinstance(points, np.ndarray):
        return _manim_subpath_split_indices(self, points, n_dims)
    key = (n_dims, points.shape, points.dtype.str, points.tobytes())
    cached = self.__dict__.get("_nn_subpath_split")
    if cached is not None and cached[0] == key:
        return cached[1]
    indices = _manim_subpath_split_indices(self, points, n_dims)
    indices.flags.writeable = False
    self.__dict__["_nn_subpath_split"] = (key, indices)
    return indices


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
    """Patch manim's file writer and camera (and, when profiling, its hot paths) once.

    ``$NN_MANIM_DEFAULTS=1`` leaves manim exactly as it is (its encoder
    settings, frame path and drawing): the "before" of
    ``benchmarks/render_speed.py --baseline``. ``$NN_FAST_DRAWING=0`` keeps
    only manim's drawing (images, subpaths).
    """
    global _installed, _manim_encode_and_write_frame, _manim_display_image_mobject, _manim_subpath_split_indices
    if _installed:
        return
    _installed = True
    from manim import config
    from manim import VMobject
    from manim.camera.camera import Camera
    from manim.scene.scene_file_writer import SceneFileWriter, _PartialMovieEncodeJob

    _manim_encode_and_write_frame = _PartialMovieEncodeJob._encode_and_write_frame
    _manim_display_image_mobject = Camera.display_image_mobject
    _manim_subpath_split_indices = VMobject.get_subpath_split_indices_from_points
    if os.environ.get("NN_MANIM_DEFAULTS", "") != "1":
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
        _PartialMovieEncodeJob._encode_and_write_frame = _encode_and_write_frame
        if os.environ.get("NN_FAST_DRAWING", "1") != "0":
            Camera.display_image_mobject = _display_image_mobject
            VMobject.get_subpath_split_indices_from_points = _subpath_split_indices
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
        if not _totals["scenes"]:
            _totals["startup"] = _process_age()
        _totals["scenes"] += 1
        return rendered(self, preview)

    Scene.render = render

    def write() -> None:
        if not _totals["scenes"]:
            # This process rendered nothing (e.g. ``lecture.render`` itself, whose manim
            # children write the file): leave their measurement alone.
            return
        _totals["total"] = _process_age()
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(_totals))
        os.replace(tmp, path)

    atexit.register(write)
