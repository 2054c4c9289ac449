"""Reading the IDX format of the MNIST files (optionally gzipped), with validation.

An IDX file starts with a magic number ``0x00 0x00 <type> <ndim>`` (type
``0x08`` = unsigned byte), then ``ndim`` big-endian uint32 sizes, then the data.
MNIST uses magic 2051 (``0x00000803``) for images and 2049 (``0x00000801``) for labels.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049


class IDXError(ValueError):
    """A file is not a valid IDX file of the expected kind."""


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except (OSError, EOFError) as exc:  # gzip raises EOFError on truncation
        raise IDXError(f"{path}: cannot read ({exc}); the file is damaged or truncated, download it again") from exc


def read_idx(path: str | Path, expected_magic: int | None = None) -> np.ndarray:
    """Read one IDX file into a uint8 array.

    Parameters
    ----------
    path
        The file, plain or ``.gz``.
    expected_magic
        2051 for images, 2049 for labels; ``None`` accepts any ubyte IDX file.

    Raises
    ------
    IDXError
        Wrong magic number, or a size that does not match the header.
    """
    path = Path(path)
    raw = _read_bytes(path)
    if len(raw) < 4:
        raise IDXError(f"{path}: only {len(raw)} bytes, too short for an IDX header")
    magic = int.from_bytes(raw[:4], "big")
    if expected_magic is not None and magic != expected_magic:
        kind = {IMAGES_MAGIC: "images", LABELS_MAGIC: "labels"}.get(expected_magic, "IDX")
        raise IDXError(f"{path}: magic number {magic}, expected {expected_magic} for an MNIST {kind} file")
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise IDXError(f"{path}: magic number {magic:#010x} is not an unsigned-byte IDX file")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise IDXError(f"{path}: truncated header ({len(raw)} bytes, need {header})")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = int(np.prod(shape)) if shape else 0
    actual = len(raw) - header
    if actual != expected:
        raise IDXError(
            f"{path}: header says shape {shape} ({expected} bytes of data) but the file holds {actual}; "
            "it is truncated or not what its name says, download it again"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def write_idx(path: str | Path, array: np.ndarray) -> None:
    """Write a uint8 array as an IDX file (gzipped if the name ends in .gz). Used by tests."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    data = header + array.tobytes()
    path = Path(path)
    if path.suffix == ".gz":
        with gzip.open(path, "wb") as f:
            f.write(data)
    else:
        path.write_bytes(data)
