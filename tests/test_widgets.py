"""Headless tests of the interactive widgets: move a slider or click a button, check the data shown changed.

Each test drives the real callback through the widget's trait (slider.value = ..., button.click())
and asserts on the arrays the widget exposes, never on pixels.
"""

import numpy as np
import pytest

from widgets import data, reference
from widgets.activations import naive_softmax, relu_explorer, softmax_explorer
from widgets.dashboard import FAST_TRAINER, STEP_TRAINER, divergence, training_dashboard
from widgets.digits import digit_browser
from widgets.draw import area_resize_matrix, draw_digit, preprocess
from widgets.evaluation import confusion_counts, confusion_matrix, example_explorer, misclassified_gallery
from widgets.inspector import forward_pass_inspector
from widgets.weights import weights_viewer


@pytest.fixture(scope="module")
def digits():
    """A small slice of the bundled digits: X_train (784, 600), Y_train, X_dev (784, 300), Y_dev."""
    X_train, Y_train, X_dev, Y_dev = data.train_dev_split(data.load_mnist(), dev_size=1000)
    return X_train[:, :600], Y_train[:600], X_dev[:, :300], Y_dev[:300]


@pytest.fixture(scope="module")
def trained(digits):
    """W1 (10, 785), W2 (10, 10) trained briefly on the slice: good enough to be right and wrong."""
    X_train, Y_train, _, _ = digits
    return reference.gradient_descent(reference.pad(X_train), Y_train, 0.5, 60)


# Digit browser


def test_digit_browser_slider_shows_that_example_and_its_probabilities(digits, trained):
    _, _, X_dev, Y_dev = digits
    W1, W2 = trained
    browser = digit_browser(X_dev, Y_dev, W1, W2)
    first_png, first_probabilities = browser.png, browser.probabilities.copy()
    browser.slider.value = 7
    assert browser.index == 7
    expected = reference.forward_prop(W1, W2, reference.pad(X_dev[:, [7]]))[3].ravel()
    np.testing.assert_allclose(browser.probabilities, expected)
    assert browser.prediction == int(np.argmax(expected))
    assert not np.allclose(browser.probabilities, first_probabilities)
    assert browser.png != first_png and browser.image.value == browser.png
    assert f"label <b>{Y_dev[7]}</b>" in browser.caption.value


def test_digit_browser_without_a_model_shows_digits_only(digits):
    _, _, X_dev, Y_dev = digits
    browser = digit_browser(X_dev, Y_dev)
    first_png = browser.png
    browser.slider.value = 3
    assert browser.index == 3 and browser.probabilities is None
    assert browser.png != first_png


def test_digit_browser_explains_transposed_input(digits):
    _, _, X_dev, Y_dev = digits
    with pytest.raises(ValueError, match="pass X.T"):
        digit_browser(X_dev.T, Y_dev)


# Activation explorers


def test_relu_explorer_slider_moves_the_point():
    explorer = relu_explorer()
    explorer.slider.value = -2.0
    assert (explorer.z, explorer.value, explorer.slope) == (-2.0, 0.0, 0.0)
    png = explorer.image.value
    explorer.slider.value = 3.0
    assert (explorer.z, explorer.value, explorer.slope) == (3.0, 3.0, 1.0)
    assert explorer.image.value != png
    assert "passes through" in explorer.caption.value


def test_relu_explorer_uses_the_learners_function_or_explains_why_not():
    def stub(Z):
        raise NotImplementedError()

    def leaky(Z):
        return np.where(Z > 0, Z, 0.1 * Z)

    explorer = relu_explorer(leaky, stub)
    explorer.slider.value = -2.0
    assert explorer.value == pytest.approx(-0.2) and explorer.slope == 0.0
    assert explorer.notes == [
        "Your <code>ReLU_deriv</code> is not written yet, so the reference <code>ReLU_deriv</code> is shown. "
        "Run <code>check(ReLU_deriv)</code> for details."
    ]


def test_softmax_explorer_logit_slider_changes_probabilities():
    explorer = softmax_explorer()
    before = explorer.probabilities.copy()
    explorer.logit_sliders[4].value = 9.0
    assert not np.allclose(explorer.probabilities, before)
    assert np.argmax(explorer.probabilities) == 4
    np.testing.assert_allclose(explorer.probabilities, reference.softmax(explorer.logits[:, None]).ravel())
    np.testing.assert_allclose(explorer.probabilities.sum(), 1.0)


def test_softmax_explorer_temperature_flattens_and_sharpens():
    explorer = softmax_explorer()
    explorer.temperature_slider.value = 10.0
    flat = explorer.probabilities.max()
    explorer.temperature_slider.value = 0.1
    sharp = explorer.probabilities.max()
    assert flat < 0.2 < 0.9 < sharp
    np.testing.assert_allclose(
        explorer.probabilities, reference.softmax(explorer.logits[:, None] / 0.1).ravel(), rtol=1e-12
    )


def test_softmax_overflow_button_shows_nan_for_naive_and_the_same_answer_for_stable():
    explorer = softmax_explorer()
    assert explorer.naive_probabilities is None
    explorer.overflow_button.click()
    assert np.isnan(explorer.naive_probabilities).all()
    np.testing.assert_allclose(explorer.stable_probabilities, explorer.probabilities)
    assert "nan" in explorer.overflow_report.value and "inf" in explorer.overflow_report.value


def test_naive_softmax_matches_for_small_logits():
    z = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(naive_softmax(z), reference.softmax(z[:, None]).ravel())


# Forward-pass inspector


def test_inspector_slider_runs_the_chosen_example_through_the_network(digits, trained):
    _, _, X_dev, Y_dev = digits
    W1, W2 = trained
    inspector = forward_pass_inspector(X_dev, Y_dev, W1, W2)
    png = inspector.image.value
    inspector.slider.value = 11
    Z1, A1, Z2, A2 = reference.forward_prop(W1, W2, reference.pad(X_dev[:, [11]]))
    for got, expected in zip((inspector.Z1, inspector.A1, inspector.Z2, inspector.A2), (Z1, A1, Z2, A2),
                             strict=True):
        np.testing.assert_allclose(got, expected)
    assert inspector.Z1.shape == (10, 1) and inspector.A2.shape == (10, 1)
    assert inspector.image.value != png


# Weights viewer


def test_weights_viewer_shows_rows_without_bias_and_toggles_scale(trained):
    W1, _ = trained
    viewer = weights_viewer(W1)
    np.testing.assert_array_equal(viewer.images[3], W1[3, 1:].reshape(28, 28))
    assert len(set(viewer.limits)) > 1
    png = viewer.image.value
    viewer.scale.value = "shared"
    assert len(set(viewer.limits)) == 1
    assert viewer.image.value != png


def test_weights_viewer_update_redraws_and_handles_a_new_size(trained):
    W1, _ = trained
    viewer = weights_viewer(W1)
    png = viewer.image.value
    wider = np.vstack([W1, -W1[:4]])
    viewer.update(wider)
    assert viewer.images.shape == (14, 28, 28)
    assert viewer.image.value != png


# Evaluation


def test_confusion_counts_by_hand():
    matrix = confusion_counts([0, 0, 1, 2, 2], [0, 1, 1, 2, 0])
    assert matrix[0, 0] == 1 and matrix[0, 1] == 1 and matrix[1, 1] == 1 and matrix[2, 0] == 1
    assert matrix.sum() == 5


def test_confusion_matrix_toggle_switches_to_row_percentages(digits, trained):
    _, _, X_dev, Y_dev = digits
    predictions = reference.make_predictions(reference.pad(X_dev), *trained)
    view = confusion_matrix(Y_dev, predictions)
    np.testing.assert_array_equal(view.shown, view.matrix)
    png = view.image.value
    view.mode.value = "% of each true digit"
    np.testing.assert_allclose(view.shown.sum(axis=1), 100)
    assert view.image.value != png


def test_gallery_filter_and_pages_show_only_matching_mistakes(digits, trained):
    _, _, X_dev, Y_dev = digits
    W1, W2 = trained
    gallery = misclassified_gallery(X_dev, Y_dev, W1, W2)
    predictions = reference.make_predictions(reference.pad(X_dev), W1, W2)
    assert set(gallery.wrong) == set(np.flatnonzero(predictions != Y_dev))
    first_page = gallery.shown_indices.copy()
    digit = int(np.bincount(Y_dev[gallery.wrong]).argmax())
    gallery.digit.value = str(digit)
    assert len(gallery.shown_indices) > 0
    assert (Y_dev[gallery.shown_indices] == digit).all()
    assert (predictions[gallery.shown_indices] != digit).all()
    gallery.digit.value = "any"
    np.testing.assert_array_equal(gallery.shown_indices, first_page)
    if gallery.page.max > 0:
        gallery.page.value = 1
        assert not set(gallery.shown_indices) & set(first_page)


def test_example_explorer_filter_restricts_the_slider(digits, trained):
    _, _, X_dev, Y_dev = digits
    W1, W2 = trained
    explorer = example_explorer(X_dev, Y_dev, W1, W2)
    explorer.filter.value = "misclassified"
    wrong = np.flatnonzero(reference.make_predictions(reference.pad(X_dev), W1, W2) != Y_dev)
    assert explorer.slider.max == len(wrong) - 1
    explorer.slider.value = 1
    assert explorer.index == wrong[1]
    assert explorer.prediction != Y_dev[explorer.index]
    explorer.filter.value = "least confident first"
    assert explorer.probabilities.max() <= 0.5


# Draw your own digit


def test_area_resize_matrix_rows_sum_to_one():
    for source, target in [(200, 20), (7, 20), (133, 17)]:
        np.testing.assert_allclose(area_resize_matrix(source, target).sum(axis=1), 1)


def test_preprocess_blank_canvas_is_all_zeros():
    np.testing.assert_array_equal(preprocess(np.zeros((280, 280), dtype=np.uint8)), np.zeros((28, 28)))


def test_preprocess_fits_the_ink_in_20_pixels_keeping_aspect_and_centres_its_mass():
    canvas = np.zeros((280, 280), dtype=np.uint8)
    canvas[30:230, 50:150] = 255  # a bar twice as tall as wide
    digit = preprocess(canvas)
    assert digit.shape == (28, 28) and digit.min() >= 0 and digit.max() == 1
    rows, cols = np.flatnonzero(digit.any(axis=1)), np.flatnonzero(digit.any(axis=0))
    assert len(rows) == 20 and len(cols) == 10
    mass = digit.sum()
    assert abs(digit.sum(axis=1) @ np.arange(28) / mass - 14) <= 0.5
    assert abs(digit.sum(axis=0) @ np.arange(28) / mass - 14) <= 0.5


def test_preprocess_ignores_where_and_how_big_the_digit_was_drawn(digits):
    _, _, X_dev, _ = digits
    digit = X_dev[:, 0].reshape(28, 28)
    small = np.zeros((280, 280))
    small[10:10 + 140, 120:120 + 140] = np.kron(digit, np.ones((5, 5)))
    large = np.zeros((400, 400))
    large[100:380, 0:280] = np.kron(digit, np.ones((10, 10)))
    np.testing.assert_allclose(preprocess(small), preprocess(large), atol=1e-9)


def test_preprocess_gives_back_real_mnist_digits_enlarged_tenfold(digits, trained):
    """MNIST digits are already cropped, 20 px and centred: preprocessing them enlarged is a no-op."""
    _, _, X_dev, _ = digits
    originals = X_dev[:, :50]
    processed = np.column_stack([
        preprocess(np.kron(originals[:, j].reshape(28, 28), np.ones((10, 10)))).ravel() for j in range(50)
    ])
    assert np.abs(processed - originals).mean() < 0.01
    W1, W2 = trained
    np.testing.assert_array_equal(reference.make_predictions(reference.pad(processed), W1, W2),
                                  reference.make_predictions(reference.pad(originals), W1, W2))


def test_preprocess_rejects_a_colour_image():
    with pytest.raises(ValueError, match="2-D"):
        preprocess(np.zeros((28, 28, 3)))


def test_drawing_on_the_canvas_predicts_and_clear_resets(digits, trained):
    _, _, X_dev, Y_dev = digits
    W1, W2 = trained
    drawer = draw_digit(W1, W2)
    assert drawer.probabilities is None
    png = drawer.image.value
    ink = (np.kron(X_dev[:, 2].reshape(28, 28), np.ones((10, 10))) * 255).astype(np.uint8)
    drawer.canvas.pixels = ink.tobytes()
    expected = reference.forward_prop(W1, W2, reference.pad(drawer.digit.reshape(784, 1)))[3].ravel()
    np.testing.assert_allclose(drawer.probabilities, expected)
    assert drawer.prediction == int(np.argmax(expected))
    assert drawer.image.value != png and "thinks this is" in drawer.caption.value
    drawer.canvas.clear()
    assert drawer.probabilities is None and not drawer.digit.any()


# Training dashboard


def test_divergence_rules():
    A1 = np.ones((3, 4))
    assert divergence(2.0, 2.3, A1) is None
    assert "nan" in divergence(float("nan"), 2.3, A1)
    assert "jumped" in divergence(9.0, 2.3, A1)
    assert "switched off" in divergence(2.3, 2.3, np.zeros((3, 4)))


def test_dashboard_train_button_trains_and_draws_curves(digits):
    dashboard = training_dashboard(*digits)
    W1_before = dashboard.weights.images.copy()
    dashboard.alpha.value = 0.5
    dashboard.iterations.value = 40
    dashboard.train_button.click()
    assert dashboard.wait(timeout=120)
    history = dashboard.history
    assert dashboard.status == "finished", dashboard.message
    assert len(history["step"]) == 40 and len(history["dev_loss"]) >= 1
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["dev_accuracy"][-1] > 0.5
    assert dashboard.progress.value == dashboard.progress.max == 40
    assert dashboard.redraws >= 1
    assert not np.allclose(dashboard.weights.images, W1_before)
    assert not dashboard.train_button.disabled and dashboard.stop_button.disabled


def test_dashboard_stop_button_stops_training(digits):
    dashboard = training_dashboard(*digits)
    dashboard.iterations.value = 1000
    dashboard.train_button.click()
    dashboard.stop_button.click()
    assert dashboard.wait(timeout=120)
    assert dashboard.status == "stopped"
    assert len(dashboard.history["step"]) < 1000


def test_dashboard_huge_learning_rate_reports_divergence(digits):
    dashboard = training_dashboard(*digits)
    dashboard.alpha.value = 10 ** dashboard.alpha.max
    dashboard.iterations.value = 100
    dashboard.train_button.click()
    assert dashboard.wait(timeout=120)
    assert dashboard.status == "diverged"
    assert "diverged" in dashboard.message and "smaller" in dashboard.message
    assert dashboard.marker.get_visible()
    assert len(dashboard.history["step"]) < 100


def test_dashboard_uses_the_learners_functions(digits):
    calls = {"forward_prop": 0}

    def forward_prop(W1, W2, X):
        calls["forward_prop"] += 1
        return reference.forward_prop(W1, W2, X)

    dashboard = training_dashboard(*digits, functions={"forward_prop": forward_prop})
    dashboard.iterations.value = 10
    dashboard.train()
    assert dashboard.wait(timeout=120) and dashboard.status == "finished"
    assert calls["forward_prop"] == 10


def test_dashboard_explains_an_error_in_the_learners_code(digits):
    def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):
        raise NotImplementedError()

    dashboard = training_dashboard(*digits, functions={"backward_prop": backward_prop})
    dashboard.iterations.value = 10
    dashboard.train()
    assert dashboard.wait(timeout=120)
    assert dashboard.status == "error"
    assert "backward_prop" in dashboard.message and "check(backward_prop)" in dashboard.message
    assert "not written yet" in dashboard.message


def test_dashboard_mini_batches_use_the_fast_trainer_and_count_epochs(digits):
    dashboard = training_dashboard(*digits, mini_batches=True)
    assert dashboard.trainer == FAST_TRAINER
    dashboard.iterations.value = 4
    dashboard.batch_size.value = 64
    dashboard.alpha.value = 0.05
    dashboard.train_button.click()
    assert dashboard.wait(timeout=120)
    assert dashboard.status == "finished", dashboard.message
    steps_per_epoch = -(-600 // 64)
    assert len(dashboard.history["step"]) == 4 * steps_per_epoch
    assert dashboard.history["dev_step"][-1] == 4
    first_epoch, last_epoch = np.array_split(dashboard.history["train_loss"], 4)[::3]
    assert last_epoch.mean() < first_epoch.mean()
    assert dashboard.history["dev_loss"][-1] < 2.0  # from about 2.3 (ln 10) at the start


def test_dashboard_mini_batches_with_the_learners_functions_step_through_them(digits):
    calls = {"update_params": 0}

    def update_params(W1, W2, dW1, dW2, alpha):
        calls["update_params"] += 1
        return reference.update_params(W1, W2, dW1, dW2, alpha)

    dashboard = training_dashboard(*digits, functions={"update_params": update_params}, mini_batches=True)
    assert dashboard.trainer == STEP_TRAINER
    dashboard.iterations.value = 1
    dashboard.batch_size.value = 256
    dashboard.train()
    assert dashboard.wait(timeout=120) and dashboard.status == "finished", dashboard.message
    assert calls["update_params"] == len(dashboard.history["step"]) == 3


def test_dashboard_fast_trainer_stops_and_reports_divergence(digits):
    dashboard = training_dashboard(*digits, mini_batches=True)
    dashboard.iterations.value = 30
    dashboard.batch_size.value = 16
    dashboard.train_button.click()
    dashboard.stop_button.click()
    assert dashboard.wait(timeout=120) and dashboard.status == "stopped"
    assert len(dashboard.history["step"]) < 30 * 600 // 16
    dashboard.alpha.value = 10 ** dashboard.alpha.max
    dashboard.train_button.click()
    assert dashboard.wait(timeout=120) and dashboard.status == "diverged", dashboard.message


def test_weights_viewer_draws_at_most_max_units():
    viewer = weights_viewer(np.random.default_rng(0).standard_normal((100, 785)))
    assert viewer.images.shape == (40, 28, 28)
    assert "first 40 of the 100" in viewer.caption.value


def test_dashboard_hidden_units_slider_resizes_the_weights_grid(digits):
    dashboard = training_dashboard(*digits)
    assert dashboard.weights.images.shape[0] == 10
    dashboard.hidden_units.value = 16
    assert dashboard.weights.images.shape[0] == 16 and dashboard.W1.shape == (16, 785)


def test_dashboard_names_the_learners_function_that_returns_a_wrong_shape(digits):
    def update_params(W1, W2, dW1, dW2, alpha):
        return (W1 - alpha * dW1).T, W2 - alpha * dW2

    dashboard = training_dashboard(*digits, functions={"update_params": update_params})
    dashboard.iterations.value = 10
    dashboard.train()
    assert dashboard.wait(timeout=120) and dashboard.status == "error"
    assert "update_params" in dashboard.message and "(785, 10)" in dashboard.message


def test_dashboard_counts_only_the_learners_own_functions_as_theirs(digits):
    def update_params(W1, W2, dW1, dW2, alpha):
        return W1 - alpha * dW1, W2 - alpha * dW2

    functions = {"forward_prop": reference.forward_prop, "backward_prop": reference.backward_prop,
                 "update_params": update_params}
    dashboard = training_dashboard(*digits, functions=functions)
    assert dashboard.own == ["update_params"]
    assert "Training with your update_params (the reference for the rest)" in dashboard.children[0].value
    everything_reference = training_dashboard(*digits, functions={"forward_prop": reference.forward_prop},
                                              mini_batches=True)
    assert everything_reference.own == [] and "widgets.fast" in everything_reference.children[0].value


def test_closing_the_dashboard_stops_training(digits):
    dashboard = training_dashboard(*digits)
    dashboard.iterations.value = 1000
    dashboard.train()
    dashboard.close()
    assert dashboard.wait(timeout=120) and dashboard.status == "stopped"
