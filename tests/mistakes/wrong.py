"""Real learner mistakes, as code, each with the diagnosis the autograder must give and a phrase it must say."""

# ruff: noqa: E501 - each entry is learner code kept on as few lines as a notebook cell

from dataclasses import dataclass, field

import numpy as np

from widgets import reference


@dataclass
class Mistake:
    id: str
    exercise: str
    code: str
    diagnosis: str
    phrase: str
    status: str = "incorrect"
    extra_globals: dict = field(default_factory=dict)
    culprit: str | None = None
    helpers: bool = True
    also: list[str] = field(default_factory=list)  # further mistakes named, in order


_X_TRAIN = reference.pad(np.random.default_rng(3).random((784, 50)))
_Y_TRAIN = np.random.default_rng(4).integers(0, 10, 50)

MISTAKES = [
    # ReLU
    Mistake("relu_abs", "ReLU", "def ReLU(Z):\n    return np.abs(Z)\n", "relu_negative_inputs", "absolute value"),
    Mistake("relu_leaky", "ReLU", "def ReLU(Z):\n    return np.maximum(0.01 * Z, Z)\n", "relu_negative_inputs",
            "negative inputs must give 0"),
    Mistake("relu_np_max", "ReLU", "def ReLU(Z):\n    return np.max(Z, 0)\n", "relu_reduces", "`np.maximum`"),
    Mistake("relu_python_max", "ReLU", "def ReLU(Z):\n    return max(0, Z)\n", "array_truth_value",
            "`np.maximum`", status="error"),
    Mistake("relu_in_place", "ReLU", "def ReLU(Z):\n    Z[Z < 0] = 0\n    return Z\n", "modifies_input",
            "in place"),
    Mistake("relu_mask", "ReLU", "def ReLU(Z):\n    return (Z > 0).astype(float)\n", "relu_returns_derivative",
            "ReLU_deriv"),
    Mistake("relu_no_return", "ReLU", "def ReLU(Z):\n    A = np.maximum(Z, 0)\n", "returns_none",
            "did you forget to `return`?"),
    Mistake("relu_pass", "ReLU", "def ReLU(Z):\n    pass\n", "returns_none", "did you forget to `return`?"),
    Mistake("relu_list", "ReLU", "def ReLU(Z):\n    return [[max(z, 0) for z in row] for row in Z]\n",
            "wrong_type", "list"),
    Mistake("relu_recursion", "ReLU", "def ReLU(Z):\n    return ReLU(np.maximum(Z, 0))\n", "recursion",
            "calls itself", status="error"),
    # ReLU_deriv
    Mistake("relu_deriv_ge", "ReLU_deriv", "def ReLU_deriv(Z):\n    return Z >= 0\n", "relu_deriv_at_zero",
            "strict comparison"),
    Mistake("relu_deriv_relu", "ReLU_deriv", "def ReLU_deriv(Z):\n    return np.maximum(Z, 0)\n",
            "relu_deriv_returns_relu", "not its derivative"),
    Mistake("relu_deriv_sign", "ReLU_deriv", "def ReLU_deriv(Z):\n    return np.sign(Z)\n", "relu_deriv_negative",
            "never negative"),
    # softmax
    Mistake("softmax_no_shift", "softmax",
            "def softmax(Z):\n    E = np.exp(Z)\n    return E / np.sum(E, axis=0, keepdims=True)\n",
            "softmax_overflow", "np.exp(1000) is inf"),
    Mistake("softmax_rows", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0, keepdims=True))\n"
            "    return E / E.sum(axis=1, keepdims=True)\n",
            "softmax_wrong_axis", "rows sum to 1"),
    Mistake("softmax_whole_matrix", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - np.max(Z))\n    return E / np.sum(E)\n",
            "softmax_whole_matrix", "whole matrix"),
    Mistake("softmax_global_max", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - np.max(Z))\n    return E / E.sum(axis=0)\n",
            "softmax_global_shift", "each column's own max"),
    Mistake("softmax_axis1_no_keepdims", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return E / E.sum(axis=1)\n",
            "square_only", "square", status="error"),
    Mistake("softmax_in_place", "softmax",
            "def softmax(Z):\n    Z -= Z.max(axis=0, keepdims=True)\n    E = np.exp(Z)\n"
            "    return E / E.sum(axis=0, keepdims=True)\n",
            "modifies_input", "in place"),
    Mistake("softmax_log", "softmax",
            "def softmax(Z):\n    S = Z - Z.max(axis=0, keepdims=True)\n"
            "    return S - np.log(np.exp(S).sum(axis=0, keepdims=True))\n",
            "softmax_returns_log", "logarithms"),
    Mistake("softmax_no_exp", "softmax", "def softmax(Z):\n    return Z / np.sum(Z, axis=0)\n",
            "softmax_missing_exp", "without np.exp"),
    Mistake("softmax_row_shift", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
            "    return E / E.sum(axis=0, keepdims=True)\n",
            "softmax_not_shift_invariant", "shift"),
    Mistake("softmax_transposed", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return (E / E.sum(axis=0)).T\n",
            "transposed", "one column per example"),
    # one_hot
    Mistake("one_hot_eye_max", "one_hot", "def one_hot(Y):\n    return np.eye(Y.max() + 1)[Y].T\n",
            "one_hot_max_plus_one", "Y.max() + 1"),
    Mistake("one_hot_no_transpose", "one_hot", "def one_hot(Y):\n    return np.eye(10)[Y]\n", "transposed",
            "Rows and columns are swapped"),
    Mistake("one_hot_unique", "one_hot",
            "def one_hot(Y):\n    k = len(np.unique(Y))\n    out = np.zeros((k, Y.size))\n"
            "    out[np.searchsorted(np.unique(Y), Y), np.arange(Y.size)] = 1\n    return out\n",
            "one_hot_unique_count", "distinct"),
    Mistake("one_hot_swapped_index", "one_hot",
            "def one_hot(Y):\n    out = np.zeros((10, Y.size))\n    out[np.arange(Y.size), Y] = 1\n    return out\n",
            "one_hot_not_one_per_column", "row Y[j]"),
    Mistake("one_hot_whole_rows", "one_hot",
            "def one_hot(Y):\n    out = np.zeros((10, Y.size))\n    out[Y, :] = 1\n    return out\n",
            "one_hot_not_one_per_column", "exactly one 1"),
    Mistake("one_hot_minus_one", "one_hot",
            "def one_hot(Y):\n    out = np.zeros((10, Y.size))\n    out[Y - 1, np.arange(Y.size)] = 1\n"
            "    return out\n",
            "one_hot_shifted", "row y"),
    # pad
    Mistake("pad_bottom", "pad",
            "def pad(x):\n    return np.concatenate((x, np.ones((1, x.shape[1]))), axis=0)\n",
            "pad_at_bottom", "first row"),
    Mistake("pad_zeros", "pad", "def pad(x):\n    return np.vstack([np.zeros((1, x.shape[1])), x])\n",
            "pad_zeros", "row of ones"),
    Mistake("pad_column", "pad", "def pad(x):\n    return np.hstack([np.ones((x.shape[0], 1)), x])\n",
            "pad_wrong_axis", "adds a column"),
    Mistake("pad_global_m", "pad", "def pad(x):\n    return np.vstack([np.ones((1, m_train)), x])\n",
            "shape_mismatch", "m_train", status="error", extra_globals={"m_train": 41000}),
    # init_params
    Mistake("init_zeros", "init_params",
            "def init_params():\n    return np.zeros((10, 785)), np.zeros((10, 10))\n", "init_zeros", "all zeros"),
    Mistake("init_ones", "init_params",
            "def init_params():\n    return np.ones((10, 785)), np.ones((10, 10))\n", "init_constant",
            "symmetry"),
    Mistake("init_randn_times_10", "init_params",
            "def init_params():\n    return np.random.randn(10, 785) * 10, np.random.randn(10, 10) * 10\n",
            "init_too_large", "far too large"),
    Mistake("init_not_centred", "init_params",
            "def init_params():\n    return np.random.rand(10, 785), np.random.rand(10, 10)\n",
            "init_not_centred", "centred"),
    Mistake("init_transposed", "init_params",
            "def init_params():\n    return np.random.rand(785, 10) - 0.5, np.random.rand(10, 10) - 0.5\n",
            "transposed", "(10, 785)"),
    Mistake("init_784", "init_params",
            "def init_params():\n    return np.random.rand(10, 784) - 0.5, np.random.rand(10, 10) - 0.5\n",
            "init_missing_bias_column", "785"),
    Mistake("init_same_rows", "init_params",
            "def init_params():\n    row = np.random.rand(1, 785) - 0.5\n"
            "    return np.repeat(row, 10, axis=0), np.random.rand(10, 10) - 0.5\n",
            "init_symmetric", "identical"),
    Mistake("init_fixed_seed", "init_params",
            "def init_params():\n    np.random.seed(42)\n"
            "    return np.random.rand(10, 785) - 0.5, np.random.rand(10, 10) - 0.5\n",
            "init_same_every_call", "same weights"),
    # He's scale everywhere, the bias column included: the init_params this course shipped until its biases
    # started at zero, and the common `np.random.randn(10, 785) * np.sqrt(2 / 785)`
    Mistake("init_he_random_bias", "init_params",
            "def init_params(hidden_units=10, seed=0):\n    rng = np.random.default_rng(seed)\n"
            "    W1 = rng.standard_normal((hidden_units, 785)) * np.sqrt(2 / 785)\n"
            "    W2 = rng.standard_normal((10, hidden_units)) * np.sqrt(2 / hidden_units)\n    return W1, W2\n",
            "init_random_bias", "bias"),
    # forward_prop
    Mistake("forward_Z1_for_A1", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ Z1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "uses_Z1_not_A1", "W2 @ A1"),
    Mistake("forward_no_softmax", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, A1, Z2, Z2\n",
            "missing_softmax", "softmax"),
    Mistake("forward_no_relu", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    Z2 = W2 @ Z1\n    return Z1, Z1, Z2, softmax(Z2)\n",
            "missing_relu", "ReLU"),
    Mistake("forward_pads_again", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ pad(X)\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "pads_twice", "786", status="error"),
    Mistake("forward_wrong_order", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, Z2, A1, softmax(Z2)\n",
            "wrong_order", "Z1, A1, Z2, A2"),
    Mistake("forward_broken_relu_helper", "forward_prop",
            "def ReLU(Z):\n    return np.abs(Z)\n\n"
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "faulty_helper", "itself looks right", culprit="ReLU"),
    Mistake("forward_stub_softmax_helper", "forward_prop",
            "def softmax(Z):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\n"
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "faulty_helper", "not implemented yet", status="not_implemented", culprit="softmax"),
    # cross_entropy
    Mistake("loss_log_zero", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.sum(one_hot(Y) * np.log(A2)) / Y.size\n",
            "log_of_zero", "log(0)"),
    Mistake("loss_sum", "cross_entropy",
            "def cross_entropy(A2, Y):\n    p = A2[Y, np.arange(Y.size)]\n"
            "    return -np.sum(np.log(np.maximum(p, 1e-300)))\n",
            "not_averaged", "m times too large"),
    Mistake("loss_no_minus", "cross_entropy",
            "def cross_entropy(A2, Y):\n    p = A2[Y, np.arange(Y.size)]\n"
            "    return np.mean(np.log(np.maximum(p, 1e-300)))\n",
            "sign_flipped", "minus"),
    Mistake("loss_mean_everything", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.mean(one_hot(Y) * np.log(np.maximum(A2, 1e-300)))\n",
            "averaged_over_classes", "10 times too small"),
    Mistake("loss_per_example", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.log(np.maximum(A2[Y, np.arange(Y.size)], 1e-300))\n",
            "loss_not_reduced", "Take the mean"),
    # backward_prop
    Mistake("backward_not_averaged", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - one_hot(Y)\n    dW2 = dZ2 @ A1.T\n"
            "    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T\n    return dW1, dW2\n",
            "not_averaged", "not divided by m"),
    Mistake("backward_no_relu_deriv", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - one_hot(Y)\n"
            "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T @ dZ2\n    dW1 = dZ1 @ X.T / m\n    return dW1, dW2\n",
            "missing_relu_deriv", "ReLU_deriv(Z1)"),
    Mistake("backward_relu_not_deriv", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - one_hot(Y)\n"
            "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T @ dZ2 * ReLU(Z1)\n    dW1 = dZ1 @ X.T / m\n"
            "    return dW1, dW2\n",
            "relu_instead_of_deriv", "slope"),
    Mistake("backward_dW2_transposed", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - one_hot(Y)\n"
            "    dW2 = A1 @ dZ2.T / m\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n"
            "    return dW1, dW2\n",
            "transposed", "(10, 7), yours has shape (7, 10)"),
    Mistake("backward_missing_transpose", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - one_hot(Y)\n"
            "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2 @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n"
            "    return dW1, dW2\n",
            "square_only", "7 hidden units", status="error"),
    Mistake("backward_sign", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = one_hot(Y) - A2\n"
            "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n"
            "    return dW1, dW2\n",
            "sign_flipped", "A2 - one_hot(Y)"),
    Mistake("backward_global_m", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - one_hot(Y)\n    dW2 = dZ2 @ A1.T / m\n"
            "    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n    return dW1, dW2\n",
            "global_m", "global `m`", extra_globals={"m": 42000}),
    Mistake("backward_undefined_m_train", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - one_hot(Y)\n"
            "    dW2 = dZ2 @ A1.T / m_train\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m_train\n"
            "    return dW1, dW2\n",
            "undefined_name", "m = X.shape[1]", status="error"),
    Mistake("backward_labels", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - Y\n"
            "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n"
            "    return dW1, dW2\n",
            "labels_not_one_hot", "one_hot(Y)"),
    Mistake("backward_swapped", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - one_hot(Y)\n"
            "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n"
            "    return dW2, dW1\n",
            "wrong_order", "dW1, dW2"),
    Mistake("backward_seed_one_hot_helper", "backward_prop",
            "def one_hot(Y):\n    one_hot_Y = np.zeros((Y.size, Y.max() + 1))\n"
            "    one_hot_Y[np.arange(Y.size), Y] = 1\n    return one_hot_Y.T\n\n"
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - one_hot(Y)\n"
            "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n"
            "    return dW1, dW2\n",
            "faulty_helper", "Y.max() + 1", culprit="one_hot"),
    # update_params
    Mistake("update_plus", "update_params",
            "def update_params(W1, W2, dW1, dW2, alpha):\n    return W1 + alpha * dW1, W2 + alpha * dW2\n",
            "update_sign", "uphill"),
    Mistake("update_in_place", "update_params",
            "def update_params(W1, W2, dW1, dW2, alpha):\n    W1 -= alpha * dW1\n    W2 -= alpha * dW2\n"
            "    return W1, W2\n",
            "modifies_input", "`W1`"),
    Mistake("update_no_alpha", "update_params",
            "def update_params(W1, W2, dW1, dW2, alpha):\n    return W1 - dW1, W2 - dW2\n", "ignores_alpha",
            "not scaled by alpha"),
    Mistake("update_swapped", "update_params",
            "def update_params(W1, W2, dW1, dW2, alpha):\n    return W2 - alpha * dW2, W1 - alpha * dW1\n",
            "wrong_order", "W1, W2"),
    Mistake("update_one_value", "update_params",
            "def update_params(W1, W2, dW1, dW2, alpha):\n    W1 = W1 - alpha * dW1\n    W2 = W2 - alpha * dW2\n"
            "    return W1\n",
            "wrong_return", "should return 2 values"),
    # get_predictions
    Mistake("predictions_axis1", "get_predictions", "def get_predictions(A2):\n    return np.argmax(A2, 1)\n",
            "argmax_wrong_axis", "axis 0"),
    Mistake("predictions_flat", "get_predictions", "def get_predictions(A2):\n    return np.argmax(A2)\n",
            "argmax_flattened", "one prediction per example"),
    Mistake("predictions_max", "get_predictions", "def get_predictions(A2):\n    return np.max(A2, axis=0)\n",
            "returns_max_not_argmax", "np.argmax"),
    # get_accuracy
    Mistake("accuracy_count", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return np.sum(predictions == Y)\n", "accuracy_count",
            "number of correct predictions"),
    Mistake("accuracy_percent", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return 100 * np.mean(predictions == Y)\n",
            "accuracy_percentage", "percentage"),
    Mistake("accuracy_floor_division", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return np.sum(predictions == Y) // Y.size\n",
            "integer_division", "rounds down"),
    Mistake("accuracy_elementwise", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return predictions == Y\n", "accuracy_not_reduced",
            "one number"),
    Mistake("accuracy_error_rate", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return np.mean(predictions != Y)\n", "accuracy_error_rate",
            "wrong predictions"),
    # gradient_descent
    Mistake("gd_update_not_kept", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n"
            "    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
            "        update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n",
            "weights_not_updated", "W1, W2 = update_params"),
    Mistake("gd_init_in_loop", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    for i in range(iterations):\n"
            "        W1, W2 = init_params()\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n",
            "init_inside_loop", "once, before the loop"),
    Mistake("gd_fixed_alpha", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n"
            "    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, 0.5)\n    return W1, W2\n",
            "ignores_alpha", "alpha"),
    Mistake("gd_one_short", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n"
            "    for i in range(1, iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n",
            "wrong_iteration_count", "range(iterations)"),
    Mistake("gd_global_data", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n"
            "    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X_train)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X_train, Y_train)\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n",
            "uses_global_data", "`X_train`", extra_globals={"X_train": _X_TRAIN, "Y_train": _Y_TRAIN}),
    Mistake("gd_no_return", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n"
            "    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n",
            "returns_none", "return W1, W2"),
    Mistake("gd_broken_backward_helper", "gradient_descent",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - one_hot(Y)\n"
            "    return dZ2 @ X.T * 0, dZ2 @ A1.T * 0\n\n"
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n"
            "    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n",
            "faulty_helper", "your backward_prop", culprit="backward_prop"),
    # dW2_by_examples (lesson 4): the per-example loop before the matrix product
    Mistake("loop_not_averaged", "dW2_by_examples",
            "def dW2_by_examples(dZ2, A1):\n    dW2 = np.zeros((dZ2.shape[0], A1.shape[0]))\n"
            "    for j in range(dZ2.shape[1]):\n        dW2 += np.outer(dZ2[:, j], A1[:, j])\n    return dW2\n",
            "not_averaged", "m times"),
    Mistake("loop_outer_swapped", "dW2_by_examples",
            "def dW2_by_examples(dZ2, A1):\n    m = dZ2.shape[1]\n    dW2 = np.zeros((A1.shape[0], dZ2.shape[0]))\n"
            "    for j in range(m):\n        dW2 += np.outer(A1[:, j], dZ2[:, j])\n    return dW2 / m\n",
            "transposed", "should have shape (10, 7)"),
    Mistake("loop_over_rows", "dW2_by_examples",
            "def dW2_by_examples(dZ2, A1):\n    m = dZ2.shape[1]\n    dW2 = np.zeros((dZ2.shape[0], A1.shape[0]))\n"
            "    for j in range(dZ2.shape[0]):\n        dW2 += np.outer(dZ2[:, j], A1[:, j])\n    return dW2 / m\n",
            "square_only", "IndexError", status="error"),
    Mistake("loop_np_dot", "dW2_by_examples",
            "def dW2_by_examples(dZ2, A1):\n    m = dZ2.shape[1]\n    dW2 = np.zeros((dZ2.shape[0], A1.shape[0]))\n"
            "    for j in range(m):\n        dW2 += np.dot(dZ2[:, j], A1[:, j])\n    return dW2 / m\n",
            "inner_product", "inner product"),
    Mistake("loop_elementwise", "dW2_by_examples",
            "def dW2_by_examples(dZ2, A1):\n    m = dZ2.shape[1]\n    dW2 = np.zeros((dZ2.shape[0], A1.shape[0]))\n"
            "    for j in range(m):\n        dW2 += dZ2[:, j] * A1[:, j]\n    return dW2 / m\n",
            "elementwise_product", "entry by entry"),
    Mistake("loop_scales_dZ2_in_place", "dW2_by_examples",
            "def dW2_by_examples(dZ2, A1):\n    dZ2 /= dZ2.shape[1]\n    return dZ2 @ A1.T\n",
            "modifies_input", "dZ2"),
    # loss_curve (lesson 5): recording the loss while training
    Mistake("curve_after_update", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    losses = []\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
            '        losses.append(cross_entropy(forward_prop(W1, W2, X)[3], Y))\n'
            '    return np.array(losses)\n',
            "loss_curve_after_update", "after the update"),
    # after the seed notebook's `if i % 10 == 0:` progress print, turned into a record
    Mistake("curve_every_tenth", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    losses = []\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        if i % 10 == 0:\n'
            '            losses.append(cross_entropy(A2, Y))\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
            '    return np.array(losses)\n',
            "loss_curve_every_tenth", "every iteration"),
    Mistake("curve_final_loss_too", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    losses = []\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        losses.append(cross_entropy(A2, Y))\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
            '    losses.append(cross_entropy(forward_prop(W1, W2, X)[3], Y))\n'
            '    return np.array(losses)\n',
            "loss_curve_extra_loss", "26 losses for 25 iterations"),
    Mistake("curve_update_not_kept", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    losses = []\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        losses.append(cross_entropy(A2, Y))\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        update_params(W1, W2, dW1, dW2, alpha)\n'
            '    return np.array(losses)\n',
            "loss_curve_weights_not_updated", "W1, W2 = update_params"),
    Mistake("curve_restarts_from_init", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    W1, W2 = init_params()\n'
            '    losses = []\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        losses.append(cross_entropy(A2, Y))\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
            '    return np.array(losses)\n',
            "loss_curve_ignores_start", "W1 and W2 it is given"),
    Mistake("curve_last_loss_only", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        loss = cross_entropy(A2, Y)\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
            '    return loss\n',
            "loss_curve_last_only", "one per iteration"),
    Mistake("curve_in_place_step", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    losses = []\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        losses.append(cross_entropy(A2, Y))\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        W1 -= alpha * dW1\n'
            '        W2 -= alpha * dW2\n'
            '    return np.array(losses)\n',
            "modifies_input", "in place"),
    Mistake("curve_returns_list", "loss_curve",
            'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
            '    losses = []\n'
            '    for i in range(iterations):\n'
            '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
            '        losses.append(cross_entropy(A2, Y))\n'
            '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
            '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
            '    return losses\n',
            "wrong_type", "np.array(...)"),
    # minibatch_momentum (lesson 7): the mini-batch loop with momentum
    Mistake("mb_velocity_in_batch", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = rng.permutation(m)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
            '    return W1, W2\n',
            "momentum_missing", "carry over"),
    Mistake("mb_steps_with_gradient", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = rng.permutation(m)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
            '    return W1, W2\n',
            "momentum_missing", "step along V"),
    Mistake("mb_velocity_each_epoch", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = rng.permutation(m)\n'
            '        V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
            '    return W1, W2\n',
            "momentum_reset_each_epoch", "every epoch"),
    Mistake("mb_average_momentum", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = rng.permutation(m)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + (1 - beta) * dW1\n'
            '            V2 = beta * V2 + (1 - beta) * dW2\n'
            '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
            '    return W1, W2\n',
            "momentum_ema", "alpha / (1 - beta)"),
    Mistake("mb_no_shuffle", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = np.arange(m)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
            '    return W1, W2\n',
            "minibatch_unshuffled", "rng.permutation(m)"),
    Mistake("mb_rng_each_epoch", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        rng = np.random.default_rng(seed)\n'
            '        order = rng.permutation(m)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
            '    return W1, W2\n',
            "minibatch_same_order", "once, before the epochs"),
    Mistake("mb_two_permutations", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = rng.permutation(m)\n'
            '        labels = rng.permutation(m)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[labels[start:start + batch_size]]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
            '    return W1, W2\n',
            "minibatch_labels_apart", "two different orders"),
    Mistake("mb_drops_last_batch", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = rng.permutation(m)\n'
            '        for start in range(0, m - batch_size + 1, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
            '    return W1, W2\n',
            "minibatch_last_dropped", "smaller batch"),
    Mistake("mb_in_place_step", "minibatch_momentum",
            'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
            '    rng = np.random.default_rng(seed)\n'
            '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
            '    m = X.shape[1]\n'
            '    for epoch in range(epochs):\n'
            '        order = rng.permutation(m)\n'
            '        for start in range(0, m, batch_size):\n'
            '            batch = order[start:start + batch_size]\n'
            '            Xb, Yb = X[:, batch], Y[batch]\n'
            '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
            '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
            '            V1 = beta * V1 + dW1\n'
            '            V2 = beta * V2 + dW2\n'
            '            W1 -= alpha * V1\n'
            '            W2 -= alpha * V2\n'
            '    return W1, W2\n',
            "modifies_input", "in place"),
    # relative_error (lesson 4's gradient check): the ways of writing "how far apart" that go wrong
    Mistake("relerr_absolute", "relative_error",
            "def relative_error(analytic, numeric):\n    return float(np.max(np.abs(analytic - numeric)))\n",
            "relative_error_absolute", "cannot tell them apart"),
    Mistake("relerr_signed", "relative_error",
            "def relative_error(analytic, numeric):\n    scale = np.maximum(np.abs(analytic), np.abs(numeric))\n"
            "    return float(np.max((analytic - numeric) / np.where(scale > 0, scale, 1)))\n",
            "relative_error_signed", "negative ratio"),
    Mistake("relerr_mean", "relative_error",
            "def relative_error(analytic, numeric):\n    scale = np.maximum(np.abs(analytic), np.abs(numeric))\n"
            "    return float(np.mean(np.abs(analytic - numeric) / np.where(scale > 0, scale, 1)))\n",
            "relative_error_mean", "1/300"),
    # The norm ratio of Coursera's gradient checking (Deep Learning Specialization, course 2, week 1).
    Mistake("relerr_norm_ratio", "relative_error",
            "def relative_error(analytic, numeric):\n    numerator = np.linalg.norm(analytic - numeric)\n"
            "    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)\n    return numerator / denominator\n",
            "relative_error_norm_ratio", "one wrong entry among many"),
    Mistake("relerr_sum_scale", "relative_error",
            "def relative_error(analytic, numeric):\n    a, n = np.abs(analytic), np.abs(numeric)\n"
            "    return float(np.max(np.abs(analytic - numeric) / np.where(a + n > 0, a + n, 1)))\n",
            "relative_error_sum_scale", "max(|a|, |n|)"),
    Mistake("relerr_zero_division", "relative_error",
            "def relative_error(analytic, numeric):\n"
            "    return float(np.max(np.abs(analytic - numeric) / np.maximum(np.abs(analytic), np.abs(numeric))))\n",
            "relative_error_zero_division", "0 / 0"),
    Mistake("relerr_per_entry", "relative_error",
            "def relative_error(analytic, numeric):\n    scale = np.maximum(np.abs(analytic), np.abs(numeric))\n"
            "    return np.abs(analytic - numeric) / np.where(scale > 0, scale, 1)\n",
            "relative_error_not_reduced", "one number"),
    Mistake("relerr_one_sided", "relative_error",
            "def relative_error(analytic, numeric):\n    return float(np.max(np.abs(analytic - numeric) / np.abs(numeric)))\n",
            "relative_error_zero_division", "0 / 0"),
    Mistake("relerr_one_sided_floor", "relative_error",
            "def relative_error(analytic, numeric):\n"
            "    return float(np.max(np.abs(analytic - numeric) / np.maximum(np.abs(numeric), 1e-12)))\n",
            "relative_error_one_sided", "swapping the two arguments"),
    # l2_penalty and l2_gradients (lesson 7)
    Mistake("l2_with_bias", "l2_penalty",
            "def l2_penalty(W1, W2, lambd, m):\n    return lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)))\n",
            "l2_bias_included", "is the bias"),
    Mistake("l2_without_half", "l2_penalty",
            "def l2_penalty(W1, W2, lambd, m):\n    return float(lambd / m * (np.sum(W1[:, 1:] ** 2) + np.sum(W2 ** 2)))\n",
            "l2_no_half", "lambd / (2 m)"),
    Mistake("l2_not_over_m", "l2_penalty",
            "def l2_penalty(W1, W2, lambd, m):\n    return float(lambd / 2 * (np.sum(W1[:, 1:] ** 2) + np.sum(W2 ** 2)))\n",
            "l2_not_divided_by_m", "a batch of 10"),
    Mistake("l2_norms", "l2_penalty",
            "def l2_penalty(W1, W2, lambd, m):\n"
            "    return lambd / (2 * m) * (np.linalg.norm(W1[:, 1:]) + np.linalg.norm(W2))\n",
            "l2_norm_not_squared", "square root"),
    Mistake("l2_only_W1", "l2_penalty",
            "def l2_penalty(W1, W2, lambd, m):\n    return float(lambd / (2 * m) * np.sum(W1[:, 1:] ** 2))\n",
            "l2_one_matrix", "W2 out"),
    Mistake("l2_per_entry", "l2_penalty",
            "def l2_penalty(W1, W2, lambd, m):\n    return lambd / (2 * m) * W1[:, 1:] ** 2\n",
            "l2_penalty_not_reduced", "one number"),
    Mistake("l2_grad_bias", "l2_gradients",
            "def l2_gradients(W1, W2, lambd, m):\n    return lambd / m * W1, lambd / m * W2\n",
            "l2_gradient_bias", "column 0"),
    Mistake("l2_grad_doubled", "l2_gradients",
            "def l2_gradients(W1, W2, lambd, m):\n    dW1 = 2 * lambd / m * W1\n    dW1[:, 0] = 0\n"
            "    return dW1, 2 * lambd / m * W2\n",
            "l2_gradient_doubled", "cancels the 1/2"),
    Mistake("l2_grad_not_over_m", "l2_gradients",
            "def l2_gradients(W1, W2, lambd, m):\n    dW1 = lambd * W1\n    dW1[:, 0] = 0\n    return dW1, lambd * W2\n",
            "l2_gradient_not_divided_by_m", "divided by m"),
    Mistake("l2_grad_in_place", "l2_gradients",
            "def l2_gradients(W1, W2, lambd, m):\n    W1 *= lambd / m\n    W1[:, 0] = 0\n    return W1, lambd / m * W2\n",
            "modifies_input", "W1"),
]

_BP = (
    "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = {m}\n    dZ2 = A2 - one_hot(Y)\n    dW2 = {dW2}\n"
    "    dZ1 = {dZ1}\n    dW1 = dZ1 @ X.T / m\n    return dW1, dW2\n"
)


def _bp(m="Y.size", dW2="dZ2 @ A1.T / m", dZ1="W2.T @ dZ2 * ReLU_deriv(Z1)"):
    return _BP.format(m=m, dW2=dW2, dZ1=dZ1)


_GD = (
    "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n{before}"
    "    for i in range(iterations):\n{loop}{after}"
)
_STEP = (
    "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
    "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n"
)
_FORWARD = "        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"

MISTAKES += [
    Mistake("relu_np_max_two_arrays", "ReLU", "def ReLU(Z):\n    return np.max(0, Z)\n", "axis_argument",
            "`np.maximum`", status="error"),
    Mistake("relu_deriv_python_if", "ReLU_deriv", "def ReLU_deriv(Z):\n    return 1 if Z > 0 else 0\n",
            "array_truth_value", "np.where", status="error"),
    Mistake("softmax_mixed_shift", "softmax",
            "def softmax(Z):\n    return np.exp(Z - Z.max(axis=0)) / np.exp(Z).sum(axis=0)\n",
            "softmax_not_normalised", "sum to 1"),
    Mistake("softmax_extra_parameter", "softmax",
            "def softmax(Z, axis):\n    E = np.exp(Z - Z.max(axis=axis, keepdims=True))\n"
            "    return E / E.sum(axis=axis, keepdims=True)\n",
            "wrong_signature", "signature", status="error"),
    Mistake("backward_m_from_rows", "backward_prop", _bp(m="X.shape[0]"), "wrong_m", "`X.shape[0]`"),
    Mistake("backward_deriv_of_Z2", "backward_prop", _bp(dZ1="W2.T @ dZ2 * ReLU_deriv(Z2)"), "deriv_of_Z2",
            "ReLU_deriv(Z2)"),
    Mistake("backward_dW2_not_averaged", "backward_prop", _bp(dW2="dZ2 @ A1.T"), "not_averaged", "`dW2`"),
    Mistake("backward_dW2_from_Z1", "backward_prop", _bp(dW2="dZ2 @ Z1.T / m"), "uses_Z1_not_A1", "A1.T"),
    Mistake("backward_m_squared", "backward_prop", _bp(m="Y.size ** 2"), "averaged_twice", "divided by m twice"),
    Mistake("accuracy_not_called", "get_accuracy", "def get_accuracy(predictions, Y):\n    return (predictions == Y).mean\n",
            "returns_function", "parentheses"),
    Mistake("accuracy_divides_by_10", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return np.sum(predictions == Y) / 10\n", "wrong_m",
            "the fixed number 10"),
    Mistake("loss_rows_of_A2", "cross_entropy", "def cross_entropy(A2, Y):\n    return -np.mean(np.log(A2[Y]))\n",
            "loss_wrong_indexing", "np.arange(Y.size)"),
    Mistake("pad_np_pad_default", "pad", "def pad(x):\n    return np.pad(x, 1)\n", "pad_border", "every side"),
    Mistake("update_forgets_W2", "update_params",
            "def update_params(W1, W2, dW1, dW2, alpha):\n    return W1 - alpha * dW1, W2\n", "not_updated",
            "unchanged"),
    Mistake("init_integers", "init_params",
            "def init_params():\n    return np.random.randint(-1, 2, (10, 785)), np.random.randint(-1, 2, (10, 10))\n",
            "init_integer", "integer"),
    Mistake("gd_forward_outside_loop", "gradient_descent",
            _GD.format(before="    Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n", loop=_STEP, after="    return W1, W2\n"),
            "stale_forward", "inside the loop"),
    Mistake("gd_return_inside_loop", "gradient_descent",
            _GD.format(before="", loop=_FORWARD + _STEP + "        return W1, W2\n", after=""),
            "wrong_iteration_count", "indented inside the loop"),
    Mistake("gd_returns_accuracy_too", "gradient_descent",
            _GD.format(before="", loop=_FORWARD + _STEP,
                       after="    return W1, W2, get_accuracy(get_predictions(A2), Y)\n"),
            "wrong_return", "W1 and W2"),
    Mistake("loss_log10", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.mean(np.log10(np.maximum(A2[Y, np.arange(Y.size)], 1e-300)))\n",
            "loss_wrong_log", "natural log"),
    Mistake("init_tiny", "init_params",
            "def init_params():\n    return np.random.randn(10, 785) * 1e-6, np.random.randn(10, 10) * 1e-6\n",
            "init_too_small", "almost zero"),
    Mistake("init_seed_parameter_unused", "init_params",
            "def init_params(hidden_units=10, seed=0):\n"
            "    return np.random.rand(hidden_units, 785) - 0.5, np.random.rand(10, hidden_units) - 0.5\n",
            "seed_not_reproducible", "same seed"),
    Mistake("softmax_clipped_logits", "softmax",
            "def softmax(Z):\n    E = np.exp(np.clip(Z, -500, 500))\n    return E / E.sum(axis=0, keepdims=True)\n",
            "softmax_large_logits", "±1000"),
    Mistake("backward_dW1_without_transpose", "backward_prop", _bp().replace("dZ1 @ X.T / m", "dZ1 @ X / m"),
            "matmul_shapes", "inner sizes", status="error"),
    Mistake("forward_helper_missing", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "undefined_helper", "Run the cell that defines", status="error",
            extra_globals={"softmax": reference.softmax}, helpers=False),
    Mistake("forward_helper_returns_none", "forward_prop",
            "def ReLU(Z):\n    A = np.maximum(Z, 0)\n\n"
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "faulty_helper", "did you forget to `return`?", culprit="ReLU"),
    Mistake("relu_squeeze", "ReLU", "def ReLU(Z):\n    return np.squeeze(np.maximum(Z, 0))\n", "single_example",
            "keepdims=True"),
    Mistake("predictions_squeeze", "get_predictions",
            "def get_predictions(A2):\n    return np.argmax(A2, axis=0).squeeze()\n", "single_example",
            "Keep every array 2-D"),
    Mistake("softmax_zeros_like_loop", "softmax",
            "def softmax(Z):\n    out = np.zeros_like(Z)\n    for j in range(Z.shape[1]):\n"
            "        e = np.exp(Z[:, j] - Z[:, j].max())\n        out[:, j] = e / e.sum()\n    return out\n",
            "integer_inputs", "np.zeros_like(Z)"),
    Mistake("relu_float16", "ReLU", "def ReLU(Z):\n    return np.maximum(Z, 0).astype(np.float16)\n",
            "lost_precision", "float16"),
    Mistake("forward_global_X_train", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X_train\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "uses_global_data", "`X_train`", extra_globals={"X_train": _X_TRAIN}),
    Mistake("one_hot_max_plus_one_not_transposed", "one_hot",
            "def one_hot(Y):\n    one_hot_Y = np.zeros((Y.size, Y.max() + 1))\n"
            "    one_hot_Y[np.arange(Y.size), Y] = 1\n    return one_hot_Y\n",
            "one_hot_max_plus_one", "also transposed"),
    Mistake("forward_extra_transpose_on_W2", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2.T @ A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "square_only", "square", status="error"),
    Mistake("update_in_place_no_return", "update_params",
            "def update_params(W1, W2, dW1, dW2, alpha):\n    W1 -= alpha * dW1\n    W2 -= alpha * dW2\n",
            "returns_none", "did you forget"),
    Mistake("loss_divides_by_classes", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.sum(np.log(A2[Y, np.arange(Y.size)])) / A2.shape[0]\n",
            "wrong_m", "`A2.shape[0]`"),
    Mistake("loss_max_probability", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.mean(np.log(A2.max(axis=0)))\n",
            "loss_ignores_labels", "never looks at Y"),
    Mistake("predictions_plus_one", "get_predictions",
            "def get_predictions(A2):\n    return np.argmax(A2, axis=0) + 1\n",
            "predictions_shifted", "digit itself"),
    Mistake("gd_pads_again", "gradient_descent",
            _GD.format(before="", loop="        Z1, A1, Z2, A2 = forward_prop(W1, W2, pad(X))\n"
                       "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, pad(X), Y)\n"
                       "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n", after="    return W1, W2\n"),
            "pads_twice", "786", status="error"),
]

# Red-team round: more real mistakes, each named by the check.
_FP = "def forward_prop(W1, W2, X):\n    Z1 = {Z1}\n    A1 = {A1}\n    Z2 = W2 @ A1\n    A2 = {A2}\n    return {ret}\n"


def _fp(Z1="W1 @ X", A1="ReLU(Z1)", A2="softmax(Z2)", ret="Z1, A1, Z2, A2"):
    return _FP.format(Z1=Z1, A1=A1, A2=A2, ret=ret)


def _bp_m(dZ1="W2.T @ dZ2 * ReLU_deriv(Z1)", m="X.shape[1]", dZ2="A2 - one_hot(Y)", dW1="dZ1 @ X.T / m"):
    return _bp(m=m, dZ1=dZ1).replace("dZ2 = A2 - one_hot(Y)", f"dZ2 = {dZ2}").replace("dW1 = dZ1 @ X.T / m", f"dW1 = {dW1}")


def _gd(ret="W1, W2", iterations="iterations"):
    return _GD.format(before="", loop=_FORWARD + _STEP, after=f"    return {ret}\n").replace(
        "range(iterations)", f"range({iterations})")


_UPDATE = "def update_params(W1, W2, dW1, dW2, alpha):\n"

MISTAKES += [
    Mistake("relu_returns_bool", "ReLU", "def ReLU(Z):\n    return Z > 0\n", "relu_returns_derivative", "ReLU_deriv"),
    Mistake("relu_minimum", "ReLU", "def ReLU(Z):\n    return np.minimum(Z, 0)\n", "relu_negative_inputs",
            "negative inputs must give 0"),
    Mistake("relu_deriv_keeps_Z", "ReLU_deriv", "def ReLU_deriv(Z):\n    return np.where(Z > 0, Z, 0)\n",
            "relu_deriv_returns_relu", "not its derivative"),
    Mistake("relu_deriv_heaviside_half", "ReLU_deriv", "def ReLU_deriv(Z):\n    return np.heaviside(Z, 0.5)\n",
            "relu_deriv_at_zero", "strict comparison"),
    Mistake("relu_deriv_inverted", "ReLU_deriv", "def ReLU_deriv(Z):\n    return (Z < 0).astype(float)\n",
            "relu_deriv_inverted", "`Z < 0` instead of `Z > 0`"),
    Mistake("relu_deriv_all_ones", "ReLU_deriv", "def ReLU_deriv(Z):\n    return np.ones_like(Z)\n",
            "relu_deriv_nonzero_for_negative", "slope 0"),
    Mistake("relu_deriv_in_place", "ReLU_deriv", "def ReLU_deriv(Z):\n    Z[Z > 0] = 1\n    Z[Z <= 0] = 0\n    return Z\n",
            "modifies_input", "in place"),
    Mistake("softmax_sums_as_column", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return E / E.sum(axis=0)[:, None]\n",
            "softmax_sums_broadcast_wrong_way", "divides row i by the sum of column i"),
    Mistake("softmax_np_sum_no_axis", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0, keepdims=True))\n    return E / np.sum(E)\n",
            "softmax_whole_matrix", "whole matrix"),
    Mistake("softmax_log_of_probabilities", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return np.log(E / E.sum(axis=0))\n",
            "softmax_returns_log", "logarithms"),
    Mistake("softmax_row_max_keepdims", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))\n    return E / np.sum(E, axis=0)\n",
            "softmax_not_shift_invariant", "axis 1"),
    Mistake("softmax_sigmoid", "softmax", "def softmax(Z):\n    return 1 / (1 + np.exp(-Z))\n",
            "softmax_not_normalised", "sum to 1"),
    Mistake("one_hot_fixed_10_columns", "one_hot",
            "def one_hot(Y):\n    o = np.zeros((10, 10))\n    o[Y, np.arange(Y.size)] = 1\n    return o\n",
            "fixed_size", "one entry per example"),
    Mistake("one_hot_sorts_Y", "one_hot",
            "def one_hot(Y):\n    Y.sort()\n    o = np.zeros((10, Y.size))\n    o[Y, np.arange(Y.size)] = 1\n    return o\n",
            "modifies_input", "`Y`"),
    Mistake("one_hot_stores_labels", "one_hot",
            "def one_hot(Y):\n    o = np.zeros((10, Y.size))\n    o[Y, np.arange(Y.size)] = Y\n    return o\n",
            "one_hot_not_one_per_column", "exactly one 1"),
    Mistake("forward_softmax_of_Z1", "forward_prop", _fp(A2="softmax(Z1)"), "softmax_of_wrong_layer",
            "`A2 = softmax(Z1)`"),
    Mistake("forward_softmax_of_A1", "forward_prop", _fp(A2="softmax(A1)"), "softmax_of_wrong_layer",
            "`A2 = softmax(A1)`"),
    Mistake("forward_softmax_hidden", "forward_prop", _fp(A1="softmax(Z1)"), "softmax_in_hidden_layer",
            "the hidden layer uses ReLU"),
    Mistake("forward_relu_output", "forward_prop", _fp(A2="ReLU(Z2)"), "relu_in_output_layer",
            "`A2 = ReLU(Z2)`"),
    Mistake("forward_relu_deriv_hidden", "forward_prop", _fp(A1="ReLU_deriv(Z1)"), "relu_deriv_in_forward",
            "ReLU itself"),
    Mistake("forward_returns_A1_first", "forward_prop", _fp(ret="A1, Z1, Z2, A2"), "wrong_order",
            "Z1, A1, Z2, A2"),
    Mistake("loss_one_hot_no_minus", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return np.sum(one_hot(Y) * np.log(A2 + 1e-12)) / Y.size\n",
            "sign_flipped", "minus"),
    Mistake("loss_log1p", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.mean(np.log1p(A2[Y, np.arange(Y.size)]))\n",
            "loss_log1p", "np.log1p"),
    Mistake("loss_mean_log_all_classes", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.mean(np.log(A2 + 1e-12))\n",
            "loss_ignores_labels", "never looks at Y"),
    Mistake("loss_times_integer_labels", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.sum(Y * np.log(A2 + 1e-12)) / Y.size\n",
            "labels_not_one_hot", "one_hot(Y)"),
    Mistake("loss_one_hot_sum_not_mean", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.sum(one_hot(Y) * np.log(A2 + 1e-12))\n",
            "not_averaged", "m times too large"),
    Mistake("loss_index_swapped", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.mean(np.log(A2[np.arange(Y.size), Y] + 1e-12))\n",
            "index_error", "Rows are classes", status="error"),
    Mistake("backward_precedence_mask", "backward_prop", _bp_m(dZ1="W2.T @ dZ2 * Z1 > 0"),
            "operator_precedence", "`* Z1 > 0`"),
    Mistake("backward_m_from_A2_rows", "backward_prop", _bp_m(m="A2.shape[0]"), "wrong_m", "`A2.shape[0]`"),
    Mistake("backward_dW1_not_averaged", "backward_prop", _bp_m(dW1="dZ1 @ X.T"), "not_averaged", "`dW1`"),
    Mistake("backward_squared_error_factor_2", "backward_prop", _bp_m(dZ2="2 * (A2 - one_hot(Y))"), "scaled",
            "no factor 2"),
    Mistake("backward_deriv_of_A2", "backward_prop", _bp_m(dZ1="W2.T @ dZ2 * ReLU_deriv(A2)"),
            "missing_relu_deriv", "like A2"),
    Mistake("update_returns_step_only", "update_params",
            _UPDATE + "    W1 = alpha * dW1\n    W2 = alpha * dW2\n    return W1, W2\n",
            "returns_step_only", "returns only the step"),
    Mistake("update_np_subtract_out", "update_params",
            _UPDATE + "    np.subtract(W1, alpha * dW1, out=W1)\n    np.subtract(W2, alpha * dW2, out=W2)\n"
            "    return W1, W2\n",
            "modifies_input", "in place"),
    Mistake("update_divides_by_alpha", "update_params", _UPDATE + "    return W1 - dW1 / alpha, W2 - dW2 / alpha\n",
            "divides_by_alpha", "dW1 / alpha"),
    Mistake("update_returns_gradients", "update_params",
            _UPDATE + "    W1 = W1 - alpha * dW1\n    W2 = W2 - alpha * dW2\n    return dW1, dW2\n",
            "returns_input", "argument `dW1`"),
    Mistake("predictions_argmin", "get_predictions", "def get_predictions(A2):\n    return np.argmin(A2, 0)\n",
            "argmin_not_argmax", "np.argmax(A2, axis=0)"),
    Mistake("predictions_keepdims", "get_predictions",
            "def get_predictions(A2):\n    return np.argmax(A2, axis=0, keepdims=True)\n", "extra_axis",
            "keepdims=True"),
    Mistake("predictions_transposed_axis0", "get_predictions", "def get_predictions(A2):\n    return np.argmax(A2.T, axis=0)\n",
            "argmax_wrong_axis", "axis 0"),
    Mistake("accuracy_divides_by_shape", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return np.sum(predictions == Y) / Y.shape\n",
            "accuracy_divided_by_shape", "`Y.shape`"),
    Mistake("accuracy_compares_one_hot", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return np.mean(one_hot(predictions) == one_hot(Y))\n",
            "accuracy_one_hot_entries", "one-hot"),
    Mistake("accuracy_global_m_train", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return np.sum(predictions == Y) / m_train\n",
            "global_m", "`m_train`", extra_globals={"m_train": 41000}),
    Mistake("gd_fixed_iterations", "gradient_descent", _gd(iterations="100"), "wrong_iteration_count",
            "range(iterations)"),
    Mistake("gd_returns_gradients", "gradient_descent", _gd(ret="dW1, dW2"), "returns_gradients",
            "the last gradients"),
    Mistake("gd_returns_activations", "gradient_descent", _gd(ret="A1, A2"), "wrong_shape", "W1 (hidden, 785)"),
    Mistake("init_shapes_swapped", "init_params",
            "def init_params():\n    W1 = np.random.rand(10, 10) - 0.5\n    W2 = np.random.rand(10, 785) - 0.5\n"
            "    return W1, W2\n",
            "wrong_order", "swapped"),
    Mistake("init_returns_W2_W1", "init_params",
            "def init_params():\n    W1 = np.random.rand(10, 785) - 0.5\n    W2 = np.random.rand(10, 10) - 0.5\n"
            "    return W2, W1\n",
            "wrong_order", "swapped"),
    Mistake("init_W2_785", "init_params",
            "def init_params():\n    return np.random.rand(10, 785) - 0.5, np.random.rand(10, 785) - 0.5\n",
            "wrong_shape", "(10, 785) and (10, 785)"),
    Mistake("init_W2_not_centred", "init_params",
            "def init_params():\n    return np.random.rand(10, 785) - 0.5, np.random.rand(10, 10)\n",
            "init_not_centred", "W2 is not centred"),
    Mistake("init_randint_0_1", "init_params",
            "def init_params():\n    return np.random.randint(0, 1, (10, 785)) - 0.5, np.random.randint(0, 1, (10, 10)) - 0.5\n",
            "init_constant", "every weight in W1 is the same"),
    Mistake("init_dict", "init_params",
            "def init_params():\n    return {'W1': np.random.rand(10, 785) - 0.5, 'W2': np.random.rand(10, 10) - 0.5}\n",
            "wrong_return", "two arrays"),
    Mistake("pad_ones_row_of_length_n", "pad", "def pad(x):\n    return np.vstack((np.ones((1, x.shape[0])), x))\n",
            "pad_ones_do_not_fit", "(1, x.shape[1])", status="error"),
    Mistake("pad_concatenate_axis1", "pad",
            "def pad(x):\n    return np.concatenate((np.ones((1, x.shape[1])), x), axis=1)\n",
            "pad_ones_do_not_fit", "joined along axis 0", status="error"),
    Mistake("pad_overwrites_first_row", "pad", "def pad(x):\n    x[0, :] = 1\n    return x\n", "pad_overwrites",
            "overwrites a row"),
    Mistake("pad_append_at_bottom", "pad", "def pad(x):\n    return np.append(x, np.ones((1, x.shape[1])), axis=0)\n",
            "pad_at_bottom", "first row"),
]

MISTAKES += [
    Mistake("relu_deriv_leaky_slope", "ReLU_deriv", "def ReLU_deriv(Z):\n    return np.where(Z > 0, 1, 0.01)\n",
            "relu_deriv_nonzero_for_negative", "must be 0 for negative inputs"),
    Mistake("softmax_E_over_1_plus_E", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return E / (1 + E)\n", "softmax_not_normalised",
            "E.sum(axis=0, keepdims=True)"),
    Mistake("one_hot_enumerate_into_rows", "one_hot",
            "def one_hot(Y):\n    o = np.zeros((10, Y.size))\n    for i, y in enumerate(Y):\n        o[i, y] = 1\n    return o\n",
            "one_hot_not_one_per_column", "row Y[j]"),
    Mistake("one_hot_get_dummies", "one_hot", "import pandas as pd\n\ndef one_hot(Y):\n    return pd.get_dummies(Y).values.T\n",
            "one_hot_unique_count", "distinct"),
    Mistake("loss_sum_examples_mean_classes", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.mean(np.sum(one_hot(Y) * np.log(A2 + 1e-9), axis=1))\n",
            "wrong_m", "`A2.shape[0]`"),
    Mistake("loss_log_of_mean", "cross_entropy",
            "def cross_entropy(A2, Y):\n    return -np.log(np.mean(A2[Y, np.arange(Y.size)]))\n",
            "loss_log_of_mean", "log of the mean"),
    Mistake("backward_dW1_from_A1", "backward_prop", _bp_m(dW1="dZ1 @ A1.T / m"), "wrong_layer_factor",
            "`dW1 = dZ1 @ X.T / m`"),
    Mistake("backward_dW2_from_A2", "backward_prop", _bp(dW2="dZ2 @ A2.T / m"), "wrong_layer_factor",
            "dW2 uses A2 instead of A1"),
    Mistake("backward_dW2_from_X", "backward_prop", _bp(dW2="dZ2 @ X.T / m"), "wrong_layer_factor",
            "dW2 uses X instead of A1"),
    Mistake("backward_subtracts_in_A2", "backward_prop",
            _bp_m(dZ2="A2").replace("    dZ2 = A2\n", "    A2[Y, np.arange(m)] -= 1\n    dZ2 = A2\n"),
            "modifies_input", "`A2`"),
    Mistake("update_fixed_learning_rate", "update_params", _UPDATE + "    return W1 - 0.1 * dW1, W2 - 0.1 * dW2\n",
            "ignores_alpha", "fixed learning rate 0.1"),
    Mistake("accuracy_rounded", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return round(np.mean(predictions == Y), 2)\n", "accuracy_rounded",
            "round only when you print"),
    Mistake("gd_one_update_too_many", "gradient_descent", _gd(iterations="iterations + 1"), "wrong_iteration_count",
            "41 updates instead of 40"),
    Mistake("gd_decays_alpha", "gradient_descent",
            _gd().replace("        W1, W2 = update", "        alpha = alpha * 0.99\n        W1, W2 = update"),
            "ignores_alpha", "alpha"),
    Mistake("pad_1d_ones", "pad", "def pad(x):\n    return np.concatenate([np.ones(x.shape[1]), x])\n",
            "pad_ones_do_not_fit", "(1, x.shape[1])", status="error"),
    Mistake("init_returns_W1_twice", "init_params",
            "def init_params():\n    W1 = np.random.rand(10, 785) - 0.5\n    W2 = np.random.rand(10, 10) - 0.5\n"
            "    return W1, W1\n",
            "wrong_shape", "(10, 785) and (10, 785)"),
    Mistake("forward_inputs_as_rows", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = np.dot(X.T, W1.T)\n    A1 = ReLU(Z1)\n    Z2 = np.dot(A1, W2.T)\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "transposed", "one column per example"),
    Mistake("forward_elementwise_product", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1 * X\n    A1 = ReLU(Z1)\n    Z2 = W2 * A1\n"
            "    return Z1, A1, Z2, softmax(Z2)\n",
            "elementwise_not_matmul", "matrix product", status="error"),
    Mistake("update_nested_tuples", "update_params", _UPDATE + "    return (W1 - alpha * dW1,), (W2 - alpha * dW2,)\n",
            "wrong_type", "tuple"),
]

MISTAKES += [
    Mistake("loss_float_index", "cross_entropy",
            "def cross_entropy(A2, Y):\n    m = Y.size / 1\n    return -np.mean(np.log(A2[Y, np.arange(m) * 1.0] + 1e-12))\n",
            "non_integer_index", "astype(int)", status="error"),
    Mistake("gd_backward_arguments_swapped", "gradient_descent",
            _gd().replace("backward_prop(Z1, A1, Z2, A2,", "backward_prop(Z1, Z2, A1, A2,"),
            "helper_arguments_order", "backward_prop(Z1, Z2, A1, A2, ...)"),
    Mistake("gd_update_before_backward", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n"
            "    dW1, dW2 = np.zeros_like(W1), np.zeros_like(W2)\n    for i in range(iterations):\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n    return W1, W2\n",
            "update_before_backward", "before backward_prop"),
    Mistake("softmax_global_max_keepdims_sum", "softmax",
            "def softmax(Z):\n    return np.exp(Z - np.max(Z)) / np.sum(np.exp(Z - np.max(Z)), axis=0, keepdims=True)\n",
            "softmax_global_shift", "each column's own max"),
    Mistake("relu_deriv_of_relu_ge", "ReLU_deriv", "def ReLU_deriv(Z):\n    return np.maximum(Z, 0) >= 0\n",
            "relu_deriv_nonzero_for_negative", "must be 0 for negative inputs"),
    Mistake("predictions_last_axis", "get_predictions", "def get_predictions(A2):\n    return np.argmax(A2, axis=-1)\n",
            "argmax_wrong_axis", "axis 0"),
]

MISTAKES += [
    Mistake("gd_unpacks_update_swapped", "gradient_descent",
            _gd().replace("W1, W2 = update_params", "W2, W1 = update_params"),
            "weights_swapped", "`W2, W1 = update_params(...)`", status="error"),
    Mistake("update_with_the_other_gradient", "update_params",
            _UPDATE + "    return W1 - alpha * dW2, W2 - alpha * dW1\n", "mixed_gradients", "W1 with dW1", status="error"),
    Mistake("update_with_the_other_gradient_reordered", "update_params",
            _UPDATE + "    W1 = W1 - dW2 * alpha\n    W2 = W2 - dW1 * alpha\n    return W1, W2\n",
            "mixed_gradients", "its own gradient", status="error"),
]

MISTAKES += [
    Mistake("pad_returns_x", "pad", "def pad(x):\n    return x\n", "pad_missing", "without the row of ones"),
    Mistake("backward_returns_weights", "backward_prop", "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    return W1, W2\n",
            "returns_input", "the argument `W1`"),
]

# Scaled away from He's sqrt(2 / fan-in) by more than a factor of 2: lesson 7's init_params asks for He
# initialisation (formerly accepted as a sensible scale; the seed's rand - 0.5 is among them).
MISTAKES += [
    Mistake('init_small_randn', "init_params",
            'def init_params():\n    return np.random.randn(10, 785) * 0.01, np.random.randn(10, 10) * 0.01\n',
            'init_too_small', '5 times smaller than He'),
    Mistake('init_uniform_hidden_units', "init_params",
            'def init_params(hidden_units=10):\n    W1 = np.random.uniform(-0.5, 0.5, size=(hidden_units, 785))\n    W2 = np.random.uniform(-0.5, 0.5, size=(10, hidden_units))\n    return W1, W2\n',
            'init_too_large', "times He's sqrt(2 / 785)"),
    Mistake('init_transpose_of_785_by_10', "init_params",
            'def init_params():\n    return np.random.rand(785, 10).T - 0.5, np.random.rand(10, 10).T - 0.5\n',
            'init_too_large', "times He's sqrt(2 / 785)"),
    Mistake('init_uniform_as_list', "init_params",
            'def init_params():\n    return [np.random.uniform(-0.5, 0.5, (10, 785)), np.random.uniform(-0.5, 0.5, (10, 10))]\n',
            'init_too_large', "times He's sqrt(2 / 785)"),
    Mistake('init_uniform_minus_one_to_one', "init_params",
            'def init_params():\n    return np.random.rand(10, 785) * 2 - 1, np.random.rand(10, 10) * 2 - 1\n',
            'init_too_large', "times He's sqrt(2 / 785)"),
    Mistake('init_normal_0_1', "init_params",
            'def init_params():\n    return np.random.normal(0, 0.1, (10, 785)), np.random.normal(0, 0.1, (10, 10))\n',
            'init_too_small', 'W2 is too small'),
    Mistake('init_float32', "init_params",
            'def init_params():\n    return (np.random.rand(10, 785) - 0.5).astype(np.float32), (np.random.rand(10, 10) - 0.5).astype(np.float32)\n',
            'init_too_large', "times He's sqrt(2 / 785)"),
    Mistake('init_default_rng_uniform', "init_params",
            'def init_params():\n    rng = np.random.default_rng()\n    return rng.uniform(-0.5, 0.5, (10, 785)), rng.uniform(-0.5, 0.5, (10, 10))\n',
            'init_too_large', "times He's sqrt(2 / 785)"),
]
