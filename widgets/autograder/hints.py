"""A ladder of hints per exercise: a nudge, then the idea, then a near-complete line.

`LADDERS[name]` holds the three rungs of an exercise. The first two never give the code; the third
is close to it and leaves the learner one step (a shape, an axis, the return). `Exercise.hint`,
the "Try this" line of an unfinished exercise's feedback, is the idea (rung 2).
"""

LADDERS: dict[str, tuple[str, str, str]] = {
    "get_accuracy": (
        "Accuracy is a fraction: how many predictions were right, out of how many there are.",
        "Compare the predictions with the labels elementwise; that gives one True or False per example, and "
        "the mean of a boolean array counts True as 1.",
        "`np.mean(predictions == Y)`, returned as a Python float.",
    ),
    "one_hot": (
        "The result has one row per digit (always 10, whatever digits the batch holds) and one column per "
        "example; it is all zeros except one entry per column.",
        "Start from `np.zeros` of shape (10, m); then, in column j, set row Y[j] to 1. NumPy can set all m "
        "entries at once when you index with two arrays: the rows and the columns.",
        "`one_hot_Y = np.zeros((10, Y.size))`, then `one_hot_Y[Y, np.arange(Y.size)] = 1`.",
    ),
    "ReLU": (
        "ReLU keeps positive numbers as they are and replaces every negative number with 0, entry by entry.",
        "That is the larger of each entry and 0: an elementwise maximum with 0 (`np.maximum`, not `np.max`, "
        "which collapses the whole array to one number).",
        "`return np.maximum(Z, 0)`.",
    ),
    "ReLU_deriv": (
        "Look at the graph of ReLU: what is its slope to the right of 0, and to the left?",
        "The slope is 1 where Z is positive and 0 elsewhere (use 0 at exactly 0). A comparison gives a mask "
        "of True and False; the exercise asks for numbers of Z's dtype.",
        "`(Z > 0)` is the mask; convert it with `.astype(Z.dtype)`.",
    ),
    "softmax": (
        "Each column is one example: its 10 outputs must be positive and add up to 1. And exp(1000) is "
        "already infinite in float64.",
        "Softmax does not change when the same number is subtracted from every score of a column: subtract "
        "each column's largest score, exponentiate, then divide each column by its own sum.",
        "`E = np.exp(Z - Z.max(axis=0, keepdims=True))`, then divide by `E.sum(axis=0, keepdims=True)`.",
    ),
    "pad": (
        "The bias trick: every input column gets one extra entry, a constant 1, so that W1 needs one more "
        "column (785 instead of 784).",
        "Build a row of ones as wide as x (one entry per example, x's dtype) and stack it on top of x, along "
        "the rows (axis 0).",
        "`top = np.ones((1, x.shape[1]), dtype=x.dtype)`, then `np.concatenate((top, x), axis=0)`.",
    ),
    "forward_prop": (
        "Two layers, each a matrix product followed by an activation; write down the shape of each "
        "intermediate (h x m for the hidden layer, 10 x m for the output) before you code.",
        "The hidden layer is W1 times the padded input, then ReLU; the output layer is W2 times the hidden "
        "activations, then softmax. Return all four arrays.",
        "`Z1 = W1 @ X`, `A1 = ReLU(Z1)`, then the same two steps with `W2` and `softmax`; "
        "`return Z1, A1, Z2, A2`.",
    ),
    "cross_entropy": (
        "For each example only one probability matters: the one the network gave the correct digit.",
        "Pick that probability in every column, take minus its log, and average over the m examples; clip "
        "the probabilities away from 0 first so that log never sees 0.",
        "`picked = A2[Y, np.arange(Y.size)]`, then `float(-np.mean(np.log(np.maximum(picked, 1e-12))))`.",
    ),
    "backward_prop": (
        "Work backwards from the loss: first the gradient at the output scores Z2, then W2, then back "
        "through W2 and the ReLU to Z1, then W1. Each gradient has the shape of what it is the gradient of.",
        "At the output, softmax and cross-entropy together give predicted minus true (A2 - one_hot(Y)). A "
        "weight gradient is (gradient at the layer's output) @ (the layer's input).T, averaged over the "
        "number of examples in this batch (read it from X, never from a global); going back through a ReLU "
        "multiplies by its derivative.",
        "`dZ2 = A2 - one_hot(Y)`, `dW2 = dZ2 @ A1.T / m`, `dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)`; "
        "dW1 follows the same pattern as dW2.",
    ),
    "l2_penalty": (
        "The penalty grows with the size of every weight, except the biases (column 0 of W1, from `pad`).",
        "Add up the squares of all entries of W1 but its first column and of all entries of W2, and "
        "scale the sum by lambd / (2 m). Return one float.",
        "`np.sum(W1[:, 1:] ** 2) + np.sum(W2 ** 2)`, times `lambd / (2 * m)`, as a `float`.",
    ),
    "l2_gradients": (
        "Differentiate lambd / (2 m) times w squared with respect to w: the 2 of the square meets the 1/2.",
        "Each gradient is lambd / m times its weight matrix, as a new array; the bias column of the first "
        "gets 0, because the penalty leaves it out.",
        "`dW1 = lambd / m * W1` (a new array), then `dW1[:, 0] = 0`; `dW2 = lambd / m * W2`.",
    ),
    "dW2_by_examples": (
        "Take one example, one column j: how does each weight W2[i, k] change that example's loss?",
        "For example j the gradient is the outer product of its output error dZ2[:, j] (10 numbers) and its "
        "hidden activations A1[:, j] (h numbers), a 10 x h matrix; add them up over the m columns and divide "
        "by m.",
        "`dW2 = np.zeros((dZ2.shape[0], A1.shape[0]))`, then `for j in range(m): dW2 += np.outer(dZ2[:, j], "
        "A1[:, j])`, and return `dW2 / m`.",
    ),
    "relative_error": (
        "A difference of 0.01 means nothing by itself: it is tiny next to 1000 and huge next to 0.001. "
        "Compare each difference with the size of the numbers it separates.",
        "Entry by entry, divide |analytic - numeric| by the larger of |analytic| and |numeric|, count an "
        "entry where both are 0 as 0, and return the worst (largest) ratio as a float.",
        "`scale = np.maximum(np.abs(a), np.abs(n))`, then `np.divide(np.abs(a - n), scale, "
        "out=np.zeros(scale.shape), where=scale > 0)`, and `float(...max())`.",
    ),
    "update_params": (
        "The gradient points uphill, towards a larger loss; the step goes the other way, alpha times as far.",
        "Each weight matrix moves by minus alpha times its gradient. Build new arrays instead of changing "
        "the old ones in place (`-=` would change the caller's W1).",
        "`W1 = W1 - alpha * dW1`, the same for W2, then `return W1, W2`.",
    ),
    "gradient_descent": (
        "Training is the three functions you wrote, called over and over: where do the weights come from "
        "the first time, and what must each step hand to the next?",
        "Start once from init_params(); then, `iterations` times: forward pass, backward pass, update, "
        "keeping the updated weights for the next step. Return the last weights; print nothing.",
        "`W1, W2 = init_params()`, then in `for i in range(iterations):` call forward_prop, backward_prop "
        "and `W1, W2 = update_params(W1, W2, dW1, dW2, alpha)`.",
    ),
    "loss_curve": (
        "The loss of an iteration is a number you can only measure while that iteration's forward pass is "
        "at hand; where in the loop is that, and where do the numbers go?",
        "Keep a list; in each iteration, after the forward pass and before the update, append "
        "cross_entropy of A2 and Y. Start from the W1 and W2 given; return the list as an array.",
        "`losses = []`, then in the loop `Z1, A1, Z2, A2 = forward_prop(W1, W2, X)` and "
        "`losses.append(cross_entropy(A2, Y))` before backward_prop and the update; "
        "`return np.array(losses)`.",
    ),
    "minibatch_momentum": (
        "Two loops, one inside the other: what changes from epoch to epoch, what from batch to batch, and "
        "what must survive both?",
        "Make the generator and zero velocities once; each epoch draw a permutation of the m columns; for "
        "each slice of batch_size of it, a forward and backward pass on those columns of X and entries of "
        "Y, then V = beta V + dW and a step of alpha along V.",
        "`order = rng.permutation(m)`, `for start in range(0, m, batch_size): batch = order[start:start + "
        "batch_size]`, then `Xb, Yb = X[:, batch], Y[batch]` and `V1 = beta * V1 + dW1`.",
    ),
    "get_predictions": (
        "Each column of A2 holds ten probabilities, one per digit; the prediction is a digit, not a "
        "probability.",
        "Take, in each column, the index of the largest entry: an argmax along the rows' axis (axis 0), "
        "which gives one number per column.",
        "`return np.argmax(A2, axis=0)`.",
    ),
    "init_params": (
        "Each hidden score adds up 785 products, so its spread grows with the number of inputs; the "
        "weights' spread has to shrink to match.",
        "He initialisation: normal, mean 0, standard deviation sqrt(2 / fan-in), where the fan-in is the "
        "number of inputs of the layer (785 for W1, hidden_units for W2). Draw from "
        "`np.random.default_rng(seed)`. Column 0 of W1 holds the biases, which start at 0.",
        "`rng = np.random.default_rng(seed)`, `W1 = rng.standard_normal((hidden_units, 785)) * "
        "np.sqrt(2 / 785)`, then `W1[:, 0] = 0`; W2 is (10, hidden_units) with its own fan-in.",
    ),
}
