"""The reference network: the seed notebook's two-layer net, written correctly.

Layout follows the seed: one column per example. X holds 784 pixel rows scaled
to [0, 1]; `pad(X)` prepends a row of ones so that the first column of W1 acts
as the hidden layer's bias. Shapes, with m examples and h hidden units (10 in
the seed):

    X (padded)  785 x m      W1  h x 785      Z1, A1  h x m
    Y           m (ints)     W2  10 x h       Z2, A2  10 x m

Every function leaves its inputs unchanged and prints nothing. The autograder,
the widgets and the lessons all compare against these functions.
"""

import numpy as np

NUM_CLASSES = 10
NUM_PIXELS = 784


def init_params(hidden_units=10, seed=0):
    """Random starting weights, scaled for ReLU ("He" initialisation), biases at zero.

    Each weight is drawn from a normal distribution with standard deviation
    sqrt(2 / fan_in): W1 (hidden_units, 785) with fan_in 785, W2 (10, hidden_units)
    with fan_in hidden_units. Column 0 of W1, the hidden biases (the row of ones
    that `pad` adds), starts at 0: the random weights already make the hidden units
    differ, and a bias only shifts a unit's score. The seed notebook's uniform [-0.5, 0.5) weights are
    too large for 785 inputs (Z1 starts several times bigger than needed), which
    is why they reach only ~82% in 500 iterations on the bundled digits where
    these reach ~89%. The same seed always gives the same weights (float64).
    """
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((hidden_units, NUM_PIXELS + 1)) * np.sqrt(2 / (NUM_PIXELS + 1))
    W1[:, 0] = 0
    W2 = rng.standard_normal((NUM_CLASSES, hidden_units)) * np.sqrt(2 / hidden_units)
    return W1, W2


def pad(x):
    """Prepend a row of ones (the bias trick): (n, m) -> (n + 1, m), same dtype."""
    return np.concatenate((np.ones((1, x.shape[1]), dtype=x.dtype), x), axis=0)


def ReLU(Z):
    """max(Z, 0) elementwise; any shape, same dtype."""
    return np.maximum(Z, 0)


def ReLU_deriv(Z):
    """Derivative of ReLU: 1 where Z > 0, else 0 (0 at Z == 0); same shape and dtype as Z."""
    return (Z > 0).astype(Z.dtype)


def softmax(Z):
    """Column-wise softmax: (10, m) logits -> (10, m) probabilities, each column sums to 1.

    Subtracting each column's max first leaves the result unchanged
    (softmax is shift-invariant) and keeps exp() from overflowing.
    """
    shifted = Z - Z.max(axis=0, keepdims=True)
    E = np.exp(shifted)
    return E / E.sum(axis=0, keepdims=True)


def one_hot(Y, num_classes=NUM_CLASSES):
    """Integer labels (m,) -> (num_classes, m) float64 matrix with a single 1 per column.

    Always 10 rows, even when a batch lacks the largest digits.
    """
    Y = np.asarray(Y)
    one_hot_Y = np.zeros((num_classes, Y.size))
    one_hot_Y[Y.ravel(), np.arange(Y.size)] = 1
    return one_hot_Y


def forward_prop(W1, W2, X):
    """Run the network on padded inputs X (785, m).

    Returns Z1, A1 (h, m) and Z2, A2 (10, m); A2's columns are class probabilities.
    """
    Z1 = W1 @ X
    A1 = ReLU(Z1)
    Z2 = W2 @ A1
    A2 = softmax(Z2)
    return Z1, A1, Z2, A2


def cross_entropy(A2, Y):
    """Mean cross-entropy loss: -mean(log A2[Y[j], j]) over the m columns.

    A2 (10, m) probabilities, Y (m,) integer labels. Probabilities are clipped
    away from 0 by the dtype's smallest normal number so the loss stays finite.
    """
    Y = np.asarray(Y).ravel()
    picked = A2[Y, np.arange(Y.size)]
    tiny = np.finfo(A2.dtype).tiny if np.issubdtype(A2.dtype, np.floating) else np.finfo(float).tiny
    return float(-np.mean(np.log(np.maximum(picked, tiny))))


def l2_penalty(W1, W2, lambd, m):
    """The L2 term added to the loss, as a float: lambd / (2 m) times the sum of the squared weights.

    W1 (h, 785), W2 (10, h); the bias column W1[:, 0] is left out (a bias scales nothing, so there is
    nothing to keep small); m is the number of examples in the batch.
    """
    return float(lambd / (2 * m) * (np.sum(np.square(W1[:, 1:])) + np.sum(np.square(W2))))


def l2_gradients(W1, W2, lambd, m):
    """The gradients of `l2_penalty`, to add to backprop's dW1 and dW2: lambd / m times the weights,
    0 for the bias column W1[:, 0]. New arrays (h, 785) and (10, h); W1 and W2 are not modified."""
    dW1 = (lambd / m) * W1
    dW1[:, 0] = 0
    return dW1, (lambd / m) * W2


def dW2_by_examples(dZ2, A1):
    """dW2 one example at a time: the mean over the m columns j of the outer product of dZ2[:, j] and
    A1[:, j]. dZ2 (10, m), A1 (h, m) -> (10, h), the same as dZ2 @ A1.T / m; neither input is modified."""
    m = dZ2.shape[1]
    dW2 = np.zeros((dZ2.shape[0], A1.shape[0]), dtype=np.result_type(dZ2, A1, np.float32))
    for j in range(m):
        dW2 += np.outer(dZ2[:, j], A1[:, j])
    return dW2 / m


def relative_error(analytic, numeric):
    """The worst relative difference between two arrays of gradients of the same shape, as a float.

    max over the entries of |a - n| / max(|a|, |n|), an entry where both are 0 counting as 0. Scale-free:
    1e-7 means about seven digits agree, whether the gradients are near 1000 or near 0.001.
    """
    a, n = np.asarray(analytic, dtype=np.float64), np.asarray(numeric, dtype=np.float64)
    scale = np.maximum(np.abs(a), np.abs(n))
    gaps = np.divide(np.abs(a - n), scale, out=np.zeros(np.broadcast(a, n).shape), where=scale > 0)
    return float(np.max(gaps))


def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):
    """Gradients of the mean cross-entropy loss with respect to W1 and W2.

    m is taken from this batch (X.shape[1]), never from a global. Returns
    dW1 (h, 785) and dW2 (10, h), the same shapes as W1 and W2.
    """
    m = X.shape[1]
    dZ2 = A2 - one_hot(Y)
    dW2 = dZ2 @ A1.T / m
    dZ1 = (W2.T @ dZ2) * ReLU_deriv(Z1)
    dW1 = dZ1 @ X.T / m
    return dW1, dW2


def update_params(W1, W2, dW1, dW2, alpha):
    """One gradient-descent step: new W = W - alpha * dW. Returns new arrays; the old ones are kept."""
    return W1 - alpha * dW1, W2 - alpha * dW2


def get_predictions(A2):
    """Most probable class of each column: (10, m) -> (m,) integer labels."""
    return np.argmax(A2, axis=0)


def get_accuracy(predictions, Y):
    """Fraction of predictions (m,) equal to labels Y (m,), as a float in [0, 1]."""
    return float(np.mean(np.asarray(predictions) == np.asarray(Y)))


def gradient_descent(X, Y, alpha, iterations, callback=None, hidden_units=10, seed=0):
    """Full-batch gradient descent, as in the seed notebook.

    X (785, m) padded inputs, Y (m,) integer labels, alpha the learning rate.
    After each iteration's forward pass, callback(iteration, loss, accuracy) is
    called (if given) with the training loss and accuracy of the weights before
    that iteration's update; returning False from it stops training early.
    Returns the trained W1 (hidden_units, 785) and W2 (10, hidden_units) in X's
    floating dtype (float64 for integer X).

    `widgets.fast.full_batch_gradient_descent` takes exactly these steps in
    float32 without repeating work, about twice as fast, for the widgets and
    later lessons.
    """
    W1, W2 = init_params(hidden_units=hidden_units, seed=seed)
    if np.issubdtype(X.dtype, np.floating):
        W1, W2 = W1.astype(X.dtype), W2.astype(X.dtype)
    for i in range(iterations):
        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)
        if callback is not None:
            loss, accuracy = cross_entropy(A2, Y), get_accuracy(get_predictions(A2), Y)
            if callback(i, loss, accuracy) is False:
                break
        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)
        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)
    return W1, W2


def loss_curve(W1, W2, X, Y, alpha, iterations):
    """Train from W1 (h, 785) and W2 (10, h) on padded X (785, m) with labels Y (m,), recording the loss.

    Takes `iterations` full-batch steps of size alpha. Returns the losses as an array (iterations,):
    entry i is cross_entropy of iteration i's forward pass, measured before that iteration's update, so
    entry 0 is the loss of the starting weights. W1 and W2 are not modified.
    """
    losses = []
    for _ in range(iterations):
        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)
        losses.append(cross_entropy(A2, Y))
        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)
        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)
    return np.array(losses)


def minibatch_momentum(W1, W2, X, Y, alpha, beta, batch_size, epochs, seed):
    """Mini-batch gradient descent with momentum, from W1 (h, 785) and W2 (10, h).

    X (785, m) padded inputs, Y (m,) labels. rng = np.random.default_rng(seed), made once; each epoch
    walks through the examples in the order rng.permutation(m), batch_size at a time (the last batch
    may be smaller). Each batch: forward and backward pass on it, V = beta * V + dW (V starts at zero,
    once, and carries over from batch to batch and epoch to epoch), W = W - alpha * V. Returns the
    trained W1, W2; the inputs are not modified. `widgets.fast.minibatch_gradient_descent` takes the
    same steps from init_params(hidden_units, seed), in float32.
    """
    rng = np.random.default_rng(seed)
    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)
    m = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, Yb = X[:, batch], Y[batch]
            Z1, A1, Z2, A2 = forward_prop(W1, W2, Xb)
            dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)
            V1, V2 = beta * V1 + dW1, beta * V2 + dW2
            W1, W2 = update_params(W1, W2, V1, V2, alpha)
    return W1, W2


def make_predictions(X, W1, W2):
    """Predicted labels (m,) for padded inputs X (785, m)."""
    _, _, _, A2 = forward_prop(W1, W2, X)
    return get_predictions(A2)
