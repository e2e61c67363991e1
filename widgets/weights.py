"""Weights viewer: each hidden unit's 784 input weights (W1 without the bias column) as a 28 x 28 image."""

import math
import threading

import ipywidgets as widgets
import matplotlib
import numpy as np

from . import plots

TILE = 28
GAP = 3
TITLE_GAP = 9


def unit_images(W1):
    """W1 (h, 785) -> (h, 28, 28): row k without its bias column, laid out like the input digit."""
    W1 = np.asarray(W1)
    return W1[:, 1:].reshape(W1.shape[0], 28, 28)


class WeightsViewer(widgets.VBox):
    """A grid of h images, one per hidden unit: red pixels push the unit up, blue ones down.

    W1 (h, 785) is copied, never modified; at most `max_units` units are drawn. `update(W1)`
    redraws (the training dashboard calls it from its training thread). The "colour scale"
    toggle chooses one scale per unit or one for all.
    State: `images` (h, 28, 28), `limits` (h,) the colour limit of each image.
    """

    def __init__(self, W1, columns=10, max_units=40):
        self.columns = columns
        self.max_units = max_units
        self.images = self.limits = None
        self._lock = threading.Lock()
        self.scale = widgets.ToggleButtons(options=["per unit", "shared"], value="per unit",
                                           description="colour scale", style={"button_width": "80px"})
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.out = widgets.Output()
        self.figure = None
        self.mosaic_units = 0
        self.scale.observe(self.out.capture()(self._on_scale), names="value")
        super().__init__([self.scale, self.caption, self.image, self.out])
        self.update(W1)

    def _on_scale(self, change):
        self.update(self.W1)

    def _build(self, h):
        """One image for the whole grid (one artist to redraw, not h): tiles 28 px, gaps left blank."""
        rows = math.ceil(h / self.columns)
        cols = min(h, self.columns)
        self.shape = (rows, cols)
        self.mosaic = np.full((rows * (TILE + TITLE_GAP), cols * (TILE + GAP) - GAP), np.nan)
        self.figure = plots.FastFigure(1.1 * cols, 1.25 * rows)
        ax = self.figure.fig.add_axes((0.01, 0.01, 0.98, 0.98))
        ax.set_axis_off()
        cmap = matplotlib.colormaps["RdBu_r"].with_extremes(bad=(0, 0, 0, 0))  # gaps show the titles
        self.grid = ax.imshow(self.mosaic, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
        for k in range(h):
            row, col = divmod(k, cols)
            ax.text(col * (TILE + GAP) + TILE / 2, row * (TILE + TITLE_GAP) + TITLE_GAP - 2, f"unit {k}",
                    ha="center", va="bottom", fontsize=9)
        self.artists = [self.grid]
        self.figure.animate(self.grid)
        plots.fit_width(self.image, self.figure.fig)

    def _tile(self, images, limits):
        """Write each unit's image, scaled to [-1, 1] by its colour limit, into its place in the mosaic."""
        rows, cols = self.shape
        for k, (image, limit) in enumerate(zip(images, limits, strict=True)):
            row, col = divmod(k, cols)
            top, left = row * (TILE + TITLE_GAP) + TITLE_GAP, col * (TILE + GAP)
            self.mosaic[top:top + TILE, left:left + TILE] = image / limit

    def update(self, W1):
        """Show new weights W1 (h, 785); rebuilds the grid if the number of hidden units changed."""
        with self._lock:
            self.W1 = np.array(W1, copy=True)
            images = unit_images(self.W1[:self.max_units])
            h = images.shape[0]
            if self.figure is None or self.mosaic_units != h:
                self._build(h)
                self.mosaic_units = h
            with np.errstate(invalid="ignore"):
                per_unit = np.nan_to_num(np.abs(images).reshape(h, -1).max(axis=1), nan=1.0, posinf=1.0)
            per_unit[per_unit == 0] = 1.0
            limits = per_unit if self.scale.value == "per unit" else np.full(h, per_unit.max())
            self._tile(images, limits)
            self.grid.set_data(self.mosaic)
            self.images, self.limits = images, limits
            total = self.W1.shape[0]
            shown = f"The {h} rows" if h == total else f"The first {h} of the {total} rows"
            self.caption.value = (
                f"{shown} of <code>W1</code> ({total} x 785) without the bias column, "
                "each shown as 28 x 28: red pixels raise the unit's Z1 when they are inked, "
                "blue ones lower it."
            )
            self.image.value = self.figure.png()


def weights_viewer(W1):
    """The hidden units' weights W1 (h x 785, bias column dropped) as h images of 28 x 28."""
    return WeightsViewer(W1)
