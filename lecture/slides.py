"""Every chapter as a manim-slides deck, and as one self-contained HTML file.

The decks run the very same scene code: for every scene ``X`` of a chapter's
``SCENES`` list this module defines ``DeckX``, the scene class combined with
``manim_slides.Slide`` (``ThreeDSlide`` for 3-D scenes). ``self.beat()`` then
ends a slide at every beat and puts the narration line in the speaker notes.

Build the HTML presentations (``make slides``)::

    python -m lecture.slides                      # every chapter, 480p
    python -m lecture.slides --chapter chapter1 -q h
    # -> build/slides/1-chapter1.html  (videos and reveal.js inlined: works offline)

Or by hand, with the plain manim-slides CLI from the repo root::

    NN_SLIDES_DIR=slides manim-slides render -ql lecture/slides.py DeckCh1ForwardPass
    manim-slides present DeckCh1ForwardPass      # Qt window, arrow keys advance
    manim-slides convert --one-file DeckCh1ForwardPass deck.html   # needs the CDN

``manim-slides convert`` links reveal.js from a CDN (and its ``--offline``
option downloads it). This machine only reaches package registries, so the
deck builder takes reveal.js from the npm registry once (``npm pack``, into
``build/revealjs-<version>/``) and inlines it, giving a single HTML file that
needs no network at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from manim import ThreeDScene
from manim_slides import Slide, ThreeDSlide

from network.cli import OneLineParser
from lecture.catalog import CHAPTERS, REPO, Chapter, chapters

#: The reveal.js release manim-slides 5.7's template is written for.
REVEALJS_VERSION = "6.0.1"
#: The files of reveal.js the template links (relative to the package root).
REVEALJS_FILES = (
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/plugin/notes.js",
    "dist/plugin/markdown.js",
    "dist/plugin/highlight/zenburn.css",
    "dist/theme/black.css",
)
BUILD = REPO / "build"


def slides_folder() -> Path:
    """Where deck classes write their slide files (``$NN_SLIDES_DIR``, default ``./slides``)."""
    return Path(os.environ.get("NN_SLIDES_DIR", "slides"))


def deck_class(scene: type) -> type:
    """A manim-slides version of a lecture scene class, named ``Deck<Scene>``.

    Parameters
    ----------
    scene : type
        A LectureScene or LectureThreeDScene subclass.

    Returns
    -------
    type
        ``class Deck<Scene>(scene, Slide)`` (``ThreeDSlide`` for 3-D scenes);
        reversed clips are skipped (the HTML deck does not use them).
    """
    slide = ThreeDSlide if issubclass(scene, ThreeDScene) else Slide

    def __init__(self, *args, **kwargs):  # noqa: N807
        kwargs.setdefault("output_folder", slides_folder())
        super(cls, self).__init__(*args, **kwargs)

    cls = type(f"Deck{scene.__name__}", (scene, slide), {
        "__init__": __init__,
        "__module__": __name__,
        "__doc__": f"{scene.__name__} as a slide deck: one slide per beat.",
        "skip_reversing": True,
    })
    return cls


def deck_names(chapter: Chapter) -> list[str]:
    """The deck class names of a chapter, in order."""
    return [f"Deck{name}" for name in chapter.scene_names]


# Define DeckX for every scene of every chapter that loads, so that
# `manim-slides render lecture/slides.py DeckX` finds it.
DECKS: dict[str, list[type]] = {}
for _chapter in chapters(warn=False):
    DECKS[_chapter.name] = [deck_class(s) for s in _chapter.scenes]
    for _deck in DECKS[_chapter.name]:
        globals()[_deck.__name__] = _deck


# --------------------------------------------------------------- reveal.js
def revealjs_dir(version: str = REVEALJS_VERSION) -> Path:
    """A local copy of reveal.js, fetched from the npm registry on first use.

    Returns
    -------
    Path
        Folder holding ``dist/...`` (``build/revealjs-<version>/package``).

    Raises
    ------
    RuntimeError
        If it is not there and ``npm`` cannot fetch it.
    """
    root = BUILD / f"revealjs-{version}"
    package = root / "package"
    if all((package / f).is_file() for f in REVEALJS_FILES):
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("reveal.js is needed for the HTML decks: install npm "
                           "(Debian package 'npm') or put reveal.js's package/ folder in " + str(root))
    root.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([npm, "pack", f"reveal.js@{version}", "--silent"], cwd=root,
                          capture_output=True, text=True, timeout=300)
    tarballs = sorted(root.glob("reveal.js-*.tgz"))
    if proc.returncode != 0 or not tarballs:
        raise RuntimeError(f"npm pack reveal.js@{version} failed:\n{proc.stderr[-2000:]}")
    with tarfile.open(tarballs[-1]) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("package/dist/")]
        tar.extractall(root, members=members, filter="data")
    tarballs[-1].unlink()
    return package


def inline_revealjs(html: str, cdn_url: str, package: Path) -> str:
    """Replace the template's reveal.js links by the files' contents.

    Parameters
    ----------
    html : str
        The page written by ``manim-slides convert`` with ``cdn_url`` as its
        asset root.
    cdn_url : str
        The asset root used in that conversion (a placeholder).
    package : Path
        Local reveal.js package folder (:func:`revealjs_dir`).

    Returns
    -------
    str
        The page with every ``<link>``/``<script src>`` under ``cdn_url``
        inlined as ``<style>``/``<script>``.
    """
    root = re.escape(cdn_url.rstrip("/"))

    def css(match: re.Match[str]) -> str:
        return "<style>\n" + (package / match.group(1)).read_text(encoding="utf-8") + "\n</style>"

    def js(match: re.Match[str]) -> str:
        code = (package / match.group(1)).read_text(encoding="utf-8").replace("</script", "<\\/script")
        return "<script>\n" + code + "\n</script>"

    html = re.sub(rf'<link[^>]*href="{root}/([^"]+\.css)"[^>]*>', css, html)
    html = re.sub(rf'<script[^>]*src="{root}/([^"]+\.js)"[^>]*>\s*</script>', js, html)
    return html


# --------------------------------------------------------------- building
def deck_html(chapter: str) -> Path:
    """Where a chapter's HTML deck is written."""
    number = CHAPTERS.index(chapter) + 1 if chapter in CHAPTERS else 0
    return BUILD / "slides" / (f"{number}-{chapter}.html" if number else f"{chapter}.html")


def build_deck(chapter: Chapter, quality: str = "l", dest: Path | None = None,
               source: Path | None = None, title: str | None = None) -> Path:
    """Render a chapter's decks and convert them into one offline HTML file.

    Parameters
    ----------
    chapter : Chapter
        The chapter (its ``SCENES`` become the deck's slides, in order).
    quality : str
        manim quality flag: ``l``, ``m``, ``h``, ``p`` or ``k``.
    dest : Path, optional
        The HTML file (default ``build/slides/<n>-<chapter>.html``).
    source : Path, optional
        The file defining the ``Deck*`` classes (default: this module).
    title : str, optional
        Page title (default: the chapter's title).

    Returns
    -------
    Path
        The HTML file: videos as data URIs, reveal.js inlined.
    """
    dest = Path(dest or deck_html(chapter.name)).resolve()
    source = Path(source or __file__).resolve()
    work = BUILD / "slides" / "work"
    work.mkdir(parents=True, exist_ok=True)
    names = deck_names(chapter)
    # Decks are silent (a presenter speaks; the narration is each slide's notes)
    # with the narrated timing.
    env = dict(os.environ, NN_SLIDES_DIR=str(work), NN_SILENT="1")
    render = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching",
              "--media_dir", str(BUILD / "slides" / "media"), str(source), *names]
    proc = subprocess.run(render, cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"rendering the {chapter.name} deck failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    package = revealjs_dir()
    placeholder = "https://revealjs.invalid/reveal.js"
    raw = dest.with_suffix(".cdn.html")
    convert = [sys.executable, "-m", "manim_slides", "convert", "--folder", str(work), "--to", "html",
               "--one-file", f"-ccdn_url={placeholder}", f"-ctitle={title or chapter.title}",
               "-creveal_theme=black", *names, str(raw)]
    proc = subprocess.run(convert, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0 or not raw.is_file():
        raise RuntimeError(f"manim-slides convert failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    html = inline_revealjs(raw.read_text(encoding="utf-8"), placeholder, package)
    if placeholder in html:
        raise RuntimeError(f"{raw}: a reveal.js asset could not be inlined")
    dest.write_text(html, encoding="utf-8")
    raw.unlink()
    return dest


def main(argv: list[str] | None = None) -> int:
    """Build the HTML decks of the selected chapters; 1 if any failed."""
    parser = OneLineParser(prog="python -m lecture.slides", description=__doc__.split("\n")[0])
    parser.add_argument("--chapter", action="append", choices=list(CHAPTERS), help="only this chapter (repeatable)")
    parser.add_argument("-q", "--quality", choices=list("lmhpk"), default="l", help="manim quality (default l)")
    args = parser.parse_args(argv)
    failed = 0
    for chapter in chapters(args.chapter):
        start = time.perf_counter()
        print(f"{chapter.name}: rendering {len(chapter.scenes)} scenes as slides ...", flush=True)
        try:
            path = build_deck(chapter, args.quality)
        except RuntimeError as exc:
            failed += 1
            print(f"{chapter.name}: FAILED\n{exc}", flush=True)
            continue
        size = path.stat().st_size / 2**20
        print(f"{chapter.name}: {path.relative_to(REPO)} ({size:.1f} MiB) in {time.perf_counter() - start:.0f} s",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
