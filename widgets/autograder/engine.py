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
  runs in a child made with os.fork(). The child shares the notebook's memory
  copy-on-write, so the learner's function, its globals (`m_train`, helpers)
  and big arrays are there at no cost and nothing needs pickling except the
  small result. The parent waits on a pipe and SIGKILLs the child, with every
  process it started (it leads its own process group), once the child has
  computed for the budget in CPU time (read from /proc, so a busy machine does
  not stop correct code; BLAS in the child runs one thread), or after three
  times the budget of wall-clock time if it waits instead. That stops anything:
  `while True: pass`, a huge matrix product, `time.sleep`. Messages on the pipe
  carry an HMAC with a key made for that check, and the answer must be a result
  for the exercise checked, so nothing else written there is taken. Side
  effects of learner code (changed globals, random state, crashes, running out
  of memory) stay in the child. The child never
  touches the kernel's sockets: learner prints go to a StringIO, and it leaves
  with os._exit. A check result is a few kilobytes of text.
* "trace" (Windows, macOS, or when fork fails): the check runs in the kernel's
  own thread with a sys.settrace hook that raises `OutOfTime` at the next line
  of Python once the budget is spent. This stops every pure-Python loop, but
  not a single long-running C call. macOS is not forked by default because
  Apple's Accelerate/Objective-C runtime is not fork-safe (Python itself
  switched macOS to "spawn" for that reason); `spawn` would need the learner's
  notebook functions to be importable, which they are not.

The environment variable MNIST_FROM_SCRATCH_ISOLATION=fork|trace overrides the choice.
Measured on a shared 2-core Linux machine: checking correct code takes 30-100 ms in
fork mode (the fork costs about 20 ms) and 15-100 ms in trace mode; `while True: pass`
is stopped after 5.0 s in both (in fork mode, 5 s of CPU time).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import io
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

from .feedback import CheckResult

BUDGET_SECONDS = 5.0
# In fork mode the budget is the child's CPU time, so a busy machine does not stop correct code;
# a child that waits rather than computes (time.sleep, input(), a lock) is stopped after this
# many times the budget of wall-clock time.
WALL_CLOCK_FACTOR = 3.0
_POLL_SECONDS = 0.05
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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


def _run_forked(job, name, budget):
    read_end, write_end = os.pipe()
    key = os.urandom(32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        _child(job, write_end, read_end, key)
    os.close(write_end)
    buffer = b""
    labels: list[str] = []
    result = None
    crashed = None
    waited = False
    start = time.monotonic()
    wall_deadline = start + budget * WALL_CLOCK_FACTOR
    watcher = selectors.DefaultSelector()
    watcher.register(read_end, selectors.EVENT_READ)
    try:
        while result is None and crashed is None:
            used = _cpu_seconds(pid)
            if used is None:  # no /proc: the budget is wall-clock time
                used = time.monotonic() - start
            remaining = wall_deadline - time.monotonic()
            if used >= budget:
                break
            if remaining <= 0:
                waited = True
                break
            if not watcher.select(min(remaining, _POLL_SECONDS)):
                continue
            chunk = os.read(read_end, 65536)
            if not chunk:
                crashed = crashed or "the checking process stopped without an answer (out of memory?)"
                break
            messages, buffer = _messages(buffer + chunk, key)
            for kind, payload in messages:
                if kind == "progress":
                    labels.append(payload)
                elif kind == "done":
                    result = payload
                else:
                    crashed = payload
                if result is not None or crashed is not None:
                    break
    except KeyboardInterrupt:
        return timeout_result(name, budget, labels[-1] if labels else "", interrupted=True)
    finally:
        watcher.close()
        _kill(pid)
        os.close(read_end)
    if result is not None and not (isinstance(result, CheckResult) and result.exercise == name):
        result, crashed = None, "its answer was not a result for this exercise"
    if result is not None:
        return result
    if crashed is not None:
        return CheckResult(
            exercise=name,
            status="error",
            diagnosis="checker_crashed",
            headline="the check could not finish",
            explanation=f"Checking your `{name}` failed: {crashed}.",
            hint="Run the cell again; if this keeps happening, restart the kernel.",
        )
    if waited:
        return timeout_result(name, budget * WALL_CLOCK_FACTOR, labels[-1] if labels else "", waiting=True)
    return timeout_result(name, budget, labels[-1] if labels else "")


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, all its threads) a running child has used, from /proc; None without /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _kill(pid: int) -> None:
    """Kill the child and every process it started (they share its process group), then reap it."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


def _child(job, write_end, read_end, key) -> None:
    """Body of the forked child: run the job, send the result, leave without cleanup.

    The child leads a process group of its own, so that whatever learner code starts in it
    is killed with it.
    """
    global _progress
    code = 0
    try:
        os.close(read_end)
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # The check's arrays are small: one BLAS thread is faster, and the budget is its CPU time.
        threadpool_limits(limits=1, user_api="blas")
        sys.stdout = sys.stderr = io.StringIO()
        _progress = lambda label: _send(write_end, ("progress", label), key)  # noqa: E731
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
        return CheckResult(
            exercise=name,
            status="timeout",
            diagnosis="timeout",
            headline=f"stopped after {budget:g} seconds",
            explanation=(
                f"Your `{name}` did not return within {budget:g} seconds on small inputs, and it was "
                f"waiting rather than computing, so it was stopped.{where}"
            ),
            hint="Look for `time.sleep`, `input()` or anything else that waits: a function here should "
            "only compute from its arguments.",
        )
    return CheckResult(
        exercise=name,
        status="timeout",
        diagnosis="timeout",
        headline=f"stopped after {budget:g} seconds",
        explanation=(
            f"Your `{name}` did not return within {budget:g} seconds of computing on small inputs, so it "
            f"was stopped.{where} A correct version takes a few milliseconds here."
        ),
        hint=(
            "Look for a loop that never ends (a `while` whose condition never becomes False, "
            "a counter that is never increased) or a function that calls itself. "
            "Avoid Python loops over every number in an array: NumPy operations work on whole arrays."
        ),
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
                with _displays_as_text(), _time_limit():
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


def _is_library_file(filename: str) -> bool:
    if filename.startswith(_PACKAGE_DIR):
        return True
    lowered = filename.replace("\\", "/")
    return any(part in lowered for part in ("/site-packages/", "/dist-packages/", "/lib/python3", "/numpy/"))


def error_info(exc: BaseException, fn) -> ErrorInfo:
    """Summarise an exception from learner code: type, message, the learner's own line that raised it."""
    info = ErrorInfo(
        type=type(exc).__name__,
        message=str(exc).strip().splitlines()[0] if str(exc).strip() else "",
        not_implemented=isinstance(exc, NotImplementedError),
    )
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _is_library_file(f.filename)]
    if frames:
        last = frames[-1]
        info.function, info.lineno = last.name, last.lineno
        info.line = (last.line or "").strip()
    else:
        info.function = attribute(fn, "__name__")
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
            if isinstance(value, types.FunctionType) and not _is_library_file(value.__code__.co_filename):
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
