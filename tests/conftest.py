"""Shared test fixtures: the default run, and rendering a scene's last frame."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The tests check the default run and the scenes drawn from it: a user's exported
# NN_RUN (the run the scenes draw) must not redirect them. Tests that need
# another run set NN_RUN for their own subprocesses.
os.environ.pop("NN_RUN", None)
# Scenes render in the silent mode (the voiced timing, no audio): quick, and no
# synthesis. tests/test_voice.py checks the voice itself.
os.environ["NN_SILENT"] = "1"


@pytest.fixture(scope="session")
def default_run():
    """The default run, (re)trained on the embedded digits if it is missing or
    no longer loads with the current code (about 10 s)."""
    from network import SnapshotError, load_run
    from network.snapshots import default_run_path

    path = default_run_path()
    try:
        return load_run(path)
    except SnapshotError:
        subprocess.run([sys.executable, "-m", "network.train", "--out", str(path), "--quiet", "--force"],
                       check=True, cwd=REPO)
    return load_run(path)


def render_last_frame(scene_file: str, scene: str, media_dir: Path) -> tuple[Path, str]:
    """Render the last frame of ``scene`` from ``scenes/<scene_file>`` at -ql.

    Returns the PNG path and manim's combined output. Fails the test on a
    non-zero exit, a missing PNG, or any WARNING/ERROR line in the output.
    """
    cmd = [
        sys.executable, "-m", "manim", "render", "-ql", "-s", "--disable_caching",
        "--media_dir", str(media_dir), str(REPO / "scenes" / scene_file), scene,
    ]
    env = dict(os.environ, PYTHONWARNINGS="default")
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{scene} failed to render:\n{out[-4000:]}"
    pngs = list(media_dir.rglob(f"{scene}*.png"))
    assert pngs, f"{scene}: no PNG written\n{out[-2000:]}"
    bad = [line for line in out.splitlines() if "WARNING" in line or "ERROR" in line]
    assert not bad, f"{scene} rendered with warnings:\n" + "\n".join(bad)
    return pngs[0], out


def edit_npz(path: Path, edit) -> None:
    """Rewrite the arrays of an ``.npz`` file in place through ``edit(arrays)`` (to make damaged runs)."""
    import numpy as np

    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    edit(arrays)
    with open(path, "wb") as f:
        np.savez(f, **arrays)
