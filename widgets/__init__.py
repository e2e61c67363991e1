"""Helpers for the course "A neural network from scratch, on MNIST".

Submodules: `data` (MNIST loading), `reference` (the reference network),
`autograder` (`check`), and the interactive widgets used by the lessons.
"""

__version__ = "0.1.0"
