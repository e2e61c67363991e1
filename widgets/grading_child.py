"""One submission at a time, for `widgets.grade`: a child process runs its cells, then checks its exercises.

    python -m widgets.grading_child --serve     # what widgets.grade starts, once per job
    python -m widgets.grading_child JOB.json RESULT.json

A job holds {"cells": [source, ...], "exercises": [name, ...]}: the lesson's setup cell, then the
learner's answer cells and added cells, in notebook order. Each cell runs in an IPython shell, as in a
kernel (magics work, an error ends only its cell, nothing is shown). Then each exercise's function is
written down as source (widgets.kept.source_of) for the grader to rebuild and check in a process that
never ran the notebook; RESULT gets {"results": [...]}, one item per exercise (see `answers`).

--serve imports the course's modules once (IPython, NumPy, pandas, matplotlib, the autograder: most of
a notebook's cost), then reads one request per line on stdin ({"job", "result", "stderr",
"cpu_seconds", "memory_mb", "wall_seconds"}) and forks a child for each: the child leads a process
group of its own, has the CPU-time and memory limits and runs the job; the server waits at most
wall_seconds, kills the child's whole group, and answers {"code": exit code, "timed_out": bool} on
stdout. The server itself never runs learner code. widgets.grade sets MNIST_FROM_SCRATCH_GRADING=1.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
import traceback


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


def answers(namespace: dict, exercises: list[str]) -> list[dict]:
    """Each exercise's answer as plain data for the grader, which checks it in a process of its own:
    {"exercise", "source"} (widgets.kept.source_of), {"exercise", "course": "widgets.reference.softmax"}
    for the course's own function, {"exercise", "not_kept": why} when it cannot be written down, or
    {"exercise", "status": "missing"}. Nothing here is a verdict: this process ran the learner's code."""
    from widgets.kept import NotKeptError, is_notebook_function, source_of

    rows = []
    for name in exercises:
        fn = namespace.get(name)
        module = str(getattr(fn, "__module__", ""))
        if not callable(fn):
            rows.append({"exercise": name, "status": "missing"})
        elif not is_notebook_function(fn) and module.split(".")[0] == "widgets":
            rows.append({"exercise": name, "course": f"{module}.{getattr(fn, '__name__', name)}"})
        else:
            try:
                rows.append({"exercise": name, "source": source_of(fn)})
            except NotKeptError as exc:
                rows.append({"exercise": name, "not_kept": str(exc)})
    return rows


def main(argv: list[str]) -> int:
    job_path, result_path = argv
    with open(job_path) as file:
        job = json.load(file)
    os.environ["MPLBACKEND"] = "Agg"
    try:
        outcome = {"results": answers(run_cells(job["cells"]), job["exercises"])}
    except OutOfMemoryError as error:
        outcome = {"results": [], "problem": "out_of_memory", "detail": str(error)}
    with open(result_path + ".part", "w") as file:
        json.dump(outcome, file)
    os.replace(result_path + ".part", result_path)
    return 0


def preload() -> None:
    """Import what every lesson's setup cell and every check imports, so forked children start warm."""
    import IPython.core.interactiveshell  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401

    import widgets.autograder  # noqa: F401
    import widgets.data  # noqa: F401
    import widgets.fast  # noqa: F401
    import widgets.yours  # noqa: F401


def _child(request: dict) -> int:
    """In the forked child: its own process group, limits, quiet stdio; then the job."""
    os.setsid()
    os.chdir(request["cwd"])
    cpu = int(request["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    memory = int(request["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    quiet = os.open(os.devnull, os.O_RDWR)
    errors = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(quiet, 0)
    os.dup2(quiet, 1)
    os.dup2(errors, 2)
    sys.stdin = sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (the process ends with os._exit)
    sys.stderr = os.fdopen(2, "w", buffering=1)
    return main([request["job"], request["result"]])


def _wait(pid: int, seconds: float) -> tuple[int | None, bool]:
    """The child's exit code (negative: killed by that signal) and whether its time ran out;
    its process group is killed in any case."""
    deadline, status = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.01)
    else:
        status = None
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    if status is None:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), True
    return os.waitstatus_to_exitcode(status), False


def serve() -> int:
    """The grading server (see the module's docstring)."""
    preload()
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _child(request)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        code, timed_out = _wait(pid, float(request["wall_seconds"]))
        replies.write(json.dumps({"code": code, "timed_out": timed_out}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(serve() if sys.argv[1:] == ["--serve"] else main(sys.argv[1:]))
