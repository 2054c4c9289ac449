"""The ordered list of chapters and their scenes.

Every chapter is one module ``scenes/<name>.py``, or a package
``scenes/<name>/`` (one module per part of the lecture, importing each other
absolutely: ``from scenes.chapter1.neurons import ...``), whose module or
``__init__.py`` ends with an ordered list ``SCENES = [...]``. A scene renders
from the module that defines it; its video lands under the chapter's name. The render pipeline (:mod:`lecture.render`), the
slide decks (:mod:`lecture.slides`), the subtitle check and the render-speed
benchmark all walk the series through this module, so adding a chapter means
adding its module name to :data:`CHAPTERS`.

A chapter module that is missing (or fails to import) is skipped with a clear
message instead of breaking the whole series::

    >>> from lecture.catalog import chapters
    >>> for ch in chapters():          # doctest: +SKIP
    ...     print(ch.name, [s.__name__ for s in ch.scenes])
"""

from __future__ import annotations

import importlib
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

#: Chapter module names, in viewing order.
CHAPTERS: tuple[str, ...] = ("chapter1", "chapter2", "chapter3", "chapter4", "graphs")

REPO = Path(__file__).resolve().parents[1]
SCENES_DIR = REPO / "scenes"

#: Human titles for the chapter videos and slide decks.
TITLES: dict[str, str] = {
    "chapter1": "But what is a neural network?",
    "chapter2": "Gradient descent, how neural networks learn",
    "chapter3": "What is backpropagation really doing?",
    "chapter4": "Backpropagation calculus",
    "graphs": "Backpropagation on computational graphs",
}

#: Files of scenes/ that are not inputs of any scene's pixels.
NOT_SHARED: tuple[str, ...] = ("__init__.py",)

#: Modules every scene may depend on (base.py, data.py, style.py, mobjects.py,
#: numbers.py, ...: every scenes/*.py that is neither a chapter nor the
#: pipeline): a render is stale when one of them changed.
SHARED_MODULES: tuple[str, ...] = tuple(sorted(
    p.name for p in SCENES_DIR.glob("*.py")
    if p.stem not in CHAPTERS and p.name not in NOT_SHARED
))


@dataclass
class Chapter:
    """One chapter module and its ordered scene classes.

    Attributes
    ----------
    name : str
        Module name, e.g. ``"chapter1"``.
    scenes : list of type
        The module's ``SCENES`` list (empty if the module could not be loaded).
    error : str or None
        Why the chapter could not be loaded, or None.
    """

    name: str
    scenes: list[type] = field(default_factory=list)
    error: str | None = None

    @property
    def path(self) -> Path:
        """The chapter's source: ``scenes/<name>.py``, or the package folder ``scenes/<name>/``."""
        package = SCENES_DIR / self.name
        return package if (package / "__init__.py").is_file() else SCENES_DIR / f"{self.name}.py"

    @property
    def sources(self) -> list[Path]:
        """Every Python file of the chapter (one file, or all modules of its package)."""
        if self.path.is_dir():
            return sorted(self.path.glob("*.py"))
        return [self.path]

    @property
    def title(self) -> str:
        """Human title of the chapter."""
        return TITLES.get(self.name, self.name)

    @property
    def scene_names(self) -> list[str]:
        """Names of the scene classes, in order."""
        return [s.__name__ for s in self.scenes]


def load_chapter(name: str) -> Chapter:
    """Import ``scenes.<name>`` and read its ``SCENES`` list.

    Parameters
    ----------
    name : str
        Chapter module name.

    Returns
    -------
    Chapter
        With ``error`` set (and no scenes) if the file is missing, fails to
        import, or has no ``SCENES`` list.
    """
    chapter = Chapter(name)
    if not chapter.path.exists():
        chapter.error = f"scenes/{name}.py does not exist (yet): chapter skipped"
        return chapter
    try:
        module = importlib.import_module(f"scenes.{name}")
    except Exception as exc:  # a broken chapter must not break the others
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        chapter.error = f"scenes/{name}.py failed to import: {last}"
        return chapter
    scenes = getattr(module, "SCENES", None)
    if not isinstance(scenes, (list, tuple)) or not scenes:
        chapter.error = f"scenes/{name}.py has no SCENES list: chapter skipped"
        return chapter
    chapter.scenes = list(scenes)
    return chapter


def chapters(names: list[str] | tuple[str, ...] | None = None, *, warn: bool = True) -> list[Chapter]:
    """Load the chapters in order, skipping (and reporting) missing ones.

    Parameters
    ----------
    names : sequence of str, optional
        Chapter module names (default: all of :data:`CHAPTERS`).
    warn : bool
        Print a line to stderr for every chapter that was skipped.

    Returns
    -------
    list of Chapter
        Only the chapters that loaded, in the requested order.
    """
    loaded = []
    for name in names or CHAPTERS:
        chapter = load_chapter(name)
        if chapter.error:
            if warn:
                print(f"note: {chapter.error}", file=sys.stderr)
            continue
        loaded.append(chapter)
    return loaded


def find_scene(scene_name: str) -> tuple[Chapter, type]:
    """The chapter and class of a scene given by its (unique) class name.

    Raises
    ------
    KeyError
        If no loaded chapter has that scene.
    """
    for chapter in chapters(warn=False):
        for scene in chapter.scenes:
            if scene.__name__ == scene_name:
                return chapter, scene
    raise KeyError(f"no scene named {scene_name!r} in any chapter's SCENES list")


if __name__ == "__main__":
    # Every chapter's scenes in order, each with the file that defines it
    # (what `manim` itself takes: manim -pql FILE SCENE).
    import inspect

    for ch in chapters():
        print(f"{ch.name}: {ch.title}")
        for i, s in enumerate(ch.scenes, 1):
            where = Path(inspect.getsourcefile(s)).relative_to(REPO)
            print(f"  {i:2d}. {s.__name__:34s} {where}")
