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


def _shifted(z):
    """z minus its row's largest value: every entry <= 0, so e^entry cannot overflow."""
    z = np.asarray(z, dtype=float)
    # below -1.8e308 the difference is -inf, and e^-inf = 0 is then the right share
    with np.errstate(over="ignore"):
        return z - z.max(axis=-1, keepdims=True)


def softmax(z):
    """Softmax over the last axis: p_j = e^(z_j) / sum_k e^(z_k), each row a probability distribution.

    Computed from z - max(z), which gives the same p and cannot overflow, so any finite z works.

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k)

    Returns
    -------
    ndarray, same shape, each row positive (or 0 where underflowed) summing to 1
    """
    e = np.exp(_shifted(z))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    """log softmax(z) over the last axis, exact for any finite z (log-sum-exp): z - max - log sum e^(z - max).

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k)

    Returns
    -------
    ndarray, same shape, values <= 0
    """
    shifted = _shifted(z)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


ACTIVATIONS = {
    "sigmoid": (sigmoid, deriv_sigmoid),
    "tanh": (tanh, deriv_tanh),
    "relu": (relu, deriv_relu),
    "linear": (linear, deriv_linear),
}
"""Activation name -> (f, f_prime), where ``f_prime(x, fx=None)``."""

OUTPUT_ACTIVATIONS = {"softmax": softmax}
"""Activations of a whole output layer at once: name -> f(z) of rows z (n, k). They couple the layer's neurons, so
they have no f'(z) per neuron: they are allowed in the last layer only, with the loss that simplifies the output's
delta to p - y (cce for softmax), and a hidden layer never needs their derivative."""
