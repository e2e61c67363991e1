"""check() in a real Jupyter kernel: forked checks see notebook globals, print nothing, stop runaway code."""

import pytest

pytest.importorskip("jupyter_client")
import kernels  # noqa: E402
from kernels import run  # noqa: E402


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    store = tmp_path_factory.mktemp("kernel") / "p.sqlite3"
    with kernels.kernel(MNIST_FROM_SCRATCH_PROGRESS=str(store)) as client:
        yield client


def test_check_in_a_kernel_uses_notebook_globals_and_prints_nothing(kernel):
    streams, _ = run(
        kernel,
        """
        import numpy as np
        from widgets.autograder import check, engine
        m_train = 41000
        def one_hot(Y):
            out = np.zeros((10, Y.size))
            out[Y, np.arange(Y.size)] = 1
            return out
        def ReLU_deriv(Z):
            return Z > 0
        def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):
            print("debug")
            dZ2 = A2 - one_hot(Y)
            dZ1 = W2.T @ dZ2 * ReLU_deriv(Z1)
            return dZ1 @ X.T / m_train, dZ2 @ A1.T / m_train
        print(engine.isolation_mode())
        """,
    )
    assert streams == [("stdout", "fork\n")]
    streams, results = run(kernel, "r = check(backward_prop); r.diagnosis, r.status")
    assert streams == []
    assert results == ["('global_m', 'incorrect')"]


def test_runaway_code_in_a_kernel_is_stopped_and_the_kernel_stays_usable(kernel):
    streams, results = run(
        kernel,
        """
        from widgets.autograder import check, engine
        engine.BUDGET_SECONDS = 1.0
        def softmax(Z):
            while True:
                pass
        check(softmax).status
        """,
    )
    # The kernel is shared by this module's tests: give the later ones the normal budget back.
    _, restored = run(kernel, "engine.BUDGET_SECONDS = 5.0; 1 + 1")
    assert results == ["'timeout'"] and streams == []
    assert restored == ["2"]


def test_learner_displays_and_plots_become_a_note_not_output(kernel):
    streams, results = run(
        kernel,
        """
        import numpy as np
        from matplotlib import pyplot as plt
        from IPython.display import display
        from widgets.autograder import check
        def ReLU(Z):
            display("debug table")
            plt.plot([1, 2, 3])
            plt.show()
            return np.maximum(Z, 0)
        result = check(ReLU)
        result.status, any("[display] 'debug table'" in note for note in result.notes)
        """,
    )
    assert streams == [] and results == ["('passed', True)"]
