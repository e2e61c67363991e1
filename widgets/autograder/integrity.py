"""Whether an answer hands its work to the course's own answer (graders count only the learner's code).

`course_answer_used(fn, name)` follows fn and the notebook functions it calls (their globals, as in
widgets.kept) and says why it uses the course's answer to exercise `name`: the function is the
course's own, it calls the course's reference or stand-in, or it reads that name from one of the
course's modules (`widgets.reference.softmax`, `from widgets.yours import softmax`). Calling the course's
versions of *earlier* exercises is allowed: later lessons import them.
"""

from __future__ import annotations

import dis
import types

from ..kept import global_names, is_notebook_function
from .exercises import EXERCISES
from .feedback import CheckResult


def _attributes(code: types.CodeType) -> set[str]:
    """Attribute names the code (and the code nested in it) reads."""
    names = set()
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and isinstance(instruction.argval, str):
            names.add(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _attributes(const)
    return names


def _course_functions(name: str) -> list:
    exercise = EXERCISES[name]
    return [f for f in (exercise.reference, exercise.course_version) if f is not None]


def course_answer_used(fn, name: str) -> str | None:
    """Why fn uses the course's own answer to exercise `name` (a sentence), or None."""
    if name not in EXERCISES:
        return None
    theirs = _course_functions(name)
    spelled = {name} | {getattr(f, "__name__", name) for f in theirs}
    if any(fn is f for f in theirs) or (
        callable(fn) and not is_notebook_function(fn) and getattr(fn, "__module__", "").startswith("widgets")
    ):
        return f"it is the course's own `{name}` (from `{getattr(fn, '__module__', 'widgets')}`)"
    seen, stack = set(), [fn]
    while stack:
        f = stack.pop()
        if not is_notebook_function(f) or f.__code__ in seen:
            continue
        seen.add(f.__code__)
        reads = _attributes(f.__code__)
        for used in global_names(f.__code__):
            value = f.__globals__.get(used)
            if any(value is g for g in theirs):
                return f"`{f.__name__}` calls the course's `{name}` (as `{used}`)"
            if isinstance(value, types.ModuleType) and value.__name__.split(".")[0] == "widgets":
                if reads & spelled:
                    return f"`{f.__name__}` uses `{value.__name__}` for `{name}`"
            if is_notebook_function(value):
                stack.append(value)
    return None


def uses_reference_result(name: str, why: str) -> CheckResult:
    """The result for an answer that hands the work to the course's own (why: a sentence)."""
    return CheckResult(
        exercise=name,
        status="incorrect",
        diagnosis="uses_reference",
        headline="uses the course's reference answer",
        explanation=f"Your `{name}` hands the work to the course: {why}. "
        "Only your own code earns the exercise.",
        hint=f"Write the body yourself; `hint({name})` gives a nudge.",
    )
