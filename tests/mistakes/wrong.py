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
