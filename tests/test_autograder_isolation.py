"""The check cannot be fooled or broken by accident: a cache keyed by code, plain-data results, no escapes.

Each case is a real function (defined by exec, as a notebook cell defines it) run through the real
check() in its real isolation mode; the processes and pipes are real.
"""

import os
import pickle
import struct
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from widgets.autograder import check, engine, yours_or_reference
from widgets.autograder.feedback import CheckResult

GOOD = """
import numpy as np

def ReLU(Z):
    return np.maximum(Z, 0)

def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)

def forward_prop(W1, W2, X):
    Z1 = W1 @ X
    A1 = ReLU(Z1)
    Z2 = W2 @ A1
    return Z1, A1, Z2, softmax(Z2)
"""
BROKEN_SOFTMAX = """
def softmax(Z):
    return np.exp(Z) / np.exp(Z).sum()
"""


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_FROM_SCRATCH_PROGRESS", str(tmp_path / "progress.sqlite3"))


@pytest.fixture(params=["fork", "trace"])
def mode(request, monkeypatch):
    monkeypatch.setenv("MNIST_FROM_SCRATCH_ISOLATION", request.param)
    return request.param


def cell(namespace, source):
    """Run source as a notebook cell would, in namespace."""
    exec(compile(textwrap.dedent(source), "<cell>", "exec"), namespace)


# A cache keyed by content


def test_a_helper_broken_after_passing_is_no_longer_trusted(capsys):
    """Re-running cells reuses memory, so an id-keyed cache mistook the broken helper for the good one."""
    for _ in range(8):
        notebook = {}
        cell(notebook, GOOD)
        assert yours_or_reference(notebook["forward_prop"]) is notebook["forward_prop"]
        del notebook["softmax"]  # the old softmax is freed: its id is free for the next object
        cell(notebook, BROKEN_SOFTMAX)
        chosen = yours_or_reference(notebook["forward_prop"])
        assert chosen is not notebook["forward_prop"], "a broken helper must not be trusted"
    assert "because of your `softmax`" in capsys.readouterr().out


def test_the_same_code_defined_again_is_trusted_without_a_new_check():
    first, second = {}, {}
    cell(first, GOOD)
    assert check(first["forward_prop"]).passed
    cell(second, GOOD)
    start = time.perf_counter()
    assert yours_or_reference(second["forward_prop"]) is second["forward_prop"]
    assert time.perf_counter() - start < engine.BUDGET_SECONDS  # answered from the cache, not re-checked


def test_changed_code_in_a_helper_of_a_helper_is_seen():
    notebook = {}
    cell(notebook, GOOD)
    cell(notebook, "def relu_core(Z):\n    return np.maximum(Z, 0)\n")
    cell(notebook, "def ReLU(Z):\n    return relu_core(Z)\n")
    assert yours_or_reference(notebook["forward_prop"]) is notebook["forward_prop"]
    cell(notebook, "def relu_core(Z):\n    return abs(Z)\n")
    assert yours_or_reference(notebook["forward_prop"]) is not notebook["forward_prop"]


# Results are plain data, rendering never fails


class Hostile(np.ndarray):
    """An ndarray subclass whose NumPy functions all fail, as a half-finished learner class might."""

    def __array_function__(self, func, types, args, kwargs):
        raise AttributeError(f"no {func.__name__}")


def test_a_returned_ndarray_subclass_is_judged_and_rendered_as_its_values(mode):
    def ReLU(Z):
        return np.abs(Z).view(Hostile)

    result = check(ReLU)
    assert result.status == "incorrect", str(result)
    assert str(result) and result._repr_html_()


class BadName:
    """A callable whose __name__ raises something other than AttributeError."""

    @property
    def __name__(self):
        raise RuntimeError("no name")

    def __repr__(self):
        raise RuntimeError("no repr")

    def __call__(self, Z):
        return np.maximum(Z, 0)


def test_a_function_whose_name_or_repr_raises_is_still_checked(mode):
    result = check(BadName(), exercise="ReLU")
    assert result.passed, str(result)
    unnamed = check(BadName())
    assert unnamed.status == "error" and unnamed.diagnosis != "checker_crashed", str(unnamed)
    assert str(unnamed) and unnamed._repr_html_()
    assert yours_or_reference(BadName(), exercise="ReLU") is not None


# Nothing escapes check()


def test_keyboard_interrupt_raised_by_learner_code_does_not_escape(mode):
    def ReLU(Z):
        raise KeyboardInterrupt

    result = check(ReLU)
    assert isinstance(result, CheckResult) and not result.passed


def test_a_forged_result_on_the_channel_is_not_accepted(monkeypatch):
    """Learner code in the child writes a 'passed' result for another exercise into the result pipe."""
    if engine.isolation_mode() != "fork":
        pytest.skip("the result channel exists in fork mode")
    pipes = []
    real_pipe = os.pipe

    def recording_pipe():
        pipes.append(real_pipe())
        return pipes[-1]

    monkeypatch.setattr(os, "pipe", recording_pipe)

    def softmax(Z):
        forged = pickle.dumps(("done", CheckResult(exercise="backward_prop", status="passed")))
        os.write(pipes[-1][1], struct.pack("!I", len(forged)) + forged)
        return Z

    result = check(softmax)
    assert result.exercise == "softmax" and not result.passed, str(result)


@pytest.mark.skipif(engine.isolation_mode() != "fork", reason="processes are isolated in fork mode")
def test_a_process_started_by_learner_code_does_not_outlive_the_check(tmp_path):
    pid_file = tmp_path / "pid"

    def ReLU(Z):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        pid_file.write_text(str(child.pid))
        return np.maximum(Z, 0)

    assert check(ReLU).passed
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = _state(pid)
        if state in (None, "Z"):  # gone, or a zombie waiting for its (dead) parent's reaper
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    pytest.fail("the process learner code started was still running after the check")


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


# The budget is CPU time


def _children(pid):
    """Process ids of pid's children (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(p) for p in children.read().split()]
    except OSError:
        return []


@pytest.mark.skipif(engine.isolation_mode() != "fork" or not os.path.exists(f"/proc/{os.getpid()}/stat"),
                    reason="the CPU-time budget is fork mode's, read from /proc")
def test_correct_code_starved_of_cpu_is_not_timed_out(monkeypatch):
    """A check whose process gets no CPU for longer than the budget (a busy machine) still passes."""
    import threading

    monkeypatch.setattr(engine, "BUDGET_SECONDS", 1.0)
    stopped = []

    def starve():  # stop the checking child for 1.5 budgets, as a machine busy with other work would
        deadline = time.monotonic() + 10
        while not stopped and time.monotonic() < deadline:
            for child in _children(os.getpid()):
                os.kill(child, 19)  # SIGSTOP
                stopped.append(child)
                time.sleep(1.5)
                os.kill(child, 18)  # SIGCONT
                return
            time.sleep(0.001)

    def ReLU(Z):
        time.sleep(0.05)  # give the starving thread time to find this process
        return np.maximum(Z, 0)

    thread = threading.Thread(target=starve)
    thread.start()
    start = time.perf_counter()
    result = check(ReLU, exercise="ReLU")
    thread.join()
    assert stopped, "the checking process was never seen"
    assert time.perf_counter() - start > 1.5
    assert result.passed, str(result)


@pytest.mark.skipif(engine.isolation_mode() != "fork", reason="the wall-clock cap is fork mode's")
def test_code_that_waits_is_stopped_by_the_wall_clock_cap_and_told_so(monkeypatch):
    monkeypatch.setattr(engine, "BUDGET_SECONDS", 0.5)

    def ReLU(Z):
        time.sleep(60)

    start = time.perf_counter()
    result = check(ReLU)
    assert result.status == "timeout" and "waiting rather than computing" in str(result), str(result)
    assert time.perf_counter() - start < 0.5 * engine.WALL_CLOCK_FACTOR + 3


# Expected values are out of the learner's reach


def test_learner_code_that_changes_numpy_cannot_make_a_wrong_answer_pass(mode):
    """A softmax that replaces np.exp on its way: the reference must not follow it."""
    notebook = {}
    cell(notebook, """
import numpy as np

def softmax(Z):
    np.exp = np.exp2   # "exp base 2 is close enough"
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
""")
    real_exp = np.exp
    try:
        result = check(notebook["softmax"])
    finally:
        np.exp = real_exp
    assert not result.passed, str(result)


def test_numpy_rebound_in_an_earlier_cell_does_not_reach_the_reference(mode):
    """`np.exp = np.exp2` in a notebook cell, then a softmax that uses np.exp: the reference keeps
    NumPy's exp, and after the check the notebook still has what the learner set."""
    notebook = {}
    cell(notebook, """
import numpy as np

def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
""")
    real_exp = np.exp
    np.exp = np.exp2
    try:
        result = check(notebook["softmax"])
        assert np.exp is np.exp2
    finally:
        np.exp = real_exp
    assert not result.passed, str(result)
    assert check(notebook["softmax"]).passed


# Safe beside other threads


HANG_SCRIPT = """
import sys, threading, time
import numpy as np
from widgets.autograder import check

stop = False
def background():  # another notebook thread, busy with multi-threaded BLAS
    A = np.random.default_rng(0).random((300, 300))
    while not stop:
        A @ A

threading.Thread(target=background, daemon=True).start()
time.sleep(0.3)

def ReLU(Z):
    return np.maximum(Z, 0)

for _ in range(10):
    result = check(ReLU)
    assert result.passed, str(result)
stop = True
print("ok")
"""


@pytest.mark.skipif(engine.isolation_mode() != "fork", reason="only fork mode starts processes")
def test_checks_beside_a_thread_running_multithreaded_blas_never_hang(tmp_path):
    """OpenBLAS 0.3.27 (Colab's NumPy 2.1.3) deadlocks in its fork handler when another thread uses BLAS."""
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    env["OPENBLAS_NUM_THREADS"] = "2"  # as on any machine with 2+ cores, whatever this one has
    env["MNIST_FROM_SCRATCH_PROGRESS"] = str(tmp_path / "progress.sqlite3")
    try:
        out = subprocess.run([sys.executable, "-c", HANG_SCRIPT], env=env, capture_output=True, text=True,
                             timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail("check() hung beside a thread running BLAS")
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_a_function_reading_an_object_that_cannot_be_pickled_is_still_checked(mode):
    """The worker gets the function by pickling it; a lock in its globals makes the check fork instead."""
    notebook = {}
    cell(notebook, """
import threading
import numpy as np

lock = threading.Lock()

def ReLU(Z):
    with lock:
        return np.maximum(Z, 0)
""")
    assert check(notebook["ReLU"]).passed


def test_a_function_the_worker_cannot_rebuild_is_still_checked(tmp_path, monkeypatch):
    """It reads a module the worker cannot import: one that is no longer on disk."""
    source = "import numpy as np\n\ndef relu(Z):\n    return np.maximum(Z, 0)\n"
    (tmp_path / "kernel_only_helpers.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    import kernel_only_helpers

    notebook = {"kernel_only_helpers": kernel_only_helpers}
    cell(notebook, "def ReLU(Z):\n    return kernel_only_helpers.relu(Z)\n")
    (tmp_path / "kernel_only_helpers.py").unlink()  # gone from disk: only the kernel still has it
    assert check(notebook["ReLU"]).passed
