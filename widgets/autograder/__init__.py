"""The course's autograder: `check(fn)` says what is right, what is wrong and what to try next.

    from widgets.autograder import check, yours_or_reference
    check(softmax)                       # the exercise is found from the function's name
    check(my_loss, exercise="cross_entropy")
    softmax = yours_or_reference(softmax)  # carry on with the course's version if yours is not ready
    hint(softmax)                        # a nudge; call again for the idea, again for a near-complete line
    solution(softmax)                    # the course's answer, only when asked (recorded as revealed)

`check` never raises (under nbgrader a failed check does, see `check`): whatever the learner's code
does, it returns a CheckResult with `.passed`, `.status`, `.diagnosis`, a plain-text `str()` and a coloured
`_repr_html_`. Each check is recorded in the progress store (widgets.progress), and a
passing function is kept there as source, with the notebook functions it calls, so that
later lessons and new kernels can use it (`from widgets.yours import softmax`).
Nothing is recorded or kept while a notebook is being graded.
"""

from __future__ import annotations

import difflib
import re

from .. import reference as _reference
from ..errors import NotPassedError
from ..grading_mode import capped, is_grading, nbgrader_is_running
from ..kept import NotKeptError, is_notebook_function, source_of
from ..notice import CodeNotice, Notice, show
from ..notice import shell as ipython_shell
from . import engine
from .engine import attribute, fingerprint, run_isolated
from .exercises import EXERCISES, LESSONS, Exercise
from .feedback import STATUSES, CheckResult
from .pipeline import evaluate

__all__ = [
    "check", "check_answer", "yours_or_reference", "hint", "solution",
    "CheckResult", "EXERCISES", "LESSONS", "STATUSES", "Exercise",
]

# (exercise, fingerprint of the code) -> the result of its check: a function is trusted while the code
# it runs, its helpers' included, is the code that passed.
_CACHE: dict[tuple, CheckResult] = {}


def check(fn, exercise: str | None = None) -> CheckResult:
    """Check a learner's function against its exercise (named by `exercise` or by fn.__name__).

    Returns the CheckResult. Only while nbgrader runs the notebook (autograde, validate) does a
    result that did not pass raise NotPassedError, whose message is the same feedback, so that
    nbgrader gives the check cell no points and its feedback says why; a passed result is then
    displayed and None returned.
    """
    result = _check_and_record(fn, exercise)
    if not nbgrader_is_running():
        return result
    if not result.passed:
        raise NotPassedError(str(result))
    # nbgrader reads a check cell's value as partial credit when it is a number and warns otherwise:
    # the passed result is shown instead of returned.
    show(result)
    return None


def _check_and_record(fn, exercise: str | None = None) -> CheckResult:
    """check() without the nbgrader exception: the result, recorded and cached."""
    name = exercise or attribute(fn, "__name__") or "?"
    try:
        result = _check_elsewhere(fn, name) if nbgrader_is_running() else None
        result = result or _check(fn, name)
    except Exception as exc:  # a fault in the autograder itself must not reach the learner as a traceback
        result = CheckResult(
            exercise=str(name),
            status="error",
            diagnosis="checker_crashed",
            headline="the autograder itself failed",
            explanation=f"Checking `{name}` failed inside the autograder ({type(exc).__name__}: {exc}).",
            hint=(
                "Run the cell again; if it keeps failing, restart the kernel and run the "
                "notebook from the top."
            ),
        )
    if result.exercise in EXERCISES:
        from ..progress import record

        try:
            result.progress_warning = record(result)
        except Exception as exc:  # progress is a convenience: grading must still come back
            result.progress_warning = (
                f"this attempt was not saved to your progress ({type(exc).__name__}: {exc})."
            )
        if result.passed:
            try:
                _keep(fn, result)
            except Exception as exc:  # keeping the answer is a convenience too
                why = f"{type(exc).__name__}: {exc}"
                warning = f"your `{result.exercise}` was not kept for later lessons ({why})."
                result.progress_warning = " ".join(filter(None, (result.progress_warning, warning)))
        code = fingerprint(fn)
        if code is not None:
            _CACHE[(result.exercise, code)] = result
    return result


def check_answer(source: str, name: str, label: str | None = None) -> CheckResult:
    """Grade an answer written down by `widgets.kept.source_of` in another process: rebuild it here,
    refuse one that uses the course's own answer (diagnosis "uses_reference"), and check it.

    For graders: the expected values are computed in this process, which never ran the notebook,
    and the learner's code runs only in the checking worker's children. Nothing is recorded, kept,
    cached or raised.
    """
    from ..kept import check_plain_module, rebuild

    label = label or f"<{name}, as handed in>"
    try:
        check_plain_module(source)
        fn = rebuild(source, name, label)
    except Exception as exc:
        return CheckResult(
            exercise=name, status="error", diagnosis="not_rebuilt",
            headline="the answer could not be rebuilt for grading",
            explanation=f"Rebuilding `{name}` from the notebook failed ({type(exc).__name__}: {exc}).",
            hint="Define it with `def` in its exercise cell, and run the notebook from the top.",
        )
    refused = _uses_reference(fn, name)
    if refused is not None:
        return refused
    try:
        return _check(fn, name)
    except Exception as exc:  # a fault in the autograder itself: the row says so, grading goes on
        return CheckResult(
            exercise=name, status="error", diagnosis="checker_crashed",
            headline="the autograder itself failed",
            explanation=f"Checking `{name}` failed inside the autograder ({type(exc).__name__}: {exc}).",
        )


def _check_elsewhere(fn, name) -> CheckResult | None:
    """While nbgrader grades: a notebook function's check computed in a process that never ran the
    notebook (widgets.autograder.clean), or None when it cannot be done there."""
    if name not in EXERCISES or not is_notebook_function(fn):
        return None
    from .clean import check_elsewhere

    return check_elsewhere(fn, name)


def _keep(fn, result: CheckResult) -> None:
    """Keep a passing learner function's source for later lessons, or add a note saying why not."""
    from ..progress import keep_answer

    if is_grading() or not is_notebook_function(fn):
        return
    try:
        source = source_of(fn)
    except NotKeptError as exc:
        result.notes.append(
            f"Later lessons will use the course's `{result.exercise}`, not yours: {exc}. "
            "Write it with its own arguments and `def` functions only, and check it again."
        )
        return
    warning = keep_answer(result.exercise, fn.__name__, source)
    if warning:
        result.progress_warning = " ".join(filter(None, (result.progress_warning, warning)))


def _check(fn, name) -> CheckResult:
    if not callable(fn):
        return CheckResult(
            exercise=str(name),
            status="error",
            diagnosis="not_a_function",
            headline="check() needs the function itself",
            explanation=f"check() was given {type(fn).__name__} `{_short(fn)}`, not a function.",
            hint="Pass the function without calling it: `check(softmax)`, not `check(softmax(Z))`.",
        )
    if name not in EXERCISES:
        return CheckResult(
            exercise=str(name),
            status="error",
            diagnosis="unknown_exercise",
            headline="no exercise has this name",
            explanation=_no_such_exercise(name),
            hint="Keep the function name from the exercise cell, or say which exercise it is: "
            '`check(my_function, exercise="softmax")`.',
        )
    if is_grading():
        refused = _uses_reference(fn, name)
        if refused is not None:
            return refused
    ex = EXERCISES[name]
    return run_isolated(lambda: evaluate(ex, fn), name, engine.BUDGET_SECONDS)


def _uses_reference(fn, name) -> CheckResult | None:
    """While grading: the result for an answer that hands the work to the course's own, or None."""
    from .integrity import course_answer_used, uses_reference_result

    why = course_answer_used(fn, name)
    return None if why is None else uses_reference_result(name, why)


def _short(value) -> str:
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 60 else text[:57] + "..."


def yours_or_reference(fn, exercise: str | None = None):
    """Return fn if it passes its check, else the course's reference function; say which, and why.

    Results are cached per function object (and the helpers it calls), so calling this
    again in the same notebook does not re-run the check.
    """
    name = exercise or attribute(fn, "__name__")
    if name not in EXERCISES:
        result = _check_and_record(fn, name)
        show(Notice(f"Using your `{name}`: {result.title()}.", False))
        return fn
    if fn is getattr(_reference, name):
        show(Notice(f"Using the course's reference `{name}`.", True))
        return fn
    code = fingerprint(fn)
    cached = _CACHE.get((name, code)) if code is not None else None
    result = cached if cached is not None else _check_and_record(fn, name)
    if result.passed:
        show(Notice(f"Using your `{name}`.", True))
        return capped(fn, EXERCISES[name].while_grading, EXERCISES[name].arg_names)
    why = "is not implemented yet" if result.status == "not_implemented" else "does not pass its check yet"
    if result.diagnosis == "faulty_helper" and result.culprit:
        why += f" because of your `{result.culprit}`"
    show(
        Notice(f"Using the course's reference `{name}`: yours {why} (run its check cell for details).", False)
    )
    return EXERCISES[name].course_version


# exercise -> how many rungs of its hint ladder this kernel has shown
_RUNGS: dict[str, int] = {}


def _exercise_named(fn_or_name) -> tuple[str | None, Notice | None]:
    """The exercise a function (by its name) or a name stands for, or a notice listing the exercises."""
    name = fn_or_name if isinstance(fn_or_name, str) else attribute(fn_or_name, "__name__")
    if name in EXERCISES:
        return name, None
    return None, Notice(_no_such_exercise(name), False)


def _no_such_exercise(name) -> str:
    lowered = {exercise.lower(): exercise for exercise in EXERCISES}
    close = difflib.get_close_matches(str(name).lower(), list(lowered), n=1, cutoff=0.5)
    suggestion = f" Did you mean `{lowered[close[0]]}`?" if close else ""
    return f"There is no exercise called `{name}`.{suggestion} The exercises are: {', '.join(EXERCISES)}."


def hint(fn_or_name) -> Notice:
    """The next hint for an exercise (its function or its name): a nudge, then the idea, then a
    near-complete line; after the third, the third again and where the answer is."""
    name, unknown = _exercise_named(fn_or_name)
    if unknown is not None:
        return unknown
    ladder = EXERCISES[name].hints
    rung = min(_RUNGS.get(name, 0), len(ladder) - 1)
    _RUNGS[name] = rung + 1
    text = f"Hint {rung + 1} of {len(ladder)} for `{name}`: {ladder[rung]}"
    if rung + 1 < len(ladder):
        text += f" (Run `hint({name})` again for more.)"
    else:
        text += f" That was the last hint; `solution({name})` shows the course's answer."
    return Notice(text, None)


def solution(fn_or_name) -> Notice:
    """The course's answer to an exercise, shown only when asked for; recorded in the progress store
    as revealed. Not available while a notebook is being graded."""
    name, unknown = _exercise_named(fn_or_name)
    if unknown is not None:
        return unknown
    if is_grading():
        return Notice("solution() is not available while this notebook is being graded.", False)
    import inspect

    from ..progress import record_revealed

    code = inspect.getsource(EXERCISES[name].reference).strip()
    warning = record_revealed(name)
    text = (f"The course's `{name}` (from `widgets.reference`). Read it, close it, then write yours "
            "from memory: `check` will tell you if it holds. Your progress records that it was shown.")
    return CodeNotice(text + (f" Warning: {warning}" if warning else ""), code)


# A lesson's check cell: `check(NAME)` for an exercise's NAME (see scripts/make_student.py).
_CHECK_CELL = re.compile(r"\s*check\(\s*(?:" + "|".join(map(re.escape, EXERCISES)) + r")\s*\)\s*;?\s*")
_GUARDED: set = set()  # ids of the shells guarded


def guard_check_cells(shell) -> None:
    """Make every check cell call the course's `check`, even after a learner's cell rebound or deleted
    the name `check` (a helper of their own called check, by accident or not); the learner's binding
    is back once the cell has run. Installed when the autograder is imported while nbgrader runs."""
    if shell is None or id(shell) in _GUARDED:
        return
    _GUARDED.add(id(shell))
    displaced = {}

    def before(info=None):
        source = getattr(info, "raw_cell", None) or ""
        if _CHECK_CELL.fullmatch(source) and shell.user_ns.get("check") is not check:
            displaced["check"] = shell.user_ns.get("check", displaced)
            shell.user_ns["check"] = check

    def after(result=None):
        if "check" in displaced:
            theirs = displaced.pop("check")
            if theirs is displaced:
                shell.user_ns.pop("check", None)
            else:
                shell.user_ns["check"] = theirs

    shell.events.register("pre_run_cell", before)
    shell.events.register("post_run_cell", after)


if nbgrader_is_running():
    guard_check_cells(ipython_shell())
