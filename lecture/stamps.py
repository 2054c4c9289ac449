"""Staleness by content: what a video was made from, kept beside it.

A render is up to date when the digest of its inputs (the chapter file, the
shared scene modules, the run's manifest, which names the run by its
``run_id``, and the narration mode) equals the digest recorded beside it in
``<video>.inputs``. File times play no part.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from lecture.catalog import SCENES_DIR, SHARED_MODULES


def run_manifest() -> Path:
    """The ``manifest.json`` of the run the scenes draw (``$NN_RUN`` or the default)."""
    from network.snapshots import selected_run_path

    return selected_run_path() / "manifest.json"


def input_files(source: Path) -> list[Path]:
    """Every file a scene's pixels depend on.

    Parameters
    ----------
    source : Path
        The chapter file that defines the scene, or its chapter's package folder.

    Returns
    -------
    list of Path
        The chapter file (every module of a chapter package), the shared scene modules and the run manifest
        (only those that exist). The manifest stands for the whole run: it
        holds the run's ``run_id``, which every file of the run carries.
    """
    own = sorted(source.glob("*.py")) if source.is_dir() else [source]
    files = [*own, *(SCENES_DIR / name for name in SHARED_MODULES), run_manifest()]
    return [f for f in files if f.is_file()]


def inputs_digest(inputs: list[Path]) -> str:
    """SHA-256 over the names and contents of ``inputs`` and the narration mode
    (voiced or ``NN_SILENT``): what an output was made from."""
    from scenes import voice

    h = hashlib.sha256(voice.mode().encode())
    for f in inputs:
        h.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def stamp_path(output: Path) -> Path:
    """Where the digest of an output's inputs is kept (beside it)."""
    return output.with_name(output.name + ".inputs")


def write_stamp(output: Path, digest: str) -> None:
    """Record that ``output`` was made from inputs with ``digest``."""
    tmp = stamp_path(output).with_suffix(".tmp")
    tmp.write_text(digest + "\n")
    tmp.replace(stamp_path(output))


def stamp_matches(output: Path, digest: str) -> bool:
    """True if ``output`` exists and its stamp records exactly ``digest``."""
    stamp = stamp_path(output)
    return output.is_file() and stamp.is_file() and stamp.read_text().strip() == digest


def is_up_to_date(output: Path, inputs: list[Path]) -> bool:
    """True if ``output`` exists and was made from exactly these inputs' contents.

    By content, not file times: after rendering with ``NN_RUN=other`` and then
    without, the run's manifest differs, so every scene renders again.
    """
    return stamp_matches(output, inputs_digest(inputs))
