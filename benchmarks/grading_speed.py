"""Grading a class: `nbgrader autograde` against `python -m widgets.grade`, on the same submissions.

    .venv/bin/python benchmarks/grading_speed.py [--students 3]

Builds an nbgrader course from solutions/ (generate_assignment), and a class of students who hand in
all 8 lessons: every answer, every answer with two realistic mistakes, or the release untouched (in
turn). Then times, one after the other in this run: nbgrader autograde (all students, its defaults),
widgets.grade on one job, and widgets.grade on the CPUs available. Prints each time, the cost per
submission (one student's 8 notebooks), the projected time for a class of 1,000 and the ratios, and
checks that both give every student the same total. Timings, not tests: quote them with the machine.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "mnist"
MISTAKES = {  # exercise -> a realistic wrong answer (the seed's softmax; gradients not averaged)
    "softmax": "def softmax(Z):\n    return np.exp(Z) / sum(np.exp(Z))\n",
    "backward_prop": "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - one_hot(Y)\n"
    "    dW2 = dZ2 @ A1.T\n    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T\n    return dW1, dW2\n",
}


def env():
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def with_mistakes(nb):
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in MISTAKES and cell["metadata"]["nbgrader"]["solution"]:
            cell["source"] = MISTAKES[grade_id]
    return nb


def build_course(folder: Path, students: int) -> None:
    (folder / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "{ASSIGNMENT}"\n'
    )
    source = folder / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        shutil.copy(path, source / path.name)
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT],
        cwd=folder,
        env=env(),
        check=True,
        capture_output=True,
    )
    for number in range(students):
        kind = ("answers", "mistakes", "untouched")[number % 3]
        handed_in = folder / "submitted" / f"student{number:03d}-{kind}" / ASSIGNMENT
        handed_in.mkdir(parents=True)
        for path in sorted(source.iterdir()):
            nb = json.loads(
                (folder / "release" / ASSIGNMENT / path.name if kind == "untouched" else path).read_text()
            )
            (handed_in / path.name).write_text(json.dumps(with_mistakes(nb) if kind == "mistakes" else nb))


def timed(command, cwd) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def totals_from_nbgrader(folder: Path) -> dict:
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "export", "--to", str(folder / "nbgrader.csv")],
        cwd=folder,
        env=env(),
        check=True,
        capture_output=True,
    )
    with open(folder / "nbgrader.csv", newline="") as file:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(file)}


def totals_from_ours(path: Path) -> dict:
    totals = {}
    with open(path, newline="") as file:
        for row in csv.DictReader(file):
            totals[row["student"]] = totals.get(row["student"], 0) + int(row["score"])
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=3)
    args = parser.parse_args()
    from widgets.threads import available_cpus

    cpus = available_cpus()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        build_course(folder, args.students)
        runs = {
            "nbgrader autograde": ([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], None),
            "widgets.grade --jobs 1": (
                [sys.executable, "-m", "widgets.grade", "submitted", "--jobs", "1", "--out", "ours1.csv"],
                "ours1.csv",
            ),
            f"widgets.grade --jobs {cpus}": (
                [
                    sys.executable,
                    "-m",
                    "widgets.grade",
                    "submitted",
                    "--jobs",
                    str(cpus),
                    "--out",
                    "ours.csv",
                ],
                "ours.csv",
            ),
        }
        seconds = {name: timed(command, folder) for name, (command, _) in runs.items()}
        theirs = totals_from_nbgrader(folder)
        for name, (_, out) in runs.items():
            if out and totals_from_ours(folder / out) != theirs:
                raise SystemExit(
                    f"{name} disagrees with nbgrader: {totals_from_ours(folder / out)} != {theirs}"
                )
    baseline = seconds["nbgrader autograde"]
    print(
        f"{args.students} students x 8 lessons, {cpus} CPUs available;"
        " every student's total agrees with nbgrader"
    )
    print(f"{'':28} {'total s':>8} {'s/student':>10} {'1,000 students':>15} {'vs nbgrader':>12}")
    for name, value in seconds.items():
        per = value / args.students
        print(f"{name:28} {value:8.1f} {per:10.2f} {per * 1000 / 60:12.0f} min {baseline / value:11.1f}x")


if __name__ == "__main__":
    main()
