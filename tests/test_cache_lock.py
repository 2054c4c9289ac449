"""Manim's TeX and text caches shared by processes at once (render --jobs N, parallel tests).

Mode "off" of the helper script unwraps the locks: three processes then fail (2 of 3 here,
measured by hand), which is what the locks are for."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MAKE_SAME_FORMULAS = """
import sys
from manim import MathTex, Text, tempconfig
import scenes.base  # installs scenes.cache_lock
if sys.argv[3] == "off":
    import importlib, manim.mobject.text.tex_mobject as t, manim.mobject.text.text_mobject as tm, manim.mobject.svg.svg_mobject as s
    t.tex_to_svg_file = t.tex_to_svg_file.__wrapped__
    tm.Text._text2svg = tm.Text._text2svg.__wrapped__
    tm.PangoUtils = tm.PangoUtils.__mro__[1]
    s.SVGMobject.generate_mobject = s.SVGMobject.generate_mobject.__wrapped__
with tempconfig({"tex_dir": sys.argv[1], "text_dir": sys.argv[2], "verbosity": "ERROR"}):
    nonce = sys.argv[4]
    for i in range(12):
        MathTex(rf"\\sum_{{k={i}}}^{{n}} w_k a_k + b_{{{nonce}}}")
        Text(f"activation {i} {nonce}")
"""


def make_in_parallel(tmp_path: Path, mode: str, n: int = 3) -> list[subprocess.CompletedProcess]:
    nonce = uuid.uuid4().hex[:8]
    args = [str(tmp_path / "Tex"), str(tmp_path / "texts"), mode, nonce]
    procs = [subprocess.Popen([sys.executable, "-c", MAKE_SAME_FORMULAS, *args], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(n)]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in procs]


def test_processes_share_a_cold_cache_without_errors(tmp_path):
    results = make_in_parallel(tmp_path, "on")
    failures = [r.stderr[-1500:] for r in results if r.returncode != 0]
    assert not failures, "\n\n".join(failures)
    assert len(list((tmp_path / "Tex").glob("*.svg"))) == 12
    assert len(list((tmp_path / "texts").glob("*.svg"))) == 12
