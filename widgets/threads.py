"""NumPy's BLAS threads matched to the CPUs this process may really use.

OpenBLAS starts one thread per core it sees. A Binder or JupyterHub pod shows
every core of its host but grants about one CPU (a cgroup quota), and
oversubscribed BLAS threads then spend their share waiting for each other:
the training loops run several times slower than on one thread. joblib's
bundled loky `cpu_count()` counts what is really available (the smallest of
the visible cores, the process's CPU affinity and the cgroup quota, rounded
up), so `fit_blas_threads()` lowers the BLAS pool to that number. It never
raises the pool: a limit the learner set (OPENBLAS_NUM_THREADS=1) is kept.
"""

import numpy  # noqa: F401  (threadpoolctl sees only BLAS libraries already loaded)
from threadpoolctl import threadpool_info, threadpool_limits


def available_cpus() -> int:
    """CPUs this process may use: visible cores, affinity and cgroup quota (at least 1)."""
    from joblib.externals.loky import cpu_count  # imported here: joblib takes a while to import

    return cpu_count(only_physical_cores=False)


def blas_threads() -> int:
    """The largest thread count among the loaded BLAS libraries (1 when none is loaded)."""
    return max((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=1)


def fit_blas_threads() -> int:
    """Lower the BLAS thread pools to `available_cpus()` if they are larger; return the count in force."""
    threads = blas_threads()
    if threads > 1:  # with one thread there is nothing to lower (and joblib need not be imported)
        cpus = available_cpus()
        if threads > cpus:
            threadpool_limits(limits=cpus, user_api="blas")
            threads = blas_threads()
    return threads
