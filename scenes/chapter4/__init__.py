"""Chapter 4: "Backpropagation calculus", with one real path through the network.

One module per part of the lecture; :data:`SCENES` is the order they play in.
Everything comes from the default run (``get_run()``) and its digits
(``get_dataset()``) through the small pure functions of
:mod:`scenes.chapter4.numbers`, re-exported here for the tests; nothing is
trained here.

* The network is the recorded snapshot :data:`STEP` (epoch 2, mid-training, so
  its outputs are neither random nor perfect) and the example is one training
  image of its recorded mini-batch whose correct output is still far from 1.
* The lecture's chain of single neurons is one real path through that network:
  a bright input pixel -> hidden neuron ``k`` (layer 1) -> hidden neuron ``j``
  (layer 2) -> the correct output neuron ``i``. Nudging the last weight
  ``w_ij`` changes only output ``i``, so the chain rule along the path gives
  the real network's exact partial derivatives for the last layer; the scenes
  say so on screen and write the other 15 inputs of ``z`` as ``+ ...``.
* Measured cost changes are real forward passes of the whole network with one
  weight nudged; per-edge sensitivities are the snapshot's recorded mini-batch
  gradient (``Snapshot.grad_weights``).

Layer numbers on screen follow the lecture: ``L`` is the output layer.
"""

from scenes.chapter4.numbers import (
    NUDGE,
    FireTogether,
    Update,
    fire_together,
    largest_update,
    layer_rule,
    NUDGES,
    STEP,
    BatchAverage,
    Path,
    batch_average,
    edge_pixels,
    largest,
    path_gradient,
    sum_over_outputs,
    the_path,
)
from scenes.chapter4.drawing import nice_range
from scenes.chapter4.one_path import Ch4OnePath
from scenes.chapter4.tree import Ch4DependencyTree
from scenes.chapter4.chain_rule import Ch4ChainRule, Ch4NudgeMeasured
from scenes.chapter4.fire import Ch4FireTogether
from scenes.chapter4.bias import Ch4BiasAndPrevious
from scenes.chapter4.average import Ch4AverageAndGradient
from scenes.chapter4.many import Ch4ManyNeurons
from scenes.chapter4.general import Ch4GeneralFormulas
from scenes.chapter4.edges import Ch4EdgeSensitivities

SCENES = [
    Ch4OnePath,
    Ch4DependencyTree,
    Ch4ChainRule,
    Ch4NudgeMeasured,
    Ch4FireTogether,
    Ch4BiasAndPrevious,
    Ch4AverageAndGradient,
    Ch4ManyNeurons,
    Ch4GeneralFormulas,
    Ch4EdgeSensitivities,
]

__all__ = [
    "SCENES", *(s.__name__ for s in SCENES),
    "NUDGE", "NUDGES", "FireTogether", "Update", "fire_together", "largest_update", "layer_rule", "STEP", "BatchAverage", "Path", "batch_average", "edge_pixels", "largest",
    "path_gradient", "sum_over_outputs", "the_path", "nice_range",
]
