"""Small plotting helpers shared by the interactive widgets.

Every widget keeps one matplotlib `Figure` (not pyplot, so no global state and
no inline-backend double display), updates its artists in place when a slider
moves, and sends the figure to the browser as PNG bytes in an
`ipywidgets.Image`. `FastFigure` goes further: axes, ticks and titles are drawn
once and cached; an update redraws only the artists that change (image data,
bars, lines) and encodes the pixels with a fast PNG setting. That keeps an
update far under 100 ms and avoids the flicker of `clear_output`.
"""

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

DIGITS = np.arange(10)
BAR_COLOR = "#9db4d0"
TRUE_COLOR = "#2a9d3c"
WRONG_COLOR = "#d1495b"


def new_figure(width, height, dpi=80):
    """A pyplot-free figure with an Agg canvas attached (safe to draw from any one thread)."""
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def fit_width(image, fig):
    """Show an ipywidgets.Image at the figure's own pixel width (a flex box would stretch it)."""
    image.layout.width = f"{round(fig.get_figwidth() * fig.dpi)}px"
    image.layout.height = "auto"


def figure_png(fig):
    """Render `fig` to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def rgba_png(rgba):
    """Encode an (H, W, 4) uint8 RGBA array as PNG bytes, favouring speed over size."""
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(rgba)[..., :3]).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class FastFigure:
    """A figure whose static parts are drawn once; `png()` redraws only the registered artists.

    Register every artist that changes with `animate(artist)` before the first `png()`.
    Call `invalidate()` after changing something static (axis limits, titles) so that
    the next `png()` redraws everything.
    """

    def __init__(self, width, height, dpi=80):
        self.fig = new_figure(width, height, dpi)
        self.artists = []
        self.background = None

    def animate(self, *artists):
        """Mark artists as changing: they are left out of the cached background."""
        for artist in artists:
            artist.set_animated(True)
            self.artists.append(artist)

    def invalidate(self):
        self.background = None

    def png(self):
        """PNG bytes of the figure as it is now."""
        canvas = self.fig.canvas
        if self.background is None:
            canvas.draw()
            self.background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self.background)
        renderer = canvas.get_renderer()
        for artist in self.artists:
            if artist.get_visible():
                artist.draw(renderer)
        return rgba_png(canvas.buffer_rgba())


def as_image(column):
    """One example (784,) or (785,) padded column -> (28, 28) image; a (28, 28) array is returned as is."""
    column = np.asarray(column)
    if column.shape == (28, 28):
        return column
    if column.size == 785:
        column = column.ravel()[1:]
    return column.reshape(28, 28)


def show_digit(ax, image, title=""):
    """Draw a 28 x 28 image (ink bright, values in [0, 1]) without ticks; returns the AxesImage."""
    artist = ax.imshow(as_image(image), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    return artist


def probability_bars(ax, title="A2: what the network thinks"):
    """Ten empty bars (one per digit) on a [0, 1] axis; returns the BarContainer to update."""
    bars = ax.bar(DIGITS, np.zeros(10), color=BAR_COLOR)
    ax.set_xticks(DIGITS)
    ax.set_ylim(0, 1)
    ax.set_xlabel("digit")
    ax.set_ylabel("probability")
    ax.set_title(title)
    return bars


def set_probabilities(bars, probabilities, label=None):
    """Update ten bars in place: height = probability; the prediction green if right, red if wrong."""
    probabilities = np.asarray(probabilities).ravel()
    predicted = int(np.argmax(probabilities))
    for digit, (bar, p) in enumerate(zip(bars, probabilities, strict=True)):
        bar.set_height(p)
        if digit == predicted:
            bar.set_color(TRUE_COLOR if label is None or predicted == label else WRONG_COLOR)
        else:
            bar.set_color(BAR_COLOR)
    return predicted


def signed_bars(ax, n, limit, title):
    """n bars around 0 on a fixed y range [-limit, limit] (so examples compare); returns the BarContainer."""
    bars = ax.bar(np.arange(n), np.zeros(n), color=BAR_COLOR)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_ylim(-limit, limit)
    ax.set_title(title)
    if n <= 20:
        ax.set_xticks(np.arange(n))
    return bars


def set_signed_bars(bars, values):
    """Update bars in place; positive values green, negative red, zero grey."""
    values = np.asarray(values).ravel()
    for bar, v in zip(bars, values, strict=True):
        bar.set_height(v)
        bar.set_color(TRUE_COLOR if v > 0 else WRONG_COLOR if v < 0 else BAR_COLOR)
