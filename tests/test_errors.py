"""Course exceptions reach a notebook as advice: the message, without the frames of the course's code."""

import re

import numpy as np
import pytest

IPython = pytest.importorskip("IPython")


@pytest.fixture()
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def shown(shell, capsys, code):
    result = shell.run_cell(code)
    out = capsys.readouterr()
    return result, re.sub(r"\x1b\[[0-9;]*m", "", out.out + out.err)


@pytest.mark.parametrize(
    "code, kind, phrase",
    [
        ("from widgets.data import load_mnist\nload_mnist('no/such/train.csv')", "DataFileNotFoundError",
         "no/such/train.csv"),
        ("from widgets.fast import minibatch_gradient_descent\nimport numpy as np\n"
         "minibatch_gradient_descent(np.zeros((784, 5)), np.zeros(5, int), 0.1, 1)", "TrainingInputError",
         "pad(X)"),
    ],
)
def test_a_course_error_shows_its_message_and_no_traceback(shell, capsys, code, kind, phrase):
    result, text = shown(shell, capsys, code)
    assert type(result.error_in_exec).__name__ == kind
    assert text.startswith(f"{kind}: ") and phrase in text
    assert "Traceback" not in text and "File " not in text and ".py" not in text


def test_an_ordinary_error_keeps_its_traceback(shell, capsys):
    _, text = shown(shell, capsys, "import numpy as np\nnp.zeros(3) @ np.zeros(4)")
    assert "Traceback" in text or "----> " in text


def test_course_errors_are_still_the_builtin_kinds_callers_catch():
    from widgets.data import DataFileNotFoundError, DataFormatError, DownloadError
    from widgets.fast import TrainingInputError

    assert issubclass(DataFileNotFoundError, FileNotFoundError)
    assert issubclass(DataFormatError, ValueError)
    assert issubclass(DownloadError, OSError)
    assert issubclass(TrainingInputError, ValueError)
    with pytest.raises(ValueError, match="pad"):
        from widgets.fast import full_batch_gradient_descent

        full_batch_gradient_descent(np.zeros((784, 3)), np.zeros(3, int), 0.1, 1)
