"""One submission, run by `widgets.grade` in a child process of its own: the cells, then the checks.

    python -m widgets.grading_child JOB.json RESULT.json

JOB holds {"cells": [source, ...], "exercises": [name, ...]}: the lesson's setup cell, then the
learner's answer cells and added cells, in notebook order. Each cell runs in an IPython shell, as in a
kernel (magics work, an error ends only its cell, nothing is shown). Then each exercise is checked with
`widgets.autograder.check`, as nbgrader's check cells would be, and RESULT gets
{"results": [{"exercise", "status", "diagnosis", "title", "headline", "text", "html"}, ...]}
(status "missing" when the notebook defines no function of that name).
The grader sets the limits (CPU time, memory, process group) and MNIST_FROM_SCRATCH_GRADING=1.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys


class OutOfMemoryError(Exception):
    """A cell ran out of memory: the notebook is graded as out_of_memory, as a kernel would have died."""


def run_cells(sources: list[str]) -> dict:
    """Run cell sources in a fresh IPython shell with all output discarded; its namespace."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        for number, source in enumerate(sources):
            outcome = shell.run_cell(source, store_history=False)
            if isinstance(outcome.error_in_exec, MemoryError):
                raise OutOfMemoryError(f"cell {number + 1} of the code that runs raised MemoryError")
    return shell.user_ns


def checked(namespace: dict, exercises: list[str]) -> list[dict]:
    """Each exercise's check result as plain data."""
    from widgets.autograder import check

    rows = []
    for name in exercises:
        fn = namespace.get(name)
        if not callable(fn):
            rows.append(
                {
                    "exercise": name,
                    "status": "missing",
                    "diagnosis": "",
                    "headline": "",
                    "title": f"{name}: missing",
                    "text": f"{name}: the notebook defines no function `{name}`.",
                    "html": "",
                }
            )
            continue
        with (
            open(os.devnull, "w") as quiet,
            contextlib.redirect_stdout(quiet),
            contextlib.redirect_stderr(quiet),
        ):
            result = check(fn, name)
        rows.append(
            {
                "exercise": name,
                "status": result.status,
                "diagnosis": result.diagnosis or "",
                "headline": result.headline,
                "title": result.title(),
                "text": str(result),
                "html": result._repr_html_(),
            }
        )
    return rows


def main(argv: list[str]) -> int:
    job_path, result_path = argv
    with open(job_path) as file:
        job = json.load(file)
    os.environ["MPLBACKEND"] = "Agg"
    try:
        outcome = {"results": checked(run_cells(job["cells"]), job["exercises"])}
    except OutOfMemoryError as error:
        outcome = {"results": [], "problem": "out_of_memory", "detail": str(error)}
    with open(result_path + ".part", "w") as file:
        json.dump(outcome, file)
    os.replace(result_path + ".part", result_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
