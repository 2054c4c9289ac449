"""Loading a run folder: every file checked for shape, dtype, range, order and run id.

:func:`load_run` is the one way code reads a run (see ``docs/snapshots.md``);
it returns the typed objects of :mod:`network.snapshots`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from network.snapshots import (
    SCHEMA_VERSION,
    DenseRecord,
    Dreams,
    Landscape,
    Probes,
    Run,
    ShuffledLabels,
    Snapshot,
    SnapshotError,
    default_run_path,
    selected_run_path,
)

# ------------------------------------------------------------------ validation
MANIFEST_FIELDS = (
    "schema_version", "run_id", "layer_sizes", "activation", "cost", "seed", "learning_rate",
    "batch_size", "epochs", "data", "snapshots", "probes", "history",
)
STEP_FIELDS = ("step", "epoch", "batch_cost", "train_cost", "val_accuracy", "file")
ACTIVATION_NAMES = ("sigmoid", "relu")
COST_NAMES = ("quadratic", "cross_entropy")
#: How often :func:`load_run` starts again when a run was replaced while it read.
LOAD_ATTEMPTS = 5


class _Replaced(Exception):
    """A file of another run turned up while loading (the folder was replaced meanwhile)."""


def _load_npz(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise SnapshotError(f"{path}: file is missing; re-create the run with `python -m network.train`")
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except ValueError as exc:  # object arrays refused, or not an npz at all
        raise SnapshotError(f"{path}: not a plain-number .npz file ({exc})") from exc
    except (OSError, EOFError) as exc:
        raise SnapshotError(f"{path}: unreadable or truncated ({exc})") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends from a damaged archive
        raise SnapshotError(f"{path}: damaged .npz archive ({type(exc).__name__}: {exc})") from exc


def _check_run_id(data: dict, path: Path, run_id: str) -> None:
    """The file must belong to the run whose manifest was read."""
    value = data.get("run_id")
    if value is None or value.shape != () or value.dtype.kind != "U":
        raise SnapshotError(f"{path}: field 'run_id' is missing or not a string; re-create the run with `python -m network.train`")
    if str(value) != run_id:
        raise _Replaced(f"{path}: belongs to run {str(value)!r}, the manifest to run {run_id!r}")


def _field(data: dict, path: Path, key: str, shape: tuple | None = None, finite: bool = True,
           kind: str = "f") -> np.ndarray:
    """``data[key]`` checked for shape (``None`` = any size), dtype kind
    (``"f"`` float, ``"i"`` integer, ``""`` any) and finiteness."""
    if key not in data:
        raise SnapshotError(f"{path}: field {key!r} is missing")
    value = data[key]
    if shape is not None:
        if value.ndim != len(shape) or any(e is not None and e != a for e, a in zip(shape, value.shape)):
            want = tuple("n" if e is None else e for e in shape)
            raise SnapshotError(f"{path}: field {key!r} has shape {value.shape}, expected {want}")
    if kind == "f" and value.dtype.kind != "f":
        raise SnapshotError(f"{path}: field {key!r} has dtype {value.dtype}, expected floating point numbers")
    if kind == "i" and value.dtype.kind not in "iu":
        raise SnapshotError(f"{path}: field {key!r} has dtype {value.dtype}, expected integers")
    if finite and value.dtype.kind == "f" and not np.all(np.isfinite(value)):
        raise SnapshotError(f"{path}: field {key!r} contains NaN or infinite values")
    return value


def _in_range(value: np.ndarray, path: Path, key: str, low: int, high: int) -> np.ndarray:
    """Integers all in ``[low, high)``."""
    if value.size and (value.min() < low or value.max() >= high):
        raise SnapshotError(f"{path}: field {key!r} has values outside [{low}, {high - 1}] "
                            f"(min {value.min()}, max {value.max()})")
    return value


def _increasing(value: np.ndarray, path: Path, key: str, strict: bool = True) -> np.ndarray:
    steps = np.diff(value)
    if value.size > 1 and (np.any(steps <= 0) if strict else np.any(steps < 0)):
        raise SnapshotError(f"{path}: field {key!r} is not in increasing order")
    return value


def _layers(data: dict, path: Path, prefix: str, shapes: list[tuple]) -> list[np.ndarray]:
    return [_field(data, path, f"{prefix}{l}", shape) for l, shape in enumerate(shapes)]


def load_snapshot(path: Path, entry: dict, sizes: list[int], n_probes: int,
                  run_id: str | None = None, n_train: int | None = None) -> Snapshot:
    """Load and validate one ``step_*.npz`` against the manifest's layer sizes
    (and, when given, its run id and the size of the training split)."""
    data = _load_npz(path)
    if run_id is not None:
        _check_run_id(data, path, run_id)
    w_shapes = [(o, i) for i, o in zip(sizes[:-1], sizes[1:])]
    b_shapes = [(o,) for o in sizes[1:]]
    L = len(w_shapes)
    batch = _field(data, path, "batch_indices", (None,), kind="i")
    if n_train is not None:
        _in_range(batch, path, "batch_indices", 0, n_train)
    return Snapshot(
        step=int(entry["step"]),
        epoch=float(entry["epoch"]),
        batch_cost=float(entry["batch_cost"]),
        train_cost=float(entry["train_cost"]),
        val_accuracy=float(entry["val_accuracy"]),
        weights=_layers(data, path, "W", w_shapes),
        biases=_layers(data, path, "b", b_shapes),
        grad_weights=_layers(data, path, "grad_W", w_shapes),
        grad_biases=_layers(data, path, "grad_b", b_shapes),
        full_grad_weights=_layers(data, path, "full_grad_W", w_shapes),
        full_grad_biases=_layers(data, path, "full_grad_b", b_shapes),
        batch_indices=batch.astype(np.int64),
        probe_zs=[_field(data, path, f"probe_z{l + 1}", (n_probes, sizes[l + 1])) for l in range(L)],
        probe_activations=[_field(data, path, f"probe_a{l}", (n_probes, sizes[l])) for l in range(L + 1)],
        path=path,
    )


def load_landscape(path: Path, run_id: str | None = None) -> Landscape:
    """Load and validate ``landscape.npz``."""
    data = _load_npz(path)
    if run_id is not None:
        _check_run_id(data, path, run_id)
    xs = _increasing(_field(data, path, "xs", (None,)), path, "xs")
    ys = _increasing(_field(data, path, "ys", (None,)), path, "ys")
    k = _field(data, path, "trajectory_steps", (None,), kind="i").shape[0]
    m = _field(data, path, "sgd_xy", (None, 2)).shape[0]
    exs = _increasing(_field(data, path, "descent_xs", (None,)), path, "descent_xs")
    eys = _increasing(_field(data, path, "descent_ys", (None,)), path, "descent_ys")
    return Landscape(
        xs=xs,
        ys=ys,
        cost=_field(data, path, "cost", (ys.size, xs.size)),
        directions=_field(data, path, "directions", (2, None)),
        center_step=int(_field(data, path, "center_step", (), kind="i")),
        explained_variance=_field(data, path, "explained_variance", (2,)),
        trajectory_steps=_increasing(data["trajectory_steps"], path, "trajectory_steps"),
        trajectory_xy=_field(data, path, "trajectory_xy", (k, 2)),
        trajectory_cost=_field(data, path, "trajectory_cost", (k,)),
        trajectory_plane_cost=_field(data, path, "trajectory_plane_cost", (k,)),
        sgd_xy=data["sgd_xy"],
        sgd_cost=_field(data, path, "sgd_cost", (m,)),
        full_batch_xy=_field(data, path, "full_batch_xy", (m, 2)),
        full_batch_cost=_field(data, path, "full_batch_cost", (m,)),
        descent_start_step=int(_field(data, path, "descent_start_step", (), kind="i")),
        descent_xs=exs,
        descent_ys=eys,
        descent_cost=_field(data, path, "descent_cost", (eys.size, exs.size)),
        descent_sgd_xy=_field(data, path, "descent_sgd_xy", (m, 2)),
        descent_sgd_cost=_field(data, path, "descent_sgd_cost", (m,)),
        descent_full_xy=_field(data, path, "descent_full_xy", (m, 2)),
        descent_full_cost=_field(data, path, "descent_full_cost", (m,)),
        method=str(_field(data, path, "method", (), kind="")),
        description=str(_field(data, path, "description", (), kind="")),
    )


def load_dense(path: Path, sizes: list[int], batch_size: int, n_train: int, n_val: int,
               run_id: str | None = None) -> DenseRecord:
    """Load and validate ``dense.npz`` (every early step) against the manifest."""
    data = _load_npz(path)
    if run_id is not None:
        _check_run_id(data, path, run_id)
    steps = _field(data, path, "steps", (None,), kind="i")
    n = steps.size
    if n == 0 or not np.array_equal(steps, np.arange(n)):
        raise SnapshotError(f"{path}: field 'steps' must be 0, 1, ..., n-1 (every early step), got {steps[:5]}...")
    w_shapes = [(n, o, i) for i, o in zip(sizes[:-1], sizes[1:])]
    b_shapes = [(n, o) for o in sizes[1:]]
    batch = _in_range(_field(data, path, "batch_indices", (n, batch_size), kind="i"), path, "batch_indices",
                      0, n_train)
    acc = _field(data, path, "val_accuracy", (n,))
    if np.any(acc < 0) or np.any(acc > 1):
        raise SnapshotError(f"{path}: field 'val_accuracy' has values outside [0, 1]")
    if np.any(np.abs(acc * n_val - np.round(acc * n_val)) > 1e-6):
        raise SnapshotError(f"{path}: field 'val_accuracy' is not a fraction of the {n_val} held-out digits")
    cost = _field(data, path, "batch_cost", (n,))
    if np.any(cost < 0):
        raise SnapshotError(f"{path}: field 'batch_cost' has negative values")
    return DenseRecord(
        steps=steps.astype(np.int64),
        weights=_layers(data, path, "W", w_shapes),
        biases=_layers(data, path, "b", b_shapes),
        grad_weights=_layers(data, path, "grad_W", w_shapes),
        grad_biases=_layers(data, path, "grad_b", b_shapes),
        batch_indices=batch.astype(np.int64),
        batch_activations=[_field(data, path, f"batch_a{l}", (n, batch_size, sizes[l])) for l in range(1, len(sizes))],
        batch_cost=cost,
        val_accuracy=acc,
    )


def load_dreams(path: Path, sizes: list[int], step: int, description: str = "", run_id: str | None = None) -> Dreams:
    """Load and validate ``dreams.npz`` (inputs found by gradient ascent)."""
    data = _load_npz(path)
    if run_id is not None:
        _check_run_id(data, path, run_id)
    n_in, n_out = sizes[0], sizes[-1]
    saved = _increasing(_field(data, path, "saved_iterations", (None,), kind="i"), path, "saved_iterations")
    images = _field(data, path, "images", (n_out, n_in))
    start = _field(data, path, "start", (n_in,))
    path_images = _field(data, path, "path", (n_out, saved.size, n_in))
    for key, value in (("images", images), ("start", start), ("path", path_images)):
        if value.size and (value.min() < 0 or value.max() > 1):
            raise SnapshotError(f"{path}: field {key!r} has pixels outside [0, 1]")
    objective = _field(data, path, "objective", (n_out, None))
    if saved.size and saved[-1] >= objective.shape[1]:
        raise SnapshotError(f"{path}: field 'saved_iterations' goes past the {objective.shape[1] - 1} iterations")
    return Dreams(start=start, images=images, outputs=_field(data, path, "outputs", (n_out, n_out)),
                  objective=objective, saved_iterations=saved.astype(np.int64), path=path_images, step=step,
                  description=description)


def load_shuffled(path: Path, epochs: int, n_train: int, description: str = "",
                  run_id: str | None = None) -> ShuffledLabels:
    """Load and validate ``shuffled.npz`` (the shuffled-label training)."""
    data = _load_npz(path)
    if run_id is not None:
        _check_run_id(data, path, run_id)
    fractions = {}
    for key in ("train_accuracy", "val_accuracy", "true_train_accuracy"):
        value = _field(data, path, key, (epochs,))
        if np.any(value < 0) or np.any(value > 1):
            raise SnapshotError(f"{path}: field {key!r} has values outside [0, 1]")
        fractions[key] = value
    cost = _field(data, path, "train_cost", (epochs,))
    initial = _field(data, path, "initial_train_cost", ())
    if np.any(cost < 0) or initial < 0:
        raise SnapshotError(f"{path}: a training cost is negative")
    labels = _in_range(_field(data, path, "labels", (n_train,), kind="i"), path, "labels", 0, 10)
    return ShuffledLabels(labels=labels.astype(np.int64), train_cost=cost, initial_train_cost=float(initial),
                          description=description, **fractions)


def _experiments(path: Path, manifest: dict, sizes: list[int], run_id: str) -> dict:
    """The experiments named in the manifest (each ``None`` when not recorded)."""
    found = {"dense": None, "dreams": None, "shuffled": None}
    exp = manifest.get("experiments")
    if not exp:
        return found
    data = manifest["data"]
    if exp.get("dense"):
        found["dense"] = load_dense(path / exp["dense"]["file"], sizes, manifest["batch_size"], data["n_train"],
                                    data["n_val"], run_id)
    if exp.get("dreams"):
        found["dreams"] = load_dreams(path / exp["dreams"]["file"], sizes, manifest["snapshots"][-1]["step"],
                                      str(exp["dreams"].get("description", "")), run_id)
    if exp.get("shuffled_labels"):
        found["shuffled"] = load_shuffled(path / exp["shuffled_labels"]["file"], len(manifest["history"]["epoch"]),
                                          data["n_train"], str(exp["shuffled_labels"].get("description", "")), run_id)
    return found


def _check_experiments(exp: Any, bad) -> None:
    """``manifest["experiments"]``: absent/null, or an object of the three experiments, each null or naming its file."""
    if exp is None:
        return
    if not isinstance(exp, dict):
        raise bad("field 'experiments' must be an object or null")
    for key in ("dense", "dreams", "shuffled_labels"):
        entry = exp.get(key)
        if entry is None:
            continue
        name = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(name, str) or "/" in name or name.startswith(".") or not name.endswith(".npz"):
            raise bad(f"experiments.{key} must be null or an object whose 'file' is a .npz file in the run folder")


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and np.isfinite(x)


def check_manifest(manifest: Any, manifest_path: Path) -> None:
    """Types, ranges and ordering of ``manifest.json``'s fields (raises :class:`SnapshotError`)."""
    def bad(what: str) -> SnapshotError:
        return SnapshotError(f"{manifest_path}: {what}")

    if not isinstance(manifest, dict):
        raise bad("not a JSON object")
    for key in MANIFEST_FIELDS:
        if key not in manifest:
            raise bad(f"field {key!r} is missing")
    if manifest["schema_version"] != SCHEMA_VERSION:
        raise bad(f"schema_version {manifest['schema_version']!r} is not supported (this code reads version "
                  f"{SCHEMA_VERSION}); re-create the run with `python -m network.train`")
    if not isinstance(manifest["run_id"], str) or not manifest["run_id"]:
        raise bad("field 'run_id' must be a non-empty string")
    sizes = manifest["layer_sizes"]
    if not isinstance(sizes, list) or len(sizes) < 2 or not all(_is_int(s) and s >= 1 for s in sizes):
        raise bad(f"field 'layer_sizes' must be a list of at least two positive integers, got {sizes!r}")
    if manifest["activation"] not in ACTIVATION_NAMES:
        raise bad(f"field 'activation' is {manifest['activation']!r}, expected one of {', '.join(ACTIVATION_NAMES)}")
    if manifest["cost"] not in COST_NAMES:
        raise bad(f"field 'cost' is {manifest['cost']!r}, expected one of {', '.join(COST_NAMES)}")
    if not _is_number(manifest["learning_rate"]) or manifest["learning_rate"] <= 0:
        raise bad(f"field 'learning_rate' must be a finite number > 0, got {manifest['learning_rate']!r}")
    for key in ("batch_size", "epochs"):
        if not _is_int(manifest[key]) or manifest[key] < 1:
            raise bad(f"field {key!r} must be a positive integer, got {manifest[key]!r}")
    data = manifest["data"]
    if not isinstance(data, dict) or not all(_is_int(data.get(k)) and data[k] >= 1 for k in ("n_train", "n_val")):
        raise bad("field 'data' must record positive integers 'n_train' and 'n_val'")
    if not isinstance(manifest["probes"], dict) or not isinstance(manifest["probes"].get("file"), str):
        raise bad("field 'probes' must name its 'file'")
    entries = manifest["snapshots"]
    if not isinstance(entries, list) or not entries:
        raise bad("field 'snapshots' is empty" if isinstance(entries, list) else "field 'snapshots' must be a list")
    last_step, last_epoch = -1, -np.inf
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise bad(f"snapshots[{i}] is not an object")
        for key in STEP_FIELDS:
            if key not in entry:
                raise bad(f"snapshots[{i}] has no field {key!r}")
        if not _is_int(entry["step"]) or entry["step"] <= last_step:
            raise bad(f"snapshots[{i}]: step {entry['step']!r} is not an integer greater than the previous "
                      f"step ({last_step}); steps must be recorded in increasing order")
        if not _is_number(entry["epoch"]) or entry["epoch"] < last_epoch:
            raise bad(f"snapshots[{i}]: epoch {entry['epoch']!r} is not a number at least the previous one")
        for key in ("batch_cost", "train_cost"):
            if not _is_number(entry[key]) or entry[key] < 0:
                raise bad(f"snapshots[{i}]: {key} {entry[key]!r} is not a finite number >= 0")
        if not _is_number(entry["val_accuracy"]) or not 0 <= entry["val_accuracy"] <= 1:
            raise bad(f"snapshots[{i}]: val_accuracy {entry['val_accuracy']!r} is not a number in [0, 1]")
        if not isinstance(entry["file"], str) or "/" in entry["file"] or entry["file"].startswith("."):
            raise bad(f"snapshots[{i}]: file {entry['file']!r} is not a file name inside the run folder")
        last_step, last_epoch = entry["step"], entry["epoch"]
    history = manifest["history"]
    if not isinstance(history, dict) or not isinstance(history.get("epoch"), list):
        raise bad("field 'history' must be an object with a list 'epoch'")
    _check_experiments(manifest.get("experiments"), bad)


def _load_once(path: Path) -> Run:
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        hint = "run `make data`" if path == default_run_path() else "create it with `python -m network.train --out DIR`"
        raise SnapshotError(f"{manifest_path}: no run here (manifest.json is missing); {hint}")
    try:
        manifest = json.loads(manifest_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{manifest_path}: not valid JSON ({exc})") from exc
    except OSError as exc:
        raise SnapshotError(f"{manifest_path}: cannot be read ({exc.strerror})") from exc
    check_manifest(manifest, manifest_path)
    sizes = [int(s) for s in manifest["layer_sizes"]]
    run_id = manifest["run_id"]
    n_train, n_val = manifest["data"]["n_train"], manifest["data"]["n_val"]

    probes_path = path / manifest["probes"]["file"]
    pdata = _load_npz(probes_path)
    _check_run_id(pdata, probes_path, run_id)
    images = _field(pdata, probes_path, "images", (None, sizes[0]))
    n = images.shape[0]
    probes = Probes(
        images=images,
        labels=_in_range(_field(pdata, probes_path, "labels", (n,), kind="i"), probes_path, "labels", -1, 10),
        indices=_in_range(_field(pdata, probes_path, "indices", (n,), kind="i"), probes_path, "indices", -1, n_val),
        description=str(manifest["probes"].get("description", "")),
    )
    snapshots = [load_snapshot(path / entry["file"], entry, sizes, n, run_id, n_train) for entry in manifest["snapshots"]]
    landscape = None
    if manifest.get("landscape"):
        landscape = load_landscape(path / manifest["landscape"]["file"], run_id)
    return Run(path, manifest, snapshots, probes, landscape, manifest["history"],
               **_experiments(path, manifest, sizes, run_id))


def load_run(path: str | Path | None = None) -> Run:
    """Load and validate a run folder.

    Parameters
    ----------
    path
        The folder (or its ``manifest.json``); default :func:`selected_run_path`
        (``$NN_RUN`` or the default run).

    Every file must carry the manifest's ``run_id``: if the folder is replaced
    by a new training while it is read, loading starts again, so the result is
    always one whole run, never the old manifest with new arrays.

    Raises
    ------
    SnapshotError
        Naming the file and field: a missing file or field, a wrong shape,
        dtype, range or order, an unknown schema version, or NaN/inf values.
    """
    path = Path(path) if path is not None else selected_run_path()
    if path.name == "manifest.json":
        path = path.parent
    last: Exception | None = None
    for attempt in range(LOAD_ATTEMPTS):
        try:
            return _load_once(path)
        except _Replaced as exc:
            last = exc
        except SnapshotError:
            if attempt > 0:
                raise
            # A file that vanished mid-read may be a replacement under way (on file systems
            # without atomic exchange): one more try tells it from a damaged run.
        time.sleep(0.05 * (attempt + 1))
    raise SnapshotError(f"{last}: the run kept changing while it was read; wait for the training that writes "
                        f"{path} to finish")
