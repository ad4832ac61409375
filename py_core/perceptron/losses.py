"""Loss functions L(y_true, y_pred) and dL/dy_pred: mse and bce a mean over all elements, cce over samples."""
import numpy as np

from .activations import log_softmax

# Keeps log() finite and dL/dy_pred bounded when a prediction is exactly 0 or 1.
_EPS = 1e-12


def mse_loss(y_true, y_pred):
    """Mean squared error, the lesson's loss: mean of (y_true - y_pred)^2.

    Parameters
    ----------
    y_true, y_pred : array_like, same shape, (n,) or (n, n_out)

    Returns
    -------
    float
    """
    return float(((np.asarray(y_true) - y_pred) ** 2).mean())


def deriv_mse_loss(y_true, y_pred):
    """dL/dy_pred of `mse_loss`: 2 (y_pred - y_true) / N, N = number of elements.

    For one sample this is the lesson's ``-2 * (y_true - y_pred)``.

    Parameters
    ----------
    y_true, y_pred : ndarray, same shape

    Returns
    -------
    ndarray, same shape
    """
    return 2.0 * (y_pred - y_true) / np.size(y_pred)


def bce_loss(y_true, y_pred):
    """Binary cross-entropy: mean of -(y log p + (1 - y) log(1 - p)).

    Parameters
    ----------
    y_true : array_like, labels in [0, 1]
    y_pred : array_like, same shape, probabilities p (clipped to [1e-12, 1 - 1e-12], so at most
        27.63 per output: where the pre-activation is known, `bce_logits_loss` is exact)

    Returns
    -------
    float
    """
    y = np.asarray(y_true)
    p = np.clip(y_pred, _EPS, 1.0 - _EPS)
    return float(-(y * np.log(p) + (1.0 - y) * np.log1p(-p)).mean())


def bce_logits_loss(y_true, z):
    """Binary cross-entropy of p = sigmoid(z), from z: mean of log(1 + e^z) - y z.

    The same value as `bce_loss`, exact for any z (log-sum-exp form, ``np.logaddexp``), where p itself
    rounds to 0 or 1 beyond |z| of about 37: a confident wrong answer z = 100 for y = 0 costs 100.

    Parameters
    ----------
    y_true : array_like, labels in [0, 1]
    z : array_like, same shape, the sigmoid output's pre-activations

    Returns
    -------
    float
    """
    return float((np.logaddexp(0.0, z) - np.asarray(y_true) * z).mean())


def deriv_bce_loss(y_true, y_pred):
    """dL/dy_pred of `bce_loss`: (p - y) / (p (1 - p)) / N, shaped as `deriv_mse_loss`."""
    p = np.clip(y_pred, _EPS, 1.0 - _EPS)
    return (p - y_true) / (p * (1.0 - p)) / np.size(p)


def _samples(y_pred):
    """The number of samples (rows) in predictions of shape (n, k), or 1 for one sample (k,)."""
    return np.size(y_pred) // np.shape(y_pred)[-1]


def cce_loss(y_true, y_pred):
    """Categorical cross-entropy: the mean over samples of -sum_k y_k log p_k.

    Parameters
    ----------
    y_true : array_like, shape (n, k) or (k,), rows one-hot (or probabilities summing to 1)
    y_pred : array_like, same shape, probabilities p (clipped below at 1e-12, so at most 27.63 per sample: where
        the pre-activation is known, `cce_logits_loss` is exact)

    Returns
    -------
    float
    """
    p = np.clip(y_pred, _EPS, 1.0)
    return float(-(np.asarray(y_true) * np.log(p)).sum() / _samples(p))


def cce_logits_loss(y_true, z):
    """Categorical cross-entropy of p = softmax(z), from z: the mean over samples of -sum_k y_k log_softmax(z)_k.

    The same value as `cce_loss`, exact for any z (log-sum-exp), where p itself underflows to 0: a confident
    wrong answer z = (100, 0) for class 1 costs 100.

    Parameters
    ----------
    y_true : array_like, shape (n, k) or (k,), rows one-hot (or probabilities summing to 1)
    z : array_like, same shape, the softmax output's pre-activations

    Returns
    -------
    float
    """
    y, log_p = np.asarray(y_true, dtype=float), log_softmax(z)
    # a class of label 0 adds nothing, even where its log p is -inf (z more than 1.8e308 below the row's top)
    terms = np.multiply(y, log_p, out=np.zeros_like(log_p), where=y != 0)
    return float(-(terms / _samples(log_p)).sum())  # divided first: a sum of huge terms may not overflow


def deriv_cce_loss(y_true, y_pred):
    """dL/dy_pred of `cce_loss`: -y / p / n, n the number of samples."""
    p = np.clip(y_pred, _EPS, 1.0)
    return -np.asarray(y_true) / p / _samples(p)


LOSSES = {
    "mse": (mse_loss, deriv_mse_loss),
    "bce": (bce_loss, deriv_bce_loss),
    "cce": (cce_loss, deriv_cce_loss),
}
"""Loss name -> (loss, derivative with respect to y_pred). bce needs a sigmoid output, cce a softmax output."""

LOGITS_LOSSES = {"bce": bce_logits_loss, "cce": cce_logits_loss}
"""Loss name -> the same loss from the output layer's pre-activations z, exact where p rounds to 0 or 1."""
