"""Computational graphs (cs231n's "Backpropagation, intuitions"), forward and backward.

One module per part of the lecture; each renders its own scenes:

* :mod:`scenes.graphs.linear`: why a nonlinearity (two linear layers fold into one matrix);
* :mod:`scenes.graphs.gates`: ``f = (x + y) z`` forward and backward, the four gate patterns;
* :mod:`scenes.graphs.sigmoid`: one neuron gate by gate, then folded into one sigmoid gate;
* :mod:`scenes.graphs.staged`: a bigger function as staged code beside its graph; branches add;
* :mod:`scenes.graphs.matrices`: backprop through ``D = W X`` by matching shapes;
* :mod:`scenes.graphs.jacobian`: an elementwise gate's Jacobian, diagonal and never formed;
* :mod:`scenes.graphs.regular`: an L2 penalty, where ``W`` branches and the gradients add.

Every number is computed in :mod:`scenes.graphs.numbers` (checked in ``tests/test_graphs.py``).
"""

from scenes.graphs.drawing import wire_number
from scenes.graphs.gates import GraphForwardBackward, GraphGatePatterns
from scenes.graphs.jacobian import GraphElementwiseJacobian
from scenes.graphs.linear import GraphWhyNonlinearity
from scenes.graphs.matrices import GraphMatrixBackprop
from scenes.graphs.numbers import (L2_LAMBDA, CopyGate, ElementwiseJacobian, L2Example, LinearCollapse, MatrixExample,
                                   copy_gate, elementwise_jacobian, gate_circuit, l2_example, linear_collapse,
                                   matrix_example, sigmoid_circuit, simple_circuit,
                                   STAGED_BACKWARD, STAGED_FORWARD, StagedCircuit, staged_circuit, staged_forward,
                                   sum_terms)
from scenes.graphs.regular import GraphRegularization
from scenes.graphs.sigmoid import GraphSigmoidCircuit
from scenes.graphs.staged import GraphCode

__all__ = [
    "L2_LAMBDA", "L2Example", "l2_example", "ElementwiseJacobian", "elementwise_jacobian", "CopyGate", "LinearCollapse", "MatrixExample", "copy_gate", "gate_circuit", "linear_collapse", "matrix_example",
    "sigmoid_circuit", "simple_circuit", "wire_number",
    "STAGED_BACKWARD", "STAGED_FORWARD", "StagedCircuit", "staged_circuit", "staged_forward",
    "sum_terms", "SCENES",
]

SCENES = [
    GraphWhyNonlinearity,
    GraphForwardBackward,
    GraphGatePatterns,
    GraphSigmoidCircuit,
    GraphCode,
    GraphMatrixBackprop,
    GraphElementwiseJacobian,
    GraphRegularization,
]
