"""Whether the notebook is being graded: then only the submission's own cells count.

nbgrader sets NBGRADER_EXECUTION while it runs a notebook (autograde, validate); the course's own
grader sets MNIST_FROM_SCRATCH_GRADING=1. While grading, nothing is read from or written to the
learner's progress store and earlier lessons' functions come from the course's reference. Under
nbgrader, a check that does not pass also raises (see widgets.autograder.check).
"""

from __future__ import annotations

import os

GRADER_ENV_VAR = "MNIST_FROM_SCRATCH_GRADING"


def is_grading() -> bool:
    """True inside nbgrader (NBGRADER_EXECUTION) or the course's grader (MNIST_FROM_SCRATCH_GRADING=1)."""
    return nbgrader_is_running() or os.environ.get(GRADER_ENV_VAR, "").strip() not in ("", "0")


def nbgrader_is_running() -> bool:
    """True while nbgrader executes the notebook (it sets NBGRADER_EXECUTION to autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION", "").strip())
