"""Lesson 4's computation graph: one neuron, its values flowing forward and its gradients flowing back.

The neuron is the network in miniature, with scalars: z = w x + b, a = ReLU(z), and a squared-error loss
L = (a - y)^2 / 2 against a target y. `neuron_values` computes the forward values and, by the chain
rule, every gradient: each box multiplies the gradient arriving from its right by its own local
derivative. `neuron_graph()` draws them (values in black above each arrow, gradients in red below) with
sliders for x, w, b and y, so that a learner can see, for example, that every gradient upstream of a ReLU
is 0 when z < 0.
"""

from __future__ import annotations

from .plots import figure_png, new_figure

INK, GRADIENT, BOX = "#1f2328", "#cf222e", "#eaeef2"


def neuron_values(x: float, w: float, b: float, y: float) -> dict:
    """Forward values (z, a, L) and gradients (dL_da, dL_dz, dL_dw, dL_db, dL_dx) of one neuron."""
    z = w * x + b
    a = max(z, 0.0)
    loss = (a - y) ** 2 / 2
    dL_da = a - y  # d/da of (a - y)^2 / 2
    dL_dz = dL_da * (1.0 if z > 0 else 0.0)  # times ReLU'(z)
    return {
        "x": x,
        "w": w,
        "b": b,
        "y": y,
        "z": z,
        "a": a,
        "L": loss,
        "dL_da": dL_da,
        "dL_dz": dL_dz,
        "dL_dw": dL_dz * x,
        "dL_db": dL_dz,
        "dL_dx": dL_dz * w,
    }


def draw_neuron(values: dict):
    """The graph of `neuron_values` as a matplotlib Figure (pyplot-free)."""
    fig = new_figure(8.4, 3.0, dpi=90)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10.5)
    ax.set_ylim(0, 4.1)
    ax.axis("off")
    v = values

    def box(x, y, text, width=1.3):
        ax.add_patch(_rounded(x - width / 2, y - 0.35, width, 0.7))
        ax.text(x, y, text, ha="center", va="center", fontsize=11, color=INK)

    def arrow(x0, y0, x1, y1, value, gradient, name):
        ax.annotate(
            "", xy=(x1, y1), xytext=(x0, y0), arrowprops={"arrowstyle": "->", "color": INK, "lw": 1.2}
        )
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        ax.text(
            mx,
            my + 0.22,
            f"{name} = {round(value, 2) + 0.0:.2f}",
            ha="center",
            va="bottom",
            fontsize=9.5,
            color=INK,
        )
        ax.text(
            mx,
            my - 0.22,
            f"dL/d{name} = {round(gradient, 2) + 0.0:.2f}",
            ha="center",
            va="top",
            fontsize=9.5,
            color=GRADIENT,
        )

    box(0.8, 3.3, "x")
    box(0.8, 1.6, "w")
    box(0.8, 0.45, "b")
    box(3.2, 2.45, "×", 0.8)
    box(5.0, 1.6, "+", 0.8)
    box(7.0, 1.6, "ReLU", 1.2)
    box(9.4, 1.6, "½(a − y)²", 1.7)
    arrow(1.45, 3.3, 2.8, 2.6, v["x"], v["dL_dx"], "x")
    arrow(1.45, 1.6, 2.8, 2.3, v["w"], v["dL_dw"], "w")
    arrow(3.6, 2.35, 4.6, 1.75, v["w"] * v["x"], v["dL_dz"], "wx")
    arrow(1.45, 0.45, 4.6, 1.45, v["b"], v["dL_db"], "b")
    arrow(5.4, 1.6, 6.4, 1.6, v["z"], v["dL_dz"], "z")
    arrow(7.6, 1.6, 8.55, 1.6, v["a"], v["dL_da"], "a")
    ax.text(9.4, 0.75, f"y = {v['y']:.2f}    L = {v['L']:.3f}", ha="center", fontsize=10, color=INK)
    ax.text(
        0.2,
        4.05,
        "forward: values (black)   backward: gradients (red), each = the one on its right "
        "× the local derivative",
        fontsize=9,
        color=INK,
        va="top",
    )
    return fig


def _rounded(x, y, width, height):
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch(
        (x, y),
        width,
        height,
        boxstyle="round,pad=0.02,rounding_size=0.12",
        facecolor=BOX,
        edgecolor="#8c959f",
    )


def neuron_graph(x: float = 2.0, w: float = 0.5, b: float = -0.3, y: float = 1.0):
    """The computation graph of one neuron with a slider for each input; returns the widget."""
    import ipywidgets as widgets

    image = widgets.Image(format="png")
    sliders = {
        name: widgets.FloatSlider(
            value=value,
            min=-3.0,
            max=3.0,
            step=0.1,
            description=name,
            continuous_update=True,
            readout_format=".1f",
        )
        for name, value in (("x", x), ("w", w), ("b", b), ("y", y))
    }

    def redraw(change=None):
        image.value = figure_png(draw_neuron(neuron_values(*(s.value for s in sliders.values()))))

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox(
        [widgets.HBox(list(sliders.values())[:2]), widgets.HBox(list(sliders.values())[2:]), image]
    )
