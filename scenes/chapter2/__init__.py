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
from scenes.chapter2.numbers import (
    SWAP_ETA,
    SWAP_STEPS,
    TOY_HI,
    TOY_LO,
    TOY_POINT,
    direction_rates,
    example_progress,
    swap_cost,
    swap_descent,
    swap_line,
    swap_slope,
    toy_balls,
    toy_bowl,
    toy_bowl_gradient,
    toy_bowl_nudges,
    toy_curve,
    toy_slope,
)
from scenes.chapter2.numbers_network import (
    MATTER_NUDGE,
    flat_share,
    loop_steps,
    step_cost_along_line,
    weight_pair,
)
from scenes.chapter2.recap import Ch2Recap
from scenes.chapter2.training_data import Ch2TrainingData
from scenes.chapter2.calculus import Ch2JustCalculus
from scenes.chapter2.valleys import Ch2ManyValleys
from scenes.chapter2.toy_gradient import Ch2ToyGradient
from scenes.chapter2.matters import Ch2WhichWeightsMatter
from scenes.chapter2.loop import Ch2DescentLoop
from scenes.chapter2.smooth import Ch2SmoothCost
from scenes.chapter2.trash import Ch2UtterTrash
from scenes.chapter2.cost_function import Ch2CostAsFunction
from scenes.chapter2.one_variable import Ch2OneVariable
from scenes.chapter2.two_variables import Ch2CostLandscape3D, Ch2GradientIn2D
from scenes.chapter2.gradient_vector import Ch2GradientVector
from scenes.chapter2.minibatch import Ch2LearningCurves, Ch2MiniBatchVsFullBatch
from scenes.chapter2.accuracy import Ch2HowWellItDoes
from scenes.chapter2.learned import Ch2WhatItLearned
from scenes.chapter2.live import Ch2TrainingLive
from scenes.chapter2.dreams import Ch2CannotDraw
from scenes.chapter2.shuffled import Ch2ShuffledLabels

__all__ = [
    "DIGIT", "ETA_1D", "START_1D", "GradientColumn", "TrashExample", "cost_along_line", "descent_1d",
    "descent_2d", "eta_2d", "flat", "gradient_column", "noise_answer", "param_name", "plane_cost",
    "plane_gradient", "HeldOutStream", "PUBLISHED_BEST", "PUBLISHED_PLAIN", "held_out_stream", "slope_along_line", "start_2d", "trash_example", "true_plane_gradient",
    "SWAP_ETA", "SWAP_STEPS", "TOY_HI", "TOY_LO", "TOY_POINT", "direction_rates", "example_progress", "swap_cost",
    "swap_descent", "swap_line", "swap_slope", "toy_balls", "toy_bowl", "toy_bowl_gradient", "toy_bowl_nudges",
    "toy_curve", "toy_slope", "MATTER_NUDGE", "flat_share", "loop_steps", "step_cost_along_line", "weight_pair",
]

SCENES = [
    Ch2Recap,
    Ch2TrainingData,
    Ch2TrainingLive,
    Ch2JustCalculus,
    Ch2UtterTrash,
    Ch2CostAsFunction,
    Ch2OneVariable,
    Ch2ManyValleys,
    Ch2GradientIn2D,
    Ch2ToyGradient,
    Ch2CostLandscape3D,
    Ch2GradientVector,
    Ch2WhichWeightsMatter,
    Ch2DescentLoop,
    Ch2SmoothCost,
    Ch2MiniBatchVsFullBatch,
    Ch2LearningCurves,
    Ch2HowWellItDoes,
    Ch2WhatItLearned,
    Ch2CannotDraw,
    Ch2ShuffledLabels,
]
