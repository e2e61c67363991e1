"""Lesson 7's 256-unit network (10 epochs of mini-batches, momentum 0.9) with and without the shifted
copies, over seeds of the split and of the starting weights.

    .venv/bin/python benchmarks/augmentation_ranges.py [--seeds 5]

Uses lesson 7's split (widgets.data.train_dev_test_split: 8,000 training, 1,000 dev, 1,000 test
digits) and prints the range (min-max) of dev and test accuracy over seeds x seeds runs, so that the
lesson quotes ranges rather than one run. Accuracies, not timings.
"""

import argparse
import itertools

import numpy as np

from widgets.data import load_mnist, train_dev_test_split
from widgets.fast import minibatch_gradient_descent
from widgets.reference import get_accuracy, make_predictions, pad

MOVES = [(0, 0), (0, 1), (0, -1), (1, 0), (-1, 0)]  # as in lesson 7: itself, right, left, down, up


def shifted(X, rows, columns):
    m = X.shape[1]
    return np.roll(X.reshape(28, 28, m), (rows, columns), axis=(0, 1)).reshape(784, m)


def accuracies(X, Y, X_dev, Y_dev, X_test, Y_test, seed):
    W1, W2 = minibatch_gradient_descent(
        pad(X), Y, alpha=0.1, epochs=10, batch_size=128, momentum=0.9, hidden_units=256, seed=seed
    )
    return (
        get_accuracy(make_predictions(pad(X_dev), W1, W2), Y_dev),
        get_accuracy(make_predictions(pad(X_test), W1, W2), Y_test),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    data = load_mnist()
    runs = {"without shifted copies": [], "with shifted copies": []}
    for split_seed, weights_seed in itertools.product(range(args.seeds), repeat=2):
        X, Y, X_dev, Y_dev, X_test, Y_test = train_dev_test_split(data, seed=split_seed)
        X = X.astype(np.float32)
        runs["without shifted copies"].append(accuracies(X, Y, X_dev, Y_dev, X_test, Y_test, weights_seed))
        X_more = np.hstack([shifted(X, rows, columns) for rows, columns in MOVES])
        runs["with shifted copies"].append(
            accuracies(X_more, np.tile(Y, len(MOVES)), X_dev, Y_dev, X_test, Y_test, weights_seed)
        )
    print(f"{args.seeds} split seeds x {args.seeds} weight seeds, 256 hidden units, 10 epochs")
    for name, results in runs.items():
        dev, test = np.array(results).T
        print(f"{name:24} dev {dev.min():.3f}-{dev.max():.3f}   test {test.min():.3f}-{test.max():.3f}")


if __name__ == "__main__":
    main()
