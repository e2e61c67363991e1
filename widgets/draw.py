"""Draw your own digit: a canvas (anywidget), MNIST-style preprocessing and a live prediction.

ipywidgets has no drawing canvas. anywidget (already a course dependency) lets
a ~100-line ES module next to this file provide one: it installs with pip
alone, works in JupyterLab, Notebook 7, VS Code and Colab, and sends the ink
to Python as raw bytes. ipycanvas would add a second widget library and
its own JupyterLab extension for one canvas.

MNIST digits were made by cropping each scanned digit to its bounding box,
scaling it to fit 20 x 20 (keeping the aspect ratio, with anti-aliasing) and
placing it in a 28 x 28 field so that its centre of mass is in the middle.
`preprocess` does the same to a drawing, so the network sees what it was
trained on.
"""

from pathlib import Path

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets
from ipywidgets.widgets.trait_types import bytes_serialization

from . import plots
from .digits import predict_probabilities

FIELD = 28
BOX = 20
INK_THRESHOLD = 0.05


def area_resize_matrix(source, target):
    """(target, source) matrix averaging source pixels into target pixels by overlap (anti-aliased)."""
    edges = np.arange(target + 1) * source / target
    starts = np.arange(source)
    overlap = np.minimum(edges[1:, None], starts + 1) - np.maximum(edges[:-1, None], starts)
    return np.clip(overlap, 0, None) / (source / target)


def resize(image, height, width):
    """Resize a 2-D image to (height, width) by area averaging."""
    rows = area_resize_matrix(image.shape[0], height)
    cols = area_resize_matrix(image.shape[1], width)
    return rows @ image @ cols.T


def preprocess(image):
    """Turn a drawing into an MNIST-like digit.

    image: 2-D array (H, W) of ink amounts (any non-negative scale, e.g. uint8 alpha), not
    modified. Returns (28, 28) float64 in [0, 1]: the ink cropped to its bounding box,
    scaled so the longer side is 20 pixels (aspect ratio kept), and placed so its centre
    of mass is at pixel (14, 14) of the 28 x 28 field, as in MNIST. A blank image gives
    all zeros.
    """
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"preprocess expects a 2-D image (H, W), got shape {image.shape}.")
    field = np.zeros((FIELD, FIELD))
    top_value = image.max() if image.size else 0
    if not top_value > 0:
        return field
    image = image / top_value
    rows = np.flatnonzero((image > INK_THRESHOLD).any(axis=1))
    cols = np.flatnonzero((image > INK_THRESHOLD).any(axis=0))
    cropped = image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scale = BOX / max(cropped.shape)
    height = max(1, int(round(cropped.shape[0] * scale)))
    width = max(1, int(round(cropped.shape[1] * scale)))
    digit = resize(cropped, height, width)
    digit = np.clip(digit / digit.max(), 0, 1)
    mass = digit.sum()
    centre_row = (digit.sum(axis=1) @ np.arange(height)) / mass
    centre_col = (digit.sum(axis=0) @ np.arange(width)) / mass
    middle = FIELD / 2  # MNIST puts the centre of mass at pixel (14, 14), measured on its digits
    top = int(np.clip(round(middle - centre_row), 0, FIELD - height))
    left = int(np.clip(round(middle - centre_col), 0, FIELD - width))
    field[top:top + height, left:left + width] = digit
    return field


class DrawingCanvas(anywidget.AnyWidget):
    """The canvas itself (see draw.js).

    `pixels`: size * size bytes of ink (0-255), row by row; b"" when the canvas is empty.
    """

    _esm = Path(__file__).with_name("draw.js")
    _css = Path(__file__).with_name("draw.css")
    pixels = traitlets.Bytes(b"").tag(sync=True, **bytes_serialization)
    size = traitlets.Int(280).tag(sync=True)
    stroke_width = traitlets.Int(22).tag(sync=True)

    def ink(self):
        """The drawing as a (size, size) uint8 array (zeros when nothing is drawn)."""
        if len(self.pixels) != self.size * self.size:
            return np.zeros((self.size, self.size), dtype=np.uint8)
        return np.frombuffer(self.pixels, dtype=np.uint8).reshape(self.size, self.size)

    def clear(self):
        self.pixels = b""


class DigitDrawer(widgets.VBox):
    """Draw a digit; see it preprocessed to 28 x 28 and the network's 10 probabilities, live.

    W1 (h, 785), W2 (10, h): a trained network. State: `digit` (28, 28) the preprocessed
    drawing, `probabilities` (10,) or None when the canvas is empty, `prediction`.
    """

    def __init__(self, W1, W2):
        self.W1, self.W2 = np.asarray(W1), np.asarray(W2)
        self.digit = np.zeros((FIELD, FIELD))
        self.probabilities = self.prediction = None
        self.canvas = DrawingCanvas()
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.out = widgets.Output()

        self.figure = plots.FastFigure(5.6, 2.4)
        ax_digit, ax_bars = self.figure.fig.subplots(1, 2, width_ratios=[1, 1.6])
        self.digit_artist = plots.show_digit(ax_digit, self.digit, "what the network sees")
        self.bars = plots.probability_bars(ax_bars, "A2")
        self.figure.animate(self.digit_artist, *self.bars)
        self.figure.fig.tight_layout()
        plots.fit_width(self.image, self.figure.fig)

        self.canvas.observe(self.out.capture()(self._on_pixels), names="pixels")
        super().__init__([
            widgets.HTML("Draw one digit, large, in the middle of the box (mouse, pen or finger)."),
            widgets.HBox([self.canvas, widgets.VBox([self.image, self.caption])]),
            self.out,
        ])
        self.update()

    def _on_pixels(self, change):
        self.update()

    def update(self):
        """Preprocess the canvas, predict, and redraw the picture and caption."""
        self.digit = preprocess(self.canvas.ink())
        self.digit_artist.set_data(self.digit)
        if not self.digit.any():
            self.probabilities = self.prediction = None
            plots.set_probabilities(self.bars, np.zeros(10))
            self.caption.value = "<i>Draw a digit to see what the network thinks.</i>"
        else:
            self.probabilities = predict_probabilities(self.digit.reshape(784, 1), self.W1, self.W2).ravel()
            self.prediction = plots.set_probabilities(self.bars, self.probabilities)
            self.caption.value = (
                f'<span class="mnist-draw-prediction">The network thinks this is a <b>{self.prediction}</b> '
                f"({self.probabilities[self.prediction]:.0%} sure).</span>"
            )
        self.image.value = self.figure.png()


def draw_digit(W1, W2):
    """A canvas to draw a digit on, preprocessed like MNIST and predicted live by W1 (h, 785), W2 (10, h)."""
    return DigitDrawer(W1, W2)
