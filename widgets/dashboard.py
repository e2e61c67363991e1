"""Training dashboard: pick a learning rate, iterations and hidden units, press Train, watch it learn.

Training runs in a background thread, so the kernel stays free to handle the
Stop button and slider moves; the thread redraws the curves and the weights a
few times a second. A learning rate that is too high is caught and explained
(loss jumping up, nan/inf, or every hidden unit switched off) instead of
crashing.
"""

import html
import threading
import time

import ipywidgets as widgets
import numpy as np
from threadpoolctl import threadpool_limits

from . import fast, plots, reference
from .digits import as_pixels
from .weights import WeightsViewer

FUNCTION_NAMES = ("init_params", "forward_prop", "backward_prop", "update_params")
REDRAW_SECONDS = 0.15
LOSS_JUMP = 2.5
TRAIN_COLOR, DEV_COLOR = "#1f5fa8", "#e07b00"
LABEL_STYLE = {"description_width": "120px"}
FAST_TRAINER = "widgets.fast.minibatch_gradient_descent"
STEP_TRAINER = "step by step with the functions dict"
MOMENTUM = 0.9


class LearnerCodeError(Exception):
    """A function from the learner's `functions` dict raised; carries the function's name."""

    def __init__(self, name, error):
        super().__init__(f"{name} raised {type(error).__name__}: {error}")
        self.name = name


def expect_shape(name, what, array, shape):
    """Raise LearnerCodeError if the learner's function `name` returned `what` with the wrong shape."""
    if np.shape(array) != tuple(shape):
        problem = ValueError(f"it returned {what} with shape {np.shape(array)}, expected {tuple(shape)}")
        raise LearnerCodeError(name, problem) from problem


def reference_functions():
    """The reference network's init_params, forward_prop, backward_prop and update_params, by name."""
    return {name: getattr(reference, name) for name in FUNCTION_NAMES}


def divergence(loss, first_loss, A1):
    """Why training has gone wrong, in words, or None if it looks fine.

    loss: this step's training loss; first_loss: the loss before any update; A1 (h, m) this
    step's hidden activations, or None when the trainer does not expose them.
    """
    if not np.isfinite(loss):
        return "the loss became nan or inf: the weights overflowed"
    if loss > LOSS_JUMP * first_loss:
        return f"the loss jumped from {first_loss:.2f} to {loss:.2f} instead of going down"
    if A1 is not None and not np.any(np.asarray(A1) > 0):
        return ("every hidden unit is switched off (ReLU outputs 0 for every example): "
                "the weights took a step so big that no gradient can flow back")
    return None


class TrainingDashboard(widgets.VBox):
    """Sliders, Train / Stop, a progress bar, live loss and accuracy curves and the weights viewer.

    X_train (784, m) in [0, 1], Y_train (m,), X_dev (784, n), Y_dev (n,); none is modified.
    functions: dict with the learner's init_params, forward_prop, backward_prop and
    update_params (missing names, and the reference's own functions, count as the reference), or None.
    mini_batches=True adds a batch-size slider and counts epochs instead of iterations.
    State: `history` (dict of lists), `W1`, `W2` (latest weights), `status` ("idle",
    "training", "finished", "stopped", "diverged", "error"), `message`, `updates` (weight
    updates done), `redraws` (times the curves were redrawn).
    """

    def __init__(self, X_train, Y_train, X_dev, Y_dev, functions=None, mini_batches=False, seed=0):
        self.X_train = reference.pad(as_pixels(X_train))
        self.Y_train = np.asarray(Y_train).ravel()
        self.X_dev = reference.pad(as_pixels(X_dev))
        self.Y_dev = np.asarray(Y_dev).ravel()
        self.functions = {**reference_functions(), **(functions or {})}
        reference_ones = reference_functions()
        self.own = sorted(name for name in FUNCTION_NAMES if self.functions[name] is not reference_ones[name])
        self.mini_batches = mini_batches
        self.trainer = FAST_TRAINER if mini_batches and not self.own else STEP_TRAINER
        self.seed = seed
        self.thread = None
        self._stop = threading.Event()
        self.status, self.message, self.redraws, self.updates = "idle", "", 0, 0
        self.history = self._empty_history()

        self.alpha = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=1.5, step=0.1,
                                            description="learning rate α", readout_format=".3g",
                                            style=LABEL_STYLE)
        if mini_batches:
            self.iterations = widgets.IntSlider(value=3, min=1, max=30, description="epochs",
                                                style=LABEL_STYLE)
            self.batch_size = widgets.SelectionSlider(options=[16, 32, 64, 128, 256, 512, 1024], value=128,
                                                      description="batch size",
                                                      style=LABEL_STYLE)
        else:
            self.iterations = widgets.IntSlider(value=200, min=10, max=1000, step=10,
                                                description="iterations", style=LABEL_STYLE)
            self.batch_size = None
        self.hidden_units = widgets.IntSlider(value=10, min=2, max=128 if mini_batches else 40,
                                              description="hidden units", continuous_update=False,
                                              style=LABEL_STYLE)
        self.train_button = widgets.Button(description="Train", button_style="success", icon="play")
        self.stop_button = widgets.Button(description="Stop", button_style="danger", icon="stop",
                                          disabled=True)
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="progress")
        self.status_html = widgets.HTML()
        self.curves = widgets.Image(format="png")
        self.out = widgets.Output()

        W1, W2 = reference.init_params(hidden_units=self.hidden_units.value, seed=seed)
        self.W1, self.W2 = W1, W2
        self.weights = WeightsViewer(W1)
        self._build_figure()

        self.train_button.on_click(self.out.capture()(self._on_train))
        self.stop_button.on_click(self.out.capture()(self._on_stop))
        self.hidden_units.observe(self.out.capture()(self._on_hidden_units), names="value")
        controls = [self.alpha, self.iterations, self.hidden_units]
        if self.batch_size is not None:
            controls.append(self.batch_size)
        if self.trainer == FAST_TRAINER:
            source = f"mini-batch gradient descent with momentum {MOMENTUM} (<code>widgets.fast</code>)"
        elif self.own:
            source = "your " + ", ".join(self.own) + " (the reference for the rest)"
        else:
            source = "the reference functions"
        super().__init__([
            widgets.HTML(f"Training with {source} on {self.X_train.shape[1]} examples; "
                         f"dev set: {self.X_dev.shape[1]} examples."),
            widgets.HBox([widgets.VBox(controls), widgets.VBox([
                widgets.HBox([self.train_button, self.stop_button]), self.progress])]),
            self.status_html, self.curves, widgets.HTML("<b>Weights of the hidden units</b>"), self.weights,
            self.out,
        ])
        self._set_status("idle", "Choose a learning rate and press <b>Train</b>.")
        self.curves.value = self.figure.png()

    @staticmethod
    def _empty_history():
        return {"step": [], "train_loss": [], "train_accuracy": [],
                "dev_step": [], "dev_loss": [], "dev_accuracy": []}

    def _build_figure(self):
        self.figure = plots.FastFigure(9, 2.8)
        self.ax_loss, self.ax_accuracy = self.figure.fig.subplots(1, 2)
        self.ax_loss.set_title("loss (cross-entropy)")
        self.ax_accuracy.set_title("accuracy")
        self.ax_accuracy.set_ylim(0, 1)
        self.ax_loss.set_ylim(0, 3)
        lines = []
        for ax in (self.ax_loss, self.ax_accuracy):
            ax.set_xlim(0, self.iterations.value)
            ax.set_xlabel("epoch" if self.mini_batches else "iteration")
            ax.grid(alpha=0.3)
            lines.append(ax.plot([], [], color=TRAIN_COLOR, label="train")[0])
            lines.append(ax.plot([], [], "o-", ms=3, color=DEV_COLOR, label="dev")[0])
        self.ax_accuracy.legend(loc="lower right")
        self.loss_lines, self.accuracy_lines = lines[:2], lines[2:]
        self.marker = self.ax_loss.axvline(0, color=plots.WRONG_COLOR, lw=2, ls="--", visible=False)
        self.diverged_text = self.ax_loss.text(0.5, 0.6, "", transform=self.ax_loss.transAxes, ha="center",
                                               color=plots.WRONG_COLOR, fontsize=13, fontweight="bold")
        self.figure.animate(*lines)
        self.figure.fig.tight_layout()
        plots.fit_width(self.curves, self.figure.fig)

    def _set_status(self, status, message):
        self.status, self.message = status, message
        color = {"diverged": plots.WRONG_COLOR, "error": plots.WRONG_COLOR}.get(status, "inherit")
        self.status_html.value = f'<span style="color:{color}">{message}</span>'

    def _on_train(self, button):
        self.train()

    def _on_stop(self, button):
        self.stop()

    def _on_hidden_units(self, change):
        """Show the starting weights for the new size now, so training does not pay for the new grid."""
        self.W1, self.W2 = reference.init_params(hidden_units=change["new"], seed=self.seed)
        self.weights.update(self.W1)

    @property
    def running(self):
        return self.thread is not None and self.thread.is_alive()

    def train(self):
        """Start training in a background thread with the sliders' values (ignored if already running)."""
        if self.running:
            return
        self._stop.clear()
        self.history = self._empty_history()
        self.redraws = self.updates = 0
        steps_per_epoch = 1
        if self.mini_batches:
            steps_per_epoch = -(-self.X_train.shape[1] // self.batch_size.value)
        self.total_steps = self.iterations.value * steps_per_epoch
        self.steps_per_epoch = steps_per_epoch
        self.progress.max, self.progress.value = self.total_steps, 0
        for ax in (self.ax_loss, self.ax_accuracy):
            ax.set_xlim(0, self.total_steps / steps_per_epoch)
        self.ax_loss.set_ylim(0, 3)
        self.marker.set_visible(False)
        self.diverged_text.set_text("")
        self.figure.invalidate()
        self._enable_controls(False)
        self._set_status("training", "Training...")
        settings = {"alpha": self.alpha.value, "hidden_units": self.hidden_units.value,
                    "batch_size": self.batch_size.value if self.batch_size else None}
        self.thread = threading.Thread(target=self._run, kwargs=settings, daemon=True)
        self.thread.start()

    def stop(self):
        """Ask the training thread to stop after its current step."""
        self._stop.set()

    def close(self):
        """Stop training when the widget is closed, so no thread keeps working for a widget nobody sees."""
        self.stop()
        super().close()

    def wait(self, timeout=None):
        """Block until training has finished (for tests and scripts; a notebook never needs this)."""
        if self.thread is not None:
            self.thread.join(timeout)
        return not self.running

    def _enable_controls(self, enabled):
        for control in (self.alpha, self.iterations, self.hidden_units, self.batch_size, self.train_button):
            if control is not None:
                control.disabled = not enabled
        self.stop_button.disabled = enabled

    def _call(self, name, *args, **kwargs):
        try:
            return self.functions[name](*args, **kwargs)
        except Exception as error:
            raise LearnerCodeError(name, error) from error

    def _init_params(self, hidden_units):
        try:
            return self._call("init_params", hidden_units=hidden_units, seed=self.seed)
        except LearnerCodeError as error:
            if not isinstance(error.__cause__, TypeError):
                raise
            return self._call("init_params")

    def _batches(self, batch_size):
        """Yield (X, Y) batches: the whole training set each iteration, or shuffled mini-batches per epoch."""
        m = self.X_train.shape[1]
        for epoch in range(self.iterations.value):
            if batch_size is None:
                yield self.X_train, self.Y_train
                continue
            order = np.random.default_rng(self.seed + epoch).permutation(m)
            for start in range(0, m, batch_size):
                chosen = order[start:start + batch_size]
                yield self.X_train[:, chosen], self.Y_train[chosen]

    def _run(self, alpha, hidden_units, batch_size):
        """The training thread: run the steps, then report how training ended."""
        self._ending, self._first_loss, self._last_draw = None, None, 0.0
        try:
            # One BLAS thread: these products are small, and several threads fighting over
            # shared cores make each step many times slower.
            with np.errstate(all="ignore"), threadpool_limits(limits=1, user_api="blas"):
                if self.trainer == FAST_TRAINER:
                    self._fast_steps(alpha, hidden_units, batch_size)
                else:
                    self._steps(alpha, hidden_units, batch_size)
        except LearnerCodeError as error:
            cause = error.__cause__
            if isinstance(cause, NotImplementedError):
                what = "it is not written yet (it raises NotImplementedError)"
            elif str(cause).startswith("it returned"):
                what = str(cause)
            else:
                what = f"it raised <code>{html.escape(f'{type(cause).__name__}: {cause}')}</code>"
            self._finish("error", (
                f"Training stopped: there is a problem with your <code>{error.name}</code>: {what}. "
                f"Run <code>check({error.name})</code> in its lesson to find out why."))
            return
        except Exception as error:
            self._finish("error", f"Training stopped: {type(error).__name__}: {error}")
            return
        kind, step, problem = self._ending or ("finished", None, None)
        if kind == "diverged":
            self._diverged(step, alpha, problem)
        elif kind == "stopped":
            self._finish("stopped", f"Stopped after {step} steps.")
        else:
            self._finish("finished", "Done.")

    def _steps(self, alpha, hidden_units, batch_size):
        """Gradient descent with the functions dict, one step at a time, full batch or mini-batches."""
        W1, W2 = self._init_params(hidden_units)
        self.W1, self.W2 = W1, W2
        for step, (X, Y) in enumerate(self._batches(batch_size)):
            if self._stop.is_set():
                self._ending = ("stopped", step, None)
                return
            Z1, A1, Z2, A2 = self._call("forward_prop", W1, W2, X)
            expect_shape("forward_prop", "A2", A2, (10, X.shape[1]))
            loss = reference.cross_entropy(np.asarray(A2), Y)
            accuracy = reference.get_accuracy(reference.get_predictions(A2), Y)
            if not self._keep_going(step, loss, accuracy, A1):
                return
            dW1, dW2 = self._call("backward_prop", Z1, A1, Z2, A2, W1, W2, X, Y)
            new_W1, new_W2 = self._call("update_params", W1, W2, dW1, dW2, alpha)
            expect_shape("update_params", "W1", new_W1, np.shape(W1))
            expect_shape("update_params", "W2", new_W2, np.shape(W2))
            W1, W2 = new_W1, new_W2
            self._step_done(step, W1, W2)

    def _fast_steps(self, alpha, hidden_units, batch_size):
        """Mini-batch SGD with momentum by widgets.fast, reporting through its two callbacks."""

        def on_step(step, loss, accuracy):
            if self._stop.is_set():
                self._ending = ("stopped", step, None)
                return False
            return self._keep_going(step, loss, accuracy)

        def on_weights(step, W1, W2):
            self._step_done(step, W1.astype(np.float64), W2.astype(np.float64))

        W1, W2 = fast.minibatch_gradient_descent(
            self.X_train, self.Y_train, alpha, self.iterations.value, batch_size=batch_size,
            momentum=MOMENTUM, hidden_units=hidden_units, seed=self.seed,
            callback=on_step, weights_callback=on_weights)
        self.W1, self.W2 = W1, W2

    def _keep_going(self, step, loss, accuracy, A1=None):
        """Record a step's training loss and accuracy (before its update); False if training diverged."""
        self._record(step, loss, accuracy)
        if self._first_loss is None:
            self._first_loss = loss
        problem = divergence(loss, self._first_loss, A1)
        if problem is not None:
            self._ending = ("diverged", step, problem)
            return False
        return True

    def _step_done(self, step, W1, W2):
        """After step's update: keep the new weights, and redraw if REDRAW_SECONDS have passed."""
        self.W1, self.W2 = W1, W2
        self.updates = step + 1
        if time.perf_counter() - self._last_draw > REDRAW_SECONDS:
            self._redraw(step + 1)
            self._last_draw = time.perf_counter()

    def _record(self, step, loss, accuracy):
        history = self.history
        history["step"].append(step / self.steps_per_epoch)
        history["train_loss"].append(loss)
        history["train_accuracy"].append(accuracy)

    def _evaluate_dev(self, step):
        at = step / self.steps_per_epoch
        if self.history["dev_step"] and self.history["dev_step"][-1] == at:
            return
        _, _, _, A2 = reference.forward_prop(self.W1, self.W2, self.X_dev)
        self.history["dev_step"].append(at)
        self.history["dev_loss"].append(reference.cross_entropy(A2, self.Y_dev))
        self.history["dev_accuracy"].append(reference.get_accuracy(reference.get_predictions(A2), self.Y_dev))

    def _redraw(self, step):
        """Evaluate on the dev set, then update the curves, progress bar and weights (a few times a second).

        `step` counts the weight updates done so far."""
        self._evaluate_dev(step)
        h = self.history
        for lines, key in ((self.loss_lines, "loss"), (self.accuracy_lines, "accuracy")):
            lines[0].set_data(h["step"], h[f"train_{key}"])
            lines[1].set_data(h["dev_step"], h[f"dev_{key}"])
        finite = [v for v in h["train_loss"] + h["dev_loss"] if np.isfinite(v)]
        top = max(finite, default=3)
        if top > self.ax_loss.get_ylim()[1]:
            self.ax_loss.set_ylim(0, 1.1 * top)
            self.figure.invalidate()
        self.curves.value = self.figure.png()
        self.progress.value = min(int(round(step)), self.progress.max)
        self.weights.update(self.W1)
        self.redraws += 1
        if h["dev_accuracy"] and self.status == "training":
            self._set_status("training", (
                f"Training... step {step} of {self.total_steps}: train loss {h['train_loss'][-1]:.3f}, "
                f"dev accuracy {h['dev_accuracy'][-1]:.1%}"))

    def _finish(self, status, message):
        if self.history["step"]:
            self._redraw(self.updates)
            h = self.history
            message += (f" Train accuracy {h['train_accuracy'][-1]:.1%}, "
                        f"dev accuracy {h['dev_accuracy'][-1]:.1%} (loss {h['dev_loss'][-1]:.3f}).")
        self._set_status(status, message)
        self._enable_controls(True)

    def _diverged(self, step, alpha, problem):
        at = step / self.steps_per_epoch
        self.marker.set_xdata([at, at])
        self.marker.set_visible(True)
        self.diverged_text.set_text(f"diverged at step {step}\n(α = {alpha:.3g} is too high)")
        for ax in (self.ax_loss, self.ax_accuracy):
            ax.set_xlim(0, max(2 * at, 5 / self.steps_per_epoch))
        self.figure.invalidate()
        self._finish("diverged", (
            f"<b>Training diverged</b> at step {step} with learning rate α = {alpha:.3g}: {problem}. "
            f"The steps overshoot the minimum. Try a learning rate about 10 times smaller "
            f"(α = {alpha / 10:.3g}) and press Train again."))


def training_dashboard(X_train, Y_train, X_dev, Y_dev, functions=None, mini_batches=False):
    """Train a network live: sliders, Train / Stop, progress, loss and accuracy curves, weights.

    X_train (784, m), Y_train (m,), X_dev (784, n), Y_dev (n,). functions: a dict of your
    init_params, forward_prop, backward_prop and update_params, or None for the reference.
    """
    return TrainingDashboard(X_train, Y_train, X_dev, Y_dev, functions=functions, mini_batches=mini_batches)
