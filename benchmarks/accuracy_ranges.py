"""Lesson 5's network (10 hidden units, alpha 0.10, 500 full-batch steps) over several seeds, with
the seed notebook's starting weights (uniform in [-0.5, 0.5)) and with He initialisation.

    .venv/bin/python benchmarks/accuracy_ranges.py [--seeds 5] [--iterations 500]

Prints the range (min-max) of training and dev accuracy over the starting-weight seeds (split seed 0)
and over the split seeds (weights seed 0), so that the lessons quote ranges rather than one run.
Accuracies, not timings: the figures are the same on any machine.
"""

import argparse

import numpy as np

from widgets import reference
from widgets.data import load_mnist, train_dev_split


def seed_weights(seed, hidden_units=10):
    """The seed notebook's init_params: uniform in [-0.5, 0.5), from a seeded generator."""
    rng = np.random.default_rng(seed)
    return rng.random((hidden_units, 785)) - 0.5, rng.random((10, hidden_units)) - 0.5


def train(X, Y, W1, W2, alpha, iterations):
    for _ in range(iterations):
        Z1, A1, Z2, A2 = reference.forward_prop(W1, W2, X)
        dW1, dW2 = reference.backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)
        W1, W2 = reference.update_params(W1, W2, dW1, dW2, alpha)
    return W1, W2


def accuracy(X, Y, W1, W2):
    return reference.get_accuracy(reference.make_predictions(X, W1, W2), Y)


def run(data, split_seed, init, init_seed, iterations):
    X_train, Y_train, X_dev, Y_dev = train_dev_split(data, seed=split_seed)
    X, Xd = reference.pad(X_train), reference.pad(X_dev)
    W1, W2 = seed_weights(init_seed) if init == "seed" else reference.init_params(seed=init_seed)
    W1, W2 = train(X, Y_train, W1, W2, 0.10, iterations)
    return accuracy(X, Y_train, W1, W2), accuracy(Xd, Y_dev, W1, W2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=500)
    args = parser.parse_args(argv)
    data = load_mnist()
    for init in ("seed", "he"):
        for varied in ("weights", "split"):
            results = []
            for s in range(args.seeds):
                split_seed, init_seed = (0, s) if varied == "weights" else (s, 0)
                results.append(run(data, split_seed, init, init_seed, args.iterations))
            train_acc, dev_acc = np.array(results).T
            by_seed = " ".join(f"{a:.3f}" for a in dev_acc)
            print(f"{init:>4} init, {args.seeds} {varied} seeds: "
                  f"training {train_acc.min():.3f}-{train_acc.max():.3f}, "
                  f"dev {dev_acc.min():.3f}-{dev_acc.max():.3f} (dev by seed: {by_seed})", flush=True)


if __name__ == "__main__":
    main()
