"""Grade a class's notebooks: a gradebook, feedback for each student and a report of the class's mistakes.

    python -m widgets.grade PATH... [--out grades.csv] [--feedback DIR] [--report report.html] [--jobs N]

PATH: notebooks, or folders of them (see widgets.submissions for how students are told apart). Each
notebook runs in a child process of its own (widgets.grading_child) in its own process group, with
limits on CPU time and memory, BLAS on one thread and MNIST_FROM_SCRATCH_GRADING=1 (nothing recorded,
earlier lessons' functions from the course). Only the lesson's setup cell, the answers and the cells
the learner added run, so a notebook grades in seconds.

The child only writes each answer down as source; this process rebuilds and checks it
(`widgets.autograder.check_answer`), so the expected values are computed where the learner's code never
ran, and nothing the notebook does to NumPy, the autograder, `check` or the child's output earns a pass.
Verdicts are those of `check()`. An answer that is the course's own function, or calls it, gets the
status uses_reference; one that cannot be written down as source (a lambda, a function reading a
notebook array) gets not_rebuilt, with the reason.

grades.csv has one row per student and exercise: student, lesson, exercise, status, diagnosis, score,
feedback. A notebook that cannot be graded gets one row per exercise of its lesson (or one row when
it is not a lesson) with a status saying why: not_a_notebook, not_a_lesson, timed_out, out_of_memory,
crashed. The run always goes on to the next notebook.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import submissions
from .grading_mode import GRADER_ENV_VAR

CPU_SECONDS = 60
MEMORY_MB = 4096
# diagnoses that are statuses of their own in grades.csv
GRADING_STATUSES = ("uses_reference", "not_rebuilt")
COLUMNS = ("student", "lesson", "exercise", "status", "diagnosis", "score", "feedback")
PROBLEMS = {
    "not_a_notebook": "the file is not a notebook (not valid notebook JSON)",
    "not_a_lesson": "the notebook is not one of the course's lessons",
    "timed_out": "the notebook's code ran past its time limit (an endless loop, or waiting for ever)",
    "out_of_memory": "the notebook's code used more memory than the limit",
    "crashed": "the notebook's code ended the process before its exercises could be checked",
}


@dataclass
class Row:
    """One exercise of one student's notebook, as plain data."""

    student: str
    lesson: str
    exercise: str
    status: str
    diagnosis: str = ""
    score: int = 0
    feedback: str = ""
    headline: str = ""
    html: str = ""


def available_jobs() -> int:
    """CPUs this process may really use (cgroup quota and affinity included)."""
    from .threads import available_cpus

    return available_cpus()


def wall_clock(cpu_seconds: int) -> int:
    """The seconds a child may take in all: twice its CPU time, and 10 s more for starting up."""
    return 2 * cpu_seconds + 10


def _child_env(folder: str) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("NBGRADER_", "JPY_", "JUPYTER_"))}
    return {
        **keep,
        GRADER_ENV_VAR: "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MNIST_FROM_SCRATCH_PROGRESS": os.path.join(folder, "progress.sqlite3"),
    }


class Server:
    """One `python -m widgets.grading_child --serve` (one per job): it imports the course once and
    forks a child per notebook, with the limits, in a folder of the notebook's own."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="mnist-grade-")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "widgets.grading_child", "--serve"],
            cwd=self.folder,
            env=_child_env(self.folder),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def run(self, request: dict) -> dict | None:
        """Send one request; the reply, or None when the server is gone."""
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except (BrokenPipeError, OSError):
            return None
        return json.loads(line) if line else None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def run_submission(
    submission, server: Server | None, cpu_seconds: int = CPU_SECONDS, memory_mb: int = MEMORY_MB
) -> list[Row]:
    """Grade one notebook in a child of the server; its rows (never raises for the learner's code).

    The child may use cpu_seconds of CPU time and memory_mb of memory, and wall_clock(cpu_seconds)
    seconds in all (code that waits uses no CPU); then it and every process it started are killed.
    """
    if submission.problem:
        return _problem_rows(submission, submission.problem, submission.detail)
    with tempfile.TemporaryDirectory(prefix="notebook-", dir=server.folder) as folder:
        paths = {name: os.path.join(folder, f"{name}.txt") for name in ("job", "result", "stderr")}
        with open(paths["job"], "w") as file:
            json.dump({"cells": submission.cells, "exercises": submission.exercises}, file)
        os.makedirs(os.path.join(folder, "work"))
        reply = server.run(
            {
                **paths,
                "cwd": os.path.join(folder, "work"),
                "cpu_seconds": cpu_seconds,
                "memory_mb": memory_mb,
                "wall_seconds": wall_clock(cpu_seconds),
            }
        )
        if reply is None:
            return _problem_rows(submission, "crashed", "the grading process stopped")
        if reply["timed_out"]:
            return _problem_rows(submission, "timed_out", f"no result after {wall_clock(cpu_seconds)} s")
        try:
            with open(paths["result"]) as file:
                outcome = json.load(file)
            results = outcome["results"]
        except (OSError, ValueError, KeyError, TypeError):
            with open(paths["stderr"], "rb") as file:
                stderr = file.read()[-20000:]
            return _problem_rows(submission, *_why_it_stopped(reply["code"], stderr))
    if outcome.get("problem") in PROBLEMS:
        return _problem_rows(submission, outcome["problem"], str(outcome.get("detail", "")))
    return [_verdict(submission, item) for item in results]


def _why_it_stopped(code: int, stderr: bytes) -> tuple[str, str]:
    text = stderr.decode(errors="replace")
    if code == -signal.SIGXCPU:
        return "timed_out", "the CPU time limit was reached"
    if "MemoryError" in text or "Cannot allocate memory" in text or "bad_alloc" in text:
        return "out_of_memory", "the memory limit was reached"
    last = text.strip().splitlines()[-1:] or [""]
    return "crashed", f"the process ended with exit code {code} {last[0][:200]}".strip()


_CHECKING = threading.Lock()  # one check at a time in this process: the autograder keeps one worker


def _verdict(submission, item: dict) -> Row:
    """The row of one answer from the child: its source rebuilt and checked here. Whatever else the
    child sends earns nothing: it ran the learner's code, which could have written it."""
    from .autograder import check_answer
    from .autograder.feedback import CheckResult
    from .autograder.integrity import uses_reference_result

    name = str(item.get("exercise", ""))
    if "source" in item:
        with _CHECKING:
            result = check_answer(str(item["source"]), name, f"<{submission.student}'s {name}>")
    elif "course" in item:
        result = uses_reference_result(name, f"it is the course's own function (`{item['course']}`)")
    elif "not_kept" in item:
        result = CheckResult(
            exercise=name,
            status="error",
            diagnosis="not_rebuilt",
            headline="could not be graded outside the notebook",
            explanation=f"Grading rebuilds each answer from its source, and `{name}` cannot be: "
            f"{item['not_kept']}.",
            hint=f"Write `{name}` as a `def` that uses only its arguments, NumPy and your other functions.",
        )
    else:
        return _row(
            submission,
            {
                "exercise": name,
                "status": "missing",
                "title": f"{name}: missing (the notebook defines no function `{name}`)",
            },
        )
    row = _row(
        submission,
        {
            "exercise": name,
            "status": result.status,
            "diagnosis": result.diagnosis or "",
            "headline": result.headline,
            "title": result.title(),
            "html": result._repr_html_(),
        },
    )
    if row.diagnosis in GRADING_STATUSES:
        row.status = row.diagnosis
    return row


def _row(submission, item: dict) -> Row:
    return Row(
        submission.student,
        submission.lesson or "",
        item["exercise"],
        item["status"],
        item.get("diagnosis", ""),
        int(item["status"] == "passed"),
        item.get("title", ""),
        item.get("headline", ""),
        item.get("html", ""),
    )


def _problem_rows(submission, status: str, detail: str) -> list[Row]:
    text = f"{PROBLEMS[status]}: {detail}" if detail and detail != PROBLEMS[status] else PROBLEMS[status]
    names = submission.exercises or [""]
    return [
        Row(
            submission.student,
            submission.lesson or "",
            name,
            status,
            "",
            0,
            f"{submission.path.name}: {text}",
        )
        for name in names
    ]


def grade(
    paths,
    jobs: int | None = None,
    cpu_seconds: int = CPU_SECONDS,
    memory_mb: int = MEMORY_MB,
    progress: bool | None = None,
) -> list[Row]:
    """Grade every notebook under paths, jobs at a time; rows sorted by student, lesson, exercise order."""
    from tqdm.auto import tqdm

    index = submissions.lesson_index()
    found = [submissions.read(s, index) for s in submissions.find(paths)]
    jobs = max(1, jobs or available_jobs())
    bar = tqdm(
        total=len(found),
        unit="notebook",
        desc="grading",
        disable=None if progress is None else not progress,
        file=sys.stderr,
    )
    started = [Server() for _ in range(min(jobs, sum(1 for s in found if not s.problem)))]
    servers = queue.SimpleQueue()
    for server in started:
        servers.put(server)

    def graded_one(submission):
        if submission.problem:
            return run_submission(submission, None)
        server = servers.get()
        try:
            return run_submission(submission, server, cpu_seconds, memory_mb)
        finally:
            servers.put(server)

    graded = []
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for rows in pool.map(graded_one, found):
                graded.append(rows)
                bar.update(1)
    finally:
        bar.close()
        for server in started:
            server.close()
    order = {lesson: i for i, lesson in enumerate(index)}
    pairs = sorted(
        zip(found, graded, strict=True),
        key=lambda p: (p[0].student, order.get(p[0].lesson, len(order)), str(p[0].path)),
    )
    return [row for _, rows in pairs for row in rows]


def write_csv(rows: list[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([getattr(row, column) for column in COLUMNS])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks, or folders of them")
    parser.add_argument(
        "--out", type=Path, default=Path("grades.csv"), help="the gradebook (default: grades.csv)"
    )
    parser.add_argument("--feedback", type=Path, help="a folder for one feedback page per student")
    parser.add_argument("--report", type=Path, help="the class report (an HTML page)")
    parser.add_argument("--jobs", type=int, help="notebooks graded at once (default: the CPUs available)")
    parser.add_argument("--cpu-seconds", type=int, default=CPU_SECONDS, help="CPU time per notebook")
    parser.add_argument("--memory-mb", type=int, default=MEMORY_MB, help="memory per notebook")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.exit(2, f"widgets.grade: no such file or folder: {', '.join(missing)}\n")
    rows = grade(args.paths, args.jobs, args.cpu_seconds, args.memory_mb)
    if not rows:
        parser.exit(1, "widgets.grade: no notebooks (*.ipynb) found there.\n")
    write_csv(rows, args.out)
    from . import grade_report

    if args.feedback:
        grade_report.write_feedback(rows, args.feedback)
    if args.report:
        grade_report.write_report(rows, args.report)
    students = len({row.student for row in rows})
    print(
        f"{students} students, {sum(r.score for r in rows)} of {len(rows)} exercises passed: {args.out}"
        + (f", feedback in {args.feedback}" if args.feedback else "")
        + (f", report {args.report}" if args.report else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
