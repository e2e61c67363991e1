"""Forward-pass inspector: follow one digit through the network, Z1, A1, Z2, A2 with their shapes."""

import ipywidgets as widgets
import numpy as np

from . import plots, reference
from .digits import as_pixels


def _limit(values):
    """A y-axis limit covering nearly all values (99th percentile of |values|), never 0 or nan."""
    finite = np.abs(values[np.isfinite(values)])
    top = float(np.percentile(finite, 99)) if finite.size else 1.0
    return 1.1 * top if top > 0 else 1.0


class ForwardPassInspector(widgets.VBox):
    """A slider over examples; shows X, Z1, A1, Z2 and A2 of the chosen column.

    X (784, m) in [0, 1], Y (m,), W1 (h, 785), W2 (10, h); nothing is modified. The bar
    axes are fixed over the dataset so that examples can be compared. State: `index`,
    `Z1`, `A1` (h, 1), `Z2`, `A2` (10, 1).
    """

    def __init__(self, X, Y, W1, W2):
        self.X = as_pixels(X)
        self.Y = np.asarray(Y).ravel()
        self.W1, self.W2 = np.asarray(W1), np.asarray(W2)
        h = self.W1.shape[0]
        self.index = self.Z1 = self.A1 = self.Z2 = self.A2 = None

        sample = reference.pad(self.X[:, : min(500, self.X.shape[1])])
        Z1, _, Z2, _ = reference.forward_prop(self.W1, self.W2, sample)
        z1_limit, z2_limit = _limit(Z1), _limit(Z2)

        self.slider = widgets.IntSlider(value=0, min=0, max=self.X.shape[1] - 1, description="example i",
                                        layout=widgets.Layout(width="480px"))
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.out = widgets.Output()

        self.figure = plots.FastFigure(12.5, 2.7)
        axes = self.figure.fig.subplots(1, 5, width_ratios=[1, 1.3, 1.3, 1.3, 1.3])
        ax_x, ax_z1, ax_a1, ax_z2, ax_a2 = axes
        self.digit = plots.show_digit(ax_x, np.zeros((28, 28)), "X[:, [i]]  (784, 1)")
        self.z1_bars = plots.signed_bars(ax_z1, h, z1_limit, f"Z1 = W1 @ pad(X)  ({h}, 1)")
        self.a1_bars = plots.signed_bars(ax_a1, h, z1_limit, f"A1 = ReLU(Z1)  ({h}, 1)")
        ax_a1.set_ylim(-0.05 * z1_limit, z1_limit)
        self.z2_bars = plots.signed_bars(ax_z2, 10, z2_limit, "Z2 = W2 @ A1  (10, 1)")
        self.a2_bars = plots.probability_bars(ax_a2, "A2 = softmax(Z2)  (10, 1)")
        ax_a2.set_xlabel("")
        ax_a2.set_ylabel("")
        for ax in (ax_z1, ax_a1):
            ax.set_xlabel("hidden unit")
        ax_z2.set_xlabel("digit")
        self.figure.animate(self.digit, *self.z1_bars, *self.a1_bars, *self.z2_bars, *self.a2_bars)
        self.figure.fig.tight_layout()
        plots.fit_width(self.image, self.figure.fig)

        shapes = widgets.HTML(
            f"<code>W1</code> is {self.W1.shape[0]} x {self.W1.shape[1]} (a bias column + 784 pixel weights "
            f"per hidden unit), <code>W2</code> is {self.W2.shape[0]} x {self.W2.shape[1]}."
        )
        self.slider.observe(self.out.capture()(self._on_slider), names="value")
        super().__init__([self.slider, shapes, self.caption, self.image, self.out])
        self.show(0)

    def _on_slider(self, change):
        self.show(change["new"])

    def show(self, index):
        self.index = int(index)
        column = self.X[:, [self.index]]
        self.Z1, self.A1, self.Z2, self.A2 = reference.forward_prop(self.W1, self.W2, reference.pad(column))
        self.digit.set_data(column.reshape(28, 28))
        plots.set_signed_bars(self.z1_bars, self.Z1)
        plots.set_signed_bars(self.a1_bars, self.A1)
        plots.set_signed_bars(self.z2_bars, self.Z2)
        label = int(self.Y[self.index])
        predicted = plots.set_probabilities(self.a2_bars, self.A2, label)
        active = int((self.A1 > 0).sum())
        self.caption.value = (
            f"Example {self.index}: label <b>{label}</b>, prediction <b>{predicted}</b> "
            f"({self.A2[predicted, 0]:.0%}). {active} of {self.A1.shape[0]} hidden units are active "
            "(ReLU switches the negative ones off)."
        )
        self.image.value = self.figure.png()


def forward_pass_inspector(X, Y, W1, W2):
    """One digit of X (784 x m) through the network W1, W2: Z1, A1, Z2, A2 as bars with shapes."""
    return ForwardPassInspector(X, Y, W1, W2)
