"""The one pipeline every exercise goes through, and the search for a helper at fault in a composite.

`evaluate(exercise, fn)` runs an exercise's cases through `engine.call_learner`,
lets the probes name the first problem, and, for a composite (forward_prop,
backward_prop, gradient_descent ...), checks the learner's own helpers with
their own exercises to say which one lets it down. It sits on top of the
autograder's layers: feedback <- engine <- probes <- exercise probes and
whole checks <- exercises <- pipeline.
"""

from __future__ import annotations

import itertools
import re
import types

import numpy as np

from .. import reference as ref
from . import probes
from .engine import (
    Context,
    call_learner,
    expected_outputs,
    numpy_as_imported,
    plain,
    referenced_names,
    with_globals,
)
from .exercises import EXERCISES
from .feedback import CheckResult
from .variants import LEFT_OUT, PARTS, VARIANTS


def evaluate(exercise, fn, *, composite: bool = True) -> CheckResult:
    """Run one exercise's whole check on fn (inside the time budget) and return the result."""
    # The checker's own arithmetic (reference outputs, probes) ignores the notebook's np.seterr settings
    # and any NumPy function the learner rebound; learner calls get theirs back in call_learner.
    with np.errstate(all="ignore"), numpy_as_imported():
        if exercise.custom is not None:
            result = exercise.custom(exercise, fn)
        else:
            result = _standard(exercise, fn)
        if composite and not result.passed and result.status != "timeout":
            result = blame_helpers(exercise, fn, result)
            observed = _Observed(exercise, fn)
            result = blame_inline_part(exercise, fn, result, observed)
            result = name_two_parts(exercise, fn, result, observed)
            result = name_part_behind_errors(exercise, fn, result, observed)
            result = name_error_behind_misspelling(exercise, fn, result, observed)
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


# Findings that say less than the part's own exercise would.
_OPEN_FINDINGS = probes.WEAK_FINDINGS | probes.GENERIC_ERRORS | {"square_only", "scaled"}


def blame_inline_part(exercise, fn, result: CheckResult, observed: _Observed) -> CheckResult:
    """Name the mistake in a part the learner's composite builds itself (its own one-hot matrix,
    ReLU slope or softmax) the way that part's own exercise names it.

    The learner's function is compared, input by input, with the reference composite in which one
    helper is replaced by a typical wrong version of it (variants.VARIANTS): the same values, or
    the same kind of exception. The first variant it behaves like is checked with the helper's own
    exercise, and that check's diagnosis becomes the composite's.
    """
    if result.diagnosis not in _OPEN_FINDINGS or exercise.make_cases is None or result.culprit:
        return result
    parts = _inline_parts(exercise, fn)
    if not parts:
        return result
    cases, calls = observed.cases_and_calls()
    for part in parts:
        for variant in VARIANTS[part]:
            model = with_globals(exercise.reference, {part: variant})
            if not all(_alike(model, case, call) for case, call in zip(cases, calls, strict=True)):
                continue
            found = _part_result(exercise, part, variant, result)
            if found is None:
                continue
            whole = f"Checked as a whole, your `{exercise.name}` is {result.verdict()}."
            found.details = [whole, *result.details]
            return found
    return result


def name_two_parts(exercise, fn, result: CheckResult, observed: _Observed) -> CheckResult:
    """Name both mistakes when the learner's composite behaves, on every test input, like the reference
    with two of its parts wrong at once (a wrong or missing one-hot matrix and a wrong or missing ReLU
    slope; a wrong or missing ReLU and softmax): the one the check already named leads, the other
    follows in `also`. Each part is worded as in blame_inline_part, or, when the part is left out
    altogether, as the composite's own check words that single mistake."""
    if result.passed or result.also or result.culprit or exercise.make_cases is None:
        return result
    parts = _inline_parts(exercise, fn)
    if len(parts) < 2:
        return result
    cases, calls = observed.cases_and_calls()
    if all(call.error is not None for call in calls):
        return result  # exceptions alone cannot tell two wrong parts apart

    seen = {}

    def behaves_like(replacements) -> bool:
        key = tuple(replacements.items())
        if key not in seen:
            model = with_globals(exercise.reference, replacements)
            seen[key] = all(_alike(model, case, call) for case, call in zip(cases, calls, strict=True))
        return seen[key]

    for a, b in itertools.combinations(parts, 2):
        for wrong_a, wrong_b in itertools.product([*VARIANTS[a], LEFT_OUT[a]], [*VARIANTS[b], LEFT_OUT[b]]):
            if not behaves_like({a: wrong_a, b: wrong_b}):
                continue
            if behaves_like({a: wrong_a}) or behaves_like({b: wrong_b}):
                continue  # one wrong part explains it all: the other "variant" equals the right part here
            first = _part_result(exercise, a, wrong_a, result)
            second = _part_result(exercise, b, wrong_b, result)
            if first is None or second is None or first.diagnosis == second.diagnosis:
                continue
            if second.diagnosis == result.diagnosis:
                first, second = second, first
            first.also = [second]
            first.details = list(result.details)
            return first
    return result


def name_part_behind_errors(exercise, fn, result: CheckResult, observed: _Observed) -> CheckResult:
    """When the check named a mistake from the inputs where the learner's composite returns, and it
    raises on the others, name the part it builds itself that raises there too: the reference with
    that part wrong raises on exactly those inputs, with the same exception types, and returns on the
    rest (the seed's one-hot sized by `Y.max() + 1` fails on exactly the batches without a 9). It
    follows the lead in `also`."""
    if result.passed or result.also or result.culprit or result.status != "incorrect":
        return result
    if exercise.make_cases is None:
        return result
    parts = _inline_parts(exercise, fn)
    if not parts:
        return result
    cases, calls = observed.cases_and_calls()
    raised = [call.error is not None for call in calls]
    if all(raised) or not any(raised):
        return result
    for part in parts:
        for variant in VARIANTS[part]:
            model = with_globals(exercise.reference, {part: variant})
            if not all(_raises_alike(model, case, call) for case, call in zip(cases, calls, strict=True)):
                continue
            labels = [case.label for case, r in zip(cases, raised, strict=True) if r]
            where = f"{len(labels)} of the {len(cases)} test inputs ({'; '.join(labels)})"
            found = _part_result(
                exercise,
                part,
                variant,
                result,
                evidence=f"it raises on {where}, exactly where it would with this wrong `{part}`, and "
                "nowhere else",
            )
            if found is None or found.diagnosis == result.diagnosis:
                continue
            found.status = "incorrect"
            result.also = [found]
            return result
    return result


def _raises_alike(model, case, call) -> bool:
    """Does model on case raise where the learner's call raised (the same exception type), and return
    where it returned (any value)?"""
    import copy

    try:
        model(*copy.deepcopy(case.args))
    except Exception as error:  # noqa: BLE001 - the reference with a wrong part may raise anything
        return call.error is not None and type(error).__name__ == call.error.type
    return call.error is None


def name_error_behind_misspelling(exercise, fn, result: CheckResult, observed: _Observed) -> CheckResult:
    """A misspelled NumPy name (np.zeroes) raises before anything else on its line runs, so it hides the
    next mistake. Check fn again with that name spelled right (in a copy of the module, fn's own globals
    only) and follow the lead with whatever that check names next; up to three times in a row."""
    if result.diagnosis != "numpy_no_such_name" or result.also:
        return result
    space = getattr(fn, "__globals__", None)
    if space is None:
        return result
    used = referenced_names(fn)
    aliases = [name for name in used if space.get(name) is np]
    spelled = types.ModuleType("numpy")
    spelled.__dict__.update(vars(np))
    repaired = with_globals(fn, dict.fromkeys(aliases, spelled))
    found = []
    calls = observed.cases_and_calls()[1] if exercise.make_cases is not None else []
    for _ in range(3):
        wrong = _misspelled_numpy_name(calls)
        right = probes.closest_numpy_name(wrong) if wrong else None
        if not aliases or right is None or hasattr(spelled, wrong):
            break
        setattr(spelled, wrong, getattr(np, right))
        again = evaluate(exercise, repaired, composite=False)
        if again.passed or again.status in ("not_implemented", "timeout") or again.diagnosis is None:
            break
        found.append(again)
        if again.diagnosis != "numpy_no_such_name" or exercise.make_cases is None:
            break
        calls = [
            call_learner(repaired, c.args, exercise.arg_names, label=f"{exercise.name} on {c.label}")
            for c in exercise.make_cases()
        ]
    if found:
        result.also = found
    return result


def _misspelled_numpy_name(calls) -> str | None:
    """The name in the first "module 'numpy' has no attribute ..." error among the calls, if any."""
    for call in calls:
        if call.error is not None and call.error.type == "AttributeError":
            match = re.search(r"module 'numpy' has no attribute '(\w+)'", call.error.message)
            if match:
                return match.group(1)
    return None


def _inline_parts(exercise, fn) -> list[str]:
    """The helpers with typical wrong versions (variants.VARIANTS) that the reference composite calls
    and the learner's does not: the parts the learner builds itself."""
    used = referenced_names(fn)
    in_reference = referenced_names(exercise.reference)
    return [h for h in exercise.helpers if h in VARIANTS and h in in_reference and h not in used]


class _Observed:
    """The learner's function called once on each of the exercise's cases, on first need: what the
    searches after a failing check (blame_inline_part, name_two_parts, name_part_behind_errors,
    name_error_behind_misspelling) compare with."""

    def __init__(self, exercise, fn):
        self.exercise, self.fn, self._seen = exercise, fn, None

    def cases_and_calls(self):
        if self._seen is None:
            cases = self.exercise.make_cases()
            calls = [
                call_learner(
                    self.fn, c.args, self.exercise.arg_names, label=f"{self.exercise.name} on {c.label}"
                )
                for c in cases
            ]
            self._seen = cases, calls
        return self._seen


def _part_result(exercise, part, variant, result: CheckResult, evidence: str = "") -> CheckResult | None:
    """The composite's result for one wrong part, worded by the part's own exercise (a wrong version of
    the helper) or by the composite's own check (the part left out); None when neither names it."""
    if variant is LEFT_OUT[part]:
        own = evaluate(exercise, with_globals(exercise.reference, {part: variant}), composite=False)
        if own.passed or own.diagnosis is None or own.diagnosis in _OPEN_FINDINGS:
            return None
        return CheckResult(
            exercise=exercise.name,
            status=result.status,
            diagnosis=own.diagnosis,
            headline=own.headline,
            explanation=own.explanation,
            hint=own.hint,
            example=result.example,
            notes=result.notes,
        )
    own = evaluate(EXERCISES[part], variant, composite=False)
    if own.passed or own.diagnosis is None:
        return None
    return CheckResult(
        exercise=exercise.name,
        status=result.status,
        diagnosis=own.diagnosis,
        headline=f"in {PARTS[part]}, {own.headline}",
        explanation=(
            f"Your `{exercise.name}` computes {PARTS[part]} itself instead of calling `{part}`, and "
            + (evidence or f"on every test input it gives what it would give with this wrong `{part}`")
            + ": "
            + own.explanation
        ),
        hint=own.hint + f" Or call `{part}` there, once `check({part})` passes.",
        example=result.example,
        notes=result.notes,
    )


def _alike(model, case, call) -> bool:
    """Does model on case give what the learner's call gave: close values, or the same exception type?"""
    import copy

    try:
        value = model(*copy.deepcopy(case.args))
    except Exception as error:  # noqa: BLE001 - the reference with a wrong part may raise anything
        return call.error is not None and type(error).__name__ == call.error.type
    if call.error is not None:
        return False
    got, want = plain(call.value), value
    got = list(got) if isinstance(got, tuple) else [got]
    want = list(want) if isinstance(want, tuple) else [want]
    if len(got) != len(want):
        return False
    for g, w in zip(got, want, strict=True):
        g, w = np.asarray(g), np.asarray(w)
        if g.shape != w.shape or g.dtype.kind not in "biuf" or w.dtype.kind not in "biuf":
            return False
        if not np.allclose(g.astype(float), w.astype(float), rtol=case.rtol, atol=case.atol, equal_nan=True):
            return False
    return True
