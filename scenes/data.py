"""The only way scenes get numbers: the recorded run and the digits it used.

Both are loaded once per process and cached. Point every scene at another run
with the environment variable ``NN_RUN=path/to/run``.

A scene states what it needs of the run in its class attribute ``NEEDS`` (a
:class:`Needs`; the default is the lecture's own network: sigmoid neurons,
quadratic cost, 784-16-16-10, see :data:`LECTURE`). Before drawing anything the
scene checks it (:meth:`scenes.base.BeatsMixin.setup`): on a run it cannot
draw truthfully it stops with one line naming what it needs and what the run
is (:class:`SceneDataError`), instead of drawing false math.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from network import Dataset, Run, Snapshot, SnapshotError, load_run
from network.idx import IDXError
from network.mnist import DataError, load_recorded


class SceneDataError(SystemExit):
    """The run (or its data) cannot be drawn: ends the process with one line
    ``error: ...`` on stderr and exit status 1, never a traceback.

    A :class:`SystemExit` on purpose: manim prints a full traceback for any
    ``Exception`` raised in a scene, and this is the user's input, not a bug.
    """

    def __init__(self, message: str) -> None:
        super().__init__(f"error: {message}")
        self.message = message


@dataclass(frozen=True)
class Needs:
    """What a scene needs of the run it draws (every ``None`` means "any").

    Parameters
    ----------
    activation : str or None
        ``"sigmoid"`` if the scene shows sigma, its curve or its derivative at
        a hidden layer (a quadratic cost always has sigmoid outputs).
    cost : str or None
        ``"quadratic"`` if it shows squared differences or ``2(a - y)``.
    hidden_layers : int or None
        Exact number of hidden layers its story needs.
    min_hidden : int
        At least this many hidden layers (e.g. 1 to show "the first hidden layer").
    hidden_sizes : tuple of int or None
        Exact hidden widths, for scenes whose narration names them.
    landscape : bool
        The run must have recorded a cost landscape.
    batch_size : int or None
        Exact mini-batch size, for scenes that lay out one mini-batch.
    steps : tuple of int
        Steps that must have been recorded.
    """

    activation: str | None = "sigmoid"
    cost: str | None = "quadratic"
    hidden_layers: int | None = None
    min_hidden: int = 0
    hidden_sizes: tuple[int, ...] | None = None
    landscape: bool = False
    batch_size: int | None = None
    steps: tuple[int, ...] = ()

    def describe(self) -> str:
        """The needs in words, e.g. ``"sigmoid neurons, quadratic cost, hidden layers 16-16"``."""
        parts = []
        if self.activation:
            parts.append(f"{self.activation} neurons")
        if self.cost:
            parts.append(f"{self.cost.replace('_', '-')} cost")
        if self.hidden_sizes is not None:
            parts.append("hidden layers " + "-".join(map(str, self.hidden_sizes)))
        elif self.hidden_layers is not None:
            parts.append(f"{self.hidden_layers} hidden layer{'s' if self.hidden_layers != 1 else ''}")
        elif self.min_hidden:
            parts.append(f"at least {self.min_hidden} hidden layer{'s' if self.min_hidden != 1 else ''}")
        if self.batch_size is not None:
            parts.append(f"mini-batches of {self.batch_size}")
        if self.steps:
            parts.append("recorded step " + ", ".join(map(str, self.steps)))
        if self.landscape:
            parts.append("a recorded cost landscape")
        return ", ".join(parts) or "any run"

    def unmet(self, run: Run) -> list[str]:
        """What ``run`` lacks, in words (empty: the scene can draw it)."""
        problems = []
        if self.activation and run.activation != self.activation:
            problems.append(f"its neurons are {run.activation}")
        if self.cost and run.cost != self.cost:
            problems.append(f"its cost is {run.cost.replace('_', '-')}")
        hidden = tuple(run.layer_sizes[1:-1])
        if self.hidden_sizes is not None and hidden != tuple(self.hidden_sizes):
            problems.append("its hidden layers are " + ("-".join(map(str, hidden)) or "none"))
        elif self.hidden_layers is not None and len(hidden) != self.hidden_layers:
            problems.append(f"it has {len(hidden)} hidden layer{'s' if len(hidden) != 1 else ''}")
        elif len(hidden) < self.min_hidden:
            problems.append(f"it has {len(hidden)} hidden layer{'s' if len(hidden) != 1 else ''}")
        if self.batch_size is not None and run.batch_size != self.batch_size:
            problems.append(f"its mini-batches hold {run.batch_size}")
        missing = [s for s in self.steps if s not in set(run.steps)]
        if missing:
            problems.append("it did not record step " + ", ".join(map(str, missing)))
        if self.landscape and run.landscape is None:
            problems.append("it has no cost landscape (trained with --landscape-grid 0)")
        return problems


#: The lecture's own network, 784-16-16-10 sigmoid with quadratic cost: what a
#: scene needs unless it says otherwise (its narration may name these numbers).
LECTURE = Needs(hidden_sizes=(16, 16))
#: Scenes that only show digits, curves or numbers true of any run.
ANY_RUN = Needs(activation=None, cost=None)


def require(scene_name: str, needs: Needs) -> Run:
    """The run, if ``needs`` are met; else :class:`SceneDataError` with one line."""
    run = get_run()
    problems = needs.unmet(run)
    if problems:
        shape = "-".join(str(s) for s in run.layer_sizes)
        raise SceneDataError(
            f"{scene_name} draws a network with {needs.describe()}; the run {run.path} ({shape}, {run.activation}, "
            f"{run.cost.replace('_', '-')}) does not fit: {'; '.join(problems)}. "
            "Unset NN_RUN to draw the default run, or point it at a run that fits."
        )
    return run


@lru_cache(maxsize=None)
def get_run() -> Run:
    """The run folder the scenes draw (``$NN_RUN`` or ``assets/runs/default``)."""
    try:
        return load_run()
    except SnapshotError as exc:
        raise SceneDataError(str(exc)) from None


@lru_cache(maxsize=None)
def get_dataset() -> Dataset:
    """The digits the run was trained on, checked to be the very digits it saw."""
    run = get_run()
    try:
        return load_recorded(run.manifest["data"], run.path)
    except (DataError, IDXError) as exc:
        raise SceneDataError(str(exc)) from None


def snapshot_at(step: int) -> Snapshot:
    """The run's snapshot of ``step``; :class:`SceneDataError` if it was not recorded."""
    run = get_run()
    try:
        return run.snapshot(step)
    except KeyError:
        raise SceneDataError(f"the run {run.path} did not record step {step}, which this scene draws; "
                             "unset NN_RUN to draw the default run") from None
