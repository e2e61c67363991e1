"""While nbgrader runs a notebook (NBGRADER_EXECUTION), a check that does not pass raises its feedback."""

import pytest
from mistakes import STUB, load

from widgets import progress, reference
from widgets.autograder import check, yours_or_reference
from widgets.errors import NotPassedError

SEED_SOFTMAX = "def softmax(Z):\n    A = np.exp(Z) / sum(np.exp(Z))\n    return A\n"  # the seed notebook's


@pytest.fixture
def nbgrader(tmp_path, monkeypatch):
    store = tmp_path / "progress.sqlite3"
    monkeypatch.setenv(progress.ENV_VAR, str(store))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    return store


def test_a_failing_check_raises_the_same_feedback_and_a_passing_one_returns(nbgrader, monkeypatch):
    wrong = load(SEED_SOFTMAX, "softmax")
    with pytest.raises(NotPassedError) as raised:
        check(wrong)
    assert isinstance(raised.value, AssertionError)
    assert not nbgrader.exists()  # nothing recorded while grading
    monkeypatch.delenv("NBGRADER_EXECUTION")
    feedback = check(wrong)
    assert str(raised.value) == str(feedback) and "overflow" in str(raised.value)
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert check(reference.softmax).passed
    with pytest.raises(NotPassedError, match="not implemented yet"):
        check(load(STUB, "softmax"))


def test_yours_or_reference_never_raises_under_nbgrader(nbgrader, capsys):
    assert yours_or_reference(load(SEED_SOFTMAX, "softmax")) is reference.softmax
    assert "does not pass its check yet" in capsys.readouterr().out


kernels = pytest.importorskip("kernels")


def test_in_a_kernel_the_check_cell_errors_with_the_feedback(tmp_path):
    env = {"NBGRADER_EXECUTION": "autograde", progress.ENV_VAR: str(tmp_path / "p.sqlite3")}
    cell = "import numpy as np\nfrom widgets.autograder import check\n" + SEED_SOFTMAX + "check(softmax)"
    with kernels.kernel(**env) as k:
        _, results = kernels.run(k, cell)
    [error] = results
    assert error.startswith("ERROR NotPassedError: ✗ softmax: not right yet")
