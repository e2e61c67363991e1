"""Whether the notebook is being graded: then only the submission's own cells count.

nbgrader sets NBGRADER_EXECUTION while it runs a notebook (autograde, validate); the course's own
grader sets MNIST_FROM_SCRATCH_GRADING=1. While grading, nothing is read from or written to the
learner's progress store and earlier lessons' functions come from the course's reference. Under
nbgrader, a check that does not pass also raises (see widgets.autograder.check). Only the checks
earn points, so while grading the training cells run a short version (`shortened`, `capped`): a
lesson then runs well inside nbgrader's 30 s cell timeout, even on one slow CPU.
"""

from __future__ import annotations

import functools
import os

GRADER_ENV_VAR = "MNIST_FROM_SCRATCH_GRADING"


def is_grading() -> bool:
    """True inside nbgrader (NBGRADER_EXECUTION) or the course's grader (MNIST_FROM_SCRATCH_GRADING=1)."""
    return nbgrader_is_running() or os.environ.get(GRADER_ENV_VAR, "").strip() not in ("", "0")


def nbgrader_is_running() -> bool:
    """True while nbgrader executes the notebook (it sets NBGRADER_EXECUTION to autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION", "").strip())


# While grading, a training cell runs at most this many iterations (full batch) or epochs (mini-batch).
GRADING_ITERATIONS = 20
GRADING_EPOCHS = 1


def shortened(count: int, while_grading: int) -> int:
    """count, or at most while_grading while the notebook is being graded."""
    return min(count, while_grading) if is_grading() else count


def capped(fn, caps: dict, arg_names: tuple):
    """fn itself, or while grading a wrapper of fn that passes each argument named in caps
    (by position in arg_names, or by keyword) as at most caps[name]."""
    if not caps or not is_grading():
        return fn

    @functools.wraps(fn)
    def short(*args, **kwargs):
        args = list(args)
        for name, cap in caps.items():
            position = arg_names.index(name)
            if position < len(args):
                args[position] = min(args[position], cap)
            elif name in kwargs:
                kwargs[name] = min(kwargs[name], cap)
        return fn(*args, **kwargs)

    return short
