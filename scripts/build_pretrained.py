"""Write widgets/lesson5_weights.npz: the network lesson 5 trains, for lesson 6 to load.

    python scripts/build_pretrained.py

Trains with the reference `gradient_descent` (float64, a few seconds) and prints the dev accuracy.
"""

import numpy as np

from widgets.data import load_mnist, train_dev_split
from widgets.pretrained import LESSON5_FILE, train_lesson5_network
from widgets.reference import get_accuracy, make_predictions, pad


def main():
    W1, W2 = train_lesson5_network()
    np.savez_compressed(LESSON5_FILE, W1=W1, W2=W2)
    _, _, X_dev, Y_dev = train_dev_split(load_mnist())
    accuracy = get_accuracy(make_predictions(pad(X_dev), W1, W2), Y_dev)
    print(f"wrote {LESSON5_FILE.name}: W1 {W1.shape}, W2 {W2.shape}, dev accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
