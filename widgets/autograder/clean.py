"""A check in a fresh process that never ran the notebook: what `check()` does while nbgrader grades.

    python -m widgets.autograder.clean REQUEST RESULT

`check_elsewhere(fn, name)` writes fn down as source (widgets.kept.source_of), starts this module
(subprocess: no fork of the kernel, so it is safe beside BLAS threads) and returns the CheckResult
that `check_answer` computed there. Whatever an earlier cell did to NumPy, the autograder or the
kernel's frames then has no effect on the expected values. REQUEST is a pickle of (source, name,
label), RESULT receives a pickle of the CheckResult.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile

from ..kept import NotKeptError, source_of
from .feedback import CheckResult

TIMEOUT_SECONDS = 120


def check_elsewhere(fn, name: str) -> CheckResult | None:
    """fn checked in a fresh process, or None when it cannot be written down or the process failed
    (the caller then checks it here)."""
    try:
        source = source_of(fn)
    except NotKeptError:
        return None
    env = {
        **os.environ,
        "MNIST_FROM_SCRATCH_GRADING": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "agg",
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    with tempfile.TemporaryDirectory(prefix="mnist-check-") as folder:
        request, result = os.path.join(folder, "request.pickle"), os.path.join(folder, "result.pickle")
        with open(request, "wb") as file:
            pickle.dump((source, name, f"<your {name}>"), file)
        try:
            subprocess.run(
                [sys.executable, "-m", "widgets.autograder.clean", request, result],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT_SECONDS,
                check=True,
            )
            with open(result, "rb") as file:
                checked = pickle.load(file)
        except (OSError, subprocess.SubprocessError, pickle.UnpicklingError, EOFError):
            return None
    return checked if isinstance(checked, CheckResult) else None


def main(argv: list[str]) -> int:
    from . import check_answer

    request, result = argv
    with open(request, "rb") as file:
        source, name, label = pickle.load(file)
    checked = check_answer(source, name, label)
    with open(result, "wb") as file:
        pickle.dump(checked, file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
