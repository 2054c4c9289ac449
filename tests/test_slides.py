"""Slide decks: the same scene classes with manim-slides, as an offline HTML deck
that headless Chromium loads and advances."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from manim import ThreeDScene
from manim_slides import Slide, ThreeDSlide

from lecture import catalog, slides

TINY = '''
from manim import Circle, Create, FadeOut, Square, Transform
from scenes.base import LectureScene, LectureThreeDScene
from lecture.slides import deck_class


class TinyA(LectureScene):
    def construct(self) -> None:
        self.beat("Here is a circle.")
        c = Circle()
        self.play(Create(c), run_time=0.5)
        self.beat("It becomes a square.")
        self.play(Transform(c, Square()), run_time=0.5)


class TinyB(LectureThreeDScene):
    def construct(self) -> None:
        self.beat("A second scene, in three dimensions.")
        s = Square()
        self.play(Create(s), run_time=0.5)
        self.beat("And it fades away.")
        self.play(FadeOut(s), run_time=0.5)


SCENES = [TinyA, TinyB]
for _s in SCENES:
    _d = deck_class(_s)
    _d.__module__ = __name__
    globals()[_d.__name__] = _d
'''
NOTES = ["Here is a circle.", "It becomes a square.", "A second scene, in three dimensions.", "And it fades away."]


def test_every_scene_has_a_deck_class():
    for chapter in catalog.chapters(warn=False):
        for scene in chapter.scenes:
            deck = getattr(slides, f"Deck{scene.__name__}")
            assert issubclass(deck, scene)
            assert issubclass(deck, ThreeDSlide if issubclass(scene, ThreeDScene) else Slide)


def test_inline_revealjs(tmp_path):
    (tmp_path / "dist" / "plugin").mkdir(parents=True)
    (tmp_path / "dist" / "reveal.css").write_text(".reveal{color:red}")
    (tmp_path / "dist" / "plugin" / "notes.js").write_text("var s='</script>';")
    html = ('<head><link rel="stylesheet" href="https://x.invalid/r/dist/reveal.css"></head>'
            '<body><script src="https://x.invalid/r/dist/plugin/notes.js"></script></body>')
    out = slides.inline_revealjs(html, "https://x.invalid/r", tmp_path)
    assert "x.invalid" not in out
    assert "<style>\n.reveal{color:red}\n</style>" in out
    assert "var s='<\\/script>';" in out


@pytest.fixture(scope="module")
def tiny_deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deck")
    source = folder / "tinydeck.py"
    source.write_text(TINY)
    import importlib.util

    spec = importlib.util.spec_from_file_location("tinydeck_for_test", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    chapter = catalog.Chapter("tiny", module.SCENES)
    return slides.build_deck(chapter, "l", dest=folder / "tiny.html", source=source, title="Tiny deck")


@pytest.mark.render
def test_deck_html_is_self_contained(tiny_deck):
    html = tiny_deck.read_text()
    assert html.count('data-background-video="data:video/mp4;base64,') == 4  # one slide per beat
    for note in NOTES:
        assert f">{note}" in html  # the narration is in the speaker notes
    import re

    remote = re.findall(r'(?:src|href)\s*=\s*["\']https?://', html)
    assert not remote, "the deck must not load anything from the network"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.render
def test_deck_loads_and_advances_in_headless_chromium(tiny_deck):
    browser = chromium()
    if browser is None:
        pytest.skip("chromium is not installed (scripts/setup_system.sh installs it)")
    driver_path = shutil.which("chromedriver")
    assert driver_path, "chromedriver missing: run `make setup` (Debian package chromium-driver)"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    profile = tempfile.mkdtemp(prefix="chromium-test-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get(Path(tiny_deck).as_uri())

        def wait_for(script: str, timeout: float = 20.0):
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                value = driver.execute_script(script)
                if value:
                    return value
                time.sleep(0.1)
            raise AssertionError(f"timed out waiting for: {script}")

        wait_for("return typeof Reveal !== 'undefined' && Reveal.isReady()")
        assert driver.execute_script("return Reveal.getTotalSlides()") == 4
        assert driver.execute_script("return Reveal.getIndices().h") == 0
        video = ("var v = Reveal.getSlideBackground(Reveal.getCurrentSlide()).querySelector('video');"
                 "return v && !v.error && v.readyState >= 2 && v.duration > 0")
        wait_for(video)  # the first beat's clip decodes
        for expected in (1, 2, 3):
            driver.execute_script("Reveal.next()")
            assert driver.execute_script("return Reveal.getIndices().h") == expected
            wait_for(video)
        driver.execute_script("Reveal.next()")  # past the end: stays on the last slide
        assert driver.execute_script("return Reveal.isLastSlide()")
        driver.execute_script("Reveal.prev()")
        assert driver.execute_script("return Reveal.getIndices().h") == 2
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_example_figures_outside_manim(tmp_path, default_run):
    """docs/examples/run_figures.py turns a run's snapshots into PNGs without Manim."""
    import subprocess
    import sys

    from PIL import Image

    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, str(repo / "docs" / "examples" / "run_figures.py"), "--run",
                           str(default_run.path), "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "import manim" not in (repo / "docs" / "examples" / "run_figures.py").read_text()
    for name in ("first_layer_weights.png", "training_curves.png"):
        with Image.open(tmp_path / name) as im:
            assert im.width > 500 and im.height > 300
