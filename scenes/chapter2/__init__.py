"""Chapter 2: "Gradient descent, how neural networks learn", on the real cost landscape.

One module per part of the lecture; :data:`SCENES` is the order they play in.
Every number on screen comes from the default run (``get_run()``) and its
digits (``get_dataset()``), through the small pure functions of
:mod:`scenes.chapter2.numbers`, re-exported here for the tests:

* the "utter trash" example is the first training 3 pushed through the
  untrained network (step 0); the average cost is the recorded step-0
  training cost;
* the one-variable curve is the true training cost along the first landscape
  direction ``d1`` through the trained network, its slopes exact directional
  derivatives from backprop;
* the 2-D and 3-D pictures are the saved ``run.landscape`` (a plane through
  the trained network spanned by the top two principal directions of the
  recorded trajectory), the trajectory and the mini-batch / full-batch paths
  recorded with it;
* the gradient column is the recorded full-batch gradient of step 0;
* curves come from ``run.history`` and the recorded snapshots; weight images
  and the noise probe's answer from the final snapshot.

Nothing is trained here.
"""

from scenes.chapter2.numbers import (
    DIGIT,
    ETA_1D,
    START_1D,
    GradientColumn,
    TrashExample,
    cost_along_line,
    descent_1d,
    descent_2d,
    eta_2d,
    flat,
    gradient_column,
    noise_answer,
    HeldOutStream,
    PUBLISHED_BEST,
    PUBLISHED_PLAIN,
    held_out_stream,
    param_name,
    plane_cost,
    plane_gradient,
    slope_along_line,
    start_2d,
    trash_example,
    true_plane_gradient,
)
from scenes.chapter2.training_data import Ch2TrainingData
from scenes.chapter2.trash import Ch2UtterTrash
from scenes.chapter2.cost_function import Ch2CostAsFunction
from scenes.chapter2.one_variable import Ch2OneVariable
from scenes.chapter2.two_variables import Ch2CostLandscape3D, Ch2GradientIn2D
from scenes.chapter2.gradient_vector import Ch2GradientVector
from scenes.chapter2.minibatch import Ch2LearningCurves, Ch2MiniBatchVsFullBatch
from scenes.chapter2.accuracy import Ch2HowWellItDoes
from scenes.chapter2.learned import Ch2WhatItLearned

__all__ = [
    "DIGIT", "ETA_1D", "START_1D", "GradientColumn", "TrashExample", "cost_along_line", "descent_1d",
    "descent_2d", "eta_2d", "flat", "gradient_column", "noise_answer", "param_name", "plane_cost",
    "plane_gradient", "HeldOutStream", "PUBLISHED_BEST", "PUBLISHED_PLAIN", "held_out_stream", "slope_along_line", "start_2d", "trash_example", "true_plane_gradient",
]

SCENES = [
    Ch2TrainingData,
    Ch2UtterTrash,
    Ch2CostAsFunction,
    Ch2OneVariable,
    Ch2GradientIn2D,
    Ch2CostLandscape3D,
    Ch2GradientVector,
    Ch2MiniBatchVsFullBatch,
    Ch2LearningCurves,
    Ch2HowWellItDoes,
    Ch2WhatItLearned,
]
