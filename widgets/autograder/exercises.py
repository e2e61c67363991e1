"""Every exercise of the course, declared as data.

An exercise names its arguments and outputs, the reference function, how to
build fresh seeded test inputs (`make_cases`), and the probes that explain its
typical mistakes (see exercise_probes.py). The engine runs them all the same way.

Test inputs follow the seed's layout (one column per example) and deliberately
include what breaks fragile code: an odd number of examples, a single example,
a hidden layer 7 units wide (so W2 is not square), batches that lack some
digits, logits around ±1000, integer and float32 inputs, exact zeros and -0.0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .. import fast
from .. import reference as ref
from ..grading_mode import GRADING_EPOCHS, GRADING_ITERATIONS
from . import exercise_probes as probes
from .engine import Case
from .hints import LADDERS
from .whole_checks import check_gradient_descent, check_init_params, tiny_problem

LESSONS = {
    "get_accuracy": "00 welcome",
    "one_hot": "01 data",
    "ReLU": "02 activations",
    "ReLU_deriv": "02 activations",
    "softmax": "02 activations",
    "pad": "03 forward prop",
    "forward_prop": "03 forward prop",
    "cross_entropy": "04 backprop",
    "backward_prop": "04 backprop",
    "dW2_by_examples": "04 backprop",
    "relative_error": "04 backprop",
    "update_params": "05 training",
    "gradient_descent": "05 training",
    "loss_curve": "05 training",
    "get_predictions": "06 evaluation",
    "init_params": "07 beyond",
    "l2_penalty": "07 beyond",
    "l2_gradients": "07 beyond",
    "minibatch_momentum": "07 beyond",
}


@dataclass
class Exercise:
    """One exercise: what it takes and returns, its reference, its test inputs and its probes.

    kind: "array" (one array), "tuple" (several arrays, named in `outputs`) or "scalar".
    helpers: exercise names the learner's function may call (looked up in its globals).
    Probes: shape_probes(ctx, i, k), nonfinite_probes(ctx, i), value_probes(ctx, i, k),
    error_probes(ctx, errors), properties(ctx) and failure_details(ctx), see exercise_probes.py.
    custom: a whole check of its own (init_params, gradient_descent) instead of the case pipeline.
    stand_in: what `yours_or_reference` gives later cells while the learner's function does not pass
    (the reference, unless a faster version of the same steps exists).
    while_grading: argument name -> the most the learner's passing function is given while grading
    (training cells run a short version then, see widgets.grading_mode).
    """

    name: str
    arg_names: tuple
    outputs: tuple
    kind: str
    reference: Callable
    make_cases: Callable[[], list[Case]] | None = None
    helpers: tuple = ()
    shape_probes: tuple = ()
    nonfinite_probes: tuple = ()
    value_probes: tuple = ()
    error_probes: tuple = ()
    properties: tuple = ()
    failure_details: tuple = ()
    messages: dict = field(default_factory=dict)
    custom: Callable | None = None
    passed_extra: str = ""
    stand_in: Callable | None = None
    while_grading: dict = field(default_factory=dict)

    @property
    def lesson(self) -> str:
        return LESSONS.get(self.name, "")

    @property
    def hint(self) -> str:
        """The idea of the answer (rung 2 of its hint ladder), the "Try this" of unfinished work."""
        return LADDERS[self.name][1]

    @property
    def hints(self) -> tuple[str, str, str]:
        """A nudge, the idea, a near-complete line (see hints.py)."""
        return LADDERS[self.name]

    @property
    def course_version(self) -> Callable:
        """What later cells use while the learner's own version does not pass."""
        return self.stand_in or self.reference


# ----------------------------------------------------------------------------- input builders

F32 = {"rtol": 1e-4, "atol": 1e-6}


def _rng(salt: int) -> np.random.Generator:
    return np.random.default_rng(1000 + salt)


def _pixels(rng, m: int, dtype=np.float64) -> np.ndarray:
    """Padded MNIST-like inputs (785, m): mostly zeros, some pixels in (0, 1]."""
    X = rng.random((784, m)) * (rng.random((784, m)) < 0.2)
    return ref.pad(X.astype(dtype))


def _weights(rng, h: int, scale1=0.05, scale2=0.5, dtype=np.float64):
    W1 = rng.normal(0, scale1, size=(h, 785)).astype(dtype)
    W2 = rng.normal(0, scale2, size=(10, h)).astype(dtype)
    return W1, W2


def _he_weights(rng, h: int):
    """Starting weights at He's scale: W1 (h, 785) with std sqrt(2/785), W2 (10, h) with std sqrt(2/h)."""
    return _weights(rng, h, np.sqrt(2 / 785), np.sqrt(2 / h))


def _labels(rng, m: int, digits=range(10)) -> np.ndarray:
    digits = np.array(list(digits))
    base = np.resize(digits, m) if m >= digits.size else rng.choice(digits, m, replace=False)
    return rng.permutation(base).astype(np.int64)


def _tags(*words) -> frozenset:
    return frozenset(words)


def elementwise_cases(salt: int) -> list[Case]:
    rng = _rng(salt)
    small = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0], [1.5, -1.0, -0.0, 3.0, -3.0]])
    return [
        Case(
            "Z of shape (2, 5) with exact zeros and -0.0", (small,), tags=_tags("small", "zeros", "nonsquare")
        ),
        Case("Z of shape (10, 7)", (rng.normal(0, 2, (10, 7)),), tags=_tags("odd", "nonsquare")),
        Case("Z of shape (10, 1), a single example", (rng.normal(0, 2, (10, 1)),), tags=_tags("single")),
        Case("Z of shape (7, 13)", (rng.normal(0, 2, (7, 13)),), tags=_tags("nonsquare", "hidden7")),
        Case("integer Z of shape (4, 5)", (rng.integers(-5, 6, (4, 5)),), tags=_tags("int")),
        Case(
            "float32 Z of shape (10, 9)",
            (rng.normal(0, 2, (10, 9)).astype(np.float32),),
            tags=_tags("float32"),
            **F32,
        ),
    ]


def softmax_cases() -> list[Case]:
    rng = _rng(3)
    small = np.array([[1.0, 2.0, 0.5, 0.0], [0.0, 1.0, 3.0, 0.0], [-1.0, 0.0, 1.0, 0.0]])
    uniform = np.array([[1000.0, 1001.0, 1002.0], [1001.0, 999.0, 1000.0], [999.0, 1000.0, 1003.0]])
    mixed = np.array([[1000.0, -1000.0, 5.0], [1001.0, -999.0, 6.0], [999.0, -1001.0, 4.0]])
    offsets = rng.choice([-1000.0, 1000.0], size=(1, 7))
    return [
        Case("Z of shape (3, 4) with a column of zeros", (small,), tags=_tags("small", "zeros", "nonsquare")),
        Case("Z of shape (10, 7)", (rng.normal(0, 3, (10, 7)),), tags=_tags("odd", "nonsquare")),
        Case("Z of shape (10, 1), a single example", (rng.normal(0, 3, (10, 1)),), tags=_tags("single")),
        Case("Z of shape (10, 10)", (rng.normal(0, 3, (10, 10)),), tags=_tags("square")),
        Case("Z of shape (10, 13)", (rng.normal(0, 3, (10, 13)),), tags=_tags("nonsquare")),
        Case(
            "float32 Z of shape (10, 6)",
            (rng.normal(0, 3, (10, 6)).astype(np.float32),),
            tags=_tags("float32", "nonsquare"),
            **F32,
        ),
        Case("integer Z of shape (10, 5)", (rng.integers(-10, 11, (10, 5)),), tags=_tags("int", "nonsquare")),
        Case("Z of shape (3, 3) with all logits near 1000", (uniform,), tags=_tags("large", "large_uniform")),
        Case(
            "Z of shape (3, 3) with columns near +1000, -1000 and 5",
            (mixed,),
            tags=_tags("large", "large_mixed"),
        ),
        Case(
            "Z of shape (10, 7) with columns shifted by ±1000",
            (rng.normal(0, 3, (10, 7)) + offsets,),
            tags=_tags("large", "large_mixed", "nonsquare"),
        ),
    ]


def pad_cases() -> list[Case]:
    rng = _rng(4)
    return [
        Case("x of shape (3, 4)", (rng.random((3, 4)),), m=4, tags=_tags("small", "nonsquare")),
        Case("x of shape (784, 5)", (rng.random((784, 5)),), m=5, tags=_tags("odd")),
        Case("x of shape (784, 1), a single example", (rng.random((784, 1)),), m=1, tags=_tags("single")),
        Case(
            "float32 x of shape (784, 6)",
            (rng.random((784, 6)).astype(np.float32),),
            m=6,
            tags=_tags("float32"),
            **F32,
        ),
        Case(
            "uint8 x of shape (784, 3)",
            (rng.integers(0, 256, (784, 3)).astype(np.uint8),),
            m=3,
            tags=_tags("int"),
        ),
    ]


def one_hot_cases() -> list[Case]:
    rng = _rng(5)
    return [
        Case("Y = [3, 0, 9, 1]", (np.array([3, 0, 9, 1]),), m=4, tags=_tags("small")),
        Case("Y with all 10 digits, m = 13", (_labels(rng, 13),), m=13, tags=_tags("odd")),
        Case(
            "Y = [0, 1, 2, 3, 2, 1, 0] (no digit above 3)",
            (np.array([0, 1, 2, 3, 2, 1, 0]),),
            m=7,
            tags=_tags("lacks_digits", "odd"),
        ),
        Case("Y = [7], a single example", (np.array([7]),), m=1, tags=_tags("single", "lacks_digits")),
        Case("Y with all 10 digits, m = 10", (_labels(rng, 10),), m=10, tags=_tags("square")),
        Case("Y = [9, 5, 5, 8] (no digit 0)", (np.array([9, 5, 5, 8]),), m=4, tags=_tags("lacks_digits")),
        Case(
            "uint8 Y with all 10 digits, m = 11",
            (_labels(rng, 11).astype(np.uint8),),
            m=11,
            tags=_tags("int", "odd"),
        ),
    ]


def _forward_case(rng, label, h, m, tags, dtype=np.float64, scale1=0.05, scale2=0.5, **tol):
    W1, W2 = _weights(rng, h, scale1, scale2, dtype)
    X = _pixels(rng, m, dtype)
    return Case(label, (W1, W2, X), m=m, tags=_tags(*tags), **tol)


def forward_cases() -> list[Case]:
    rng = _rng(6)
    return [
        _forward_case(rng, "W1 (10, 785), W2 (10, 10), X (785, 5)", 10, 5, ("square", "odd")),
        _forward_case(
            rng, "W1 (10, 785), W2 (10, 10), X (785, 1), a single example", 10, 1, ("square", "single")
        ),
        _forward_case(rng, "W1 (7, 785), W2 (10, 7), X (785, 9): 7 hidden units", 7, 9, ("hidden7", "odd")),
        _forward_case(rng, "W1 (10, 785), W2 (10, 10), X (785, 10)", 10, 10, ("square",)),
        _forward_case(rng, "float32 W1, W2 and X (785, 6)", 10, 6, ("square", "float32"), np.float32, **F32),
        _forward_case(
            rng,
            "large weights, so that Z2 reaches about ±1000",
            10,
            4,
            ("square", "large"),
            scale1=1.0,
            scale2=100.0,
        ),
    ]


def _backward_case(rng, label, h, Y, tags, dtype=np.float64, **tol):
    W1, W2 = _weights(rng, h, dtype=dtype)
    X = _pixels(rng, Y.size, dtype)
    Z1, A1, Z2, A2 = ref.forward_prop(W1, W2, X)
    return Case(label, (Z1, A1, Z2, A2, W1, W2, X, Y), m=Y.size, tags=_tags(*tags), **tol)


def backward_cases() -> list[Case]:
    rng = _rng(7)
    return [
        _backward_case(
            rng, "10 hidden units, m = 12 examples with all 10 digits", 10, _labels(rng, 12), ("square",)
        ),
        _backward_case(rng, "7 hidden units (W2 is 10 x 7), m = 11", 7, _labels(rng, 11), ("hidden7", "odd")),
        _backward_case(
            rng,
            "10 hidden units, a single example (Y = [4])",
            10,
            np.array([4]),
            ("square", "single", "lacks_digits"),
        ),
        _backward_case(
            rng,
            "10 hidden units, m = 13 with no 8 or 9 in Y",
            10,
            _labels(rng, 13, range(8)),
            ("square", "lacks_digits", "odd"),
        ),
        _backward_case(
            rng,
            "float32 arrays, 10 hidden units, m = 15",
            10,
            _labels(rng, 15),
            ("square", "float32", "odd"),
            np.float32,
            **F32,
        ),
    ]


def cross_entropy_cases() -> list[Case]:
    """Loss inputs; the tolerance (1e-3 relative) accepts the usual small epsilons inside the log."""
    rng = _rng(8)
    tol = {"rtol": 1e-3, "atol": 1e-6}

    def probs(m, dtype=np.float64):
        return ref.softmax(rng.normal(0, 2, (10, m))).astype(dtype)

    saturated = rng.normal(0, 2, (10, 5))
    Ys = _labels(rng, 5)
    for j, y in enumerate(Ys):
        saturated[(y + 1 + np.arange(3)) % 10, j] = -1000.0
    zero = np.full((10, 1), 1 / 9)
    zero[2, 0] = 0.0
    return [
        Case("A2 of shape (10, 5)", (probs(5), _labels(rng, 5)), m=5, tags=_tags("odd"), **tol),
        Case(
            "A2 of shape (10, 1), a single example",
            (probs(1), np.array([6])),
            m=1,
            tags=_tags("single"),
            **tol,
        ),
        Case("A2 of shape (10, 13)", (probs(13), _labels(rng, 13)), m=13, tags=_tags("odd"), **tol),
        Case(
            "float32 A2 of shape (10, 6)",
            (probs(6, np.float32), _labels(rng, 6)),
            m=6,
            tags=_tags("float32"),
            **tol,
        ),
        Case(
            "A2 with some exact zeros (for classes that are not the label)",
            (ref.softmax(saturated), Ys),
            m=5,
            tags=_tags("zeros"),
            **tol,
        ),
        Case(
            "A2 where the true class has probability exactly 0",
            (zero, np.array([2])),
            m=1,
            tags=_tags("zeros", "zero_probability"),
            compare=False,
        ),
    ]


def by_examples_cases() -> list[Case]:
    """(dZ2, A1) pairs: a hidden layer of 7 (so a transposed outer product shows in the shape), 10 (so it
    does not), a single example, float32."""
    rng = _rng(16)

    def pair(h, m, dtype=np.float64):
        return rng.normal(0, 0.3, (10, m)).astype(dtype), np.maximum(rng.normal(0, 1, (h, m)), 0).astype(
            dtype
        )

    return [
        Case("dZ2 (10, 5) and A1 (7, 5)", pair(7, 5), m=5, tags=_tags("hidden7", "odd", "nonsquare")),
        Case("dZ2 (10, 1) and A1 (7, 1), a single example", pair(7, 1), m=1, tags=_tags("single")),
        Case("dZ2 (10, 13) and A1 (10, 13)", pair(10, 13), m=13, tags=_tags("square", "odd")),
        Case("float32 dZ2 (10, 6) and A1 (7, 6)", pair(7, 6, np.float32), m=6, tags=_tags("float32"), **F32),
    ]


def relative_error_cases() -> list[Case]:
    """Pairs (analytic, numeric) of gradients: nearly equal, at very different scales, with exact zeros,
    with one bad entry among many agreeing ones (which a mean or a norm ratio hides)."""
    rng = _rng(14)
    tol = {"rtol": 1e-6, "atol": 1e-12}

    def near(shape, scale, gap):
        a = rng.normal(0, scale, shape)
        return a, a * (1 + rng.uniform(-gap, gap, shape))

    one_bad_a, one_bad_n = near((10, 30), 0.1, 1e-8)
    one_bad_n[4, 17] = -one_bad_a[4, 17]
    zeros_a, zeros_n = near((5, 4), 1.0, 1e-6)
    zeros_a[0, :2] = zeros_n[0, :2] = 0.0
    zeros_n[1, 3] = 0.0
    return [
        Case(
            "gradients of shape (3, 4) that agree to about 6 digits",
            near((3, 4), 1.0, 1e-6),
            tags=_tags("small"),
            **tol,
        ),
        Case("gradients near 1000 of shape (2, 5)", near((2, 5), 1000.0, 1e-5), tags=_tags("scales"), **tol),
        Case("gradients near 0.001 of shape (4, 3)", near((4, 3), 1e-3, 1e-4), tags=_tags("scales"), **tol),
        Case(
            "gradients of shape (10, 30), one entry of 300 with the wrong sign",
            (one_bad_a, one_bad_n),
            tags=_tags("one_bad"),
            **tol,
        ),
        Case(
            "gradients of shape (5, 4) with entries that are 0 in both, and one 0 in one of them",
            (zeros_a, zeros_n),
            tags=_tags("both_zero"),
            **tol,
        ),
        Case(
            "float32 gradients of shape (3, 3)",
            tuple(x.astype(np.float32) for x in near((3, 3), 1.0, 1e-3)),
            tags=_tags("float32"),
            rtol=1e-4,
            atol=1e-7,
        ),
    ]


def l2_cases() -> list[Case]:
    """Weights with a bias column, hidden layers of 3 and 7 units, various lambd and m."""
    rng = _rng(15)

    def weights(h, n=785):
        return rng.normal(0, 0.05, (h, n)), rng.normal(0, 0.3, (10, h))

    W1, W2 = weights(3)
    W1[:, 0] = rng.normal(0, 2.0, 3)  # large biases: counting them changes the penalty a lot
    W1b, W2b = weights(7)
    W1b[:, 0] = 5.0
    return [
        Case("W1 (3, 785), W2 (10, 3), lambd 0.7, m 50", (W1, W2, 0.7, 50), m=50, tags=_tags("small", "odd")),
        Case("W1 (7, 785), W2 (10, 7), lambd 2.0, m 128", (W1b, W2b, 2.0, 128), m=128, tags=_tags("hidden7")),
        Case(
            "W1 (3, 785), W2 (10, 3), lambd 0.1, m 1 (a single example)",
            (W1 * 2, W2 * 2, 0.1, 1),
            m=1,
            tags=_tags("single"),
        ),
        Case(
            "float32 W1 (3, 785), W2 (10, 3), lambd 1.5, m 9",
            (W1.astype(np.float32), W2.astype(np.float32), 1.5, 9),
            m=9,
            tags=_tags("float32"),
            rtol=1e-4,
            atol=1e-7,
        ),
    ]


def update_cases() -> list[Case]:
    rng = _rng(9)

    def arrays(h, n, dtype=np.float64):
        return tuple(
            rng.normal(0, s, shape).astype(dtype)
            for s, shape in ((0.5, (h, n)), (0.5, (10, h)), (0.1, (h, n)), (0.1, (10, h)))
        )

    small = tuple(rng.normal(0, 1, shape).round(2) for shape in ((2, 3), (2, 2), (2, 3), (2, 2)))
    return [
        Case("small W1 (2, 3), W2 (2, 2), alpha = 0.5", (*small, 0.5), tags=_tags("small")),
        Case("W1 (10, 785), W2 (10, 10), alpha = 0.1", (*arrays(10, 785), 0.1), tags=_tags("square")),
        Case(
            "float32 W1 (7, 785), W2 (10, 7), alpha = 0.01",
            (*arrays(7, 785, np.float32), 0.01),
            tags=_tags("float32", "hidden7"),
            **F32,
        ),
    ]


def loss_curve_cases() -> list[Case]:
    """Starting weights, the small easy problem of the gradient_descent check (or part of it), a learning
    rate and a number of iterations: 25 (so a loss kept every 10th iteration shows), 4 with 7 hidden units,
    and 1."""
    rng = _rng(17)
    X, Y = tiny_problem()

    return [
        Case(
            "W1 (10, 785), W2 (10, 10), 100 examples, alpha = 0.1, 25 iterations",
            (*_he_weights(rng, 10), X, Y, 0.1, 25),
            m=100,
            tags=_tags("square"),
        ),
        Case(
            "W1 (7, 785), W2 (10, 7), 40 examples, alpha = 0.5, 4 iterations",
            (*_he_weights(rng, 7), X[:, :40], Y[:40], 0.5, 4),
            m=40,
            tags=_tags("hidden7"),
        ),
        Case(
            "W1 (10, 785), W2 (10, 10), 30 examples, alpha = 0.1, 1 iteration",
            (*_he_weights(rng, 10), X[:, 60:90], Y[60:90], 0.1, 1),
            m=30,
            tags=_tags("square"),
        ),
    ]


def minibatch_cases() -> list[Case]:
    """Starting weights and the small problem of the gradient_descent check: batches of 32 over 100
    examples (the last batch has 4) for 2 epochs; 7 hidden units, batches of 16 over 40 for 3 epochs
    with beta 0.5; one batch holding every example."""
    rng = _rng(18)
    X, Y = tiny_problem()

    return [
        Case(
            "W1 (10, 785), W2 (10, 10), 100 examples, alpha 0.1, beta 0.9, batches of 32, 2 epochs, seed 3",
            (*_he_weights(rng, 10), X, Y, 0.1, 0.9, 32, 2, 3),
            tags=_tags("square", "partial_batch"),
        ),
        Case(
            "W1 (7, 785), W2 (10, 7), 40 examples, alpha 0.2, beta 0.5, batches of 16, 3 epochs, seed 1",
            (*_he_weights(rng, 7), X[:, :40], Y[:40], 0.2, 0.5, 16, 3, 1),
            tags=_tags("hidden7", "partial_batch"),
        ),
        Case(
            "W1 (10, 785), W2 (10, 10), 30 examples, alpha 0.1, beta 0.9, one batch of 30, 4 epochs, seed 0",
            (*_he_weights(rng, 10), X[:, 60:90], Y[60:90], 0.1, 0.9, 30, 4, 0),
            tags=_tags("square", "one_batch"),
        ),
    ]


def predictions_cases() -> list[Case]:
    rng = _rng(10)

    def probs(m, dtype=np.float64):
        return ref.softmax(rng.normal(0, 2, (10, m))).astype(dtype)

    return [
        Case("A2 of shape (10, 7)", (probs(7),), m=7, tags=_tags("odd", "nonsquare")),
        Case("A2 of shape (10, 1), a single example", (probs(1),), m=1, tags=_tags("single")),
        Case("A2 of shape (10, 10)", (probs(10),), m=10, tags=_tags("square")),
        Case(
            "float32 A2 of shape (10, 13)", (probs(13, np.float32),), m=13, tags=_tags("float32", "nonsquare")
        ),
    ]


def accuracy_cases() -> list[Case]:
    rng = _rng(11)
    Y13 = _labels(rng, 13)
    P13 = np.where(rng.random(13) < 0.6, Y13, (Y13 + 3) % 10)
    Y10 = _labels(rng, 10)
    P10 = np.where(np.arange(10) % 3 == 0, (Y10 + 1) % 10, Y10)
    return [
        Case(
            "predictions [3 1 4 1 5 9 2] and Y [3 1 4 0 5 9 7]",
            (np.array([3, 1, 4, 1, 5, 9, 2]), np.array([3, 1, 4, 0, 5, 9, 7])),
            m=7,
            tags=_tags("small", "odd"),
        ),
        Case("a single example, predicted right", (np.array([4]), np.array([4])), m=1, tags=_tags("single")),
        Case("m = 13 examples", (P13, Y13), m=13, tags=_tags("odd")),
        Case("uint8 labels Y, m = 10", (P10, Y10.astype(np.uint8)), m=10, tags=_tags("int")),
    ]


# ----------------------------------------------------------------------------- the exercises

EXERCISES: dict[str, Exercise] = {
    ex.name: ex
    for ex in [
        Exercise(
            "init_params",
            (),
            ("W1", "W2"),
            "tuple",
            ref.init_params,
            custom=check_init_params,
        ),
        Exercise(
            "pad",
            ("x",),
            ("padded x",),
            "array",
            ref.pad,
            make_cases=pad_cases,
            shape_probes=(probes.pad_shape,),
            value_probes=(probes.pad_values,),
            error_probes=(probes.pad_errors,),
        ),
        Exercise(
            "ReLU",
            ("Z",),
            ("ReLU(Z)",),
            "array",
            ref.ReLU,
            make_cases=lambda: elementwise_cases(1),
            shape_probes=(probes.relu_shape,),
            value_probes=(probes.relu_values,),
            properties=(probes.relu_property,),
            passed_extra="is non-negative and idempotent",
        ),
        Exercise(
            "ReLU_deriv",
            ("Z",),
            ("ReLU_deriv(Z)",),
            "array",
            ref.ReLU_deriv,
            make_cases=lambda: elementwise_cases(2),
            shape_probes=(probes.relu_shape,),
            value_probes=(probes.relu_deriv_values,),
        ),
        Exercise(
            "softmax",
            ("Z",),
            ("A",),
            "array",
            ref.softmax,
            make_cases=softmax_cases,
            nonfinite_probes=(probes.softmax_nonfinite,),
            value_probes=(probes.softmax_values,),
            properties=(probes.softmax_shift_property,),
            passed_extra="is shift-invariant, with columns summing to 1",
        ),
        Exercise(
            "one_hot",
            ("Y",),
            ("one_hot_Y",),
            "array",
            ref.one_hot,
            make_cases=one_hot_cases,
            shape_probes=(probes.one_hot_shape,),
            value_probes=(probes.one_hot_values,),
        ),
        Exercise(
            "forward_prop",
            ("W1", "W2", "X"),
            ("Z1", "A1", "Z2", "A2"),
            "tuple",
            ref.forward_prop,
            make_cases=forward_cases,
            helpers=("ReLU", "softmax"),
            shape_probes=(probes.forward_shape,),
            value_probes=(probes.forward_values,),
            error_probes=(probes.forward_errors,),
        ),
        Exercise(
            "cross_entropy",
            ("A2", "Y"),
            ("loss",),
            "scalar",
            ref.cross_entropy,
            make_cases=cross_entropy_cases,
            helpers=("one_hot",),
            shape_probes=(probes.loss_shape,),
            nonfinite_probes=(probes.loss_nonfinite,),
            value_probes=(probes.loss_values,),
            properties=(probes.loss_zero_probability,),
            messages={
                "not_averaged": "Average over the examples: `-np.mean(...)` or divide the sum by m = Y.size.",
                "sign_flipped": "The loss is minus the log-probability: `-np.mean(np.log(...))`, "
                "a positive number.",
            },
        ),
        Exercise(
            "dW2_by_examples",
            ("dZ2", "A1"),
            ("dW2",),
            "array",
            ref.dW2_by_examples,
            make_cases=by_examples_cases,
            value_probes=(probes.by_examples_values,),
            messages={
                "not_averaged": "Divide the sum of the m outer products by m, the number of columns: "
                "`dZ2.shape[1]`.",
            },
        ),
        Exercise(
            "relative_error",
            ("analytic", "numeric"),
            ("error",),
            "scalar",
            ref.relative_error,
            make_cases=relative_error_cases,
            shape_probes=(probes.relative_error_shape,),
            nonfinite_probes=(probes.relative_error_nonfinite,),
            value_probes=(probes.relative_error_values,),
        ),
        Exercise(
            "backward_prop",
            ("Z1", "A1", "Z2", "A2", "W1", "W2", "X", "Y"),
            ("dW1", "dW2"),
            "tuple",
            ref.backward_prop,
            make_cases=backward_cases,
            helpers=("one_hot", "ReLU_deriv"),
            shape_probes=(probes.backward_wrong_factor,),
            value_probes=(probes.backward_values,),
            properties=(probes.gradient_check,),
            failure_details=(probes.backward_detail,),
            messages={
                "not_averaged": "Divide both gradients by m, this batch's number of examples: `m "
                "= X.shape[1]`.",
                "sign_flipped": "The output error is `dZ2 = A2 - one_hot(Y)` (prediction minus truth).",
                "scaled": "With softmax and cross-entropy the output error is exactly "
                "`dZ2 = A2 - one_hot(Y)`: no factor 2 (that belongs to a squared error) and no other "
                "constant.",
            },
            passed_extra="passes a numerical gradient check",
        ),
        Exercise(
            "update_params",
            ("W1", "W2", "dW1", "dW2", "alpha"),
            ("W1", "W2"),
            "tuple",
            ref.update_params,
            make_cases=update_cases,
            value_probes=(probes.update_values,),
            error_probes=(probes.update_errors,),
        ),
        Exercise(
            "loss_curve",
            ("W1", "W2", "X", "Y", "alpha", "iterations"),
            ("losses",),
            "array",
            ref.loss_curve,
            make_cases=loss_curve_cases,
            helpers=(
                "forward_prop",
                "backward_prop",
                "update_params",
                "cross_entropy",
                "one_hot",
                "ReLU",
                "ReLU_deriv",
                "softmax",
            ),
            shape_probes=(probes.loss_curve_shape,),
            value_probes=(probes.loss_curve_values,),
            while_grading={"iterations": GRADING_ITERATIONS},
        ),
        Exercise(
            "get_predictions",
            ("A2",),
            ("predictions",),
            "array",
            ref.get_predictions,
            make_cases=predictions_cases,
            shape_probes=(probes.predictions_shape,),
            value_probes=(probes.predictions_values,),
        ),
        Exercise(
            "l2_penalty",
            ("W1", "W2", "lambd", "m"),
            ("penalty",),
            "scalar",
            ref.l2_penalty,
            make_cases=l2_cases,
            shape_probes=(probes.l2_penalty_shape,),
            value_probes=(probes.l2_penalty_values,),
        ),
        Exercise(
            "l2_gradients",
            ("W1", "W2", "lambd", "m"),
            ("dW1_l2", "dW2_l2"),
            "tuple",
            ref.l2_gradients,
            make_cases=l2_cases,
            value_probes=(probes.l2_gradients_values,),
        ),
        Exercise(
            "minibatch_momentum",
            ("W1", "W2", "X", "Y", "alpha", "beta", "batch_size", "epochs", "seed"),
            ("W1", "W2"),
            "tuple",
            ref.minibatch_momentum,
            make_cases=minibatch_cases,
            helpers=(
                "forward_prop",
                "backward_prop",
                "update_params",
                "one_hot",
                "ReLU",
                "ReLU_deriv",
                "softmax",
            ),
            value_probes=(probes.minibatch_values,),
            while_grading={"epochs": GRADING_EPOCHS},
        ),
        Exercise(
            "get_accuracy",
            ("predictions", "Y"),
            ("accuracy",),
            "scalar",
            ref.get_accuracy,
            make_cases=accuracy_cases,
            shape_probes=(probes.accuracy_shape,),
            value_probes=(probes.accuracy_values,),
        ),
        Exercise(
            "gradient_descent",
            ("X", "Y", "alpha", "iterations"),
            ("W1", "W2"),
            "tuple",
            ref.gradient_descent,
            helpers=(
                "init_params",
                "forward_prop",
                "backward_prop",
                "update_params",
                "one_hot",
                "ReLU",
                "ReLU_deriv",
                "softmax",
            ),
            custom=check_gradient_descent,
            # The same steps as the reference's readable loop, in float32 without repeated work.
            stand_in=fast.full_batch_gradient_descent,
            while_grading={"iterations": GRADING_ITERATIONS},
        ),
    ]
}
