"""The reference network against hand-checked values, a numerical gradient check and the seed's accuracy."""

import numpy as np
import pytest

from widgets import reference as ref
from widgets.data import load_mnist, train_dev_split


def small_problem(m=7, hidden=5, seed=1):
    """Random padded inputs (785, m), labels (m,) and weights, all float64."""
    rng = np.random.default_rng(seed)
    X = ref.pad(rng.random((784, m)))
    Y = rng.integers(0, 10, size=m)
    W1 = rng.standard_normal((hidden, 785)) * 0.1
    W2 = rng.standard_normal((10, hidden)) * 0.5
    return X, Y, W1, W2


def test_init_params_shapes_seeded_and_he_scaled():
    W1, W2 = ref.init_params()
    assert W1.shape == (10, 785) and W2.shape == (10, 10)
    again = ref.init_params()
    assert np.array_equal(W1, again[0]) and np.array_equal(W2, again[1])
    assert not np.array_equal(W1, ref.init_params(seed=1)[0])
    wide1, wide2 = ref.init_params(hidden_units=256, seed=3)
    assert wide1.shape == (256, 785) and wide2.shape == (10, 256)
    assert np.std(wide1) == pytest.approx(np.sqrt(2 / 785), rel=0.02)
    assert np.std(wide2) == pytest.approx(np.sqrt(2 / 256), rel=0.05)


def test_pad_prepends_ones_and_keeps_dtype():
    x = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32)
    padded = ref.pad(x)
    assert padded.dtype == np.float32
    assert np.array_equal(padded, [[1, 1, 1], [1, 2, 3], [4, 5, 6]])


def test_relu_and_derivative_hand_values():
    Z = np.array([[-2.0, -0.0, 0.0, 0.5, 3.0]])
    assert np.array_equal(ref.ReLU(Z), [[0, 0, 0, 0.5, 3.0]])
    assert np.array_equal(ref.ReLU_deriv(Z), [[0, 0, 0, 1, 1]])
    assert ref.ReLU_deriv(Z).dtype == Z.dtype


def test_softmax_hand_values():
    Z = np.array([[0.0, 1000.0], [np.log(3.0), 1000.0]])
    A = ref.softmax(Z)
    assert np.allclose(A, [[0.25, 0.5], [0.75, 0.5]])


def test_softmax_is_stable_at_huge_logits():
    Z = np.array([[1000.0, -1000.0], [999.0, -1001.0], [-1000.0, -999.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        A = ref.softmax(Z)
    assert np.all(np.isfinite(A))
    assert np.allclose(A.sum(axis=0), 1)
    assert np.allclose(A, ref.softmax(Z - 1000.0))


def test_one_hot_always_has_ten_rows():
    one_hot_Y = ref.one_hot(np.array([2, 0, 2]))
    assert one_hot_Y.shape == (10, 3)
    expected = np.zeros((10, 3))
    expected[[2, 0, 2], [0, 1, 2]] = 1
    assert np.array_equal(one_hot_Y, expected)


def test_forward_prop_shapes_and_hand_values():
    W1 = np.array([[0.0, 1.0, -1.0], [1.0, 0.0, 0.0]])  # 2 hidden units, 2 pixels + bias
    W2 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    X = ref.pad(np.array([[2.0], [3.0]]))
    Z1, A1, Z2, A2 = ref.forward_prop(W1, W2, X)
    assert np.array_equal(Z1, [[-1.0], [1.0]])
    assert np.array_equal(A1, [[0.0], [1.0]])
    assert np.array_equal(Z2, [[0.0], [1.0], [0.0]])
    e = np.e
    assert np.allclose(A2, [[1 / (2 + e)], [e / (2 + e)], [1 / (2 + e)]])


def test_cross_entropy_hand_value_and_finite_at_zero_probability():
    A2 = np.array([[0.5, 0.0], [0.5, 1.0]])
    assert ref.cross_entropy(A2, np.array([0, 1])) == pytest.approx(np.log(2) / 2)
    assert np.isfinite(ref.cross_entropy(A2, np.array([0, 0])))


def numerical_gradient(loss, W, eps=1e-6):
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        saved = W[index]
        W[index] = saved + eps
        plus = loss()
        W[index] = saved - eps
        minus = loss()
        W[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


@pytest.mark.parametrize("m, hidden", [(7, 5), (1, 3), (12, 10)])
def test_backward_prop_matches_central_differences(m, hidden):
    X, Y, W1, W2 = small_problem(m, hidden)
    # Keep hidden pre-activations away from ReLU's kink, where the loss is not differentiable.
    Z1 = W1 @ X
    W1[:, 0] += np.where(np.abs(Z1).min(axis=1) < 1e-3, 0.01, 0.0)

    def loss():
        return ref.cross_entropy(ref.forward_prop(W1, W2, X)[3], Y)

    dW1, dW2 = ref.backward_prop(*ref.forward_prop(W1, W2, X), W1, W2, X, Y)
    assert dW1.shape == W1.shape and dW2.shape == W2.shape
    assert relative_error(dW1, numerical_gradient(loss, W1)) < 1e-6
    assert relative_error(dW2, numerical_gradient(loss, W2)) < 1e-6


def test_backward_prop_takes_m_from_the_batch():
    X, Y, W1, W2 = small_problem(m=8)
    cache = ref.forward_prop(W1, W2, X)
    _, dW2_all = ref.backward_prop(*cache, W1, W2, X, Y)
    doubled = np.concatenate([X, X], axis=1), np.concatenate([Y, Y])
    _, dW2_twice = ref.backward_prop(*ref.forward_prop(W1, W2, doubled[0]), W1, W2, *doubled)
    assert np.allclose(dW2_all, dW2_twice)


def test_functions_leave_inputs_unchanged():
    X, Y, W1, W2 = small_problem()
    originals = [a.copy() for a in (X, Y, W1, W2)]
    cache = ref.forward_prop(W1, W2, X)
    cache_copies = [a.copy() for a in cache]
    dW1, dW2 = ref.backward_prop(*cache, W1, W2, X, Y)
    ref.update_params(W1, W2, dW1, dW2, 0.1)
    ref.softmax(cache[2])
    ref.ReLU(cache[0])
    ref.one_hot(Y)
    for before, after in zip(originals, (X, Y, W1, W2), strict=True):
        assert np.array_equal(before, after)
    for before, after in zip(cache_copies, cache, strict=True):
        assert np.array_equal(before, after)


def test_update_params_steps_against_the_gradient():
    W1, W2 = np.ones((2, 3)), np.ones((3, 2))
    new1, new2 = ref.update_params(W1, W2, np.full((2, 3), 2.0), np.full((3, 2), -1.0), 0.5)
    assert np.array_equal(new1, np.zeros((2, 3))) and np.array_equal(new2, np.full((3, 2), 1.5))


def test_predictions_and_accuracy():
    A2 = np.array([[0.1, 0.8, 0.3], [0.9, 0.2, 0.7]])
    predictions = ref.get_predictions(A2)
    assert np.array_equal(predictions, [1, 0, 1])
    assert ref.get_accuracy(predictions, np.array([1, 1, 1])) == pytest.approx(2 / 3)


def test_gradient_descent_callback_reports_progress_and_can_stop():
    X, Y, _, _ = small_problem(m=30)
    seen = []

    def callback(i, loss, accuracy):
        seen.append((i, loss, accuracy))
        return i < 4

    W1, W2 = ref.gradient_descent(X, Y, 0.5, 100, callback=callback, hidden_units=6)
    assert [s[0] for s in seen] == [0, 1, 2, 3, 4]
    assert W1.shape == (6, 785) and W2.shape == (10, 6)
    assert all(0 <= a <= 1 and np.isfinite(loss) for _, loss, a in seen)
    assert seen[-1][1] < seen[0][1]


def test_gradient_descent_is_reproducible():
    X, Y, _, _ = small_problem(m=20)
    first = ref.gradient_descent(X, Y, 0.1, 5)
    second = ref.gradient_descent(X, Y, 0.1, 5)
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))


def test_seed_settings_reach_85_percent_dev_accuracy_on_bundled_digits():
    X_train, Y_train, X_dev, Y_dev = train_dev_split(load_mnist(), dev_size=1000, seed=0)
    W1, W2 = ref.gradient_descent(ref.pad(X_train), Y_train, 0.10, 500)
    dev_accuracy = ref.get_accuracy(ref.make_predictions(ref.pad(X_dev), W1, W2), Y_dev)
    assert dev_accuracy >= 0.85
