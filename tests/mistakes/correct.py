"""Different correct answers that the autograder must all accept: (exercise, id, code)."""

# ruff: noqa: E501 - each entry is learner code kept on as few lines as a notebook cell

CORRECT = [
    ("ReLU", "relu_where", "def ReLU(Z):\n    return np.where(Z > 0, Z, 0)\n"),
    ("ReLU", "relu_clip", "def ReLU(Z):\n    return np.clip(Z, 0, None)\n"),
    ("ReLU", "relu_bool_mask", "def ReLU(Z):\n    return Z * (Z > 0)\n"),
    ("ReLU", "relu_abs_trick", "def ReLU(Z):\n    return (Z + np.abs(Z)) / 2\n"),
    ("ReLU", "relu_copy_then_assign", "def ReLU(Z):\n    A = Z.copy()\n    A[A < 0] = 0\n    return A\n"),
    ("ReLU", "relu_loop",
     "def ReLU(Z):\n    A = np.zeros_like(Z)\n    for i in range(Z.shape[0]):\n        for j in range(Z.shape[1]):\n"
     "            if Z[i, j] > 0:\n                A[i, j] = Z[i, j]\n    return A\n"),
    ("ReLU_deriv", "deriv_float", "def ReLU_deriv(Z):\n    return (Z > 0).astype(float)\n"),
    ("ReLU_deriv", "deriv_heaviside", "def ReLU_deriv(Z):\n    return np.heaviside(Z, 0)\n"),
    ("ReLU_deriv", "deriv_where", "def ReLU_deriv(Z):\n    return np.where(Z > 0, 1, 0)\n"),
    ("softmax", "softmax_scipy", "import scipy.special\n\ndef softmax(Z):\n    return scipy.special.softmax(Z, axis=0)\n"),
    ("softmax", "softmax_no_keepdims",
     "def softmax(Z):\n    E = np.exp(Z - np.max(Z, axis=0))\n    return E / np.sum(E, axis=0)\n"),
    ("softmax", "softmax_logsumexp",
     "from scipy.special import logsumexp\n\ndef softmax(Z):\n"
     "    return np.exp(Z - logsumexp(Z, axis=0, keepdims=True))\n"),
    ("softmax", "softmax_column_loop",
     "def softmax(Z):\n    A = np.empty(Z.shape)\n    for j in range(Z.shape[1]):\n"
     "        e = np.exp(Z[:, j] - Z[:, j].max())\n        A[:, j] = e / e.sum()\n    return A\n"),
    ("softmax", "softmax_python_sum_shifted",
     "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return E / sum(E)\n"),
    ("one_hot", "one_hot_eye", "def one_hot(Y):\n    return np.eye(10)[Y].T\n"),
    ("one_hot", "one_hot_compare", "def one_hot(Y):\n    return (np.arange(10)[:, None] == Y).astype(float)\n"),
    ("one_hot", "one_hot_bool", "def one_hot(Y):\n    return np.arange(10).reshape(10, 1) == Y\n"),
    ("one_hot", "one_hot_loop",
     "def one_hot(Y):\n    out = np.zeros((10, len(Y)))\n    for j, y in enumerate(Y):\n        out[y, j] = 1\n"
     "    return out\n"),
    ("pad", "pad_vstack", "def pad(x):\n    return np.vstack([np.ones((1, x.shape[1])), x])\n"),
    ("pad", "pad_insert", "def pad(x):\n    return np.insert(x, 0, 1, axis=0)\n"),
    ("init_params", "init_he",
     "def init_params(hidden_units=10, seed=None):\n    rng = np.random.default_rng(seed)\n"
     "    W1 = rng.normal(0, np.sqrt(2 / 785), (hidden_units, 785))\n    W1[:, 0] = 0\n"
     "    W2 = rng.normal(0, np.sqrt(2 / hidden_units), (10, hidden_units))\n    return W1, W2\n"),
    ("init_params", "init_he_bias_concatenated",
     "def init_params(hidden_units=10, seed=None):\n    rng = np.random.default_rng(seed)\n"
     "    b1 = np.zeros((hidden_units, 1))\n    W = rng.standard_normal((hidden_units, 784)) * np.sqrt(2 / 785)\n"
     "    W2 = rng.standard_normal((10, hidden_units)) * np.sqrt(2 / hidden_units)\n"
     "    return np.hstack([b1, W]), W2\n"),
    ("init_params", "init_xavier",
     "def init_params():\n    a = np.sqrt(6 / (785 + 10))\n    W1 = np.random.uniform(-a, a, (10, 785))\n"
     "    W1[:, 0] = 0.0\n    return W1, np.random.uniform(-1, 1, (10, 10)) * np.sqrt(6 / 20)\n"),
    ("forward_prop", "forward_dot",
     "def forward_prop(W1, W2, X):\n    Z1 = np.dot(W1, X)\n    A1 = ReLU(Z1)\n    Z2 = np.dot(W2, A1)\n"
     "    return Z1, A1, Z2, softmax(Z2)\n"),
    ("forward_prop", "forward_einsum",
     "def forward_prop(W1, W2, X):\n    Z1 = np.einsum('ij,jk->ik', W1, X)\n    A1 = np.maximum(Z1, 0)\n"
     "    Z2 = np.einsum('ij,jk->ik', W2, A1)\n    E = np.exp(Z2 - Z2.max(axis=0))\n"
     "    return Z1, A1, Z2, E / E.sum(axis=0)\n"),
    ("backward_prop", "backward_mask_from_A1",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = X.shape[1]\n    dZ2 = A2 - one_hot(Y)\n"
     "    dW2 = np.dot(dZ2, A1.T) / m\n    dZ1 = np.dot(W2.T, dZ2) * (A1 > 0)\n    dW1 = np.dot(dZ1, X.T) / m\n"
     "    return dW1, dW2\n"),
    ("backward_prop", "backward_einsum",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = len(Y)\n    dZ2 = A2 - np.eye(10)[Y].T\n"
     "    dW2 = np.einsum('ik,jk->ij', dZ2, A1) / m\n    dZ1 = np.einsum('ji,jk->ik', W2, dZ2) * ReLU_deriv(Z1)\n"
     "    dW1 = np.einsum('ik,jk->ij', dZ1, X) / m\n    return dW1, dW2\n"),
    ("backward_prop", "backward_per_example_loop",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = X.shape[1]\n"
     "    dW1, dW2 = np.zeros(W1.shape), np.zeros(W2.shape)\n    for j in range(m):\n"
     "        dz2 = A2[:, j].astype(float).copy()\n        dz2[Y[j]] -= 1\n"
     "        dW2 += np.outer(dz2, A1[:, j])\n        dz1 = (W2.T @ dz2) * (Z1[:, j] > 0)\n"
     "        dW1 += np.outer(dz1, X[:, j])\n    return dW1 / m, dW2 / m\n"),
    ("update_params", "update_list", "def update_params(W1, W2, dW1, dW2, alpha):\n"
     "    return [W1 - alpha * dW1, W2 - alpha * dW2]\n"),
    ("update_params", "update_copy_in_place", "def update_params(W1, W2, dW1, dW2, alpha):\n"
     "    W1 = W1.copy()\n    W2 = W2.copy()\n    W1 -= alpha * dW1\n    W2 -= alpha * dW2\n    return W1, W2\n"),
    ("get_predictions", "predictions_method", "def get_predictions(A2):\n    return A2.argmax(axis=0)\n"),
    ("get_accuracy", "accuracy_mean", "def get_accuracy(predictions, Y):\n    return np.mean(predictions == Y)\n"),
    ("get_accuracy", "accuracy_sklearn", "from sklearn.metrics import accuracy_score\n\n"
     "def get_accuracy(predictions, Y):\n    return accuracy_score(Y, predictions)\n"),
    ("cross_entropy", "loss_picked", "def cross_entropy(A2, Y):\n"
     "    return -np.mean(np.log(A2[Y, np.arange(Y.size)] + 1e-12))\n"),
    ("cross_entropy", "loss_one_hot_clip", "def cross_entropy(A2, Y):\n"
     "    return -np.sum(one_hot(Y) * np.log(np.clip(A2, 1e-12, 1.0))) / Y.size\n"),
    ("gradient_descent", "gd_while_loop",
     "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n    i = 0\n"
     "    while i < iterations:\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
     "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
     "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n        i += 1\n    return W1, W2\n"),
    ("gradient_descent", "gd_seed_init",
     "def init_params():\n    return np.random.rand(10, 785) - 0.5, np.random.rand(10, 10) - 0.5\n\n"
     "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n    for i in range(iterations):\n"
     "        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
     "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
     "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha=alpha)\n"
     "        if i % 10 == 0:\n            print('Iteration', i, get_accuracy(get_predictions(A2), Y))\n"
     "    return W1, W2\n"),
    ("cross_entropy", "loss_epsilon_1e-8", "def cross_entropy(A2, Y):\n"
     "    return -np.mean(np.sum(one_hot(Y) * np.log(A2 + 1e-8), axis=0))\n"),
    ("cross_entropy", "loss_clip_1e-7_loop", "def cross_entropy(A2, Y):\n    total = 0.0\n"
     "    for j, y in enumerate(Y):\n        total -= np.log(np.clip(A2[y, j], 1e-7, 1.0))\n    return total / len(Y)\n"),
    ("softmax", "softmax_divide_then_exp_safe", "def softmax(Z):\n    shifted = Z - np.max(Z, axis=0, keepdims=True)\n"
     "    e = np.exp(shifted)\n    return e * (1.0 / e.sum(axis=0, keepdims=True))\n"),
    ("gradient_descent", "gd_tiny_unseeded_init",
     "def init_params():\n    rng = np.random.default_rng()\n"
     "    return rng.normal(0, 0.001, (10, 785)), rng.normal(0, 0.001, (10, 10))\n\n"
     "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n    for _ in range(iterations):\n"
     "        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
     "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n"),
    ("pad", "pad_np_pad_top_only", "def pad(x):\n    return np.pad(x, ((1, 0), (0, 0)), constant_values=1)\n"),
    ("one_hot", "one_hot_int_dtype", "def one_hot(Y):\n    o = np.zeros((10, Y.size), dtype=int)\n"
     "    o[Y, np.arange(Y.size)] = 1\n    return o\n"),
    ("backward_prop", "backward_subtract_one_on_a_copy",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = X.shape[1]\n    dZ2 = A2.copy()\n"
     "    dZ2[Y, np.arange(m)] -= 1\n    dW2 = 1 / m * dZ2.dot(A1.T)\n    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)\n"
     "    dW1 = 1 / m * dZ1.dot(X.T)\n    return dW1, dW2\n"),
    ("get_accuracy", "accuracy_count_nonzero", "def get_accuracy(predictions, Y):\n"
     "    return np.count_nonzero(predictions == Y) / Y.shape[0]\n"),
    ("cross_entropy", "loss_clip_both_ends", "def cross_entropy(A2, Y):\n    p = np.clip(A2, 1e-15, 1 - 1e-15)\n"
     "    return -np.mean(np.log(p[Y, np.arange(len(Y))]))\n"),
    ("ReLU_deriv", "deriv_greater_int", "def ReLU_deriv(Z):\n    return np.greater(Z, 0).astype(int)\n"),
    ("dW2_by_examples", "loop_matrix_product", "def dW2_by_examples(dZ2, A1):\n    return dZ2 @ A1.T / dZ2.shape[1]\n"),
    ("dW2_by_examples", "loop_einsum", "def dW2_by_examples(dZ2, A1):\n"
     "    return np.einsum('im,km->ik', dZ2, A1) / dZ2.shape[1]\n"),
    ("dW2_by_examples", "loop_mean_of_outer", "def dW2_by_examples(dZ2, A1):\n"
     "    return np.mean([np.outer(dZ2[:, j], A1[:, j]) for j in range(dZ2.shape[1])], axis=0)\n"),
    ("relative_error", "relerr_where", "def relative_error(analytic, numeric):\n"
     "    scale = np.maximum(np.abs(analytic), np.abs(numeric))\n"
     "    ratios = np.where(scale > 0, np.abs(analytic - numeric) / np.where(scale > 0, scale, 1.0), 0.0)\n"
     "    return float(ratios.max())\n"),
    ("relative_error", "relerr_loop", "def relative_error(analytic, numeric):\n    worst = 0.0\n"
     "    for a, n in zip(np.ravel(analytic), np.ravel(numeric)):\n        scale = max(abs(a), abs(n))\n"
     "        if scale > 0:\n            worst = max(worst, abs(a - n) / scale)\n    return float(worst)\n"),
    ("relative_error", "relerr_nan_to_zero", "def relative_error(analytic, numeric):\n"
     "    with np.errstate(invalid='ignore'):\n"
     "        ratios = np.abs(analytic - numeric) / np.maximum(np.abs(analytic), np.abs(numeric))\n"
     "    return float(np.nanmax(np.nan_to_num(ratios)))\n"),
    ("l2_penalty", "l2_norm_squared", "def l2_penalty(W1, W2, lambd, m):\n"
     "    return lambd / (2 * m) * (np.linalg.norm(W1[:, 1:]) ** 2 + np.linalg.norm(W2) ** 2)\n"),
    ("l2_penalty", "l2_loop", "def l2_penalty(W1, W2, lambd, m):\n    total = 0.0\n"
     "    for W in (W1[:, 1:], W2):\n        total += np.sum(W * W)\n    return float(lambd * total / (2 * m))\n"),
    ("l2_gradients", "l2_grad_hstack", "def l2_gradients(W1, W2, lambd, m):\n"
     "    dW1 = np.hstack([np.zeros((W1.shape[0], 1)), lambd / m * W1[:, 1:]])\n    return dW1, lambd / m * W2\n"),
    ("l2_gradients", "l2_grad_copy", "def l2_gradients(W1, W2, lambd, m):\n    dW1 = W1.copy()\n    dW1[:, 0] = 0\n"
     "    return lambd / m * dW1, lambd / m * W2\n"),
]

# Red-team round: more correct answers, including forms that look like mistakes but are equivalent.
CORRECT += [
    ("ReLU", "relu_maximum_float_zero", "def ReLU(Z):\n    return np.maximum(Z, 0.0)\n"),
    ("ReLU", "relu_clip_method", "def ReLU(Z):\n    return Z.clip(min=0)\n"),
    ("ReLU", "relu_fmax", "def ReLU(Z):\n    return np.fmax(0, Z)\n"),
    ("ReLU", "relu_where_negative", "def ReLU(Z):\n    return np.where(Z < 0, 0, Z)\n"),
    ("ReLU_deriv", "deriv_sign_of_relu", "def ReLU_deriv(Z):\n    return np.sign(np.maximum(Z, 0))\n"),
    ("ReLU_deriv", "deriv_times_one", "def ReLU_deriv(Z):\n    return (Z > 0) * 1\n"),
    ("ReLU_deriv", "deriv_seed_bool", "def ReLU_deriv(Z):\n    return Z > 0\n"),
    ("softmax", "softmax_in_place_on_a_float_copy",
     "def softmax(Z):\n    A = Z.astype(float)\n    A -= A.max(axis=0)\n    np.exp(A, out=A)\n    A /= A.sum(axis=0)\n"
     "    return A\n"),
    ("softmax", "softmax_logsumexp_no_keepdims",
     "from scipy.special import logsumexp\n\ndef softmax(Z):\n    return np.exp(Z - logsumexp(Z, axis=0))\n"),
    ("softmax", "softmax_rows_of_the_transpose",
     "def softmax(Z):\n    T = Z.T\n    E = np.exp(T - T.max(axis=1, keepdims=True))\n"
     "    return (E / E.sum(axis=1, keepdims=True)).T\n"),
    ("one_hot", "one_hot_list_comprehension",
     "def one_hot(Y):\n    return np.array([[1.0 if y == k else 0.0 for y in Y] for k in range(10)])\n"),
    ("one_hot", "one_hot_float_labels_cast",
     "def one_hot(Y):\n    Y = np.asarray(Y, dtype=float)\n    o = np.zeros((10, Y.size))\n"
     "    o[Y.astype(int), np.arange(Y.size)] = 1\n    return o\n"),
    ("one_hot", "one_hot_eye_columns", "def one_hot(Y):\n    return np.eye(10)[:, Y]\n"),
    ("forward_prop", "forward_inline_maximum",
     "def forward_prop(W1, W2, X):\n    Z1 = W1.dot(X)\n    A1 = np.maximum(0, Z1)\n    Z2 = W2.dot(A1)\n"
     "    A2 = softmax(Z2)\n    return Z1, A1, Z2, A2\n"),
    ("backward_prop", "backward_relu_deriv_of_A1",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = X.shape[1]\n    dZ2 = A2 - one_hot(Y)\n"
     "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(A1)\n    dW1 = dZ1 @ X.T / m\n"
     "    return dW1, dW2\n"),
    ("backward_prop", "backward_one_over_m_len_Y",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = len(Y)\n    dZ2 = A2 - one_hot(Y)\n"
     "    dW2 = (1 / m) * np.dot(dZ2, A1.T)\n    dZ1 = np.dot(W2.T, dZ2) * ReLU_deriv(Z1)\n"
     "    dW1 = (1 / m) * np.dot(dZ1, X.T)\n    return dW1, dW2\n"),
    ("update_params", "update_np_subtract", "def update_params(W1, W2, dW1, dW2, alpha):\n"
     "    return np.subtract(W1, alpha * dW1), np.subtract(W2, alpha * dW2)\n"),
    ("get_predictions", "predictions_argsort_last", "def get_predictions(A2):\n    return np.argsort(A2, axis=0)[-1]\n"),
    ("get_predictions", "predictions_transpose_axis1", "def get_predictions(A2):\n    return A2.T.argmax(axis=1)\n"),
    ("get_accuracy", "accuracy_len", "def get_accuracy(predictions, Y):\n    return np.sum(predictions == Y) / len(Y)\n"),
    ("get_accuracy", "accuracy_python_loop",
     "def get_accuracy(predictions, Y):\n    correct = 0\n    for p, y in zip(predictions, Y):\n        if p == y:\n"
     "            correct += 1\n    return correct / len(Y)\n"),
    ("cross_entropy", "loss_one_hot_sum_axis0_then_mean", "def cross_entropy(A2, Y):\n"
     "    return -np.sum(one_hot(Y) * np.log(np.clip(A2, 1e-12, None)), axis=0).mean()\n"),
    ("cross_entropy", "loss_mean_method", "def cross_entropy(A2, Y):\n"
     "    return -np.log(A2[Y, np.arange(Y.size)] + 1e-10).mean()\n"),
    ("pad", "pad_r_", "def pad(x):\n    return np.r_[np.ones((1, x.shape[1])), x]\n"),
    ("pad", "pad_vstack_1d_ones", "def pad(x):\n    return np.vstack([np.ones(x.shape[1]), x])\n"),
    ("gradient_descent", "gd_keyword_arguments",
     "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n    for _ in range(iterations):\n"
     "        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
     "        W1, W2 = update_params(W1=W1, W2=W2, dW1=dW1, dW2=dW2, alpha=alpha)\n    return W1, W2\n"),
]

CORRECT += [
    ("one_hot", "one_hot_bool_dtype", "def one_hot(Y):\n    o = np.zeros((10, len(Y)), dtype=bool)\n"
     "    o[Y, np.arange(len(Y))] = True\n    return o\n"),
    ("one_hot", "one_hot_chained_index_loop", "def one_hot(Y):\n    o = np.zeros((10, Y.shape[0]))\n"
     "    for i in range(Y.size):\n        o[Y[i]][i] = 1\n    return o\n"),
    ("cross_entropy", "loss_max_of_masked", "def cross_entropy(A2, Y):\n"
     "    return -np.log(np.max(A2 * one_hot(Y), axis=0) + 1e-12).mean()\n"),
    ("cross_entropy", "loss_divides_by_columns", "def cross_entropy(A2, Y):\n"
     "    return -np.sum(np.log(A2[Y, np.arange(len(Y))] + 1e-12)) / A2.shape[1]\n"),
    ("backward_prop", "backward_m_Y_shape0",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.shape[0]\n    dZ2 = A2 - one_hot(Y)\n"
     "    dW2 = dZ2 @ A1.T / m\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n    return dW1, dW2\n"),
    ("backward_prop", "backward_subtract_one_in_a_loop_on_a_copy",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = X.shape[1]\n    dZ2 = A2.copy()\n"
     "    for j in range(m):\n        dZ2[Y[j], j] -= 1\n    dW2 = dZ2 @ A1.T / m\n"
     "    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T / m\n    return dW1, dW2\n"),
    ("ReLU_deriv", "deriv_float32_mask", "def ReLU_deriv(Z):\n    return np.array(Z > 0, dtype=np.float32)\n"),
    ("get_accuracy", "accuracy_float_len", "def get_accuracy(predictions, Y):\n"
     "    return (predictions == Y).sum() / float(len(Y))\n"),
    ("get_predictions", "predictions_as_floats", "def get_predictions(A2):\n    return np.argmax(A2, axis=0).astype(float)\n"),
    ("forward_prop", "forward_np_matmul_tuple",
     "def forward_prop(W1, W2, X):\n    Z1 = np.matmul(W1, X)\n    A1 = ReLU(Z1)\n    Z2 = np.matmul(W2, A1)\n"
     "    A2 = softmax(Z2)\n    return (Z1, A1, Z2, A2)\n"),
    ("ReLU", "relu_half_of_z_plus_abs", "def ReLU(Z):\n    return 0.5 * (Z + abs(Z))\n"),
    ("update_params", "update_generator", "def update_params(W1, W2, dW1, dW2, alpha):\n"
     "    return tuple(W - alpha * dW for W, dW in ((W1, dW1), (W2, dW2)))\n"),
]

CORRECT += [
    ("gradient_descent", "gd_unpacks_gradients_with_star",
     "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n    for i in range(iterations):\n"
     "        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n        grads = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
     "        W1, W2 = update_params(W1, W2, *grads, alpha)\n    return W1, W2\n"),
    ("one_hot", "one_hot_floor_of_integer_labels", "def one_hot(Y):\n    o = np.zeros((10, Y.size))\n"
     "    o[np.floor(Y).astype(int), np.arange(Y.size)] = 1\n    return o\n"),
]

CORRECT += [
    ("ReLU_deriv", "deriv_where_float",
     "def ReLU_deriv(Z):\n    return np.where(Z > 0, 1.0, 0.0)\n"),
    ("ReLU_deriv", "deriv_int_array",
     "def ReLU_deriv(Z):\n    return np.array(Z > 0, dtype=int)\n"),
    ("forward_prop", "forward_list",
     "def forward_prop(W1, W2, X):\n    Z1 = W1 @ X\n    A1 = ReLU(Z1)\n    Z2 = W2 @ A1\n    return [Z1, A1, Z2, softmax(Z2)]\n"),
    ("backward_prop", "backward_list",
     "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - one_hot(Y)\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    return [dZ1 @ X.T / m, dZ2 @ A1.T / m]\n"),
    ("gradient_descent", "gd_inline_init",
     "def gradient_descent(X, Y, alpha, iterations):\n    W1 = np.random.rand(10, 785) - 0.5\n    W2 = np.random.rand(10, 10) - 0.5\n    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n"),
    ("gradient_descent", "gd_extra_defaults",
     "def gradient_descent(X, Y, alpha, iterations, hidden_units=10, verbose=False):\n    W1, W2 = init_params()\n    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n        if verbose and i % 10 == 0:\n            print(i)\n    return W1, W2\n"),
    ("gradient_descent", "gd_tracks_history",
     "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n    history = []\n    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n        history.append(cross_entropy(A2, Y))\n        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n"),
    ("cross_entropy", "loss_float32_out",
     "def cross_entropy(A2, Y):\n    p = A2[Y, np.arange(Y.size)]\n    return -np.log(np.maximum(p, 1e-12)).mean()\n"),
    ("softmax", "softmax_exp_twice",
     "def softmax(Z):\n    return np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0)\n"),
    ("pad", "pad_hstack_T",
     "def pad(x):\n    return np.hstack([np.ones((x.shape[1], 1)), x.T]).T\n"),
    ("get_accuracy", "accuracy_0d_array",
     "def get_accuracy(predictions, Y):\n    return np.array(np.sum(predictions == Y) / Y.size)\n"),
    ("update_params", "update_in_place_on_copies_np",
     "def update_params(W1, W2, dW1, dW2, alpha):\n    W1, W2 = np.copy(W1), np.copy(W2)\n    W1 -= alpha * dW1\n    W2 -= alpha * dW2\n    return W1, W2\n"),
    ("ReLU", "relu_maximum_out_copy",
     "def ReLU(Z):\n    A = np.array(Z, copy=True)\n    np.maximum(A, 0, out=A)\n    return A\n"),
    ("one_hot", "one_hot_put_along_axis",
     "def one_hot(Y):\n    o = np.zeros((10, Y.size))\n    np.put_along_axis(o, Y[None, :], 1, axis=0)\n    return o\n"),
    ("one_hot", "one_hot_python_list_input_ok",
     "def one_hot(Y):\n    Y = np.array(Y).astype(int)\n    return np.eye(10)[Y].T\n"),
    ("loss_curve", "curve_preallocated",
     'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
     '    losses = np.zeros(iterations)\n'
     '    for i in range(iterations):\n'
     '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
     '        losses[i] = cross_entropy(A2, Y)\n'
     '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
     '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
     '    return losses\n'),
    ("loss_curve", "curve_list_wrapped",
     'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
     '    losses = []\n'
     '    for i in range(iterations):\n'
     '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
     '        losses.append(cross_entropy(A2, Y))\n'
     '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
     '        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n'
     '    return np.array(losses)\n'),
    ("loss_curve", "curve_inline_loss_and_step",
     'def loss_curve(W1, W2, X, Y, alpha, iterations):\n'
     '    losses = []\n'
     '    for _ in range(iterations):\n'
     '        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n'
     '        losses.append(-np.mean(np.log(A2[Y, np.arange(Y.size)])))\n'
     '        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n'
     '        W1 = W1 - alpha * dW1\n'
     '        W2 = W2 - alpha * dW2\n'
     '    return np.asarray(losses)\n'),
    ("minibatch_momentum", "mb_matching_loop",
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
     '            W1, W2 = update_params(W1, W2, V1, V2, alpha)\n'
     '    return W1, W2\n'),
    ("minibatch_momentum", "mb_inline_steps_and_count",
     'def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):\n'
     '    rng = np.random.default_rng(seed)\n'
     '    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)\n'
     '    m = X.shape[1]\n'
     '    for epoch in range(epochs):\n'
     '        order = rng.permutation(m)\n'
     '        for k in range(-(-m // batch_size)):\n'
     '            batch = order[k * batch_size:(k + 1) * batch_size]\n'
     '            Xb, Yb = X[:, batch], Y[batch]\n'
     '            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)\n'
     '            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)\n'
     '            V1 = beta * V1 + dW1\n'
     '            V2 = beta * V2 + dW2\n'
     '            W1 = W1 - alpha * V1\n'
     '            W2 = W2 - alpha * V2\n'
     '    return W1, W2\n'),
    ("minibatch_momentum", "mb_velocity_negative",
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
     '            V1 = beta * V1 - alpha * dW1\n'
     '            V2 = beta * V2 - alpha * dW2\n'
     '            W1, W2 = W1 + V1, W2 + V2\n'
     '    return W1, W2\n'),
]
