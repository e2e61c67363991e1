"""The learner's passing answers are kept with their helpers and carried to later lessons and new kernels."""

import hashlib
import importlib.util
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from widgets import kept, progress, reference, yours
from widgets.autograder import check

# A learner's lessons 2-5, written the seed notebook's way (W1.dot(X), 1 / m * ...), with a ReLU of their
# own (a mask instead of np.maximum) so that it can be told apart from the course's.
LEARNER = """
import numpy as np

EPSILON = 1e-12


def ReLU(Z):
    return Z * (Z > 0)  # mine: a mask


def softmax(Z):
    A = np.exp(Z - np.max(Z, axis=0))
    return A / np.sum(A, axis=0)


def forward_prop(W1, W2, X):
    Z1 = W1.dot(X)
    A1 = ReLU(Z1)
    Z2 = W2.dot(A1)
    A2 = softmax(Z2)
    return Z1, A1, Z2, A2


def one_hot(Y):
    one_hot_Y = np.zeros((10, Y.size))
    one_hot_Y[Y, np.arange(Y.size)] = 1
    return one_hot_Y


def ReLU_deriv(Z):
    return Z > 0


def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):
    m = X.shape[1]
    dZ2 = A2 - one_hot(Y)
    dW2 = 1 / m * dZ2.dot(A1.T)
    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)
    dW1 = 1 / m * dZ1.dot(X.T)
    return dW1, dW2


def update_params(W1, W2, dW1, dW2, alpha):
    return W1 - alpha * dW1, W2 - alpha * dW2
"""


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv(progress.ENV_VAR, str(path))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return path


def _module(tmp_path, source, name="learner_cells"):
    """The learner's code as a real file, imported (so that its source can be read, like a cell's)."""
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, path


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


# ----------------------------------------------------------------------------- writing an answer down


def test_a_function_is_kept_with_its_helpers_imports_and_constants_and_rebuilds_the_same(tmp_path):
    learner, _ = _module(tmp_path, LEARNER)
    source = kept.source_of(learner.backward_prop)
    assert source.startswith("import numpy as np\n")
    assert "def one_hot(Y):" in source and "def ReLU_deriv(Z):" in source and "def ReLU(Z)" not in source
    rebuilt = kept.rebuild(source, "backward_prop", "<your backward_prop>")
    rng = np.random.default_rng(0)
    X, W1, W2 = rng.random((785, 7)), rng.normal(size=(10, 785)), rng.normal(size=(10, 10))
    Y = rng.integers(0, 10, 7)
    forward = learner.forward_prop(W1, W2, X)
    for mine, again in zip(learner.backward_prop(*forward, W1, W2, X, Y), rebuilt(*forward, W1, W2, X, Y),
                           strict=True):
        np.testing.assert_array_equal(mine, again)
    # the rebuilt function's lines are quoted from the kept source, and it can be kept again
    assert "1 / m * dZ2.dot(A1.T)" in __import__("inspect").getsource(rebuilt)
    assert kept.source_of(rebuilt) == source


def test_an_aliased_helper_and_a_constant_are_written_down(tmp_path):
    learner, _ = _module(tmp_path, """
        import numpy as np
        SHIFT = 0.0

        def stable_softmax(Z):
            E = np.exp(Z - Z.max(axis=0) + SHIFT)
            return E / E.sum(axis=0)

        act = stable_softmax

        def softmax(Z):
            return act(Z)
    """)
    source = kept.source_of(learner.softmax)
    assert "SHIFT = 0.0" in source and "act = stable_softmax" in source
    rebuilt = kept.rebuild(source, "softmax", "<your softmax>")
    Z = np.arange(6.0).reshape(3, 2)
    np.testing.assert_array_equal(rebuilt(Z), learner.softmax(Z))


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("data = np.ones(3)\ndef ReLU(Z):\n    return np.maximum(Z, data[0] - 1)\n",
         "reads the notebook variable `data` (ndarray)"),
        ("def outer():\n    k = 0\n    def ReLU(Z):\n        return np.maximum(Z, k)\n    return ReLU\n"
         "ReLU = outer()\n",
         "defined inside another function"),
        ("class Rectifier:\n    def __call__(self, Z):\n        return np.maximum(Z, 0)\nrect = Rectifier()\n"
         "def ReLU(Z):\n    return rect(Z)\n", "it calls `rect`"),
    ],
    ids=["notebook_array", "closure", "object"],
)
def test_what_cannot_be_written_down_is_refused_with_the_reason(tmp_path, code, why):
    learner, _ = _module(tmp_path, "import numpy as np\n" + code)
    with pytest.raises(kept.NotKeptError) as caught:
        kept.source_of(learner.ReLU)
    assert why in str(caught.value)


def test_a_cell_edited_since_it_ran_is_not_kept(tmp_path):
    learner, path = _module(tmp_path, "import numpy as np\ndef ReLU(Z):\n    return np.maximum(Z, 0)\n")
    path.write_text("import numpy as np\ndef ReLU(Z):\n    return np.maximum(Z, 1)\n")
    with pytest.raises(kept.NotKeptError, match="not the code that ran"):
        kept.source_of(learner.ReLU)


# ----------------------------------------------------------------------------- check() keeps, yours gives


def test_a_passing_check_keeps_the_answer_and_yours_gives_it_back(store, tmp_path, capsys):
    learner, _ = _module(tmp_path, LEARNER)
    assert check(learner.forward_prop).passed
    fn, whose, why = yours.resolve("forward_prop")
    assert (whose, why) == ("yours", "passed")
    assert fn is not learner.forward_prop
    assert fn.__globals__["ReLU"].__code__.co_code == learner.ReLU.__code__.co_code
    capsys.readouterr()
    from widgets.yours import softmax

    assert softmax is reference.softmax
    assert capsys.readouterr().out == (
        "Using the course's `softmax` (not attempted yet; lesson 02).\n"
    )


def test_the_latest_passing_version_is_given_not_a_later_failing_one(store, tmp_path):
    first, _ = _module(tmp_path, "import numpy as np\ndef ReLU(Z):\n    return np.maximum(Z, 0)\n", "first")
    second, _ = _module(tmp_path, "import numpy as np\ndef ReLU(Z):\n    return Z * (Z > 0)\n", "second")
    broken, _ = _module(tmp_path, "import numpy as np\ndef ReLU(Z):\n    return np.maximum(Z, 1)\n", "broken")
    assert check(first.ReLU).passed and check(second.ReLU).passed and check(first.ReLU).passed
    assert not check(broken.ReLU).passed
    fn, whose, _ = yours.resolve("ReLU")
    assert whose == "yours" and fn.__code__.co_code == first.ReLU.__code__.co_code
    answers, _ = progress.kept_answers()
    assert set(answers) == {"ReLU"}


def test_a_passing_answer_that_cannot_be_carried_says_so_in_its_feedback(store, tmp_path):
    learner, _ = _module(tmp_path, "import numpy as np\nzero = np.zeros(1)\n"
                                   "def ReLU(Z):\n    return np.maximum(Z, zero[0])\n")
    result = check(learner.ReLU)
    assert result.passed
    [note] = result.notes
    assert "Later lessons will use the course's `ReLU`" in note and "`zero`" in note
    assert progress.kept_answers() == ({}, None)


def test_the_course_reference_checked_is_not_kept_as_the_learners(store):
    assert check(reference.softmax).passed
    assert progress.kept_answers() == ({}, None)


def test_forgetting_an_answer_gives_the_course_version_and_keeps_the_row(store, tmp_path, capsys):
    learner, _ = _module(tmp_path, LEARNER)
    assert check(learner.ReLU).passed and check(learner.softmax).passed
    yours.forget("ReLU")
    assert "Forgot your `ReLU`" in capsys.readouterr().out
    assert yours.resolve("ReLU")[1:] == ("course", "run your check again to use yours")
    assert yours.resolve("softmax")[1] == "yours"
    import sqlite3

    con = sqlite3.connect(store)
    assert con.execute("SELECT exercise, forgotten FROM answers ORDER BY id").fetchall() == [
        ("ReLU", 1), ("softmax", 0)]
    con.close()
    yours.forget("relu")
    assert "not relu" in capsys.readouterr().out


def test_show_progress_shows_what_is_kept_and_the_table_keeps_its_shape(store, tmp_path):
    learner, _ = _module(tmp_path, LEARNER)
    assert check(learner.softmax).passed
    table, warning = progress.progress_table()
    assert warning is None and set(table[0]) == {
        "lesson", "exercise", "status", "attempts", "passed_once", "last_attempt"}
    answers, _ = progress.kept_answers()
    when = {exercise: progress.local_time(answer["at"]) for exercise, answer in answers.items()}
    view = progress.ProgressView(table, None, kept=when)
    text = repr(view)
    assert [line for line in text.splitlines() if " softmax " in line][0].split()[-3] == "yours,"
    assert "forget('ReLU')" in text and "Used in later lessons" in view._repr_html_()


def test_while_grading_nothing_is_kept_or_recorded_and_yours_gives_the_course(store, tmp_path, monkeypatch):
    learner, _ = _module(tmp_path, LEARNER)
    assert check(learner.ReLU).passed
    before = _digest(store)
    monkeypatch.setenv("MNIST_FROM_SCRATCH_GRADING", "1")  # as widgets.grade sets it
    assert check(learner.softmax).passed and check(learner.forward_prop).passed
    assert _digest(store) == before
    assert yours.resolve("ReLU") == (
        reference.ReLU, "course", "while grading only this notebook's own cells count")


def test_an_answer_that_no_longer_rebuilds_falls_back_with_the_reason(store, tmp_path, monkeypatch):
    helpers = tmp_path / "learner_helpers_gone.py"
    helpers.write_text("import numpy as np\ndef relu(Z):\n    return np.maximum(Z, 0)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    learner, _ = _module(tmp_path, "import numpy as np\nimport learner_helpers_gone as lh\n"
                                   "def ReLU(Z):\n    return lh.relu(Z)\n", "uses_helpers")
    assert check(learner.ReLU).passed
    helpers.unlink()
    sys.modules.pop("learner_helpers_gone")
    fn, whose, why = yours.resolve("ReLU")
    assert fn is reference.ReLU and whose == "course"
    assert why.startswith("yours could not be rebuilt here (ModuleNotFoundError")


# ----------------------------------------------------------------------------- two real kernels

kernels = pytest.importorskip("kernels")


def test_answers_checked_in_one_kernel_train_the_network_in_the_next(tmp_path):
    store = tmp_path / "progress.sqlite3"
    env = {progress.ENV_VAR: str(store), "NBGRADER_EXECUTION": ""}
    with kernels.kernel(**env) as first:
        _, results = kernels.run(first, LEARNER + "\nfrom widgets.autograder import check\n"
                                 "[check(f).status for f in (ReLU, softmax, forward_prop, backward_prop, "
                                 "update_params)]")
    assert results == ["['passed', 'passed', 'passed', 'passed', 'passed']"]
    with kernels.kernel(**env) as second:
        streams, results = kernels.run(second, "from widgets.yours import forward_prop, backward_prop, "
                                       "update_params, init_params")
        assert streams == [] and results == [
            "Using your own `forward_prop`, `backward_prop`, `update_params`; the course's `init_params` "
            "(not attempted yet; lesson 07)."
        ]
        streams, results = kernels.run(second, """
            import inspect
            from widgets.data import load_mnist, train_dev_split
            from widgets.reference import get_accuracy, get_predictions, pad
            X_train, Y_train, _, _ = train_dev_split(load_mnist())
            X, Y = pad(X_train[:, :2000]), Y_train[:2000]
            W1, W2 = init_params()
            accuracy = []
            for i in range(100):
                Z1, A1, Z2, A2 = forward_prop(W1, W2, X)
                accuracy.append(get_accuracy(get_predictions(A2), Y))
                W1, W2 = update_params(W1, W2, *backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y), 0.5)
            print(accuracy[0] < 0.3 < 0.6 < accuracy[-1])
            print("# mine: a mask" in inspect.getsource(forward_prop.__globals__["ReLU"]))
            print(init_params.__module__)
        """)
        assert streams == [("stdout", "True\nTrue\nwidgets.reference\n")], (streams, results)
        # lesson 5: the learner's loop over the carried functions passes and is kept with all of them
        _, results = kernels.run(second, """
            def gradient_descent(X, Y, alpha, iterations):
                W1, W2 = init_params()
                for i in range(iterations):
                    Z1, A1, Z2, A2 = forward_prop(W1, W2, X)
                    dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)
                    W1, W2 = update_params(W1, W2, dW1, dW2, alpha)
                return W1, W2
            from widgets import progress
            from widgets.autograder import check
            check(gradient_descent).status, progress.kept_answers()[0]["gradient_descent"]["source"]
        """)
        status, source = eval(results[0])
        assert status == "passed"
        assert "from widgets.reference import init_params" in source and "# mine: a mask" in source
        assert all(f"def {name}(" in source for name in (
            "ReLU", "softmax", "forward_prop", "one_hot", "ReLU_deriv", "backward_prop", "update_params"))
        _, results = kernels.run(second, "from widgets.yours import forget; forget('forward_prop')\n"
                                 "from widgets.yours import forward_prop\n"
                                 "from widgets import reference; forward_prop is reference.forward_prop")
        assert results == [
            "Forgot your `forward_prop`: later lessons use the course's until yours passes its check again.",
            "True",
            "Using the course's `forward_prop` (run your check again to use yours; lesson 03).",
        ]
    with kernels.kernel(**dict(env, NBGRADER_EXECUTION="autograde")) as grading:
        before = _digest(store)
        _, results = kernels.run(grading, "from widgets.yours import backward_prop\n"
                                 "from widgets import reference\nbackward_prop is reference.backward_prop")
        assert results == [
            "True",
            "Using the course's `backward_prop` (while grading only this notebook's own cells count).",
        ]
        assert _digest(store) == before


def test_lesson_6_runs_on_a_kept_accuracy_that_returns_a_0d_array(tmp_path):
    """check accepts a get_accuracy returning np.array(...) (tests/mistakes/correct.py, accuracy_0d_array);
    the lesson that uses it must too (round() refuses a 0-d array)."""
    import os

    import nbformat
    from nbclient import NotebookClient

    store = tmp_path / "progress.sqlite3"
    env = {progress.ENV_VAR: str(store), "NBGRADER_EXECUTION": ""}
    with kernels.kernel(**env) as client:
        _, results = kernels.run(client, """
            import numpy as np
            from widgets.autograder import check
            def get_accuracy(predictions, Y):
                return np.array(np.sum(predictions == Y) / Y.size)
            check(get_accuracy).status
        """)
    assert results == ["'passed'"]
    lesson = Path(__file__).resolve().parent.parent / "lessons" / "06_evaluation.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    saved = os.environ.get(progress.ENV_VAR)
    os.environ[progress.ENV_VAR] = str(store)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(lesson.parent)}}).execute()
    finally:
        if saved is None:
            os.environ.pop(progress.ENV_VAR)
        else:
            os.environ[progress.ENV_VAR] = saved
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("Using your own `get_accuracy`" in str(o.get("data", o.get("text", ""))) for o in outputs)
    errors = [f"{o.ename}: {o.evalue}" for o in outputs if o.output_type == "error"]
    assert errors == []


def test_the_notice_names_each_group_once_with_its_lessons():
    line = yours.summary([
        ("backward_prop", "course", "not attempted yet"), ("forward_prop", "course", "not attempted yet"),
        ("ReLU", "yours", "passed"), ("update_params", "course", "yours has not passed its check yet"),
        ("pad", "course", "yours could not be rebuilt here (SyntaxError: x); check it again"),
    ])
    assert line.text == (
        "Using your own `ReLU`; the course's `backward_prop`, `forward_prop` (not attempted yet; lessons 03, "
        "04); the course's `update_params` (yours has not passed its check yet; lesson 05); the course's "
        "`pad` (yours could not be rebuilt here (SyntaxError: x); check it again)."
    )
    assert not line.ok and "<code>ReLU</code>" in line._repr_html_()
    assert yours.summary([("ReLU", "yours", "passed")]).ok
