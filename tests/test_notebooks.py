"""The lesson notebooks: the generator's transforms, student notebooks in sync with the solutions,
and the course's structure (every seed exercise has a check, stored outputs are clean).

Running the notebooks themselves is nbval's job (`make test`).
"""

import copy
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("make_student", ROOT / "scripts" / "make_student.py")
make_student = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(make_student)

SEED_EXERCISES = {
    "init_params", "pad", "ReLU", "ReLU_deriv", "softmax", "one_hot", "forward_prop", "cross_entropy",
    "backward_prop", "update_params", "get_predictions", "get_accuracy", "gradient_descent",
}
SOLUTION_PATHS = sorted((ROOT / "solutions").glob("*.ipynb"))
LESSON_PATHS = sorted((ROOT / "lessons").glob("*.ipynb"))
MACHINE_SPECIFIC = re.compile(r"/work/|/tmp/|/root/|/home/|site-packages|0x[0-9a-fA-F]{6,}"
                              r"|\b20\d\d-\d\d-\d\d[ T]\d\d:\d\d")

RELU_SOLUTION = '''import numpy as np

def ReLU(Z):
    """max(Z, 0) elementwise."""
    ### BEGIN SOLUTION
    return np.maximum(Z, 0)
    ### END SOLUTION

print("defined")'''


def exercise(source):
    return new_code_cell(source, metadata={"tags": ["exercise"]})


def notebook(*cells):
    return new_notebook(cells=list(cells))


# --- the transforms -------------------------------------------------------------------------------

def test_stub_keeps_def_line_docstring_and_code_after_the_markers():
    student = make_student.make_student(notebook(exercise(RELU_SOLUTION)))
    assert student.cells[0].source == '''import numpy as np

def ReLU(Z):
    """max(Z, 0) elementwise."""
    # YOUR CODE HERE
    raise NotImplementedError()

print("defined")'''


def test_stub_is_valid_python_that_raises_not_implemented():
    student = make_student.make_student(notebook(exercise(RELU_SOLUTION)))
    namespace = {}
    exec(student.cells[0].source, namespace)
    with pytest.raises(NotImplementedError):
        namespace["ReLU"](0)


def test_every_region_of_a_cell_is_replaced_with_its_own_indentation():
    source = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n\n" \
             "### BEGIN SOLUTION\ng = 2\n### END SOLUTION"
    student = make_student.make_student(notebook(exercise(source)))
    assert student.cells[0].source == ("def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\n"
                                       "# YOUR CODE HERE\nraise NotImplementedError()")


def test_exercise_outputs_are_cleared_and_other_cells_kept():
    solved = exercise(RELU_SOLUTION)
    solved.outputs = [nbformat.v4.new_output("stream", name="stdout", text="defined\n")]
    solved.execution_count = 3
    example = new_code_cell("print(1)", execution_count=4,
                            outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")])
    student = make_student.make_student(notebook(new_markdown_cell("# Title"), solved, example))
    assert student.cells[1].outputs == [] and student.cells[1].execution_count is None
    kept = student.cells[2]
    assert kept.metadata.pop("nbgrader")["locked"] and kept == example
    assert student.cells[0].source == "# Title"


def test_the_solution_notebook_is_not_modified():
    original = notebook(exercise(RELU_SOLUTION))
    make_student.make_student(original)
    assert "### BEGIN SOLUTION" in original.cells[0].source
    assert "course" not in original.metadata


def test_student_notebook_says_it_is_generated():
    student = make_student.make_student(notebook(exercise(RELU_SOLUTION)), source_name="solutions/x.ipynb")
    assert student.metadata["course"]["version"] == "student"
    assert student.metadata["course"]["source"] == "solutions/x.ipynb"


@pytest.mark.parametrize(("cell", "message"), [
    (exercise("def f():\n    ### BEGIN SOLUTION\n    return 1"), "has no '### END SOLUTION'"),
    (exercise("def f():\n    return 1\n    ### END SOLUTION"), "without a '### BEGIN SOLUTION'"),
    (exercise("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"), "before the previous one"),
    (exercise("### BEGIN SOLUTION:\nx = 1\n### END SOLUTION"), "looks like a marker"),
    (exercise("x = 1"), "tagged 'exercise' but has no"),
    (new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"), "no 'exercise' tag"),
    (new_markdown_cell("### BEGIN SOLUTION\nanswer\n### END SOLUTION", metadata={"tags": ["exercise"]}),
     "only allowed in code cells"),
])
def test_bad_markers_stop_the_generator_with_a_message_naming_the_cell(cell, message):
    nb = notebook(new_markdown_cell("intro"), cell)
    with pytest.raises(make_student.MarkerError, match=re.escape(message)) as error:
        make_student.make_student(nb, source_name="solutions/99_bad.ipynb")
    assert "solutions/99_bad.ipynb, cell 2" in str(error.value)


def test_without_execution_no_solution_output_reaches_the_student(tmp_path):
    check_cell = new_code_cell("check(ReLU)", execution_count=2, outputs=[
        nbformat.v4.new_output("execute_result", data={"text/plain": "ReLU: passed"}, execution_count=2)])
    nbformat.write(notebook(exercise(RELU_SOLUTION), check_cell), tmp_path / "99_relu.ipynb")
    [written] = make_student.build([tmp_path / "99_relu.ipynb"], tmp_path / "out", run=False)
    assert all(cell.outputs == [] for cell in read(written).cells)


def test_command_line_reports_marker_errors_without_a_traceback(tmp_path, monkeypatch):
    nbformat.write(notebook(exercise("### BEGIN SOLUTION\nx = 1")), tmp_path / "99_bad.ipynb")
    monkeypatch.setattr(make_student, "SOLUTIONS", tmp_path)
    with pytest.raises(SystemExit, match="make_student: .*99_bad.ipynb, cell 1"):
        make_student.main(["--no-execute", "--out", str(tmp_path / "out")])


# --- the course ------------------------------------------------------------------------------------

def read(path):
    return nbformat.read(path, as_version=4)


def exercise_cells(nb):
    return [(i, cell) for i, cell in enumerate(nb.cells) if "exercise" in make_student.tags(cell)]


def defined_name(cell):
    match = re.search(r"^def (\w+)\(", cell.source, flags=re.MULTILINE)
    return match.group(1) if match else None


def test_there_are_at_least_eight_lessons_each_with_a_student_version():
    assert len(SOLUTION_PATHS) >= 8
    assert [path.name for path in LESSON_PATHS] == [path.name for path in SOLUTION_PATHS]


def test_student_notebooks_are_in_sync_with_the_solutions(tmp_path):
    regenerated = make_student.build(SOLUTION_PATHS, tmp_path, run=False)
    for fresh_path in regenerated:
        fresh, committed = read(fresh_path), read(ROOT / "lessons" / fresh_path.name)
        fresh_cells = [(c.cell_type, c.source, make_student.tags(c), c.metadata.get("nbgrader"))
                       for c in fresh.cells]
        committed_cells = [(c.cell_type, c.source, make_student.tags(c), c.metadata.get("nbgrader"))
                           for c in committed.cells]
        assert committed_cells == fresh_cells, (
            f"lessons/{fresh_path.name} is out of date: run `python scripts/make_student.py`")


def test_solutions_carry_up_to_date_nbgrader_metadata_for_every_cell():
    points, ids = 0, []
    for path in SOLUTION_PATHS:
        nb = nbformat.read(path, as_version=4)
        assert make_student.nbgrader_metadata(copy.deepcopy(nb)) == nb, (
            f"{path.name}: run `python scripts/make_student.py` to update its nbgrader metadata")
        for cell in nb.cells:
            meta, kind = cell.metadata["nbgrader"], set(make_student.tags(cell)) & {"exercise", "check"}
            assert (meta["solution"], meta["grade"], meta["locked"]) == {
                frozenset({"exercise"}): (True, False, False), frozenset({"check"}): (False, True, True),
                frozenset(): (False, False, True)}[frozenset(kind)], cell.source
            points += meta.get("points", 0)
            ids.append((path.name, meta["grade_id"]))
    assert len(ids) == len(set(ids))
    assert points == sum(len(exercise_cells(read(path))) for path in SOLUTION_PATHS) >= 13


def test_the_graders_lesson_index_is_in_sync_with_the_solutions():
    assert (ROOT / "widgets" / "lessons.json").read_text() == make_student.lesson_index_text(), (
        "widgets/lessons.json is out of date: run `python scripts/make_student.py`")
    for path in SOLUTION_PATHS:
        cells = read(path).cells
        [setup] = [i for i, c in enumerate(cells) if "setup" in make_student.tags(c)]
        assert setup == next(i for i, c in enumerate(cells) if c.cell_type == "code"), path.name
        assert setup < exercise_cells(read(path))[0][0], path.name


def test_a_check_cell_that_names_no_function_stops_the_generator():
    nb = notebook(exercise(RELU_SOLUTION), new_code_cell("check(", metadata={"tags": ["check"]}))
    with pytest.raises(make_student.MarkerError, match="must be `check\\(NAME\\)`"):
        make_student.make_student(nb, source_name="solutions/99_bad.ipynb")


def test_every_seed_exercise_is_an_exercise_somewhere():
    names = [defined_name(cell) for path in SOLUTION_PATHS for _, cell in exercise_cells(read(path))]
    assert SEED_EXERCISES <= set(names)


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=lambda p: p.stem)
def test_each_lesson_has_objectives_an_exercise_with_a_check_and_a_summary(path):
    nb = read(path)
    assert nb.cells[0].cell_type == "markdown" and "learning objectives" in nb.cells[0].source.lower()
    last_markdown = [c for c in nb.cells if c.cell_type == "markdown"][-1]
    assert "summary" in last_markdown.source.lower()
    exercises = exercise_cells(nb)
    assert exercises, "every lesson has at least one exercise"
    for index, cell in exercises:
        name = defined_name(cell)
        assert name, f"exercise cell {index + 1} defines no function"
        following = [c for c in nb.cells[index + 1:] if c.cell_type == "code"][0]
        assert re.search(rf"\bcheck\({name}\b", following.source), (
            f"the code cell after the {name} exercise should be its check")


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=lambda p: p.stem)
def test_learner_names_are_never_rebound_to_the_reference(path):
    for cell in read(path).cells:
        assert not re.search(r"\b(\w+)\s*=\s*yours_or_reference\(\s*\1\b", cell.source), cell.source


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=lambda p: p.stem)
def test_cells_skipped_at_build_are_skipped_by_nbval_too(path):
    for cell in read(path).cells:
        if "skip-execution" in make_student.tags(cell):
            assert "nbval-skip" in make_student.tags(cell), cell.source


@pytest.mark.parametrize("path", SOLUTION_PATHS + LESSON_PATHS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_stored_outputs_are_complete_and_clean(path):
    nb = read(path)
    code = [c for c in nb.cells if c.cell_type == "code" and "skip-execution" not in make_student.tags(c)]
    assert all(c.execution_count is not None for c in code), "run the notebook before committing it"
    assert any("nbval-check-output" in make_student.tags(c) for c in code), "tag a key numeric cell"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", f"stored error in: {cell.source[:80]}"
            text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            assert not MACHINE_SPECIFIC.search(text), f"machine-specific output in: {cell.source[:80]}"
        assert "execution" not in cell.metadata, "timings are stored: use make_student.execute"


def check_outputs(path):
    nb = read(path)
    return [(c.source, " ".join(str(o.get("data", {}).get("text/plain", "")) for o in c.outputs))
            for c in nb.cells if "check" in make_student.tags(c)]


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=lambda p: p.stem)
def test_stored_checks_pass_in_solutions_and_say_not_implemented_in_lessons(path):
    for source, text in check_outputs(path):
        assert "passed" in text, f"solutions/{path.name}: {source} stored {text[:80]!r}"
    for source, text in check_outputs(ROOT / "lessons" / path.name):
        assert "not implemented" in text, f"lessons/{path.name}: {source} stored {text[:80]!r}"
