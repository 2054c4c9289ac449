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


#: Largest data part accepted (full MNIST's training images are 47 MB): a
#: header that promises more is refused before anything is read or allocated.
MAX_DATA_BYTES = 512 << 20


def _read_exact(f, n: int, path: Path, what: str) -> bytes:
    raw = f.read(n)
    if len(raw) < n:
        raise IDXError(f"{path}: truncated {what} ({len(raw)} of {n} bytes); the file is damaged, download it again")
    return raw


def read_idx(path: str | Path, expected_magic: int | None = None) -> np.ndarray:
    """Read one IDX file into a uint8 array, with memory bounded by what the header promises.

    Parameters
    ----------
    path
        The file, plain or ``.gz``.
    expected_magic
        2051 for images, 2049 for labels; ``None`` accepts any ubyte IDX file.

    Raises
    ------
    IDXError
        Wrong magic number, a size that does not match the header, a header
        promising more than :data:`MAX_DATA_BYTES`, or a damaged file. A small
        gzip that inflates to far more than its header says is stopped after
        one byte past the promised size.
    """
    path = Path(path)
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as f:
            head = f.read(4)
            if len(head) < 4:
                raise IDXError(f"{path}: only {len(head)} bytes, too short for an IDX header")
            magic = int.from_bytes(head, "big")
            if expected_magic is not None and magic != expected_magic:
                kind = {IMAGES_MAGIC: "images", LABELS_MAGIC: "labels"}.get(expected_magic, "IDX")
                raise IDXError(f"{path}: magic number {magic}, expected {expected_magic} for an MNIST {kind} file")
            if head[0] != 0 or head[1] != 0 or head[2] != 0x08:
                raise IDXError(f"{path}: magic number {magic:#010x} is not an unsigned-byte IDX file")
            ndim = head[3]
            dims = _read_exact(f, 4 * ndim, path, "header")
            shape = tuple(int.from_bytes(dims[4 * i: 4 * i + 4], "big") for i in range(ndim))
            expected = 1
            for s in shape:
                expected *= s
            if not shape:
                expected = 0
            if expected > MAX_DATA_BYTES:
                raise IDXError(f"{path}: header says shape {shape} ({expected} bytes), more than the "
                               f"{MAX_DATA_BYTES >> 20} MB an MNIST file needs; it is not an MNIST file")
            data = f.read(expected + 1)
    except (OSError, EOFError) as exc:  # gzip raises EOFError on truncation, BadGzipFile (an OSError) on garbage
        raise IDXError(f"{path}: cannot read ({exc}); the file is damaged or truncated, download it again") from exc
    if len(data) != expected:
        more = "more" if len(data) > expected else f"only {len(data)}"
        raise IDXError(
            f"{path}: header says shape {shape} ({expected} bytes of data) but the file holds {more}; "
            "it is truncated or not what its name says, download it again"
        )
    return np.frombuffer(data, dtype=np.uint8).reshape(shape)


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
