"""Typical wrong ways of writing a helper's part inside a composite function.

A learner's backward_prop may build its own one-hot matrix or ReLU slope instead
of calling one_hot or ReLU_deriv, and forward_prop its own softmax or ReLU. When
such a part is wrong, the composite's check finds out which of these variants
the learner's function behaves like (the reference composite with the variant
in place of the helper) and lets the helper's own exercise explain that variant.
Each variant is a mistake that the helper's own check names.
Shapes follow the course: Y (m,), one-hot (10, m), Z (units, m).
"""

from __future__ import annotations

import numpy as np


def one_hot_sized_by_labels(Y):
    """The seed's `Y.max() + 1` rows: fewer than 10 when the batch lacks its largest digits."""
    one_hot_Y = np.zeros((Y.size, Y.max() + 1))
    one_hot_Y[np.arange(Y.size), Y] = 1
    return one_hot_Y.T


def one_hot_not_transposed(Y):
    """One row per example (m, 10): the seed's matrix without its final `.T`."""
    one_hot_Y = np.zeros((Y.size, 10))
    one_hot_Y[np.arange(Y.size), Y] = 1
    return one_hot_Y


def one_hot_unique_labels(Y):
    """As many rows as distinct labels in the batch (`len(np.unique(Y))`)."""
    one_hot_Y = np.zeros((len(np.unique(Y)), Y.size))
    one_hot_Y[Y, np.arange(Y.size)] = 1
    return one_hot_Y


def relu_deriv_at_zero(Z):
    """`Z >= 0`: a slope of 1 at exactly 0."""
    return Z >= 0


def relu_deriv_sign(Z):
    """`np.sign(Z)`: -1 for negative inputs."""
    return np.sign(Z)


def relu_deriv_of_sigmoid(Z):
    """The sigmoid's slope formula `A * (1 - A)`, copied from a sigmoid network, on the ReLU's output."""
    A = np.maximum(Z, 0)
    return A * (1 - A)


def softmax_rows(Z):
    """`np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)`: every row sums to 1."""
    return np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)


def softmax_whole_matrix(Z):
    """`np.exp(Z) / np.sum(np.exp(Z))`: all the entries together sum to 1."""
    return np.exp(Z) / np.sum(np.exp(Z))


def relu_abs(Z):
    """`np.abs(Z)`: negative inputs come out positive."""
    return np.abs(Z)


def relu_leaky(Z):
    """`np.maximum(0.01 * Z, Z)`: a leaky ReLU."""
    return np.maximum(0.01 * Z, Z)


def labels_as_they_are(Y):
    """No one-hot matrix at all: `A2 - Y` subtracts the labels themselves."""
    return Y


def no_slope(Z):
    """No ReLU slope at all: the error flows back through every hidden unit."""
    return 1


def no_softmax(Z):
    """No softmax at all: the scores are used as probabilities."""
    return Z


def no_relu(Z):
    """No ReLU at all: the hidden layer stays linear."""
    return Z


VARIANTS = {
    "one_hot": (one_hot_sized_by_labels, one_hot_not_transposed, one_hot_unique_labels),
    "ReLU_deriv": (relu_deriv_at_zero, relu_deriv_sign, relu_deriv_of_sigmoid),
    "softmax": (softmax_rows, softmax_whole_matrix),
    "ReLU": (relu_abs, relu_leaky),
}

# What the part is called when a composite builds it itself.
PARTS = {
    "one_hot": "the one-hot matrix of the labels",
    "ReLU_deriv": "the ReLU's slope",
    "softmax": "the softmax",
    "ReLU": "the ReLU",
}

# The part left out altogether: what the composite computes without it. Its own check names that
# mistake (labels_not_one_hot, missing_relu_deriv ...), not the part's exercise.
LEFT_OUT = {
    "one_hot": labels_as_they_are,
    "ReLU_deriv": no_slope,
    "softmax": no_softmax,
    "ReLU": no_relu,
}
