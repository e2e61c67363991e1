"""Learner code used by the autograder tests: the seed notebook's answers, real mistakes, correct variants.

Each piece of code is a string, run into a fresh namespace the way a notebook
cell defines functions (`load`), with the reference helpers already defined
as a notebook would have them from earlier cells.
"""

import linecache
import textwrap

import numpy as np
import scipy.special

from widgets import reference

HELPERS = (
    "init_params", "pad", "ReLU", "ReLU_deriv", "softmax", "one_hot", "forward_prop", "cross_entropy",
    "backward_prop", "update_params", "get_predictions", "get_accuracy",
)

_counter = [0]


def load(code: str, name: str, extra_globals: dict | None = None, helpers: bool = True):
    """Define the code's functions in a fresh notebook-like namespace and return the one called `name`.

    The source is registered with linecache, as IPython does for cells, so feedback can quote lines.
    """
    namespace = {"np": np, "numpy": np, "scipy": scipy, "__name__": "__main__"}
    if helpers:
        namespace.update({h: getattr(reference, h) for h in HELPERS})
    namespace.update(extra_globals or {})
    source = textwrap.dedent(code)
    _counter[0] += 1
    filename = f"<cell-{_counter[0]}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


# The seed notebook's exercise answers (cells 5 and 6), exactly as written there.
SEED_CODE = '''
def init_params():
    W1 = np.random.rand(10, 785) - 0.5
    W2 = np.random.rand(10, 10) - 0.5
    return W1, W2

def pad(x):
    return np.concatenate((np.ones((1, x.shape[1]), dtype = x.dtype), x), axis=0)

def ReLU(Z):
    "YOUR CODE HERE"
    return np.maximum(0, Z)
    pass

def softmax(Z):
    "YOUR CODE HERE"
    return np.exp(Z)/sum(np.exp(Z))
    pass

def forward_prop(W1, W2, X):
    "YOUR CODE HERE"
    # you should replace these None value
    Z1 = np.dot(W1, X)
    A1 = ReLU(Z1)
    Z2 = np.dot(W2, A1)
    A2 = softmax(Z2)
    return Z1, A1, Z2, A2

def ReLU_deriv(Z):
  #đạo hàm reLu
    "YOUR CODE HERE"
    return Z > 0
    pass

def one_hot(Y):
    one_hot_Y = np.zeros((Y.size, Y.max() + 1))
    one_hot_Y[np.arange(Y.size), Y] = 1
    one_hot_Y = one_hot_Y.T
    return one_hot_Y

def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y):
    one_hot_Y = one_hot(Y)
    "YOUR CODE HERE"
    # you should replace these None value
    print(A2.shape)
    print(one_hot_Y.shape)
    dZ2 = A2 - one_hot_Y
    dW2 = np.dot(dZ2, A1.T) / m_train
    dZ1 = np.dot(W2.T, dZ2) * ReLU_deriv(Z1)
    dW1 = np.dot(dZ1, X.T)/ m_train
    return dW1, dW2

def update_params(W1, W2, dW1, dW2, alpha):
    W1 = W1 - alpha * dW1
    W2 = W2 - alpha * dW2
    return W1, W2

def get_predictions(A2):
    return np.argmax(A2, 0)

def get_accuracy(predictions, Y):
    print(predictions, Y)
    return np.sum(predictions == Y) / Y.size

def gradient_descent(X, Y, alpha, iterations):
    W1, W2 = init_params()
    for i in range(iterations):
        "YOUR CODE HERE"
        # you should replace these None value
        Z1, A1, Z2, A2 = forward_prop(W1, W2, X)
        dW1, dW2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y)
        W1, W2 = update_params(W1, W2, dW1, dW2, alpha=alpha)
        if i % 10 == 0:
            print("Iteration: ", i)
            predictions = get_predictions(A2)
            print(get_accuracy(predictions, Y))
    return W1, W2
'''

# What a student notebook holds before the learner writes anything.
STUB = '''
def softmax(Z):
    """Column-wise softmax of Z (10, m)."""
    # YOUR CODE HERE
    raise NotImplementedError()
'''
