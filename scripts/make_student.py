"""Generate the student notebooks in lessons/ from the solution notebooks in solutions/.

The solution notebooks are the source of truth. An exercise is a code cell tagged
`exercise` whose answer sits between nbgrader-style marker lines:

    def ReLU(Z):
        \"\"\"Docstring the learner keeps.\"\"\"
        ### BEGIN SOLUTION
        return np.maximum(Z, 0)
        ### END SOLUTION

The student version keeps everything outside the markers (the def line and the
docstring) and replaces the answer with `# YOUR CODE HERE` and
`raise NotImplementedError()`, indented like the BEGIN line. The transforms are
small functions notebook -> notebook, applied in the order of STEPS; marker
problems stop the run with a message naming the notebook and the cell.
Afterwards each student notebook is executed so that its stored outputs are the
ones a learner sees when running it unfilled.

Usage:

    python scripts/make_student.py                      # every solutions/*.ipynb -> lessons/
    python scripts/make_student.py 03_forward_prop      # only these lessons
    python scripts/make_student.py --no-execute         # sources only, no outputs
    python scripts/make_student.py --execute-solutions  # re-run the solution notebooks first
"""

import argparse
import copy
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"
LESSON_INDEX = ROOT / "widgets" / "lessons.json"

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
EXERCISE_TAG = "exercise"
CHECK_TAG = "check"
SETUP_TAG = "setup"
NBGRADER_SCHEMA = 3
POINTS = 1
TIMEOUT_SECONDS = 120


class MarkerError(ValueError):
    """A solution notebook's markers or exercise tags are inconsistent."""


def tags(cell):
    """The cell's tags (metadata.tags) as a list, empty when it has none."""
    return list(cell.get("metadata", {}).get("tags", []))


def solution_regions(cell, where):
    """Line index pairs (begin, end) of each marker pair in a cell's source.

    Raises MarkerError for a missing END, an END without BEGIN or a nested BEGIN.
    `where` names the cell in messages.
    """
    regions, begin = [], None
    lines = cell.source.splitlines()
    for number, line in enumerate(lines):
        text = line.strip()
        if text == BEGIN:
            if begin is not None:
                raise MarkerError(f"{where}: '{BEGIN}' on line {number + 1} "
                                  "before the previous one was closed")
            begin = number
        elif text == END:
            if begin is None:
                raise MarkerError(f"{where}: '{END}' on line {number + 1} without a '{BEGIN}' before it")
            regions.append((begin, number))
            begin = None
        elif "BEGIN SOLUTION" in text or "END SOLUTION" in text:
            raise MarkerError(f"{where}: line {number + 1} looks like a marker but is not exactly "
                              f"'{BEGIN}' or '{END}' on a line of its own: {text!r}")
    if begin is not None:
        raise MarkerError(f"{where}: '{BEGIN}' on line {begin + 1} has no '{END}'")
    return regions


def describe(nb, index):
    """'notebook, cell N (first line)' for error messages."""
    name = nb.metadata.get("course", {}).get("source", "notebook")
    first = nb.cells[index].source.strip().splitlines()[:1]
    return f"{name}, cell {index + 1} ({first[0][:60] if first else 'empty'})"


def validate_markers(nb):
    """Fail loudly unless every marker pair is well formed and sits in a code cell tagged `exercise`,
    and every `exercise` cell has at least one pair."""
    for index, cell in enumerate(nb.cells):
        where = describe(nb, index)
        regions = solution_regions(cell, where)
        if regions and cell.cell_type != "code":
            raise MarkerError(f"{where}: solution markers are only allowed in code cells")
        if regions and EXERCISE_TAG not in tags(cell):
            raise MarkerError(f"{where}: has solution markers but no '{EXERCISE_TAG}' tag")
        if EXERCISE_TAG in tags(cell) and not regions:
            raise MarkerError(f"{where}: tagged '{EXERCISE_TAG}' but has no '{BEGIN}' ... '{END}'")
    return nb


def stub_source(source):
    """Replace each marked region of a cell's source by the indented student stub."""
    lines = source.splitlines()
    out, inside = [], False
    for line in lines:
        text = line.strip()
        if text == BEGIN:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + stub for stub in STUB)
            inside = True
        elif text == END:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def replace_solutions(nb):
    """Exercise cells: each marked answer becomes `# YOUR CODE HERE` + `raise NotImplementedError()`."""
    for cell in nb.cells:
        if EXERCISE_TAG in tags(cell):
            cell.source = stub_source(cell.source)
    return nb


def clear_exercise_outputs(nb):
    """Exercise cells lose the solution's outputs (they are re-made when the notebook is executed)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and EXERCISE_TAG in tags(cell):
            cell.outputs = []
            cell.execution_count = None
    return nb


def exercise_name(cell):
    """The function an exercise cell defines (its first `def`) or a check cell checks (`check(NAME)`)."""
    pattern = r"^def\s+(\w+)\s*\(" if EXERCISE_TAG in tags(cell) else r"^check\((\w+)\)"
    found = re.search(pattern, cell.source, flags=re.MULTILINE)
    return found.group(1) if found else None


def nbgrader_metadata(nb):
    """Every cell gets nbgrader's metadata (schema 3), so that `nbgrader generate_assignment` runs
    unchanged on solutions/: an exercise cell is an autograded answer (grade_id: the function's name),
    a check cell is an autograder test worth POINTS (grade_id: check_<name>), every other cell is
    read-only (grade_id: cell-<cell id>). Cells already carrying the same metadata are left as they are.
    """
    for index, cell in enumerate(nb.cells):
        kind = "exercise" if EXERCISE_TAG in tags(cell) else "check" if CHECK_TAG in tags(cell) else None
        name = exercise_name(cell) if kind else None
        if kind and not name:
            raise MarkerError(f"{describe(nb, index)}: a cell tagged '{kind}' must "
                              + ("define a function" if kind == "exercise" else "be `check(NAME)`"))
        grade_id = {"exercise": name, "check": f"check_{name}", None: f"cell-{cell.get('id', index)}"}[kind]
        meta = {"grade": kind == "check", "grade_id": grade_id, "locked": kind != "exercise",
                "schema_version": NBGRADER_SCHEMA, "solution": kind == "exercise", "task": False}
        if kind == "check":
            meta["points"] = POINTS
        cell.metadata["nbgrader"] = meta
    return nb


def mark_as_student(nb):
    """Record in the metadata that this notebook is generated, and from which solution notebook."""
    course = nb.metadata.setdefault("course", {})
    course["version"] = "student"
    course["generated_by"] = "scripts/make_student.py: edit the solution notebook instead"
    return nb


STEPS = (validate_markers, nbgrader_metadata, replace_solutions, clear_exercise_outputs, mark_as_student)


def make_student(solution_nb, source_name="notebook"):
    """Student version of a solution notebook (a new notebook; the argument is not modified)."""
    nb = copy.deepcopy(solution_nb)
    nb.metadata.setdefault("course", {})["source"] = source_name
    for step in STEPS:
        nb = step(nb)
    return nb


def kernel_env(progress_dir):
    """Environment for the kernel: ours, with BLAS limited to one thread as in `make test`,
    and the checks' progress records kept in progress_dir instead of the author's own store.

    Several BLAS threads on a busy 2-core machine slow the training cells several times over;
    one thread also makes the stored outputs the ones nbval recomputes.
    """
    return {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
            "MNIST_FROM_SCRATCH_PROGRESS": str(progress_dir)}


def execute(nb, cwd):
    """Run a notebook top to bottom in the current Python environment and keep its outputs.

    Cells tagged `skip-execution` are not run. No timing metadata is recorded so that
    re-running changes only what the cells print.
    """
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=TIMEOUT_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}}, record_timing=False)
    with tempfile.TemporaryDirectory() as progress_dir:
        client.execute(env=kernel_env(progress_dir))
    return nb


def solution_paths(names=()):
    """The solution notebooks to process: all of solutions/*.ipynb, or those whose stem is in names."""
    paths = sorted(SOLUTIONS.glob("*.ipynb"))
    if names:
        wanted = {Path(name).stem for name in names}
        missing = wanted - {path.stem for path in paths}
        if missing:
            raise SystemExit(f"No solution notebook named {', '.join(sorted(missing))} in solutions/")
        paths = [path for path in paths if path.stem in wanted]
    return paths


def clear_all_outputs(nb):
    """Every code cell loses its outputs: without execution, the solution's outputs (a passed check,
    "Using your ...") would otherwise be shown to the learner."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def build(paths, out_dir, run=True):
    """Write the student version of each solution notebook into out_dir; returns the written paths.

    With run=False the notebooks are written without outputs (for comparing sources).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        student = make_student(nbformat.read(path, as_version=4), source_name=f"solutions/{path.name}")
        if run:
            execute(student, cwd=out_dir)
        else:
            clear_all_outputs(student)
        target = out_dir / path.name
        nbformat.write(student, target)
        written.append(target)
    return written


def write_nbgrader_metadata(path):
    """Bring a solution notebook's nbgrader metadata up to date in place; True when the file changed.
    (Its markers and tags were checked when its student version was made.)"""
    nb = nbformat.read(path, as_version=4)
    before = copy.deepcopy(nb)
    nbgrader_metadata(nb)
    if nb == before:
        return False
    nbformat.write(nb, path)
    return True


def lesson_index_entry(nb):
    """What the course's grader needs of one lesson: its setup cell and its exercises, by nbgrader
    grade_id, in notebook order. The grader runs the setup cell as the course wrote it."""
    setup = [cell for cell in nb.cells if SETUP_TAG in tags(cell)]
    if len(setup) != 1:
        raise MarkerError(f"{nb.metadata.get('course', {}).get('source', 'notebook')}: "
                          f"one code cell must be tagged '{SETUP_TAG}', found {len(setup)}")
    nbgrader_metadata(nb)
    return {"setup": {"grade_id": setup[0].metadata["nbgrader"]["grade_id"], "source": setup[0].source},
            "exercises": [exercise_name(cell) for cell in nb.cells if EXERCISE_TAG in tags(cell)],
            "course_cells": [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells
                             if EXERCISE_TAG not in tags(cell)]}


def lesson_index_text():
    """The text of widgets/lessons.json, from every solution notebook."""
    index = {path.stem: lesson_index_entry(nbformat.read(path, as_version=4)) for path in solution_paths()}
    return json.dumps(index, indent=1, sort_keys=True) + "\n"


def write_lesson_index():
    """Write widgets/lessons.json; True when the file changed."""
    text = lesson_index_text()
    if LESSON_INDEX.exists() and LESSON_INDEX.read_text() == text:
        return False
    LESSON_INDEX.write_text(text)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="lesson names such as 03_forward_prop (default: all)")
    parser.add_argument("--no-execute", action="store_true", help="do not run the student notebooks")
    parser.add_argument("--execute-solutions", action="store_true",
                        help="re-run the solution notebooks in place before generating")
    parser.add_argument("--out", type=Path, default=LESSONS, help="output folder (default: lessons/)")
    args = parser.parse_args(argv)
    paths = solution_paths(args.names)
    try:
        if args.execute_solutions:
            for path in paths:
                nb = execute(nbformat.read(path, as_version=4), cwd=path.parent)
                nbformat.write(nb, path)
                print(f"executed {path.relative_to(ROOT)}")
        for target in build(paths, args.out, run=not args.no_execute):
            print(f"wrote {target.name}")
        for path in paths:
            if write_nbgrader_metadata(path):
                print(f"nbgrader metadata updated in {path.relative_to(ROOT)}")
        if write_lesson_index():
            print(f"wrote {LESSON_INDEX.relative_to(ROOT)}")
    except MarkerError as error:
        raise SystemExit(f"make_student: {error}") from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
