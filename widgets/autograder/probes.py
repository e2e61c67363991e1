"""Diagnosis: find the first problem in a learner's answers and name it.

`find_problem` runs the checks in a fixed order, and leads with the first
problem it finds: not implemented, exceptions, None, type, shape, nan/inf,
inputs changed in place, values (exercise probes first, then general ones:
outputs in the wrong order, transposed, off by a factor of m or a global
variable, reading notebook data), then properties. Exercise-specific probes
live in exercise_probes.py; init_params and gradient_descent are checked as a
whole in whole_checks.py. Every probe returns a CheckResult or None.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from .. import reference as ref
from .engine import Call, Context, attribute, data_globals
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
    "scales": "gradients near 1000 and near 0.001",
    "one_bad": "one bad entry among many",
    "both_zero": "entries that are 0 in both",
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


# Names that count examples: advice for them is "take m from the arguments".
_COUNT_NAME = re.compile(r"^(m|n)(_\w+)?$|examples|samples", re.IGNORECASE)
# Keywords the course's NumPy calls take, for "did you mean" on a misspelled one.
_NUMPY_KEYWORDS = ("axis", "keepdims", "dtype", "out", "where", "initial", "size", "scale", "loc", "ord")


def _closest(word: str, candidates) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    if not found:  # a change of case only (Relu for ReLU, softMax for softmax)
        found = [c for c in candidates if c.lower() == word.lower() and c != word][:1]
    return found[0] if found else None


def closest_numpy_name(word: str) -> str | None:
    """The public NumPy name nearest a misspelled one (zeroes -> zeros, arrange -> arange), or None."""
    return _closest(word, [n for n in dir(np) if not n.startswith("_")])


def _explain_name_error(info, fn_name: str, name: str) -> tuple[str, str, str]:
    import builtins

    if callable(getattr(ref, name, None)) or name in ("np", "numpy"):
        return (
            "undefined_helper",
            f"`{name}` is not defined when your `{fn_name}` runs.",
            f"Run the cell that defines (or imports) `{name}` first, then this check again.",
        )
    known = {*info.names, *info.parameters, *dir(builtins), *(n for n in dir(ref) if not n.startswith("_"))}
    close = _closest(name, known - {name})
    if close is not None:
        return (
            "misspelled_name",
            f"Your `{fn_name}` uses `{name}`, which is not defined; `{close}` is. A typing slip?",
            f"Write `{close}` (Python tells capitals apart: `ReLU` and `Relu` are different names).",
        )
    if hasattr(np, name) and callable(getattr(np, name)):
        return (
            "missing_np_prefix",
            f"Your `{fn_name}` calls `{name}` on its own; NumPy's functions are reached through `np.`.",
            f"Write `np.{name}`.",
        )
    if _COUNT_NAME.search(name):
        return (
            "undefined_name",
            f"Your `{fn_name}` uses `{name}`, which is not defined: a function should work from its "
            "arguments alone, not from notebook variables.",
            "Compute what you need from the arguments, for example the number of examples "
            "`m = X.shape[1]` (or `Y.size`).",
        )
    own = ", ".join(f"`{p}`" for p in info.parameters)
    return (
        "undefined_name",
        f"Your `{fn_name}` uses `{name}`, which is not defined anywhere it can see"
        + (f"; its parameters are {own}." if own else "."),
        f"Use the name the value has in your function (a parameter, or a variable assigned before), or "
        f"define `{name}` before the line that reads it.",
    )


def explain_exception(info, fn_name: str) -> tuple[str, str, str]:
    """(diagnosis, explanation, hint) for an exception raised by learner code."""
    msg = info.message
    name_match = re.search(r"name '(\w+)' is not defined", msg)
    if info.type == "NameError" and name_match:
        return _explain_name_error(info, fn_name, name_match.group(1))
    numpy_match = re.search(r"module 'numpy(?:\.\w+)*' has no attribute '(\w+)'", msg)
    if info.type == "AttributeError" and numpy_match:
        wrong = numpy_match.group(1)
        close = closest_numpy_name(wrong)
        return (
            "numpy_no_such_name",
            f"NumPy has no `np.{wrong}`" + (f"; it has `np.{close}`." if close else "."),
            f"Write `np.{close}`." if close else "Look the function up in NumPy's documentation.",
        )
    keyword = re.search(r"unexpected keyword argument '(\w+)'", msg)
    if info.type == "TypeError" and keyword and info.in_learner_code:
        word = keyword.group(1)
        close = _closest(word, _NUMPY_KEYWORDS)
        call = f" on the line `{info.line}`" if info.line else ""
        return (
            "unknown_keyword",
            f"A function called{call} does not take the keyword `{word}`"
            + (f"; it takes `{close}`." if close else "."),
            f"Write `{close}=`." if close else "Check the function's keywords in its documentation.",
        )
    if info.type == "TypeError" and re.search(r"'(builtin_function_or_method|method)'", msg):
        uncalled = [
            f"{array}.{method}"
            for array, method in re.findall(r"\b(\w+)\.(\w+)\b(?!\s*\()", info.line)
            if callable(getattr(np.ndarray, method, None))
        ]
        named = uncalled[0] if uncalled else "Z.max"
        return (
            "method_not_called",
            f"A method is used without calling it: `{named}` is the function itself, `{named}()` its result.",
            f"Add the parentheses, with the arguments you need: `{named}()`.",
        )
    if info.type == "TypeError" and re.search(r"'(int|tuple|numpy\.ndarray)' object is not callable", msg):
        return (
            "attribute_called",
            "A value is called as if it were a function: `Y.size`, `A.shape` and `A.T` are values, not "
            "methods.",
            "Drop the parentheses after it: `Y.size`, not `Y.size()`.",
        )
    if "can only convert an array of size 1" in msg:
        return (
            "scalar_of_many",
            "An array of several values was turned into one number (`.item()`, `float(...)` or `int(...)`).",
            "Keep the whole array; use `.item()` or `float()` only on a single value, such as a mean.",
        )
    if info.type == "IndexError" and "scalar" in msg:
        return (
            "index_into_scalar",
            "A single number was indexed like an array: a sum, max or mean over everything (no `axis`) "
            "gives one number, not an array.",
            "Reduce along one axis (`axis=0` for each column) if you need one value per example.",
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
    if "786" in msg:
        return (
            "pads_twice",
            "X is padded twice: it arrives already padded (785 rows: the row of ones and 784 pixels), "
            "and padding it again gives 786 rows, which no longer fit W1 (10, 785).",
            "Pad once, where the data is prepared (`pad(X_train)`), and use X as it is inside the network.",
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
    if info.type == "IndexError" and ("integer" in msg and ("indices" in msg or "only integers" in msg)):
        return (
            "non_integer_index",
            "An array of floats was used as an index: NumPy indexes only with integers (or booleans), "
            "and functions like np.round, np.floor and `/` return floats even for whole numbers.",
            "Convert the labels to integers before indexing: `Y.astype(int)`; keep integer labels "
            "as they are.",
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


WEAK_FINDINGS = {
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
GENERIC_ERRORS = {
    "unbound_local",
    "non_integer_index",
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
    name = attribute(ctx.fn, "__name__", ex.name) or ex.name
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
                "elementwise arithmetic (`[0.5, 1.5] / 2` fails, `[1, 2] + [3, 4]` gives `[1, 2, 3, 4]`), "
                "so the steps that compute with your result would break or be wrong.",
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
    """The first problem in the learner's answers, or None when they are right.

    When the learner's parameters are the exercise's in another order, that is the mistake to name
    whatever it caused (a wrong value, an exception deep inside NumPy): the course passes arguments
    in the exercise's order.
    """
    found = _first_problem(ctx)
    if found is None or found.status == "not_implemented":
        return found
    params = _parameter_names(ctx.fn)
    expected = list(ctx.exercise.arg_names)
    if params != expected and sorted(params) == sorted(expected):
        moved = [f"`{p}`" for p, e in zip(params, expected, strict=True) if p != e]
        return ctx.fail(
            "parameters_reordered",
            "its parameters are in another order than the exercise's",
            f"Your `{ctx.exercise.name}` takes `({', '.join(params)})`, the exercise's signature is "
            f"`({', '.join(expected)})`: the course calls it in that order, so {', '.join(moved)} "
            "receive other arrays than you expect.",
            f"Keep the exercise's order: `def {ctx.exercise.name}({', '.join(expected)}):`.",
            status=found.status,
        )
    return found


def _parameter_names(fn) -> list[str]:
    """The names of fn's positional parameters ([] when they cannot be read)."""
    code = attribute(fn, "__code__")
    if code is None:
        return []
    return list(code.co_varnames[: code.co_argcount])


def _first_problem(ctx: Context) -> CheckResult | None:
    ex = ctx.exercise
    name = attribute(ctx.fn, "__name__", ex.name) or ex.name
    for call in ctx.calls:
        if call.error is not None and call.error.not_implemented:
            return not_implemented_result(
                ex.name, call.error.function if call.error.function != name else None
            )

    errors = [(i, c) for i, c in enumerate(ctx.calls) if c.error is not None]
    if errors:
        first = exception_finding(ctx, errors)
        if len(errors) == len(ctx.calls) or first.diagnosis not in GENERIC_ERRORS | {"square_only"}:
            return first
        # Some inputs raise, others return: a named mistake on the others explains more than the exception.
        ok = [i for i, c in enumerate(ctx.calls) if c.error is None]
        sub = Context(
            ex, ctx.fn, [ctx.cases[i] for i in ok], [ctx.calls[i] for i in ok], [ctx.expected[i] for i in ok]
        )
        found = _first_problem(sub)
        if found is None or (first.diagnosis == "square_only" and found.diagnosis in WEAK_FINDINGS):
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
    if g.ndim == e.ndim + 1 and tuple(n for n in g.shape if n != 1) == tuple(n for n in e.shape if n != 1):
        return ctx.fail(
            "extra_axis",
            f"`{ex.outputs[k]}` has an extra axis of length 1",
            what + " The values may be right, but an extra axis of length 1 (from `keepdims=True`, "
            "`reshape(1, -1)` or `[None]`) changes how it lines up with other arrays: comparing it with "
            "Y of shape (m,) broadcasts to an (m, m) table.",
            f"Drop `keepdims=True` (or the reshape) here, so the shape is exactly {e.shape}.",
            example=example,
        )
    fixed = _fixed_size_axis(ctx, k)
    if fixed is not None:
        axis, size = fixed
        return ctx.fail(
            "fixed_size",
            f"`{ex.outputs[k]}` always has {size} along axis {axis}, whatever m",
            what + f" Axis {axis} should have one entry per example (m), but yours has {size} on every "
            f"input: a size written as the number {size} (or taken from a notebook variable) instead of "
            "from the arguments. It only works when the batch happens to have that many examples.",
            "Take the number of examples from the arguments (`Y.size`, `X.shape[1]`), never a fixed number.",
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


def _fixed_size_axis(ctx: Context, k: int):
    """(axis, size) when output k has one fixed size on an axis whose expected size is m, on every input."""
    cases = [j for j, c in enumerate(ctx.cases) if c.m]
    if len({ctx.cases[j].m for j in cases}) < 2:
        return None
    for axis in range(ctx.expected[cases[0]][k].ndim):
        sizes = set()
        for j in cases:
            g, e = ctx.got[j][k], ctx.expected[j][k]
            if g.ndim != e.ndim or e.shape[axis] != ctx.cases[j].m:
                sizes = None
                break
            if any(g.shape[a] != e.shape[a] for a in range(e.ndim) if a != axis):
                sizes = None
                break
            sizes.add(g.shape[axis])
        if sizes is not None and len(sizes) == 1:
            return axis, sizes.pop()
    return None


def value_finding(ctx: Context, i: int, k: int) -> CheckResult:
    ex = ctx.exercise
    for probe in (
        precision_probe,
        only_on_probe,
        order_probe,
        *ex.value_probes,
        returns_input_probe,
        transposed_probe,
        scale_probe,
        global_data_probe,
        two_mistakes_probe,
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


def returns_input_probe(ctx: Context, i: int, k: int):
    """An output that is exactly one of the arguments (on every input): the computed value is not returned."""
    ex = ctx.exercise
    compared = [j for j, c in enumerate(ctx.cases) if c.compare]
    for a, arg_name in enumerate(ex.arg_names):
        if arg_name == ex.outputs[k]:
            continue  # W1 returned as W1: "unchanged", which the exercise's own probes explain better
        same = True
        for j in compared:
            arg = ctx.cases[j].args[a] if a < len(ctx.cases[j].args) else None
            g, e = ctx.got[j][k], ctx.expected[j][k]
            if not isinstance(arg, np.ndarray) or g.shape != arg.shape or not close(g, np.asarray(arg)):
                same = False
                break
            if close(e, np.asarray(arg)):
                same = False
                break
        if same and compared:
            name = ex.outputs[k]
            return ctx.fail(
                "returns_input",
                f"`{name}` is the argument `{arg_name}`, returned as it came in",
                f"Your `{ex.name}` returns the argument `{arg_name}` unchanged in the place of `{name}`: "
                f"the value you compute is not what you return.",
                ex.hint,
                example=ctx.example(i, k),
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


def scale_ratio(g: np.ndarray, e: np.ndarray):
    g, e = as_float(g).ravel(), as_float(e).ravel()
    denom = float(e @ e)
    if denom == 0 or not np.isfinite(g).all():
        return None
    r = float(g @ e) / denom
    if np.linalg.norm(g - r * e) > 1e-6 * np.linalg.norm(e) + 1e-12:
        return None
    return r


def nearly_equal(a: float, b: float) -> bool:
    """Equal up to 1e-4 relative: loose enough for an epsilon in a log, tight enough to name a factor."""
    if not (np.isfinite(a) and np.isfinite(b)):
        return bool(a == b)
    return abs(a - b) <= 1e-4 * max(abs(a), abs(b)) + 1e-12


def scale_probe(ctx: Context, i: int, k: int):
    """Is output k a constant multiple of the expected one, and is that multiple m, 1/m or m / a global?"""
    ex = ctx.exercise
    cases = [j for j, c in enumerate(ctx.cases) if c.compare]
    ratios = {j: scale_ratio(ctx.got[j][k], ctx.expected[j][k]) for j in cases}
    if any(r is None for r in ratios.values()) or all(nearly_equal(r, 1.0) for r in ratios.values()):
        return None
    name = ex.outputs[k]
    ms = {j: ctx.cases[j].m for j in cases}
    example = ctx.example(i, k)
    if all(ms[j] for j in cases) and any(ms[j] > 1 for j in cases):
        if all(nearly_equal(ratios[j], ms[j]) for j in cases):
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
        if all(nearly_equal(ratios[j], 1 / ms[j]) for j in cases):
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
            if all(nearly_equal(ratios[j], ms[j] / float(gvalue)) for j in cases):
                return ctx.fail(
                    "global_m",
                    f"divides by a global `{gname}` instead of this batch's m",
                    f"Your `{ex.name}` divides by the notebook variable `{gname}` (= {gvalue}) "
                    "instead of this "
                    f"batch's m (m = {ms[i]} on {ctx.cases[i].label}), so `{name}` is off by a factor of "
                    + (f"{ms[i]} / {gvalue}: inside a function, a name it never assigns is the notebook's. "
                       if gname == "m" else f"m / {gname}. ")
                    + "It only works for the full training set, not for the dev set, a single "
                    "example or mini-batches.",
                    "Set m inside the function, from the arguments: `m = X.shape[1]` (or `Y.size`)."
                    if gname == "m"
                    else f"Take m from the arguments: `m = X.shape[1]` (or `Y.size`), not from `{gname}`.",
                    example=example,
                )
        # A wrong m and a sign or a 2 at once (`2 * (A2 - one_hot_Y)` divided by a global m).
        for factors in _m_factors(ctx, cases):
            for c in _CONSTANTS:
                if all(nearly_equal(ratios[j], factors[j] * c) for j in cases):
                    constant = _scale_named(ctx, i, k, dict.fromkeys(cases, c))
                    return _two(_scale_named(ctx, i, k, factors), constant, ctx, i, k)
        divisor = _dimension_divisor(ctx, cases, ratios)
        if divisor is not None:
            return ctx.fail(
                "wrong_m",
                f"divides by {divisor} instead of m",
                f"Your `{name}` equals the expected value times m / {divisor}: you divided by {divisor} "
                f"instead of m, the number of examples (m = {ms[i]} on {ctx.cases[i].label}). "
                + _columns_are_examples(ex.arg_names),
                "Use `m = X.shape[1]` (or `Y.size`)." if "X" in ex.arg_names else "Use `m = Y.size`.",
                example=example,
            )
    values = list(ratios.values())
    if all(nearly_equal(r, values[0]) for r in values):
        r = values[0]
        if nearly_equal(r, -1.0):
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


def _m_factors(ctx: Context, cases) -> list[dict[int, float]]:
    """Per-case factors for each named way of getting m wrong: times m (not averaged), divided by m
    once more, m / a notebook number, m / one of the inputs' dimensions. [] when m is unknown."""
    ms = {j: ctx.cases[j].m for j in cases}
    if not all(ms.values()) or not any(m > 1 for m in ms.values()):
        return []
    out = [dict(ms), {j: 1 / m for j, m in ms.items()}]
    for value in data_globals(ctx.fn).values():
        number = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
        if number and value:
            out.append({j: m / float(value) for j, m in ms.items()})
    first = ctx.cases[cases[0]]
    for a, arg in enumerate(first.args):
        for axis in range(np.ndim(arg)):
            sizes = {j: np.shape(ctx.cases[j].args[a])[axis] for j in cases}
            if all(1 < sizes[j] != ms[j] for j in cases):
                out.append({j: ms[j] / sizes[j] for j in cases})
    unique = []
    for factors in out:
        if not any(all(nearly_equal(factors[j], seen[j]) for j in cases) for seen in unique):
            unique.append(factors)
    return unique


def _scale_named(ctx: Context, i: int, k: int, factors: dict[int, float]) -> CheckResult | None:
    """What scale_probe says of output k if it were the expected value times factors[j] on case j."""
    got = [list(g) for g in ctx.got]
    for j, f in factors.items():
        got[j][k] = as_float(ctx.expected[j][k]) * f
    pretend = Context(ctx.exercise, ctx.fn, ctx.cases, ctx.calls, ctx.expected, got)
    return scale_probe(pretend, i, k)


def _two(lead: CheckResult | None, more: CheckResult | None, ctx: Context, i: int, k: int):
    """lead with `more` as a second mistake, the example showing the learner's real values."""
    if lead is None or more is None or more.diagnosis == lead.diagnosis:
        return None
    more.explanation = "besides that, " + more.explanation[0].lower() + more.explanation[1:]
    more.example = None
    lead.also = [more, *more.also]
    more.also = []
    lead.headline = f"{lead.headline}; also {more.headline}"
    lead.example = ctx.example(i, k)
    return lead


_SCALE_DIAGNOSES = {"not_averaged", "averaged_twice", "global_m", "wrong_m", "sign_flipped", "scaled"}
_CONSTANTS = (-1.0, 2.0, 0.5, -2.0)


def two_mistakes_probe(ctx: Context, i: int, k: int):
    """A named mistake hidden under a wrong factor: undo each factor a learner may have got wrong (m
    and its look-alikes, a sign, a 2 from squared error) on the outputs that are wrong, and see
    whether what remains is a mistake some probe names."""
    cases = [j for j, c in enumerate(ctx.cases) if c.compare]
    ex = ctx.exercise
    families = _m_factors(ctx, cases)
    candidates = families + [dict.fromkeys(cases, c) for c in _CONSTANTS]
    candidates += [{j: f[j] * c for j in cases} for f in families for c in _CONSTANTS]
    for factors in candidates:
        got = [list(g) for g in ctx.got]
        for j in cases:
            for kk, (g, e) in enumerate(zip(ctx.got[j], ctx.expected[j], strict=False)):
                if g.dtype.kind in "fc" and not close(g, e, ctx.cases[j].rtol, ctx.cases[j].atol):
                    got[j][kk] = as_float(g) / factors[j]
        undone = Context(ex, ctx.fn, ctx.cases, ctx.calls, ctx.expected, got)
        wrong = [
            (j, kk)
            for j in cases
            for kk, (g, e) in enumerate(zip(got[j], ctx.expected[j], strict=False))
            if not close(g, e, ctx.cases[j].rtol, ctx.cases[j].atol)
        ]
        if not wrong:
            continue
        j, kk = wrong[0]
        for probe in (order_probe, *ex.value_probes, returns_input_probe, transposed_probe):
            lead = probe(undone, j, kk)
            if lead is not None:
                break
        if lead is None or lead.diagnosis in _SCALE_DIAGNOSES:
            continue
        scale = _scale_named(ctx, i, k, factors)
        lead.explanation += " (That is what your values show once the factor below is taken out.)"
        return _two(lead, scale, ctx, j, kk)
    return None


def _columns_are_examples(arg_names) -> str:
    """Where m lives, said with the exercise's own argument names."""
    if "X" in arg_names:
        return "The examples are the columns: m = X.shape[1] (X.shape[0] is the number of rows)."
    if "A2" in arg_names:
        return "The examples are the columns of A2: m = A2.shape[1] = Y.size (A2.shape[0] is the 10 classes)."
    return "m is the number of labels: Y.size."


def _dimension_divisor(ctx: Context, cases, ratios) -> str | None:
    """Name an input dimension d (like `X.shape[0]`) with ratio == m / d on every case, if there is one."""
    names = ctx.exercise.arg_names
    slots = None
    for j in cases:
        case = ctx.cases[j]
        here = set()
        for a, arg in enumerate(case.args):
            for axis, size in enumerate(np.shape(arg)):
                if size != case.m and size > 1 and nearly_equal(ratios[j], case.m / size):
                    here.add((a, axis))
        slots = here if slots is None else slots & here
    if not slots:
        sizes = {round(ctx.cases[j].m / ratios[j], 6) for j in cases if ratios[j]}
        if len(sizes) == 1:
            size = sizes.pop()
            if size == int(size) and size > 1:
                return f"the fixed number {int(size)}"
        return None
    source = _source(ctx.fn)

    def written(slot) -> bool:  # `A2.shape[0]`, `len(A2)`: the learner's own spelling comes first
        a, axis = slot
        if a >= len(names):
            return False
        n = re.escape(names[a])
        pattern = rf"\b{n}\.shape\[{axis}\]" + (rf"|\blen\(\s*{n}\s*\)" if axis == 0 else "")
        return re.search(pattern, source) is not None

    a, axis = min(
        slots,
        key=lambda slot: (
            not written(slot),
            names[slot[0]] != "X" if slot[0] < len(names) else True,
            slot,
        ),
    )
    return f"`{names[a]}.shape[{axis}]`" if a < len(names) else None


def _source(fn) -> str:
    """The learner's source text (from linecache, as IPython registers cells), or '' when unavailable."""
    import inspect

    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        return ""


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

