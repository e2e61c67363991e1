"""hint(fn) climbs three hints that do not give the answer away; solution(fn) shows it when asked."""

import inspect
import sqlite3

import pytest

from widgets import progress, reference
from widgets.autograder import EXERCISES, hint, solution


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv(progress.ENV_VAR, str(path))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    from widgets import autograder

    monkeypatch.setattr(autograder, "_RUNGS", {})
    return path


def _answer_lines(name):
    """The reference's statements, as code (`return np.maximum(Z, 0)`)."""
    body = inspect.getsource(EXERCISES[name].reference).split('"""')[-1]
    return [line.strip() for line in body.splitlines() if len(line.strip()) > 12]


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_exercise_has_three_distinct_rungs_and_the_first_two_hold_no_line_of_the_answer(name):
    rungs = EXERCISES[name].hints
    assert len(rungs) == 3 and len(set(rungs)) == 3 and all(len(r) > 20 for r in rungs)
    for rung in rungs[:2]:
        for line in _answer_lines(name):
            assert line not in rung, (name, line)
    assert EXERCISES[name].hint == rungs[1]


def test_hint_gives_the_next_rung_each_time_then_points_to_the_solution(store):
    texts = [repr(hint(reference.softmax)) for _ in range(3)] + [repr(hint("softmax"))]
    rungs = EXERCISES["softmax"].hints
    for k in range(3):
        assert texts[k].startswith(f"Hint {k + 1} of 3 for `softmax`: {rungs[k]}")
    assert "again for more" in texts[0] and "again for more" in texts[1]
    assert texts[3] == texts[2] and "`solution(softmax)` shows the course's answer" in texts[3]
    assert repr(hint("ReLU")).startswith("Hint 1 of 3 for `ReLU`")  # each exercise has its own ladder
    assert "<code>softmax</code>" in hint("softmax")._repr_html_()


def test_an_unknown_name_gets_the_closest_exercise(store):
    assert "Did you mean `softmax`?" in repr(hint("sofmax"))
    assert "Did you mean `ReLU`?" in repr(solution("relu"))


def test_solution_shows_the_reference_and_is_recorded_as_revealed(store):
    shown = solution("ReLU")
    assert "return np.maximum(Z, 0)" in repr(shown) and "<pre" in shown._repr_html_()
    con = sqlite3.connect(store)
    assert con.execute("SELECT exercise, status FROM attempts").fetchall() == [("ReLU", "revealed")]
    con.close()
    rows = {row["exercise"]: row for row in progress.progress_table()[0]}
    assert rows["ReLU"]["status"] == "revealed" and not rows["ReLU"]["passed_once"]
    assert "solution shown" in progress.ProgressView(*progress.progress_table())._repr_html_()


def test_solution_is_refused_while_grading_and_nothing_is_written(store, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    shown = solution("backward_prop")
    assert "not available while this notebook is being graded" in repr(shown)
    assert "dZ2" not in repr(shown) and not store.exists()
