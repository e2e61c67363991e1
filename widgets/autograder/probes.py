"""Diagnosis: find the first problem in a learner's answers and name it.

`find_problem` runs the checks in a fixed order, and leads with the first
problem it finds: not implemented, exceptions, None, type, shape, nan/inf,
inputs changed in place, values (exercise probes first, then general ones:
outputs in the wrong order, transposed, off by a factor of m or a global
variable, reading notebook data), then properties. Exercise-specific probes
live next to the general ones and all return a CheckResult or None.
"""

from __future__ import annotations

import copy
import inspect
import re
from collections import Counter

import numpy as np

from .. import reference as ref
from .engine import Call, Context, call_learner, data_globals, evaluate, referenced_names, with_globals
from .feedback import CheckResult, Example, describe, fmt

# ----------------------------------------------------------------------------- small helpers


def as_float(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


def close(got: np.ndarray, expected: np.ndarray, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    if got.shape != expected.shape:
        return False
    try:
        return bool(np.allclose(as_float(got), as_float(expected), rtol=rtol, atol=atol))
    except (TypeError, ValueError):
        return False


def case_summary(cases) -> str:
    """What the test inputs covered, in words: 'different shapes, a single example, float32 inputs, ...'."""
    words = [text for tag, text in _TAG_WORDS.items() if any(tag in c.tags for c in cases)]
    return ", ".join(["different shapes", *words])


_TAG_WORDS = {
    "single": "a single example",
    "odd": "odd numbers of examples",
    "nonsquare": "shapes that are not square",
    "large": "logits around ±1000",
    "float32": "float32 inputs",
    "int": "integer inputs",
    "zeros": "exact zeros and -0.0",
    "lacks_digits": "batches missing some digits",
    "hidden7": "a hidden layer 7 units wide",
}


def input_lines(names, args) -> list[tuple[str, str]]:
    """(name, text) for each argument: small arrays in full, big ones as their shape and dtype."""
    return [(n, fmt(a) if np.size(a) <= 40 else describe(a)) for n, a in zip(names, args, strict=False)]


def _which(cases, indices) -> str:
    return "; ".join(cases[j].label for j in indices)


# ----------------------------------------------------------------------------- notes


_WARNING_ADVICE = [
    (
        "overflow encountered in exp",
        "np.exp of a number above about 709 (88 in float32) is inf. Subtract the largest value first.",
    ),
    ("overflow", "some numbers grew too large for the float type and became inf."),
    ("divide by zero", "something was divided by 0 or np.log(0) was taken, which gives inf."),
    ("invalid value", "a 0/0, inf/inf, inf - inf or 0 * inf produced nan (not a number)."),
    ("underflow", "some numbers were too small for the float type and became 0."),
]


def warning_advice(message: str) -> str:
    for key, advice in _WARNING_ADVICE:
        if key in message:
            return advice
    return "read it: it often points at a real problem."


def notes_for(ctx: Context) -> list[str]:
    """Advice that is not a failure: debug prints and numpy warnings."""
    return notes_from_calls(ctx.exercise.name, ctx.calls)


def notes_from_calls(name: str, calls: list[Call]) -> list[str]:
    notes = []
    printing = [c for c in calls if c.printed.strip()]
    if printing:
        first = printing[0].printed.rstrip("\n").splitlines()
        sample = first[0][:60] + ("..." if len(first[0]) > 60 else "")
        notes.append(
            f"Your `{name}` printed {len(first)} line{'s' if len(first) != 1 else ''} in one call "
            f"(the first: `{sample}`). Remove debug prints when it works: in a training loop "
            "they flood the notebook and slow everything down."
        )
    counts = Counter(w for c in calls for w in c.warnings)
    for message, count in counts.items():
        times = "once" if count == 1 else f"{count} times"
        notes.append(f'NumPy warned "{message}" ({times}): {warning_advice(message)}')
    return notes


# ----------------------------------------------------------------------------- exceptions


def explain_exception(info, fn_name: str) -> tuple[str, str, str]:
    """(diagnosis, explanation, hint) for an exception raised by learner code."""
    from .exercises import EXERCISES

    msg = info.message
    name_match = re.search(r"name '(\w+)' is not defined", msg)
    if info.type == "NameError" and name_match:
        name = name_match.group(1)
        if name in EXERCISES or name in ("np", "numpy"):
            return (
                "undefined_helper",
                f"`{name}` is not defined when your `{fn_name}` runs.",
                f"Run the cell that defines (or imports) `{name}` first, then this check again.",
            )
        return (
            "undefined_name",
            f"Your `{fn_name}` uses `{name}`, which is not defined: a function should work from its "
            "arguments alone, not from notebook variables.",
            "Compute what you need from the arguments, for example the number of examples "
            "`m = X.shape[1]` (or `Y.size`).",
        )
    if info.type == "UnboundLocalError":
        return (
            "unbound_local",
            "A variable is used before it gets a value (it is only assigned later, or only inside an `if`).",
            "Make sure every variable is assigned before the line that reads it.",
        )
    if "truth value of an array" in msg:
        return (
            "array_truth_value",
            "Python's `max`, `min`, `if`, `and` and `or` look at a whole array at once, "
            "and NumPy cannot tell whether a whole array is True.",
            "Use NumPy's elementwise tools instead: `np.maximum`, `np.where`, comparisons like `Z "
            "> 0`, `&` and `|`.",
        )
    if "could not be broadcast" in msg or "concatenation axis must match" in msg:
        return (
            "shape_mismatch",
            "Two arrays with incompatible shapes were combined.",
            "Print the shapes involved. When you sum or take a max along an axis, keep that axis "
            "(`keepdims=True`) so the result lines up with the columns; check for a missing or extra `.T`.",
        )
    if "matmul" in msg or "not aligned" in msg or "mismatch in its core dimension" in msg:
        return (
            "matmul_shapes",
            "A matrix product got shapes whose inner sizes differ.",
            "(a x b) @ (b x c) needs the same b. Write each shape down from the shapes table: "
            "for example `W1` (10, 785) @ `X` (785, m) gives (10, m); a transpose may be missing or extra.",
        )
    if "only integer scalar arrays can be converted" in msg or "cannot be interpreted as an integer" in msg:
        return (
            "axis_argument",
            "A NumPy function got an array where it expects an axis number: `np.max(0, Z)` reads Z as the "
            "axis, because np.max takes one array and reduces it.",
            "To compare every entry with 0 use `np.maximum` (two inputs, elementwise); reductions "
            "take `(array, axis=...)`.",
        )
    if info.type == "IndexError":
        return (
            "index_error",
            "An index is outside the array.",
            "Rows are classes (10) and columns are examples (m): check which of the two each index is for.",
        )
    if info.type == "TypeError" and "NoneType" in msg:
        return (
            "none_value",
            "A value is None where a number or array was needed.",
            "A function you call probably has no `return` (or returns before computing its result).",
        )
    if info.type == "TypeError" and ("positional argument" in msg or "keyword argument" in msg):
        return (
            "wrong_signature",
            "The function was called the way the exercise (and the rest of the course) calls it, "
            "and its parameters do not match.",
            "Keep the exercise's signature: the same parameters in the same order.",
        )
    if info.type == "AttributeError" and ("'list'" in msg or "'tuple'" in msg or "'int'" in msg):
        return (
            "not_an_array",
            "A list, tuple or number was used as if it were a NumPy array.",
            "Turn it into an array with `np.array(...)`, or use NumPy functions that return arrays.",
        )
    if info.type == "RecursionError":
        return (
            "recursion",
            f"Your `{fn_name}` calls itself without end.",
            "Call the NumPy function you mean (for example `np.maximum`) instead of your own "
            "function's name.",
        )
    if info.type == "ZeroDivisionError":
        return ("zero_division", "A number was divided by zero.", "Check what you divide by (for example m).")
    return (
        "raised",
        f"Your `{fn_name}` raised an exception.",
        "Read the message and the line it points to; print the shapes of the arrays on that line.",
    )


def error_result(ctx_name: str, fn_name: str, errors, cases, args_names, fn=None) -> CheckResult:
    """A result for calls that raised: what, where, on which inputs, and what to try."""
    i, call = errors[0]
    info = call.error
    diagnosis, explanation, hint = explain_exception(info, fn_name)
    where = info.where()
    text = f"`{info.short()}`" + (f" {where}" if where else "") + "."
    if info.function and info.function != fn_name:
        text += f" (That line is in `{info.function}`, which your `{fn_name}` calls.)"
    ok = len(cases) - len(errors)
    scope = (
        f" It raised on: {_which(cases, [j for j, _ in errors])}; the other {ok} inputs worked." if ok else ""
    )
    example = Example(
        label=cases[i].label,
        inputs=input_lines(args_names, cases[i].args),
    )
    if fn is not None:
        params = set(args_names)
        used = {n: v for n, v in data_globals(fn).items() if n not in params}
        if used:
            listed = ", ".join(
                f"`{n}`" + (f" (= {v})" if not isinstance(v, np.ndarray) else "") for n, v in used.items()
            )
            text += (
                f" Your function also reads the notebook variable {listed}: the check passes other "
                "arrays, so sizes taken from notebook variables do not fit them."
            )
    return CheckResult(
        exercise=ctx_name,
        status="error",
        diagnosis=diagnosis,
        headline=f"{info.type} on {cases[i].label}",
        explanation=f"{explanation} {text}{scope}",
        hint=hint,
        example=example,
    )


_WEAK_FINDINGS = {
    "wrong_values",
    "wrong_shape",
    "nan_or_inf",
    "wrong_Z1",
    "wrong_A1",
    "wrong_Z2",
    "wrong_A2",
    "integer_inputs",
    "float32_inputs",
    "single_example",
    "lacks_digits",
    "hidden_size_fixed",
}
_GENERIC_ERRORS = {
    "unbound_local",
    "array_truth_value",
    "shape_mismatch",
    "matmul_shapes",
    "index_error",
    "none_value",
    "not_an_array",
    "zero_division",
    "raised",
}


def exception_finding(ctx: Context, errors) -> CheckResult:
    ex = ctx.exercise
    for probe in ex.error_probes:
        found = probe(ctx, errors)
        if found is not None:
            return found
    raised = {j for j, _ in errors}
    square = [j for j, c in enumerate(ctx.cases) if "square" in c.tags]
    nonsquare = [j for j, c in enumerate(ctx.cases) if "square" not in c.tags]
    if (
        raised
        and all("square" not in ctx.cases[j].tags for j in raised)
        and any(j not in raised for j in square)
        and 2 * len(raised) > len(nonsquare)
        and all(c.error.type in ("ValueError", "IndexError") for _, c in errors)
    ):
        i, call = errors[0]
        ok_square = next(j for j in square if j not in raised)
        return ctx.fail(
            "square_only",
            "works only when the matrices are square",
            f"Your `{ex.name}` runs on {ctx.cases[ok_square].label}, where the shapes happen to be square, "
            f"but raises `{call.error.short()}` {call.error.where()} on {ctx.cases[i].label}. "
            "With the seed's sizes a missing or misplaced transpose (or a sum over the wrong axis) "
            "goes unnoticed because the shapes match by accident.",
            "Write down the shape of every array on that line for the non-square case; "
            "fix the transpose or the `axis` (with `keepdims=True`) until the shapes line up.",
            example=Example(
                label=ctx.cases[i].label,
                inputs=input_lines(ex.arg_names, ctx.cases[i].args),
            ),
            status="error",
        )
    name = getattr(ctx.fn, "__name__", ex.name)
    return error_result(ex.name, name, errors, ctx.cases, ex.arg_names, ctx.fn)


# ----------------------------------------------------------------------------- structure


def normalize(ctx: Context, i: int):
    """Learner value of call i as a list of arrays like the reference's, or a CheckResult saying why not."""
    ex = ctx.exercise
    value = ctx.calls[i].value
    names = ex.outputs
    if ex.kind == "tuple":
        if isinstance(value, np.ndarray) or not isinstance(value, tuple | list):
            return ctx.fail(
                "wrong_return",
                f"should return {len(names)} values",
                f"Your `{ex.name}` returned {describe(value)}; it should return {len(names)} arrays "
                f"`{', '.join(names)}`, in that order.",
                f"End with `return {', '.join(names)}`.",
            )
        if len(value) != len(names):
            return ctx.fail(
                "wrong_return",
                f"returned {len(value)} values instead of {len(names)}",
                f"Your `{ex.name}` returned {len(value)} values; it should return {len(names)}: "
                f"`{', '.join(names)}`, in that order.",
                f"End with `return {', '.join(names)}`.",
            )
        items = list(value)
    else:
        items = [value]
    out = []
    for k, item in enumerate(items):
        label = names[k]
        if ex.kind == "scalar":
            if isinstance(item, bool | int | float | np.number) or (
                isinstance(item, np.ndarray) and item.dtype.kind in "biuf"
            ):
                out.append(np.asarray(item))
                continue
        elif isinstance(item, np.ndarray) and item.dtype.kind in "biuf":
            out.append(item)
            continue
        elif isinstance(item, int | float | np.number) and np.asarray(item).dtype.kind in "biuf":
            out.append(np.asarray(item))
            continue
        if callable(item):
            return ctx.fail(
                "returns_function",
                "returns a function instead of calling it",
                f"`{label}` should be {'a number' if ex.kind == 'scalar' else 'a NumPy array'}; yours is the "
                f"function `{getattr(item, '__name__', 'a function')}` itself.",
                "Add the parentheses that call it, for example `(predictions == Y).mean()` rather than "
                "`(predictions == Y).mean`.",
            )
        if isinstance(item, list | tuple):
            return ctx.fail(
                "wrong_type",
                f"returns a Python {type(item).__name__}, not a NumPy array",
                f"`{label}` should be a NumPy array; yours is {describe(item)}. Lists do not do "
                "elementwise arithmetic, so later steps (A2 - one_hot_Y, W2 @ A1) would break or be wrong.",
                "Build the result with NumPy operations, or wrap it: `np.array(...)`.",
            )
        if isinstance(item, np.ndarray):
            return ctx.fail(
                "wrong_dtype",
                f"returns an array of dtype {item.dtype}",
                f"`{label}` should hold numbers; yours has dtype {item.dtype}.",
                "Use NumPy arithmetic so the result stays numeric (float or int).",
            )
        return ctx.fail(
            "wrong_type",
            f"returns {describe(item)}",
            f"`{label}` should be {'a number' if ex.kind == 'scalar' else 'a NumPy array'}; yours is "
            f"{describe(item)}.",
            "Return the array you computed.",
        )
    return out


# ----------------------------------------------------------------------------- the ordered checks


def not_implemented_result(name: str, culprit: str | None = None) -> CheckResult:
    if culprit and culprit != name:
        return CheckResult(
            exercise=name,
            status="not_implemented",
            diagnosis="helper_not_implemented",
            culprit=culprit,
            headline=f"it calls `{culprit}`, which is not implemented yet",
            explanation=f"Your `{name}` calls `{culprit}`, which still raises NotImplementedError.",
            hint=(
                f"Fill in `{culprit}` first (or use `{culprit} = yours_or_reference({culprit})`), "
                "then run this again."
            ),
        )
    return CheckResult(
        exercise=name,
        status="not_implemented",
        explanation="This exercise is still the stub: replace `raise NotImplementedError()` with your code.",
        hint="Write your code where it says YOUR CODE HERE, run that cell, then run this check again.",
    )


def find_problem(ctx: Context) -> CheckResult | None:
    ex = ctx.exercise
    name = getattr(ctx.fn, "__name__", ex.name)
    for call in ctx.calls:
        if call.error is not None and call.error.not_implemented:
            return not_implemented_result(
                ex.name, call.error.function if call.error.function != name else None
            )

    errors = [(i, c) for i, c in enumerate(ctx.calls) if c.error is not None]
    if errors:
        first = exception_finding(ctx, errors)
        if len(errors) == len(ctx.calls) or first.diagnosis not in _GENERIC_ERRORS | {"square_only"}:
            return first
        # Some inputs raise, others return: a named mistake on the others explains more than the exception.
        ok = [i for i, c in enumerate(ctx.calls) if c.error is None]
        sub = Context(
            ex, ctx.fn, [ctx.cases[i] for i in ok], [ctx.calls[i] for i in ok], [ctx.expected[i] for i in ok]
        )
        found = find_problem(sub)
        if found is None or (first.diagnosis == "square_only" and found.diagnosis in _WEAK_FINDINGS):
            return first
        i, call = errors[0]
        found.details.append(f"It also raised `{call.error.short()}` on {ctx.cases[i].label}.")
        return found

    nones = [i for i, c in enumerate(ctx.calls) if c.value is None]
    if nones:
        some = len(nones) < len(ctx.calls)
        return ctx.fail(
            "returns_none",
            "it returns None: did you forget to `return`?",
            f"Your `{ex.name}` returned None"
            + (f" on {_which(ctx.cases, nones)} (but a value on other inputs)" if some else "")
            + ". A function without a `return` statement (or with only `pass`) gives None.",
            f"End your function with `return {', '.join(ex.outputs)}`.",
        )

    ctx.got = []
    for i in range(len(ctx.calls)):
        normal = normalize(ctx, i)
        if isinstance(normal, CheckResult):
            normal.example = ctx.example(
                i, got=ctx.calls[i].value if not isinstance(ctx.calls[i].value, tuple) else None
            )
            return normal
        ctx.got.append(normal)

    for i, (got, expected) in enumerate(zip(ctx.got, ctx.expected, strict=False)):
        for k, (g, e) in enumerate(zip(got, expected, strict=False)):
            if g.shape != e.shape:
                return shape_finding(ctx, i, k)

    for i, (got, expected) in enumerate(zip(ctx.got, ctx.expected, strict=False)):
        for k, (g, e) in enumerate(zip(got, expected, strict=False)):
            if g.dtype.kind == "f" and not np.isfinite(g).all() and np.isfinite(as_float(e)).all():
                for probe in ex.nonfinite_probes:
                    found = probe(ctx, i)
                    if found is not None:
                        return found
                return ctx.fail(
                    "nan_or_inf",
                    f"`{ex.outputs[k]}` contains nan or inf",
                    f"On {ctx.cases[i].label}, your `{ex.outputs[k]}` contains nan or inf where the "
                    "expected values are ordinary numbers.",
                    "Look at the NumPy warnings below: they say which operation produced them.",
                    example=ctx.example(i, k),
                )

    for i, call in enumerate(ctx.calls):
        if call.modified:
            changed = ", ".join(f"`{n}`" for n in call.modified)
            return ctx.fail(
                "modifies_input",
                f"it changes its input {changed} in place",
                f"After calling your `{ex.name}` on {ctx.cases[i].label}, the caller's {changed} "
                "had changed. "
                "Statements like `Z[Z < 0] = 0`, `W1 -= ...` or `Z -= Z.max(...)` write into the array "
                "that was passed in, so the caller's data (Z1, the weights, X) silently change too.",
                "Build a new array instead (`W1 = W1 - alpha * dW1` rather than `W1 -= ...`, "
                "`shifted = Z - Z.max(axis=0, keepdims=True)`; or work on `Z.copy()`.",
            )

    for i, case in enumerate(ctx.cases):
        if not case.compare:
            continue
        for k, (g, e) in enumerate(zip(ctx.got[i], ctx.expected[i], strict=False)):
            if not close(g, e, case.rtol, case.atol):
                result = value_finding(ctx, i, k)
                for detail in ex.failure_details:
                    text = detail(ctx)
                    if text:
                        result.details.append(text)
                return result

    for prop in ex.properties:
        found = prop(ctx)
        if found is not None:
            return found
    return None


def shape_finding(ctx: Context, i: int, k: int) -> CheckResult:
    ex = ctx.exercise
    for probe in ex.shape_probes:
        found = probe(ctx, i, k)
        if found is not None:
            return found
    got, expected = ctx.got[i], ctx.expected[i]
    if len(got) > 1 and sorted(g.shape for g in got) == sorted(e.shape for e in expected):
        found = order_probe(ctx, i, k)
        if found is not None:
            return found
    found = global_data_probe(ctx, i, k)
    if found is not None:
        return found
    g, e = ctx.got[i][k], ctx.expected[i][k]
    what = (
        f"`{ex.outputs[k]}` should have shape {e.shape}, yours has shape {g.shape} (on {ctx.cases[i].label})."
    )
    example = Example(
        label=ctx.cases[i].label,
        inputs=input_lines(ex.arg_names, ctx.cases[i].args),
        expected=describe(e),
        got=describe(g),
    )
    if len(g.shape) == 2 and g.shape == e.shape[::-1]:
        return ctx.fail(
            "transposed",
            f"`{ex.outputs[k]}` is transposed",
            what + " Rows and columns are swapped: the course keeps one column per example "
            "(and, for weights, one row per unit of the layer the weights feed).",
            "Check the order of the factors in your matrix products, or a `.T` that is missing or extra.",
            example=example,
        )
    wrong = [
        j
        for j in range(len(ctx.cases))
        if any(a.shape != b.shape for a, b in zip(ctx.got[j], ctx.expected[j], strict=False))
    ]
    for tag, code, head, text, hint in _ONLY_ON:
        if all(tag in ctx.cases[j].tags for j in wrong) and any(tag not in c.tags for c in ctx.cases):
            return ctx.fail(
                code, head, what + " The other inputs give the right shape. " + text, hint, example=example
            )
    if g.ndim == e.ndim - 1 and any(g.shape == e.shape[:a] + e.shape[a + 1 :] for a in range(e.ndim)):
        return ctx.fail(
            "reduced_axis",
            f"`{ex.outputs[k]}` lost an axis",
            what + " A reduction (np.max, np.sum, np.argmax, ...) removed one axis.",
            "Use an elementwise operation, or pass `keepdims=True` to the reduction.",
            example=example,
        )
    return ctx.fail(
        "wrong_shape",
        f"`{ex.outputs[k]}` has the wrong shape",
        what,
        "Write down the shapes of the inputs and of each intermediate array.",
        example=example,
    )


def value_finding(ctx: Context, i: int, k: int) -> CheckResult:
    ex = ctx.exercise
    for probe in (
        precision_probe,
        only_on_probe,
        *ex.value_probes,
        order_probe,
        transposed_probe,
        scale_probe,
        global_data_probe,
    ):
        found = probe(ctx, i, k)
        if found is not None:
            return found
    failing = _failing_cases(ctx)
    compared = [j for j, c in enumerate(ctx.cases) if c.compare]
    scope = ""
    if len(failing) < len(compared):
        scope = f" It is wrong on: {_which(ctx.cases, failing)}; right on the other inputs."
    return ctx.fail(
        "wrong_values",
        f"`{ex.outputs[k]}` has the right shape but wrong values",
        f"Your `{ex.outputs[k]}` differs from the expected values on {ctx.cases[i].label}.{scope}"
        + _first_difference(ctx.got[i][k], ctx.expected[i][k], ctx.cases[i]),
        ex.hint,
        example=ctx.example(i, k),
    )


def _failing_cases(ctx: Context) -> list[int]:
    return [
        j
        for j, c in enumerate(ctx.cases)
        if c.compare
        and any(not close(g, e, c.rtol, c.atol) for g, e in zip(ctx.got[j], ctx.expected[j], strict=False))
    ]


def precision_probe(ctx: Context, i: int, k: int):
    """A smaller float type than the input's (float16 for float64): close values, lost digits."""
    g, e = ctx.got[i][k], ctx.expected[i][k]
    if g.dtype.kind == "f" and e.dtype.kind == "f" and g.dtype.itemsize < e.dtype.itemsize:
        if np.allclose(as_float(g), as_float(e), rtol=1e-2, atol=1e-3):
            return ctx.fail(
                "lost_precision",
                f"returns {g.dtype}, losing precision",
                f"Your `{ctx.exercise.outputs[k]}` is {g.dtype} for {e.dtype} inputs: close, but rounded to "
                f"about {int(np.finfo(g.dtype).precision)} digits. Gradient descent adds up many tiny steps, "
                "and those get rounded away.",
                "Keep the input's dtype: do not convert to a smaller float type.",
                example=ctx.example(i, k),
            )
    return None


def only_on_probe(ctx: Context, i: int, k: int):
    """Wrong only on one kind of input (integer, float32, a single example, ...): say which kind."""
    failing = _failing_cases(ctx)
    compared = [j for j, c in enumerate(ctx.cases) if c.compare]
    for tag, code, head, text, hint in _ONLY_ON:
        if all(tag in ctx.cases[j].tags for j in failing) and any(
            tag not in ctx.cases[j].tags for j in compared
        ):
            j = failing[0]
            bad = next(
                n
                for n, (g, e) in enumerate(zip(ctx.got[j], ctx.expected[j], strict=False))
                if not close(g, e, ctx.cases[j].rtol, ctx.cases[j].atol)
            )
            return ctx.fail(
                code,
                head,
                f"Your `{ctx.exercise.outputs[bad]}` is right on the other inputs but wrong on "
                f"{_which(ctx.cases, failing)}. " + text,
                hint,
                example=ctx.example(j, bad),
            )
    return None


_ONLY_ON = [
    (
        "int",
        "integer_inputs",
        "wrong only for integer inputs",
        "Integer arrays keep their dtype: `np.zeros_like(Z)` or `np.empty_like(Z)` make integer arrays, "
        "and storing fractions in them drops the fractional part; integer `//` and in-place operations "
        "round too.",
        "Make the result a float array (for example `np.zeros(Z.shape)`), or use NumPy operations that "
        "return floats.",
    ),
    (
        "float32",
        "float32_inputs",
        "wrong only for float32 inputs",
        "Something depends on the dtype: a hard-coded float64 constant that overflows differently, "
        "or an integer or float16 array made from the input.",
        "Let NumPy keep the input's dtype, and compare your steps on a float32 copy of an input.",
    ),
    (
        "single",
        "single_example",
        "wrong only for a single example",
        "With one example (one column) something collapses: `np.squeeze`, `.flatten()`, `.T` on a 1-D "
        "array, or a reduction without `keepdims=True` can change the shape and what lines up with what.",
        "Keep every array 2-D, (rows, m), even when m = 1.",
    ),
    (
        "lacks_digits",
        "lacks_digits",
        "wrong only for batches that lack some digits",
        "Your code depends on which labels appear in the batch (for example a size taken from Y.max() or "
        "from np.unique(Y)). There are always 10 classes.",
        "Use the fixed number of classes, 10, wherever a size depends on the labels.",
    ),
    (
        "hidden7",
        "hidden_size_fixed",
        "wrong only when the hidden layer is not 10 wide",
        "With 7 hidden units, W2 is 10 x 7; a hard-coded 10 or a transpose that only works for a square W2 "
        "gives wrong results there.",
        "Take every size from the arrays' shapes instead of writing 10.",
    ),
]


def _first_difference(got: np.ndarray, expected: np.ndarray, case) -> str:
    """' 3 of 70 entries differ; the first at [2, 4]: expected 0.12, yours 0.45.' for same-shape arrays."""
    if got.shape != expected.shape or got.ndim == 0:
        return ""
    g, e = as_float(got), as_float(expected)
    bad = ~np.isclose(g, e, rtol=case.rtol, atol=case.atol)
    if not bad.any():
        return ""
    where = tuple(int(v) for v in np.argwhere(bad)[0])
    index = ", ".join(str(v) for v in where)
    return (
        f" {int(bad.sum())} of {bad.size} entries differ; the first at [{index}]: "
        f"expected {e[where]:.6g}, yours {g[where]:.6g}."
    )


# ----------------------------------------------------------------------------- general value probes


def order_probe(ctx: Context, i: int, k: int):
    got, expected = ctx.got[i], ctx.expected[i]
    if len(got) < 2:
        return None
    names = ctx.exercise.outputs
    matches = []
    for g in got:
        hit = [b for b, e in enumerate(expected) if close(g, e, ctx.cases[i].rtol, ctx.cases[i].atol)]
        matches.append(hit)
    perm = [hit[0] if hit else None for hit in matches]
    if None not in perm and sorted(perm) == list(range(len(names))) and perm != list(range(len(names))):
        returned = ", ".join(names[p] for p in perm)
        return ctx.fail(
            "wrong_order",
            "returns the right arrays in the wrong order",
            f"Your `{ctx.exercise.name}` returns `{returned}`; the expected order is `{', '.join(names)}`. "
            "Code that unpacks the result would mix them up.",
            f"End with `return {', '.join(names)}`.",
        )
    return None


def transposed_probe(ctx: Context, i: int, k: int):
    g, e = ctx.got[i][k], ctx.expected[i][k]
    if g.ndim == 2 and g.shape == e.shape and g.shape[0] == g.shape[1] and close(g.T, e):
        return ctx.fail(
            "transposed",
            f"`{ctx.exercise.outputs[k]}` is transposed",
            f"On {ctx.cases[i].label} the shapes are square, so your result has the right shape, "
            f"but it is the transpose of the expected `{ctx.exercise.outputs[k]}`; on non-square "
            "inputs the shapes would not even match.",
            "Check the order of the factors in your matrix products, or a `.T` that is missing or extra.",
            example=ctx.example(i, k),
        )
    return None


def _ratio(g: np.ndarray, e: np.ndarray):
    g, e = as_float(g).ravel(), as_float(e).ravel()
    denom = float(e @ e)
    if denom == 0 or not np.isfinite(g).all():
        return None
    r = float(g @ e) / denom
    if np.linalg.norm(g - r * e) > 1e-6 * np.linalg.norm(e) + 1e-12:
        return None
    return r


def _same(a: float, b: float) -> bool:
    """Equal up to 1e-4 relative: loose enough for an epsilon in a log, tight enough to name a factor."""
    return abs(a - b) <= 1e-4 * max(abs(a), abs(b)) + 1e-12


def scale_probe(ctx: Context, i: int, k: int):
    """Is output k a constant multiple of the expected one, and is that multiple m, 1/m or m / a global?"""
    ex = ctx.exercise
    cases = [j for j, c in enumerate(ctx.cases) if c.compare]
    ratios = {j: _ratio(ctx.got[j][k], ctx.expected[j][k]) for j in cases}
    if any(r is None for r in ratios.values()) or all(_same(r, 1.0) for r in ratios.values()):
        return None
    name = ex.outputs[k]
    ms = {j: ctx.cases[j].m for j in cases}
    example = ctx.example(i, k)
    if all(ms[j] for j in cases) and any(ms[j] > 1 for j in cases):
        if all(_same(ratios[j], ms[j]) for j in cases):
            return ctx.fail(
                "not_averaged",
                f"`{name}` is m times too large",
                f"Your `{name}` equals the expected value times m, the number of examples in the batch "
                f"(m = {ms[i]} on {ctx.cases[i].label}): it is summed over the examples but not "
                "divided by m. "
                "Without the division its size grows with the batch, and the learning rate means "
                "something different for every batch size.",
                ex.messages.get(
                    "not_averaged", "Divide by m, the number of examples in this batch: `m = Y.size`."
                ),
                example=example,
            )
        if all(_same(ratios[j], 1 / ms[j]) for j in cases):
            return ctx.fail(
                "averaged_twice",
                f"`{name}` is divided by m twice",
                f"Your `{name}` equals the expected value divided by m (m = {ms[i]} on "
                f"{ctx.cases[i].label}).",
                "Divide by m exactly once.",
                example=example,
            )
        for gname, gvalue in data_globals(ctx.fn).items():
            if isinstance(gvalue, np.ndarray) or not gvalue:
                continue
            if all(_same(ratios[j], ms[j] / float(gvalue)) for j in cases):
                return ctx.fail(
                    "global_m",
                    f"divides by a global `{gname}` instead of this batch's m",
                    f"Your `{ex.name}` divides by the notebook variable `{gname}` (= {gvalue}) "
                    "instead of this "
                    f"batch's m (m = {ms[i]} on {ctx.cases[i].label}), so `{name}` is off by a factor of "
                    f"m / {gname}. It only works for the full training set, not for the dev set, a single "
                    "example or mini-batches.",
                    f"Take m from the arguments: `m = X.shape[1]` (or `Y.size`), not from `{gname}`.",
                    example=example,
                )
        divisor = _dimension_divisor(ctx, cases, ratios)
        if divisor is not None:
            return ctx.fail(
                "wrong_m",
                f"divides by {divisor} instead of m",
                f"Your `{name}` equals the expected value times m / {divisor}: you divided by {divisor} "
                f"instead of m, the number of examples (m = {ms[i]} on {ctx.cases[i].label}). The examples "
                "are the columns: m = X.shape[1] (X.shape[0] is the number of rows).",
                "Use `m = X.shape[1]` (or `Y.size`).",
                example=example,
            )
    values = list(ratios.values())
    if all(_same(r, values[0]) for r in values):
        r = values[0]
        if _same(r, -1.0):
            return ctx.fail(
                "sign_flipped",
                f"`{name}` has the wrong sign",
                f"Your `{name}` is exactly minus the expected value.",
                ex.messages.get(
                    "sign_flipped",
                    "Check the order of a subtraction (for example `A2 - one_hot_Y`) or a minus sign.",
                ),
                example=example,
            )
        return ctx.fail(
            "scaled",
            f"`{name}` is off by a constant factor ({r:.4g})",
            f"Your `{name}` equals the expected value times {r:.4g} on every input.",
            ex.messages.get("scaled", "Look for an extra or missing factor or division."),
            example=example,
        )
    return None


def _dimension_divisor(ctx: Context, cases, ratios) -> str | None:
    """Name an input dimension d (like `X.shape[0]`) with ratio == m / d on every case, if there is one."""
    names = ctx.exercise.arg_names
    slots = None
    for j in cases:
        case = ctx.cases[j]
        here = set()
        for a, arg in enumerate(case.args):
            for axis, size in enumerate(np.shape(arg)):
                if size != case.m and size > 1 and _same(ratios[j], case.m / size):
                    here.add((a, axis))
        slots = here if slots is None else slots & here
    if not slots:
        sizes = {round(ctx.cases[j].m / ratios[j], 6) for j in cases if ratios[j]}
        if len(sizes) == 1:
            size = sizes.pop()
            if size == int(size) and size > 1:
                return f"the fixed number {int(size)}"
        return None
    a, axis = min(slots, key=lambda slot: (names[slot[0]] != "X" if slot[0] < len(names) else True, slot))
    return f"`{names[a]}.shape[{axis}]`" if a < len(names) else None


def global_data_probe(ctx: Context, i: int, k: int):
    params = set(ctx.exercise.arg_names)
    arrays = {n: v for n, v in data_globals(ctx.fn).items() if isinstance(v, np.ndarray) and n not in params}
    if not arrays:
        return None
    names = ", ".join(f"`{n}`" for n in arrays)
    return ctx.fail(
        "uses_global_data",
        f"uses the notebook's {names} instead of its arguments",
        f"Your `{ctx.exercise.name}` reads {names} from the notebook. The check (and later the dev set, "
        "single digits and mini-batches) passes other arrays as arguments, so the result belongs "
        "to the wrong data.",
        f"Use only the arguments `{', '.join(ctx.exercise.arg_names)}`.",
        example=ctx.example(i, k),
    )


# ----------------------------------------------------------------------------- composites


def blame_helpers(exercise, fn, result: CheckResult) -> CheckResult:
    """Find out whether a failing composite is let down by one of the learner's helpers.

    Each helper the learner's function calls (looked up in fn.__globals__, as the
    notebook's code does) gets its own check. Failing helpers are swapped for the
    reference ones in a copy of fn's globals and the function is checked again:
    if it then passes, the helper is at fault; if not, the function's own mistake
    is reported, with a note about the helper.
    """
    from .exercises import EXERCISES

    space = getattr(fn, "__globals__", None)
    if not exercise.helpers or space is None:
        return result
    used = referenced_names(fn)
    candidates = [
        h
        for h in exercise.helpers
        if h in used and callable(space.get(h)) and space.get(h) is not getattr(ref, h, None)
    ]
    helper_results = {h: evaluate(EXERCISES[h], space[h]) for h in candidates}
    failing = [h for h in candidates if not helper_results[h].passed]
    if not failing:
        return result
    attempts = [[h] for h in failing] + ([failing] if len(failing) > 1 else [])
    for swap in attempts:
        again = evaluate(exercise, with_globals(fn, {h: getattr(ref, h) for h in swap}), composite=False)
        if again.passed:
            break
    culprits = swap if again.passed else failing
    names = ", ".join(f"`{h}`" for h in culprits)
    summaries = [f"Your `{h}`: {helper_results[h].verdict()}." for h in culprits]
    if again.passed:
        stubs = all(helper_results[h].status == "not_implemented" for h in culprits)
        plural = len(culprits) > 1
        verdict = (
            ("is" if not plural else "are") + " not implemented yet."
            if stubs
            else ("does not pass its own check. " if not plural else "do not pass their own checks. ")
        )
        others = [h for h in failing if h not in culprits]
        return CheckResult(
            exercise=exercise.name,
            status="not_implemented" if stubs else "incorrect",
            diagnosis="faulty_helper",
            culprit=culprits[0],
            headline=f"the problem is in your {culprits[0]}",
            explanation=(
                f"Your `{exercise.name}` itself looks right: with the course's reference {names} in place "
                f"of yours it passes every test. It calls your {names}, which {verdict}"
                + ("" if stubs else " ".join(summaries))
            ),
            hint=f"Run `check({culprits[0]})` and fix it first, or write "
            f"`{culprits[0]} = yours_or_reference({culprits[0]})` to carry on with the course's version.",
            notes=result.notes,
            details=[f"Your `{h}` also fails its own check: {helper_results[h].verdict()}." for h in others],
        )
    summaries = [f"Your `{h}`: {helper_results[h].verdict()}." for h in failing]
    again.details = again.details + [
        s + f" Run `check({h})` for details." for h, s in zip(failing, summaries, strict=False)
    ]
    again.notes = result.notes
    return again


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
    if (got < 0).any():
        return ctx.fail(
            "relu_deriv_negative",
            "gives negative values",
            "The slope of ReLU is never negative: 0 for negative inputs, 1 for positive ones. "
            "Yours is negative for some inputs (np.sign gives -1 there).",
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
    if all(_same(g, 100 * x) for g, x, _ in ratios):
        return ctx.fail(
            "accuracy_percentage",
            "returns a percentage",
            "Your accuracy is a percentage (0-100); the course uses a fraction between 0 and 1.",
            "Drop the factor 100.",
            example=example,
        )
    if all(_same(g, 1 - x) for g, x, _ in ratios):
        return ctx.fail(
            "accuracy_error_rate",
            "returns the error rate (1 - accuracy)",
            "Your value is the fraction of wrong predictions; accuracy is the fraction of right ones.",
            "Count the matches (`==`), not the mismatches.",
            example=example,
        )
    if all(_same(g, np.floor(x)) for g, x, _ in ratios) and 0 < e < 1:
        return ctx.fail(
            "integer_division",
            "integer division rounds the accuracy down to 0",
            "`//` divides and rounds down, so any accuracy below 100% becomes 0.",
            "Use `/` (or `np.mean`).",
            example=example,
        )
    if all(_same(g, x * m) for g, x, m in ratios):
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
            found = loss_values(ctx, j, 0)
            if found is not None:
                return found
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
        rows = -np.mean(np.log(A2[Y]))
    if _same(float(ctx.got[i][0]), float(rows)):
        return ctx.fail(
            "loss_wrong_indexing",
            "A2[Y] picks whole rows, not one probability per example",
            "Your loss matches -mean(log(A2[Y])). `A2[Y]` selects entire rows of A2 (one row per label), "
            "mixing every example's probabilities; you need, for each column j, the entry in row Y[j].",
            "Pair each label with its column: `A2[Y, np.arange(Y.size)]`.",
            example=ctx.example(i),
        )
    ratios = [_ratio(ctx.got[j][0], ctx.expected[j][0]) for j, c in enumerate(ctx.cases) if c.compare]
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
    if all(r is not None and _same(r, 0.1) for r in ratios):
        return ctx.fail(
            "averaged_over_classes",
            "averaged over the 10 classes as well as the examples",
            "Your loss is 10 times too small: np.mean over the whole (10, m) matrix divides by 10 m, "
            "but the loss averages over the m examples only.",
            "Sum over the classes, then average over the examples: `-np.sum(one_hot_Y * np.log(A2)) / m`.",
            example=ctx.example(i),
        )
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


def forward_values(ctx: Context, i: int, k: int):
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
                "Your dW2 is right but dW1 is not: it matches dZ1 = W2.T @ dZ2 without the factor "
                "ReLU_deriv(Z1). Hidden units that were off (Z1 <= 0) did not affect the loss, so "
                "their gradient is 0.",
            ),
            (
                lambda d, a: d * np.maximum(a[0], 0),
                "relu_instead_of_deriv",
                "dZ1 uses ReLU(Z1) instead of ReLU_deriv(Z1)",
                "Your dW2 is right but dW1 matches dZ1 = W2.T @ dZ2 * ReLU(Z1): the chain rule needs the "
                "slope of ReLU (0 or 1), not its value.",
            ),
            (
                lambda d, a: d * (np.asarray(a[2]) > 0) if a[2].shape == d.shape else d * np.nan,
                "deriv_of_Z2",
                "dZ1 uses ReLU_deriv(Z2) instead of ReLU_deriv(Z1)",
                "Your dW2 is right but dW1 matches dZ1 = W2.T @ dZ2 * ReLU_deriv(Z2): the ReLU sits in the "
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
    if ok1 and not ok2 and dW2.shape == (A2.shape[0], Z1.shape[0]):
        if close(dW2, (A2 - ref.one_hot(Y)) @ Z1.T / m, case.rtol, case.atol):
            return ctx.fail(
                "uses_Z1_not_A1",
                "dW2 uses Z1 instead of A1",
                "Your dW1 is right but dW2 matches dZ2 @ Z1.T / m: the output layer saw the "
                "activations A1, so dW2 = dZ2 @ A1.T / m.",
                "`dW2 = dZ2 @ A1.T / m`.",
                example=example,
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


def update_values(ctx: Context, i: int, k: int):
    case = ctx.cases[i]
    W, dW, alpha = as_float(case.args[k]), as_float(case.args[k + 2]), float(case.args[4])
    got = as_float(ctx.got[i][k])
    name = ctx.exercise.outputs[k]
    c = _ratio(got - W, dW)
    example = ctx.example(i, k)
    if c is None:
        return None
    if _same(c, alpha):
        return ctx.fail(
            "update_sign",
            "moves uphill: + instead of -",
            f"Your new {name} is {name} + alpha * d{name}: a step up the loss. Gradient descent steps "
            "against the gradient.",
            f"`{name} = {name} - alpha * d{name}`.",
            example=example,
        )
    if _same(c, -1.0):
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
    return ctx.fail(
        "wrong_step",
        f"{name} moves by {c:.4g} * d{name}",
        f"Your new {name} is {name} + ({c:.4g}) * d{name}; it should be {name} - alpha * d{name} "
        f"with alpha = {alpha:g}.",
        f"`{name} = {name} - alpha * d{name}`.",
        example=example,
    )


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


def check_init_params(exercise, fn) -> CheckResult:
    """init_params(): shapes (10, 785) and (10, 10), random, centred, sanely scaled, not symmetric."""
    name = exercise.name
    params = _signature_params(fn)
    first = _seeded_call(fn, 0, (), (), "init_params()")
    second = _seeded_call(fn, 1, (), (), "init_params() a second time")
    calls = [first, second]

    def fail(diagnosis, headline, explanation, hint, example=None, status="incorrect"):
        return CheckResult(
            exercise=name,
            status=status,
            diagnosis=diagnosis,
            headline=headline,
            explanation=explanation,
            hint=hint,
            example=example,
            notes=notes_from_calls(name, calls),
        )

    for call in calls:
        if call.error is not None:
            if call.error.not_implemented:
                return not_implemented_result(
                    name, call.error.function if call.error.function != name else None
                )
            diagnosis, explanation, hint = explain_exception(call.error, name)
            return fail(
                diagnosis,
                f"{call.error.type} when called as init_params()",
                f"{explanation} `{call.error.short()}` {call.error.where()}.",
                hint,
                status="error",
            )
    value = first.value
    if value is None:
        return fail(
            "returns_none",
            "it returns None: did you forget to `return`?",
            "Your init_params returned None.",
            "End with `return W1, W2`.",
        )
    if (
        not isinstance(value, tuple | list)
        or len(value) != 2
        or not all(isinstance(w, np.ndarray) for w in value)
    ):
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
        if spread > 1.5:
            return fail(
                "init_too_large",
                f"{Wname} is far too large (std {_rough(spread)})",
                f"Your {Wname} has standard deviation {_rough(spread)}. With 785 inputs, Z1 then "
                "starts in the "
                "hundreds: softmax saturates, probabilities hit 0 and learning stalls or blows up.",
                "Keep weights small: uniform in [-0.5, 0.5) like the seed, or "
                "normal draws scaled by sqrt(2 / 785) (He initialisation).",
                ex,
            )
        if spread < 1e-4:
            return fail(
                "init_too_small",
                f"{Wname} is almost zero (std {_rough(spread)})",
                f"Your {Wname} has standard deviation {_rough(spread)}: signals vanish and the hidden units "
                "barely differ, so learning is very slow.",
                "Use a scale like `np.sqrt(2 / 785)` for W1 or uniform [-0.5, 0.5).",
                ex,
            )
        if abs(float(W.mean())) > 0.5 * spread:
            return fail(
                "init_not_centred",
                f"{Wname} is not centred on 0",
                f"Your {Wname} has mean {_rough(float(W.mean()))} for a spread of "
                f"{_rough(spread)}: almost all "
                "weights are positive (np.random.rand gives [0, 1)). Then every hidden unit sees mostly "
                "positive sums and they all behave alike.",
                "Centre the weights on 0: np.random.rand gives [0, 1), so shift it by 0.5.",
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
    return CheckResult(
        exercise=name,
        status="passed",
        explanation="Your init_params gives W1 (10, 785) and W2 (10, 10), random, centred on 0, "
        "with a sensible scale, and different weights for every hidden unit.",
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

    def counting(helper_name, helper):
        def wrapper(*args, **kwargs):
            counts[helper_name] += 1
            if helper_name == "update_params":
                alphas.append(kwargs.get("alpha", args[4] if len(args) > 4 else None))
            value = helper(*args, **kwargs)
            if helper_name == "init_params":
                starts.append(copy.deepcopy(value))
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

    def fail(diagnosis, headline, explanation, hint, status="incorrect"):
        return CheckResult(
            exercise=name,
            status=status,
            diagnosis=diagnosis,
            headline=headline,
            explanation=explanation,
            hint=hint,
            notes=notes,
            example=example,
        )

    for call in calls:
        if call.error is not None:
            if call.error.not_implemented:
                return not_implemented_result(
                    name, call.error.function if call.error.function != name else None
                )
            diagnosis, explanation, hint = explain_exception(call.error, name)
            return fail(
                diagnosis,
                f"{call.error.type} while training",
                f"{explanation} `{call.error.short()}` {call.error.where()}.",
                hint,
                status="error",
            )
    for call in calls:
        if call.value is None:
            return fail(
                "returns_none",
                "it returns None: did you forget to `return`?",
                "Your gradient_descent returned None.",
                "End with `return W1, W2` (after the loop).",
            )
        value = call.value
        if (
            not isinstance(value, tuple | list)
            or len(value) != 2
            or not all(isinstance(w, np.ndarray) for w in value)
        ):
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
    if not learned and _follows_gradient_descent(starts, X, Y, W1, W2):
        learned = True  # exact gradient descent from its own start: slow only because of that start
    if not learned:
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
