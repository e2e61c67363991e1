"""A class's submitted notebooks: who handed in what, which lesson it is, and which of its cells to run.

Input is notebooks, or folders of them. In a folder, a notebook one level or more down belongs to the
student named by its first folder (nbgrader's `submitted/<student>/<assignment>/*.ipynb`, or any
folder whose first level is the student); a notebook directly in the folder is its own student (named
by its file name). A notebook given by itself is its own student too.

Which lesson a notebook is comes from its nbgrader grade ids (the course writes them into every cell),
else its `course.source` metadata, else its file name. The cells that run are the lesson's setup cell as
the course wrote it, then the notebook's answer cells and the cells the learner added, in its order;
the course's demonstration and training cells do not run (nbgrader would restore their text anyway).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


def lesson_index() -> dict:
    """lesson name -> {"setup": {"grade_id", "source"}, "exercises": [...], "course_cells": [...]}
    (widgets/lessons.json, written by scripts/make_student.py)."""
    return json.loads(resources.files("widgets").joinpath("lessons.json").read_text())


@dataclass
class Submission:
    """One notebook of one student. lesson is None until read; problem names why it cannot be graded."""

    student: str
    path: Path
    lesson: str | None = None
    exercises: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    problem: str | None = None  # "not_a_notebook" or "not_a_lesson"
    detail: str = ""


def find(paths) -> list[Submission]:
    """Every notebook under the paths, with its student, in a stable order (checkpoints skipped)."""
    found = []
    for path in map(Path, paths):
        if path.is_file():
            found.append(Submission(path.stem, path))
            continue
        for notebook in sorted(path.rglob("*.ipynb")):
            relative = notebook.relative_to(path)
            if ".ipynb_checkpoints" in relative.parts:
                continue
            student = relative.parts[0] if len(relative.parts) > 1 else notebook.stem
            found.append(Submission(student, notebook))
    return found


def read(submission: Submission, index: dict | None = None) -> Submission:
    """Fill in the submission's lesson, exercises and cells to run, or its problem."""
    index = index or lesson_index()
    try:
        nb = json.loads(submission.path.read_bytes())
        cells = [cell for cell in nb["cells"] if isinstance(cell, dict)]
    except (OSError, ValueError, KeyError, TypeError) as error:
        submission.problem, submission.detail = "not_a_notebook", f"not a notebook file ({error})"
        return submission
    lesson = _which_lesson(nb, cells, submission.path, index)
    if lesson is None:
        submission.problem = "not_a_lesson"
        submission.detail = "not one of the course's lessons (no lesson's cells, metadata or file name)"
        return submission
    entry = index[lesson]
    submission.lesson, submission.exercises = lesson, list(entry["exercises"])
    submission.cells = [entry["setup"]["source"]] + _learner_cells(cells, entry)
    return submission


def _grade_id(cell: dict) -> str | None:
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None


def _which_lesson(nb: dict, cells: list, path: Path, index: dict) -> str | None:
    ids = {_grade_id(cell) for cell in cells} - {None}
    for lesson, entry in index.items():
        if ids & ({f"check_{name}" for name in entry["exercises"]} | set(entry["exercises"])):
            return lesson
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    course = meta.get("course") if isinstance(meta.get("course"), dict) else {}
    source = Path(str(course.get("source", ""))).stem
    if source in index:
        return source
    return next((lesson for lesson in index if lesson in path.stem), None)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _learner_cells(cells: list, entry: dict) -> list[str]:
    """Sources of the answer cells and of the cells the learner added, in notebook order. A copy of a
    course cell (the same grade id again) counts as added, as nbgrader's DeduplicateIds has it."""
    course, seen, run = set(entry["course_cells"]), set(), []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        grade_id = _grade_id(cell)
        if grade_id in course and grade_id not in seen:
            seen.add(grade_id)
            continue
        run.append(_source(cell))
    return run
