"""The only way scenes get numbers: the recorded run and the digits it used.

Both are loaded once per process and cached. Point every scene at another run
with the environment variable ``NN_RUN=path/to/run``.
"""

from __future__ import annotations

from functools import lru_cache

from network import Dataset, Run, load_mnist, load_run


@lru_cache(maxsize=None)
def get_run() -> Run:
    """The run folder the scenes draw (``$NN_RUN`` or ``assets/runs/default``)."""
    return load_run()


@lru_cache(maxsize=None)
def get_dataset() -> Dataset:
    """The digits the run was trained on (same source and split as its manifest says)."""
    source = get_run().manifest["data"]
    return load_mnist(source.get("path")) if source.get("name") == "mnist-idx" else load_mnist()
