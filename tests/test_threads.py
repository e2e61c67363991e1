"""BLAS threads follow the CPUs a kernel may really use: a cgroup quota, CPU affinity, a limit already set.

Each case starts a real Python process the way a pod or a learner would, imports the course and asks
threadpoolctl how many threads NumPy's BLAS library now runs.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, os, widgets; from widgets.threads import available_cpus, blas_threads; "
    "print(json.dumps([os.cpu_count(), available_cpus(), blas_threads()]))"
)


def load_cpu_quota():
    spec = importlib.util.spec_from_file_location("cpu_quota", ROOT / "scripts" / "cpu_quota.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def environment(**extra):
    """This environment without any BLAS thread setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"}}
    return {**env, **extra}


def probe(prefix=(), **env):
    """(visible cores, available CPUs, BLAS threads) in a new process started through `prefix`."""
    out = subprocess.run([*prefix, sys.executable, "-c", PROBE], env=environment(**env),
                         capture_output=True, text=True, check=True, timeout=120)
    return tuple(json.loads(out.stdout.strip().splitlines()[-1]))


needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs a machine with 2+ cores")


@needs_two_cores
def test_without_limits_blas_keeps_a_thread_per_core():
    cores, cpus, threads = probe()
    assert cpus == cores and threads == cores


@needs_two_cores
def test_a_one_cpu_quota_gives_one_blas_thread_while_every_core_is_visible():
    cpu_quota = load_cpu_quota()
    reason = cpu_quota.available()
    if reason:
        pytest.skip(f"cannot set a cgroup CPU quota here: {reason}")
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cpu_quota.py"), "1", "--", sys.executable, "-c", PROBE],
        env=environment(), capture_output=True, text=True, check=True, timeout=120,
    )
    cores, cpus, threads = json.loads(out.stdout.strip().splitlines()[-1])
    assert cores == os.cpu_count() and cores >= 2
    assert (cpus, threads) == (1, 1)


@needs_two_cores
@pytest.mark.skipif(shutil.which("taskset") is None, reason="util-linux taskset is not installed")
def test_cpu_affinity_to_one_core_gives_one_blas_thread():
    cores, cpus, threads = probe(prefix=("taskset", "-c", "0"))
    assert cores >= 2 and (cpus, threads) == (1, 1)


@needs_two_cores
def test_a_limit_the_learner_set_is_never_raised():
    cores, cpus, threads = probe(OPENBLAS_NUM_THREADS="1")
    assert cpus == cores >= 2 and threads == 1
