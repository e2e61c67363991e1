"""Running learner code safely: isolation, time budget, captured calls, and the cases and context probes see.

Safety around each call of learner code:
- inputs are deep-copied first and compared afterwards, so a function that
  changes its arguments in place is caught and the caller's arrays are untouched;
- prints are captured (reported as a note), numpy floating-point warnings are
  recorded (turned into advice) instead of spilling red text into the notebook;
- any exception is caught and summarised (type, message, the learner's line);
- runaway code is stopped when the check's time budget is spent.

How runaway code is stopped (`run_isolated`). A thread running Python code cannot
be killed, and an asynchronous exception (PyThreadState_SetAsyncExc) waits for
the next bytecode, so it cannot stop a long NumPy call either. Two mechanisms:

* "fork" (default on Linux, so JupyterLab, Binder and Colab): the whole check
  runs in a child process. Forking the kernel itself can hang for ever while
  another thread runs multi-threaded BLAS (OpenBLAS 0.3.27's fork handler, on
  Colab's NumPy), so the check goes to a worker (worker.py): a process started
  once with os.posix_spawn, single-threaded, which forks a child per check.
  The job (the learner's function with the globals it reads, the exercise)
  travels by cloudpickle, and the cells' source by linecache entries, so
  diagnoses can quote the learner's lines. When the job cannot be pickled (it
  reads a lock, a widget...), the kernel forks itself as before. The parent
  waits on a pipe and SIGKILLs the child, with every process it started (it
  leads its own process group), once the child has
  computed for the budget in CPU time (read from /proc, so a busy machine does
  not stop correct code; BLAS in the child runs one thread), or after three
  times the budget of wall-clock time if it waits instead. That stops anything:
  `while True: pass`, a huge matrix product, `time.sleep`. Messages on the pipe
  carry an HMAC with a key made for that check, and the answer must be a result
  for the exercise checked, so nothing else written there is taken. Side
  effects of learner code (changed globals, random state, crashes, running out
  of memory) stay in the child. The child never touches the kernel's sockets:
  learner prints go to a StringIO, and it leaves with os._exit.
* "trace" (Windows, macOS, or when fork fails): the check runs in the kernel's
  own thread with a sys.settrace hook that raises `OutOfTime` at the next line
  of Python once the budget is spent. This stops every pure-Python loop, but
  not a single long-running C call. macOS is not forked by default because
  Apple's Accelerate/Objective-C runtime is not fork-safe (Python itself
  switched macOS to "spawn" for that reason); `spawn` would need the learner's
  notebook functions to be importable, which they are not.

In every mode the checker's own arithmetic (expected values, probes) runs on NumPy's
functions as they were imported, while learner code sees NumPy as the learner left it
(`np.exp = np.exp2` in a cell changes their softmax, never the reference).

The environment variable MNIST_FROM_SCRATCH_ISOLATION=fork|trace overrides the choice.
Measured on a shared 2-core Linux machine: checking correct code takes 30-100 ms in
fork mode (the fork costs about 20 ms) and 15-100 ms in trace mode; `while True: pass`
is stopped after 5.0 s in both (in fork mode, 5 s of CPU time).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import hmac
import io
import linecache
import marshal
import os
import pickle
import selectors
import signal
import struct
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ..kept import is_library_file, is_notebook_function
from .feedback import CheckResult

BUDGET_SECONDS = 5.0
# In fork mode the budget is the child's CPU time, so a busy machine does not stop correct code;
# a child that waits rather than computes (time.sleep, input(), a lock) is stopped after this
# many times the budget of wall-clock time.
WALL_CLOCK_FACTOR = 3.0
_POLL_SECONDS = 0.05


class OutOfTime(BaseException):
    """Raised inside learner code (trace mode) when the check's time budget is spent.

    A BaseException, so a learner's `except Exception:` does not swallow it.
    """


@dataclass
class ErrorInfo:
    """An exception raised by learner code, without the traceback object (so it pickles)."""

    type: str
    message: str
    function: str | None = None
    lineno: int | None = None
    line: str = ""
    not_implemented: bool = False
    in_learner_code: bool = True  # False: raised at the call itself (the function's parameters do not fit)
    names: tuple = ()  # the global names the learner's function could see, for "did you mean"
    parameters: tuple = ()  # the learner's function's own parameter names

    def short(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type

    def where(self) -> str:
        if self.function is None:
            return ""
        text = f"in `{self.function}`"
        if self.line:
            text += f", at the line `{self.line}`"
        return text


@dataclass
class Call:
    """One call of learner code: what it returned or raised, printed, warned and changed."""

    label: str
    value: Any = None
    error: ErrorInfo | None = None
    printed: str = ""
    warnings: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- time budget

_deadline: float | None = None
_progress: Callable[[str], None] | None = None


def _tracer(frame, event, arg):
    if _deadline is not None and time.monotonic() > _deadline:
        raise OutOfTime()
    return _tracer


@contextlib.contextmanager
def _time_limit():
    """In trace mode, trace learner code so it can be stopped at the deadline."""
    if _deadline is None:
        yield
        return
    previous = sys.gettrace()
    sys.settrace(_tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


def isolation_mode() -> str:
    """'fork' on Linux, 'trace' elsewhere; MNIST_FROM_SCRATCH_ISOLATION overrides."""
    chosen = os.environ.get("MNIST_FROM_SCRATCH_ISOLATION", "").strip().lower()
    if chosen in ("fork", "trace"):
        return chosen if (chosen == "trace" or hasattr(os, "fork")) else "trace"
    return "fork" if sys.platform.startswith("linux") and hasattr(os, "fork") else "trace"


def run_isolated(job: Callable[[], CheckResult], name: str, budget: float = BUDGET_SECONDS) -> CheckResult:
    """Run job() (which calls learner code) and return its result, within `budget` seconds."""
    if isolation_mode() == "fork":
        try:
            return _run_in_worker(job, name, budget)
        except _NotPicklableError:
            pass
        except (OSError, ValueError):
            return _run_traced(job, name, budget)
        try:
            return _run_forked(job, name, budget)
        except (OSError, ValueError):
            pass
    return _run_traced(job, name, budget)


def _run_traced(job, name, budget):
    global _deadline, _progress
    labels: list[str] = []
    _deadline, _progress = time.monotonic() + budget, labels.append
    state = np.random.get_state()  # noqa: NPY002 - learner code uses the legacy global generator
    try:
        return job()
    except OutOfTime:
        return timeout_result(name, budget, labels[-1] if labels else "")
    except KeyboardInterrupt:
        return timeout_result(name, budget, labels[-1] if labels else "", interrupted=True)
    finally:
        _deadline, _progress = None, None
        np.random.set_state(state)  # noqa: NPY002


def _send(fd, message, key: bytes) -> None:
    """Write one message to the result pipe: length, HMAC-SHA256 of the payload with `key`, payload."""
    data = pickle.dumps(message)
    data = struct.pack("!I", len(data)) + hmac.digest(key, data, "sha256") + data
    while data:
        written = os.write(fd, data)
        data = data[written:]


_MAC_SIZE = 32


def _messages(buffer: bytes, key: bytes) -> tuple[list, bytes]:
    """The complete messages at the start of buffer whose HMAC matches `key`, and the bytes left over.

    Bytes that do not form an authentic message (something else wrote to the pipe) end the reading:
    the rest of the buffer is dropped, and the check reports that it could not finish.
    """
    messages = []
    while len(buffer) >= 4 + _MAC_SIZE:
        (size,) = struct.unpack("!I", buffer[:4])
        end = 4 + _MAC_SIZE + size
        if len(buffer) < end:
            break
        mac, payload = buffer[4 : 4 + _MAC_SIZE], buffer[4 + _MAC_SIZE : end]
        if not hmac.compare_digest(mac, hmac.digest(key, payload, "sha256")):
            messages.append(("crash", "something other than the check wrote to its result channel"))
            return messages, b""
        messages.append(pickle.loads(payload))
        buffer = buffer[end:]
    return messages, buffer


class _NotPicklableError(Exception):
    """The job cannot be run by the worker (it reads a notebook object that cannot be pickled, or the
    worker could not start): the check runs in a fork of this process instead."""


_worker: dict = {}  # the running worker: {"pid": int, "requests": fd, "channel": fd}
WORKER_START_SECONDS = 60.0


def _worker_fds() -> tuple[int, int]:
    """(requests fd, channel fd) of the checking worker, started with os.posix_spawn if it is not running.

    posix_spawn runs no fork handler in this process, so it is safe while other threads use BLAS.
    """
    if _worker and _alive(_worker["pid"]):
        return _worker["requests"], _worker["channel"]
    _stop_worker()
    request_read, request_write = os.pipe()
    channel_read, channel_write = os.pipe()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "MPLBACKEND": "agg", "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-m", "widgets.autograder.worker"],
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, request_read, 0),
                (os.POSIX_SPAWN_DUP2, channel_write, 1),
            ],
        )
    finally:
        os.close(request_read)
        os.close(channel_write)
    _worker.update(pid=pid, requests=request_write, channel=channel_read)
    return request_write, channel_read


def _alive(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return False


def _stop_worker() -> None:
    """Stop the worker and close its pipes (a new one starts at the next check)."""
    if not _worker:
        return
    with contextlib.suppress(OSError):
        os.close(_worker["requests"])
    with contextlib.suppress(OSError):
        os.close(_worker["channel"])
    _kill(_worker["pid"])
    _worker.clear()


def _run_in_worker(job, name, budget):
    """Run the check in a child of the worker process; see widgets/autograder/worker.py."""
    try:
        job_bytes = _pickle_job(functools.partial(_with_numpy_as_the_kernel_has_it, _numpy_changes(), job))
    except Exception as exc:
        raise _NotPicklableError from exc
    key = os.urandom(32)
    request = pickle.dumps((key, list(sys.path), _cell_sources(), job_bytes))
    requests, channel = _worker_fds()
    try:
        os.write(requests, struct.pack("!I", len(request)))
        _write_all(requests, request)
    except OSError:
        _stop_worker()
        requests, channel = _worker_fds()
        os.write(requests, struct.pack("!I", len(request)))
        _write_all(requests, request)
    outcome = _collect(channel, key, name, budget, pid=None)
    if outcome.pid is not None:
        _kill_group(outcome.pid)
    if outcome.result is None:
        _stop_worker()  # a killed or failed check may leave bytes in the channel: start afresh
    if outcome.unpicklable or (outcome.pid is None and not outcome.interrupted):
        raise _NotPicklableError(outcome.crashed)  # check in a fork of this process instead
    return outcome.verdict()


def _with_numpy_as_the_kernel_has_it(changes: dict, job):
    """In the worker's child: NumPy's names as the learner rebound them in the kernel, then the job."""
    _set_numpy(changes)
    return job()


def _pickle_job(job) -> bytes:
    """cloudpickle the job (notebook functions by value, with the globals they read); code objects go
    by marshal, which keeps their file names (cloudpickle 3.1 replaces them), so that the learner's
    lines can be quoted from the cell sources sent along. The worker runs the same Python."""
    try:  # joblib up to 1.5 carries its own copy; from 1.6 on it depends on the package
        import cloudpickle
    except ImportError:
        from joblib.externals import cloudpickle

    class Pickler(cloudpickle.CloudPickler):
        def reducer_override(self, obj):
            if isinstance(obj, types.CodeType):
                return marshal.loads, (marshal.dumps(obj),)
            return super().reducer_override(obj)

    buffer = io.BytesIO()
    Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(job)
    return buffer.getvalue()


def _cell_sources() -> dict:
    """linecache's entries for code that is in no file (notebook cells), so that the worker's
    diagnoses can read the learner's source as IPython registered it."""
    return {name: entry for name, entry in list(linecache.cache.items())
            if len(entry) == 4 and entry[1] is None}


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data) :]


def _run_forked(job, name, budget):
    """Run the check in a fork of this process (when the job cannot be sent to the worker)."""
    read_end, write_end = os.pipe()
    key = os.urandom(32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        _child(job, write_end, read_end, key)
    os.close(write_end)
    try:
        outcome = _collect(read_end, key, name, budget, pid=pid)
    finally:
        _kill(pid)
        os.close(read_end)
    return outcome.verdict()


@dataclass
class _Outcome:
    """What a checking child sent before it finished, was stopped, or failed."""

    name: str
    budget: float
    pid: int | None = None
    labels: list = field(default_factory=list)
    result: CheckResult | None = None
    crashed: str | None = None
    waited: bool = False
    interrupted: bool = False
    unpicklable: bool = False

    def verdict(self) -> CheckResult:
        label = self.labels[-1] if self.labels else ""
        if self.interrupted:
            return timeout_result(self.name, self.budget, label, interrupted=True)
        if self.result is not None:
            return self.result
        if self.crashed is not None:
            return CheckResult(
                exercise=self.name,
                status="error",
                diagnosis="checker_crashed",
                headline="the check could not finish",
                explanation=f"Checking your `{self.name}` failed: {self.crashed}.",
                hint="Run the cell again; if this keeps happening, restart the kernel.",
            )
        if self.waited:
            return timeout_result(self.name, self.budget * WALL_CLOCK_FACTOR, label, waiting=True)
        return timeout_result(self.name, self.budget, label)


def _collect(read_fd: int, key: bytes, name: str, budget: float, pid: int | None) -> _Outcome:
    """Read a checking child's messages until its result, a crash, or the end of its budget.

    The budget is the child's CPU time (from /proc, else wall-clock time), with a wall-clock cap of
    WALL_CLOCK_FACTOR times the budget from the moment the child is known (pid given, or sent first).
    """
    outcome = _Outcome(name, budget, pid=pid)
    buffer = b""
    gone = False
    start = time.monotonic()
    deadline = start + (budget * WALL_CLOCK_FACTOR if pid is not None else WORKER_START_SECONDS)
    watcher = selectors.DefaultSelector()
    watcher.register(read_fd, selectors.EVENT_READ)
    try:
        while outcome.result is None and outcome.crashed is None:
            if outcome.pid is not None:
                used = _cpu_seconds(outcome.pid)
                if used == GONE:  # it left: read what it sent, if anything, then stop waiting
                    gone = True
                elif (time.monotonic() - start if used is None else used) >= budget:
                    break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                outcome.waited = outcome.pid is not None
                outcome.crashed = None if outcome.pid is not None else "the checking process did not start"
                break
            if not watcher.select(0 if gone else min(remaining, _POLL_SECONDS)):
                if gone:
                    outcome.crashed = "the checking process stopped without an answer (out of memory?)"
                    break
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                outcome.crashed = "the checking process stopped without an answer (out of memory?)"
                break
            messages, buffer = _messages(buffer + chunk, key)
            for kind, payload in messages:
                if kind == "pid" and outcome.pid is None:
                    outcome.pid = payload
                    start = time.monotonic()
                    deadline = start + budget * WALL_CLOCK_FACTOR
                elif kind == "progress":
                    outcome.labels.append(payload)
                elif kind == "done":
                    outcome.result = payload
                    break
                elif kind == "unpicklable":
                    outcome.unpicklable = True
                    outcome.crashed = str(payload)
                    break
                else:
                    outcome.crashed = str(payload)
                    break
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        watcher.close()
    if outcome.result is not None and not (
        isinstance(outcome.result, CheckResult) and outcome.result.exercise == name
    ):
        outcome.result, outcome.crashed = None, "its answer was not a result for this exercise"
    return outcome


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_HAS_PROC = os.path.exists(f"/proc/{os.getpid()}/stat")
GONE = -1.0


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, all threads) a checking child has used, from /proc.

    GONE when the child has exited (or is a zombie); None without /proc.
    """
    if not _HAS_PROC:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return GONE
    if fields[0] in (b"Z", b"X"):
        return GONE
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _kill_group(pid: int) -> None:
    """Kill a checking child and every process it started (they share its process group)."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _kill(pid: int) -> None:
    """Kill a child of this process with its process group, then reap it."""
    _kill_group(pid)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


def enter_check_child(channel: int, key: bytes) -> None:
    """What every checking child does first: lead a process group of its own (so that whatever learner
    code starts in it is killed with it), run BLAS on one thread (the arrays are small, and the budget
    is its CPU time), and send progress labels on the channel."""
    global _progress
    os.setpgid(0, 0)
    threadpool_limits(limits=1, user_api="blas")
    _progress = lambda label: _send(channel, ("progress", label), key)  # noqa: E731


def _child(job, write_end, read_end, key) -> None:
    """Body of the forked child: run the job, send the result, leave without cleanup."""
    code = 0
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        enter_check_child(write_end, key)
        sys.stdout = sys.stderr = io.StringIO()
        try:
            result = job()
            _send(write_end, ("done", result), key)
        except BaseException as exc:  # report, never hang the parent
            _send(write_end, ("crash", f"{type(exc).__name__}: {exc}"), key)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def timeout_result(
    name: str, budget: float, label: str, interrupted: bool = False, waiting: bool = False
) -> CheckResult:
    where = f" It was running {label} when it was stopped." if label else ""
    if interrupted:
        return CheckResult(
            exercise=name,
            status="timeout",
            diagnosis="interrupted",
            headline="you interrupted the check",
            explanation=f"The check of `{name}` was stopped by the interrupt button.{where}",
            hint="Run the check cell again when you are ready.",
        )
    if waiting:
        explanation = (
            f"Your `{name}` did not return within {budget:g} seconds on small inputs, and it was "
            f"waiting rather than computing, so it was stopped.{where}"
        )
        hint = ("Look for `time.sleep`, `input()` or anything else that waits: a function here should "
                "only compute from its arguments.")
    else:
        explanation = (
            f"Your `{name}` did not return within {budget:g} seconds of computing on small inputs, so it "
            f"was stopped.{where} A correct version takes a few milliseconds here."
        )
        hint = (
            "Look for a loop that never ends (a `while` whose condition never becomes False, "
            "a counter that is never increased) or a function that calls itself. "
            "Avoid Python loops over every number in an array: NumPy operations work on whole arrays."
        )
    return CheckResult(
        exercise=name,
        status="timeout",
        diagnosis="timeout",
        headline=f"stopped after {budget:g} seconds",
        explanation=explanation,
        hint=hint,
    )


# ----------------------------------------------------------------------------- calling learner code


def same_value(before, after) -> bool:
    """True when an argument is unchanged by a call (arrays compared exactly, nan equal to nan)."""
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or before.shape != after.shape or before.dtype != after.dtype:
            return False
        if np.issubdtype(before.dtype, np.inexact):
            return bool(np.array_equal(before, after, equal_nan=True))
        return bool(np.array_equal(before, after))
    try:
        return bool(before == after)
    except Exception:
        return True


@contextlib.contextmanager
def _displays_as_text():
    """In IPython, turn learner display() calls and plt.show() into a line of text (captured like a print)."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    publisher = getattr(shell, "display_pub", None)
    if publisher is None:
        yield
        return
    original = publisher.publish

    def as_text(data, *args, **kwargs):
        print(f"[display] {str(data.get('text/plain', ''))[:60]}")

    publisher.publish = as_text
    try:
        yield
    finally:
        publisher.publish = original


# ----------------------------------------------------------------------------- numpy as the checker sees it

# NumPy's names as they were when the course was imported. A learner's cell may rebind one
# (`np.exp = np.exp2`); the checker's own arithmetic must not follow it, learner code must.
_NUMPY_AS_IMPORTED = dict(vars(np))
_learners_numpy: dict | None = None  # while a check runs: the learner's changes to NumPy's names
_MISSING = object()  # stands for a NumPy name the learner deleted


def _numpy_changes() -> dict:
    """NumPy names that differ from the imported ones: {name: the learner's value, or _MISSING}."""
    now = vars(np)
    changed = {n: v for n, v in now.items() if n in _NUMPY_AS_IMPORTED and _NUMPY_AS_IMPORTED[n] is not v}
    removed = {n: _MISSING for n in _NUMPY_AS_IMPORTED if n not in now}
    return changed | removed


def _set_numpy(names: dict) -> None:
    for name, value in names.items():
        if value is _MISSING:
            vars(np).pop(name, None)
        else:
            setattr(np, name, value)


@contextlib.contextmanager
def numpy_as_imported():
    """Run the checker with NumPy's own functions, whatever the learner rebound; put the learner's
    versions back afterwards (and give them to learner code in between, see call_learner)."""
    global _learners_numpy
    if _learners_numpy is not None:  # already inside a check
        yield
        return
    _learners_numpy = _numpy_changes()
    _set_numpy({n: _NUMPY_AS_IMPORTED.get(n, _MISSING) for n in _learners_numpy})
    try:
        yield
    finally:
        theirs, _learners_numpy = _learners_numpy, None
        _set_numpy(theirs)


@contextlib.contextmanager
def _learners_numpy_in_place():
    """Inside a check, learner code sees NumPy as the learner left it (and may change it further)."""
    global _learners_numpy
    if _learners_numpy is None:
        yield
        return
    _set_numpy(_learners_numpy)
    try:
        yield
    finally:
        _learners_numpy = _learners_numpy | _numpy_changes()
        _set_numpy({n: _NUMPY_AS_IMPORTED.get(n, _MISSING) for n in _learners_numpy})


def call_learner(fn, args: tuple, arg_names=(), label: str = "", kwargs=None) -> Call:
    """Call fn on deep copies of args, capturing output, warnings, exceptions and in-place changes."""
    if _progress is not None:
        _progress(label)
    given = copy.deepcopy(args)
    given_kwargs = copy.deepcopy(kwargs or {})
    call = Call(label=label)
    out = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with (
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(out),
        ):
            try:
                with _displays_as_text(), _time_limit(), _learners_numpy_in_place():
                    call.value = plain(fn(*given, **given_kwargs))
            except (OutOfTime, KeyboardInterrupt):
                raise
            except BaseException as exc:
                call.error = error_info(exc, fn)
    call.printed = out.getvalue()
    call.warnings = [str(w.message) for w in caught]
    names = list(arg_names) + [f"argument {i + 1}" for i in range(len(arg_names), len(args))]
    call.modified = [
        n for n, before, after in zip(names, args, given, strict=False) if not same_value(before, after)
    ]
    return call


def plain(value):
    """A learner's result as plain data for the checker: ndarray subclasses (np.matrix, a class of
    the learner's own) become base ndarrays with the same values, tuples and lists keep their items
    so; anything else is returned as it is."""
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return np.array(value, subok=False)
    if type(value) in (tuple, list):
        return type(value)(plain(item) for item in value)
    return value


def attribute(obj, name: str, default=None):
    """getattr that never raises: a learner's object may have properties that raise anything."""
    try:
        return getattr(obj, name, default)
    except Exception:
        return default


def error_info(exc: BaseException, fn) -> ErrorInfo:
    """Summarise an exception from learner code: type, message, the learner's own line that raised it."""
    info = ErrorInfo(
        type=type(exc).__name__,
        message=str(exc).strip().splitlines()[0] if str(exc).strip() else "",
        not_implemented=isinstance(exc, NotImplementedError),
    )
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not is_library_file(f.filename)]
    if frames:
        last = frames[-1]
        info.function, info.lineno = last.name, last.lineno
        info.line = (last.line or "").strip()
    else:
        info.function = attribute(fn, "__name__")
        info.in_learner_code = False
    space = attribute(fn, "__globals__")
    if isinstance(space, dict):
        info.names = tuple(name for name in space if not name.startswith("_"))
    code = attribute(fn, "__code__")
    if isinstance(code, types.CodeType):
        info.parameters = tuple(code.co_varnames[: code.co_argcount])
    return info


# ----------------------------------------------------------------------------- helpers for composites


def referenced_names(fn) -> set[str]:
    """Global names a function's code refers to (including nested comprehensions and lambdas)."""
    names: set[str] = set()
    stack = [getattr(fn, "__code__", None)]
    while stack:
        code = stack.pop()
        if code is None:
            continue
        names.update(code.co_names)
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return names


def fingerprint(fn) -> bytes | None:
    """A digest of the code that calling fn runs: its own code and defaults and, recursively, those of
    every notebook function it calls by a global name (library functions count by their name).

    Equal digests mean the same code; None when fn is not a Python function.
    """
    if not isinstance(fn, types.FunctionType):
        return None
    digest = hashlib.sha256()
    seen: set[int] = set()
    stack = [fn]
    while stack:
        f = stack.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        digest.update(marshal.dumps(f.__code__))
        digest.update(repr((f.__defaults__, f.__kwdefaults__)).encode())
        space = f.__globals__
        for name in sorted(referenced_names(f)):
            value = space.get(name)
            if is_notebook_function(value):
                digest.update(f"{name}:notebook function".encode())
                stack.append(value)
            elif callable(value):
                label = f"{attribute(value, '__module__')}.{attribute(value, '__qualname__')}"
                digest.update(f"{name}:{label}".encode())
    return digest.digest()


def with_globals(fn, replacements: dict) -> Callable:
    """A copy of fn whose global names in `replacements` point elsewhere (fn itself is unchanged)."""
    namespace = dict(fn.__globals__)
    namespace.update(replacements)
    patched = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__, fn.__closure__)
    patched.__kwdefaults__ = copy.copy(fn.__kwdefaults__)
    return patched


def data_globals(fn) -> dict[str, Any]:
    """The notebook variables (numbers and arrays, not functions or modules) that fn's code reads."""
    found = {}
    space = getattr(fn, "__globals__", {})
    for name in sorted(referenced_names(fn)):
        if name in space:
            value = space[name]
            if isinstance(value, np.ndarray | int | float | np.number) and not isinstance(value, bool):
                found[name] = value
    return found


# ----------------------------------------------------------------------------- cases and what probes see


@dataclass
class Case:
    """One set of fresh inputs for an exercise.

    label: how feedback names it ("Z of shape (10, 7) with logits near 1000").
    m: number of examples in the batch (for factor-of-m diagnoses), if any.
    tags: "square" (shapes where a wrong transpose goes unnoticed), "large",
    "lacks_digits", "float32", "small", ... used by probes.
    compare: whether the output is compared with the reference's.
    """

    label: str
    args: tuple
    m: int | None = None
    tags: frozenset = frozenset()
    rtol: float = 1e-6
    atol: float = 1e-9
    compare: bool = True


def failing_result(
    name, diagnosis, headline, explanation, hint="", example=None, status="incorrect", notes=None
) -> CheckResult:
    """The result of a check that found a mistake (status "incorrect", or "error" when the code raised)."""
    return CheckResult(
        exercise=name,
        status=status,
        diagnosis=diagnosis,
        headline=headline,
        explanation=explanation,
        hint=hint,
        example=example,
        notes=[] if notes is None else notes,
    )


@dataclass
class Context:
    """Everything probes need: the exercise, the learner's function, the cases and what each call gave."""

    exercise: Any
    fn: Callable
    cases: list[Case]
    calls: list[Call]
    expected: list[list[np.ndarray]]
    got: list[list[np.ndarray] | None] = field(default_factory=list)

    def run(self, *args, label: str = "an extra probe") -> Call:
        """Call the learner's function again on other inputs (copies, captured, timed)."""
        return call_learner(self.fn, args, self.exercise.arg_names, label=f"{self.exercise.name} on {label}")

    def fail(
        self, diagnosis, headline, explanation, hint="", example=None, status="incorrect"
    ) -> CheckResult:
        return failing_result(self.exercise.name, diagnosis, headline, explanation, hint, example, status)

    def example(self, i: int, k: int | None = None, got=None, expected=None):
        """A small failing example for case i (output k for tuple outputs)."""
        from .feedback import Example, describe, fmt

        case = self.cases[i]
        inputs = [
            (name, fmt(arg) if np.size(arg) <= 40 else describe(arg))
            for name, arg in zip(self.exercise.arg_names, case.args, strict=False)
        ]
        names = self.exercise.outputs
        if expected is None and self.expected and self.expected[i] is not None:
            expected = self.expected[i][k or 0]
        if got is None and self.got and self.got[i] is not None:
            got = self.got[i][k or 0]
        label = case.label
        if k is not None and len(names) > 1:
            label += f"; showing {names[k]}"
        return Example(
            label=label,
            inputs=inputs,
            expected=None if expected is None else fmt(expected),
            got=None if got is None else fmt(got),
        )


def expected_outputs(exercise, case: Case) -> list[np.ndarray]:
    value = exercise.reference(*copy.deepcopy(case.args))
    if isinstance(value, tuple):
        return [np.asarray(v) for v in value]
    return [np.asarray(value)]
