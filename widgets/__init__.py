"""Helpers for the course "A neural network from scratch, on MNIST".

Import what a cell needs from its module. Importing any of them first fits NumPy's BLAS
threads to the CPUs this kernel may really use (`threads`: one on a one-CPU Binder pod).

- `data`: the bundled MNIST digits, your own Kaggle train.csv, the full set by download.
- `reference`: the reference network, with the seed notebook's names and shapes.
- `fast`: the same maths in fast training loops (full batch and mini-batch).
- `autograder`: `check(fn)` and `yours_or_reference(fn)`; `progress`: `show_progress()`.
- `yours`: earlier exercises as the learner's own passing answers (kept by `kept`), else the reference.
- The widgets: `digits`, `activations`, `inspector`, `dashboard`, `weights`, `evaluation`, `draw`.
- `errors`: the course's exceptions, shown in notebooks as advice rather than tracebacks.
- `threads`: BLAS threads matched to the available CPUs (cgroup quota and affinity).
"""

from widgets.threads import fit_blas_threads

fit_blas_threads()

__version__ = "0.1.0"
