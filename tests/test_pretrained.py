"""The weights shipped for lesson 6 are the network lesson 5 trains: trained again here and compared."""

import numpy as np

from widgets import fast
from widgets.data import load_mnist, train_dev_split
from widgets.pretrained import LESSON5_FILE, lesson5_weights, train_lesson5_network
from widgets.reference import get_accuracy, make_predictions, pad


def test_shipped_weights_are_lesson_5s_network_trained_again():
    W1, W2 = lesson5_weights()
    assert (W1.shape, W2.shape, W1.dtype, W2.dtype) == ((10, 785), (10, 10), np.float64, np.float64)
    # The fast trainer takes the same steps in float32: agreement to a few parts in a million.
    again_W1, again_W2 = train_lesson5_network(fast.full_batch_gradient_descent)
    np.testing.assert_allclose(again_W1, W1, rtol=0, atol=1e-4 * np.abs(W1).max())
    np.testing.assert_allclose(again_W2, W2, rtol=0, atol=1e-4 * np.abs(W2).max())
    X_train, Y_train, X_dev, Y_dev = train_dev_split(load_mnist())
    for X, Y in [(X_train, Y_train), (X_dev, Y_dev)]:
        ours = make_predictions(pad(X), W1, W2)
        assert get_accuracy(ours, Y) == get_accuracy(make_predictions(pad(X), again_W1, again_W2), Y)
    assert round(get_accuracy(make_predictions(pad(X_dev), W1, W2), Y_dev), 3) == 0.895


def test_each_call_returns_new_arrays_and_the_file_ships_with_the_package():
    first, second = lesson5_weights(), lesson5_weights()
    first[0][:] = 0
    assert np.abs(second[0]).max() > 0
    assert LESSON5_FILE.parent.name == "widgets" and LESSON5_FILE.stat().st_size < 100_000
