"""The course's own exceptions: problems a learner can fix, shown as advice rather than a traceback."""


class LearnerError(Exception):
    """A problem with the learner's input or setup; the message says what is wrong and what to do.

    In IPython and Jupyter only the message is shown: `_render_traceback_` is IPython's hook for
    replacing the traceback, and the frames inside the course's code would not help the learner.
    Outside IPython it is an ordinary exception with its ordinary traceback.
    """

    def _render_traceback_(self):
        return [f"\x1b[1;31m{type(self).__name__}\x1b[0m: {self}"]


class NotPassedError(LearnerError, AssertionError):
    """Raised by check() only while nbgrader runs a notebook: the exercise did not pass, and the
    message is the check's feedback (nbgrader then gives the cell no points and shows the message)."""
