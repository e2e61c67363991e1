"""The course's own grader (`python -m widgets.grade`): real child processes on real lesson notebooks.

A class of submissions is built from lessons/ (the student versions) the way learners change them:
answers filled in (from solutions/ or tests/mistakes), cells added, course cells edited, files broken.
"""

import copy
import csv
import json
import os
import time
from pathlib import Path

import nbformat
import pytest
from mistakes import load
from mistakes.wrong import MISTAKES

from widgets import grade, grade_report, submissions
from widgets.autograder import check

ROOT = Path(__file__).resolve().parent.parent
WRONG = {m.id: m for m in MISTAKES}


def lesson(name, answers=False):
    """A lesson notebook as a dict: the student version, or with the solutions' answers."""
    return json.loads((ROOT / ("solutions" if answers else "lessons") / f"{name}.ipynb").read_text())


def cell_of(nb, grade_id):
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def answer(nb, exercise, code):
    cell_of(nb, exercise)["source"] = code
    return nb


def added(nb, code, after=None):
    """nb with a code cell the learner added (no metadata), at the end or after a grade id."""
    cell = nbformat.v4.new_code_cell(code)
    at = len(nb["cells"]) if after is None else nb["cells"].index(cell_of(nb, after)) + 1
    nb["cells"].insert(at, json.loads(nbformat.writes(nbformat.v4.new_notebook(cells=[cell])))["cells"][0])
    return nb


def save(folder, student, name, nb):
    path = folder / student / "mnist" / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nb if isinstance(nb, str) else json.dumps(nb))
    return path


def by_exercise(rows):
    return {(r.student, r.exercise): (r.status, r.diagnosis) for r in rows}


def test_students_are_found_in_nbgrader_layout_flat_folders_and_files(tmp_path):
    save(tmp_path / "submitted", "alice", "02_activations", lesson("02_activations"))
    save(tmp_path / "submitted", "alice", "03_forward_prop", lesson("03_forward_prop"))
    checkpoint = (
        tmp_path / "submitted" / "alice" / "mnist" / ".ipynb_checkpoints" / "02_activations-checkpoint.ipynb"
    )
    checkpoint.parent.mkdir()
    checkpoint.write_text("{}")
    (tmp_path / "lms").mkdir()
    (tmp_path / "lms" / "bob_02_activations.ipynb").write_text(json.dumps(lesson("02_activations")))
    single = tmp_path / "carol.ipynb"
    single.write_text(json.dumps(lesson("02_activations")))
    found = submissions.find([tmp_path / "submitted", tmp_path / "lms", single])
    assert [(s.student, s.path.name) for s in found] == [
        ("alice", "02_activations.ipynb"),
        ("alice", "03_forward_prop.ipynb"),
        ("bob_02_activations", "bob_02_activations.ipynb"),
        ("carol", "carol.ipynb"),
    ]


def test_the_lesson_comes_from_grade_ids_then_metadata_then_file_name(tmp_path):
    index = submissions.lesson_index()
    plain = lesson("02_activations")
    for cell in plain["cells"]:
        cell["metadata"].pop("nbgrader")
    by_metadata = copy.deepcopy(plain)
    by_metadata["metadata"]["course"] = {"source": "solutions/04_backprop.ipynb"}
    plain["metadata"].pop("course", None)
    cases = {
        "x.ipynb": lesson("03_forward_prop"),
        "y.ipynb": by_metadata,
        "my_05_training.ipynb": plain,
        "z.ipynb": {"cells": [], "metadata": {}},
        "broken.ipynb": '{"cells": [',
    }
    read = {}
    for name, nb in cases.items():
        path = tmp_path / name
        path.write_text(nb if isinstance(nb, str) else json.dumps(nb))
        found = submissions.read(submissions.Submission("s", path), index)
        read[name] = found.lesson or found.problem
    assert read == {
        "x.ipynb": "03_forward_prop",
        "y.ipynb": "04_backprop",
        "my_05_training.ipynb": "05_training",
        "z.ipynb": "not_a_lesson",
        "broken.ipynb": "not_a_notebook",
    }


def test_only_setup_answers_and_added_cells_run_and_course_cells_keep_the_courses_text(tmp_path):
    nb = lesson("02_activations", answers=True)
    demo = next(c for c in nb["cells"] if "relu_explorer" in "".join(c["source"]))
    demo["source"] = "raise SystemExit('a course cell edited by the learner')"
    added(nb, "helper = 1", after="check_ReLU")
    found = submissions.read(submissions.Submission("s", save(tmp_path, "s", "02_activations", nb)))
    assert found.cells[0] == submissions.lesson_index()["02_activations"]["setup"]["source"]
    assert "helper = 1" in found.cells and not any(
        "SystemExit" in c or "relu_explorer" in c for c in found.cells
    )
    assert [c.split("(")[0] for c in found.cells[1:] if c.startswith("def ")] == [
        "def ReLU",
        "def ReLU_deriv",
        "def softmax",
    ]


def test_a_class_gets_the_verdicts_check_gives(tmp_path):
    folder = tmp_path / "submitted"
    save(folder, "alice", "02_activations", lesson("02_activations", answers=True))
    bob = answer(lesson("02_activations", answers=True), "softmax", WRONG["softmax_no_shift"].code)
    answer(bob, "ReLU", "# moved to the cell below\n")
    added(bob, "def ReLU(Z):\n    return np.abs(Z)\n", after="ReLU")  # relu_abs, in a cell of their own
    save(folder, "bob", "02_activations", bob)
    save(folder, "carol", "02_activations", lesson("02_activations"))
    save(folder, "dan", "00_welcome", added(lesson("00_welcome"), "get_accuracy = 3"))
    rows = grade.grade([folder], jobs=2, progress=False)
    assert by_exercise(rows) == {
        ("alice", "ReLU"): ("passed", ""),
        ("alice", "ReLU_deriv"): ("passed", ""),
        ("alice", "softmax"): ("passed", ""),
        ("bob", "ReLU"): ("incorrect", "relu_negative_inputs"),
        ("bob", "ReLU_deriv"): ("passed", ""),
        ("bob", "softmax"): ("incorrect", "softmax_overflow"),
        ("carol", "ReLU"): ("not_implemented", ""),
        ("carol", "ReLU_deriv"): ("not_implemented", ""),
        ("carol", "softmax"): ("not_implemented", ""),
        ("dan", "get_accuracy"): ("missing", ""),
    }
    in_the_notebook = check(load(WRONG["softmax_no_shift"].code, "softmax"))
    [bob_softmax] = [r for r in rows if (r.student, r.exercise) == ("bob", "softmax")]
    assert (
        bob_softmax.feedback == in_the_notebook.title() and bob_softmax.html == in_the_notebook._repr_html_()
    )
    assert [r.score for r in rows if r.student == "alice"] == [1, 1, 1]


def test_bad_submissions_each_get_a_status_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "class"
    good = lesson("00_welcome", answers=True)
    save(folder, "broken", "00_welcome", json.dumps(good)[:500])
    save(folder, "other", "homework", {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    save(folder, "spins", "00_welcome", added(copy.deepcopy(good), "while True:\n    pass"))
    save(folder, "waits", "00_welcome", added(copy.deepcopy(good), "import time\ntime.sleep(10 ** 6)"))
    save(folder, "exits", "00_welcome", added(copy.deepcopy(good), "import os\nos._exit(3)"))
    save(folder, "hogs", "00_welcome", added(copy.deepcopy(good), "big = np.ones((2 ** 20, 2 ** 12))"))
    save(folder, "fine", "00_welcome", good)
    rows = grade.grade([folder], jobs=2, cpu_seconds=4, memory_mb=2048, progress=False)
    statuses = {r.student: r.status for r in rows}
    assert statuses == {
        "broken": "not_a_notebook",
        "other": "not_a_lesson",
        "spins": "timed_out",
        "waits": "timed_out",
        "exits": "crashed",
        "hogs": "out_of_memory",
        "fine": "passed",
    }
    feedback = {r.student: r.feedback for r in rows}
    assert "exit code 3" in feedback["exits"] and "time limit" in feedback["spins"]
    assert all(r.score == 0 for r in rows if r.student != "fine")


def test_processes_the_learner_starts_are_killed_with_the_notebook(tmp_path):
    pid_file = tmp_path / "pid"
    code = (
        "import subprocess\nchild = subprocess.Popen(['sleep', '300'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))"
    )
    path = save(tmp_path, "s", "00_welcome", added(lesson("00_welcome", answers=True), code))
    [row] = grade.grade([path], progress=False)
    assert row.status == "passed"
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid)


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_the_command_writes_gradebook_feedback_and_report(tmp_path, capsys):
    folder = tmp_path / "submitted"
    for student, mistake in [("ann", None), ("ben", "relu_abs"), ("cat", "relu_abs"), ("dov", "relu_leaky")]:
        nb = lesson("02_activations", answers=True)
        save(folder, student, "02_activations", answer(nb, "ReLU", WRONG[mistake].code) if mistake else nb)
    save(folder, "eve", "02_activations", "not json")
    out = tmp_path / "out"
    assert (
        grade.main(
            [
                str(folder),
                "--out",
                str(out / "grades.csv"),
                "--feedback",
                str(out / "feedback"),
                "--report",
                str(out / "report.html"),
                "--jobs",
                "2",
            ]
        )
        == 0
    )
    assert "5 students, 9 of 13 exercises passed" in capsys.readouterr().out
    with open(out / "grades.csv", newline="") as file:
        table = list(csv.DictReader(file))
    assert tuple(table[0]) == grade.COLUMNS and len(table) == 3 * 4 + 1
    assert {
        (r["student"], r["exercise"], r["diagnosis"], r["score"]) for r in table if r["exercise"] == "ReLU"
    } == {
        ("ann", "ReLU", "", "1"),
        ("ben", "ReLU", "relu_negative_inputs", "0"),
        ("cat", "ReLU", "relu_negative_inputs", "0"),
        ("dov", "ReLU", "relu_negative_inputs", "0"),
    }
    assert sorted(p.name for p in (out / "feedback").iterdir()) == [
        f"{s}.html" for s in ("ann", "ben", "cat", "dov", "eve")
    ]
    ben = (out / "feedback" / "ben.html").read_text()
    assert "2 of 3 exercises passed" in ben and "ReLU: not right yet" in ben
    report = (out / "report.html").read_text()
    assert "Class report: 5 students" in report and "1 of 4 passed" in report and "<svg" in report
    assert "3 of 4: negative inputs must give 0" in report
    assert "eve: 02_activations.ipynb: the file is not a notebook" in report
    assert grade_report.exercise_summary(grade.grade([folder / "ann"], progress=False))[0]["passed"] == 1


def test_the_command_says_what_is_wrong_with_its_arguments(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        grade.main([str(tmp_path / "nowhere")])
    assert stopped.value.code == 2 and "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        grade.main([str(tmp_path), "--out", str(tmp_path / "g.csv")])
    assert stopped.value.code == 1 and "no notebooks" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


# Code that tries to earn a pass without the work. Each runs in lesson 02 (three exercises) with the
# student version's stubs, except where it says which answers it fills in.
NAIVE_SOFTMAX = WRONG["softmax_no_shift"].code
CHEATS = {
    "imports_reference": ({"softmax": "from widgets.reference import softmax\n"}, None, "uses_reference"),
    "wraps_reference": (
        {"softmax": "import widgets.reference as ref\n\ndef softmax(Z):\n    return ref.softmax(Z)\n"},
        None,
        "uses_reference",
    ),
    "imports_from_yours": ({"softmax": "from widgets.yours import softmax\n"}, None, "uses_reference"),
    "wraps_through_a_helper": (
        {
            "softmax": "from widgets import reference\n\ndef helper(Z):\n    return reference.softmax(Z)\n\n"
            "def softmax(Z):\n    return helper(Z)\n"
        },
        None,
        "uses_reference",
    ),
    "redefines_check": (
        {"softmax": NAIVE_SOFTMAX},
        "def check(fn, exercise=None):\n    return None\n",
        "incorrect",
    ),
    "patches_the_autograder": (
        {"softmax": NAIVE_SOFTMAX},
        "import widgets.autograder as grader\nfrom widgets.autograder import feedback, engine\n"
        "grader.check = grader.check_answer = lambda *args, **kwargs: None\n"
        "feedback.CheckResult.passed = property(lambda self: True)\nengine.BUDGET_SECONDS = 10 ** 6\n",
        "incorrect",
    ),
    "patches_numpy": (
        {"softmax": "def softmax(Z):\n    return np.full(Z.shape, 0.1)\n"},
        "np.allclose = lambda *args, **kwargs: True\n"
        "np.isclose = lambda a, b, **kw: np.ones(np.shape(a), bool)\n"
        "np.testing.assert_allclose = lambda *args, **kwargs: None\nnp.exp = lambda Z: Z * 0 + 1\n",
        "incorrect",
    ),
    "reads_the_graders_frames": (
        {
            "softmax": "import inspect\n\ndef softmax(Z):\n    for frame in inspect.stack():\n"
            "        for value in list(frame.frame.f_locals.values()):\n"
            "            if isinstance(value, np.ndarray) and value.shape == Z.shape and value is not Z"
            " and np.allclose(value.sum(axis=0), 1):\n"
            "                return value.copy()\n    return Z\n"
        },
        None,
        "incorrect",
    ),
    "writes_the_result_channel": (
        {},
        "import gc, json, os\nfor obj in gc.get_objects():\n"
        "    if isinstance(obj, dict) and {'job', 'result', 'cpu_seconds'} <= set(obj):\n"
        "        forged = [{'exercise': e, 'status': 'passed', 'title': e + ': passed'}"
        " for e in ('ReLU', 'ReLU_deriv', 'softmax')]\n"
        "        json.dump({'results': forged}, open(obj['result'], 'w'))\n        os._exit(0)\n",
        "not_implemented",
    ),
}


@pytest.mark.parametrize("cheat", CHEATS)
def test_cheating_code_earns_no_pass_and_is_named(tmp_path, cheat):
    answers, extra, status = CHEATS[cheat]
    nb = lesson("02_activations")
    for exercise, code in answers.items():
        answer(nb, exercise, code)
    if extra:
        added(nb, extra)
    rows = grade.grade([save(tmp_path, "s", "02_activations", nb)], progress=False)
    softmax = next(r for r in rows if r.exercise == "softmax")
    assert (softmax.status, softmax.score) == (status, 0), softmax.feedback
    if status == "uses_reference":
        assert "uses the course's reference answer" in softmax.feedback


def test_check_in_the_notebook_names_the_courses_answer_only_while_grading(monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_FROM_SCRATCH_PROGRESS", str(tmp_path / "progress.sqlite3"))
    for code in (CHEATS["imports_reference"][0]["softmax"], CHEATS["wraps_reference"][0]["softmax"]):
        fn = load(code, "softmax")
        monkeypatch.delenv("MNIST_FROM_SCRATCH_GRADING", raising=False)
        assert check(fn).passed  # self-study: the course's function is right, and check says so
        monkeypatch.setenv("MNIST_FROM_SCRATCH_GRADING", "1")
        result = check(fn)
        assert (result.passed, result.diagnosis) == (False, "uses_reference"), code


def test_an_answer_that_cannot_be_written_down_is_named_not_rebuilt(tmp_path):
    nb = answer(lesson("02_activations", answers=True), "ReLU", "ReLU = lambda Z: np.maximum(Z, 0)\n")
    [relu] = [
        r
        for r in grade.grade([save(tmp_path, "s", "02_activations", nb)], progress=False)
        if r.exercise == "ReLU"
    ]
    assert (relu.status, relu.score) == ("not_rebuilt", 0) and "lambda" in relu.html
