"""The one pipeline every exercise goes through, and the search for a helper at fault in a composite.

`evaluate(exercise, fn)` runs an exercise's cases through `engine.call_learner`,
lets the probes name the first problem, and, for a composite (forward_prop,
backward_prop, gradient_descent ...), checks the learner's own helpers with
their own exercises to say which one lets it down. It sits on top of the
autograder's layers: feedback <- engine <- probes <- exercise probes and
whole checks <- exercises <- pipeline.
"""

from __future__ import annotations

import numpy as np

from .. import reference as ref
from . import probes
from .engine import Context, call_learner, expected_outputs, referenced_names, with_globals
from .exercises import EXERCISES
from .feedback import CheckResult


def evaluate(exercise, fn, *, composite: bool = True) -> CheckResult:
    """Run one exercise's whole check on fn (inside the time budget) and return the result."""
    # The checker's own arithmetic (reference outputs, probes) ignores the notebook's np.seterr settings;
    # learner calls get their own error state in call_learner.
    with np.errstate(all="ignore"):
        if exercise.custom is not None:
            result = exercise.custom(exercise, fn)
        else:
            result = _standard(exercise, fn)
        if composite and not result.passed and result.status != "timeout":
            result = blame_helpers(exercise, fn, result)
    return result


def _standard(exercise, fn) -> CheckResult:
    cases = exercise.make_cases()
    # Expected values first, before any learner code runs and could change NumPy (np.exp = ...).
    expected = [expected_outputs(exercise, c) for c in cases]
    calls = []
    for case in cases:
        call = call_learner(fn, case.args, exercise.arg_names, label=f"{exercise.name} on {case.label}")
        calls.append(call)
        if call.error is not None and call.error.not_implemented:
            break
    ctx = Context(exercise, fn, cases[: len(calls)], calls, expected)
    result = probes.find_problem(ctx)
    if result is None:
        result = CheckResult(
            exercise=exercise.name,
            status="passed",
            explanation=(
                f"Your `{exercise.name}` matches the reference on all {len(cases)} test inputs "
                f"({probes.case_summary(cases)})"
                + (f" and {exercise.passed_extra}." if exercise.passed_extra else ".")
            ),
        )
    result.notes = probes.notes_for(ctx) + result.notes
    return result


def blame_helpers(exercise, fn, result: CheckResult) -> CheckResult:
    """Find out whether a failing composite is let down by one of the learner's helpers.

    Each helper the learner's function calls (looked up in fn.__globals__, as the
    notebook's code does) gets its own check. Failing helpers are swapped for the
    reference ones in a copy of fn's globals and the function is checked again:
    if it then passes, the helper is at fault; if not, the function's own mistake
    is reported, with a note about the helper.
    """
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
