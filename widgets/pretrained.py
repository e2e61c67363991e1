"""The network lesson 5 trains, saved with the course so that later lessons need not train it again.

Lesson 5 trains the seed's network with the seed's settings: He-initialised
weights (seed 0), full-batch gradient descent, alpha 0.10, 500 iterations, on
the 9,000 training digits of `train_dev_split(load_mnist())`. That takes
several seconds on one CPU; lesson 6 evaluates the same network, so it loads
these weights instead. `scripts/build_pretrained.py` writes the file with
`train_lesson5_network()`; tests/test_pretrained.py trains it again and
compares.

    from widgets.pretrained import lesson5_weights
    W1, W2 = lesson5_weights()     # W1 (10, 785), W2 (10, 10), float64
"""

from pathlib import Path

import numpy as np

from widgets.data import load_mnist, train_dev_split
from widgets.reference import gradient_descent, pad

LESSON5_FILE = Path(__file__).with_name("lesson5_weights.npz")
LESSON5_SETTINGS = {"alpha": 0.10, "iterations": 500}


def train_lesson5_network(train=gradient_descent):
    """Train lesson 5's network with `train(X, Y, alpha, iterations)`; returns W1 (10, 785), W2 (10, 10)."""
    X_train, Y_train, _, _ = train_dev_split(load_mnist())
    return train(pad(X_train), Y_train, LESSON5_SETTINGS["alpha"], LESSON5_SETTINGS["iterations"])


def lesson5_weights():
    """Lesson 5's trained W1 (10, 785) and W2 (10, 10), float64, new arrays on every call."""
    with np.load(LESSON5_FILE) as saved:
        return saved["W1"].copy(), saved["W2"].copy()
