"""Run a command as if in a one-CPU Binder or JupyterHub pod: a cgroup CPU quota, all cores still visible.

    python scripts/cpu_quota.py 1.0 -- python -c "import os; print(os.cpu_count())"

The command (and every process it starts) runs in a new cgroup v1 `cpu` group
whose quota is CPUS times the period, so together they get at most CPUS cores
of time while `os.cpu_count()` still shows the machine's cores, as in a pod.
Inside a pod the pod's own group is what /sys/fs/cgroup/cpu shows, which is
where libraries (loky's `cpu_count()`) read the quota; the command gets the
same view through a private mount namespace with the group bind-mounted there.

Needs root, a writable /sys/fs/cgroup/cpu (cgroup v1) and util-linux `unshare`;
`available()` says whether this machine has them. Exits with the command's code.
When it ends, processes the command left in the group are ended, as when a pod stops.
From Python: `run(cpus, command)`, or `with quota(cpus) as (prefix, group):` to start
`prefix + command` yourself and read `throttled_seconds(group)` before the group goes.
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

CPU_CONTROLLER = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000


def available() -> str | None:
    """None when quotas can be set here, else the reason they cannot."""
    if not (CPU_CONTROLLER / "cpu.cfs_quota_us").exists():
        return f"no cgroup v1 cpu controller at {CPU_CONTROLLER}"
    if os.geteuid() != 0 or not os.access(CPU_CONTROLLER, os.W_OK):
        return f"{CPU_CONTROLLER} is not writable (run as root)"
    if shutil.which("unshare") is None:
        return "util-linux `unshare` is not installed"
    return None


@contextlib.contextmanager
def quota(cpus: float) -> Iterator[tuple[list[str], Path]]:
    """A new group with a quota of `cpus` CPUs for the block: (words to put before a command to run it
    there, with the group bound over /sys/fs/cgroup/cpu, the group's folder). Removed on leaving."""
    reason = available()
    if reason:
        raise RuntimeError(f"cannot set a CPU quota: {reason}")
    group = CPU_CONTROLLER / f"mnist-from-scratch-{os.getpid()}-{time.monotonic_ns()}"
    group.mkdir()
    try:
        (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (group / "cpu.cfs_quota_us").write_text(str(max(1000, round(cpus * PERIOD_US))))
        procs = group / "cgroup.procs"
        inner = f'echo $$ > "{procs}" && mount --bind "{group}" "{CPU_CONTROLLER}" && exec "$@"'
        yield ["unshare", "--mount", "--propagation", "private", "sh", "-c", inner, "sh"], group
    finally:
        _remove(group)


def run(cpus: float, command: list[str], **popen_kwargs) -> int:
    """Run `command` under a quota of `cpus` CPUs and wait for it; returns its exit code."""
    with quota(cpus) as (prefix, _):
        return subprocess.run([*prefix, *command], **popen_kwargs).returncode


def throttled_seconds(group: Path) -> float:
    """How long the quota has held the group's processes back so far (cpu.stat throttled_time), in seconds."""
    stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines())
    return int(stat["throttled_time"]) / 1e9


def _remove(group: Path) -> None:
    """Remove the group once its last process has left (children may outlive the command briefly).

    Processes still in it after 2 s (say a kernel whose client was killed) are ended by pid, as when a
    pod stops: SIGTERM, then SIGKILL after 5 s.
    """
    for attempt in range(100):
        try:
            group.rmdir()
            return
        except OSError:
            for pid in _pids(group) if attempt >= 20 else []:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM if attempt < 70 else signal.SIGKILL)
            time.sleep(0.1)


def _pids(group: Path) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(pid) for pid in (group / "cgroup.procs").read_text().split()]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("cpus", type=float, help="CPU quota, in CPUs (1.0 = one core's time)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command after --")
    reason = available()
    if reason:
        print(f"cpu_quota: cannot set a CPU quota here: {reason}.", file=sys.stderr)
        return 2
    return run(args.cpus, command)


if __name__ == "__main__":
    sys.exit(main())
