"""Probes for one exercise each: they recognise a typical mistake and explain it.

Each takes the check's Context and the index i of the first failing case (and
k of the failing output), and returns a CheckResult naming the mistake, or None.
"""

from __future__ import annotations

import re

import numpy as np

from .. import reference as ref
from .engine import Context, data_globals
from .feedback import Example, describe, fmt
from .probes import as_float, close, nearly_equal, scale_ratio, value_finding

# ----------------------------------------------------------------------------- exercise probes: activations


def softmax_nonfinite(ctx: Context, i: int):
    bad = [j for j, g in enumerate(ctx.got) if not np.isfinite(as_float(g[0])).all()]
    wrong = [
        j
        for j, c in enumerate(ctx.cases)
        if "large" not in c.tags
        and j not in bad
        and not close(ctx.got[j][0], ctx.expected[j][0], c.rtol, c.atol)
    ]
    if wrong:
        return softmax_values(ctx, wrong[0], 0)
    ordinary = [j for j in bad if "large" not in ctx.cases[j].tags]
    if ordinary:
        j = ordinary[0]
        Z = as_float(ctx.cases[j].args[0])
        with np.errstate(all="ignore"):
            plain = Z / Z.sum(axis=0, keepdims=True)
        if np.allclose(as_float(ctx.got[j][0]), plain, equal_nan=True):
            return _softmax_missing_exp(ctx, j)
        return None
    if not bad:
        return None
    uniform = [j for j in bad if "large_uniform" in ctx.cases[j].tags]
    if uniform:
        return ctx.fail(
            "softmax_overflow",
            "np.exp overflows for large logits",
            "Your softmax gives nan when the logits are around 1000: np.exp(1000) is inf in float64 "
            "(anything above about 709 overflows) and inf / inf is nan. It works for ordinary logits, "
            "but logits this big do appear in training, and then the whole network turns into nan.",
            "Softmax does not change when you subtract the same number from every logit in a column, "
            "so subtract each column's max first: `Z - Z.max(axis=0, keepdims=True)`. "
            "Then the largest exponent is exp(0) = 1.",
            example=ctx.example(uniform[0]),
        )
    return ctx.fail(
        "softmax_global_shift",
        "subtracting one max for the whole matrix is not enough",
        "Your softmax copes when all logits are large, but gives nan when some columns are near +1000 "
        "and others near -1000: after subtracting the max of the whole matrix, the -1000 columns sit near "
        "-2000, np.exp(-2000) is 0 and 0 / 0 is nan.",
        "Subtract each column's own max: `Z - Z.max(axis=0, keepdims=True)`.",
        example=ctx.example(bad[0]),
    )


def _softmax_missing_exp(ctx: Context, i: int):
    return ctx.fail(
        "softmax_missing_exp",
        "divides the logits by their sum without np.exp",
        "Your columns sum to 1 but you normalised the logits themselves: logits can be negative "
        "or zero, and then the 'probabilities' are negative or infinite.",
        "Exponentiate first: `E = np.exp(Z - Z.max(axis=0, keepdims=True))`, then `E / E.sum(axis=0, "
        "keepdims=True)`.",
        example=ctx.example(i),
    )


def softmax_values(ctx: Context, i: int, k: int):
    Z = as_float(ctx.cases[i].args[0])
    got = as_float(ctx.got[i][0])
    cols, rows, total = got.sum(axis=0), got.sum(axis=1), got.sum()
    failing = [
        j for j, c in enumerate(ctx.cases) if not close(ctx.got[j][0], ctx.expected[j][0], c.rtol, c.atol)
    ]
    if all("large" in ctx.cases[j].tags for j in failing):
        return ctx.fail(
            "softmax_large_logits",
            "wrong for logits around ±1000",
            "Your softmax is right for ordinary logits but wrong when they are around ±1000 "
            "(clipping or rounding the logits changes the answer).",
            "Subtract each column's max instead: `Z - Z.max(axis=0, keepdims=True)` changes nothing "
            "mathematically and keeps np.exp in range.",
            example=ctx.example(failing[0]),
        )
    example = ctx.example(i)
    if np.allclose(rows, 1) and not np.allclose(cols, 1):
        return ctx.fail(
            "softmax_wrong_axis",
            "normalised over the wrong axis (rows sum to 1)",
            "Each row of your result sums to 1, but each column should: a column holds the 10 class "
            "scores of one example, and they become that example's probabilities.",
            "Sum over the classes, axis 0, and keep the axis: `E.sum(axis=0, keepdims=True)`.",
            example=example,
        )
    if np.isclose(total, 1) and not np.allclose(cols, 1):
        return ctx.fail(
            "softmax_whole_matrix",
            "normalised over the whole matrix",
            "All the numbers in your result together sum to 1, but each column should: "
            "`np.sum` without an axis adds up every example at once.",
            "Sum over axis 0 only: `E.sum(axis=0, keepdims=True)`.",
            example=example,
        )
    if Z.shape[0] == Z.shape[1]:
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        with np.errstate(all="ignore"):
            sideways = E / E.sum(axis=0)[:, None]
        if np.allclose(got, sideways):
            return ctx.fail(
                "softmax_sums_broadcast_wrong_way",
                "divides row i by the sum of column i",
                "The column sums have one entry per example, but you lined them up as a column "
                "(`[:, None]`, `.reshape(-1, 1)` or a transpose), so NumPy divides row i by the sum of "
                "column i. The shapes only fit when Z is square, which is why other inputs raise.",
                "Keep the sums as a row, one per column: `E / E.sum(axis=0, keepdims=True)`.",
                example=example,
            )
    with np.errstate(all="ignore"):
        if np.allclose(np.exp(got).sum(axis=0), 1):
            return ctx.fail(
                "softmax_returns_log",
                "returns log-probabilities",
                "Your values are the logarithms of the probabilities (np.exp of them sums to 1 per column).",
                "Return the probabilities themselves: exp of the shifted logits divided by their column sum.",
                example=example,
            )
    if np.allclose(cols, 1):
        with np.errstate(all="ignore"):
            plain = Z / Z.sum(axis=0, keepdims=True)
        if np.allclose(got, plain):
            return _softmax_missing_exp(ctx, i)
        return ctx.fail(
            "softmax_not_shift_invariant",
            "columns sum to 1 but the probabilities are wrong (not shift-invariant)",
            "Each column sums to 1, but the values are wrong. Softmax of a column must not change when you "
            "add the same number to every entry of that column; yours changes, so something treats the rows "
            "of a column differently (for example subtracting a max taken along axis 1).",
            "Subtract each column's own max, `Z.max(axis=0, keepdims=True)`, then exponentiate and divide "
            "by the column sums.",
            example=example,
        )
    return ctx.fail(
        "softmax_not_normalised",
        "columns do not sum to 1",
        f"Each column of a softmax sums to 1; yours sum to {fmt(np.round(cols[:4], 4))} (first columns).",
        "Divide the exponentials by their column sums: `E / E.sum(axis=0, keepdims=True)`.",
        example=example,
    )


def softmax_shift_property(ctx: Context):
    rng = np.random.default_rng(11)
    Z = rng.normal(0, 2, size=(10, 5))
    shift = rng.uniform(-50, 50, size=(1, 5))
    call = ctx.run(Z + shift, label="logits shifted by a different constant in each column")
    if call.error is not None or not isinstance(call.value, np.ndarray) or call.value.shape != Z.shape:
        return None
    if not np.allclose(as_float(call.value).sum(axis=0), 1):
        return ctx.fail(
            "softmax_not_normalised",
            "columns do not sum to 1",
            "On fresh logits (10 x 5), the columns of your result do not sum to 1.",
            "Divide the exponentials by their column sums.",
        )
    if not close(call.value, ref.softmax(Z), 1e-6, 1e-9):
        return ctx.fail(
            "softmax_not_shift_invariant",
            "not shift-invariant",
            "Adding a constant to every logit of a column should not change that column's probabilities; "
            "yours change.",
            "Subtract each column's own max before np.exp.",
        )
    return None


def relu_values(ctx: Context, i: int, k: int):
    Z = as_float(ctx.cases[i].args[0])
    got = as_float(ctx.got[i][0])
    neg, pos = Z < 0, Z > 0
    example = ctx.example(i)
    if neg.any() and not np.allclose(got[neg], 0):
        kind = "the absolute value" if np.allclose(got[neg], -Z[neg]) else "non-zero values"
        return ctx.fail(
            "relu_negative_inputs",
            "negative inputs must give 0",
            f"For negative inputs ReLU gives 0; yours gives {kind} there (for example Z = {Z[neg][0]:g} "
            f"gives {got[neg][0]:g}).",
            "ReLU(z) = max(z, 0) for every entry: an elementwise maximum with 0 (`np.maximum`).",
            example=example,
        )
    if pos.any() and set(np.unique(got)) <= {0.0, 1.0} and not np.allclose(got[pos], Z[pos]):
        return ctx.fail(
            "relu_returns_derivative",
            "returns 0/1 like ReLU_deriv",
            "Your ReLU returns 1 for positive inputs; ReLU keeps the input itself (ReLU(2.5) = 2.5). "
            "The 0/1 mask is its derivative, ReLU_deriv.",
            "ReLU returns max(z, 0) itself for every entry, not a 0/1 mask.",
            example=example,
        )
    if pos.any() and not np.allclose(got[pos], Z[pos]):
        return ctx.fail(
            "relu_positive_inputs_changed",
            "positive inputs must pass through unchanged",
            "For positive inputs ReLU returns the input itself; yours changes them.",
            "ReLU(z) = max(z, 0) for every entry: an elementwise maximum with 0 (`np.maximum`).",
            example=example,
        )
    return None


def relu_shape(ctx: Context, i: int, k: int):
    g, Z = ctx.got[i][0], ctx.cases[i].args[0]
    if g.ndim < Z.ndim and Z.shape[-1] > 1:
        return ctx.fail(
            "relu_reduces",
            "np.max reduces the array instead of comparing elementwise",
            f"ReLU keeps the shape of Z ({Z.shape}); yours returns shape {g.shape}. `np.max(Z, 0)` takes the "
            "largest value along axis 0; it does not compare each entry with 0.",
            "Use `np.maximum` (elementwise, two inputs) instead of `np.max` (reduces one input).",
            example=ctx.example(i),
        )
    return None


def relu_property(ctx: Context):
    Z = np.linspace(-3, 3, 12).reshape(3, 4)
    fresh = ctx.run(Z, label="Z from -3 to 3 (ReLU(Z) should be non-negative)")
    if fresh.error is None and isinstance(fresh.value, np.ndarray) and (as_float(fresh.value) < 0).any():
        return ctx.fail(
            "relu_negative_inputs",
            "negative inputs must give 0",
            "Your ReLU returns negative numbers for some inputs; ReLU is never negative.",
            "ReLU(z) = max(z, 0) for every entry.",
        )
    once = ref.ReLU(Z)
    call = ctx.run(once, label="an output of ReLU (ReLU(ReLU(Z)) should equal ReLU(Z))")
    if call.error is None and isinstance(call.value, np.ndarray) and not close(call.value, once):
        return ctx.fail(
            "relu_not_idempotent",
            "ReLU(ReLU(Z)) differs from ReLU(Z)",
            "Applying ReLU twice should change nothing; yours does.",
            "ReLU(z) = max(z, 0) for every entry: an elementwise maximum with 0 (`np.maximum`).",
        )
    return None


def relu_deriv_values(ctx: Context, i: int, k: int):
    Z = as_float(ctx.cases[i].args[0])
    got = as_float(ctx.got[i][0])
    expected = as_float(ctx.expected[i][0])
    example = ctx.example(i)
    differ = ~np.isclose(got, expected)
    if differ.any() and (Z[differ] == 0).all():
        return ctx.fail(
            "relu_deriv_at_zero",
            "gives 1 at Z = 0",
            "At Z = 0 (and -0.0) ReLU is flat on the left, and the course (like NumPy code everywhere) "
            "uses derivative 0 there; yours gives 1, because `>=` counts 0 as positive.",
            "Use a strict comparison (`>` rather than `>=`).",
            example=example,
        )
    if np.allclose(got, np.maximum(Z, 0)) and not np.allclose(got, expected):
        return ctx.fail(
            "relu_deriv_returns_relu",
            "returns ReLU(Z), not its derivative",
            "Your values are ReLU(Z) itself. The derivative of ReLU is 1 where Z > 0 and 0 elsewhere.",
            "Return a mask: 1 where Z is positive, 0 elsewhere (booleans or 0.0/1.0 both work).",
            example=example,
        )
    neg, pos = Z < 0, Z > 0
    if neg.any() and pos.any() and np.allclose(got[neg], 1) and np.allclose(got[pos], 0):
        return ctx.fail(
            "relu_deriv_inverted",
            "the mask is inverted: 1 for negative inputs, 0 for positive ones",
            "Your derivative is 1 where Z is negative and 0 where it is positive: the comparison points "
            "the wrong way (`Z < 0` instead of `Z > 0`).",
            "Use `Z > 0`: the slope of ReLU is 1 where Z is positive.",
            example=example,
        )
    if neg.any() and (got >= 0).all() and not np.allclose(got[neg], 0):
        return ctx.fail(
            "relu_deriv_nonzero_for_negative",
            "must be 0 for negative inputs",
            f"ReLU is flat (slope 0) for negative inputs; yours gives {got[neg][0]:g} there (for Z = "
            f"{Z[neg][0]:g}). A derivative that is 1 everywhere lets every hidden unit pass gradient, "
            "even the ones that were off.",
            "Return a mask: 1 where Z > 0, 0 elsewhere.",
            example=example,
        )
    if (got < 0).any():
        return ctx.fail(
            "relu_deriv_negative",
            "gives negative values",
            "The slope of ReLU is never negative: 0 for negative inputs, 1 for positive ones. "
            "Yours is negative for some inputs"
            + (" (np.sign gives -1 there)." if np.isin(got, (-1, 0, 1)).all() else "."),
            "Return a 0/1 mask: 1 where Z is positive, 0 elsewhere.",
            example=example,
        )
    return None


# ----------------------------------------------------------------------------- exercise probes: labels


def one_hot_shape(ctx: Context, i: int, k: int):
    """Sized from the labels (the number of distinct labels, or Y.max() + 1)? Looks at every batch."""
    sizes = []
    for j, case in enumerate(ctx.cases):
        Y = np.asarray(case.args[0])
        sizes.append((j, Y, ctx.got[j][0], Y.size, int(Y.max()) + 1, len(np.unique(Y))))
    for j, Y, g, m, rows, distinct in sizes:
        if distinct not in (10, m, rows) and g.shape in ((distinct, m), (m, distinct)):
            return ctx.fail(
                "one_hot_unique_count",
                "sized by the number of distinct labels instead of 10",
                f"For Y = {fmt(Y)} your one_hot has {distinct} classes, one per distinct label in the batch. "
                "There are always 10 classes, whichever digits the batch contains." + _also_transposed(g, m),
                "Size the matrix with 10 rows, whatever Y contains.",
                example=_labels_example(ctx, j, g),
            )
    for j, Y, g, m, rows, _ in sizes:
        if rows != 10 and g.shape in ((rows, m), (m, rows)):
            return ctx.fail(
                "one_hot_max_plus_one",
                "sized by Y.max() + 1 instead of 10 classes",
                f"For Y = {fmt(Y)} your one_hot has shape {g.shape}: its number of classes comes from "
                f"Y.max() + 1 = {rows}. A batch that lacks the digit 9 (a small batch, a single example, "
                "the digits someone draws) then gets fewer than 10 rows, and A2 - one_hot_Y no longer "
                "lines up." + _also_transposed(g, m),
                "There are always 10 classes: size the matrix with 10 rows, whatever Y contains.",
                example=_labels_example(ctx, j, g),
            )
    return None


def _also_transposed(g: np.ndarray, m: int) -> str:
    if g.ndim == 2 and g.shape[0] == m and g.shape[1] != m:
        return " (It is also transposed: one row per class, one column per example.)"
    return ""


def _labels_example(ctx: Context, j: int, g: np.ndarray) -> Example:
    case = ctx.cases[j]
    return Example(
        label=case.label,
        inputs=[("Y", fmt(np.asarray(case.args[0])))],
        expected=describe(ctx.expected[j][0]),
        got=describe(g),
    )


def one_hot_values(ctx: Context, i: int, k: int):
    Y = np.asarray(ctx.cases[i].args[0])
    got = as_float(ctx.got[i][0])
    example = ctx.example(i)
    if not np.allclose(got.sum(axis=0), 1):
        return ctx.fail(
            "one_hot_not_one_per_column",
            "each column must hold exactly one 1",
            f"Column j of one_hot_Y is example j: a single 1 in row Y[j]. Your column sums are "
            f"{fmt(got.sum(axis=0)[:6])}.",
            "Set exactly one entry per column: column j gets its 1 in row Y[j] (index rows with "
            "the labels and columns with np.arange(m), together).",
            example=example,
        )
    rows = got.argmax(axis=0)
    for shift in (-1, 1):
        if np.array_equal(rows, (Y + shift) % 10):
            return ctx.fail(
                "one_hot_shifted",
                f"each 1 is one row too {'high' if shift < 0 else 'low'}",
                f"The 1 for label y belongs in row y (digit 0 in row 0); yours is in row y {shift:+d}.",
                "Use the label itself as the row index: label 0 goes in row 0, label 9 in row 9.",
                example=example,
            )
    return None


def predictions_shape(ctx: Context, i: int, k: int):
    A2 = ctx.cases[i].args[0]
    g = ctx.got[i][0]
    if A2.shape[1] == 1:
        return None
    if g.shape == (A2.shape[0],):
        return ctx.fail(
            "argmax_wrong_axis",
            "argmax over the wrong axis",
            f"Your predictions have shape {g.shape}, one per class (row); there should be one per example "
            f"(column): shape ({A2.shape[1]},).",
            "Take the argmax over the classes: axis 0.",
            example=ctx.example(i),
        )
    if g.shape == ():
        return ctx.fail(
            "argmax_flattened",
            "argmax without an axis gives one number",
            "`np.argmax(A2)` without an axis returns a single index into the flattened matrix; "
            "you need one prediction per example (column).",
            "Give np.argmax the axis of the classes (axis 0), so you get one index per column.",
            example=ctx.example(i),
        )
    return None


def predictions_values(ctx: Context, i: int, k: int):
    A2 = as_float(ctx.cases[i].args[0])
    got = as_float(ctx.got[i][0])
    if np.allclose(got, A2.max(axis=0)):
        return ctx.fail(
            "returns_max_not_argmax",
            "returns the largest probability, not its class",
            "Your predictions are the biggest probability in each column; the prediction is the row "
            "where it sits (the digit).",
            "np.argmax gives the position of the maximum; np.max gives its value.",
            example=ctx.example(i),
        )
    if np.array_equal(got, A2.argmin(axis=0)):
        return ctx.fail(
            "argmin_not_argmax",
            "picks the least probable class (argmin)",
            "Your predictions are the row of the smallest probability in each column; the prediction is "
            "the most probable class.",
            "Use `np.argmax(A2, axis=0)`.",
            example=ctx.example(i),
        )
    for shift in (1, -1):
        if np.array_equal(got, A2.argmax(axis=0) + shift):
            return ctx.fail(
                "predictions_shifted",
                f"every prediction is {shift:+d}",
                "Your predictions are the right row indices shifted by "
                f"{shift:+d}. Row 0 of A2 is the digit 0, so the row index is the digit itself.",
                "Return the argmax itself, without adding or subtracting anything.",
                example=ctx.example(i),
            )
    if A2.shape[0] == A2.shape[1] and np.array_equal(got, A2.argmax(axis=1)):
        return ctx.fail(
            "argmax_wrong_axis",
            "argmax over the wrong axis",
            "Your predictions pick the best example for each class (argmax along axis 1); you need the "
            "best class for each example. With a square A2 the shape happens to match.",
            "Give np.argmax the axis of the classes (axis 0), so you get one index per column.",
            example=ctx.example(i),
        )
    return None


def accuracy_shape(ctx: Context, i: int, k: int):
    g = ctx.got[i][0]
    if g.shape == (1,) and ctx.cases[i].m != 1:
        return ctx.fail(
            "accuracy_divided_by_shape",
            "returns an array of shape (1,) instead of a number",
            "Your accuracy is a 1-element array: dividing by `Y.shape` (a tuple, `(m,)`) or indexing with "
            "a list gives an array, not a number. It prints as `[0.57]` and breaks formatting like "
            "`f'{acc:.2%}'`.",
            "Divide by the number of examples, `Y.size` (or use `np.mean(predictions == Y)`).",
            example=ctx.example(i),
        )
    if g.ndim >= 1:
        return ctx.fail(
            "accuracy_not_reduced",
            "returns one value per example instead of a single fraction",
            f"Your get_accuracy returns an array of shape {g.shape}; accuracy is one number, the fraction "
            "of predictions equal to the labels.",
            "Turn the comparison into one number: the fraction of True values.",
            example=ctx.example(i),
        )
    return None


def accuracy_values(ctx: Context, i: int, k: int):
    e = float(ctx.expected[i][0])
    ratios = []
    for j in range(len(ctx.cases)):
        ratios.append((float(ctx.got[j][0]), float(ctx.expected[j][0]), ctx.cases[j].m))
    example = ctx.example(i)
    if all(nearly_equal(g, 100 * x) for g, x, _ in ratios):
        return ctx.fail(
            "accuracy_percentage",
            "returns a percentage",
            "Your accuracy is a percentage (0-100); the course uses a fraction between 0 and 1.",
            "Drop the factor 100.",
            example=example,
        )
    if all(nearly_equal(g, 1 - x) for g, x, _ in ratios):
        return ctx.fail(
            "accuracy_error_rate",
            "returns the error rate (1 - accuracy)",
            "Your value is the fraction of wrong predictions; accuracy is the fraction of right ones.",
            "Count the matches (`==`), not the mismatches.",
            example=example,
        )
    if all(nearly_equal(g, np.floor(x)) for g, x, _ in ratios) and 0 < e < 1:
        return ctx.fail(
            "integer_division",
            "integer division rounds the accuracy down to 0",
            "`//` divides and rounds down, so any accuracy below 100% becomes 0.",
            "Use `/` (or `np.mean`).",
            example=example,
        )
    for digits in range(5):
        if all(nearly_equal(g, round(x, digits)) for g, x, _ in ratios) and any(
            not nearly_equal(x, round(x, digits)) for _, x, _ in ratios
        ):
            return ctx.fail(
                "accuracy_rounded",
                f"rounds the accuracy to {digits} decimal{'s' if digits != 1 else ''}",
                f"Your accuracy is rounded (to {digits} decimal{'s' if digits != 1 else ''}): the course "
                "compares small changes in accuracy, and rounding hides them.",
                "Return the exact fraction; round only when you print it, e.g. `f'{accuracy:.2f}'`.",
                example=example,
            )
    if all(nearly_equal(g, 1 - (1 - x) / 5) for g, x, _ in ratios) and any(x < 1 for _, x, _ in ratios):
        return ctx.fail(
            "accuracy_one_hot_entries",
            "compares one-hot matrices entry by entry",
            "Your value matches the fraction of equal entries of two (10, m) one-hot matrices: every wrong "
            "prediction differs in only 2 of its 10 entries, so 0% accuracy would still give 0.8.",
            "Compare the labels themselves, one per example: `np.mean(predictions == Y)`.",
            example=example,
        )
    if all(nearly_equal(g, x * m) for g, x, m in ratios):
        return ctx.fail(
            "accuracy_count",
            "returns the number of correct predictions, not the fraction",
            "Your value is how many predictions are right; accuracy divides that by the number of examples.",
            "Divide by the number of examples, `Y.size` (or average the comparison).",
            example=example,
        )
    return None


# ----------------------------------------------------------------------------- exercise probes: loss


def loss_nonfinite(ctx: Context, i: int):
    for j, case in enumerate(ctx.cases):
        g = as_float(ctx.got[j][0])
        if case.compare and np.isfinite(g).all() and not close(g, ctx.expected[j][0], case.rtol, case.atol):
            return value_finding(ctx, j, 0)  # wrong on ordinary inputs too: that comes first
    return ctx.fail(
        "log_of_zero",
        "log(0) makes the loss inf or nan",
        f"On {ctx.cases[i].label} your loss is {float(ctx.got[i][0])}: np.log(0) is -inf, and 0 * "
        "-inf is nan. "
        "Probabilities of exactly 0 happen once softmax saturates, and one inf or nan ruins the loss curve.",
        "Clip the probabilities away from zero before the log, e.g. `np.log(np.maximum(p, 1e-12))`, "
        "and take the log only of the true class's probability: `A2[Y, np.arange(m)]`.",
        example=ctx.example(i),
    )


def loss_shape(ctx: Context, i: int, k: int):
    g = ctx.got[i][0]
    if g.ndim >= 1:
        return ctx.fail(
            "loss_not_reduced",
            "returns many numbers instead of one loss",
            f"Your loss has shape {g.shape}; the loss is one number: the mean over the m examples of "
            "-log(probability of the true class).",
            "Take the mean over the examples: `-np.mean(np.log(...))`.",
            example=ctx.example(i),
        )
    return None


def loss_values(ctx: Context, i: int, k: int):
    A2, Y = as_float(ctx.cases[i].args[0]), np.asarray(ctx.cases[i].args[1])
    with np.errstate(all="ignore"):
        most_likely = -np.mean(np.log(A2.max(axis=0)))
    if nearly_equal(float(ctx.got[i][0]), float(most_likely)):
        return ctx.fail(
            "loss_ignores_labels",
            "uses each column's largest probability instead of the true label's",
            "Your loss matches -mean(log(max of each column)): it never looks at Y. Cross-entropy measures "
            "how much probability the network gave to the right answer, Y[j], whatever it predicted.",
            "Pick, in each column j, the probability in row Y[j].",
            example=ctx.example(i),
        )
    with np.errstate(all="ignore"):
        rows = -np.mean(np.log(A2[Y]))
    if nearly_equal(float(ctx.got[i][0]), float(rows)):
        return ctx.fail(
            "loss_wrong_indexing",
            "A2[Y] picks whole rows, not one probability per example",
            "Your loss matches -mean(log(A2[Y])). `A2[Y]` selects entire rows of A2 (one row per label), "
            "mixing every example's probabilities; you need, for each column j, the entry in row Y[j].",
            "Pair each label with its column: `A2[Y, np.arange(Y.size)]`.",
            example=ctx.example(i),
        )
    found = _loss_variant(ctx, i)
    if found is not None:
        return found
    ratios = [scale_ratio(ctx.got[j][0], ctx.expected[j][0]) for j, c in enumerate(ctx.cases) if c.compare]
    for base, name in ((10, "np.log10"), (2, "np.log2")):
        if all(r is not None and abs(r - 1 / np.log(base)) < 1e-6 for r in ratios):
            return ctx.fail(
                "loss_wrong_log",
                f"uses {name} instead of the natural log",
                f"Your loss is the expected one divided by ln({base}): it uses {name}. "
                "Cross-entropy (and its "
                "gradient A2 - one_hot_Y) is built on the natural logarithm.",
                "Use `np.log`.",
                example=ctx.example(i),
            )
    if all(r is not None and nearly_equal(r, 0.1) for r in ratios):
        return ctx.fail(
            "averaged_over_classes",
            "averaged over the 10 classes as well as the examples",
            "Your loss is 10 times too small: np.mean over the whole (10, m) matrix divides by 10 m, "
            "but the loss averages over the m examples only.",
            "Sum over the classes, then average over the examples: `-np.sum(one_hot_Y * np.log(A2)) / m`.",
            example=ctx.example(i),
        )
    return None


_LOSS_VARIANTS = [
    (
        "loss_log1p",
        "uses np.log1p instead of np.log",
        "Your loss matches -mean(log1p(p)) = -mean(log(1 + p)), where p is the true class's probability. "
        "np.log1p(p) is log(1 + p), a different function (made for p near 0); the loss needs log(p).",
        "Use `np.log` on the (clipped) probabilities: `-np.mean(np.log(np.maximum(p, 1e-12)))`.",
        lambda A2, Y, p: -np.mean(np.log1p(p)),
    ),
    (
        "loss_ignores_labels",
        "averages the log of every probability, not the true class's",
        "Your loss matches -mean(log(A2)) over all 10 m entries: it never looks at Y. Cross-entropy takes, "
        "for each example, only the log-probability of its true class.",
        "Pick, in each column j, the probability in row Y[j]: `A2[Y, np.arange(Y.size)]` (or multiply "
        "by `one_hot(Y)` and sum over the classes).",
        lambda A2, Y, p: -np.mean(np.log(A2)),
    ),
    (
        "loss_ignores_labels",
        "sums the log of every probability, not the true class's",
        "Your loss matches -sum(log(A2)) / m over all 10 m entries: it never looks at Y. Cross-entropy "
        "takes, for each example, only the log-probability of its true class.",
        "Pick, in each column j, the probability in row Y[j]: `A2[Y, np.arange(Y.size)]` (or multiply "
        "by `one_hot(Y)` and sum over the classes).",
        lambda A2, Y, p: -np.sum(np.log(A2)) / Y.size,
    ),
    (
        "loss_log_of_mean",
        "takes the log of the mean instead of the mean of the logs",
        "Your loss matches -log(mean(p)), where p holds the true classes' probabilities. Cross-entropy "
        "averages the per-example losses: -mean(log(p)). The log of an average is not the average of the "
        "logs, and yours barely punishes a few confident mistakes.",
        "Take the log of each probability first, then the mean: `-np.mean(np.log(p))`.",
        lambda A2, Y, p: -np.log(np.mean(p)),
    ),
    (
        "labels_not_one_hot",
        "multiplies by the labels Y instead of one_hot(Y)",
        "Your loss matches -sum(Y * log(A2)) / m. Y holds m integer labels, shape (m,); NumPy quietly "
        "multiplies every row of log(A2) by them, so label 7 counts seven times and label 0 not at all. "
        "The one-hot matrix picks exactly the true class of each example.",
        "`-np.sum(one_hot(Y) * np.log(A2)) / m`, or pick `A2[Y, np.arange(m)]` directly.",
        lambda A2, Y, p: -np.sum(Y * np.log(A2)) / Y.size,
    ),
]


def _loss_variant(ctx: Context, i: int):
    """A mistake recognised by recomputing the loss its way on every compared input."""
    # Inputs with exact zeros in A2 are left out: each learner clips (or not) in their own way there.
    compared = [j for j, c in enumerate(ctx.cases) if c.compare and as_float(c.args[0]).min() > 0]
    for code, head, text, hint, compute in _LOSS_VARIANTS:
        hits = 0
        for j in compared:
            A2, Y = as_float(ctx.cases[j].args[0]), np.asarray(ctx.cases[j].args[1])
            with np.errstate(all="ignore"):
                picked = np.maximum(A2[Y, np.arange(Y.size)], 1e-300)
                value = float(compute(np.maximum(A2, 1e-300), Y, picked))
            if not np.isfinite(value) or abs(float(ctx.got[j][0]) - value) > 1e-3 * abs(value) + 1e-6:
                break
            hits += 1
        if hits == len(compared) and hits >= 2:
            return ctx.fail(code, head, text, hint, example=ctx.example(i))
    return None


def loss_zero_probability(ctx: Context):
    for j, case in enumerate(ctx.cases):
        if "zero_probability" in case.tags and float(ctx.got[j][0]) < 10:
            return ctx.fail(
                "loss_clipped_too_much",
                "clips probabilities too much",
                f"When the true class has probability 0 the loss should be very large; yours is "
                f"{float(ctx.got[j][0]):.4g}, so confident mistakes are hardly punished.",
                "Clip with a tiny number such as 1e-12, not something like 0.01.",
                example=ctx.example(j),
            )
    return None


# ----------------------------------------------------------------------------- exercise probes: network


def pad_shape(ctx: Context, i: int, k: int):
    x = ctx.cases[i].args[0]
    g = ctx.got[i][0]
    if g.shape == (x.shape[0] + 2, x.shape[1] + 2):
        return ctx.fail(
            "pad_border",
            "adds a border on every side",
            f"Your result has shape {g.shape}: a row and a column were added on each side "
            "(np.pad's default), "
            "and with zeros. `pad` adds a single row of ones on top.",
            "Put one row of ones (x.shape[1] of them) on top of x along axis 0; np.pad can do it "
            "only if told "
            "to pad the top alone, with constant_values=1.",
            example=ctx.example(i),
        )
    if g.shape == x.shape and close(as_float(g), as_float(x)):
        return ctx.fail(
            "pad_missing",
            "returns x without the row of ones",
            f"Your result is x itself, shape {g.shape}: the row of ones was never added. `pad` returns "
            f"a new array of shape ({x.shape[0] + 1}, {x.shape[1]}) with the ones on top.",
            "`np.concatenate((np.ones((1, x.shape[1])), x), axis=0)`.",
            example=ctx.example(i),
        )
    if g.shape == x.shape:
        return ctx.fail(
            "pad_overwrites",
            "overwrites a row of x instead of adding one",
            f"Your result has the same shape as x, {g.shape}: a row of ones replaces data (and writing "
            f"into x changes the caller's array too). `pad` adds a new row on top: shape "
            f"({x.shape[0] + 1}, {x.shape[1]}).",
            "Build a new array: `np.concatenate((np.ones((1, x.shape[1])), x), axis=0)`.",
            example=ctx.example(i),
        )
    if g.shape == (x.shape[0], x.shape[1] + 1):
        return ctx.fail(
            "pad_wrong_axis",
            "adds a column instead of a row",
            f"Your result has shape {g.shape}: an extra column (a fake example). `pad` adds a row of ones "
            f"on top, shape ({x.shape[0] + 1}, {x.shape[1]}), so W1's first column multiplies 1 "
            "and acts as the bias.",
            "Join along axis 0 (rows), with a ones row of shape (1, x.shape[1]).",
            example=ctx.example(i),
        )
    return None


def pad_errors(ctx: Context, errors):
    """Joining a ones row that does not fit: the wrong length, or the wrong axis."""
    i, call = errors[0]
    msg = call.error.message
    if call.error.type != "ValueError" or not (
        "concatenation axis must match" in msg
        or "dimensions except for the concatenation axis" in msg
        or "same number of dimensions" in msg
    ):
        return None
    if data_globals(ctx.fn):
        return None  # a size from a notebook variable (m_train): the general explanation names it
    x = ctx.cases[i].args[0]
    return ctx.fail(
        "pad_ones_do_not_fit",
        "the row of ones does not fit on top of x",
        f"`{call.error.short()}` {call.error.where()}. x has shape {x.shape}: {x.shape[0]} rows (pixels) "
        f"and {x.shape[1]} columns (examples). The row of ones needs one entry per example, shape "
        f"(1, {x.shape[1]}) = (1, x.shape[1]), and is joined along axis 0 (rows).",
        "`np.concatenate((np.ones((1, x.shape[1])), x), axis=0)`.",
        status="error",
    )


def pad_values(ctx: Context, i: int, k: int):
    x = as_float(ctx.cases[i].args[0])
    g = as_float(ctx.got[i][0])
    if np.allclose(g[-1], 1) and np.allclose(g[:-1], x):
        return ctx.fail(
            "pad_at_bottom",
            "the row of ones is at the bottom",
            "The ones go in the first row, so that W1's first column (W1[:, 0]) is the bias.",
            "Put the ones first, then x.",
            example=ctx.example(i),
        )
    if np.allclose(g[0], 0) and np.allclose(g[1:], x):
        return ctx.fail(
            "pad_zeros",
            "adds a row of zeros instead of ones",
            "The bias trick needs a row of ones: W1[:, 0] * 1 is the bias. A row of zeros "
            "switches the bias off.",
            "Use `np.ones((1, x.shape[1]))`.",
            example=ctx.example(i),
        )
    return None


_FORWARD_MIXUPS = {
    # output index: [(formula it matches, diagnosis, what is wrong, the formula on the learner's arrays)]
    1: [
        (
            "A1 = softmax(Z1)",
            "softmax_in_hidden_layer",
            "the hidden layer uses ReLU; softmax belongs to the output layer only",
            lambda Z1, A1, Z2: ref.softmax(Z1),
        ),
        (
            "A1 = ReLU_deriv(Z1)",
            "relu_deriv_in_forward",
            "ReLU_deriv is ReLU's slope, used in backward_prop; the forward pass needs ReLU itself",
            lambda Z1, A1, Z2: (Z1 > 0).astype(float),
        ),
    ],
    3: [
        (
            "A2 = softmax(Z1)",
            "softmax_of_wrong_layer",
            "softmax turns the output layer's Z2 into probabilities; Z1 belongs to the hidden layer",
            lambda Z1, A1, Z2: ref.softmax(Z1),
        ),
        (
            "A2 = softmax(A1)",
            "softmax_of_wrong_layer",
            "softmax turns the output layer's Z2 into probabilities; A1 belongs to the hidden layer",
            lambda Z1, A1, Z2: ref.softmax(A1),
        ),
        (
            "A2 = ReLU(Z2)",
            "relu_in_output_layer",
            "the output layer uses softmax, so that each column of A2 is a probability distribution",
            lambda Z1, A1, Z2: np.maximum(Z2, 0),
        ),
    ],
}


def forward_mixup(ctx: Context, i: int, k: int):
    """Is output k (A1 or A2) the right formula applied to the wrong array, or the wrong function?"""
    if k not in _FORWARD_MIXUPS:
        return None
    Z1, A1, Z2 = (as_float(g) for g in ctx.got[i][:3])
    good = ", ".join(ctx.exercise.outputs[:k])
    verb = "are" if k > 1 else "is"
    before = (
        f" ({good} {verb} right)"
        if good
        and all(
            close(ctx.got[i][n], ctx.expected[i][n], ctx.cases[i].rtol, ctx.cases[i].atol) for n in range(k)
        )
        else ""
    )
    right = {1: "`A1 = ReLU(Z1)`", 3: "`A2 = softmax(Z2)`"}[k]
    name = ctx.exercise.outputs[k]
    for formula, code, why, compute in _FORWARD_MIXUPS[k]:
        try:
            with np.errstate(all="ignore"):
                variant = compute(Z1, A1, Z2)
        except (ValueError, IndexError):
            continue
        if close(as_float(ctx.got[i][k]), variant, 1e-5, 1e-8):
            return ctx.fail(
                code,
                f"computes {formula}",
                f"Your {name} matches `{formula}`{before}: {why}.",
                f"{right}.",
                example=ctx.example(i, k),
            )
    return None


def forward_shape(ctx: Context, i: int, k: int):
    return forward_mixup(ctx, i, k)


def forward_values(ctx: Context, i: int, k: int):
    found = forward_mixup(ctx, i, k)
    if found is not None:
        return found
    W1, W2, X = (as_float(a) for a in ctx.cases[i].args)
    Z1, A1, Z2, A2 = (as_float(g) for g in ctx.got[i])
    name = ctx.exercise.outputs[k]
    example = ctx.example(i, k)
    good = ", ".join(ctx.exercise.outputs[:k])
    before = f" ({good} are right)" if good else ""
    if k == 1 and np.allclose(A1, Z1):
        return ctx.fail(
            "missing_relu",
            "A1 is Z1: ReLU is not applied",
            f"Your A1 equals Z1{before}; the hidden layer's activation is A1 = ReLU(Z1).",
            "`A1 = ReLU(Z1)`.",
            example=example,
        )
    if k == 2 and Z2.shape == (W2 @ Z1).shape and np.allclose(Z2, W2 @ Z1):
        return ctx.fail(
            "uses_Z1_not_A1",
            "Z2 is computed from Z1 instead of A1",
            f"Your Z2 equals W2 @ Z1{before}; the output layer takes the activations: Z2 = W2 @ A1.",
            "`Z2 = W2 @ A1` (or np.dot(W2, A1)).",
            example=example,
        )
    if k == 3 and np.allclose(A2, Z2):
        return ctx.fail(
            "missing_softmax",
            "A2 is Z2: softmax is not applied",
            f"Your A2 equals Z2{before}; the output probabilities are A2 = softmax(Z2).",
            "`A2 = softmax(Z2)`.",
            example=example,
        )
    formulas = {"Z1": "Z1 = W1 @ X", "A1": "A1 = ReLU(Z1)", "Z2": "Z2 = W2 @ A1", "A2": "A2 = softmax(Z2)"}
    return ctx.fail(
        f"wrong_{name}",
        f"{name} is wrong",
        f"Your {name} differs from the expected one on {ctx.cases[i].label}{before}.",
        f"Check `{formulas[name]}`.",
        example=example,
    )


def forward_errors(ctx: Context, errors):
    i, call = errors[0]
    line = call.error.line
    if (
        "could not be broadcast" in call.error.message
        and "*" in line
        and "@" not in line
        and "dot" not in line
    ):
        return ctx.fail(
            "elementwise_not_matmul",
            "`*` multiplies entry by entry; a layer needs a matrix product",
            f"`{call.error.short()}` {call.error.where()}. `W1 * X` multiplies matching entries (and needs "
            "equal shapes); a layer computes W1 (10, 785) times X (785, m), a matrix product giving (10, m).",
            "Use `@` or `np.dot`: `Z1 = W1 @ X`, `Z2 = W2 @ A1`.",
            status="error",
        )
    if call.error.type == "ValueError" and "786" in call.error.message:
        return ctx.fail(
            "pads_twice",
            "X is padded twice",
            f"`{call.error.short()}` {call.error.where()}. X arrives already padded (785 rows: the row of "
            "ones and 784 pixels); padding it again gives 786 rows, which no longer fit W1 (10, 785).",
            "Use X as it is: `Z1 = W1 @ X`. Padding happens once, before training (`pad(X_train)`).",
            status="error",
        )
    return None


def _variant_gradients(case, dZ1_rule):
    Z1, A1, Z2, A2, W1, W2, X, Y = (np.asarray(a) for a in case.args)
    m = X.shape[1]
    dZ2 = A2 - ref.one_hot(Y)
    dZ1 = dZ1_rule(W2.T @ dZ2, case.args)
    return dZ1 @ X.T / m, dZ2 @ A1.T / m


def backward_values(ctx: Context, i: int, k: int):
    case = ctx.cases[i]
    dW1, dW2 = (as_float(g) for g in ctx.got[i])
    e1, e2 = ctx.expected[i]
    example = ctx.example(i, k)
    ok1, ok2 = close(dW1, e1, case.rtol, case.atol), close(dW2, e2, case.rtol, case.atol)
    if ok2 and not ok1:
        for rule, code, head, text in (
            (
                lambda d, a: d,
                "missing_relu_deriv",
                "dZ1 is missing the ReLU derivative",
                "Your dW1 matches dZ1 = W2.T @ dZ2 without the factor "
                "ReLU_deriv(Z1) (or with the derivative of an array that is positive everywhere, like "
                "A2, which is all ones). Hidden units that were off (Z1 <= 0) did not affect the loss, so "
                "their gradient is 0.",
            ),
            (
                lambda d, a: d * np.maximum(a[0], 0),
                "relu_instead_of_deriv",
                "dZ1 uses ReLU(Z1) instead of ReLU_deriv(Z1)",
                "Your dW1 matches dZ1 = W2.T @ dZ2 * ReLU(Z1): the chain rule needs the "
                "slope of ReLU (0 or 1), not its value.",
            ),
            (
                lambda d, a: (d * np.asarray(a[0]) > 0).astype(float),
                "operator_precedence",
                "`* Z1 > 0` compares the whole product with 0",
                "Your dW1 matches dZ1 = (W2.T @ dZ2 * Z1) > 0: comparisons bind more "
                "loosely than `*` and `@`, so `W2.T @ dZ2 * Z1 > 0` multiplies first and then turns the "
                "whole product into a True/False mask.",
            ),
            (
                lambda d, a: d * (np.asarray(a[2]) > 0) if a[2].shape == d.shape else d * np.nan,
                "deriv_of_Z2",
                "dZ1 uses ReLU_deriv(Z2) instead of ReLU_deriv(Z1)",
                "Your dW1 matches dZ1 = W2.T @ dZ2 * ReLU_deriv(Z2): the ReLU sits in the "
                "hidden layer, so its slope is taken at the hidden layer's Z1. (With 10 hidden units Z1 and "
                "Z2 have the same shape, so nothing complains.)",
            ),
        ):
            v1, _ = _variant_gradients(case, rule)
            if close(dW1, v1, case.rtol, case.atol):
                return ctx.fail(code, head, text, "`dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)`.", example=example)
    Z1 = np.asarray(case.args[0])
    X, Y, A2 = case.args[6], case.args[7], case.args[3]
    m = X.shape[1]
    W2, A1 = as_float(case.args[5]), as_float(case.args[1])
    dZ2 = as_float(A2) - as_float(Y)
    dZ1 = (W2.T @ dZ2) * (as_float(Z1) > 0)
    if close(dW2, dZ2 @ A1.T / m, case.rtol, case.atol) or close(
        dW1, dZ1 @ as_float(X).T / m, case.rtol, case.atol
    ):
        return ctx.fail(
            "labels_not_one_hot",
            "subtracts the labels Y instead of one_hot(Y)",
            f"Your gradients match dZ2 = A2 - Y. Y holds m = {m} integer labels, shape ({m},); NumPy quietly "
            "subtracts them from every row of A2 (10, m). The error at the output is A2 minus the one-hot "
            "matrix of the labels.",
            "`dZ2 = A2 - one_hot(Y)`.",
            example=example,
        )
    found = backward_wrong_factor(ctx, i, k)
    if found is not None:
        return found
    if ok1 and not ok2 and dW2.shape == (A2.shape[0], Z1.shape[0]):
        if close(dW2, (A2 - ref.one_hot(Y)) @ Z1.T / m, case.rtol, case.atol):
            return ctx.fail(
                "uses_Z1_not_A1",
                "dW2 uses Z1 instead of A1",
                "Your dW2 matches dZ2 @ Z1.T / m: the output layer saw the "
                "activations A1, so dW2 = dZ2 @ A1.T / m.",
                "`dW2 = dZ2 @ A1.T / m`.",
                example=example,
            )
    return None


_BACKWARD_FACTORS = {
    # output index: the right factor, and the other arrays a learner may put in its place
    0: ("X", ("A1", 1)),
    1: ("A1", ("A2", 3), ("X", 6), ("Z2", 2)),
}


def backward_wrong_factor(ctx: Context, i: int, k: int):
    """dW1 = dZ1 @ A1.T or dW2 = dZ2 @ A2.T (or X.T): the right product with another layer's array."""
    case = ctx.cases[i]
    Z1, A1, Z2, A2, W1, W2, X, Y = (as_float(a) for a in case.args)
    m = X.shape[1]
    dZ2 = A2 - ref.one_hot(np.asarray(case.args[7]).astype(int))
    dZ = dZ2 if k == 1 else (W2.T @ dZ2) * (Z1 > 0)
    name, dz = ("dW2", "dZ2") if k == 1 else ("dW1", "dZ1")
    right, *others = _BACKWARD_FACTORS[k]
    got = as_float(ctx.got[i][k])
    for other, index in others:
        variant = dZ @ as_float(case.args[index]).T / m
        if variant.shape == got.shape and close(got, variant, case.rtol, case.atol):
            layer = {
                "A1": "the hidden layer's output",
                "A2": "the network's output",
                "X": "the input",
                "Z2": "the output layer's logits",
            }[other]
            return ctx.fail(
                "wrong_layer_factor",
                f"{name} uses {other} instead of {right}",
                f"Your {name} matches `{dz} @ {other}.T / m`. A weight's gradient multiplies the error "
                f"at its output ({dz}) by what flowed into it: {name[1:]} is fed by {right}, not by {other} "
                f"({layer}).",
                f"`{name} = {dz} @ {right}.T / m`.",
                example=ctx.example(i, k),
            )
    return None


def backward_detail(ctx: Context) -> str | None:
    """A numerical gradient check on a tiny network, reported next to a failure."""
    found = gradient_check(ctx)
    if found is None:
        return None
    return found.explanation


def _tiny_network():
    rng = np.random.default_rng(5)
    h, m = 4, 3
    W1 = rng.normal(0, 0.1, size=(h, 785))
    W2 = rng.normal(0, 0.5, size=(10, h))
    X = ref.pad(rng.random((784, m)) * (rng.random((784, m)) < 0.3))
    Y = np.array([1, 7, 3])
    return W1, W2, X, Y


def gradient_check(ctx: Context):
    """Compare the learner's gradients with central differences of the mean cross-entropy (float64)."""
    W1, W2, X, Y = _tiny_network()
    call = ctx.run(
        *ref.forward_prop(W1, W2, X),
        W1,
        W2,
        X,
        Y,
        label="a tiny network (4 hidden units, 3 examples) for a numerical gradient check",
    )
    value = call.value
    if call.error is not None or not isinstance(value, tuple | list) or len(value) != 2:
        return None
    dW1, dW2 = (np.asarray(v, dtype=np.float64) for v in value)
    if dW1.shape != W1.shape or dW2.shape != W2.shape:
        return None

    def loss(a, b):
        return ref.cross_entropy(ref.forward_prop(a, b, X)[3], Y)

    rng = np.random.default_rng(6)
    entries = [("dW2", (r, c)) for r in range(10) for c in range(W2.shape[1])]
    pixels = np.flatnonzero(X[:, 0])[:6]
    entries += [("dW1", (int(r), int(c))) for r in range(W1.shape[0]) for c in rng.choice(pixels, 3)]
    eps = 1e-5
    for which, idx in entries:
        W = W1 if which == "dW1" else W2
        old = W[idx]
        W[idx] = old + eps
        up = loss(W1, W2)
        W[idx] = old - eps
        down = loss(W1, W2)
        W[idx] = old
        numeric = (up - down) / (2 * eps)
        yours = (dW1 if which == "dW1" else dW2)[idx]
        if abs(numeric - yours) > 1e-6 + 1e-4 * abs(numeric):
            return ctx.fail(
                "gradient_check",
                "fails the numerical gradient check",
                "Numerical gradient check (central differences of the mean cross-entropy, "
                "float64, on a tiny "
                f"network): {which}[{idx[0]}, {idx[1]}] should be {numeric:.6g}, yours is {yours:.6g}.",
                ctx.exercise.hint,
            )
    return None


def update_errors(ctx: Context, errors):
    """A weight combined with the other layer's gradient: the shapes do not fit."""
    i, call = errors[0]
    msg = call.error.message
    if "could not be broadcast" not in msg:
        return None
    shapes = {tuple(int(n) for n in group.split(",") if n) for group in re.findall(r"\(([\d,]+)\)", msg)}
    W1, W2 = ctx.cases[i].args[:2]
    if shapes != {W1.shape, W2.shape}:
        return None
    return ctx.fail(
        "mixed_gradients",
        "a weight is updated with the other layer's gradient",
        f"`{call.error.short()}` {call.error.where()}. Each weight moves along its own gradient: W1 with dW1 "
        "(both of W1's shape) and W2 with dW2.",
        "`W1 = W1 - alpha * dW1` and `W2 = W2 - alpha * dW2`.",
        status="error",
    )


def update_values(ctx: Context, i: int, k: int):
    case = ctx.cases[i]
    W, dW, alpha = as_float(case.args[k]), as_float(case.args[k + 2]), float(case.args[4])
    got = as_float(ctx.got[i][k])
    name = ctx.exercise.outputs[k]
    c = scale_ratio(got - W, dW)
    example = ctx.example(i, k)
    if c is None:
        step = scale_ratio(got, dW)
        if step is not None and nearly_equal(abs(step), alpha):
            return ctx.fail(
                "returns_step_only",
                f"returns only the step, not {name} minus the step",
                f"Your new {name} is {'-' if step < 0 else ''}alpha * d{name}: the old weights are dropped, "
                "so everything learned so far is lost at every step.",
                f"Subtract the step from the weights: `{name} = {name} - alpha * d{name}`.",
                example=example,
            )
        return None
    if nearly_equal(c, alpha):
        return ctx.fail(
            "update_sign",
            "moves uphill: + instead of -",
            f"Your new {name} is {name} + alpha * d{name}: a step up the loss. Gradient descent steps "
            "against the gradient.",
            f"`{name} = {name} - alpha * d{name}`.",
            example=example,
        )
    step = scale_ratio(got, dW)
    if step is not None and nearly_equal(abs(step), alpha) and not close(W, np.zeros_like(W)):
        return ctx.fail(
            "returns_step_only",
            f"returns only the step, not {name} minus the step",
            f"Your new {name} is {'-' if step < 0 else ''}alpha * d{name}: the old weights are dropped, "
            "so everything learned so far is lost at every step.",
            f"Subtract the step from the weights: `{name} = {name} - alpha * d{name}`.",
            example=example,
        )
    if alpha not in (0, 1) and nearly_equal(c, -1 / alpha):
        return ctx.fail(
            "divides_by_alpha",
            "divides the gradient by alpha instead of multiplying",
            f"Your new {name} is {name} - d{name} / alpha: with alpha = {alpha:g} the step is "
            f"{1 / alpha**2:g} times too {'large' if alpha < 1 else 'small'}.",
            f"`{name} = {name} - alpha * d{name}`.",
            example=example,
        )
    if nearly_equal(c, -1.0):
        return ctx.fail(
            "ignores_alpha",
            "the learning rate alpha is not used",
            f"Your new {name} is {name} - d{name}: the step is not scaled by alpha.",
            f"`{name} = {name} - alpha * d{name}`.",
            example=example,
        )
    if abs(c) < 1e-12:
        return ctx.fail(
            "not_updated",
            f"{name} is returned unchanged",
            f"Your `{name}` comes back exactly as it went in.",
            f"`{name} = {name} - alpha * d{name}`, and return the new values.",
            example=example,
        )
    steps = []
    for case_j, got_j in zip(ctx.cases, ctx.got, strict=False):
        W_j, dW_j = as_float(case_j.args[k]), as_float(case_j.args[k + 2])
        steps.append((scale_ratio(as_float(got_j[k]) - W_j, dW_j), float(case_j.args[4])))
    if (
        all(r is not None and nearly_equal(r, c) for r, _ in steps)
        and len({a for _, a in steps}) > 1
        and c < 0
    ):
        return ctx.fail(
            "ignores_alpha",
            f"uses a fixed learning rate {-c:g} instead of alpha",
            f"Your new {name} is {name} - {-c:g} * d{name} whatever alpha is (alpha = {alpha:g} here): "
            "the learning rate is written into the function instead of taken from its argument.",
            f"`{name} = {name} - alpha * d{name}`, with the alpha that is passed in.",
            example=example,
        )
    return ctx.fail(
        "wrong_step",
        f"{name} moves by {c:.4g} * d{name}",
        f"Your new {name} is {name} + ({c:.4g}) * d{name}; it should be {name} - alpha * d{name} "
        f"with alpha = {alpha:g}.",
        f"`{name} = {name} - alpha * d{name}`.",
        example=example,
    )


def _products_of_vectors(dZ2, A1):
    """What `np.dot(dZ2[:, j], A1[:, j])` and `dZ2[:, j] * A1[:, j]`, summed over j into a (10, h) array
    and divided by m, give where the shapes let them run (h = 10): every entry the same number, and every
    row the same vector. Both (10, 10); None where h != 10."""
    dZ2, A1 = np.asarray(dZ2, dtype=np.float64), np.asarray(A1, dtype=np.float64)
    if A1.shape[0] != dZ2.shape[0]:
        return None
    m = dZ2.shape[1]
    inner = np.full((dZ2.shape[0], A1.shape[0]), np.sum(dZ2 * A1) / m)
    elementwise = np.broadcast_to(np.sum(dZ2 * A1, axis=1) / m, inner.shape)
    return {"inner_product": inner, "elementwise_product": elementwise}


_PRODUCT_MESSAGES = {
    "inner_product": (
        "multiplies the two columns into one number (np.dot), not into a matrix (np.outer)",
        "Every entry of your dW2 is the same number: `np.dot` (or `@`) of two 1-D columns is their inner "
        "product, sum_i dZ2[i, j] A1[i, j], a single number, which NumPy then adds to every entry. The "
        "gradient of one example is a (10, h) matrix whose entry (i, k) is dZ2[i, j] times A1[k, j]: "
        "every entry of one column times every entry of the other. With h = 10 the shapes let it run; "
        "with 7 hidden units `np.dot` refuses vectors of lengths 10 and 7.",
    ),
    "elementwise_product": (
        "multiplies the two columns entry by entry, not into a matrix (np.outer)",
        "Every row of your dW2 is the same vector: `dZ2[:, j] * A1[:, j]` multiplies entry i by entry i "
        "only, and adding that length-10 vector to dW2 repeats it in every row. The gradient of one "
        "example pairs *every* entry of dZ2's column with *every* entry of A1's: entry (i, k) is "
        "dZ2[i, j] times A1[k, j]. With 7 hidden units the lengths 10 and 7 do not even match.",
    ),
}


def by_examples_values(ctx: Context, i: int, k: int):
    """A product of the two column vectors that is not their outer product."""
    variants = _products_of_vectors(*ctx.cases[i].args)
    if variants is None:
        return None
    got = as_float(ctx.got[i][0])
    for name, (headline, explanation) in _PRODUCT_MESSAGES.items():
        if got.shape == variants[name].shape and close(got, variants[name]):
            return ctx.fail(
                name,
                headline,
                explanation,
                "Make the (10, h) matrix of all the products of the two columns: that is an outer product.",
                example=ctx.example(i),
            )
    return None


# ------------------------------------------------------------------------ exercise probes: training


def loss_curve_shape(ctx: Context, i: int, k: int):
    g = ctx.got[i][0]
    n = int(ctx.cases[i].args[5])
    if g.ndim == 0:
        return ctx.fail(
            "loss_curve_last_only",
            "returns one loss, not one per iteration",
            f"Your loss_curve returned the single number {float(g):.4g}. A curve needs every iteration's "
            f"loss: {n} numbers for {n} iterations.",
            "Start an empty list before the loop, append each iteration's loss to it, and return it as an "
            "array after the loop.",
            example=ctx.example(i),
        )
    if g.ndim != 1:
        return None
    if g.shape[0] == n + 1:
        return ctx.fail(
            "loss_curve_extra_loss",
            f"records {n + 1} losses for {n} iterations",
            "Your curve has one loss more than there are iterations: besides the loss before each update, "
            "it also records the loss of the final weights (after the loop, or at the end of each "
            "iteration as well as the start). Entry i should be the loss that iteration i's update starts "
            "from.",
            "Record exactly once per iteration, from that iteration's own forward pass.",
            example=ctx.example(i),
        )
    if n > 10 and g.shape[0] == -(-n // 10):
        return ctx.fail(
            "loss_curve_every_tenth",
            "records the loss only every 10th iteration",
            f"Your curve has {g.shape[0]} losses for {n} iterations. The seed printed its progress with "
            "`if i % 10 == 0:`; a curve that is drawn afterwards can keep every iteration, and the jumps of "
            "a learning rate that is too large happen between those tenth iterations.",
            "Record the loss in every iteration, outside any `if`.",
            example=ctx.example(i),
        )
    return None


def _curve_variants(W1, W2, X, Y, alpha, iterations):
    """Other ways of recording the curve, by diagnosis, on one case's inputs (float64 arrays)."""
    n = int(iterations)
    W1, W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
    one_more = ref.loss_curve(W1, W2, X, Y, alpha, n + 1)
    return {
        "loss_curve_after_update": one_more[1:],
        "loss_curve_weights_not_updated": np.full(n, one_more[0]),
        "loss_curve_ignores_start": ref.loss_curve(*ref.init_params(), X, Y, alpha, n),
    }


_CURVE_MESSAGES = {
    "loss_curve_after_update": (
        "records each loss after the update, not before it",
        "Your first loss is already that of the weights after one step, and your last one that of weights "
        "the loop never returns to use. Entry i should be the loss of iteration i's forward pass, the one "
        "its gradients come from, so entry 0 is the loss of the starting weights (about log 10 = 2.30 for "
        "a network that starts knowing nothing).",
        "Compute the loss right after forward_prop, before backward_prop and the update.",
    ),
    "loss_curve_weights_not_updated": (
        "the loss never changes: the weights are not updated",
        "Every loss in your curve is the starting loss, so every iteration computed the same forward pass "
        "on the same weights: the result of update_params is computed but not kept.",
        "Assign it: `W1, W2 = update_params(W1, W2, dW1, dW2, alpha)`.",
    ),
    "loss_curve_ignores_start": (
        "starts from init_params() instead of the W1 and W2 it is given",
        "Your curve is that of the course's default starting weights, whatever W1 and W2 it is called "
        "with, so it cannot compare two starting points (lesson 7 needs exactly that).",
        "Start the loop from the W1 and W2 passed in; do not call init_params inside loss_curve.",
    ),
}


def loss_curve_values(ctx: Context, i: int, k: int):
    """A curve that equals, on every case, one of the named ways of recording it wrongly."""
    got = [as_float(g[0]) for g in ctx.got]
    variants = [_curve_variants(*case.args) for case in ctx.cases]
    for name, (headline, explanation, hint) in _CURVE_MESSAGES.items():
        if all(
            g.shape == v[name].shape and close(g, v[name], 1e-6, 1e-9)
            for g, v in zip(got, variants, strict=True)
        ):
            return ctx.fail(name, headline, explanation, hint, example=ctx.example(i))
    return None


def _minibatch_variant(
    W1, W2, X, Y, alpha, beta, batch_size, epochs, seed, *, ema=False, reset=None, order="shuffled",
    drop_last=False
):
    """minibatch_momentum with one thing done differently: `ema` (V = beta V + (1 - beta) dW), `reset`
    ("batch" or "epoch": V back to zero), `order` ("unshuffled", "same each epoch", "X and Y apart"),
    `drop_last` (the smaller last batch skipped). float64 (W1, W2)."""
    W1, W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    V1, V2 = np.zeros_like(W1), np.zeros_like(W2)
    for _ in range(int(epochs)):
        if order == "same each epoch":
            rng = np.random.default_rng(seed)
        rows = np.arange(m) if order == "unshuffled" else rng.permutation(m)
        labels = rng.permutation(m) if order == "X and Y apart" else rows
        if reset == "epoch":
            V1, V2 = np.zeros_like(W1), np.zeros_like(W2)
        last = m - batch_size + 1 if drop_last else m
        for start in range(0, max(last, 1), batch_size):
            Xb, Yb = X[:, rows[start : start + batch_size]], Y[labels[start : start + batch_size]]
            Z1, A1, Z2, A2 = ref.forward_prop(W1, W2, Xb)
            dW1, dW2 = ref.backward_prop(Z1, A1, Z2, A2, W1, W2, Xb, Yb)
            if reset == "batch":
                V1, V2 = np.zeros_like(W1), np.zeros_like(W2)
            keep = 1 - beta if ema else 1
            V1, V2 = beta * V1 + keep * dW1, beta * V2 + keep * dW2
            W1, W2 = W1 - alpha * V1, W2 - alpha * V2
    return W1, W2


_MINIBATCH_VARIANTS = {
    "momentum_missing": (
        {"reset": "batch"},
        "takes plain mini-batch steps: the velocity does not carry over",
        "Your steps are W - alpha * dW, the gradient of each batch alone: either V starts from zero again "
        "for every batch, or the step uses dW instead of V. Momentum is the memory of earlier steps, so V "
        "must be created once, before the loops, and updated, not recreated, in each batch.",
        "Create V1 and V2 (zeros like W1 and W2) once before the epochs; in each batch "
        "`V1 = beta * V1 + dW1`, the same for V2, and step along V.",
    ),
    "momentum_reset_each_epoch": (
        {"reset": "epoch"},
        "starts the velocity from zero at every epoch",
        "Your V is set to zero at the start of each epoch, so every epoch begins with a plain gradient step "
        "and the speed built up in the previous epoch is thrown away. An epoch boundary is only a point in "
        "the data, not a new start: V carries on.",
        "Create V1 and V2 once, before the loop over epochs.",
    ),
    "momentum_ema": (
        {"ema": True},
        "uses V = beta V + (1 - beta) dW: a different momentum from this lesson's",
        "Your velocity is the running *average* of the gradients (as in Andrew Ng's courses), so its "
        "effective step is alpha, not alpha / (1 - beta): ten times smaller at beta = 0.9 than this "
        "lesson's (and PyTorch's) V = beta V + dW, with which alpha = 0.1 was chosen. Both are momentum; "
        "they need learning rates a factor 1 / (1 - beta) apart.",
        "Add the whole gradient: `V1 = beta * V1 + dW1`.",
    ),
    "minibatch_unshuffled": (
        {"order": "unshuffled"},
        "does not shuffle: the batches are the same every epoch",
        "Your batches take the examples in their stored order. Every epoch then sees the same batches in "
        "the same order, and if the data is sorted (by label, by writer) each batch is far from a sample "
        "of the whole.",
        "At the start of each epoch, `order = rng.permutation(m)`, and take each batch's columns from it.",
    ),
    "minibatch_same_order": (
        {"order": "same each epoch"},
        "shuffles, but the same way in every epoch",
        "Your order changes from the stored one but repeats exactly from epoch to epoch: the generator is "
        "made again from `seed` inside the loop, so it draws the same permutation each time.",
        "Make `rng = np.random.default_rng(seed)` once, before the epochs; draw a new permutation from it "
        "in each epoch.",
    ),
    "minibatch_labels_apart": (
        {"order": "X and Y apart"},
        "shuffles X and Y with two different orders",
        "Your batches pair each digit with the label of another: X's columns follow one permutation and Y "
        "another, so the network learns from wrongly labelled digits.",
        "Draw one permutation per epoch and index both with it: `X[:, batch]` and `Y[batch]`.",
    ),
    "minibatch_last_dropped": (
        {"drop_last": True},
        "skips the last, smaller batch",
        "When m is not a multiple of batch_size, the examples left at the end of each epoch form a smaller "
        "batch; your loop leaves them out, so some examples are never used in an epoch.",
        "Loop `for start in range(0, m, batch_size):` and slice `order[start:start + batch_size]`: the "
        "last slice is simply shorter.",
    ),
}


def minibatch_values(ctx: Context, i: int, k: int):
    """Trained weights that equal, on every case, those of one of the named other loops."""
    got = [[as_float(w) for w in g] for g in ctx.got]
    for name, (options, headline, explanation, hint) in _MINIBATCH_VARIANTS.items():
        variants = [_minibatch_variant(*case.args, **options) for case in ctx.cases]
        if all(
            all(a.shape == b.shape and close(a, b, 1e-6, 1e-9) for a, b in zip(g, v, strict=True))
            for g, v in zip(got, variants, strict=True)
        ):
            return ctx.fail(name, headline, explanation, hint, example=ctx.example(i, k))
    return None


# ------------------------------------------------------------------------ exercise probes: gradient check


def relative_error_shape(ctx: Context, i: int, k: int):
    g = ctx.got[i][0]
    if g.ndim >= 1:
        return ctx.fail(
            "relative_error_not_reduced",
            "returns one value per entry instead of the worst one",
            f"Your relative_error has shape {g.shape}: the relative difference of every entry. A gradient "
            "check asks one question, how far off is the worst entry, so the answer is one number.",
            "Reduce the entry-by-entry ratios to their largest value.",
            example=ctx.example(i),
        )
    return None


def relative_error_nonfinite(ctx: Context, i: int):
    return ctx.fail(
        "relative_error_zero_division",
        "divides 0 by 0 where both gradients are 0",
        f"On {ctx.cases[i].label} your result is {float(ctx.got[i][0])}. Where both gradients are exactly 0 "
        "(a pixel that is blank in every example gives such entries), |a - n| / max(|a|, |n|) is 0 / 0, "
        "which is nan, and one nan makes the whole check fail or, with np.max, silently pass.",
        "Count an entry where both are 0 as agreeing (relative error 0): divide only where the scale is "
        "above 0, for example with `np.divide(..., where=scale > 0, out=np.zeros(...))`.",
        example=ctx.example(i),
    )


def _named_variant(ctx: Context, i: int, variants_of, messages: dict):
    """The failure for a scalar answer that equals, on every case, one of the named variants
    variants_of(*case.args) returns; messages[name] = (headline, explanation, hint). None otherwise."""
    got = [float(ctx.got[j][0]) for j in range(len(ctx.cases))]
    variants = [variants_of(*case.args) for case in ctx.cases]
    for name, (headline, explanation, hint) in messages.items():
        if all(nearly_equal(g, float(v[name])) for g, v in zip(got, variants, strict=True)):
            return ctx.fail(name, headline, explanation, hint, example=ctx.example(i))
    return None


def _relative_variants(a, n):
    """Other ways of writing a relative error, by name, computed on one case's inputs."""
    a, n = np.asarray(a, dtype=np.float64), np.asarray(n, dtype=np.float64)
    scale = np.maximum(np.abs(a), np.abs(n))
    with np.errstate(all="ignore"):
        safe = np.where(scale > 0, scale, 1.0)
        return {
            "relative_error_absolute": np.max(np.abs(a - n)),
            "relative_error_signed": np.max((a - n) / safe),
            "relative_error_mean": np.mean(np.abs(a - n) / safe),
            "relative_error_norm_ratio": np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)),
            "relative_error_sum_scale": np.max(
                np.abs(a - n) / np.where(scale > 0, np.abs(a) + np.abs(n), 1.0)
            ),
        }


_RELATIVE_MESSAGES = {
    "relative_error_absolute": (
        "measures the absolute difference, not the relative one",
        "Your result matches max |a - n|. On gradients near 1000 a difference of 0.01 is excellent "
        "agreement, on gradients near 0.001 it is a complete mismatch: an absolute difference cannot "
        "tell them apart.",
        "Divide each |a - n| by the size of the gradients it compares, max(|a|, |n|), then take the largest.",
    ),
    "relative_error_signed": (
        "keeps the sign of the difference",
        "Your result matches max (a - n) / max(|a|, |n|) without the absolute value: an entry where the "
        "numerical slope is larger gives a negative ratio, and the largest can then miss the worst entry.",
        "Take the absolute value of the difference before dividing.",
    ),
    "relative_error_mean": (
        "averages over the entries instead of taking the worst",
        "Your result matches the mean of the entry-by-entry ratios. One wrong entry among 300 that agree "
        "(a single wrong weight, exactly what a gradient check must catch) then moves the mean by only "
        "1/300.",
        "Take the largest ratio, not the mean.",
    ),
    "relative_error_norm_ratio": (
        "is the norm ratio ||a - n|| / (||a|| + ||n||), not the worst entry",
        "Your result matches the norm-based relative error that Coursera's gradient checking uses. It is a "
        "fair measure of the whole array, but it averages: one wrong entry among many hardly moves it. This "
        "exercise asks for the worst entry.",
        "Compute |a - n| / max(|a|, |n|) entry by entry and take the largest.",
    ),
    "relative_error_sum_scale": (
        "divides by |a| + |n| instead of max(|a|, |n|)",
        "Your result matches |a - n| / (|a| + |n|): a relative error too, but half as large when the two "
        "agree, and at most 1 however badly they disagree, so thresholds such as 1e-7 mean something else.",
        "Divide by the larger of |a| and |n|: `np.maximum(np.abs(a), np.abs(n))`.",
    ),
}


def relative_error_values(ctx: Context, i: int, k: int):
    found = _named_variant(ctx, i, _relative_variants, _RELATIVE_MESSAGES)
    if found is not None:
        return found
    got = [float(ctx.got[j][0]) for j in range(len(ctx.cases))]
    for j, case in enumerate(ctx.cases):
        a, n = (np.asarray(x, dtype=np.float64) for x in case.args)
        one_sided = np.abs(a - n) / np.abs(n) if np.all(n != 0) else None
        if (
            one_sided is not None
            and nearly_equal(got[j], float(np.max(one_sided)))
            and not close(np.float64(got[j]), ctx.expected[j][0], case.rtol, case.atol)
        ):
            return ctx.fail(
                "relative_error_one_sided",
                "divides by one of the two gradients only",
                "Your result matches max |a - n| / |n|. Where the numerical slope is 0 and backprop's is not "
                "(a wrong gradient), that is a division by zero; and swapping the two arguments changes it.",
                "Divide by the larger of the two: `np.maximum(np.abs(a), np.abs(n))`.",
                example=ctx.example(j),
            )
    return None


# ------------------------------------------------------------------------ exercise probes: L2 regularisation


def l2_penalty_shape(ctx: Context, i: int, k: int):
    g = ctx.got[i][0]
    if g.ndim >= 1:
        return ctx.fail(
            "l2_penalty_not_reduced",
            "returns an array instead of one number",
            f"Your l2_penalty has shape {g.shape}. The penalty is one number added to the loss: the sum of "
            "every squared weight, scaled by lambd / (2 m).",
            "Sum the squares over every entry of both matrices (`np.sum`), then scale.",
            example=ctx.example(i),
        )
    return None


def _l2_variants(W1, W2, lambd, m):
    """Other ways of writing the penalty, by diagnosis, on one case's inputs."""
    W1, W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
    inner, bias, outer = np.sum(W1[:, 1:] ** 2), np.sum(W1[:, 0] ** 2), np.sum(W2**2)
    right = inner + outer
    return {
        "l2_bias_included": lambd / (2 * m) * (right + bias),
        "l2_no_half": lambd / m * right,
        "l2_not_divided_by_m": lambd / 2 * right,
        "l2_norm_not_squared": lambd / (2 * m) * (np.linalg.norm(W1[:, 1:]) + np.linalg.norm(W2)),
        "l2_one_matrix": lambd / (2 * m) * inner,
    }


_L2_MESSAGES = {
    "l2_bias_included": (
        "also penalises the bias column W1[:, 0]",
        "Your penalty counts column 0 of W1 too. That column is the bias (the row of ones that `pad` "
        "added): it shifts a unit's score but scales no input, so a large bias does not make the network "
        "sensitive to small changes of its inputs, and shrinking it only hurts. The usual L2 leaves "
        "biases out.",
        "Sum the squares of `W1[:, 1:]` (every column but the first) and of `W2`.",
    ),
    "l2_no_half": (
        "is twice too large: the 1/2 is missing",
        "Your penalty is lambd / m times the sum of squares. The course's (and Coursera's) penalty is "
        "lambd / (2 m) times it: the 1/2 makes its gradient exactly lambd / m times W, with no 2.",
        "Divide by 2 m, not by m.",
    ),
    "l2_not_divided_by_m": (
        "is not divided by m",
        "Your penalty is lambd / 2 times the sum of squares, whatever the batch. The cross-entropy is a "
        "mean over the m examples, so the penalty is scaled by 1 / m as well: then lambd means the same "
        "for a batch of 10 and a batch of 10,000.",
        "Scale by lambd / (2 * m).",
    ),
    "l2_norm_not_squared": (
        "adds the norms, not the squared weights",
        "Your result matches lambd / (2 m) times (||W1|| + ||W2||): `np.linalg.norm` is the square root "
        "of the sum of squares. L2 regularisation penalises the sum of squares itself.",
        "Use `np.sum(W ** 2)` (or the norm squared) for each matrix.",
    ),
    "l2_one_matrix": (
        "penalises W1 only",
        "Your penalty leaves W2 out. Both layers' weights can grow large, and both are kept small.",
        "Add the squares of W2 as well.",
    ),
}


def l2_penalty_values(ctx: Context, i: int, k: int):
    return _named_variant(ctx, i, _l2_variants, _L2_MESSAGES)


def l2_gradients_values(ctx: Context, i: int, k: int):
    W1, W2, lambd, m = ctx.cases[i].args
    got = as_float(ctx.got[i][k])
    expected = ctx.expected[i][k]
    if k == 0 and got.shape == expected.shape:
        columns = close(got[:, 1:], expected[:, 1:], ctx.cases[i].rtol, ctx.cases[i].atol)
        if columns and not close(got[:, :1], expected[:, :1], ctx.cases[i].rtol, ctx.cases[i].atol):
            return ctx.fail(
                "l2_gradient_bias",
                "gives the bias column W1[:, 0] a gradient",
                "Your dW1_l2 is right except in column 0, the bias. The penalty leaves the bias out, so its "
                "gradient there is 0.",
                "Set column 0 of the first gradient to 0 (on a new array, not on W1).",
                example=ctx.example(i, k),
            )
    ratio = scale_ratio(got, expected)
    if ratio is not None and nearly_equal(ratio, 2.0):
        return ctx.fail(
            "l2_gradient_doubled",
            "is twice too large",
            "Your gradients are 2 lambd / m times the weights. The derivative of lambd / (2 m) w^2 is "
            "lambd / m times w: the 2 of the square cancels the 1/2.",
            "Use lambd / m, not 2 lambd / m.",
            example=ctx.example(i, k),
        )
    if ratio is not None and nearly_equal(ratio, float(m)):
        return ctx.fail(
            "l2_gradient_not_divided_by_m",
            "is not divided by m",
            "Your gradients are lambd times the weights; the penalty is divided by m, and so is its "
            "gradient.",
            "Use lambd / m times the weights.",
            example=ctx.example(i, k),
        )
    return None
