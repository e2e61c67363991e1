"""The autograder's contract: never raises, stops runaway code, grades the seed notebook's answers."""

import pickle
import time

import numpy as np
import pytest
from mistakes import SEED_CODE, STUB, load
from mistakes.correct import CORRECT
from mistakes.public import PUBLIC
from mistakes.wrong import MISTAKES

from widgets import autograder, reference
from widgets.autograder import EXERCISES, STATUSES, check, engine, yours_or_reference
from widgets.autograder.engine import BUDGET_SECONDS


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("MNIST_FROM_SCRATCH_PROGRESS", str(path))
    return path


def seed(name):
    return load(SEED_CODE, name, extra_globals={"m_train": 41000}, helpers=False)


@pytest.mark.parametrize(
    "name", ["ReLU", "ReLU_deriv", "update_params", "get_predictions", "get_accuracy", "pad"]
)
def test_seed_answers_that_are_right_pass(name):
    result = check(seed(name))
    assert result.passed, str(result)
    assert result.status == "passed"


def test_seed_init_params_is_rejected_as_lesson_7_explains_with_hes_numbers():
    result = check(seed("init_params"))
    assert result.diagnosis == "init_too_large"
    assert "6 times He's sqrt(2 / 785) = 0.05" in str(result) and "np.sqrt(2 / 785)" in result.hint
    tiny = check(load("def init_params():\n    return np.random.randn(10, 785) * 0.001, "
                      "np.random.randn(10, 10) * 0.001\n", "init_params"))
    assert tiny.diagnosis == "init_too_small" and "50 times smaller than He's" in str(tiny)


def test_seed_softmax_is_rejected_for_overflow():
    result = check(seed("softmax"))
    assert not result.passed
    assert result.diagnosis == "softmax_overflow"
    assert "overflow" in str(result) and "keepdims=True" in str(result)
    assert any("overflow encountered in exp" in note for note in result.notes)


def test_seed_one_hot_is_rejected_for_max_plus_one():
    result = check(seed("one_hot"))
    assert result.diagnosis == "one_hot_max_plus_one"
    assert "Y.max() + 1" in str(result)


def test_seed_backward_prop_is_rejected_for_global_m_train():
    result = check(seed("backward_prop"))
    assert result.diagnosis == "global_m"
    text = str(result)
    assert "divides by a global `m_train` instead of this batch's m" in text
    assert "printed 2 lines" in text
    assert "one_hot" in text  # its helper is broken too, and the details say so


def test_seed_gradient_descent_with_correct_helpers_passes_and_notes_its_prints():
    namespace = {"m_train": 41000}
    gd = load(SEED_CODE.split("def gradient_descent")[0].split("def init_params")[0]
              + "def gradient_descent" + SEED_CODE.split("def gradient_descent")[1],
              "gradient_descent", extra_globals=namespace)
    result = check(gd)
    assert result.passed, str(result)
    assert any("printed" in note for note in result.notes)


def test_seed_forward_prop_blames_its_softmax():
    result = check(seed("forward_prop"))
    assert result.diagnosis == "faulty_helper" and result.culprit == "softmax"


def test_stub_is_not_implemented_not_a_failure():
    result = check(load(STUB, "softmax"))
    assert result.status == "not_implemented" and not result.passed
    assert "not implemented yet" in str(result)
    assert "Traceback" not in str(result) and "Traceback" not in result._repr_html_()


@pytest.mark.parametrize("mode", ["fork", "trace"])
def test_runaway_code_is_stopped_within_the_budget(mode, monkeypatch):
    monkeypatch.setenv("MNIST_FROM_SCRATCH_ISOLATION", mode)
    fn = load("def ReLU(Z):\n    while True:\n        pass\n", "ReLU")
    start = time.perf_counter()
    result = check(fn)
    elapsed = time.perf_counter() - start
    assert result.status == "timeout" and result.diagnosis == "timeout"
    assert "did not return within" in str(result)
    assert elapsed < 10 and elapsed < BUDGET_SECONDS + 2


def test_trace_mode_survives_code_that_swallows_every_exception(monkeypatch):
    monkeypatch.setenv("MNIST_FROM_SCRATCH_ISOLATION", "trace")
    monkeypatch.setattr(engine, "BUDGET_SECONDS", 1.0)
    code = """
def ReLU(Z):
    while True:
        try:
            pass
        except BaseException:
            pass
"""
    assert check(load(code, "ReLU")).status == "timeout"


def test_statuses_are_a_fixed_small_set():
    assert STATUSES == ("passed", "not_implemented", "incorrect", "error", "timeout")


def test_yours_or_reference(capsys):
    mine = load("def ReLU(Z):\n    return np.maximum(Z, 0)\n", "ReLU")
    assert yours_or_reference(mine) is mine
    assert "Using your `ReLU`." in capsys.readouterr().out
    broken = seed("softmax")
    assert yours_or_reference(broken) is reference.softmax
    out = capsys.readouterr().out
    assert "Using the course's reference `softmax`: yours does not pass its check yet" in out
    assert yours_or_reference(load(STUB, "softmax")) is reference.softmax
    assert "yours is not implemented yet" in capsys.readouterr().out


def test_correct_code_is_checked_well_under_a_second():
    for name in ["softmax", "backward_prop", "gradient_descent", "init_params", "forward_prop"]:
        start = time.perf_counter()
        result = check(getattr(reference, name))
        elapsed = time.perf_counter() - start
        assert result.passed, str(result)
        assert elapsed < 1.0, (name, elapsed)


@pytest.mark.parametrize("mistake", MISTAKES + PUBLIC, ids=[m.id for m in MISTAKES + PUBLIC])
def test_each_real_mistake_is_rejected_and_named(mistake):
    fn = load(mistake.code, mistake.exercise, extra_globals=mistake.extra_globals, helpers=mistake.helpers)
    result = check(fn)
    text = str(result)
    assert not result.passed, text
    assert (result.diagnosis, result.status) == (mistake.diagnosis, mistake.status), text
    assert result.diagnoses[1:] == mistake.also, text
    assert mistake.phrase in text, text
    if mistake.culprit:
        assert result.culprit == mistake.culprit
    assert "Traceback" not in text


@pytest.mark.parametrize("exercise,code", [(c[0], c[2]) for c in CORRECT], ids=[c[1] for c in CORRECT])
def test_each_correct_variant_is_accepted(exercise, code):
    result = check(load(code, exercise))
    assert result.passed, str(result)


def test_an_exception_is_explained_with_the_learners_line_and_no_traceback():
    code = """
def get_accuracy(predictions, Y):
    total = len(Y) - len(Y)
    return int(np.sum(predictions == Y)) / total
"""
    result = check(load(code, "get_accuracy"))
    assert result.status == "error" and result.diagnosis == "zero_division"
    text = str(result)
    assert "return int(np.sum(predictions == Y)) / total" in text  # the learner's own line
    assert "Traceback" not in text and 'File "' not in text


def test_a_python_exception_from_learner_code_becomes_an_error_result():
    result = check(load("def one_hot(Y):\n    return {}[Y[0]]\n", "one_hot"))
    assert result.status == "error" and result.diagnosis == "raised" and "KeyError" in str(result)


def test_prints_and_warnings_never_reach_the_notebook(capfd):
    code = """
def softmax(Z):
    print('debug', Z.shape)
    print('more')
    return np.exp(Z) / np.exp(Z).sum(axis=0)
"""
    result = check(load(code, "softmax"))
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""
    assert result.diagnosis == "softmax_overflow"
    assert any("printed 2 lines" in note and "remove debug prints" in note.lower() for note in result.notes)
    assert any("overflow encountered in exp" in note for note in result.notes)


def test_a_correct_function_that_prints_passes_with_a_note():
    code = "def ReLU(Z):\n    print(Z.shape)\n    return np.maximum(Z, 0)\n"
    result = check(load(code, "ReLU"))
    assert result.passed and "printed 1 line" in str(result)


def test_the_callers_arrays_are_never_changed_by_a_check():
    code = "def ReLU(Z):\n    Z[Z < 0] = 0\n    return Z\n"
    fn = load(code, "ReLU")
    Z = np.array([[-1.0, 2.0]])
    check(fn)
    assert Z[0, 0] == -1.0


def test_feedback_is_identical_on_every_run():
    for name in ["backward_prop", "init_params", "gradient_descent"]:
        fn = load(SEED_CODE, name, extra_globals={"m_train": 41000}, helpers=False)
        first, second = check(fn), check(fn)
        assert str(first) == str(second) and first._repr_html_() == second._repr_html_()


def test_html_uses_inline_styles_only_and_escapes_learner_text():
    result = check(load("def ReLU(Z):\n    raise ValueError('<b>bold</b>')\n", "ReLU"))
    page = result._repr_html_()
    assert "<style" not in page and "<script" not in page and "class=" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "style=" in page


@pytest.mark.parametrize(
    "value,exercise,diagnosis",
    [(np.zeros(3), None, "not_a_function"), (None, "ReLU", "not_a_function"),
     (lambda Z: Z, None, "unknown_exercise"), (abs, "softmx", "unknown_exercise")],
)
def test_bad_arguments_to_check_are_explained(value, exercise, diagnosis):
    result = check(value, exercise=exercise)
    assert result.status == "error" and result.diagnosis == diagnosis


def test_unknown_names_get_a_suggestion():
    assert "Did you mean `softmax`?" in str(check(abs, exercise="softmx"))


def test_a_function_named_differently_is_checked_with_exercise():
    fn = load("def my_relu(Z):\n    return np.maximum(Z, 0)\n", "my_relu")
    assert check(fn, exercise="ReLU").passed


def test_results_render_as_plain_text_in_repr():
    result = check(reference.pad)
    assert repr(result) == str(result) and str(result).startswith("✓ pad: passed")


def test_init_params_with_hidden_units_and_seed_signature_passes():
    assert check(reference.init_params).passed
    code = "def init_params(hidden_units=10, seed=0):\n    return np.zeros((hidden_units, 785)) + 0.1, None\n"
    assert not check(load(code, "init_params")).passed


def test_a_seeded_init_params_that_ignores_hidden_units_is_caught():
    code = (
        "def init_params(hidden_units=10, seed=0):\n    rng = np.random.default_rng(seed)\n"
        "    return rng.random((10, 785)) - 0.5, rng.random((10, 10)) - 0.5\n"
    )
    assert check(load(code, "init_params")).diagnosis == "init_ignores_hidden_units"


def test_yours_or_reference_caches_and_does_not_recheck(monkeypatch, capsys):
    fn = load("def ReLU(Z):\n    return np.maximum(Z, 0)\n", "ReLU")
    assert yours_or_reference(fn) is fn
    calls = []
    monkeypatch.setattr(autograder, "_check", lambda *a: calls.append(a))
    assert yours_or_reference(fn) is fn
    assert calls == []
    assert yours_or_reference(reference.ReLU) is reference.ReLU
    assert "Using the course's reference `ReLU`." in capsys.readouterr().out


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_exercise_stub_is_not_implemented(name):
    params = ", ".join(EXERCISES[name].arg_names)
    stub = f'def {name}({params}):\n    """Docstring."""\n'
    stub += "    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    result = check(load(stub, name))
    assert result.status == "not_implemented", str(result)
    assert "not implemented yet" in str(result)


@pytest.mark.parametrize("name", ["softmax", "one_hot", "backward_prop", "gradient_descent", "init_params"])
def test_trace_mode_gives_the_same_feedback_as_fork_mode(name, monkeypatch):
    fn = seed(name)
    monkeypatch.setenv("MNIST_FROM_SCRATCH_ISOLATION", "fork")
    forked = check(fn)
    monkeypatch.setenv("MNIST_FROM_SCRATCH_ISOLATION", "trace")
    traced = check(fn)
    assert str(traced) == str(forked)


def test_trace_mode_leaves_numpys_global_random_state_alone(monkeypatch):
    # The seed notebook draws from NumPy's legacy global generator; a check must not disturb it.
    monkeypatch.setenv("MNIST_FROM_SCRATCH_ISOLATION", "trace")
    np.random.seed(123)  # noqa: NPY002
    expected = np.random.rand()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    check(seed("init_params"))
    assert np.random.rand() == expected  # noqa: NPY002


def test_feedback_on_an_unseeded_generator_is_still_identical():
    code = """
def init_params():
    rng = np.random.default_rng()
    return rng.normal(0, 10, (10, 785)), rng.normal(0, 10, (10, 10))
"""
    first, second = check(load(code, "init_params")), check(load(code, "init_params"))
    assert first.diagnosis == "init_too_large" and "std 10" in str(first)
    assert str(first) == str(second)


def test_yours_or_reference_names_a_faulty_helper(capsys):
    forward = seed("forward_prop")
    assert yours_or_reference(forward) is reference.forward_prop
    assert "does not pass its check yet because of your `softmax`" in capsys.readouterr().out


def test_learner_code_that_kills_its_process_is_reported(monkeypatch):
    monkeypatch.setenv("MNIST_FROM_SCRATCH_ISOLATION", "fork")
    result = check(load("import os\n\ndef ReLU(Z):\n    os._exit(3)\n", "ReLU"))
    assert result.status == "error" and result.diagnosis == "checker_crashed"
    assert "stopped without an answer" in str(result)


def test_a_notebook_that_turns_numpy_warnings_into_errors_still_gets_feedback():
    old = np.seterr(all="raise")
    try:
        result = check(seed("softmax"))
        assert check(reference.softmax).passed
    finally:
        np.seterr(**old)
    assert result.diagnosis == "softmax_overflow"


def test_an_unfinished_gradient_descent_is_stood_in_for_by_the_fast_trainer(capsys):
    """Later cells train with the course's fast loop (the same steps as the reference, in float32)."""
    from widgets import fast

    stub = load(STUB.replace("softmax(Z)", "gradient_descent(X, Y, alpha, iterations)"), "gradient_descent")
    assert yours_or_reference(stub) is fast.full_batch_gradient_descent
    assert "Using the course's reference `gradient_descent`" in capsys.readouterr().out


def test_a_second_mistake_is_listed_in_text_and_html_and_survives_pickle():
    code = (
        "def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    dZ2 = A2 - Y\n    dW2 = dZ2 @ A1.T\n"
        "    dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)\n    dW1 = dZ1 @ X.T\n    return dW1, dW2\n"
    )
    result = check(load(code, "backward_prop"))
    assert result.diagnoses == ["labels_not_one_hot", "not_averaged"], str(result)
    again = pickle.loads(pickle.dumps(result))
    text, page = str(again), again._repr_html_()
    assert "one_hot(Y)" in text.splitlines()[0] and "m times too large" in text.splitlines()[0]
    assert "Also, `dW1` is m times too large: besides that, your `dW1`" in text
    assert "<b>Also, " in page and "m times too large" in page
