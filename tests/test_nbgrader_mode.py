"""While nbgrader runs a notebook (NBGRADER_EXECUTION), a check that does not pass raises its feedback."""

import numpy as np
import pytest
from mistakes import STUB, load

from widgets import fast, progress, reference
from widgets.autograder import check, yours_or_reference
from widgets.errors import NotPassedError
from widgets.grading_mode import GRADING_EPOCHS, GRADING_ITERATIONS

STABLE_SOFTMAX = "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return E / E.sum(axis=0)\n"
SEED_SOFTMAX = "def softmax(Z):\n    A = np.exp(Z) / sum(np.exp(Z))\n    return A\n"  # the seed notebook's


@pytest.fixture
def nbgrader(tmp_path, monkeypatch):
    store = tmp_path / "progress.sqlite3"
    monkeypatch.setenv(progress.ENV_VAR, str(store))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    return store


def test_a_failing_check_raises_the_same_feedback_and_a_passing_one_is_shown(nbgrader, monkeypatch, capsys):
    wrong = load(SEED_SOFTMAX, "softmax")
    with pytest.raises(NotPassedError) as raised:
        check(wrong)
    assert isinstance(raised.value, AssertionError)
    assert not nbgrader.exists()  # nothing recorded while grading
    monkeypatch.delenv("NBGRADER_EXECUTION")
    feedback = check(wrong)
    assert str(raised.value) == str(feedback) and "overflow" in str(raised.value)
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert check(load(STABLE_SOFTMAX, "softmax")) is None  # shown, not returned: nbgrader would parse a value
    assert "✓ softmax: passed" in capsys.readouterr().out
    with pytest.raises(NotPassedError, match="not implemented yet"):
        check(load(STUB, "softmax"))


def test_yours_or_reference_never_raises_under_nbgrader(nbgrader, capsys):
    assert yours_or_reference(load(SEED_SOFTMAX, "softmax")) is reference.softmax
    assert "does not pass its check yet" in capsys.readouterr().out


LOGGED_GRADIENT_DESCENT = (
    "def gradient_descent(X, Y, alpha, iterations):\n    calls.append(iterations)\n"
    "    W1, W2 = init_params()\n"
    "    for i in range(iterations):\n        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)\n"
    "        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)\n"
    "        W1, W2 = update_params(W1, W2, dW1, dW2, alpha)\n    return W1, W2\n"
)


def test_training_runs_a_short_version_only_while_grading(nbgrader, monkeypatch):
    X, Y = reference.pad(np.random.default_rng(0).random((784, 50))), np.arange(50) % 10
    seen = []
    fast.full_batch_gradient_descent(X, Y, 0.1, 500, callback=lambda i, *_: seen.append(i))
    fast.minibatch_gradient_descent(X, Y, 0.1, 5, batch_size=10, callback=lambda i, *_: seen.append(-i))
    assert max(seen) == GRADING_ITERATIONS - 1 and -min(seen) == GRADING_EPOCHS * 5 - 1
    calls = []
    gradient_descent = load(LOGGED_GRADIENT_DESCENT, "gradient_descent", {"calls": calls})
    train = yours_or_reference(gradient_descent)
    train(X, Y, 0.1, 500)
    train(X, Y, alpha=0.1, iterations=7)
    assert calls[-2:] == [GRADING_ITERATIONS, 7]
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert yours_or_reference(gradient_descent) is gradient_descent
    seen.clear()
    fast.full_batch_gradient_descent(X, Y, 0.1, 30, callback=lambda i, *_: seen.append(i))
    assert len(seen) == 30


kernels = pytest.importorskip("kernels")


def test_in_a_kernel_the_check_cell_errors_with_the_feedback(tmp_path):
    env = {"NBGRADER_EXECUTION": "autograde", progress.ENV_VAR: str(tmp_path / "p.sqlite3")}
    cell = "import numpy as np\nfrom widgets.autograder import check\n" + SEED_SOFTMAX + "check(softmax)"
    with kernels.kernel(**env) as k:
        _, results = kernels.run(k, cell)
    [error] = results
    assert error.startswith("ERROR NotPassedError: ✗ softmax: not right yet")


def test_a_check_cell_calls_the_courses_check_even_after_the_learner_rebinds_the_name(tmp_path):
    env = {"NBGRADER_EXECUTION": "autograde", progress.ENV_VAR: str(tmp_path / "p.sqlite3")}
    with kernels.kernel(**env) as k:
        kernels.run(k, "import numpy as np\nfrom widgets.autograder import check\n" + SEED_SOFTMAX)
        kernels.run(k, "def check(x):\n    return 'my own check'")  # a learner's helper, by accident
        _, results = kernels.run(k, "check(softmax)")
        assert results[0].startswith("ERROR NotPassedError: ✗ softmax: not right yet")
        assert kernels.run(k, "check(np)")[1] == ["'my own check'"]  # their cells still see theirs
        kernels.run(k, "del check")
        _, results = kernels.run(k, "check(softmax)")
        assert results[0].startswith("ERROR NotPassedError")
        assert kernels.run(k, "'check' in dir()")[1] == ["False"]


PATCH_THE_AUTOGRADER = (
    "import widgets.autograder as grader\nfrom widgets.autograder.feedback import CheckResult\n"
    "grader.evaluate = lambda exercise, fn: CheckResult(exercise=exercise.name, status='passed')\n"
)


def test_under_nbgrader_the_check_is_computed_where_the_notebooks_patches_do_not_reach(tmp_path):
    setup = "import numpy as np\nfrom widgets.autograder import check\n" + SEED_SOFTMAX + PATCH_THE_AUTOGRADER
    store = {progress.ENV_VAR: str(tmp_path / "p.sqlite3")}
    with kernels.kernel(**store, MNIST_FROM_SCRATCH_GRADING="1") as k:
        kernels.run(k, setup)
        assert "passed" in kernels.run(k, "check(softmax)")[1][0]  # the patch is real: in the kernel it fools
    with kernels.kernel(**store, NBGRADER_EXECUTION="autograde") as k:
        kernels.run(k, setup)
        [error] = kernels.run(k, "check(softmax)")[1]
    assert error.startswith("ERROR NotPassedError: ✗ softmax: not right yet - np.exp overflows")
