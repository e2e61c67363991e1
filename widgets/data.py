"""MNIST in the Kaggle digit-recognizer layout: a label column, then pixel0 ... pixel783 (uint8, 0-255)."""

from pathlib import Path

import numpy as np
import pandas as pd

SAMPLE_PATH = Path(__file__).with_name("mnist_sample.csv.gz")
COLUMNS = ["label"] + [f"pixel{i}" for i in range(784)]


def load_mnist(path=None):
    """Return MNIST digits as a DataFrame with columns label, pixel0 ... pixel783 (uint8).

    With no path, the 10,000 real digits bundled with the course; otherwise a
    Kaggle-format train.csv (plain or gzip-compressed).
    """
    source = SAMPLE_PATH if path is None else Path(path)
    return pd.read_csv(source, dtype=np.uint8)


def train_dev_split(data, dev_size=1000, seed=0, dtype=np.float64):
    """Shuffle, hold out a dev set and scale to [0, 1], as the seed notebook does.

    data: DataFrame or array (m, 785), label first. Not modified.
    Returns X_train (784, m - dev_size), Y_train (m - dev_size,), X_dev (784, dev_size),
    Y_dev (dev_size,): one column per example, pixels as `dtype`, labels as int64.
    """
    table = np.asarray(data)
    order = np.random.default_rng(seed).permutation(len(table))
    dev, train = order[:dev_size], order[dev_size:]
    labels = table[:, 0].astype(np.int64)
    pixels = table[:, 1:]
    X_dev = np.ascontiguousarray(pixels[dev].T, dtype=dtype) / dtype(255)
    X_train = np.ascontiguousarray(pixels[train].T, dtype=dtype) / dtype(255)
    return X_train, labels[train], X_dev, labels[dev]
