"""Exercises checked as a whole rather than input by input: init_params and gradient_descent.

init_params has no inputs to compare on (its output is random); gradient_descent
is judged by what training does on a tiny seeded problem.
"""

from __future__ import annotations

import copy
import inspect
from collections import Counter

import numpy as np

from .. import reference as ref
from .engine import Call, call_learner, data_globals, failing_result, referenced_names, with_globals
from .feedback import CheckResult, Example, describe
from .probes import close, explain_exception, not_implemented_result, notes_from_calls

# ----------------------------------------------------------------------------- custom checks


def _rough(x: float) -> str:
    """One significant digit, no exponent: 9.88 -> '10', 0.289 -> '0.3' (stable across random draws)."""
    if x == 0 or not np.isfinite(x):
        return str(x)
    digits = -int(np.floor(np.log10(abs(x))))
    return np.format_float_positional(round(x, digits), trim="-")


def _signature_params(fn) -> list[str]:
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


def _seeded_call(fn, seed, args, arg_names, label, kwargs=None) -> Call:
    np.random.seed(seed)  # noqa: NPY002 - the seed notebook draws from the legacy global generator
    return call_learner(fn, args, arg_names, label=label, kwargs=kwargs)


def _two_arrays(value) -> bool:
    """True for a returned (W1, W2): a tuple or list of two NumPy arrays."""
    return (
        isinstance(value, tuple | list) and len(value) == 2 and all(isinstance(w, np.ndarray) for w in value)
    )


def _first_error(name, calls, when, example=None) -> CheckResult | None:
    """The result for the first of `calls` that raised, None when none did.

    `when` ends the headline: "ValueError while training".
    """
    for call in calls:
        if call.error is not None:
            if call.error.not_implemented:
                return not_implemented_result(
                    name, call.error.function if call.error.function != name else None
                )
            diagnosis, explanation, hint = explain_exception(call.error, name)
            return failing_result(
                name,
                diagnosis,
                f"{call.error.type} {when}",
                f"{explanation} `{call.error.short()}` {call.error.where()}.",
                hint,
                example,
                status="error",
                notes=notes_from_calls(name, calls),
            )
    return None


# A weight spread within this factor of He's sqrt(2 / fan-in) keeps the scores' spread sensible.
HE_TOLERANCE = 2.0


def check_init_params(exercise, fn) -> CheckResult:
    """init_params(): shapes (10, 785) and (10, 10), random, centred, sanely scaled, not symmetric."""
    name = exercise.name
    params = _signature_params(fn)
    first = _seeded_call(fn, 0, (), (), "init_params()")
    second = _seeded_call(fn, 1, (), (), "init_params() a second time")
    calls = [first, second]

    def fail(diagnosis, headline, explanation, hint, example=None):
        return failing_result(
            name, diagnosis, headline, explanation, hint, example, notes=notes_from_calls(name, calls)
        )

    error = _first_error(name, calls, "when called as init_params()")
    if error is not None:
        return error
    value = first.value
    if value is None:
        return fail(
            "returns_none",
            "it returns None: did you forget to `return`?",
            "Your init_params returned None.",
            "End with `return W1, W2`.",
        )
    if not _two_arrays(value):
        return fail(
            "wrong_return",
            "should return two arrays, W1 and W2",
            f"Your init_params returned {describe(value)}.",
            "End with `return W1, W2`.",
        )
    W1, W2 = value
    shapes = Example(
        label="init_params()", expected="W1 (10, 785), W2 (10, 10)", got=f"W1 {W1.shape}, W2 {W2.shape}"
    )
    if W1.shape == (785, 10):
        return fail(
            "transposed",
            "W1 is transposed",
            "W1 should have shape (10, 785): one row per hidden unit, one column per input (785 with the "
            "bias row from pad), so that W1 @ X works for X of shape (785, m).",
            "Swap the two sizes: `(10, 785)`.",
            shapes,
        )
    if W1.shape == (10, 784):
        return fail(
            "init_missing_bias_column",
            "W1 needs 785 columns, not 784",
            "pad adds a row of ones to X, so X has 785 rows and W1 needs 785 columns "
            "(its first column is the bias).",
            "Use shape `(10, 785)`.",
            shapes,
        )
    if W1.shape == (10, 10) and W2.shape in ((10, 785), (785, 10)):
        return fail(
            "wrong_order",
            "W1 and W2 are swapped",
            f"Your first array has shape {W1.shape} and your second {W2.shape}: W1 is the first layer's "
            "weights, (10, 785), one column per input pixel plus the bias; W2, (10, 10), maps the 10 hidden "
            "units to the 10 classes. Code that unpacks `W1, W2 = init_params()` would mix them up.",
            "Give W1 the shape (10, 785) and W2 (10, 10), and end with `return W1, W2`.",
            shapes,
        )
    if W1.shape != (10, 785) or W2.shape != (10, 10):
        return fail(
            "wrong_shape",
            "wrong weight shapes",
            f"Expected W1 of shape (10, 785) and W2 of shape (10, 10); yours are {W1.shape} and {W2.shape}.",
            "W1: (hidden units, 785); W2: (10 classes, hidden units).",
            shapes,
        )
    if W1.dtype.kind in "iub" or W2.dtype.kind in "iub":
        return fail(
            "init_integer",
            "integer weights",
            f"Your weights have dtype {W1.dtype}: whole numbers, far too large and all alike.",
            "Draw small random floats centred on 0, e.g. uniform in [-0.5, 0.5).",
            shapes,
        )
    if not (np.isfinite(W1).all() and np.isfinite(W2).all()):
        return fail(
            "nan_or_inf",
            "weights contain nan or inf",
            "Some starting weights are not finite.",
            "Draw ordinary random numbers.",
        )
    # Only rounded summaries: a learner's unseeded generator must not change the feedback from run to run.
    ex = None
    for Wname, W in (("W1", W1), ("W2", W2)):
        if not W.any():
            return fail(
                "init_zeros",
                f"{Wname} is all zeros",
                "With all-zero weights every hidden unit computes the same thing and gets the same "
                "gradient, so they stay identical forever (and ReLU of 0 passes no gradient at all).",
                "Start from small random numbers centred on 0, e.g. uniform in [-0.5, 0.5).",
                ex,
            )
        if np.ptp(W) == 0:
            return fail(
                "init_constant",
                f"every weight in {Wname} is the same",
                f"All of {Wname} equals {W.flat[0]:g}. Identical weights make every hidden unit identical: "
                "they get identical gradients and never become different (the symmetry is never broken).",
                "Use independent random numbers centred on 0, e.g. uniform in [-0.5, 0.5).",
                ex,
            )
    if np.allclose(W1, W1[:1]) or np.allclose(W2, W2[:, :1]):
        return fail(
            "init_symmetric",
            "all hidden units start identical",
            "Every hidden unit has the same weights (identical rows of W1, or identical columns of W2), "
            "so they compute the same thing, get the same gradients and never become different.",
            "Draw every weight independently at random.",
            ex,
        )
    for Wname, W in (("W1", W1), ("W2", W2)):
        spread = float(W.std())
        if abs(float(W.mean())) > 0.5 * spread:
            return fail(
                "init_not_centred",
                f"{Wname} is not centred on 0",
                f"Your {Wname} has mean {_rough(float(W.mean()))} for a spread of "
                f"{_rough(spread)}: almost all "
                "weights are positive (np.random.rand gives [0, 1)). Then every hidden unit sees mostly "
                "positive sums and they all behave alike.",
                "Centre the weights on 0: draw from a normal distribution with mean 0, "
                "`rng.standard_normal(shape)`, and scale it.",
                ex,
            )
    if "hidden_units" in params:
        call = call_learner(fn, (), (), label="init_params(hidden_units=7)", kwargs={"hidden_units": 7})
        calls.append(call)
        got = call.value if call.error is None else None
        if not (
            isinstance(got, tuple | list)
            and len(got) == 2
            and getattr(got[0], "shape", None) == (7, 785)
            and getattr(got[1], "shape", None) == (10, 7)
        ):
            return fail(
                "init_ignores_hidden_units",
                "hidden_units is ignored",
                "init_params(hidden_units=7) should give W1 (7, 785) and W2 (10, 7).",
                "Use hidden_units in both shapes.",
            )
    if "seed" in params:
        a = call_learner(fn, (), (), label="init_params(seed=3)", kwargs={"seed": 3})
        b = call_learner(fn, (), (), label="init_params(seed=3) again", kwargs={"seed": 3})
        c = call_learner(fn, (), (), label="init_params(seed=4)", kwargs={"seed": 4})
        if all(x.error is None and isinstance(x.value, tuple | list) for x in (a, b, c)):
            if not np.array_equal(a.value[0], b.value[0]):
                return fail(
                    "seed_not_reproducible",
                    "the same seed gives different weights",
                    "init_params(seed=3) twice gave different weights.",
                    "Make the generator from the seed: `rng = np.random.default_rng(seed)`.",
                )
            if np.array_equal(a.value[0], c.value[0]):
                return fail(
                    "seed_ignored",
                    "the seed is ignored",
                    "Different seeds gave the same weights.",
                    "Make the generator from the seed: `rng = np.random.default_rng(seed)`.",
                )
    elif (
        isinstance(second.value, tuple | list)
        and len(second.value) == 2
        and np.array_equal(W1, second.value[0])
    ):
        return fail(
            "init_same_every_call",
            "gives the same weights on every call",
            "Two calls gave identical weights: a fixed seed inside init_params (np.random.seed(...) or "
            "default_rng(0)) makes every run and every network start the same, and np.random.seed also "
            "resets NumPy's random numbers for the rest of the notebook.",
            "Leave the seed out, or take it as a parameter: `def init_params(hidden_units=10, seed=None)`.",
        )
    for Wname, W in (("W1", W1), ("W2", W2)):
        fan_in = W.shape[1]
        spread, he = float(W.std()), float(np.sqrt(2 / fan_in))
        ratio = spread / he
        scale_hint = (
            f"Scale normal draws to the fan-in: `rng.standard_normal({W.shape}) * np.sqrt(2 / {fan_in})`. "
            "He's rule keeps the spread of the scores the same from one ReLU layer to the next."
        )
        if ratio > HE_TOLERANCE:
            return fail(
                "init_too_large",
                f"{Wname} is far too large (std {_rough(spread)})",
                f"Your {Wname} has standard deviation {_rough(spread)}, {_rough(ratio)} times He's "
                f"sqrt(2 / {fan_in}) = {he:.2g}. Each score adds up {fan_in} weighted inputs, so the "
                f"starting scores are about {_rough(ratio)} times too spread out: softmax starts "
                "confident about random answers (a starting loss above log 10 = 2.30) and the first "
                "iterations are spent undoing that; much larger weights overflow.",
                scale_hint,
                ex,
            )
        if ratio < 1 / HE_TOLERANCE:
            return fail(
                "init_too_small",
                f"{Wname} is almost zero (std {_rough(spread)})"
                if spread < 1e-4
                else f"{Wname} is too small (std {_rough(spread)})",
                f"Your {Wname} has standard deviation {_rough(spread)}, {_rough(he / spread)} times "
                f"smaller than He's sqrt(2 / {fan_in}) = {he:.2g}. The scores start that many times too "
                "small, and so do the gradients that flow back through the layer: learning crawls, and "
                "in a deeper network it stops.",
                scale_hint,
                ex,
            )
    if W1[:, 0].any():
        return fail(
            "init_random_bias",
            "the bias column W1[:, 0] starts random",
            f"Column 0 of your W1 holds {_rough(float(np.abs(W1[:, 0]).max()))} at most, not zeros. That "
            "column multiplies pad's row of ones: it is the hidden layer's bias (lesson 3), and biases start "
            "at 0. Random starting values are there to make the hidden units differ from one another, and "
            "the pixel weights already do that; a bias only shifts a unit's score, and a random shift gives "
            "nothing but a different start.",
            "Draw the whole matrix as now, then set its first column to zero.",
        )
    return CheckResult(
        exercise=name,
        status="passed",
        explanation="Your init_params gives W1 (10, 785) and W2 (10, 10), random, centred on 0, "
        "scaled to the fan-in (W1's spread near He's sqrt(2 / 785) = 0.05, W2's near sqrt(2 / 10) = 0.45), "
        "with the biases W1[:, 0] at 0 and different weights for every hidden unit.",
        notes=notes_from_calls(name, calls),
    )


def tiny_problem():
    """A small, easy, seeded problem: X (785, 100) padded pixels in [0, 1], Y (100,) labels 0-9."""
    rng = np.random.default_rng(2024)
    prototypes = (rng.random((784, 10)) < 0.15).astype(np.float64)
    Y = np.tile(np.arange(10), 10)
    rng.shuffle(Y)
    noise = rng.random((784, Y.size)) < 0.03
    X = np.clip(prototypes[:, Y] * rng.uniform(0.6, 1.0, size=(1, Y.size)) + noise, 0, 1)
    return ref.pad(X), Y


GD_ALPHA, GD_ITERATIONS = 0.1, 40


_FORWARD_NAMES = ("Z1", "A1", "Z2", "A2")


def _wiring_problem(log) -> tuple[str, str, str, str] | None:
    """(diagnosis, headline, explanation, hint) when the first iteration passes a helper the wrong arrays.

    `log` holds (helper name, arguments, returned value) for the first calls, in the order they were made.
    """
    forward = backward = updated = None
    for name, args, value in log:
        if name == "forward_prop":
            if (
                _two_arrays(updated)
                and len(args) >= 2
                and _same(args[0], updated[1])
                and _same(args[1], updated[0])
            ):
                return (
                    "weights_swapped",
                    "W1 and W2 are swapped after the update",
                    "Your loop unpacks the result of update_params into the wrong names (`W2, W1 = "
                    "update_params(...)`, or the arguments of forward_prop are swapped), so the next "
                    "forward_prop gets W2 where W1 belongs.",
                    "`W1, W2 = update_params(W1, W2, dW1, dW2, alpha)`, then `forward_prop(W1, W2, X)`.",
                )
            forward = value
        elif name == "backward_prop" and forward is not None and isinstance(forward, tuple | list):
            given = []
            for arg in args[:4]:
                hit = [
                    n
                    for n, f in enumerate(forward)
                    if np.shape(arg) == np.shape(f)
                    and close(np.asarray(arg, dtype=np.float64), np.asarray(f, dtype=np.float64))
                ]
                given.append(hit[0] if len(hit) == 1 else None)
            if None not in given and given != [0, 1, 2, 3]:
                passed = ", ".join(_FORWARD_NAMES[n] for n in given)
                return (
                    "helper_arguments_order",
                    "backward_prop gets its arguments in the wrong order",
                    f"Your loop calls `backward_prop({passed}, ...)`; its signature is "
                    "`backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)`, so it computes with the wrong arrays. "
                    "With 10 hidden units the shapes match, nothing complains, and the network still "
                    "learns a little, but not by gradient descent.",
                    "Pass the arrays in the order of the signature: "
                    "`backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)`.",
                )
            backward = value
        elif name == "update_params":
            updated = value
            if backward is None:
                return (
                    "update_before_backward",
                    "update_params runs before backward_prop",
                    "In the first iteration your loop calls update_params before backward_prop has "
                    "computed any gradients, so every update uses the previous iteration's gradients and "
                    "the last ones are thrown away.",
                    "In each iteration: forward_prop, then backward_prop, then "
                    "`W1, W2 = update_params(W1, W2, dW1, dW2, alpha)`.",
                )
    return None


def _same(a, b) -> bool:
    return (
        isinstance(a, np.ndarray)
        and isinstance(b, np.ndarray)
        and a.shape == b.shape
        and close(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    )


def _follows_gradient_descent(starts, X, Y, W1, W2) -> bool:
    """True when (W1, W2) equals GD_ITERATIONS reference steps from the one recorded init_params result."""
    if len(starts) != 1:
        return False
    try:
        A, B = (np.asarray(w, dtype=np.float64) for w in starts[0])
        for _ in range(GD_ITERATIONS):
            Z1, A1, Z2, A2 = ref.forward_prop(A, B, X)
            dA, dB = ref.backward_prop(Z1, A1, Z2, A2, A, B, X, Y)
            A, B = ref.update_params(A, B, dA, dB, GD_ALPHA)
        return close(W1, A, 1e-5, 1e-8) and close(W2, B, 1e-5, 1e-8)
    except (TypeError, ValueError):
        return False


def check_gradient_descent(exercise, fn) -> CheckResult:
    """gradient_descent(X, Y, alpha, iterations) on a tiny problem: returns (W1, W2), learns, uses X and Y."""
    name = exercise.name
    X, Y = tiny_problem()
    arg_names = ("X", "Y", "alpha", "iterations")
    counts = Counter()
    alphas = []

    starts = []
    last_gradients = []
    log = []

    def counting(helper_name, helper):
        def wrapper(*args, **kwargs):
            counts[helper_name] += 1
            if helper_name == "update_params":
                alphas.append(kwargs.get("alpha", args[4] if len(args) > 4 else None))
            if len(log) < 8:
                log.append((helper_name, copy.deepcopy(args), None))
            value = helper(*args, **kwargs)
            if log and log[-1][0] == helper_name and log[-1][2] is None:
                log[-1] = (helper_name, log[-1][1], copy.deepcopy(value))
            if helper_name == "init_params":
                starts.append(copy.deepcopy(value))
            if helper_name == "backward_prop":
                last_gradients[:] = [copy.deepcopy(value)]
            return value

        wrapper.__name__ = helper_name
        return wrapper

    space = getattr(fn, "__globals__", {})
    used = referenced_names(fn)
    wrapped = {
        h: counting(h, space[h])
        for h in ("init_params", "forward_prop", "backward_prop", "update_params")
        if h in used and callable(space.get(h))
    }
    counted = with_globals(fn, wrapped) if wrapped else fn
    one = _seeded_call(
        counted, 0, (X, Y, GD_ALPHA, 1), arg_names, "gradient_descent(X, Y, 0.1, 1) on 100 examples"
    )
    counts.clear()
    log.clear()
    starts.clear()
    alphas.clear()
    many = _seeded_call(
        counted,
        0,
        (X, Y, GD_ALPHA, GD_ITERATIONS),
        arg_names,
        f"gradient_descent(X, Y, 0.1, {GD_ITERATIONS}) on 100 examples",
    )
    calls = [one, many]
    notes = notes_from_calls(name, calls)
    example = Example(
        label=f"a small problem: X {X.shape}, Y {Y.shape}, alpha {GD_ALPHA}, {GD_ITERATIONS} iterations"
    )

    def fail(diagnosis, headline, explanation, hint):
        return failing_result(name, diagnosis, headline, explanation, hint, example, notes=notes)

    error = _first_error(name, calls, "while training", example)
    if error is not None:
        wiring = _wiring_problem(log) if error.status == "error" else None
        if wiring is not None:
            return failing_result(name, *wiring, example, status="error", notes=notes)
        return error
    for call in calls:
        if call.value is None:
            return fail(
                "returns_none",
                "it returns None: did you forget to `return`?",
                "Your gradient_descent returned None.",
                "End with `return W1, W2` (after the loop).",
            )
        value = call.value
        if not _two_arrays(value):
            return fail(
                "wrong_return",
                "should return the trained W1 and W2",
                f"Your gradient_descent returned {describe(value)}.",
                "End with `return W1, W2`.",
            )
        if call.modified:
            return fail(
                "modifies_input",
                f"it changes {', '.join(call.modified)} in place",
                "Training must not change the data it is given.",
                "Work on new arrays.",
            )
    W1, W2 = many.value
    if W1.ndim != 2 or W1.shape[1] != 785 or W2.shape != (10, W1.shape[0]):
        return fail(
            "wrong_shape",
            "trained weights have the wrong shapes",
            f"Expected W1 (hidden, 785) and W2 (10, hidden); yours are {W1.shape} and {W2.shape}.",
            "Return the weights in the same layout as init_params.",
        )
    if not (np.isfinite(W1).all() and np.isfinite(W2).all()):
        return fail(
            "diverged",
            "the weights became nan or inf",
            "After training, your weights contain nan or inf.",
            "Check the sign of the update and the gradients (run `check(backward_prop)`).",
        )
    updates = counts["update_params"]
    if updates and updates != GD_ITERATIONS:
        early = " Is the `return` indented inside the loop?" if updates == 1 else ""
        return fail(
            "wrong_iteration_count",
            f"runs {updates} update{'s' if updates != 1 else ''} instead of {GD_ITERATIONS}",
            f"Asked for {GD_ITERATIONS} iterations, your loop called update_params {updates} "
            f"time{'s' if updates != 1 else ''}.{early}",
            "Loop with `for i in range(iterations):` and return after the loop.",
        )
    if counts["forward_prop"] and counts["forward_prop"] < counts["backward_prop"]:
        return fail(
            "stale_forward",
            "forward_prop is not run again after each update",
            f"In {GD_ITERATIONS} iterations your loop ran backward_prop {counts['backward_prop']} times but "
            f"forward_prop only {counts['forward_prop']}: the gradients come from activations of "
            "old weights.",
            "Run forward_prop inside the loop, first thing in every iteration.",
        )
    if counts["init_params"] > 1:
        return fail(
            "init_inside_loop",
            "init_params is called inside the loop",
            f"init_params ran {counts['init_params']} times: the weights restart from scratch at "
            "every iteration, so nothing is learned.",
            "Call init_params once, before the loop.",
        )
    if alphas and any(a is not None and a != GD_ALPHA for a in alphas):
        return fail(
            "ignores_alpha",
            "uses its own learning rate instead of alpha",
            f"Called with alpha = {GD_ALPHA}, your loop passed {alphas[0]} to update_params.",
            "Pass the argument on: `update_params(W1, W2, dW1, dW2, alpha)`.",
        )
    start = one.value
    loss_start = ref.cross_entropy(ref.forward_prop(start[0], start[1], X)[3], Y)
    A2 = ref.forward_prop(W1, W2, X)[3]
    loss_end = ref.cross_entropy(A2, Y)
    accuracy = ref.get_accuracy(ref.get_predictions(A2), Y)
    learned = loss_end < 0.9 * loss_start and accuracy >= 0.4
    follows = _follows_gradient_descent(starts, X, Y, W1, W2)
    if not learned and follows:
        learned = True  # exact gradient descent from its own start: slow only because of that start
    if not follows and len(starts) == 1:
        # Learning is not enough: a miswired loop can still lower the loss. Name the miswiring if we can.
        wiring = _wiring_problem(log)
        if wiring is not None:
            return fail(*wiring)
    if not learned:
        if (
            last_gradients
            and _two_arrays(last_gradients[0])
            and all(
                close(np.asarray(w), np.asarray(d)) for w, d in zip((W1, W2), last_gradients[0], strict=False)
            )
        ):
            return fail(
                "returns_gradients",
                "returns the gradients dW1, dW2 instead of the weights",
                "Your gradient_descent returns the last gradients from backward_prop, not the trained "
                "weights: they have the same shapes, so nothing complains until predictions are random.",
                "End with `return W1, W2` (the weights that update_params returned).",
            )
        if np.array_equal(start[0], W1) and np.array_equal(start[1], W2):
            return fail(
                "weights_not_updated",
                "the weights never change",
                "After 1 and after many iterations your gradient_descent returns the same weights: "
                "the updated weights are computed but not kept.",
                "Assign the result: `W1, W2 = update_params(W1, W2, dW1, dW2, alpha)`.",
            )
        arrays = {n: v for n, v in data_globals(fn).items() if isinstance(v, np.ndarray)}
        if arrays:
            names = ", ".join(f"`{n}`" for n in arrays)
            return fail(
                "uses_global_data",
                f"trains on the notebook's {names} instead of X and Y",
                f"Your gradient_descent reads {names} from the notebook, so it ignores the data it is given.",
                "Use only the arguments X, Y, alpha and iterations.",
            )
        return fail(
            "not_learning",
            "the network does not learn",
            f"On a small, easy problem, {GD_ITERATIONS} iterations with alpha = {GD_ALPHA} should lower the "
            "loss clearly and reach well above chance (10%) training accuracy; yours does not.",
            "Inside the loop: forward_prop, backward_prop, then `W1, W2 = update_params(...)`, each "
            "using the latest weights.",
        )
    return CheckResult(
        exercise=name,
        status="passed",
        explanation=f"Your gradient_descent returns W1 and W2 of the right shapes and, on a small "
        f"problem (100 examples, {GD_ITERATIONS} iterations), the loss goes down and training "
        "accuracy is far above chance.",
        notes=notes,
    )
