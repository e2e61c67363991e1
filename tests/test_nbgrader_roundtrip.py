"""nbgrader 0.9 on solutions/ as shipped, with nbgrader's default settings: the instructor's whole round trip.

generate_assignment releases the lessons' code; three students submit (every answer; four realistic
mistakes; the release untouched); autograde, export and generate_feedback then give exact scores and
feedback that names each mistake. nbgrader runs for real, as the instructor would run it (a few minutes).
"""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from mistakes.wrong import MISTAKES

pytest.importorskip("nbgrader")

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
ASSIGNMENT = "mnist"
# bob's mistakes, one in each of four lessons (tests/mistakes/wrong.py names their diagnoses)
BOB = {
    m.exercise: m
    for m in MISTAKES
    if m.id in {"one_hot_eye_max", "softmax_no_shift", "backward_not_averaged", "init_randn_times_10"}
}


# every exercise is worth a point (scripts/make_student.py)
TOTAL = float(
    sum(
        len(lesson["exercises"])
        for lesson in json.loads((ROOT / "widgets" / "lessons.json").read_text()).values()
    )
)


def exercises(nb):
    """grade_id of the notebook's check cells -> the exercise it checks."""
    return {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["grade_id"].removeprefix("check_")
        for c in nb.cells
        if c.metadata["nbgrader"]["grade"]
    }


def nbgrader(course, *args):
    """Run an nbgrader command in the course folder; its output (it stops the test when it fails)."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "MNIST_FROM_SCRATCH_PROGRESS": str(course / "grader-progress.sqlite3"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def submit(course, student, notebooks):
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / name)


def with_mistakes(nb):
    """The solution notebook with bob's wrong functions in place of the right ones."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        mistake = BOB.get(cell.metadata["nbgrader"]["grade_id"])
        if mistake is not None and cell.metadata["nbgrader"]["solution"]:
            cell.source = mistake.code
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    config = f'c = get_config()\nc.CourseDirectory.course_id = "{ASSIGNMENT}"\n'
    (course / "nbgrader_config.py").write_text(config)
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    for path in SOLUTIONS:
        shutil.copy(path, course / "source" / ASSIGNMENT / path.name)
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    release = sorted((course / "release" / ASSIGNMENT).iterdir())
    released = {p.name: nbformat.read(p, as_version=4) for p in release}
    solutions = {p.name: nbformat.read(p, as_version=4) for p in SOLUTIONS}
    submit(course, "alice", solutions)
    submit(course, "bob", {name: with_mistakes(nb) for name, nb in solutions.items()})
    submit(course, "carol", released)
    nbgrader(course, "autograde", ASSIGNMENT)
    nbgrader(course, "export")
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    return course


@pytest.mark.timeout(1200)
def test_the_release_has_the_lessons_code(course):
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        released = nbformat.read(course / "release" / ASSIGNMENT / path.name, as_version=4)
        lesson = nbformat.read(path, as_version=4)
        assert [c.source for c in released.cells] == [c.source for c in lesson.cells], path.name


@pytest.mark.timeout(1200)
def test_every_answer_gets_full_marks_untouched_gets_zero_and_mistakes_lose_their_exercises(course):
    from nbgrader.api import Gradebook

    with open(course / "grades.csv", newline="") as file:
        scores = {
            row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(file)
        }
    assert scores == {"alice": (TOTAL, TOTAL), "bob": (TOTAL - len(BOB), TOTAL), "carol": (0.0, TOTAL)}
    lost = set()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for path in SOLUTIONS:
            for grade_id, exercise in exercises(nbformat.read(path, as_version=4)).items():
                if gradebook.find_grade(grade_id, path.stem, ASSIGNMENT, "bob").score == 0:
                    lost.add(exercise)
    assert lost == set(BOB)
    assert not (course / "grader-progress.sqlite3").exists()  # grading records nothing


@pytest.mark.timeout(1200)
def test_feedback_names_each_mistake(course):
    feedback = course / "feedback" / "bob" / ASSIGNMENT
    pages = {p.name: p.read_text() for p in feedback.glob("*.html")}
    for path in SOLUTIONS:
        checked = exercises(nbformat.read(path, as_version=4)).values()
        wrong = [m for m in BOB.values() if m.exercise in checked]
        page = pages[path.with_suffix(".html").name]
        for mistake in wrong:
            assert f"{mistake.exercise}: not right yet" in page, (path.name, mistake.id)
            assert mistake.phrase in page, (path.name, mistake.id)
        assert page.count("NotPassedError") == len(wrong), path.name
    alice = (course / "feedback" / "alice" / ASSIGNMENT / "02_activations.html").read_text()
    assert "NotPassedError" not in alice and "softmax: passed" in alice
    carol = (course / "feedback" / "carol" / ASSIGNMENT / "02_activations.html").read_text()
    assert carol.count("not implemented yet") >= 3


@pytest.mark.timeout(1200)
def test_the_courses_grader_agrees_with_nbgrader_exercise_by_exercise(course, tmp_path):
    from nbgrader.api import Gradebook

    out = tmp_path / "grades.csv"
    command = [sys.executable, "-m", "widgets.grade", str(course / "submitted"), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    with open(out, newline="") as file:
        ours = {(r["student"], r["lesson"], r["exercise"]): int(r["score"]) for r in csv.DictReader(file)}
    theirs = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in ("alice", "bob", "carol"):
            for path in SOLUTIONS:
                for grade_id, exercise in exercises(nbformat.read(path, as_version=4)).items():
                    score = gradebook.find_grade(grade_id, path.stem, ASSIGNMENT, student).score
                    theirs[(student, path.stem, exercise)] = int(score)
    assert ours == theirs and sum(ours.values()) == 2 * TOTAL - len(BOB)
