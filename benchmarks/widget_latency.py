"""How quickly the widgets respond: callback latency of each widget, update rate of the training dashboard.

Run from the repository root:

    .venv/bin/python benchmarks/widget_latency.py [--repeats 30] [--iterations 300]

Latency is the time from setting a control's value (as the browser does) to the widget having
recomputed its data and new PNG, median over --repeats moves; sending the PNG to the browser
and drawing it there are not included. Also compares the two ways of showing a matplotlib figure:
rebuilding it for an Output widget versus redrawing only the changing artists for an Image widget.
Not a test: numbers depend on the machine and its load.
"""

import argparse
import statistics
import time

import numpy as np

from widgets import data, plots, reference
from widgets.activations import relu_explorer, softmax_explorer
from widgets.dashboard import training_dashboard
from widgets.digits import digit_browser
from widgets.draw import draw_digit
from widgets.evaluation import confusion_matrix, example_explorer, misclassified_gallery
from widgets.inspector import forward_pass_inspector
from widgets.weights import weights_viewer


def median_ms(action, repeats):
    """Median wall time of action(k) for k = 1..repeats, in milliseconds."""
    times = []
    for k in range(1, repeats + 1):
        start = time.perf_counter()
        action(k)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def rebuilt_figure_png(X, W1, W2, k):
    """What an Output + clear_output(wait=True) update costs in the kernel: a new figure, fully rendered."""
    fig = plots.new_figure(6.4, 2.6)
    ax_digit, ax_bars = fig.subplots(1, 2, width_ratios=[1, 1.6])
    plots.show_digit(ax_digit, X[:, k], "X[:, i] as 28 x 28")
    bars = plots.probability_bars(ax_bars)
    plots.set_probabilities(bars, reference.forward_prop(W1, W2, reference.pad(X[:, [k]]))[3])
    fig.tight_layout()
    return plots.figure_png(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="slider moves per widget (default 30)")
    parser.add_argument("--iterations", type=int, default=300,
                        help="dashboard training iterations (default 300)")
    args = parser.parse_args()
    n = args.repeats

    X_train, Y_train, X_dev, Y_dev = data.train_dev_split(data.load_mnist())
    W1, W2 = reference.gradient_descent(reference.pad(X_train[:, :3000]), Y_train[:3000], 0.5, 100)
    predictions = reference.make_predictions(reference.pad(X_dev), W1, W2)

    def cycle(control, values):
        return lambda k: setattr(control, "value", values[k % len(values)])

    browser = digit_browser(X_dev, Y_dev, W1, W2)
    relu = relu_explorer()
    softmax = softmax_explorer()
    inspector = forward_pass_inspector(X_dev, Y_dev, W1, W2)
    weights = weights_viewer(W1)
    matrix = confusion_matrix(Y_dev, predictions)
    gallery = misclassified_gallery(X_dev, Y_dev, W1, W2)
    explorer = example_explorer(X_dev, Y_dev, W1, W2)
    drawer = draw_digit(W1, W2)
    strokes = [(np.kron(X_dev[:, j].reshape(28, 28), np.ones((10, 10))) * 255).astype(np.uint8).tobytes()
               for j in range(10)]

    rows = [
        ("digit_browser: example slider", cycle(browser.slider, range(1, 500))),
        ("relu_explorer: z slider", cycle(relu.slider, np.linspace(-4.5, 4.5, 19))),
        ("softmax_explorer: logit slider", cycle(softmax.logit_sliders[3], np.linspace(-9, 9, 19))),
        ("softmax_explorer: temperature slider", cycle(softmax.temperature_slider, [0.2, 0.5, 1, 2, 5])),
        ("softmax_explorer: overflow button", lambda k: softmax.overflow_button.click()),
        ("forward_pass_inspector: example slider", cycle(inspector.slider, range(1, 500))),
        ("weights_viewer: colour-scale toggle", cycle(weights.scale, ["shared", "per unit"])),
        ("weights_viewer: update(W1)", lambda k: weights.update(W1 * (1 + 0.01 * k))),
        ("confusion_matrix: counts/% toggle", cycle(matrix.mode, matrix.mode.options[::-1])),
        ("misclassified_gallery: digit filter", cycle(gallery.digit, [str(d) for d in range(10)] + ["any"])),
        ("example_explorer: example slider", cycle(explorer.slider, range(1, 500))),
        ("example_explorer: show filter", cycle(explorer.filter, explorer.MODES[1:] + explorer.MODES[:1])),
        ("draw_digit: new drawing (280 x 280)", lambda k: setattr(drawer.canvas, "pixels", strokes[k % 10])),
    ]
    print(f"Callback latency, median of {n} (ms):")
    for name, action in rows:
        print(f"  {name:<42} {median_ms(action, n):7.2f}")

    print("\nShowing a figure (digit + 10 bars), median of", n, "(ms):")
    rebuilt = median_ms(lambda k: rebuilt_figure_png(X_dev, W1, W2, k), n)
    cached = median_ms(lambda k: browser.show(k), n)
    print(f"  {'new figure, full render (Output + clear_output)':<52} {rebuilt:7.1f}")
    print(f"  {'cached background, changed artists only (Image)':<52} {cached:7.1f}")

    dashboard = training_dashboard(X_train, Y_train, X_dev, Y_dev)
    dashboard.iterations.value = args.iterations
    start = time.perf_counter()
    dashboard.train()
    dashboard.wait()
    seconds = time.perf_counter() - start
    steps = len(dashboard.history["step"])
    print(f"\nTraining dashboard, {steps} full-batch iterations on {X_train.shape[1]} examples: "
          f"{seconds:.1f} s, {steps / seconds:.0f} iterations/s, "
          f"{dashboard.redraws / seconds:.1f} updates/s (curves + dev evaluation + weights), "
          f"status {dashboard.status}")


if __name__ == "__main__":
    main()
