"""The checking worker: a long-lived process that forks one child per check, away from the kernel's threads.

Forking the kernel itself is not safe while another of its threads runs
multi-threaded BLAS: OpenBLAS 0.3.27 (Colab's NumPy 2.1.3) deadlocks in its own
fork handler, and the kernel hangs for ever. `engine` therefore starts this
module with os.posix_spawn (no fork handler of the kernel's libraries runs)
and one BLAS thread, so that it never has a thread pool to trip over. It
reads checks from its stdin and, for each, forks a child that

1. leads a process group of its own (so that everything it starts can be killed with it),
2. sends its pid, then unpickles the check (a cloudpickled job: the learner's
   function, the globals it reads, the exercise) and runs it,
3. sends progress labels and the result, HMAC-signed with the check's key,
   on the channel (a copy of stdout; fd 1 and 2 point to /dev/null, so stray
   C-level output cannot corrupt it), tells the worker which modules it
   imported (the worker imports them too, so the next check starts with
   them), then leaves with os._exit.

The kernel measures the child's CPU time and kills its group when the budget is
spent; the worker reaps the child and waits for the next check.

Request on stdin: 4-byte length, then pickle of (key, sys.path, the linecache entries of the
notebook's cells, cloudpickled job).
"""

import importlib
import linecache
import os
import pickle
import signal
import struct
import sys


def _read_exactly(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _as_text(*objs, **kwargs) -> None:
    """display() and plt.show() in a check: a line of text, captured like a print (as in the kernel)."""
    for obj in objs:
        print(f"[display] {repr(obj)[:60]}")


def _show_as_text() -> None:
    """Send learner display() calls and plt.show() to `_as_text` (no notebook is attached here)."""
    display_functions = sys.modules.get("IPython.core.display_functions")
    if display_functions is not None:
        display_functions.display = _as_text
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.show = lambda *args, **kwargs: _as_text(pyplot.gcf())


def _run_check(channel: int, key: bytes, job_bytes: bytes, imports: int) -> None:
    """Body of the per-check child (never returns); writes the modules it imported to `imports`."""
    from . import engine

    code = 0
    loaded = set(sys.modules)
    try:
        engine.enter_check_child(channel, key)
        engine._send(channel, ("pid", os.getpid()), key)
        try:
            _show_as_text()  # before unpickling: a learner's `display` is resolved while unpickling
            job = pickle.loads(job_bytes)
            _show_as_text()  # after: pyplot may have been imported by it
        except BaseException as exc:  # the kernel then checks in a fork of itself
            job, message = None, ("unpicklable", f"{type(exc).__name__}: {exc}")
        if job is not None:
            try:
                message = ("done", job())
            except BaseException as exc:  # report, never leave the kernel waiting
                message = ("crash", f"{type(exc).__name__}: {exc}")
        # Before the answer: once the kernel has it, it kills this process.
        os.write(imports, "\n".join(sorted(set(sys.modules) - loaded)).encode())
        os.close(imports)
        engine._send(channel, message, key)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _import_for_next_time(names: bytes) -> None:
    """Import here what a check's child imported (scipy, sklearn ...), so later children start with it."""
    for name in sorted(names.decode().split(), key=lambda n: n.count(".")):
        if name not in sys.modules and not name.startswith("__"):
            try:
                importlib.import_module(name)
            except BaseException:  # a module that cannot be imported twice, or at all: leave it
                pass


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kernel's interrupt button is the kernel's
    channel = os.dup(1)
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    import numpy  # noqa: F401  (loaded once here, shared by every check's child)

    from . import engine  # noqa: F401

    try:  # so that a learner's `display` is resolved to a function this worker can replace
        import IPython.core.display_functions  # noqa: F401
    except ImportError:
        pass

    while True:
        try:
            (size,) = struct.unpack("!I", _read_exactly(0, 4))
            key, path, sources, job_bytes = pickle.loads(_read_exactly(0, size))
        except EOFError:
            return
        sys.path[:] = path
        linecache.cache.update(sources)
        imports_read, imports_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(imports_read)
            _run_check(channel, key, job_bytes, imports_write)
        os.close(imports_write)
        with os.fdopen(imports_read, "rb") as imported:
            names = imported.read()
        os.waitpid(pid, 0)
        _import_for_next_time(names)


if __name__ == "__main__":
    main()
