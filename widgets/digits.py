"""Digit browser: slide through a dataset, see each 28 x 28 digit, its label and what a network thinks."""

import ipywidgets as widgets
import numpy as np

from . import plots, reference


def as_pixels(X):
    """Accept X as (784, m) or padded (785, m) and return the (784, m) pixel rows (a view, not a copy)."""
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] not in (784, 785):
        raise ValueError(
            f"X should have one column per example: shape (784, m), got {X.shape}. "
            "If your examples are rows, pass X.T."
        )
    return X[1:] if X.shape[0] == 785 else X


def predict_probabilities(X, W1, W2):
    """Class probabilities A2 (10, m) of the reference network for pixel columns X (784, m)."""
    _, _, _, A2 = reference.forward_prop(W1, W2, reference.pad(X))
    return A2


class DigitBrowser(widgets.VBox):
    """A slider over examples; shows the digit, its label and (given W1, W2) the 10 probabilities.

    X (784, m) pixels in [0, 1], Y (m,) integer labels, W1 (h, 785), W2 (10, h) or None.
    `indices` restricts the slider to some columns of X. Nothing passed in is modified.
    Current state for tests and lessons: `index` (column of X), `probabilities` (10,) or None,
    `prediction`, `png` (the picture's bytes).
    """

    def __init__(self, X, Y, W1=None, W2=None, indices=None, title="Example"):
        self.X = as_pixels(X)
        self.Y = np.asarray(Y).ravel()
        self.W1, self.W2 = W1, W2
        self.title = title
        self.has_model = W1 is not None and W2 is not None
        self.indices = np.arange(self.X.shape[1]) if indices is None else np.asarray(indices)
        self.index = None
        self.probabilities = None
        self.prediction = None
        self.png = b""

        self.slider = widgets.IntSlider(
            value=0, min=0, max=max(len(self.indices) - 1, 0), description=title,
            continuous_update=True, layout=widgets.Layout(width="480px"),
        )
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.out = widgets.Output()

        if self.has_model:
            self.figure = plots.FastFigure(6.4, 2.6)
            ax_digit, ax_bars = self.figure.fig.subplots(1, 2, width_ratios=[1, 1.6])
            self.bars = plots.probability_bars(ax_bars)
            self.figure.animate(*self.bars)
        else:
            self.figure = plots.FastFigure(2.6, 2.6)
            ax_digit = self.figure.fig.subplots()
        self.digit = plots.show_digit(ax_digit, np.zeros((28, 28)), "X[:, i] as 28 x 28")
        self.figure.animate(self.digit)
        self.figure.fig.tight_layout()
        plots.fit_width(self.image, self.figure.fig)

        self.slider.observe(self.out.capture()(self._on_slider), names="value")
        super().__init__([self.slider, self.caption, self.image, self.out])
        self.show(0)

    def _on_slider(self, change):
        self.show(change["new"])

    def show(self, position):
        """Draw the example at `position` in `indices` and update the state attributes."""
        if len(self.indices) == 0:
            self.caption.value = "<i>No examples to show.</i>"
            return
        self.index = int(self.indices[position])
        label = int(self.Y[self.index])
        column = self.X[:, [self.index]]
        self.digit.set_data(column.reshape(28, 28))
        text = f"<b>{self.title} {self.index}</b>: label <b>{label}</b>"
        if self.has_model:
            self.probabilities = predict_probabilities(column, self.W1, self.W2).ravel()
            self.prediction = plots.set_probabilities(self.bars, self.probabilities, label)
            verdict = "right" if self.prediction == label else "wrong"
            confidence = self.probabilities[self.prediction]
            text += (
                f", the network says <b>{self.prediction}</b> ({confidence:.0%} sure, {verdict})"
            )
        self.caption.value = text
        self.png = self.figure.png()
        self.image.value = self.png


def digit_browser(X, Y, W1=None, W2=None):
    """A slider over the columns of X (784 x m, values in [0, 1]) showing each digit and its label Y.

    With trained W1 (h, 785) and W2 (10, h) it also shows the network's prediction and a
    bar chart of the 10 probabilities. Returns a widget to display.
    """
    return DigitBrowser(X, Y, W1, W2)
