"""Helpers for the course "A neural network from scratch, on MNIST".

Import what a cell needs from its module; importing `widgets` itself loads nothing heavy.

- `data`: the bundled MNIST digits, your own Kaggle train.csv, the full set by download.
- `reference`: the reference network, with the seed notebook's names and shapes.
- `fast`: the same maths in fast training loops (full batch and mini-batch).
- `autograder`: `check(fn)` and `yours_or_reference(fn)`; `progress`: `show_progress()`.
- The widgets: `digits`, `activations`, `inspector`, `dashboard`, `weights`, `evaluation`, `draw`.
- `errors`: the course's exceptions, shown in notebooks as advice rather than tracebacks.
"""

__version__ = "0.1.0"
