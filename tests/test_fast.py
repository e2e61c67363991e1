"""The fast training loops compute the same steps as the learner-facing reference functions."""

import re

import numpy as np
import pytest

from widgets import fast
from widgets import reference as ref
from widgets.data import load_mnist, train_dev_split


def small_problem(m=50, seed=1, dtype=np.float64):
    """Padded inputs (785, m) in [0, 1] with 80% zeros like MNIST, and labels (m,)."""
    rng = np.random.default_rng(seed)
    pixels = rng.random((784, m)) * (rng.random((784, m)) < 0.2)
    return ref.pad(pixels).astype(dtype), rng.integers(0, 10, size=m)


def reference_loop(X, Y, alpha, iterations, hidden_units=10, seed=0):
    """The lesson's loop written with the learner-facing functions, in float64.

    Returns the weights and the (loss, accuracy) seen before each update.
    """
    X = X.astype(np.float64)
    W1, W2 = ref.init_params(hidden_units=hidden_units, seed=seed)
    progress = []
    for _ in range(iterations):
        Z1, A1, Z2, A2 = ref.forward_prop(W1, W2, X)
        progress.append((ref.cross_entropy(A2, Y), ref.get_accuracy(ref.get_predictions(A2), Y)))
        dW1, dW2 = ref.backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)
        W1, W2 = ref.update_params(W1, W2, dW1, dW2, alpha)
    return W1, W2, progress


def recorder():
    """A callback that records every (step, loss, accuracy) it is given."""
    seen = []

    def callback(step, loss, accuracy):
        seen.append((step, loss, accuracy))

    return seen, callback


@pytest.fixture(scope="module")
def bundled():
    """The bundled digits as float32: X_train padded (785, 9000), Y_train, X_dev padded (785, 1000), Y_dev."""
    X_train, Y_train, X_dev, Y_dev = train_dev_split(load_mnist(), dtype=np.float32)
    return ref.pad(X_train), Y_train, ref.pad(X_dev), Y_dev


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("iterations", [1, 40])
def test_full_batch_matches_reference_functions_step_by_step(dtype, iterations):
    X, Y = small_problem(dtype=dtype)
    W1, W2, progress = reference_loop(X, Y, 0.5, iterations, hidden_units=7)
    seen, callback = recorder()
    fast_W1, fast_W2 = fast.full_batch_gradient_descent(X, Y, 0.5, iterations, callback, hidden_units=7)
    assert fast_W1.dtype == dtype and fast_W2.dtype == dtype
    assert fast_W1.shape == (7, 785) and fast_W2.shape == (10, 7)
    # float32 arithmetic: agreement to a few parts in a million, growing slowly with iterations
    np.testing.assert_allclose(fast_W1, W1, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(fast_W2, W2, rtol=1e-4, atol=1e-5)
    assert [s[0] for s in seen] == list(range(iterations))
    np.testing.assert_allclose([s[1] for s in seen], [p[0] for p in progress], rtol=1e-5)
    assert [s[2] for s in seen] == [p[1] for p in progress]


def test_reference_gradient_descent_is_the_lessons_loop(bundled):
    X, Y = bundled[0][:, :2000].astype(np.float64), bundled[1][:2000]
    W1, W2, progress = reference_loop(X, Y, 0.1, 60)
    seen, callback = recorder()
    ref_W1, ref_W2 = ref.gradient_descent(X, Y, 0.1, 60, callback=callback)
    assert np.array_equal(ref_W1, W1) and np.array_equal(ref_W2, W2)
    assert [s[0] for s in seen] == list(range(60)) and [s[1:] for s in seen] == progress


def test_full_batch_accepts_integer_and_non_contiguous_inputs():
    X, Y = small_problem(m=20)
    expected = fast.full_batch_gradient_descent(X, Y, 0.3, 5)
    fortran = fast.full_batch_gradient_descent(np.asfortranarray(X), Y.astype(np.int8), 0.3, 5)
    assert all(np.array_equal(a, b) for a, b in zip(expected, fortran, strict=True))
    W1, _ = fast.full_batch_gradient_descent((X > 0.5).astype(np.uint8), Y, 0.3, 5)
    assert W1.dtype == np.float64


@pytest.mark.parametrize("train", [fast.full_batch_gradient_descent, fast.minibatch_gradient_descent])
def test_callback_returning_false_stops_and_none_continues(train):
    X, Y = small_problem(m=64)
    seen = []

    def stop_after_three(step, loss, accuracy):
        seen.append(step)
        return step < 2

    train(X, Y, 0.1, 10, callback=stop_after_three)
    assert seen == [0, 1, 2]
    every, callback = recorder()
    train(X, Y, 0.1, 3, callback=callback)
    assert len(every) == 3  # minibatch: 64 columns make one batch of the default 128 per epoch
    assert all(np.isfinite(loss) and 0 <= accuracy <= 1 for _, loss, accuracy in every)


def test_a_stopped_run_returns_the_weights_before_the_refused_update():
    X, Y = small_problem(m=30)
    stopped = fast.full_batch_gradient_descent(X, Y, 0.5, 100, callback=lambda i, loss, acc: i < 4)
    four = fast.full_batch_gradient_descent(X, Y, 0.5, 4)
    assert all(np.array_equal(a, b) for a, b in zip(stopped, four, strict=True))
    X, Y = small_problem(m=40)
    stopped = fast.minibatch_gradient_descent(X, Y, 0.5, 9, batch_size=10, callback=lambda s, lo, ac: s < 4)
    four = fast.minibatch_gradient_descent(X, Y, 0.5, 1, batch_size=10)  # 4 steps of 10 columns
    assert all(np.array_equal(a, b) for a, b in zip(stopped, four, strict=True))


@pytest.mark.parametrize("train", [fast.full_batch_gradient_descent, fast.minibatch_gradient_descent])
def test_inputs_are_not_modified(train):
    for dtype in (np.float32, np.float64):
        X, Y = small_problem(m=40, dtype=dtype)
        X_before, Y_before = X.copy(), Y.copy()
        train(X, Y, 0.2, 3)
        assert np.array_equal(X, X_before) and np.array_equal(Y, Y_before)


def test_one_batch_per_epoch_without_momentum_is_full_batch_gradient_descent():
    X, Y = small_problem(m=45)
    full = fast.full_batch_gradient_descent(X, Y, 0.4, 12, hidden_units=8)
    mini = fast.minibatch_gradient_descent(X, Y, 0.4, 12, batch_size=45, momentum=0.0, hidden_units=8)
    for a, b in zip(full, mini, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_minibatch_first_step_is_the_reference_gradient_on_its_batch():
    X, Y = small_problem(m=100)
    W1, W2 = fast.minibatch_gradient_descent(X, Y, 0.3, 1, batch_size=100, momentum=0.9)
    start1, start2 = ref.init_params()
    Z1, A1, Z2, A2 = ref.forward_prop(start1, start2, X)
    dW1, dW2 = ref.backward_prop(Z1, A1, Z2, A2, start1, start2, X, Y)
    expected = ref.update_params(start1, start2, dW1, dW2, 0.3)
    np.testing.assert_allclose(W1, expected[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(W2, expected[1], rtol=1e-5, atol=1e-6)


def test_minibatch_l2_step_adds_the_reference_l2_gradients_and_spares_the_bias():
    X, Y = small_problem(m=100)
    W1, W2 = fast.minibatch_gradient_descent(X, Y, 0.3, 1, batch_size=100, momentum=0.9, l2=4.0)
    start1, start2 = ref.init_params()
    Z1, A1, Z2, A2 = ref.forward_prop(start1, start2, X)
    dW1, dW2 = ref.backward_prop(Z1, A1, Z2, A2, start1, start2, X, Y)
    r1, r2 = ref.l2_gradients(start1, start2, 4.0, 100)
    expected = ref.update_params(start1, start2, dW1 + r1, dW2 + r2, 0.3)
    np.testing.assert_allclose(W1, expected[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(W2, expected[1], rtol=1e-5, atol=1e-6)
    plain = fast.minibatch_gradient_descent(X, Y, 0.3, 1, batch_size=100, momentum=0.9)
    np.testing.assert_allclose(W1[:, 0], plain[0][:, 0], rtol=1e-6)  # the bias column: no decay


def test_minibatch_counts_steps_across_epochs_with_a_short_last_batch():
    X, Y = small_problem(m=50)
    seen, callback = recorder()
    fast.minibatch_gradient_descent(X, Y, 0.1, 3, batch_size=16, callback=callback)
    assert [s[0] for s in seen] == list(range(12))  # 16 + 16 + 16 + 2 per epoch


def test_minibatch_is_reproducible_and_seeded():
    X, Y = small_problem(m=60)
    first = fast.minibatch_gradient_descent(X, Y, 0.1, 2, batch_size=8, seed=3)
    again = fast.minibatch_gradient_descent(X, Y, 0.1, 2, batch_size=8, seed=3)
    other = fast.minibatch_gradient_descent(X, Y, 0.1, 2, batch_size=8, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])


def test_minibatch_reaches_90_percent_dev_accuracy_in_four_epochs(bundled):
    X_train, Y_train, X_dev, Y_dev = bundled
    W1, W2 = fast.minibatch_gradient_descent(X_train, Y_train, 0.1, 4, batch_size=128, hidden_units=32)
    assert ref.get_accuracy(ref.make_predictions(X_dev, W1, W2), Y_dev) >= 0.90


@pytest.mark.parametrize(
    ("X", "Y", "advice"),
    [
        (np.zeros((784, 5)), np.zeros(5, int), "Did you forget pad"),
        (np.zeros((5, 785)), np.zeros(5, int), "shape (785, m)"),
        (np.zeros((785, 5)), np.zeros(4, int), "one label per column"),
        (np.zeros((785, 2)), np.array([0, 10]), "labels 0..9"),
        (np.zeros((785, 2)), np.array([0.2, 0.8]), "integer labels"),
    ],
)
@pytest.mark.parametrize("train", [fast.full_batch_gradient_descent, fast.minibatch_gradient_descent])
def test_unfit_inputs_get_advice(train, X, Y, advice):
    with pytest.raises(ValueError, match=re.escape(advice)):
        train(X, Y, 0.1, 1)


def test_weights_callback_sees_each_update_and_can_stop():
    X, Y = small_problem(m=40)
    seen = []

    def keep(step, W1, W2):
        seen.append((step, W1.copy(), W2.copy()))
        return step < 2

    W1, W2 = fast.minibatch_gradient_descent(X, Y, 0.3, 5, batch_size=10, weights_callback=keep)
    assert [s[0] for s in seen] == [0, 1, 2]
    assert np.array_equal(seen[-1][1], W1) and np.array_equal(seen[-1][2], W2)
    three = fast.minibatch_gradient_descent(X, Y, 0.3, 5, batch_size=10, callback=lambda s, lo, ac: s < 3)
    assert all(np.array_equal(a, b) for a, b in zip(three, (W1, W2), strict=True))


def test_pixels_zero_in_every_example_keep_their_weights_and_the_rest_match():
    X, Y = small_problem(m=60)
    X[[5, 6, 300, 784]] = 0  # pixel rows that are 0 in every example, as at the digits' borders
    W1, W2, _ = reference_loop(X, Y, 0.5, 25)
    fast_W1, fast_W2 = fast.full_batch_gradient_descent(X, Y, 0.5, 25)
    start_W1, _ = ref.init_params()
    assert np.array_equal(fast_W1[:, [5, 6, 300, 784]], start_W1[:, [5, 6, 300, 784]].astype(np.float32))
    np.testing.assert_allclose(fast_W1, W1, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(fast_W2, W2, rtol=1e-4, atol=1e-5)


def test_accuracy_per_epoch_measures_after_each_epoch_the_weights_the_trainer_returns():
    from widgets.evaluation import accuracy_per_epoch

    X, Y = small_problem(m=300)
    X_dev, Y_dev = small_problem(m=40, seed=2)
    train, dev, W1, W2 = accuracy_per_epoch(X[1:], Y, X_dev[1:], Y_dev, epochs=3, l2=0.5, hidden_units=16)
    assert len(train) == len(dev) == 3
    expected = fast.minibatch_gradient_descent(X, Y, 0.1, 3, batch_size=128, momentum=0.9, hidden_units=16,
                                               l2=0.5)
    np.testing.assert_array_equal(W1, expected[0])
    assert train[-1] == ref.get_accuracy(ref.make_predictions(X, *expected), Y)
    assert dev[-1] == ref.get_accuracy(ref.make_predictions(X_dev, *expected), Y_dev)
