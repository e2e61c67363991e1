"""Fast training loops behind the reference network: same maths, less waiting.

The learner-facing functions in `widgets.reference` show the maths one step at
a time; these loops compute exactly the same steps with the repeated work taken
out, so the widgets and the "beyond" lesson can train in seconds:

- float32 throughout (half the bytes to stream per pass over X);
- X converted and laid out once per call, never per iteration; the one-hot
  labels are never built (A2 - one_hot_Y is "subtract 1 at each label");
- one `exp` per softmax, computed in place, and every (h, m) / (10, m)
  intermediate in a buffer allocated once;
- the two large products, Z1 = W1 @ X and dW1 = dZ1 @ X.T, are the only passes
  over the training matrix, and each is a single BLAS call on a C-contiguous X;
- full batch: pixel rows that are 0 in every example are left out of both
  products (their W1 columns would get exactly zero gradient).

Memory: the full-batch loop copies X once when it is not float32 C-contiguous
or has all-zero pixel rows (the copy holds only the rows in use); the
mini-batch loop keeps one float32 copy of X with one row per example.

Precision: inputs in float64 are converted once to float32 (the cost of about
one iteration). Single precision keeps about 7 significant
digits, far more than gradient descent needs: after 500 iterations on 3,000
bundled digits the weights differ from a float64 run by 3e-6 of their largest
value, the losses by 1e-7 (relative), and every accuracy is identical
(tests/test_fast.py pins the agreement). Weights are returned in X's floating
dtype.

Threads: the full-batch products are large and use the BLAS library's
threads; the mini-batch products are small and run on one thread, which is
faster for them, much faster when other programs share the cores.

Grading: while a notebook is graded (widgets.grading_mode) both loops stop after
GRADING_ITERATIONS iterations or GRADING_EPOCHS epochs; only the checks earn points.

Shapes as in the lessons: X padded (785, m), Y (m,) integer labels in 0..9,
W1 (h, 785), W2 (10, h). Inputs are never modified.
"""

import numpy as np
from threadpoolctl import threadpool_limits

from widgets.errors import LearnerError
from widgets.grading_mode import GRADING_EPOCHS, GRADING_ITERATIONS, shortened
from widgets.reference import NUM_CLASSES, NUM_PIXELS, init_params

DTYPE = np.float32


class TrainingInputError(LearnerError, ValueError):
    """X, Y or a setting cannot be trained on; the message says what to change."""


def _checked(X, Y):
    """Check shapes and labels; return X as an array (785, m), unconverted, and Y as intp (m,).

    Raises TrainingInputError (a ValueError) with advice when the inputs do not fit the network.
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != NUM_PIXELS + 1:
        hint = " Did you forget pad(X)?" if X.ndim == 2 and X.shape[0] == NUM_PIXELS else ""
        raise TrainingInputError(
            f"X should be the padded inputs, shape (785, m) with one column per example; got {X.shape}.{hint}"
        )
    Y = np.asarray(Y).ravel()
    if Y.size != X.shape[1]:
        raise TrainingInputError(
            f"Y should hold one label per column of X: X has {X.shape[1]} columns, Y has {Y.size}."
        )
    if Y.size == 0:
        raise TrainingInputError("X has no columns: there is nothing to train on.")
    if not np.issubdtype(Y.dtype, np.integer):
        if not np.all(np.mod(Y, 1) == 0):
            raise TrainingInputError("Y should hold integer labels 0..9, not probabilities or one-hot rows.")
    Y = Y.astype(np.intp)
    if Y.min() < 0 or Y.max() >= NUM_CLASSES:
        raise TrainingInputError(f"Y should hold labels 0..9; found values from {Y.min()} to {Y.max()}.")
    return X, Y


def _float32_rows(X, rows, block=64):
    """X[rows] as a C-contiguous float32 array (len(rows), m), converted a block of rows at a time.

    Returns X itself when it already is that array; otherwise no full-size temporary is made.
    """
    if rows.size == X.shape[0] and X.dtype == DTYPE and X.flags.c_contiguous:
        return X
    out = np.empty((rows.size, X.shape[1]), DTYPE)
    for start in range(0, rows.size, block):
        out[start : start + block] = X[rows[start : start + block]]
    return out


def _result_dtype(X):
    """The dtype the trained weights are returned in: X's floating dtype, else float64."""
    dtype = np.asarray(X).dtype
    return dtype if np.issubdtype(dtype, np.floating) else np.dtype(np.float64)


def _softmax_in_place(Z2, column_sums):
    """Turn logits Z2 (10, m) into probabilities in place with one exp; column_sums (m,) is scratch."""
    np.subtract(Z2, Z2.max(axis=0), out=Z2)
    np.exp(Z2, out=Z2)
    np.sum(Z2, axis=0, out=column_sums)
    np.divide(Z2, column_sums, out=Z2)


def _loss_and_accuracy(A2, Y, label_index):
    """Mean cross-entropy and accuracy of probabilities A2 (10, m) against labels Y (m,).

    label_index (m,) holds the flat positions Y[j] * m + j of the true classes in A2.
    """
    picked = A2.ravel()[label_index]
    loss = -np.mean(np.log(np.maximum(picked, np.finfo(A2.dtype).tiny)), dtype=np.float64)
    accuracy = np.mean(A2.argmax(axis=0) == Y)
    return float(loss), float(accuracy)


def full_batch_gradient_descent(X, Y, alpha, iterations, callback=None, hidden_units=10, seed=0):
    """Full-batch gradient descent, step for step the same as `widgets.reference.gradient_descent`.

    X (785, m) padded inputs, Y (m,) integer labels, alpha the learning rate.
    callback(iteration, loss, accuracy), if given, sees each iteration's training
    loss and accuracy before its update; returning False stops training.
    Returns W1 (hidden_units, 785) and W2 (10, hidden_units) in X's floating
    dtype (float64 for integer X). X and Y are not modified.
    """
    result_dtype = _result_dtype(X)
    X, Y = _checked(X, Y)
    m = X.shape[1]
    W1_all, W2 = (W.astype(DTYPE) for W in init_params(hidden_units=hidden_units, seed=seed))
    # A pixel that is 0 in every example adds nothing to Z1 and its column of dW1 is
    # exactly 0, so its column of W1 never changes: leave those rows of X out of both
    # large products (115 of the 784 pixels in the bundled training digits).
    rows = np.flatnonzero(X.any(axis=1))
    X = _float32_rows(X, rows)
    W1 = np.ascontiguousarray(W1_all[:, rows])
    label_index = Y * m + np.arange(m)
    step = DTYPE(alpha / m)

    Z1 = np.empty((hidden_units, m), DTYPE)
    A1 = np.empty_like(Z1)
    A2 = np.empty((NUM_CLASSES, m), DTYPE)
    dZ1 = np.empty_like(Z1)
    dW1 = np.empty_like(W1)
    column_sums = np.empty(m, DTYPE)
    active = np.empty(Z1.shape, bool)

    for i in range(shortened(iterations, GRADING_ITERATIONS)):
        np.matmul(W1, X, out=Z1)
        np.maximum(Z1, 0, out=A1)
        np.matmul(W2, A1, out=A2)
        _softmax_in_place(A2, column_sums)
        if callback is not None and callback(i, *_loss_and_accuracy(A2, Y, label_index)) is False:
            break
        dZ2 = A2
        dZ2.ravel()[label_index] -= 1
        dW2 = dZ2 @ A1.T
        np.matmul(W2.T, dZ2, out=dZ1)
        np.multiply(dZ1, np.greater(Z1, 0, out=active), out=dZ1)  # times ReLU_deriv(Z1)
        np.matmul(dZ1, X.T, out=dW1)
        W1 -= step * dW1
        W2 -= step * dW2
    W1_all[:, rows] = W1
    return W1_all.astype(result_dtype), W2.astype(result_dtype)


def minibatch_gradient_descent(
    X,
    Y,
    alpha,
    epochs,
    batch_size=128,
    momentum=0.9,
    hidden_units=10,
    seed=0,
    callback=None,
    weights_callback=None,
    l2=0.0,
):
    """Mini-batch gradient descent with momentum: many small steps per pass over the data.

    Each epoch shuffles the m examples and walks through them batch_size at a
    time (the last batch may be smaller). Each step computes the same gradients
    as `widgets.reference.backward_prop` on its batch, then
    V = momentum * V + dW and W = W - alpha * V (momentum=0 is plain SGD).
    X (785, m) padded inputs, Y (m,) integer labels. callback(step, loss,
    accuracy), if given, sees each step's batch loss and accuracy before its
    update (step counts from 0 across epochs); returning False stops training.
    weights_callback(step, W1, W2), if given, sees the weights just after each
    step's update, for measuring dev accuracy as training goes; the arrays are
    float32 and change in place at the next step (copy them to keep them);
    returning False stops training. The same seed gives the same weights and the same batches.
    l2: the lambd of L2 regularisation (`widgets.reference.l2_penalty`, with m the batch's size): each
    step adds l2 / b times the weights to their gradients, the bias column W1[:, 0] excepted.
    Returns W1 (hidden_units, 785) and W2 (10, hidden_units) in X's floating
    dtype (float64 for integer X). X and Y are not modified.
    """
    if batch_size < 1:
        raise TrainingInputError(f"batch_size should be at least 1; got {batch_size}.")
    result_dtype = _result_dtype(X)
    X, Y = _checked(X, Y)
    # Products this small run slower on several BLAS threads than on one, many
    # times slower when other programs share the cores.
    with threadpool_limits(limits=1, user_api="blas"):
        W1, W2 = _minibatch_steps(
            X, Y, alpha, epochs, batch_size, momentum, hidden_units, seed, callback, weights_callback, l2
        )
    return W1.astype(result_dtype), W2.astype(result_dtype)


def _minibatch_steps(
    X, Y, alpha, epochs, batch_size, momentum, hidden_units, seed, callback, weights_callback, l2=0.0
):
    """The loop of `minibatch_gradient_descent` on checked X (785, m) and intp Y (m,)."""
    m = X.shape[1]
    examples = np.ascontiguousarray(X.T, dtype=DTYPE)  # (m, 785): a batch is a gather of rows
    W1, W2 = (W.astype(DTYPE) for W in init_params(hidden_units=hidden_units, seed=seed))
    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)
    rng = np.random.default_rng(seed)
    batch_size = min(batch_size, m)
    batch = np.empty((batch_size, NUM_PIXELS + 1), DTYPE)
    step = 0
    for _ in range(shortened(epochs, GRADING_EPOCHS)):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            chosen = order[start : start + batch_size]
            b = chosen.size
            Xb = np.take(examples, chosen, axis=0, out=batch[:b])  # (b, 785)
            Yb = Y[chosen]
            label_index = Yb * b + np.arange(b)

            Z1 = W1 @ Xb.T
            A1 = np.maximum(Z1, 0)
            A2 = W2 @ A1
            _softmax_in_place(A2, np.empty(b, DTYPE))
            if callback is not None and callback(step, *_loss_and_accuracy(A2, Yb, label_index)) is False:
                return W1, W2
            dZ2 = A2
            dZ2.ravel()[label_index] -= 1
            dZ2 /= b
            dW2 = dZ2 @ A1.T
            dZ1 = W2.T @ dZ2
            dZ1 *= Z1 > 0
            dW1 = dZ1 @ Xb
            if l2:
                decay = DTYPE(l2 / b)
                dW1[:, 1:] += decay * W1[:, 1:]
                dW2 += decay * W2
            V1 *= momentum
            V1 += dW1
            V2 *= momentum
            V2 += dW2
            W1 -= DTYPE(alpha) * V1
            W2 -= DTYPE(alpha) * V2
            if weights_callback is not None and weights_callback(step, W1, W2) is False:
                return W1, W2
            step += 1
    return W1, W2
