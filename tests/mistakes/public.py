"""Mistakes from public re-implementations of the seed notebook, each with the diagnosis it must get.

Each entry names the repository, file and commit it was committed in. The code is the committed function,
adapted only mechanically to the course's signatures: no bias arguments or outputs (the course's
`pad` row is the bias), W1 (10, 785), and the exercise's parameter names where a rename is all that
differs. Entries marked "constructed" stand for a family where no public example was found; they are
written the way the public code of that family is written.
"""

# ruff: noqa: E501 - each entry is learner code kept on as few lines as a notebook cell

from .wrong import Mistake

# The seed's backward_prop, which reads the notebook's `m` (set by `m, n = data.shape`).
_SEED_BACKWARD = (
    "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    one_hot_Y = one_hot(Y)\n    dZ2 = A2 - one_hot_Y\n"
    "    dW2 = 1 / m * dZ2.dot(A1.T)\n    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)\n    dW1 = 1 / m * dZ1.dot(X.T)\n"
    "    return dW1, dW2\n"
)

PUBLIC = [
    # A misspelled NumPy function.
    # Ben-Dyson-official/AI_from_scratch, main.py, commit 1093b4d10e3b21b5e518c42a0fcffbd30ee86419
    Mistake("public_np_zeroes", "one_hot",
            "def one_hot(Y):\n    one_hot_Y = np.zeroes((Y.size, Y.max()+1))\n    one_hot_Y[np.arrange(Y.size), Y] = 1\n"
            "    one_hot_Y = one_hot_Y.T \n\n    return one_hot_Y\n",
            "numpy_no_such_name", "it has `np.zeros`", status="error", also=["numpy_no_such_name", "one_hot_max_plus_one"]),
    # AliAch04/MNIST-from-scratch, mnist-from-scratch.ipynb, commit 08322408290d519e29c0e997c575efdf8e7931e3
    # (fixed in 76faa437de85adc5ad35794d7099d8bfeeb46618)
    Mistake("public_np_arrange", "one_hot",
            "def one_hot(Y):\n    one_hot_Y = np.zeros((Y.size, Y.max() +1))  #blank canvas (10, 10)\n"
            "    one_hot_Y[np.arrange(Y.size), Y] = 1\n    one_hot_Y = one_hot_Y.T\n    return one_hot_Y\n",
            "numpy_no_such_name", "Write `np.arange`.", status="error", also=["one_hot_max_plus_one"]),
    # A method used without calling it.
    # nicoriola01/mnist-from-scratch, src/neural_network.py, commit 109fe1b244677c0ada526c613eb16f441efa5815
    # (fixed in 445b6ac94e7774e127c40aad456d3fd2df4bcde9, "fix one-hot encoding")
    Mistake("public_max_not_called", "one_hot",
            "def one_hot(labels):\n    one_hot_labels = np.zeros(labels.size, labels.max + 1)\n"
            "    one_hot_labels[np.arange(labels.size), labels] = 1\n\n    return one_hot_labels.T\n",
            "method_not_called", "`labels.max` is the function itself", status="error"),
    # A global called `m`: the seed's own backward_prop, with `m, n = data.shape` in the notebook.
    # Darkphantom323/Simple_MNIST_From_Scratch, simple-mnist-nn-from-scratch.ipynb,
    # commit 8328ce6ecfcdb6edcda64c5d11437d5bd18672a7 (also Helyousfi/MNIST-from-scratch 0a8e06cbc95f0ec64d4eda16b5eea62c689e7c48)
    Mistake("public_global_named_m", "backward_prop", _SEED_BACKWARD, "global_m", "a name it never assigns is the notebook's", extra_globals={"m": 42000}),
    # The same function in a fresh kernel, before the cell that sets `m`.
    Mistake("public_undefined_m", "backward_prop", _SEED_BACKWARD, "undefined_name", "m = X.shape[1]", status="error"),
    # A name the function does not have: its parameter is called something else.
    # AliAch04/MNIST-from-scratch, mnist-from-scratch.ipynb, commit 08322408290d519e29c0e997c575efdf8e7931e3
    Mistake("public_softmax_parameter_named_X", "softmax",
            "def softmax(X):\n    return np.exp(Z)/ np.sum(exp(Z))\n",
            "undefined_name", "its parameters are `X`", status="error"),
    # brunoabreuphd/ProfilingPython, intermediate/scratchDL/predictions.py, commit 316df0782691fe2045e3321093edfb39f48cb57b
    Mistake("public_predictions_parameter_named_AL", "get_predictions",
            'def get_predictions(AL):\n    """\n    Computes the predictions of a neural network.\n    """\n'
            "    return np.argmax(A, axis=0)\n",
            "undefined_name", "its parameters are `AL`", status="error"),
    # A misspelled local name.
    # AliAch04/MNIST-from-scratch, mnist-from-scratch.ipynb, commit 849c2610f4625ce90803bd87f9fd0e99f5d0071a
    # (its learning-rate parameter `a` renamed `alpha`, the course's name)
    Mistake("public_iterations_misspelled", "gradient_descent",
            "def gradient_descent(X, Y, alpha, iterations):\n    W1, W2 = init_params()\n\n"
            "    for i in range(iterarions):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
            "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
            "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n",
            "misspelled_name", "`iterations` is", status="error"),
    # Constructed (no public example found): a misspelled NumPy keyword.
    Mistake("constructed_keepdim", "softmax",
            "def softmax(Z):\n    exp = np.exp(Z - np.max(Z, axis=0, keepdim=True))\n"
            "    return exp / np.sum(exp, axis=0, keepdim=True)\n",
            "unknown_keyword", "it takes `keepdims`", status="error"),
    # The entries below are real code found in the public code index (find_string) whose repository and commit
    # could not be traced: the index gives the file's text and an entry id, not where it was committed. The id
    # is kept as the provenance; the adaptation is mechanical, as above.
    # Index entry 47191214821 (also 47999068668): a NumPy softmax with PyTorch's keyword; it returned (a, z).
    Mistake("public_untraced_keepdim", "softmax",
            "def softmax(Z):\n    # z = z - np.max(z, axis=0, keepdim=True)\n"
            "    a = np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdim=True)\n    return a\n",
            "unknown_keyword", "it takes `keepdims`", status="error"),
    # Index entry 48287625040: `Y.size()` behind a misspelled np.zeroes, which raises first; both are named.
    Mistake("public_untraced_zeroes_and_size_called", "one_hot",
            "def one_hot(Y):\n    one_hot_y = np.zeroes((Y.size(), Y.max()+1))\n    one_hot_y[np.arange(Y.size), Y] = 1\n"
            "    one_hot_y = one_hot_y.T\n    return one_hot_y\n",
            "numpy_no_such_name", "`Y.size`, not `Y.size()`", status="error", also=["attribute_called"]),
    # Index entry 69768771789 (also 69541341919): forward_prop with its own softmax over the whole matrix; it
    # returned A2 only and added biases b1, b2.
    Mistake("public_untraced_inline_softmax_whole_matrix", "forward_prop",
            "def forward_prop(W1, W2, X):\n    #1st affine transform\n    Z1 = np.matmul(W1, X)\n"
            "    #Non-linear ReLU function \n    A1 = np.maximum(0, Z1)\n    #2nd affine transform\n"
            "    Z2 = np.matmul(W2, A1)\n    #Softmax function to transform elements into probabilities\n"
            "    A2 = np.exp(Z2) / np.sum(np.exp(Z2))\n    return Z1, A1, Z2, A2\n",
            "softmax_whole_matrix", "computes the softmax itself"),
    # Index entry 4527576634: back_prop with its own one-hot sized by Y.max() + 1 and the notebook's m (its
    # notebook sets `m, n = data.shape`, 42000 rows less 1000 for dev); biases dropped, parameters in the
    # exercise's order. Both mistakes are named.
    Mistake("public_untraced_inline_one_hot_and_global_m", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    one_hot_Y = np.zeros((Y.size, Y.max() + 1))\n"
            "    one_hot_Y[np.arange(Y.size), Y] = 1\n    one_hot_Y = one_hot_Y.T\n    dZ2 = A2 - one_hot_Y\n"
            "    dW2 = 1/m * dZ2.dot(A1.T)\n    dZ1 = W2.T.dot(dZ2) * (Z1 > 0)\n    dW1 = 1/m * dZ1.dot(X.T)\n"
            "    return dW1, dW2\n",
            "global_m", "sized by Y.max() + 1", extra_globals={"m": 41000}, also=["one_hot_max_plus_one"]),
    # Constructed: an attribute called like a method.
    Mistake("constructed_size_called", "one_hot",
            "def one_hot(Y):\n    one_hot_Y = np.zeros((Y.size(), Y.max() + 1))\n"
            "    one_hot_Y[np.arange(Y.size()), Y] = 1\n    return one_hot_Y.T\n",
            "attribute_called", "`Y.size`, not `Y.size()`", status="error"),
    # Constructed: .item() on an array of many values.
    Mistake("constructed_item_of_many", "get_accuracy",
            "def get_accuracy(predictions, Y):\n    return (predictions == Y).item() / Y.size\n",
            "scalar_of_many", "several values", status="error"),
    # Constructed: indexing the result of a reduction over everything.
    Mistake("constructed_index_into_scalar", "softmax",
            "def softmax(Z):\n    E = np.exp(Z - Z.max())\n    return E / np.sum(E)[0]\n",
            "index_into_scalar", "gives one number", status="error"),
    # Constructed: the exercise's parameters in another order (update_params(W1, dW1, W2, dW2, alpha)).
    Mistake("constructed_parameters_reordered", "update_params",
            "def update_params(W1, dW1, W2, dW2, alpha):\n    W1 = W1 - alpha * dW1\n    W2 = W2 - alpha * dW2\n"
            "    return W1, W2\n",
            "parameters_reordered", "another order", status="error"),
    # Two mistakes in one function, each named.
    # Labels not one-hot encoded, and divided by the notebook's `m` (its notebook sets `m = 60000`
    # before training, and passes labels it one-hot encoded itself; the exercise passes the labels).
    # efekaanefe/MNIST-Digit-Recognizer-From-Scratch, digit_recognizer.ipynb, commit b13efec50e26d296325b60f5eab1c9e856a8f4d5
    Mistake("public_labels_and_global_m", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - Y\n    dW2 = 1 / m * dZ2.dot(A1.T)\n"
            "    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)\n    dW1 = 1 / m * dZ1.dot(X.T)\n    return dW1, dW2\n",
            "labels_not_one_hot", "one_hot(Y)", also=["global_m"], extra_globals={"m": 60000}),
    # Constructed: labels not one-hot encoded, and the gradients summed but never averaged.
    Mistake("constructed_labels_and_not_averaged", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - Y\n    dW2 = dZ2.dot(A1.T)\n"
            "    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)\n    dW1 = dZ1.dot(X.T)\n    return dW1, dW2\n",
            "labels_not_one_hot", "m times too large", also=["not_averaged"]),
    # Constructed: no ReLU slope, and no averaging.
    Mistake("constructed_no_slope_and_not_averaged", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - one_hot(Y)\n    dW2 = dZ2.dot(A1.T)\n"
            "    dZ1 = W2.T.dot(dZ2)\n    dW1 = dZ1.dot(X.T)\n    return dW1, dW2\n",
            "missing_relu_deriv", "m times too large", also=["not_averaged"]),
    # Constructed: two parts wrong with no factor between them, each named (labels not one-hot, no ReLU slope).
    Mistake("constructed_labels_and_no_slope", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - Y\n"
            "    dW2 = 1 / m * dZ2.dot(A1.T)\n    dZ1 = W2.T.dot(dZ2)\n    dW1 = 1 / m * dZ1.dot(X.T)\n    return dW1, dW2\n",
            "labels_not_one_hot", "missing the ReLU derivative", also=["missing_relu_deriv"]),
    # Constructed: labels not one-hot, and the slope written with np.sign.
    Mistake("constructed_labels_and_sign_slope", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n    dZ2 = A2 - Y\n"
            "    dW2 = 1 / m * dZ2.dot(A1.T)\n    dZ1 = W2.T.dot(dZ2) * np.sign(Z1)\n    dW1 = 1 / m * dZ1.dot(X.T)\n"
            "    return dW1, dW2\n",
            "labels_not_one_hot", "in the ReLU's slope", also=["relu_deriv_negative"]),
    # Constructed: forward_prop with two parts of its own, both wrong (an absolute value, a whole-matrix softmax).
    Mistake("constructed_abs_and_whole_matrix_softmax", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1.dot(X)\n    A1 = np.abs(Z1)\n    Z2 = W2.dot(A1)\n"
            "    A2 = np.exp(Z2) / np.sum(np.exp(Z2))\n    return Z1, A1, Z2, A2\n",
            "relu_negative_inputs", "normalised over the whole matrix", also=["softmax_whole_matrix"]),
    # A part built inline, named as its own exercise names it.
    # Constructed: backward_prop builds the seed's one-hot matrix itself (rows from Y.max() + 1).
    Mistake("constructed_inline_one_hot_sized_by_labels", "backward_prop",
            "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    m = Y.size\n"
            "    one_hot_Y = np.zeros((Y.size, Y.max() + 1))\n    one_hot_Y[np.arange(Y.size), Y] = 1\n"
            "    dZ2 = A2 - one_hot_Y.T\n    dW2 = 1 / m * dZ2.dot(A1.T)\n    dZ1 = W2.T.dot(dZ2) * (Z1 > 0)\n"
            "    dW1 = 1 / m * dZ1.dot(X.T)\n    return dW1, dW2\n",
            "one_hot_max_plus_one", "computes the one-hot matrix of the labels itself", status="error"),
    # Constructed: forward_prop with its own softmax summed over the whole matrix.
    Mistake("constructed_inline_softmax_whole_matrix", "forward_prop",
            "def forward_prop(W1, W2, X):\n    Z1 = W1.dot(X)\n    A1 = np.maximum(Z1, 0)\n    Z2 = W2.dot(A1)\n"
            "    A2 = np.exp(Z2) / np.sum(np.exp(Z2))\n    return Z1, A1, Z2, A2\n",
            "softmax_whole_matrix", "computes the softmax itself"),
]
