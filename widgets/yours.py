"""Your own answers, carried from lesson to lesson and from kernel to kernel.

    from widgets.yours import ReLU, softmax, forward_prop

gives, for each exercise, the latest version of yours that passed its check (kept in the progress
store together with the notebook functions it calls, see widgets.kept), or the course's version
while yours has not passed. One line under the cell says which you got:

    Using your own `ReLU`, `softmax`; the course's `forward_prop` (yours has not passed its check
    yet; lesson 03).

    from widgets.yours import forget
    forget("ReLU")     # use the course's ReLU from now on, until yours passes its check again

While a notebook is being graded (widgets.grading_mode) only the submission's own cells count:
every name gives the course's version.
"""

from __future__ import annotations

from . import progress
from .autograder.exercises import EXERCISES, LESSONS
from .grading_mode import is_grading
from .kept import rebuild
from .notice import Notice, shell, show

__all__ = sorted(EXERCISES)

_REBUILT: dict[tuple[str, str], object] = {}  # (name, source) -> the function, rebuilt once per kernel
_PENDING: list[tuple[str, str, str]] = []  # (name, "yours" or "course", why) waiting to be shown
_HOOKED = []


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    if name not in EXERCISES:
        raise AttributeError(
            f"module 'widgets.yours' has no attribute '{name}': it holds the exercises "
            f"({', '.join(sorted(EXERCISES))}); other functions come from widgets.reference"
        )
    fn, whose, why = resolve(name)
    _announce(name, whose, why)
    return fn


def __dir__():
    return [*__all__, "forget", "resolve"]


def resolve(name: str) -> tuple[object, str, str]:
    """(function, "yours" or "course", a few words on why) for one exercise name."""
    exercise = EXERCISES[name]
    if is_grading():
        return exercise.course_version, "course", "while grading only this notebook's own cells count"
    kept, warning = progress.kept_answers()
    answer = kept.get(name)
    if answer is None:
        if warning:
            return exercise.course_version, "course", f"your answers could not be read: {warning}"
        return exercise.course_version, "course", _not_passed(name)
    key = (answer["name"], answer["source"])
    fn = _REBUILT.get(key)
    if fn is None:
        label = f"<your {name}, kept {progress.local_time(answer['at'])}>"
        try:
            fn = rebuild(answer["source"], answer["name"], label)
        except Exception as exc:  # an answer kept under another Python or library version
            why = f"yours could not be rebuilt here ({type(exc).__name__}: {exc}); check it again"
            return exercise.course_version, "course", why
        _REBUILT[key] = fn
    return fn, "yours", "passed"


_TO_DO = ("not attempted yet", "yours has not passed its check yet", "run your check again to use yours")


def _not_passed(name: str) -> str:
    rows, _ = progress.load_attempts()
    statuses = {row[2] for row in rows if row[0] == name}
    if "passed" in statuses:  # forgotten, or passed where it could not be kept
        return _TO_DO[2]
    if statuses:
        return _TO_DO[1]
    return _TO_DO[0]


def forget(*names) -> None:
    """Forget your kept answers to these exercises (names or the functions themselves).

    Later lessons then use the course's versions until yours pass their checks again. The
    forgotten answers stay in the progress file, marked as forgotten."""
    wanted = [n if isinstance(n, str) else getattr(n, "__name__", repr(n)) for n in names]
    unknown = [n for n in wanted if n not in EXERCISES]
    if unknown or not wanted:
        given = ", ".join(unknown) or "nothing"
        print(
            f'forget() takes exercise names, such as forget("ReLU"); not {given}. '
            f"The exercises are: {', '.join(sorted(EXERCISES))}."
        )
        return
    warning = progress.forget_answers(wanted)
    if warning:
        print(f"Warning: {warning}")
        return
    listed = ", ".join(f"`{n}`" for n in wanted)
    text = f"Forgot your {listed}: later lessons use the course's until yours passes its check again."
    show(Notice(text, ok=True))


def summary(entries: list[tuple[str, str, str]]) -> Notice:
    """One line for several resolved names: which are yours and which are the course's (why, and the
    lessons where the exercises are)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for name, whose, why in entries:
        groups.setdefault((whose, why), []).append(name)
    parts = []
    for (whose, why), names in sorted(groups.items(), key=lambda item: item[0][0] != "yours"):
        listed = ", ".join(f"`{name}`" for name in names)
        if whose == "yours":
            parts.append(f"your own {listed}")
            continue
        lessons = sorted({LESSONS[name].split(" ")[0] for name in names})
        where = f"; lesson{'s' if len(lessons) > 1 else ''} {', '.join(lessons)}" if why in _TO_DO else ""
        parts.append(f"the course's {listed} ({why}{where})")
    return Notice("Using " + "; ".join(parts) + ".", ok=all(whose == "yours" for whose, _ in groups))


def _announce(name: str, whose: str, why: str) -> None:
    """Show the line now, or once at the end of the running cell for all names it imported."""
    ipython = shell()
    if ipython is None:
        print(summary([(name, whose, why)]).text)
        return
    if (name, whose, why) not in _PENDING:
        _PENDING.append((name, whose, why))
    if not _HOOKED:
        ipython.events.register("post_run_cell", _flush)
        _HOOKED.append(ipython)


def _flush(*_) -> None:
    if _PENDING:
        entries = list(_PENDING)
        _PENDING.clear()
        show(summary(entries))
