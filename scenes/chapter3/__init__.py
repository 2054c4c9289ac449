"""Chapter 3: "What is backpropagation really doing?", with one real training 2.

One module per part of the lecture; :data:`SCENES` is the order they play in.
The numbers every scene shows come from small pure functions in
:mod:`scenes.chapter3.numbers` (one example, backwards by hand) and
:mod:`scenes.chapter3.batch_numbers` (the whole cost's gradient), re-exported
here for the tests.
"""

from scenes.chapter3.numbers import (
    DIGIT,
    STEP,
    Example,
    code_values,
    compare_rows,
    desired_activations,
    desired_biases,
    desired_weights,
    finite_difference_bias,
    fire_together,
    hand_vs_backprop,
    most_wrong,
    output_nudges,
    stack_check,
    the_example,
    wishes,
)
from scenes.chapter3.batch_numbers import (
    BatchTable,
    batch_table,
    descent_race,
    gradient_cosine,
    gradient_list,
    param_key,
    param_name,
    param_words,
    table_keys,
    toy_cost,
    toy_gradient,
    toy_nudges,
)
from scenes.chapter3.recap import Ch3GradientRecap
from scenes.chapter3.nudges import Ch3DesiredNudges
from scenes.chapter3.three_ways import Ch3ThreeWays
from scenes.chapter3.fire import Ch3FireTogether
from scenes.chapter3.summing import Ch3BackwardsLayerByLayer
from scenes.chapter3.stacked import Ch3StackedWishes
from scenes.chapter3.compare import Ch3CompareWithBackprop
from scenes.chapter3.averaging import Ch3AverageOverExamples
from scenes.chapter3.sgd import Ch3StochasticGradientDescent
from scenes.chapter3.paths import Ch3TwoPaths
from scenes.chapter3.backprop_code import Ch3BackpropCode, backward_source, mark_lines
from scenes.chapter3.summary import Ch3Summary, landscape_rgb

SCENES = [
    Ch3GradientRecap,
    Ch3DesiredNudges,
    Ch3ThreeWays,
    Ch3FireTogether,
    Ch3StackedWishes,
    Ch3BackwardsLayerByLayer,
    Ch3CompareWithBackprop,
    Ch3AverageOverExamples,
    Ch3StochasticGradientDescent,
    Ch3TwoPaths,
    Ch3BackpropCode,
    Ch3Summary,
]

__all__ = [
    "SCENES", *(s.__name__ for s in SCENES),
    "DIGIT", "STEP", "BatchTable", "Example", "batch_table", "compare_rows", "desired_activations",
    "desired_biases", "desired_weights", "finite_difference_bias", "gradient_cosine", "hand_vs_backprop",
    "most_wrong", "output_nudges", "table_keys", "the_example", "wishes",
    "toy_gradient", "toy_nudges", "toy_cost", "gradient_list", "param_name", "param_words", "param_key", "stack_check", "descent_race", "fire_together", "code_values", "landscape_rgb", "backward_source", "mark_lines",
]
