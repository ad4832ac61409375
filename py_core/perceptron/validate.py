"""Checks at the edge of the public API: bad input becomes a ValueError that names the problem.

Everything inside the package may then assume clean float arrays and known names. Problems a web page's
user can cause are `InputError`s: a key and parameters to translate them by, worded in English by messages.py.
"""
import math
import numbers

import numpy as np

from .activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from .losses import LOSSES
from .messages import MESSAGES
from .optimizers import OPTIMIZERS, Optimizer

MAX_PARAMS = 100_000
"""Largest network accepted (weights + biases): training stays interactive in a browser tab."""

MAX_SAMPLES = 50_000
"""Most samples accepted in one data set, CSV file or feedforward call."""

ACTIVATION_NAMES = {**ACTIVATIONS, **OUTPUT_ACTIVATIONS}
"""Every activation a layer may name (`layers` keeps the output-only ones in the last layer)."""

MODEL_FORMAT = "perceptron-model"
MODEL_VERSION = 1


class InputError(ValueError):
    """A ValueError about the user's input, with a stable ``key`` (e.g. "csv.not_a_number") and ``params``
    (plain values: str, int, float) so that a page can say it in its own language; str() is the English message,
    MESSAGES[key] filled with the params."""

    def __init__(self, key, **params):
        super().__init__(MESSAGES[key].format(**params))
        self.key, self.params = key, params


def array(value, what, key="data", **where):
    """``value`` as a new float ndarray of finite numbers; errors are keyed "<key>.ragged" etc. with ``where``."""
    try:
        arr = np.asarray(value)
    except ValueError:  # numpy refuses nested lists of unequal lengths
        raise InputError(f"{key}.ragged", what=what, **where) from None
    if arr.dtype.kind not in "biuf":
        raise InputError(f"{key}.not_numbers", what=what, **where)
    arr = arr.astype(float)
    if not np.isfinite(arr).all():
        raise InputError(f"{key}.not_finite", what=what, **where)
    return arr


def name(value, table, what):
    """``value`` if it is one of the keys of ``table``."""
    if not isinstance(value, str) or value not in table:
        raise InputError(f"unknown.{what.replace(' ', '_')}", value=str(value), choices=", ".join(table))
    return value


def number(value, what, minimum=None, inclusive=True):
    """``value`` as a finite float, above ``minimum`` (or equal to it if inclusive) when one is given."""
    try:
        finite = not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)
    except OverflowError:  # an int beyond the range of floats
        finite = False
    if not finite:
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    if minimum is not None and (value < minimum or (value == minimum and not inclusive)):
        bound = "at least" if inclusive else "greater than"
        raise ValueError(f"{what} must be {bound} {minimum}, got {value!r}")
    return float(value)


def count(value, what, minimum=1):
    """``value`` as an int of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{what} must be a whole number of at least {minimum}, got {value!r}")
    return int(value)


def n_samples(n, what):
    if n > MAX_SAMPLES:
        raise InputError("data.too_many", what=what, n=n, max=MAX_SAMPLES)


def n_params(n):
    if n > MAX_PARAMS:
        raise InputError("model.too_big", n=n, max=MAX_PARAMS)


def sizes(value):
    """Layer sizes [n_inputs, ..., n_outputs] as a list of ints."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) < 2:
        raise ValueError(f"sizes must list at least 2 layer sizes (inputs and outputs), got {value!r}")
    checked = [count(s, "every layer size") for s in value]
    n_params(sum((n_in + 1) * n_out for n_in, n_out in zip(checked, checked[1:])))
    return checked


def activations(value, n_layers):
    """One activation name per layer, from a single name or a list."""
    names = [value] * n_layers if isinstance(value, str) else list(value)
    if len(names) != n_layers:
        raise ValueError(f"got {len(names)} activations for {n_layers} layers")
    return [name(a, ACTIVATION_NAMES, "activation") for a in names]


def layers(value):
    """Layers as a list of (weights (n_out, n_in), biases (n_out,), activation) with float copies."""
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__") or len(value) == 0:
        raise ValueError("a network needs a non-empty list of layers")
    checked, n_in, total = [], None, 0
    for k, layer in enumerate(value):
        if isinstance(layer, dict):
            raise ValueError(f"layer {k} is a dict: read the JSON form with Network.from_dict")
        try:
            weights, biases, *activation = layer
        except (TypeError, ValueError):
            raise ValueError(f"layer {k} must be (weights, biases) or (weights, biases, activation)") from None
        W = array(weights, f"layer {k} weights", "model.weights", layer=k)
        b = array(biases, f"layer {k} biases", "model.biases", layer=k)
        if W.ndim != 2 or W.size == 0:
            raise InputError("model.weights.shape", layer=k, shape=str(W.shape))
        if b.shape != (W.shape[0],):
            raise InputError("model.biases.shape", layer=k, neurons=W.shape[0], shape=str(b.shape))
        if n_in is not None and W.shape[1] != n_in:
            raise InputError("model.mismatch", layer=k, inputs=W.shape[1], previous=k - 1, neurons=n_in)
        n_in, total = W.shape[0], total + W.size + b.size
        checked.append((W, b, name(activation[0] if activation else "sigmoid", ACTIVATION_NAMES, "activation")))
    n_params(total)
    for k, (_, _, act) in enumerate(checked[:-1]):
        if act in OUTPUT_ACTIVATIONS:
            raise InputError("model.softmax_hidden", layer=k, activation=act)
    return checked


def model_dict(d):
    """The layers of a model in the versioned JSON form, as (weights, biases, activation)."""
    if not isinstance(d, dict):
        raise InputError("model.not_dict", type=type(d).__name__)
    if d.get("format") != MODEL_FORMAT:
        raise InputError("model.format", format=repr(d.get("format")), expected=MODEL_FORMAT)
    version = d.get("version")
    if isinstance(version, bool) or version != MODEL_VERSION:
        raise InputError("model.version", version=repr(version), expected=MODEL_VERSION)
    if not isinstance(d.get("layers"), list) or not d["layers"]:
        raise InputError("model.no_layers")
    checked = []
    for k, layer in enumerate(d["layers"]):
        if not isinstance(layer, dict):
            raise InputError("model.layer", layer=k)
        for key in ("weights", "biases"):
            if key not in layer:
                raise InputError("model.missing", layer=k, field=key)
        checked.append((layer["weights"], layer["biases"], layer.get("activation", "sigmoid")))
    return checked


def loss(net, value):
    """A loss name the network's output layer can serve."""
    name(value, LOSSES, "loss")
    output = net.layers[-1].activation
    if value == "bce" and output != "sigmoid":
        raise InputError("loss.bce_output", activation=output)
    if value == "cce" and output != "softmax":
        raise InputError("loss.cce_output", activation=output)
    if output == "softmax" and value != "cce":
        raise InputError("loss.softmax_loss", loss=value)
    return value


def inputs(net, X, what="X"):
    """Inputs as (n, n_inputs), and whether X was one 1-D sample."""
    X = array(X, what)
    if X.size == 0:
        raise InputError("data.empty", what=what)
    single = X.ndim == 1
    X = X.reshape(1, -1) if single else X
    if X.ndim != 2:
        raise InputError("data.shape", what=what, shape=str(X.shape))
    n_samples(len(X), what)
    if X.shape[1] != net.sizes[0]:
        raise InputError("data.width", what=what, values=X.shape[1], inputs=net.sizes[0])
    return X, single


def samples(net, X, y, loss_name=None, names=("X", "y")):
    """Inputs as (n, n_inputs) and labels as (n, n_outputs), and whether X was one 1-D sample.

    With loss "cce" the labels are classes: one index per sample, (n,) or a number for one 1-D sample, or rows
    (n, n_outputs) that are one-hot (or probabilities summing to 1); indices become one-hot rows.
    """
    X, single = inputs(net, X, names[0])
    label = names[1]
    Y = array(y, label)
    n, n_out = len(X), net.sizes[-1]
    # for one 1-D sample, a row of n_outputs numbers is its one-hot label, one number its class
    indices = loss_name == "cce" and (Y.ndim == 0 or (Y.ndim == 1 and not (single and Y.size == n_out)))
    if indices:
        Y = one_hot(Y.reshape(-1), n_out, label)
    elif Y.ndim <= 1:
        Y = Y.reshape(1, -1) if single else Y.reshape(-1, 1)
    if Y.shape != (n, n_out):
        expected = f"({n}, {n_out})" + (f" or ({n},)" if n_out == 1 or loss_name == "cce" else "")
        raise InputError("data.labels_shape", what=label, shape=str(np.shape(y)), n=n, outputs=n_out,
                         expected=expected)
    if loss_name == "bce" and ((Y < 0) | (Y > 1)).any():
        raise InputError("data.bce_labels", what=label)
    if loss_name == "cce" and not indices:
        # a row of probabilities: no entry outside [0, 1], and a sum of 1 up to rounding
        bad = ((Y < 0) | (Y > 1)).any(axis=1) | (np.abs(Y.sum(axis=1) - 1.0) > 1e-9)
        if bad.any():
            raise InputError("data.one_hot", what=label, row=int(bad.argmax()))
    return X, Y, single


def one_hot(classes, k, what="y"):
    """Class indices (n,), whole numbers 0 to k - 1, as one-hot rows (n, k)."""
    bad = (classes != np.round(classes)) | (classes < 0) | (classes >= k)
    if bad.any():
        raise InputError("data.class_index", what=what, value=f"{classes[bad.argmax()]:g}", last=k - 1)
    return np.eye(k)[classes.astype(int)]


def test_set(net, X_test, y_test, loss_name):
    """(X_test, Y_test) like `samples`, or None when neither is given."""
    if X_test is None and y_test is None:
        return None
    if X_test is None or y_test is None:
        raise ValueError("give both X_test and y_test, or neither")
    X, Y, _ = samples(net, X_test, y_test, loss_name, names=("X_test", "y_test"))
    return X, Y


def rng(seed):
    """A numpy Generator from an int seed, None (fresh entropy) or a Generator (used as is)."""
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError):
        raise ValueError(f"seed must be a non-negative int, None or a numpy Generator, got {seed!r}") from None


def optimizer(value):
    """An `Optimizer` instance: a fresh one for a name, the object itself (with its state) otherwise."""
    if isinstance(value, Optimizer):
        return value
    return OPTIMIZERS[name(value, OPTIMIZERS, "optimizer")]()


def callback(value):
    if value is not None and not callable(value):
        raise ValueError("callback must be callable as callback(epoch, history), or None")
    return value


def index(value, n, what):
    """``value`` as an int in range(n)."""
    value = count(value, what, minimum=0)
    if value >= n:
        raise ValueError(f"{what} = {value} is out of range: there are only {n}")
    return value


def table(X, y):
    """A data set with no network yet: X (n, n_features) and y (n,) or (n, k)."""
    X, y = array(X, "X"), array(y, "y")
    if X.ndim != 2 or X.size == 0:
        raise InputError("data.table_shape", shape=str(X.shape))
    n_samples(len(X), "X")
    if y.ndim not in (1, 2) or len(y) != len(X):
        raise InputError("data.labels_rows", n=len(X), shape=str(y.shape))
    return X, y


def interval(value, what):
    """(low, high) as two finite floats with low < high."""
    bounds = array(value, what).reshape(-1)
    if bounds.shape != (2,) or not bounds[0] < bounds[1]:
        raise ValueError(f"{what} must be (low, high) with low < high, got {value!r}")
    return float(bounds[0]), float(bounds[1])
