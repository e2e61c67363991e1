"""Lesson 4's computation graph of one neuron: its gradients are the chain rule's, and the widget redraws."""

import pytest

from widgets.graph import draw_neuron, neuron_graph, neuron_values


def loss(x, w, b, y):
    return neuron_values(x, w, b, y)["L"]


@pytest.mark.parametrize("x, w, b, y", [(2.0, 0.5, -0.3, 1.0), (-1.5, 0.8, 0.4, -0.2), (1.0, -2.0, 0.5, 0.3)])
def test_every_gradient_matches_a_numerical_slope(x, w, b, y):
    values, h = neuron_values(x, w, b, y), 1e-6
    slopes = {
        "dL_dx": (loss(x + h, w, b, y) - loss(x - h, w, b, y)) / (2 * h),
        "dL_dw": (loss(x, w + h, b, y) - loss(x, w - h, b, y)) / (2 * h),
        "dL_db": (loss(x, w, b + h, y) - loss(x, w, b - h, y)) / (2 * h),
    }
    for name, slope in slopes.items():
        assert values[name] == pytest.approx(slope, abs=1e-6), name


def test_a_negative_score_passes_no_gradient_back():
    values = neuron_values(2.0, 0.5, -1.5, 1.0)
    assert values["z"] < 0 and values["a"] == 0
    assert values["dL_da"] == -1.0 and values["dL_dz"] == values["dL_dw"] == values["dL_db"] == 0


def test_the_figure_shows_values_and_gradients_and_the_sliders_redraw_it():
    texts = [t.get_text() for t in draw_neuron(neuron_values(2.0, 0.5, -0.3, 1.0)).axes[0].texts]
    assert "z = 0.70" in texts and "dL/dw = -0.60" in texts and "dL/dx = -0.15" in texts
    widget = neuron_graph()
    image = widget.children[-1]
    before = image.value
    widget.children[1].children[0].value = -2.0  # b
    assert bytes(image.value) != bytes(before) and bytes(image.value).startswith(b"\x89PNG")
