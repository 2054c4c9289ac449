"""The multilayer perceptron: forward pass and backpropagation, vectorised over the batch."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from network.activations import ACTIVATIONS
from network.costs import COSTS


class MLP:
    """A fully connected network with sigmoid or ReLU hidden layers.

    Parameters
    ----------
    sizes
        Neurons per layer, input first, e.g. ``[784, 16, 16, 10]``.
    activation
        Hidden-layer activation: ``"sigmoid"`` or ``"relu"``.
    cost
        ``"quadratic"`` (sigmoid output layer, the lecture's cost) or
        ``"cross_entropy"`` (softmax output layer).
    seed
        Seed of the initialisation. Weights are drawn from
        ``N(0, gain / n_in)`` with gain 1 for sigmoid and 2 for ReLU (He);
        biases start at zero.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l]`` has shape ``(sizes[l+1], sizes[l])``.
    biases : list of ndarray
        ``biases[l]`` has shape ``(sizes[l+1],)``.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "sigmoid",
        cost: str = "quadratic",
        seed: int | None = 0,
    ) -> None:
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two positive layer sizes, got {sizes}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        if cost not in COSTS:
            raise ValueError(f"cost must be one of {sorted(COSTS)}, got {cost!r}")
        self.sizes = sizes
        self.activation = activation
        self.cost = cost
        self.seed = seed
        self._act, self._act_prime = ACTIVATIONS[activation]
        self._cost = COSTS[cost]
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        self.weights = [
            rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])
        ]
        self.biases = [np.zeros(n_out) for n_out in sizes[1:]]

    # ------------------------------------------------------------------ shapes
    @property
    def n_layers(self) -> int:
        """Number of weight layers ``L`` (3 for 784-16-16-10)."""
        return len(self.weights)

    @property
    def n_params(self) -> int:
        """Total number of weights and biases (13,002 for 784-16-16-10)."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    def copy(self) -> "MLP":
        """A deep copy with the same configuration and parameters."""
        twin = MLP.__new__(MLP)
        twin.__dict__.update(self.__dict__)
        twin.weights = [w.copy() for w in self.weights]
        twin.biases = [b.copy() for b in self.biases]
        return twin

    @classmethod
    def from_parameters(
        cls,
        weights: Sequence[np.ndarray],
        biases: Sequence[np.ndarray],
        activation: str = "sigmoid",
        cost: str = "quadratic",
    ) -> "MLP":
        """Build a network around given parameters (copied to float64)."""
        sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
        net = cls(sizes, activation=activation, cost=cost, seed=0)
        for l, (w, b) in enumerate(zip(weights, biases)):
            if w.shape != net.weights[l].shape or b.shape != net.biases[l].shape:
                raise ValueError(
                    f"layer {l}: weights {w.shape} / biases {b.shape} do not chain; "
                    f"expected {net.weights[l].shape} / {net.biases[l].shape}"
                )
        net.weights = [np.array(w, dtype=np.float64) for w in weights]
        net.biases = [np.array(b, dtype=np.float64) for b in biases]
        return net

    def astype(self, dtype) -> "MLP":
        """Convert the parameters in place to ``dtype`` (float32 trains about 1.5x faster)."""
        self.weights = [w.astype(dtype) for w in self.weights]
        self.biases = [b.astype(dtype) for b in self.biases]
        return self

    def parameter_vector(self) -> np.ndarray:
        """All parameters as one vector: ``W0.ravel(), b0, W1.ravel(), b1, ...``."""
        return np.concatenate([p.ravel() for w, b in zip(self.weights, self.biases) for p in (w, b)])

    def set_parameter_vector(self, theta: np.ndarray) -> None:
        """Inverse of :meth:`parameter_vector`."""
        theta = np.asarray(theta, dtype=self.weights[0].dtype)
        if theta.shape != (self.n_params,):
            raise ValueError(f"expected a vector of {self.n_params} parameters, got shape {theta.shape}")
        i = 0
        for l in range(self.n_layers):
            w, b = self.weights[l], self.biases[l]
            self.weights[l] = theta[i : i + w.size].reshape(w.shape).copy()
            i += w.size
            self.biases[l] = theta[i : i + b.size].copy()
            i += b.size

    # ----------------------------------------------------------------- compute
    def forward(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Run a batch through the network.

        Parameters
        ----------
        X
            Inputs of shape ``(n, sizes[0])``; a single example of shape
            ``(sizes[0],)`` is treated as a batch of one.

        Returns
        -------
        zs, activations
            ``zs[l]`` is ``(n, sizes[l+1])``; ``activations[0]`` is ``X`` and
            ``activations[l+1] = sigma(zs[l])`` (the last one uses the cost's
            output activation).
        """
        a = np.atleast_2d(np.asarray(X, dtype=self.weights[0].dtype))
        if a.shape[1] != self.sizes[0]:
            raise ValueError(f"input has {a.shape[1]} features per row, the network expects {self.sizes[0]}")
        zs, activations = [], [a]
        last = self.n_layers - 1
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = a @ w.T + b
            a = self._cost.output_activation(z) if l == last else self._act(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Output activations, ``(n, sizes[-1])``."""
        return self.forward(X)[1][-1]

    def cost_value(self, X: np.ndarray, Y: np.ndarray) -> float:
        """Mean cost over the batch (``Y`` one-hot)."""
        return self._cost.mean(self.predict(X), Y)

    def cost_per_example(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """The cost of every example, shape ``(n,)``."""
        return self._cost.per_example(self.predict(X), Y)

    def accuracy(self, X: np.ndarray, labels: np.ndarray) -> float:
        """Fraction of rows whose brightest output is the label."""
        return float(np.mean(self.predict(X).argmax(axis=1) == np.asarray(labels)))

    def backprop(self, X: np.ndarray, Y: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of the MEAN cost over the batch.

        Parameters
        ----------
        X
            ``(n, sizes[0])`` inputs.
        Y
            ``(n, sizes[-1])`` one-hot targets.

        Returns
        -------
        nabla_w, nabla_b
            Same shapes as :attr:`weights` and :attr:`biases`.
        """
        zs, activations = self.forward(X)
        Y = np.atleast_2d(np.asarray(Y, dtype=activations[-1].dtype))
        if Y.shape != activations[-1].shape:
            raise ValueError(f"targets have shape {Y.shape}, outputs have shape {activations[-1].shape}")
        return self.backprop_from(activations, Y)

    def backprop_from(
        self, activations: list[np.ndarray], Y: np.ndarray
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Backward pass given the forward pass's ``activations`` (saves recomputing it)."""
        L = self.n_layers
        nabla_w: list[np.ndarray] = [None] * L  # type: ignore[list-item]
        nabla_b: list[np.ndarray] = [None] * L  # type: ignore[list-item]
        delta = self._cost.output_delta(activations[-1], Y)  # dC/dz for the last layer, (n, n_L)
        for l in range(L - 1, -1, -1):
            nabla_w[l] = delta.T @ activations[l]
            nabla_b[l] = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ self.weights[l]) * self._act_prime(activations[l])
        return nabla_w, nabla_b

    def sgd_step(self, X: np.ndarray, Y: np.ndarray, lr: float) -> float:
        """One in-place SGD update ``theta -= lr * grad`` on the batch; returns its mean cost.

        The same arithmetic as :meth:`backprop` followed by the update, fused
        so that no gradient arrays are kept (the training loop's hot path).
        """
        activations = [X]
        a = X
        last = self.n_layers - 1
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = a @ w.T
            z += b
            a = self._cost.output_activation(z) if l == last else self._act(z, out=z)
            activations.append(a)
        delta, cost = self._cost.delta_and_mean(a, Y)
        delta *= lr
        for l in range(last, -1, -1):
            a = activations[l]
            w = self.weights[l]
            if l > 0:
                below = (delta @ w) * self._act_prime(a)
            w -= delta.T @ a
            self.biases[l] -= delta.sum(axis=0)
            if l > 0:
                delta = below
        return cost

    def __repr__(self) -> str:
        return (
            f"MLP(sizes={self.sizes}, activation={self.activation!r}, cost={self.cost!r}, "
            f"n_params={self.n_params})"
        )
