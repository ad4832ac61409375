"""Activation functions f(x) and their derivatives f'(x).

Each derivative takes the pre-activation ``x`` and, optionally, ``fx = f(x)``
when the caller already has it: backprop passes the forward pass's output so
that f is not evaluated twice.
"""
import numpy as np


def sigmoid(x):
    """Logistic function f(x) = 1 / (1 + e^(-x)), the lesson's activation.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, values in [0, 1]
    """
    # e^(-x) overflows to inf for very negative x (below -709 in float64, -88 in
    # float32), and 1 / (1 + inf) = 0 is then the right answer: the lesson's
    # formula bit for bit, without a warning in any dtype.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(x)))


def deriv_sigmoid(x, fx=None):
    """f'(x) = f(x) (1 - f(x)) for the sigmoid.

    Parameters
    ----------
    x : array_like, any shape
    fx : array_like, same shape, optional
        ``sigmoid(x)`` if already computed.

    Returns
    -------
    ndarray, same shape as ``x``
    """
    s = sigmoid(x) if fx is None else fx
    return s * (1.0 - s)


def tanh(x):
    """Hyperbolic tangent, values in [-1, 1]; shape as ``x``."""
    return np.tanh(x)


def deriv_tanh(x, fx=None):
    """f'(x) = 1 - tanh(x)^2; ``fx`` is ``tanh(x)`` if known. Shape as ``x``."""
    t = np.tanh(x) if fx is None else fx
    return 1.0 - t * t


def relu(x):
    """Rectified linear unit max(x, 0); shape as ``x``."""
    return np.maximum(x, 0.0)


def deriv_relu(x, fx=None):
    """f'(x) = 1 where x > 0, else 0 (the subgradient 0 at x = 0); shape as ``x``."""
    return np.greater(x, 0.0) * 1.0


def linear(x):
    """Identity f(x) = x, for regression outputs; shape as ``x``."""
    return np.asarray(x, dtype=float)


def deriv_linear(x, fx=None):
    """f'(x) = 1; shape as ``x``."""
    return np.ones_like(x, dtype=float)


ACTIVATIONS = {
    "sigmoid": (sigmoid, deriv_sigmoid),
    "tanh": (tanh, deriv_tanh),
    "relu": (relu, deriv_relu),
    "linear": (linear, deriv_linear),
}
"""Activation name -> (f, f_prime), where ``f_prime(x, fx=None)``."""
