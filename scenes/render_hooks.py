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
* **Images.** An :class:`~manim.ImageMobject` is resized (upright) or mapped
  (rotated, in perspective) into the box it covers on screen and composited
  there only (manim composites a frame-sized picture per image per frame);
  the resized picture is reused while the image's pixels and box stay the
  same, and an image moved or scaled by an animation is not blended with
  its own equal pixels on every frame.
* **TransformFromCopy.** Its target is lined up with the source's shape
  and keeps that shape (often hundreds of empty parts, which every later
  copy or fade pays for); it gets its own parts back when the animation ends.
* **Subpaths.** The Cairo camera splits every drawn VMobject's points into
  subpaths on every frame; the split is kept with the mobject while its
  points are unchanged. ``$NN_FAST_DRAWING=0`` restores manim's drawing
  (images and subpaths).
* **Where the time goes** (only when ``$NN_RENDER_PROFILE`` names a file):
  seconds spent drawing frames (Cairo), converting and encoding them (the
  encoder threads), making TeX and text glyphs, and from process start to
  the first line of ``construct``, and the process's CPU seconds (all
  threads); written as JSON when the process ends.
  ``benchmarks/render_speed.py`` reads it.
"""

from __future__ import annotations

import atexit
import copy
import json
import os
import resource
import threading
import time
import weakref
from functools import wraps
from pathlib import Path

import av
import numpy as np

#: x264 preset for partial movies; crf stays manim's 23. Chosen by measurement
#: (docs/rendering.md, "Render speed"; ``render_speed.py --encoders``): Ch1ForwardPass
#: at -qh took 58.5 CPU s with superfast (one thread per encoder, two at once), 66.5
#: with veryfast and 87.1 with manim's medium; its file 5.8 MB, 3.6 and 5.0.
X264_PRESET = "superfast"

#: Threads per x264 encoder (0: x264's own choice, 1.5 per core). Several encoders and the
#: drawing already run at once, so each encoder gets one thread: x264's own threads cost
#: CPU to coordinate (docs/rendering.md, "Render speed").
X264_THREADS = 1

#: Partial movies encoding at once beside the drawing (manim's default: 1).
MAX_INFLIGHT_ENCODERS = 2

_installed = False
_manim_encode_and_write_frame = None  # manim's own, kept by install() for frames we do not handle
_manim_display_image_mobject = None  # manim's own, kept by install() for images we do not handle
_manim_subpath_split_indices = None  # manim's own, called by _subpath_split_indices on a new shape
_totals: dict[str, float] = {"drawing": 0.0, "encoding": 0.0, "tex_and_text": 0.0, "startup": 0.0, "frames": 0, "scenes": 0}
_lock = threading.Lock()
#: The last picture :func:`_resized` made for each image mobject (gone with the mobject; not
#: in the mobject, so that copying one does not copy its picture).
_resized_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: Whether the two pixel arrays an image was last blended between are equal (per image mobject).
_same_pixels_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_manim_interpolate_image_color = None  # manim's ImageMobject.interpolate_color, kept by install()
_manim_from_copy_begin = None  # manim's TransformFromCopy.begin, kept by install()
_manim_from_copy_clean_up = None  # manim's TransformFromCopy.clean_up_from_scene, kept by install()


def x264_options() -> dict[str, str]:
    """Options added to manim's libx264 options for every partial movie."""
    return {"preset": os.environ.get("NN_X264_PRESET", X264_PRESET) or X264_PRESET}


def _whole_number_env(name: str, default: int, least: int, hint: str) -> int:
    """``$name`` as a whole number of at least ``least`` (``default`` when unset); anything else
    stops with one line saying so (``hint``: the values to use)."""
    value = os.environ.get(name, "")
    if not value:
        return default
    if not value.strip().isdigit() or int(value) < least:
        need = "a whole number" + (f" of at least {least}" if least else "")
        raise SystemExit(f"error: {name}={value!r} is not {need}: set it to {hint} or unset it")
    return int(value)


def x264_threads() -> int:
    """Threads of each partial movie's x264 encoder: $NN_X264_THREADS or ours (0: x264 chooses)."""
    return _whole_number_env("NN_X264_THREADS", X264_THREADS, 0, "0 (x264 chooses), 1, 2, ...")


def max_inflight_encoders() -> int:
    """How many partial movies may encode at once: $NN_MAX_INFLIGHT_ENCODERS or ours."""
    return _whole_number_env("NN_MAX_INFLIGHT_ENCODERS", MAX_INFLIGHT_ENCODERS, 1, "1, 2, ...")


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
    """Draw an image by compositing only where it lands.

    Manim's Cairo camera pastes every image into a transparent picture as
    large as the frame and alpha-composites the whole frame over the pixels:
    several full-frame passes (about 70 ms at 1080p) per image per frame, even
    for a 28x28 digit. Here an upright image is resized to its box on screen,
    any other (rotated, skewed, seen in perspective) is mapped into the box
    around its four corners, and only that box is composited.

    Parameters
    ----------
    image_mobject : AbstractImageMobject
        Its four corner points are upper-left, upper-right, lower-left, lower-right.
    pixel_array : np.ndarray
        The camera's frame, shape ``(pixel_height, pixel_width, 4)``, uint8; changed in place.
    """
    from PIL import Image

    corners = np.asarray(self.points_to_subpixel_coords(image_mobject, image_mobject.points), dtype=float)
    if corners.shape != (4, 2):
        return _manim_display_image_mobject(self, image_mobject, pixel_array)
    frame_height, frame_width = pixel_array.shape[:2]
    source = image_mobject.get_pixel_array()
    (left, top), (right, top2), (left2, bottom), (right2, bottom2) = corners
    upright = (abs(top - top2) < 1e-6 and abs(bottom - bottom2) < 1e-6 and abs(left - left2) < 1e-6
               and abs(right - right2) < 1e-6 and right > left and bottom > top)
    if upright:
        # Pixels whose centres fall inside the image's box, as manim's perspective transform draws them.
        x0, y0 = int(round(left)), int(round(top))
        width, height = int(round(right)) - x0, int(round(bottom)) - y0
        box = (max(x0, 0), max(y0, 0), min(x0 + width, frame_width), min(y0 + height, frame_height))
        if width < 1 or height < 1 or box[2] <= box[0] or box[3] <= box[1]:
            return
        picture = _resized(image_mobject, source, box, (x0, y0, width, height))
    else:
        box = (max(int(np.floor(corners[:, 0].min())), 0), max(int(np.floor(corners[:, 1].min())), 0),
               min(int(np.ceil(corners[:, 0].max())), frame_width),
               min(int(np.ceil(corners[:, 1].max())), frame_height))
        if box[2] <= box[0] or box[3] <= box[1] or _thinner_than_a_pixel(corners):
            return
        source = Image.fromarray(np.ascontiguousarray(source), mode="RGBA")
        sides = np.array([[0, 0], [source.width, 0], [0, source.height], [source.width, source.height]], float)
        coefficients = _perspective_coefficients(corners - box[:2], sides)
        if coefficients is None:
            return
        picture = source.transform((box[2] - box[0], box[3] - box[1]), Image.Transform.PERSPECTIVE,
                                   data=tuple(coefficients), resample=image_mobject.resampling_algorithm)
    region = pixel_array[box[1]:box[3], box[0]:box[2]]
    below = Image.fromarray(np.ascontiguousarray(region), mode="RGBA")
    region[...] = np.asarray(Image.alpha_composite(below, picture))


def _resized(image_mobject, pixels: np.ndarray, box: tuple[int, int, int, int],
             placed: tuple[int, int, int, int]):
    """The visible part ``box`` (frame pixels) of an upright image whose whole picture would fill
    ``placed`` = (left, top, width, height) on screen, as a PIL image.

    Only the source pixels under ``box`` are resampled (a digit zoomed to three frames' width
    costs no more than one filling the frame). The result is kept with the mobject and reused
    while its pixel array is the same array object with the same opacity and the box is the
    same: scenes give an image new pixels by assigning a new array (as manim's own
    animations do); an edit in place other than ``set_opacity`` would not be seen.
    """
    from PIL import Image

    x0, y0, width, height = placed
    key = (pixels.shape, pixels.dtype.str, box, placed, image_mobject.resampling_algorithm,
           getattr(image_mobject, "stroke_opacity", None))
    kept = _resized_kept.get(image_mobject)
    if kept is not None and kept[0]() is pixels and kept[1] == key:
        return kept[2]
    source = Image.fromarray(np.ascontiguousarray(pixels), mode="RGBA")
    sx, sy = source.width / width, source.height / height
    picture = source.resize((box[2] - box[0], box[3] - box[1]), resample=image_mobject.resampling_algorithm,
                            box=((box[0] - x0) * sx, (box[1] - y0) * sy, (box[2] - x0) * sx, (box[3] - y0) * sy))
    try:
        _resized_kept[image_mobject] = (weakref.ref(pixels), key, picture)
    except TypeError:  # not something that takes weak references: nothing kept
        pass
    return picture


def _interpolate_image_color(self, mobject1, mobject2, alpha: float):
    """Manim's ``ImageMobject.interpolate_color``, without the pixel blend when there is none.

    Manim blends the two pixel arrays on every frame of every animation of an
    image, also when they are equal (an image moved or scaled by ``.animate``
    or ``Transform``): for a 1792x1792 picture that is ~80 ms per frame for
    nothing. When both arrays hold the same pixels (checked once per pair of
    arrays, with the result kept), the image takes the first one as it is.
    """
    a, b = mobject1.pixel_array, mobject2.pixel_array
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
            and a.dtype == b.dtype == np.dtype(self.pixel_array_dtype)):
        return _manim_interpolate_image_color(self, mobject1, mobject2, alpha)
    kept = _same_pixels_kept.get(self)
    if kept is not None and kept[0]() is a and kept[1]() is b:
        same = kept[2]
    else:
        same = a is b or np.array_equal(a, b)
        try:
            _same_pixels_kept[self] = (weakref.ref(a), weakref.ref(b), same)
        except TypeError:
            pass
    if not same:
        return _manim_interpolate_image_color(self, mobject1, mobject2, alpha)
    from manim.utils.bezier import interpolate

    self.fill_opacity = interpolate(mobject1.fill_opacity, mobject2.fill_opacity, alpha)
    self.stroke_opacity = interpolate(mobject1.stroke_opacity, mobject2.stroke_opacity, alpha)
    self.pixel_array = a
    return self


#: Style of a VMobject that lining it up with another shape may stretch (kept by TransformFromCopy).
_STYLE = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas", "stroke_width", "background_stroke_width")


def _from_copy_begin(self) -> None:
    """Manim's ``TransformFromCopy.begin``, remembering the target's own shape first.

    ``TransformFromCopy(a, b)`` plays ``Transform(b, copy of a)`` backwards, so
    ``b`` itself is lined up with ``a``: it takes as many submobjects and points
    as ``a`` has, and keeps them after the animation though it looks the same.
    A formula grown from ten numbers keeps ~750 empty parts; every later
    ``Indicate``, ``FadeOut`` or copy of it costs seconds instead of milliseconds.
    """
    self._nn_before = [(m, list(m.submobjects), m.points.copy(),
                        {a: copy.copy(getattr(m, a)) for a in _STYLE if hasattr(m, a)})
                       for m in self.mobject.get_family()]
    return _manim_from_copy_begin(self)


def _from_copy_clean_up(self, scene) -> None:
    """Manim's ``TransformFromCopy.clean_up_from_scene``, then the target back in its own shape
    (the animation ends where the target started, so only its parts and points change, not the picture)."""
    _manim_from_copy_clean_up(self, scene)
    for mob, submobjects, points, style in getattr(self, "_nn_before", ()):
        mob.submobjects = submobjects
        mob.points = points
        for name, value in style.items():
            setattr(mob, name, value)
    self._nn_before = []


def _thinner_than_a_pixel(corners: np.ndarray) -> bool:
    """Whether the quadrilateral (corners upper-left, upper-right, lower-left, lower-right) is
    less than half a pixel across: an image seen edge-on, which covers no pixel centre."""
    ring = corners[[0, 1, 3, 2]]
    x, y = ring[:, 0], ring[:, 1]
    area = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
    longest = float(np.linalg.norm(np.roll(ring, -1, axis=0) - ring, axis=1).max())
    return longest == 0 or area / longest < 0.5


def _perspective_coefficients(target: np.ndarray, source: np.ndarray) -> np.ndarray | None:
    """The 8 numbers of PIL's perspective transform that take each of the four ``target``
    points (output pixels) to its ``source`` point (input pixels), or None if three are collinear.

    PIL maps output ``(x, y)`` to input ``((a x + b y + c) / (g x + h y + 1), (d x + e y + f) / (g x + h y + 1))``;
    each point pair gives two linear equations in ``a .. h``.
    """
    x, y = target[:, 0], target[:, 1]
    u, v = source[:, 0], source[:, 1]
    one, zero = np.ones(4), np.zeros(4)
    system = np.vstack([np.column_stack([x, y, one, zero, zero, zero, -u * x, -u * y]),
                        np.column_stack([zero, zero, zero, x, y, one, -v * x, -v * y])])
    try:
        return np.linalg.solve(system, np.concatenate([u, v]))
    except np.linalg.LinAlgError:
        return None


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
    global _manim_interpolate_image_color, _manim_from_copy_begin, _manim_from_copy_clean_up
    if _installed:
        return
    _installed = True
    from manim import config
    from manim import ImageMobject, TransformFromCopy, VMobject
    from manim.camera.camera import Camera
    from manim.scene.scene_file_writer import SceneFileWriter, _PartialMovieEncodeJob

    _manim_encode_and_write_frame = _PartialMovieEncodeJob._encode_and_write_frame
    _manim_display_image_mobject = Camera.display_image_mobject
    _manim_subpath_split_indices = VMobject.get_subpath_split_indices_from_points
    _manim_interpolate_image_color = ImageMobject.interpolate_color
    _manim_from_copy_begin = TransformFromCopy.begin
    _manim_from_copy_clean_up = TransformFromCopy.clean_up_from_scene
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
                threads = x264_threads()
                if threads:
                    job.stream.codec_context.thread_count = threads

        SceneFileWriter.open_partial_movie_stream = open_partial_movie_stream
        _PartialMovieEncodeJob._encode_and_write_frame = _encode_and_write_frame
        if os.environ.get("NN_FAST_DRAWING", "1") != "0":
            Camera.display_image_mobject = _display_image_mobject
            ImageMobject.interpolate_color = _interpolate_image_color
            TransformFromCopy.begin = _from_copy_begin
            TransformFromCopy.clean_up_from_scene = _from_copy_clean_up
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
        usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process, the encoders too
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # finished subprocesses: latex, dvisvgm
        _totals["cpu"] = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(_totals))
        os.replace(tmp, path)

    atexit.register(write)
