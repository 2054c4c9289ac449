"""Scenes on runs of another shape or kind: each scene draws the run it is given
or refuses it with one line naming what it needs, never false math.

Three small runs (2 epochs each): three hidden layers (784-20-20-20-10), ReLU
hidden neurons with cross-entropy cost (one run for both: each scene that
assumes sigmoid neurons or the quadratic cost must refuse it, every other
scene must draw it), and other hidden widths (784-20-12-10, with a cost
landscape). Every scene of the series is run on each, without video, in one
process per run (``tests/scene_runs.py``), two runs at a time: the scenes
share manim's TeX cache, which ``scenes/cache_lock.py`` makes safe for that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# One worker runs this whole module (make test spreads the suite with pytest-xdist):
# the four runs are trained and driven once, not once per worker.
pytestmark = pytest.mark.xdist_group("other_runs")

RUNS = {
    "deep": ["--sizes", "784,20,20,20,10"],
    "relu_xent": ["--activation", "relu", "--cost", "cross_entropy", "--lr", "0.1"],
    "wide": ["--sizes", "784,20,12,10", "--landscape-grid", "7"],
}


def _train(out: Path, extra: list[str]) -> None:
    args = ["--out", str(out), "--epochs", "2", "--quiet", *extra]
    if "--landscape-grid" not in extra:
        args += ["--landscape-grid", "0"]
    proc = subprocess.run([sys.executable, "-m", "network.train", *args], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _drive(run: Path) -> dict[str, dict]:
    env = dict(os.environ, NN_RUN=str(run))
    proc = subprocess.run([sys.executable, str(REPO / "tests" / "scene_runs.py")], cwd=REPO, capture_output=True,
                          text=True, env=env, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return {row["scene"]: row for row in rows}


@pytest.fixture(scope="module")
def other_runs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("other_runs")
    paths = {name: base / name for name in RUNS}
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda name: _train(paths[name], RUNS[name]), RUNS))
    return paths


@pytest.fixture(scope="module")
def outcomes(other_runs) -> dict[str, dict[str, dict]]:
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(_drive, other_runs.values()))
    return dict(zip(other_runs, results))


def _scene_classes() -> dict[str, type]:
    from lecture.catalog import chapters

    return {cls.__name__: cls for chapter in chapters() for cls in chapter.scenes}


@pytest.mark.parametrize("run_name", list(RUNS))
def test_every_scene_draws_or_refuses_with_one_line(outcomes, other_runs, run_name):
    from network import load_run

    classes = _scene_classes()
    got = outcomes[run_name]
    assert set(got) == set(classes), "every scene of the series was tried"
    crashed = {name: row["message"] for name, row in got.items() if row["status"] == "crashed"}
    assert not crashed, f"crashed on the {run_name} run:\n" + "\n".join(f"{k}: {v}" for k, v in crashed.items())
    run = load_run(other_runs[run_name])
    for name, row in got.items():
        unmet = classes[name].NEEDS.unmet(run)
        assert (row["status"] == "refused") == bool(unmet), (name, row, unmet)
        if unmet:
            message = row["message"]
            assert "\n" not in message and message.startswith(f"{name} draws a network with ")
            assert str(other_runs[run_name]) in message and "Unset NN_RUN" in message


def test_what_each_kind_of_run_is_refused_for(outcomes):
    def refused(run_name: str) -> set[str]:
        return {name for name, row in outcomes[run_name].items() if row["status"] == "refused"}

    chapter4 = {name for name in _scene_classes() if name.startswith("Ch4")}
    # Three hidden layers: chapter 4's chain ends in the output layer, never a hidden one.
    assert chapter4 <= refused("deep")
    # ReLU: nothing that shows sigma, its curve or sigma' = a(1 - a) at a hidden layer.
    assert {"Ch1SigmoidBias", "Ch1SigmoidVsReLU", "Ch3BackwardsLayerByLayer", "Ch4BiasAndPrevious",
            "Ch4ManyNeurons"} <= refused("relu_xent")
    # Cross-entropy: nothing that shows squared differences or 2(a - y).
    assert {"Ch2UtterTrash", "Ch3DesiredNudges", "Ch4ChainRule", "GraphGatePatterns"} <= refused("relu_xent")
    # Other widths, same depth and kind: the general scenes draw it, chapter 4's chain included.
    drawn_wide = {name for name, row in outcomes["wide"].items() if row["status"] == "drawn"}
    assert {"Ch1ForwardPass", "Ch2OneVariable", "Ch3BackwardsLayerByLayer", "Ch4ChainRule",
            "Ch4NudgeMeasured", "GraphGatePatterns"} <= drawn_wide
    assert len(drawn_wide) >= 25
    # Scenes that only show digits and curves draw every run.
    for name in ("Ch1HandwrittenThrees", "Ch1ForwardPass", "Ch2LearningCurves", "Ch3StochasticGradientDescent"):
        assert all(outcomes[r][name]["status"] == "drawn" for r in RUNS), name


def scene_file(name: str) -> str:
    """The file that defines a scene (a chapter file, or a module of a chapter package)."""
    import inspect

    from lecture import catalog

    return inspect.getsourcefile(catalog.find_scene(name)[1])


@pytest.mark.render
def test_manim_cli_refusal_is_one_line(other_runs, tmp_path):
    env = dict(os.environ, NN_RUN=str(other_runs["deep"]))
    proc = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "-s", "--disable_caching",
                           "--media_dir", str(tmp_path), scene_file("Ch4OnePath"), "Ch4OnePath"],
                          cwd=REPO, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: Ch4OnePath draws a network with quadratic cost, 2 hidden layers")
    assert "it has 3 hidden layers" in last
