"""The lesson notebooks: the generator's transforms.

Running the notebooks themselves is nbval's job (`make test`).
"""

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
    assert student.cells[2] == example
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


def test_command_line_reports_marker_errors_without_a_traceback(tmp_path, monkeypatch):
    nbformat.write(notebook(exercise("### BEGIN SOLUTION\nx = 1")), tmp_path / "99_bad.ipynb")
    monkeypatch.setattr(make_student, "SOLUTIONS", tmp_path)
    with pytest.raises(SystemExit, match="make_student: .*99_bad.ipynb, cell 1"):
        make_student.main(["--no-execute", "--out", str(tmp_path / "out")])
