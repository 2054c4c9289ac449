"""Where a run is written: what counts as a run folder, the writer's lock, the swap.

``python -m network.train --out DIR`` builds the new run in a hidden sibling
folder ``.DIR.partial-XXXX`` and, once it is complete and validated, swaps it
in. The rules, so that nothing that is not ours is ever lost:

* ``DIR`` may be missing, an empty folder, or a run folder of ours (only with
  ``--force``): see :func:`classify`. A file, or a folder holding anything a
  run does not hold, is never touched.
* One writer per ``DIR`` at a time: :class:`RunLock` (``.DIR.lock`` beside it
  while a writer runs, an advisory ``flock`` that the system releases when the
  writer dies).
* The swap is one atomic ``renameat2(RENAME_EXCHANGE)`` where the file system
  supports it, so a reader always finds a whole run at ``DIR``; the old run
  then sits in the temporary folder and is deleted.
* Ctrl-C is held back during the swap (:class:`HeldInterrupt`): it takes
  effect once the new run is in place, so a message never says nothing was
  written when the swap had already happened, and no half-swapped state stays.
* Leftovers of a killed writer (``.DIR.partial-*``, ``.DIR.old-*``) are
  removed by the next writer, under the lock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import threading
from pathlib import Path

#: The names a run folder holds (see docs/snapshots.md).
RUN_FILE = re.compile(r"^(manifest\.json|probes\.npz|landscape\.npz|dense\.npz|dreams\.npz|shuffled\.npz|step_\d{6}\.npz)$")


class OutError(ValueError):
    """``--out`` names something a run must not be written over."""


class InterruptedAfterSwap(KeyboardInterrupt):
    """Ctrl-C arrived during the swap: the new run is in place at ``out``."""

    def __init__(self, out: Path) -> None:
        super().__init__(str(out))
        self.out = out


class HeldInterrupt:
    """Hold SIGINT back inside the block; raise it as :class:`InterruptedAfterSwap` after.

    Only in the main thread (elsewhere signals cannot be handled and the block
    runs as it is). ``out`` is the folder the block writes.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.caught = False
        self._previous = None

    def _hold(self, signum, frame) -> None:
        self.caught = True

    def __enter__(self) -> "HeldInterrupt":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._hold)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self.caught and exc_type is None:
            raise InterruptedAfterSwap(self.out)


def foreign_entries(path: Path) -> list[str]:
    """Names in folder ``path`` that a run folder never holds (sorted)."""
    return sorted(p.name for p in path.iterdir() if not (p.is_file() and RUN_FILE.match(p.name)))


def classify(path: Path) -> str:
    """What is at ``path``: ``"missing"``, ``"empty"``, ``"run"`` or ``"other"``.

    A ``"run"`` is a folder whose ``manifest.json`` is a JSON object with a
    ``schema_version`` (any version: an old run of ours is still ours) and
    that holds nothing but run files. Anything else that exists is ``"other"``.
    """
    if not path.exists() and not path.is_symlink():
        return "missing"
    if path.is_symlink() or not path.is_dir():
        return "other"
    entries = list(path.iterdir())
    if not entries:
        return "empty"
    if foreign_entries(path):
        return "other"
    try:
        manifest = json.loads((path / "manifest.json").read_text())
    except (OSError, ValueError):
        return "other"
    return "run" if isinstance(manifest, dict) and "schema_version" in manifest else "other"


def check_out(path: Path, force: bool) -> None:
    """Raise :class:`OutError` unless a run may be written to ``path``."""
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise OutError(f"--out {path}: {parent} is a file, not a folder; choose another --out")
    if path.is_symlink():
        raise OutError(f"--out {path}: is a symbolic link; nothing was changed, pass the real folder or another --out")
    kind = classify(path)
    if kind == "other":
        if path.is_dir() and not path.is_symlink():
            names = foreign_entries(path) or ["manifest.json"]
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            raise OutError(f"--out {path}: this folder is not a run (it holds {shown}); "
                           "nothing was changed, choose another --out")
        raise OutError(f"--out {path}: is a file, not a run folder; nothing was changed, choose another --out")
    if kind == "run" and not force:
        raise OutError(f"--out {path}: already holds a run; pass --force to replace it, or choose another --out")


class RunLock:
    """Exclusive lock for writing the run folder ``out`` (``.OUT.lock`` beside it).

    Raises :class:`OutError` at once if another process holds it. The lock
    file is removed on release; a writer that finds it was removed between
    opening and locking it starts over, so two writers never both hold it.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out.parent / f".{out.name}.lock"
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutError(f"--out {self.out}: another training is writing this run right now; "
                               "wait for it to finish or choose another --out") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return self
            os.close(fd)  # the previous holder removed it after we opened it: take the new one

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            os.close(self._fd)
            self._fd = None


def clean_leftovers(out: Path) -> list[Path]:
    """Remove hidden partial/old folders of earlier, killed writers of ``out``.

    Call only while holding :class:`RunLock` for ``out``. Returns what was removed.
    """
    removed = []
    for prefix in (f".{out.name}.partial-", f".{out.name}.old-"):
        for leftover in out.parent.glob(prefix + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
                removed.append(leftover)
    return removed


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2``); False if unsupported here."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(work: Path, out: Path) -> None:
    """Put the finished run folder ``work`` at ``out`` and delete what was there.

    ``out`` is missing, an empty folder or a run (checked by the caller under
    the lock). Readers see the old run or the new one, never neither, where
    the file system supports atomic exchange; elsewhere there is a moment
    without a run (two renames), never a mix.
    """
    if not out.exists():
        os.rename(work, out)
        return
    if _exchange(work, out):
        shutil.rmtree(work)  # now holds the old run
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(work, out)
    shutil.rmtree(old)
