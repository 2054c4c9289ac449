"""Chapter 1: "But what is a neural network?", lit by a real trained network.

One module per part of the lecture; :data:`SCENES` is the order they play in.
Every number, color and brightness comes from the default run (``get_run()``)
or the digits it was trained on (``get_dataset()``), through the small pure
functions of :mod:`scenes.chapter1.numbers`, re-exported here for the tests.
Nothing is trained here.
"""

from scenes.numbers import fmt
from scenes.chapter1.numbers import (
    NeuronExample,
    BarDetector,
    bar_detector,
    weighted_sum,
    Preview,
    brightest_pixels,
    busy_patch,
    demo_probe,
    mean_sigmoid_slope,
    neuron_example,
    parameter_counts,
    threes,
    wrong_digit,
    wrong_probe,
    forward_source_lines,
    lit_counts,
    probe_of,
    preview_stream,
    validation_accuracy,
)
from scenes.chapter1.hook import Ch1Hook
from scenes.chapter1.plan import Ch1Challenge, Ch1Vanilla
from scenes.chapter1.pixels import Ch1HandwrittenThrees
from scenes.chapter1.preview import Ch1Preview
from scenes.chapter1.unroll import Ch1RowsToColumn
from scenes.chapter1.layers import Ch1FlattenToNetwork
from scenes.chapter1.forward import Ch1ForwardPass, Ch1WrongDigit
from scenes.chapter1.hope import Ch1HopedDecomposition
from scenes.chapter1.hope_real import Ch1HopeVsReal
from scenes.chapter1.abstraction import Ch1Abstraction
from scenes.chapter1.design import Ch1HandDesignedNeuron
from scenes.chapter1.neuron import Ch1NeuronWeights, Ch1SigmoidBias
from scenes.chapter1.matrix import Ch1MatrixForm, Ch1ParameterCount, Ch1RowsAsEdges
from scenes.chapter1.function import Ch1NetworkAsFunction, Ch1SigmoidVsReLU

SCENES = [
    Ch1Hook,
    Ch1Challenge,
    Ch1Preview,
    Ch1Vanilla,
    Ch1HandwrittenThrees,
    Ch1RowsToColumn,
    Ch1FlattenToNetwork,
    Ch1ForwardPass,
    Ch1HopedDecomposition,
    Ch1HopeVsReal,
    Ch1Abstraction,
    Ch1HandDesignedNeuron,
    Ch1NeuronWeights,
    Ch1SigmoidBias,
    Ch1ParameterCount,
    Ch1WrongDigit,
    Ch1MatrixForm,
    Ch1RowsAsEdges,
    Ch1NetworkAsFunction,
    Ch1SigmoidVsReLU,
]

__all__ = [
    "SCENES", *(s.__name__ for s in SCENES),
    "fmt", "NeuronExample", "BarDetector", "bar_detector", "weighted_sum", "Preview", "brightest_pixels", "preview_stream", "validation_accuracy", "forward_source_lines", "lit_counts", "probe_of", "busy_patch", "demo_probe", "mean_sigmoid_slope", "neuron_example",
    "parameter_counts", "threes", "wrong_digit", "wrong_probe",
]
