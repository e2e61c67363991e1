"""Activation explorers: move a slider and watch ReLU and softmax respond."""

import html

import ipywidgets as widgets
import numpy as np

from . import plots, reference


class ReLUExplorer(widgets.VBox):
    """A slider for one input z; shows ReLU(z) and ReLU_deriv(z) on their curves.

    `relu` and `relu_deriv` default to the reference functions; pass the learner's own to
    see their curves. State: `z`, `value` (ReLU(z)), `slope` (ReLU_deriv(z)).
    """

    def __init__(self, relu=None, relu_deriv=None):
        self.notes = []
        self.relu = self._usable(relu, reference.ReLU, "ReLU")
        self.relu_deriv = self._usable(relu_deriv, reference.ReLU_deriv, "ReLU_deriv")
        self.z = self.value = self.slope = None
        self.slider = widgets.FloatSlider(value=1.0, min=-5, max=5, step=0.1, description="z")
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.out = widgets.Output()

        zs = np.linspace(-5, 5, 201)
        self.figure = plots.FastFigure(6.4, 2.6)
        ax_relu, ax_deriv = self.figure.fig.subplots(1, 2)
        ax_relu.plot(zs, self.relu(zs), color="#1f5fa8")
        ax_relu.set_title("ReLU(z) = max(z, 0)")
        ax_deriv.plot(zs, self.relu_deriv(zs), color="#1f5fa8")
        ax_deriv.set_title("ReLU_deriv(z): 1 if z > 0 else 0")
        ax_deriv.set_ylim(-0.2, 1.2)
        for ax in (ax_relu, ax_deriv):
            ax.axhline(0, color="0.7", lw=0.8)
            ax.axvline(0, color="0.7", lw=0.8)
            ax.set_xlabel("z")
        (self.point,) = ax_relu.plot([0], [0], "o", color=plots.WRONG_COLOR, ms=9)
        (self.deriv_point,) = ax_deriv.plot([0], [0], "o", color=plots.WRONG_COLOR, ms=9)
        self.figure.animate(self.point, self.deriv_point)
        self.figure.fig.tight_layout()
        plots.fit_width(self.image, self.figure.fig)

        self.slider.observe(self.out.capture()(self._on_slider), names="value")
        notes = widgets.HTML("<br>".join(self.notes))
        super().__init__([self.slider, self.caption, self.image, notes, self.out])
        self.show(self.slider.value)

    def _usable(self, fn, fallback, name):
        """fn if it runs on a small test array with the right shape, else the reference (with a note)."""
        if fn is None:
            return fallback
        try:
            works = np.shape(fn(np.array([-1.0, 0.0, 2.0]))) == (3,)
            problem = "returned the wrong shape"
        except Exception as error:
            works = False
            problem = "is not written yet" if isinstance(error, NotImplementedError) else \
                f"raised {type(error).__name__}: {error}"
        if not works:
            self.notes.append(f"Your <code>{name}</code> {html.escape(problem)}, so the reference "
                              f"<code>{name}</code> is shown. Run <code>check({name})</code> for details.")
            return fallback
        return fn

    def _on_slider(self, change):
        self.show(change["new"])

    def show(self, z):
        self.z = float(z)
        self.value = float(self.relu(np.array([self.z]))[0])
        self.slope = float(self.relu_deriv(np.array([self.z]))[0])
        self.point.set_data([self.z], [self.value])
        self.deriv_point.set_data([self.z], [self.slope])
        self.caption.value = (
            f"ReLU({self.z:.1f}) = <b>{self.value:.1f}</b>, ReLU_deriv({self.z:.1f}) = <b>{self.slope:g}</b>"
            + (": a negative input is switched off, and so is its gradient." if self.z <= 0 else
               ": a positive input passes through unchanged, with slope 1.")
        )
        self.image.value = self.figure.png()


def relu_explorer(relu=None, relu_deriv=None):
    """A slider for z with ReLU(z) and ReLU_deriv(z) drawn on their curves. Returns a widget."""
    return ReLUExplorer(relu, relu_deriv)


def naive_softmax(z):
    """exp(z) / sum(exp(z)) without subtracting the max: overflows to nan for large logits. z (10,)."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum()


SHIFT = 1000.0
OVERFLOW_LIMIT = float(np.log(np.finfo(np.float64).max))


class SoftmaxExplorer(widgets.VBox):
    """Ten logit sliders (one per digit) and a temperature; shows softmax(Z2 / T) as bars.

    The button "What if the logits are huge?" adds 1000 to every logit and compares the
    naive formula with the reference softmax. State: `logits` (10,), `temperature`,
    `probabilities` (10,), after the button `naive_probabilities` and `stable_probabilities`.
    """

    def __init__(self, logits=None):
        start = np.array([1.0, -1, 0.5, 2.5, -2, 0, 1, -0.5, 0, 1.5]) if logits is None else logits
        self.logit_sliders = [
            widgets.FloatSlider(
                value=float(v), min=-10, max=10, step=0.1, description=str(d), orientation="vertical",
                readout_format=".1f", layout=widgets.Layout(width="52px", height="180px"),
            )
            for d, v in enumerate(start)
        ]
        self.temperature_slider = widgets.FloatLogSlider(
            value=1.0, base=10, min=-1, max=1, step=0.05, description="temperature T",
            style={"description_width": "initial"},
        )
        self.overflow_button = widgets.Button(description="What if the logits are huge?",
                                              layout=widgets.Layout(width="240px"))
        self.caption = widgets.HTML()
        self.overflow_report = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.out = widgets.Output()
        self.naive_probabilities = self.stable_probabilities = None

        self.figure = plots.FastFigure(5.2, 2.6)
        ax = self.figure.fig.subplots()
        self.bars = plots.probability_bars(ax, "softmax(Z2 / T)")
        self.figure.animate(*self.bars)
        self.figure.fig.tight_layout()
        plots.fit_width(self.image, self.figure.fig)

        update = self.out.capture()(self._on_change)
        for slider in [*self.logit_sliders, self.temperature_slider]:
            slider.observe(update, names="value")
        self.overflow_button.on_click(self.out.capture()(self._on_overflow))
        logits_box = widgets.VBox([widgets.HTML("<b>logits Z2</b> (one per digit)"),
                                   widgets.HBox(self.logit_sliders)])
        super().__init__([
            widgets.HBox([logits_box, self.image]), self.temperature_slider, self.caption,
            self.overflow_button, self.overflow_report, self.out,
        ])
        self.update()

    @property
    def logits(self):
        return np.array([s.value for s in self.logit_sliders])

    @property
    def temperature(self):
        return self.temperature_slider.value

    def _on_change(self, change):
        self.update()

    def _on_overflow(self, button):
        self.overflow_demo()

    def update(self):
        z = self.logits / self.temperature
        self.probabilities = reference.softmax(z[:, None]).ravel()
        top = int(np.argmax(self.probabilities))
        plots.set_probabilities(self.bars, self.probabilities)
        self.caption.value = (
            f"Most probable digit: <b>{top}</b> with {self.probabilities[top]:.1%}; "
            f"the 10 probabilities sum to {self.probabilities.sum():.3f}. "
            "A low temperature sharpens the bars towards the largest logit, a high one flattens them."
        )
        self.image.value = self.figure.png()

    def overflow_demo(self):
        """Compare naive and stable softmax on the current Z2 / T + 1000 (same answer in exact maths)."""
        z = self.logits / self.temperature + SHIFT
        self.naive_probabilities = naive_softmax(z)
        self.stable_probabilities = reference.softmax(z[:, None]).ravel()
        naive = ", ".join(f"{p:.2f}" for p in self.naive_probabilities)
        stable = ", ".join(f"{p:.2f}" for p in self.stable_probabilities)
        self.overflow_report.value = (
            f"<p>Adding {SHIFT:g} to every logit (after dividing by T) should change nothing: "
            "softmax only cares about differences between logits.</p>"
            f"<p><b>Naive</b> <code>np.exp(Z) / np.exp(Z).sum()</code> gives [{naive}]. "
            f"<code>np.exp(x)</code> overflows to <code>inf</code> for x above {OVERFLOW_LIMIT:.1f} "
            "(the largest float64 is about 1.8e308), and inf / inf is <code>nan</code>: "
            "the network would stop learning.</p>"
            "<p><b>Stable</b> (subtract each column's max first, as <code>softmax</code> in the lesson) "
            f"gives [{stable}]: the largest logit becomes 0, exp(0) = 1, nothing overflows, "
            "and the answer is the same as before the shift.</p>"
        )


def softmax_explorer(logits=None):
    """Ten logit sliders and a temperature slider showing softmax as bars, plus an overflow demo button."""
    return SoftmaxExplorer(logits)
