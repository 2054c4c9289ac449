"""A small NumPy multilayer perceptron that records what it learns.

Everything on screen in ``scenes/`` comes from this package: it trains a
784-16-16-10 network on real MNIST digits and writes snapshots (weights,
gradients, activations) that the scenes and slides only read.

Conventions, stated once for the whole package
----------------------------------------------
* Layers are numbered by their weight matrices: ``l = 0 .. L-1`` for a network
  with ``L`` weight layers (``L = 3`` for 784-16-16-10).
* ``W[l]`` has shape ``(n_out, n_in)`` = ``(sizes[l+1], sizes[l])``, so row ``j``
  holds the weights *into* neuron ``j`` (3b1b's ``w_jk``: from neuron ``k`` in
  layer ``l`` to neuron ``j`` in layer ``l+1``). ``b[l]`` has shape ``(n_out,)``.
* Batches are rows: an input batch ``X`` is ``(n, 784)`` with pixels in
  ``[0, 1]``; one-hot targets ``Y`` are ``(n, 10)``. Hence
  ``z = a @ W.T + b`` and ``a_next = sigma(z)``.
* ``activations[0]`` is the input; ``zs[l]`` and ``activations[l + 1]`` belong
  to weight layer ``l``.
* Costs and gradients are of the MEAN cost over the batch.

Public API
----------
>>> from network import MLP, load_mnist, train, load_run
"""

from network.costs import COSTS
from network.mlp import MLP
from network.mnist import Dataset, load_mnist, one_hot
from network.loading import load_run
from network.snapshots import Run, Snapshot, SnapshotError, default_run_path
from network.training import History, train

__all__ = [
    "COSTS",
    "MLP",
    "Dataset",
    "History",
    "Run",
    "Snapshot",
    "SnapshotError",
    "default_run_path",
    "load_mnist",
    "load_run",
    "one_hot",
    "train",
]
