"""The lesson notebooks on one CPU: each one run top to bottom with and without a 1-CPU cgroup quota.

Run from the repository root, as root (one to three minutes a round for the eight lessons on 2 cores):

    .venv/bin/python benchmarks/one_cpu.py [--notebooks solutions] [--cpus 1] [--rounds 1] [--cells 10]

A Binder or JupyterHub pod shows its host's cores (os.cpu_count() is large) but a cgroup
CPU quota grants it about one. Each notebook run is a child process of this script (an
nbclient notebook client and its ipykernel kernel); for the quota it starts through
scripts/cpu_quota.py, so client and kernel are both inside the quota and see it at
/sys/fs/cgroup/cpu, as a pod's Jupyter server and kernel do. Without it the child runs directly.

Per notebook the two conditions run back to back, their order alternating from one notebook
and round to the next, so that other load on the machine hits both alike; with --rounds N
each figure is the fastest of N runs, wall time from starting the kernel to the end of the
last cell. Kernels get the learner's environment (OMP_NUM_THREADS and OPENBLAS_NUM_THREADS
removed, not set), the notebook's folder as cwd and a fresh progress store; one extra last
cell reports BLAS threads, the CPUs the kernel sees and its CPU seconds. Timings depend on
the machine and its load: ratios from one run are the result, nothing here is a test.
"""

import argparse
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FREE, QUOTA = "free", "quota"
LEARNER_UNSET = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
PROBE_MARK = "ONE_CPU_PROBE "
# The extra last cell: what the kernel sees and has used, as one marked JSON line.
PROBE = """\
import json as _j, os as _o
import numpy as _np
from threadpoolctl import threadpool_info as _ti
try:
    from joblib.externals.loky import cpu_count as _cc
    _loky = _cc(only_physical_cores=False)
except ImportError:
    _loky = None
_t = _o.times()
print(MARK + _j.dumps({
    "numpy": _np.__version__, "cpu_count": _o.cpu_count(), "loky_cpu_count": _loky,
    "blas": sorted({f"{p['internal_api']} {p['num_threads']}" for p in _ti() if p["user_api"] == "blas"}),
    "cpu_seconds": _t.user + _t.system + _t.children_user + _t.children_system,
}))
""".replace("MARK", repr(PROBE_MARK))
# The autograder's timeout wording (timeout_result in widgets/autograder/engine.py).
TIMEOUT_WORDING = re.compile(r"stopped after [0-9.]+ seconds|did not return within [0-9.]+ seconds")

_spec = importlib.util.spec_from_file_location("cpu_quota", ROOT / "scripts" / "cpu_quota.py")
cpu_quota = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cpu_quota)


# One run of one notebook, in a child process of the benchmark (so that Ctrl-C reaches the
# notebook client, which then shuts its kernel down).
def output_texts(output):
    """Every piece of text in one nbformat output: stream text, text/* data, an error's name and value."""
    if output.get("output_type") == "stream":
        yield output.get("text", "")
    elif output.get("output_type") == "error":
        yield f"{output.get('ename')}: {output.get('evalue')}"
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/"):
            yield value if isinstance(value, str) else "".join(value)


def first_line(source):
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return lines[0] if lines else ""


def run_notebook(path, timeout):
    """Execute the notebook at path in a kernel with this process's environment; return what happened."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    probe_index = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    kernel_ready, cell_start, cell_seconds = [], {}, {}  # cell_start[probe_index]: the end of the notebook

    def on_cell_executed(cell_index, **_):
        cell_seconds[cell_index] = time.perf_counter() - cell_start[cell_index]

    folder = str(Path(path).parent)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True, record_timing=False,
        shutdown_kernel="immediate", resources={"metadata": {"path": folder}},
        on_notebook_start=lambda **_: kernel_ready.append(time.perf_counter()),
        on_cell_execute=lambda cell_index, **_: cell_start.update({cell_index: time.perf_counter()}),
        on_cell_executed=on_cell_executed,
    )
    result = {"failed": None, "errors": [], "timeouts": [], "probe": None}
    start = time.perf_counter()
    try:
        client.execute(cwd=folder)
    except Exception as error:  # a cell over --timeout, a dead kernel: reported, the benchmark goes on
        message = (str(error).strip().splitlines() or [""])[0][:200]
        result["failed"] = f"{type(error).__name__}: {message}".rstrip(": ")
    result["seconds"] = cell_start.get(probe_index, time.perf_counter()) - start
    result["kernel_start"] = (kernel_ready or [start])[0] - start
    result["cells"] = [
        [index, seconds, first_line(nb.cells[index].source)]
        for index, seconds in sorted(cell_seconds.items())
        if index != probe_index
    ]
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            texts = list(output_texts(output))
            if index == probe_index:
                for line in "".join(texts).splitlines():
                    if line.startswith(PROBE_MARK):
                        result["probe"] = json.loads(line[len(PROBE_MARK) :])
                continue
            if output.get("output_type") == "error":
                result["errors"].append([index, f"{output.get('ename')}: {output.get('evalue')}"[:160]])
            found = [match.group(0) for text in texts for match in TIMEOUT_WORDING.finditer(text)]
            if found:  # one per output (its text/plain and text/html say the same)
                result["timeouts"].append([index, found[0]])
    return result


# The benchmark
class StopError(Exception):
    """SIGTERM arrived: clean up as after Ctrl-C."""


def on_sigterm(signum, frame):
    raise StopError


def run_child(command, env, log):
    """Run command with its output to log and wait for it; on Ctrl-C or SIGTERM wait for it to stop."""
    child = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        return child.wait()
    except BaseException as interrupted:
        # Ctrl-C reached the child too: its notebook client shuts the kernel down. SIGTERM: tell it so.
        print("\ninterrupted: stopping the notebook's kernel", file=sys.stderr)
        if isinstance(interrupted, StopError):
            child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        raise


def run_once(notebook, cpus, timeout, folder, run_id):
    """Run one notebook in a fresh child process, under a quota of cpus CPUs unless None; its result."""
    out = folder / f"{run_id}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--run-notebook", str(notebook)]
    command += ["--timeout", str(timeout), "--out", str(out)]
    env = {key: value for key, value in os.environ.items() if key not in LEARNER_UNSET}
    env["MNIST_FROM_SCRATCH_PROGRESS"] = str(folder / f"{run_id}.sqlite3")
    with open(folder / f"{run_id}.log", "w+") as log:
        if cpus is None:
            code, throttled = run_child(command, env, log), 0.0
        else:
            with cpu_quota.quota(cpus) as (prefix, group):
                code = run_child([*prefix, *command], env, log)
                throttled = cpu_quota.throttled_seconds(group)
        if code or not out.exists():
            log.seek(0)
            raise SystemExit(f"running {notebook} failed (exit {code}):\n{log.read()[-3000:]}")
    return {**json.loads(out.read_text()), "throttled": throttled}


def resolve_notebooks(patterns):
    """Notebooks from paths, folders (their *.ipynb) or glob patterns, relative to here or the repository."""
    found = []
    for pattern in patterns:
        for base in (Path.cwd(), ROOT):
            path = base / pattern
            matches = sorted(path.glob("*.ipynb")) if path.is_dir() else sorted(map(Path, glob(str(path))))
            if matches:
                found += [match.resolve() for match in matches]
                break
        else:
            raise SystemExit(f"no notebook matches {pattern}")
    return list(dict.fromkeys(found))


def label(path):
    return f"{path.parent.name}/{path.stem}" if path.parent.name != "lessons" else path.stem


def fastest(runs):
    """The fastest of the runs that went to the end (of all, if none did)."""
    return min([run for run in runs if not run["failed"]] or runs, key=lambda run: run["seconds"])


def print_report(notebooks, results, quota_name, cells_wanted):
    """The summary: what the kernels saw, the table, totals, the slowest lesson, timeouts, errors, cells."""
    names = {FREE: "no quota", QUOTA: quota_name}
    runs = [(nb, c, run) for nb in notebooks for c in (FREE, QUOTA) for run in results[nb][c]]
    print("\nWhat the kernel saw at the end of each run (all runs):")
    for condition in (FREE, QUOTA):
        seen = [run["probe"] for _, c, run in runs if c == condition and run["probe"]]
        blas = sorted({", ".join(probe["blas"]) or "no BLAS loaded" for probe in seen})
        counts = sorted({str(probe["cpu_count"]) for probe in seen})
        loky = sorted({str(probe["loky_cpu_count"]) for probe in seen})
        print(
            f"  {names[condition]:>10s}: BLAS threads {' | '.join(blas)}; "
            f"os.cpu_count() {' | '.join(counts)}; loky cpu_count() {' | '.join(loky)}"
        )

    width = max(len(label(nb)) for nb in notebooks) + 2
    print(
        f"\n{'lesson':{width}s}{'no quota':>10s}{quota_name:>10s}{'ratio':>8s}{'kernel CPU s':>15s}"
        f"{'throttled':>11s}{'start s':>11s}{'errors':>8s}{'timeouts':>10s}"
    )
    print(
        f"{'':{width}s}{'s':>10s}{'s':>10s}{'':>8s}{'no q/quota':>15s}{'s':>11s}{'no q/quota':>11s}"
        f"{'no q/q':>8s}{'no q/q':>10s}"
    )
    best = {nb: {c: fastest(results[nb][c]) for c in (FREE, QUOTA)} for nb in notebooks}
    for nb in notebooks:
        free, quota = best[nb][FREE], best[nb][QUOTA]
        cpu = "/".join(f"{run['probe']['cpu_seconds']:.1f}" if run["probe"] else "?" for run in (free, quota))
        start = "/".join(f"{run['kernel_start']:.1f}" for run in (free, quota))
        # cells with an output of each kind in any round
        errors, timeouts = (
            "/".join(str(len({i for run in results[nb][c] for i, _ in run[kind]})) for c in (FREE, QUOTA))
            for kind in ("errors", "timeouts")
        )
        print(
            f"{label(nb):{width}s}{free['seconds']:10.1f}{quota['seconds']:10.1f}"
            f"{quota['seconds'] / free['seconds']:7.2f}x{cpu:>15s}{quota['throttled']:11.1f}"
            f"{start:>11s}{errors:>8s}{timeouts:>10s}"
        )
    total = {c: sum(best[nb][c]["seconds"] for nb in notebooks) for c in (FREE, QUOTA)}
    print(f"{'total':{width}s}{total[FREE]:10.1f}{total[QUOTA]:10.1f}{total[QUOTA] / total[FREE]:7.2f}x")
    slowest = max(notebooks, key=lambda nb: best[nb][QUOTA]["seconds"])
    steepest = max(notebooks, key=lambda nb: best[nb][QUOTA]["seconds"] / best[nb][FREE]["seconds"])
    print(
        f"slowest under the quota: {label(slowest)} ({best[slowest][QUOTA]['seconds']:.1f} s); "
        f"largest ratio: {label(steepest)}"
    )
    spread = [
        f"{label(nb)} {names[c]} {min(times):.1f}-{max(times):.1f} s"
        for nb in notebooks
        for c in (FREE, QUOTA)
        if len(times := [run["seconds"] for run in results[nb][c]]) > 1 and max(times) > 1.5 * min(times)
    ]
    if spread:
        print("varied more than 1.5x from round to round: " + "; ".join(spread))
    print(
        "(seconds: kernel start to the end of the last cell, fastest of the rounds; kernel CPU s: user +"
        " system\n of the kernel and its waited-for children over its life; throttled: time the quota held"
        " the group back;\n errors, timeouts: cells with such an output in any round)"
    )

    for nb, condition, run in runs:
        if run["failed"]:
            print(f"RUN STOPPED: {label(nb)} ({names[condition]}): {run['failed']}")
    headings = {"timeouts": "autograder checks timed out", "errors": "cells with an error output"}
    for kind, heading in headings.items():
        found = {(label(nb), names[c], index, text) for nb, c, run in runs for index, text in run[kind]}
        print(f"{heading}: " + (f"{len(found)}" if found else "none"))
        for name, condition, index, text in sorted(found):
            print(f"  {name} cell {index} ({condition}): {text}")

    if cells_wanted:
        print_cells(notebooks, results, quota_name, cells_wanted)


def print_cells(notebooks, results, quota_name, count):
    """The count slowest cells under the quota (fastest over the rounds), beside their time without it."""
    rows = []
    for nb in notebooks:
        best = {FREE: {}, QUOTA: {}}  # condition -> cell index -> (seconds, first line)
        for condition, cells in best.items():
            for index, seconds, source in (cell for run in results[nb][condition] for cell in run["cells"]):
                cells[index] = min(cells.get(index, (seconds, source)), (seconds, source))
        rows += [
            (seconds, best[FREE].get(index, (float("nan"),))[0], label(nb), index, source)
            for index, (seconds, source) in best[QUOTA].items()
        ]
    rows.sort(reverse=True)
    total = sum(row[0] for row in rows)
    width = max(len(label(nb)) for nb in notebooks) + 1
    print(f"\nslowest {min(count, len(rows))} of {len(rows)} cells under the quota ({total:.1f} s in all):")
    print(f"  {'lesson':{width}s}{'cell':>5s}{'no quota':>10s}{quota_name:>10s}{'ratio':>8s}  first line")
    for seconds, free, name, index, source in rows[:count]:
        ratio = f"{seconds / free:7.2f}x" if free > 0 else "      - "
        print(f"  {name:{width}s}{index:5d}{free:10.2f}{seconds:10.2f}{ratio}  {source[:60]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", nargs="+", default=["lessons/*.ipynb"],
                        help="notebooks, folders or glob patterns (default lessons/*.ipynb; e.g. solutions)")
    parser.add_argument("--cpus", type=float, default=1.0, help="the quota in CPUs (default 1.0)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs per notebook and condition (the fastest is reported)")
    parser.add_argument("--cells", type=int, default=0, metavar="N",
                        help="also list the N slowest cells under the quota")
    parser.add_argument("--timeout", type=int, default=900, help="seconds one cell may take (default 900)")
    parser.add_argument("--run-notebook", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_notebook:
        Path(args.out).write_text(json.dumps(run_notebook(args.run_notebook, args.timeout)))
        return
    if args.cpus <= 0 or args.rounds < 1:
        parser.error("--cpus must be above 0 and --rounds at least 1")
    reason = cpu_quota.available()
    if reason:
        sys.exit(f"one_cpu.py: cannot set a CPU quota here: {reason}.")

    import numpy as np

    notebooks = resolve_notebooks(args.notebooks)
    quota_name = f"{args.cpus:g} CPU"
    signal.signal(signal.SIGTERM, on_sigterm)
    print(
        f"Lesson notebooks under a {args.cpus:g}-CPU cgroup quota (scripts/cpu_quota.py: cfs_quota_us "
        f"{max(1000, round(args.cpus * cpu_quota.PERIOD_US))} per {cpu_quota.PERIOD_US} us),"
        " as in a Binder/JupyterHub pod"
    )
    print(f"numpy {np.__version__}, os.cpu_count() {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.2f} at start, {args.rounds} round(s)")
    unset = [name for name in LEARNER_UNSET if name in os.environ]
    removed = f" ({', '.join(unset)} removed)" if unset else ""
    print(f"kernels: the learner's environment{removed}, the notebook's folder as cwd, a fresh progress store"
          " in a temporary folder;\n  under the quota, notebook client and kernel both inside it, its group"
          " bound at /sys/fs/cgroup/cpu")
    results = {nb: {FREE: [], QUOTA: []} for nb in notebooks}
    width = max(len(label(nb)) for nb in notebooks) + 1
    try:
        with tempfile.TemporaryDirectory(prefix="one_cpu_") as folder:
            for round_index in range(args.rounds):
                for position, nb in enumerate(notebooks):
                    order = (FREE, QUOTA) if (round_index + position) % 2 == 0 else (QUOTA, FREE)
                    for condition in order:
                        cpus = args.cpus if condition == QUOTA else None
                        run_id = f"{round_index}_{position}_{condition}"
                        run = run_once(nb, cpus, args.timeout, Path(folder), run_id)
                        results[nb][condition].append(run)
                        note = f"  STOPPED: {run['failed']}" if run["failed"] else ""
                        print(
                            f"  round {round_index + 1} {label(nb):{width}s}"
                            f"{'no quota' if condition == FREE else quota_name:>8s} "
                            f"{run['seconds']:7.1f} s{note}",
                            flush=True,
                        )
    except (KeyboardInterrupt, StopError):
        sys.exit(130)
    print_report(notebooks, results, quota_name, args.cells)
    print(f"\nload average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
