"""Colors and sizes shared by all chapters."""

from manim import BLUE, GREEN, RED, WHITE, YELLOW, ManimColor

#: Positive weights / gradients (weight grids and edges).
POSITIVE: ManimColor = ManimColor(GREEN)
#: Negative weights / gradients.
NEGATIVE: ManimColor = ManimColor(RED)
#: Neuron outline; the fill is white with opacity = activation.
NEURON_STROKE: ManimColor = ManimColor(WHITE)
#: Highlights (the chosen neuron, the answer box).
HIGHLIGHT: ManimColor = ManimColor(YELLOW)
#: Parts of formulas: weights, activations, biases (chapter 1's colored W a + b).
WEIGHT_COLOR: ManimColor = ManimColor(BLUE)
ACTIVATION_COLOR: ManimColor = ManimColor(YELLOW)
BIAS_COLOR: ManimColor = ManimColor("#FF862F")

NEURON_RADIUS = 0.14
GRAY: ManimColor = ManimColor("#888888")  # secondary text, muted lines
