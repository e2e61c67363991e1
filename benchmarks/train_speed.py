"""Training speed side by side: the seed notebook, the course's trainers, the bound and scikit-learn.

Run from the repository root (about three minutes on a quiet 2-core machine):

    .venv/bin/python benchmarks/train_speed.py

Everything runs in this one process on the same data, except the memory
measurements, which each need a fresh process. Ratios are the result: the
machines are shared, so each timing is the median of several interleaved runs.

1. Time per pass over the training set at the seed's shape (785 x 41,000):
   the seed's code as written (debug prints removed), the course's trainer
   `fast.full_batch_gradient_descent`, the bound (the two products that must stream the
   training matrix, W1 @ X and dZ1 @ X.T, in float32) and MLPClassifier
   (one epoch of its default adam mini-batches).
2. Time to dev accuracy on the bundled digits (9,000 train, 1,000 dev): the
   seed's full-batch loop, the mini-batch trainer and MLPClassifier, at 10 and
   256 hidden units. Dev accuracy is measured every ~1,000 training examples
   (every 10 iterations for the full-batch loop), with the clock paused.
3. Peak memory of loading the data (a fresh process each).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info, threadpool_limits

from widgets import data, fast
from widgets import reference as ref

SEED_SHAPE_COLUMNS = 41_000
SEED_ALPHA = 0.10
EVAL_EVERY_EXAMPLES = 1_000
SEED = "seed notebook (float64)"
BOUND = "bound: W1 @ X and dZ1 @ X.T (float32)"
MLP = "MLPClassifier adam, one epoch"
REF32 = "course trainer, fast.full_batch (float32 X)"
REF64 = "course trainer, fast.full_batch (float64 X)"
BOUND_USED = "bound, pixel rows not 0 everywhere only"


# ---------------------------------------------------------------------------------------------
# The seed notebook's training code, as written (its debug prints removed). It reads the
# global m_train, as the notebook does.
# ---------------------------------------------------------------------------------------------
m_train = None


def seed_init_params():
    W1 = np.random.rand(10, 785) - 0.5  # noqa: NPY002 (the seed's own code)
    W2 = np.random.rand(10, 10) - 0.5  # noqa: NPY002
    return W1, W2


def seed_ReLU(Z):
    return np.maximum(0, Z)


def seed_softmax(Z):
    return np.exp(Z) / sum(np.exp(Z))


def seed_forward_prop(W1, W2, X):
    Z1 = np.dot(W1, X)
    A1 = seed_ReLU(Z1)
    Z2 = np.dot(W2, A1)
    A2 = seed_softmax(Z2)
    return Z1, A1, Z2, A2


def seed_ReLU_deriv(Z):
    return Z > 0


def seed_one_hot(Y):
    one_hot_Y = np.zeros((Y.size, Y.max() + 1))
    one_hot_Y[np.arange(Y.size), Y] = 1
    one_hot_Y = one_hot_Y.T
    return one_hot_Y


def seed_backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):
    one_hot_Y = seed_one_hot(Y)
    dZ2 = A2 - one_hot_Y
    dW2 = np.dot(dZ2, A1.T) / m_train
    dZ1 = np.dot(W2.T, dZ2) * seed_ReLU_deriv(Z1)
    dW1 = np.dot(dZ1, X.T) / m_train
    return dW1, dW2


def seed_update_params(W1, W2, dW1, dW2, alpha):
    W1 = W1 - alpha * dW1
    W2 = W2 - alpha * dW2
    return W1, W2


def seed_get_predictions(A2):
    return np.argmax(A2, 0)


def seed_get_accuracy(predictions, Y):
    return np.sum(predictions == Y) / Y.size


def seed_iterations(W1, W2, X, Y, alpha, first, count):
    """Iterations first .. first + count - 1 of the seed's gradient_descent loop body."""
    for i in range(first, first + count):
        Z1, A1, Z2, A2 = seed_forward_prop(W1, W2, X)
        dW1, dW2 = seed_backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)
        W1, W2 = seed_update_params(W1, W2, dW1, dW2, alpha=alpha)
        if i % 10 == 0:
            seed_get_accuracy(seed_get_predictions(A2), Y)
    return W1, W2


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def dev_accuracy(W1, W2, X_dev, Y_dev):
    """Accuracy of weights W1 (h, 785), W2 (10, h) on padded X_dev (785, n)."""
    return ref.get_accuracy(ref.make_predictions(X_dev, W1, W2), Y_dev)


def first_reaching(curve, target):
    """Training seconds at the first (seconds, accuracy) point of curve with accuracy >= target, else None."""
    return next((seconds for seconds, accuracy in curve if accuracy >= target), None)


def fmt_seconds(seconds):
    return "not reached" if seconds is None else f"{seconds * 1e3:9.1f} ms"


def fmt_ratio(numerator, denominator):
    if numerator is None or denominator is None:
        return "n/a"
    return f"{numerator / denominator:.2f}x"


def blas_description():
    """One line per BLAS library numpy and scikit-learn use: name, version, kernel, threads."""
    lines = []
    for info in threadpool_info():
        if info.get("user_api") == "blas":
            lines.append(
                f"{info['internal_api']} {info.get('version')} kernel={info.get('architecture')} "
                f"threads={info['num_threads']} ({Path(info['filepath']).name})"
            )
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    lines.append(f"OPENBLAS_CORETYPE={coretype!r} OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE')!r}")
    return lines


def seed_shape_data():
    """Float32 training set at the seed's shape: X (784, 41000), Y (41000,), and where it came from."""
    if data.is_mnist_cached():
        images, labels = data.load_mnist_arrays()
        table = np.column_stack([labels[:42_000], images[:42_000]])
        X, Y, _, _ = data.train_dev_split(table, dtype=np.float32)
        return X, Y, "the cached full MNIST (first 42,000 digits, 1,000 held out)"
    X, Y, _, _ = data.train_dev_split(data.load_mnist(), dtype=np.float32)
    repeats = -(-SEED_SHAPE_COLUMNS // X.shape[1])
    X = np.ascontiguousarray(np.tile(X, repeats)[:, :SEED_SHAPE_COLUMNS])
    Y = np.tile(Y, repeats)[:SEED_SHAPE_COLUMNS]
    return X, Y, "the bundled 9,000 training digits tiled (full MNIST not cached)"


# ---------------------------------------------------------------------------------------------
# 1. Time per pass at the seed's shape
# ---------------------------------------------------------------------------------------------
def time_per_pass(repeats, iterations):
    """Median seconds per pass over the 41,000 columns for each contender, interleaved `repeats` times.

    For the reference trainer, a round times a call of 0 iterations (its one-time
    setup: checks, float32 copy of the pixel rows in use, buffers) and a call of
    `iterations`; a pass is their difference divided by `iterations`.
    Returns (medians, samples, setup medians) keyed by contender name.
    """
    global m_train
    X32, Y, source = seed_shape_data()
    m_train = X32.shape[1]
    X32 = ref.pad(X32)
    X64 = X32.astype(np.float64)  # the seed divides uint8 by 255.: float64
    used = np.flatnonzero(X32.any(axis=1))
    X32_used = np.ascontiguousarray(X32[used])
    print(f"Data: X {X32.shape} from {source};")
    print(f"{len(used) - 1} of its 784 pixel rows are not 0 in every example.")

    np.random.seed(0)  # noqa: NPY002 (seeds the seed's global-state init)
    seed_W = seed_init_params()
    dZ1 = np.ones((10, m_train), np.float32)
    Z1 = np.empty((10, m_train), np.float32)
    mlp = MLPClassifier(hidden_layer_sizes=(10,), random_state=0)
    mlp.partial_fit(X32[1:].T, Y, classes=np.arange(10))
    X32_rows = np.ascontiguousarray(X32[1:].T)  # scikit-learn wants one row per example

    def bound(X):
        W1 = np.ones((10, X.shape[0]), np.float32)
        dW1 = np.empty_like(W1)
        np.matmul(W1, X, out=Z1)
        np.matmul(dZ1, X.T, out=dW1)

    def reference(X):
        return lambda n: fast.full_batch_gradient_descent(X, Y, SEED_ALPHA, n)

    contenders = {
        SEED: lambda n: seed_iterations(*seed_W, X64, Y, SEED_ALPHA, 0, n),
        REF32: reference(X32),
        REF64: reference(X64),
        BOUND: lambda n: [bound(X32) for _ in range(n)],
        BOUND_USED: lambda n: [bound(X32_used) for _ in range(n)],
        MLP: lambda n: [mlp.partial_fit(X32_rows, Y) for _ in range(n)],
    }
    passes = {MLP: max(1, iterations // 4)}  # its epochs are slow: fewer per round
    samples = {name: [] for name in contenders}
    setups = {REF32: [], REF64: []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for run in contenders.values():  # warm up: first-touch page faults, thread start-up
            run(1)
        for _ in range(repeats):
            for name, run in contenders.items():
                setup = 0.0
                if name in setups:
                    start = time.perf_counter()
                    run(0)
                    setup = time.perf_counter() - start
                    setups[name].append(setup)
                n = passes.get(name, iterations)
                start = time.perf_counter()
                run(n)
                samples[name].append((time.perf_counter() - start - setup) / n)
    medians = {name: float(np.median(values)) for name, values in samples.items()}
    return medians, samples, {name: float(np.median(values)) for name, values in setups.items()}


# ---------------------------------------------------------------------------------------------
# 2. Time to dev accuracy on the bundled digits
# ---------------------------------------------------------------------------------------------
def seed_curve(X_train, Y_train, X_dev, Y_dev, max_iterations, stop_at):
    """(training seconds, dev accuracy) every 10 iterations of the seed's loop, until stop_at or the cap."""
    global m_train
    m_train = X_train.shape[1]
    X, Y = ref.pad(X_train.astype(np.float64)), Y_train
    X_dev = ref.pad(X_dev.astype(np.float64))
    np.random.seed(0)  # noqa: NPY002 (seeds the seed's global-state init)
    W1, W2 = seed_init_params()
    seconds, curve = 0.0, []
    for first in range(0, max_iterations, 10):
        start = time.perf_counter()
        W1, W2 = seed_iterations(W1, W2, X, Y, SEED_ALPHA, first, 10)
        seconds += time.perf_counter() - start
        curve.append((seconds, dev_accuracy(W1, W2, X_dev, Y_dev)))
        if curve[-1][1] >= stop_at:
            break
    return curve


def minibatch_curve(X, Y, X_dev, Y_dev, alpha, epochs, batch_size, hidden_units, stop_at):
    """(training seconds, dev accuracy) every ~1,000 examples of the mini-batch trainer.

    The clock is paused while dev accuracy is measured.
    """
    every = max(1, EVAL_EVERY_EXAMPLES // batch_size)
    curve, paused = [], [0.0]

    def measure(step, W1, W2):
        if (step + 1) % every:
            return True
        pause = time.perf_counter()
        curve.append((pause - start - paused[0], dev_accuracy(W1, W2, X_dev, Y_dev)))
        paused[0] += time.perf_counter() - pause
        return curve[-1][1] < stop_at

    start = time.perf_counter()
    fast.minibatch_gradient_descent(
        X, Y, alpha, epochs, batch_size=batch_size, hidden_units=hidden_units, weights_callback=measure
    )
    return curve


def mlp_curve(X_train, Y_train, X_dev, Y_dev, hidden_units, epochs, stop_at, blas_threads=None):
    """(training seconds, dev accuracy) of MLPClassifier (adam defaults) every ~1,000 examples.

    partial_fit on chunks of 1,000 shuffled examples (5 of its 200-example batches),
    a fresh shuffle each epoch; the clock runs only inside partial_fit.
    """
    rows, dev_rows = np.ascontiguousarray(X_train.T), np.ascontiguousarray(X_dev.T)
    mlp = MLPClassifier(hidden_layer_sizes=(hidden_units,), random_state=0)
    rng = np.random.default_rng(0)
    seconds, curve = 0.0, []
    with warnings.catch_warnings(), threadpool_limits(limits=blas_threads, user_api="blas"):
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(epochs):
            order = rng.permutation(len(rows))
            for begin in range(0, len(rows), EVAL_EVERY_EXAMPLES):
                chosen = order[begin : begin + EVAL_EVERY_EXAMPLES]
                start = time.perf_counter()
                mlp.partial_fit(rows[chosen], Y_train[chosen], classes=np.arange(10))
                seconds += time.perf_counter() - start
                curve.append((seconds, mlp.score(dev_rows, Y_dev)))
                if curve[-1][1] >= stop_at:
                    return curve
    return curve


# ---------------------------------------------------------------------------------------------
# 3. Peak memory of loading
# ---------------------------------------------------------------------------------------------
def memory_status(field):
    """VmRSS (resident now) or VmHWM (peak resident since this program started) in bytes, from /proc."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1]) * 1024


def measure_load(kind, cache_dir):
    """In this fresh process: load the data as float32 X; print the peak memory growth as JSON.

    Peak RSS growth is VmHWM after loading minus VmRSS before (getrusage's ru_maxrss
    would include the parent's size: Linux keeps it across fork and exec).
    """
    import tracemalloc

    before = memory_status("VmRSS")
    tracemalloc.start()
    if kind == "bundled":
        table = data.load_mnist()
    else:
        table = data.download_mnist(cache_dir=cache_dir, progress=False)
    X_train, Y_train, X_dev, Y_dev = data.train_dev_split(table, dtype=np.float32)
    traced_peak = tracemalloc.get_traced_memory()[1]
    peak = memory_status("VmHWM")
    print(
        json.dumps(
            {
                "rows": len(table),
                "float32_bytes": X_train.nbytes + X_dev.nbytes,
                "peak_rss_growth": peak - before,
                "traced_peak": traced_peak,
            }
        )
    )


def load_memory(kind, cache_dir=None):
    """Run measure_load in a fresh interpreter; return its measurements."""
    command = [sys.executable, __file__, "--measure-load", kind]
    if cache_dir is not None:
        command += ["--cache-dir", str(cache_dir)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def synthetic_cache(folder):
    """Write 70,000 tiled bundled digits as the loader's cache file (mnist-uint8.npy) in folder."""
    table = np.asarray(data.load_mnist())
    table = np.tile(table, (-(-70_000 // len(table)), 1))[:70_000]
    np.save(Path(folder) / data.TABLE_NAME, np.ascontiguousarray(table))


# ---------------------------------------------------------------------------------------------
def print_per_pass(medians, samples, setups):
    bound, bound_used, seed = medians[BOUND], medians[BOUND_USED], medians[SEED]
    print(f"{'':44s}{'ms/pass':>9s}{'min':>8s}{'x bound':>9s}{'x bound':>9s}{'seed/this':>11s}")
    print(f"{'':44s}{'median':>9s}{'':>8s}{'':>9s}{'in use':>9s}{'':>11s}")
    for name, median in medians.items():
        print(
            f"{name:44s}{median * 1e3:9.1f}{min(samples[name]) * 1e3:8.1f}"
            f"{median / bound:8.2f}x{median / bound_used:8.2f}x{seed / median:10.2f}x"
        )
    print(
        "(medians; 'bound in use' is the same two products over the pixel rows that are not 0 in every\n"
        " example, which is what the reference trainer multiplies.) One-time setup per call of the\n"
        " reference trainer (checks, float32 copy of the rows in use, buffers): "
        + ", ".join(f"{seconds * 1e3:.0f} ms for {name[-10:-1]}" for name, seconds in setups.items())
    )
    lows = {name: min(values) for name, values in samples.items()}
    for label, times in (("medians", medians), ("minimums", lows)):
        print(
            f"{label + ':':9s} reference (float32 X) / bound {times[REF32] / times[BOUND]:.2f}x "
            "(target <= 1.25), "
            f"/ bound in use {times[REF32] / times[BOUND_USED]:.2f}x; "
            f"seed / reference {times[SEED] / times[REF32]:.2f}x (target >= 1.8)"
        )


def print_time_to_accuracy(rows, targets):
    print("784-10-10" + " " * 35 + "".join(f"{f'to {t:.0%}':>13s}" for t in targets) + f"{'best dev':>10s}")
    for name, curve in rows:
        cells = "".join(f"{fmt_seconds(first_reaching(curve, t)):>13s}" for t in targets)
        print(f"{name:44s}{cells}{max(a for _, a in curve):10.1%}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved timing rounds (median reported)")
    parser.add_argument("--iterations", type=int, default=8, help="passes per timing round")
    parser.add_argument(
        "--blas-threads", type=int, help="BLAS threads for the per-pass timings (default: the library's)"
    )
    parser.add_argument("--sections", default="123", help="which sections to run, e.g. 1 or 23 (default 123)")
    parser.add_argument("--measure-load", choices=["bundled", "full"], help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_load:
        measure_load(args.measure_load, args.cache_dir)
        return

    print("Training speed: the seed notebook, the course's trainers, the bound and scikit-learn")
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for line in blas_description():
        print("BLAS:", line)

    if "1" in args.sections:
        threads = args.blas_threads or "default"
        print(f"\n1. Time per pass at the seed's shape ({args.repeats} rounds), BLAS threads: {threads}")
        with threadpool_limits(limits=args.blas_threads, user_api="blas"):
            print_per_pass(*time_per_pass(args.repeats, args.iterations))
    if "2" in args.sections:
        accuracy_section()
    if "3" in args.sections:
        memory_section()
    print(f"\nload average {os.getloadavg()[0]:.1f} at end")


def accuracy_section():
    print("\n2. Dev accuracy on the bundled digits (9,000 train, 1,000 dev; clock paused to measure)")
    X_train, Y_train, X_dev, Y_dev = data.train_dev_split(data.load_mnist(), dtype=np.float32)
    X, X_dev_padded = ref.pad(X_train), ref.pad(X_dev)
    seed_run = seed_curve(X_train, Y_train, X_dev, Y_dev, max_iterations=3000, stop_at=0.85)
    start = time.perf_counter()
    W1, W2 = fast.full_batch_gradient_descent(X, Y_train, SEED_ALPHA, 500)
    reference_seconds = time.perf_counter() - start
    seed_500 = seed_run[min(len(seed_run), 50) - 1]
    print("500 full-batch iterations, alpha 0.1 (the seed notebook's run):")
    print(f"  seed notebook          dev {seed_500[1]:.1%} in {fmt_seconds(seed_500[0]).strip()}")
    print(
        f"  reference (He init)    dev {dev_accuracy(W1, W2, X_dev_padded, Y_dev):.1%} "
        f"in {fmt_seconds(reference_seconds).strip()}"
    )

    mini10 = minibatch_curve(X, Y_train, X_dev_padded, Y_dev, 0.05, 20, 128, 10, stop_at=0.90)
    mlp10 = mlp_curve(X_train, Y_train, X_dev, Y_dev, 10, 30, stop_at=0.90)
    mlp10_one = mlp_curve(X_train, Y_train, X_dev, Y_dev, 10, 30, stop_at=0.90, blas_threads=1)
    targets = (0.85, 0.88, 0.90)
    print_time_to_accuracy(
        [
            ("seed full-batch loop, alpha 0.1", seed_run),
            ("mini-batch 128, alpha 0.05, momentum 0.9", mini10),
            ("MLPClassifier adam defaults", mlp10),
            ("MLPClassifier adam defaults, 1 BLAS thread", mlp10_one),
        ],
        targets,
    )
    seed_85, mini_85 = first_reaching(seed_run, 0.85), first_reaching(mini10, 0.85)
    note = "" if seed_85 else " (the seed never reached 85% in 3,000 iterations: a lower bound)"
    print(f"seed loop / mini-batch, time to 85%: {fmt_ratio(seed_85 or seed_run[-1][0], mini_85)}{note}")
    for t in targets:
        reached = [s for s in (first_reaching(mlp10, t), first_reaching(mlp10_one, t)) if s is not None]
        ratio = fmt_ratio(first_reaching(mini10, t), min(reached, default=None))
        print(f"mini-batch / the faster MLPClassifier, time to {t:.0%}: {ratio}")

    wide_epochs = 25
    mlp256 = mlp_curve(X_train, Y_train, X_dev, Y_dev, 256, wide_epochs, stop_at=1.0)
    target = max(a for _, a in mlp256)
    mlp256_one = mlp_curve(X_train, Y_train, X_dev, Y_dev, 256, wide_epochs, stop_at=target, blas_threads=1)
    mini256 = minibatch_curve(X, Y_train, X_dev_padded, Y_dev, 0.1, 20, 128, 256, stop_at=target)
    mlp_times = [first_reaching(curve, target) for curve in (mlp256, mlp256_one)]
    mini_time = first_reaching(mini256, target)
    print(f"784-256-10: time to MLPClassifier's best dev accuracy in {wide_epochs} epochs, {target:.1%}:")
    print(f"  {'MLPClassifier adam defaults':42s}{fmt_seconds(mlp_times[0]):>13s}")
    print(f"  {'MLPClassifier adam defaults, 1 BLAS thread':42s}{fmt_seconds(mlp_times[1]):>13s}")
    print(f"  {'mini-batch 128, alpha 0.1, momentum 0.9':42s}{fmt_seconds(mini_time):>13s}")
    reached = [t for t in mlp_times if t is not None]
    print(f"  mini-batch / the faster MLPClassifier: {fmt_ratio(mini_time, min(reached, default=None))}")


def memory_section():
    print("\n3. Peak memory of loading the data as float32 X (a fresh process each)")
    measurements = [("bundled 10,000: load_mnist, train_dev_split", load_memory("bundled"))]
    if data.is_mnist_cached():
        measurements.append(("full 70,000 cached: download_mnist, split", load_memory("full")))
    else:
        with tempfile.TemporaryDirectory() as folder:
            synthetic_cache(folder)
            synthetic = load_memory("full", folder)
        measurements.append(("synthetic 70,000 cache: download_mnist, split", synthetic))
        print("(full MNIST not cached here: its loader reads a 70,000-row cache of tiled bundled digits)")
    print(f"{'':46s}{'float32 X':>10s}{'peak RSS growth':>22s}{'tracemalloc peak':>22s}")
    for name, result in measurements:
        size, rss, traced = result["float32_bytes"], result["peak_rss_growth"], result["traced_peak"]
        print(
            f"{name:46s}{size / 1e6:7.1f} MB{rss / 1e6:12.1f} MB ({rss / size:.2f}x)"
            f"{traced / 1e6:12.1f} MB ({traced / size:.2f}x)"
        )


if __name__ == "__main__":
    main()
