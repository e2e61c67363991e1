"""Evaluation widgets: confusion matrix, a gallery of misclassified digits, a per-example explorer."""

import base64
import html
import io

import ipywidgets as widgets
import numpy as np
from PIL import Image

from . import plots
from .digits import DigitBrowser, as_pixels, predict_probabilities


def confusion_counts(Y, predictions, num_classes=10):
    """(num_classes, num_classes) int matrix: entry [t, p] counts examples with label t predicted as p."""
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(Y).ravel(), np.asarray(predictions).ravel()), 1)
    return matrix


class ConfusionMatrix(widgets.VBox):
    """Counts of (true label, prediction) pairs as a 10 x 10 picture; the diagonal is what went right.

    Y, predictions (m,) integer labels. The toggle switches between counts and the
    percentage of each true digit (each row sums to 100). State: `matrix` (counts),
    `shown` (the numbers on screen).
    """

    def __init__(self, Y, predictions):
        self.matrix = confusion_counts(Y, predictions)
        self.shown = None
        self.mode = widgets.ToggleButtons(options=["counts", "% of each true digit"], value="counts",
                                          style={"button_width": "160px"})
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.out = widgets.Output()
        self.fig = plots.new_figure(5.2, 4.6)
        self.ax = self.fig.subplots()
        plots.fit_width(self.image, self.fig)
        self.mode.observe(self.out.capture()(self._on_mode), names="value")
        super().__init__([self.mode, self.image, self.caption, self.out])
        self._pngs = {}
        for mode in reversed(self.mode.options):
            self.draw(mode)

    def _on_mode(self, change):
        self.draw(change["new"])

    def draw(self, mode):
        """Show `mode` ("counts" or percentages); each picture is rendered once and then reused."""
        counts = self.matrix
        if mode == "counts":
            self.shown, fmt = counts.astype(float), "{:.0f}"
        else:
            totals = np.maximum(counts.sum(axis=1, keepdims=True), 1)
            self.shown, fmt = 100 * counts / totals, "{:.0f}%"
        off_diagonal = np.where(np.eye(10, dtype=bool), 0, counts)
        if mode not in self._pngs:
            self._pngs[mode] = self._render(counts, fmt)
        self.image.value = self._pngs[mode]
        t, p = np.unravel_index(np.argmax(off_diagonal), off_diagonal.shape)
        accuracy = np.trace(counts) / max(counts.sum(), 1)
        self.caption.value = (
            f"Accuracy {accuracy:.1%} on {counts.sum()} examples (the diagonal). "
            f"Most common mistake: a <b>{t}</b> read as <b>{p}</b> ({counts[t, p]} times)."
        )

    def _render(self, counts, fmt):
        ax = self.ax
        ax.clear()
        ax.imshow(self.shown, cmap="Blues")
        for t in range(10):
            for p in range(10):
                value = self.shown[t, p]
                if counts[t, p]:
                    dark = value > 0.6 * self.shown.max()
                    ax.text(p, t, fmt.format(value), ha="center", va="center", fontsize=8,
                            color="white" if dark else "black")
        ax.set_xticks(range(10))
        ax.set_yticks(range(10))
        ax.set_xlabel("predicted digit")
        ax.set_ylabel("true digit (label)")
        ax.set_title("confusion matrix")
        self.fig.tight_layout()
        return plots.figure_png(self.fig)


def confusion_matrix(Y, predictions):
    """A 10 x 10 confusion matrix of labels Y (m,) against predictions (m,), counts or row percentages."""
    return ConfusionMatrix(Y, predictions)


def digit_png(image, scale=3):
    """A (28, 28) image in [0, 1] as a small PNG (white ink on black), enlarged `scale` times."""
    pixels = Image.fromarray((np.clip(image, 0, 1) * 255).astype(np.uint8))
    buffer = io.BytesIO()
    pixels.resize((28 * scale, 28 * scale), Image.Resampling.NEAREST).save(buffer, format="png")
    return buffer.getvalue()


def _data_url(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class MisclassifiedGallery(widgets.VBox):
    """Every digit the network got wrong, most confident mistakes first, a page at a time.

    X (784, m), Y (m,), W1 (h, 785), W2 (10, h). Filter by true digit with the dropdown;
    page with the slider. State: `wrong` (indices of all mistakes, sorted), `shown_indices`.
    """

    def __init__(self, X, Y, W1, W2, per_page=24):
        self.X = as_pixels(X)
        self.Y = np.asarray(Y).ravel()
        self.per_page = per_page
        self.A2 = predict_probabilities(self.X, W1, W2)
        self.predictions = self.A2.argmax(axis=0)
        confidence = self.A2.max(axis=0)
        wrong = np.flatnonzero(self.predictions != self.Y)
        self.wrong = wrong[np.argsort(-confidence[wrong], kind="stable")]
        self.selection = self.wrong
        self.shown_indices = np.array([], dtype=int)

        self.digit = widgets.Dropdown(options=["any"] + [str(d) for d in range(10)], value="any",
                                      description="true digit")
        self.page = widgets.IntSlider(value=0, min=0, max=0, description="page")
        self.caption = widgets.HTML()
        self.grid = widgets.HTML()
        self.out = widgets.Output()
        self.digit.observe(self.out.capture()(self._on_digit), names="value")
        self.page.observe(self.out.capture()(self._on_page), names="value")
        super().__init__([widgets.HBox([self.digit, self.page]), self.caption, self.grid, self.out])
        self.select("any")

    def _on_digit(self, change):
        self.select(change["new"])

    def _on_page(self, change):
        self.show_page(change["new"])

    def select(self, digit):
        """Keep the mistakes whose true label is `digit` ("any" keeps all) and show the first page."""
        self.selection = self.wrong if digit == "any" else self.wrong[self.Y[self.wrong] == int(digit)]
        pages = max(1, -(-len(self.selection) // self.per_page))
        self.page.max = pages - 1
        if self.page.value != 0:
            self.page.value = 0
        else:
            self.show_page(0)

    def show_page(self, page):
        start = page * self.per_page
        self.shown_indices = self.selection[start:start + self.per_page]
        tiles = []
        for i in self.shown_indices:
            p = int(self.predictions[i])
            tiles.append(
                f'<figure style="margin:2px;text-align:center;width:92px">'
                f'<img src="{_data_url(digit_png(self.X[:, i].reshape(28, 28)))}" width="84" height="84" '
                f'style="image-rendering:pixelated" alt="example {i}">'
                f'<figcaption style="font-size:12px;line-height:1.2">#{i}: is <b>{self.Y[i]}</b><br>'
                f'thought <b style="color:{plots.WRONG_COLOR}">{p}</b> ({self.A2[p, i]:.0%})'
                "</figcaption></figure>"
            )
        self.grid.value = '<div style="display:flex;flex-wrap:wrap">' + "".join(tiles) + "</div>"
        total = len(self.Y)
        self.caption.value = html.escape(
            f"{len(self.wrong)} of {total} digits are misclassified; {len(self.selection)} match the filter. "
            "Most confident mistakes first: some labels are arguable, "
            "others show what the network has not learnt."
        )


def misclassified_gallery(X, Y, W1, W2):
    """The digits of X (784 x m) that W1, W2 get wrong, each with its label and the network's guess."""
    return MisclassifiedGallery(X, Y, W1, W2)


class ExampleExplorer(DigitBrowser):
    """The digit browser plus a filter: all examples, only mistakes, only correct ones, or least sure first.

    State (besides DigitBrowser's): `mode`, `indices` (the examples the slider runs over).
    """

    MODES = ["all", "misclassified", "correct", "least confident first"]

    def __init__(self, X, Y, W1, W2):
        pixels = as_pixels(X)
        self.A2 = predict_probabilities(pixels, W1, W2)
        self.filter = widgets.Dropdown(options=self.MODES, value="all", description="show")
        super().__init__(pixels, Y, W1, W2)
        self.filter.observe(self.out.capture()(self._on_filter), names="value")
        self.children = [self.filter, *self.children]

    @property
    def mode(self):
        return self.filter.value

    def _on_filter(self, change):
        self.select(change["new"])

    def select(self, mode):
        """Restrict the slider to the examples of `mode` (one of MODES) and show the first one."""
        predictions = self.A2.argmax(axis=0)
        if mode == "misclassified":
            indices = np.flatnonzero(predictions != self.Y)
        elif mode == "correct":
            indices = np.flatnonzero(predictions == self.Y)
        elif mode == "least confident first":
            indices = np.argsort(self.A2.max(axis=0), kind="stable")
        else:
            indices = np.arange(self.X.shape[1])
        self.indices = indices
        with self.slider.hold_trait_notifications():
            self.slider.value = 0
            self.slider.max = max(len(indices) - 1, 0)
        self.show(0)


def example_explorer(X, Y, W1, W2):
    """Browse X (784 x m) with W1, W2's prediction and probabilities; filter to mistakes or unsure cases."""
    return ExampleExplorer(X, Y, W1, W2)


def accuracy_per_epoch(X_train, Y_train, X_dev, Y_dev, epochs=10, l2=0.0, hidden_units=256, seed=0):
    """Train lesson 7's network (mini-batches of 128, momentum 0.9, alpha 0.1) and measure it after
    every epoch: returns (training accuracies, dev accuracies), one per epoch, and the final W1, W2.

    X_train (784, m) and X_dev (784, n) unpadded, Y_train (m,), Y_dev (n,). l2: the lambd of L2
    regularisation (see widgets.fast.minibatch_gradient_descent).
    """
    from .fast import minibatch_gradient_descent
    from .reference import get_accuracy, make_predictions, pad

    X, Xd = pad(X_train), pad(X_dev)
    steps = -(-X.shape[1] // 128)  # steps per epoch
    train, dev = [], []

    def after_step(step, W1, W2):
        if (step + 1) % steps == 0:
            train.append(get_accuracy(make_predictions(X, W1, W2), Y_train))
            dev.append(get_accuracy(make_predictions(Xd, W1, W2), Y_dev))

    W1, W2 = minibatch_gradient_descent(X, Y_train, alpha=0.1, epochs=epochs, batch_size=128, momentum=0.9,
                                        hidden_units=hidden_units, seed=seed, weights_callback=after_step,
                                        l2=l2)
    return train, dev, W1, W2
