"""Manim's TeX and text caches, safe for several processes at once.

Manim turns each ``MathTex``/``Tex`` into ``media/Tex/<hash>.svg`` (writing
``.tex``, then ``.dvi``, then the SVG) and each ``Text`` into
``media/texts/<hash>.svg``, reusing a file once it exists, and parses every SVG through a temporary
``<name>_.svg`` beside it; each text SVG is also rewritten in place once made. Two processes
making the same file at once (``render --jobs 2`` on a fresh media folder,
or tests in parallel) read each other's half-written files: "no such file
.dvi", "no element found", a dvisvgm error. Here each of those two steps
holds an exclusive ``flock`` on ``<cache dir>.lock`` while it checks and
writes, and so does the parser, so the cache stays shared (each formula is made once, by whoever
gets there first) and nobody reads a file before it is whole. A warm cache
costs one lock per formula, microseconds.

Installed once, on import of :mod:`scenes.base` (every scene imports it).
"""

from __future__ import annotations

import fcntl
import functools
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from manim import config
from manim.mobject.svg import svg_mobject
from manim.mobject.text import tex_mobject, text_mobject


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<directory>.lock`` beside it (created if needed;
    not inside it: manim's TeX clean-up deletes every non-SVG file there)."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory.with_name(directory.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _locking(fn: Callable, dir_key: str) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with locked(Path(config.get_dir(dir_key))):
            return fn(*args, **kwargs)

    wrapper.__cache_locked__ = True
    return wrapper


def _locking_parse(fn: Callable) -> Callable:
    """``SVGMobject.generate_mobject`` writes ``<name>_.svg`` beside the SVG it
    parses and deletes it again: the same lock, on the SVG's folder."""
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        with locked(Path(self.get_file_path()).parent):
            return fn(self, *args, **kwargs)

    wrapper.__cache_locked__ = True
    return wrapper


def _locking_rewrite(fn: Callable) -> Callable:
    """manimpango's ``remove_last_M`` rewrites a cached text SVG in place
    (truncate, write) after every ``Text``: the same lock, so no parser reads
    it half-written."""
    @functools.wraps(fn)
    def wrapper(file_name, *args, **kwargs):
        with locked(Path(file_name).parent):
            return fn(file_name, *args, **kwargs)

    wrapper.__cache_locked__ = True
    return wrapper


def install() -> None:
    """Wrap manim's TeX and text cache writers and its SVG parser with the lock (idempotent)."""
    if not getattr(svg_mobject.SVGMobject.generate_mobject, "__cache_locked__", False):
        svg_mobject.SVGMobject.generate_mobject = _locking_parse(svg_mobject.SVGMobject.generate_mobject)
    if not getattr(tex_mobject.tex_to_svg_file, "__cache_locked__", False):
        tex_mobject.tex_to_svg_file = _locking(tex_mobject.tex_to_svg_file, "tex_dir")
    pango = text_mobject.PangoUtils
    if not getattr(pango.remove_last_M, "__cache_locked__", False):
        text_mobject.PangoUtils = type("PangoUtils", (pango,), {
            "remove_last_M": staticmethod(_locking_rewrite(pango.remove_last_M))})
    for cls in (text_mobject.Text, text_mobject.MarkupText):
        if not getattr(cls._text2svg, "__cache_locked__", False):
            cls._text2svg = _locking(cls._text2svg, "text_dir")
