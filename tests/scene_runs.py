"""Run every scene of the series, without video, on the run named by ``$NN_RUN``.

    NN_RUN=path/to/run python tests/scene_runs.py [SceneName ...]

Prints one JSON line per scene: ``{"scene", "status", "message", "seconds"}`` with status
``"drawn"`` (construct() ran to the end), ``"refused"`` (the scene stopped
with its one-line :class:`scenes.data.SceneDataError`) or ``"crashed"`` (any
other exception: a bug). Used by ``tests/test_scene_runs.py``, one process
per run because scenes cache the run they draw.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(names: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from lecture.catalog import chapters
    from scenes.data import SceneDataError
    from tests.layout import dry_run

    for chapter in chapters():
        for scene_class in chapter.scenes:
            if names and scene_class.__name__ not in names:
                continue
            start = time.perf_counter()
            try:
                dry_run(scene_class)
                status, message = "drawn", ""
            except SceneDataError as exc:
                status, message = "refused", exc.message
            except Exception:  # noqa: BLE001 - reported, the test fails on it
                status, message = "crashed", traceback.format_exc(limit=6)
            seconds = round(time.perf_counter() - start, 2)
            print(json.dumps({"scene": scene_class.__name__, "status": status, "message": message,
                              "seconds": seconds}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
