"""The multilayer perceptron: layers of neurons a = f(W a_prev + b), the forward pass and backprop.

Samples are rows: ``X`` has shape (n, n_inputs) and every layer works on the
whole batch at once.
"""
from typing import NamedTuple

import numpy as np

from . import validate
from .validate import InputError
from .activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from .losses import LOSSES


class Layer(NamedTuple):
    """One fully connected layer: ``a = f(x @ weights.T + biases)`` for a batch x.

    Attributes
    ----------
    weights : ndarray, shape (n_out, n_in)
        ``weights[j][i]`` is the weight from input i into neuron j.
    biases : ndarray, shape (n_out,)
    activation : str
        A key of `ACTIVATIONS`, or of `OUTPUT_ACTIVATIONS` ("softmax") in the last layer.
    """

    weights: np.ndarray
    biases: np.ndarray
    activation: str = "sigmoid"


class Network:
    """A multilayer perceptron whose parameters live in one flat vector.

    Parameters
    ----------
    layers : sequence of Layer, or of (weights, biases[, activation]) tuples
        Copied; consecutive layers must fit (n_in of one = n_out of the previous).

    Attributes
    ----------
    layers : list of Layer
        Views into ``params``: change values in place, e.g.
        ``net.layers[0].weights[1, 0] = 0.5``.
    params : ndarray, shape (n_params,)
        All weights (layer by layer, row by row), then all biases. For the
        lesson's 2-2-1 network this is exactly w1, ..., w6, b1, b2, b3.
    """

    def __init__(self, layers):
        checked = validate.layers(layers)
        self._shapes = [W.shape for W, _, _ in checked]
        self._params = np.concatenate([W.ravel() for W, _, _ in checked] + [b for _, b, _ in checked])
        views = self.unflatten(self._params)
        self.layers = [Layer(W, b, act) for (W, b), (_, _, act) in zip(views, checked)]

    @property
    def params(self):
        return self._params

    @params.setter
    def params(self, values):
        values = validate.array(values, "params")
        if values.shape != self._params.shape:  # no broadcasting: one number per parameter
            raise InputError("model.params_length", expected=self._params.size, shape=str(values.shape))
        # copy in: the layers are views of this very array
        self._params[:] = values

    @classmethod
    def random(cls, sizes, activations="sigmoid", seed=None, init="normal"):
        """A network with random parameters, reproducible from ``seed``.

        Parameters
        ----------
        sizes : list of int
            [n_inputs, hidden sizes..., n_outputs], e.g. [2, 2, 1] for the lesson.
        activations : str or list of str
            One name for every layer, or one per layer (len(sizes) - 1).
        seed : int, numpy Generator or None
        init : {"normal", "uniform"}
            "normal": every weight and bias drawn from N(0, 1) in the order of
            ``params``, as the lesson does (w1..w6, then b1..b3).
            "uniform": weights from U(-0.5, 0.5), biases 0.1, as TF Playground.
        """
        sizes = validate.sizes(sizes)
        names = validate.activations(activations, len(sizes) - 1)
        validate.name(init, ("normal", "uniform"), "init")
        net = cls([(np.zeros((n_out, n_in)), np.zeros(n_out), act)
                   for n_in, n_out, act in zip(sizes, sizes[1:], names)])
        rng = validate.rng(seed)
        if init == "normal":
            net.params[:] = rng.normal(size=net.n_params)
        else:
            net.params[:net.n_weights] = rng.uniform(-0.5, 0.5, size=net.n_weights)
            net.params[net.n_weights:] = 0.1
        return net

    @classmethod
    def from_dict(cls, d):
        """A network from its JSON form (see `to_dict`); ValueError if malformed."""
        return cls(validate.model_dict(d))

    def to_dict(self):
        """The versioned JSON form, plain lists and floats.

        ``{"format": "perceptron-model", "version": 1, "layers": [{"weights":
        [[...], ...], "biases": [...], "activation": "sigmoid"}, ...]}`` with
        ``layers[k]["weights"][j][i]`` the weight from input i into neuron j.
        """
        return {
            "format": validate.MODEL_FORMAT,
            "version": validate.MODEL_VERSION,
            "layers": [{"weights": W.tolist(), "biases": b.tolist(), "activation": act}
                       for W, b, act in self.layers],
        }

    def copy(self):
        """An independent network with the same parameters."""
        return Network(self.layers)

    def unflatten(self, flat):
        """Per-layer (weights (n_out, n_in), biases (n_out,)) views of a vector laid out like ``params``."""
        views, w_at, b_at = [], 0, self.n_weights
        for n_out, n_in in self._shapes:
            views.append((flat[w_at:w_at + n_out * n_in].reshape(n_out, n_in), flat[b_at:b_at + n_out]))
            w_at, b_at = w_at + n_out * n_in, b_at + n_out
        return views

    @property
    def sizes(self):
        """[n_inputs, n_neurons of each layer...]."""
        return [self._shapes[0][1]] + [n_out for n_out, _ in self._shapes]

    @property
    def n_params(self):
        return self.params.size

    @property
    def n_weights(self):
        return sum(n_out * n_in for n_out, n_in in self._shapes)

    def __repr__(self):
        return f"Network(sizes={self.sizes}, activations={[layer.activation for layer in self.layers]})"


def forward(net, X):
    """The forward pass, keeping every intermediate value for backprop.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, n_inputs)

    Returns
    -------
    zs : list of ndarray, one per layer, shape (n, n_out of the layer)
        Pre-activations z = a_prev @ W.T + b.
    activations : list of ndarray, one more than ``zs``
        ``activations[0]`` is X, then f(z) of every layer.
    """
    X, _ = validate.inputs(net, X)
    return _forward(net, X)


def _forward(net, X):
    zs, acts = [], [X]
    for W, b, activation in net.layers:
        zs.append(acts[-1] @ W.T + b)
        f = OUTPUT_ACTIVATIONS[activation] if activation in OUTPUT_ACTIVATIONS else ACTIVATIONS[activation][0]
        acts.append(f(zs[-1]))
    return zs, acts


def feedforward(net, X, return_activations=False):
    """The network's output for every sample, in one call.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, n_inputs), or (n_inputs,) for one sample
    return_activations : bool
        Also return every neuron's activation (e.g. for a heatmap per neuron).

    Returns
    -------
    output : ndarray, shape (n, n_outputs), or (n_outputs,) for one 1-D sample
    activations : list of ndarray, only with ``return_activations``
        One per layer (hidden layers, then the output), shape (n, n_neurons),
        or (n_neurons,) for one 1-D sample.
    """
    X, single = validate.inputs(net, X)
    _, acts = _forward(net, X)
    acts = [a[0] for a in acts[1:]] if single else acts[1:]
    return (acts[-1], acts) if return_activations else acts[-1]


def _output_delta(net, z, a, Y, loss):
    """dL/dz of the output layer."""
    if loss == "bce":
        # validate.loss made the output a sigmoid, and bce'(p) * sigmoid'(z)
        # simplifies to (p - y) / N; this form also keeps the gradient alive
        # where the sigmoid saturates to exactly 0 or 1.
        return (a - Y) / Y.size
    if loss == "cce":
        # likewise a softmax output (validate.loss): the Jacobian of softmax times cce'(p) is (p - y) / n
        # for rows y summing to 1, n samples (cce is a mean over samples, not over every output)
        return (a - Y) / len(Y)
    return LOSSES[loss][1](Y, a) * ACTIVATIONS[net.layers[-1].activation][1](z, a)


def _deltas(net, zs, acts, Y, loss):
    """Yield (k, delta_k = dL/dz_k, shape (n, n_out of layer k)) from the output layer back."""
    delta = _output_delta(net, zs[-1], acts[-1], Y, loss)
    for k in range(len(net.layers) - 1, -1, -1):
        yield k, delta
        if k:
            # chain rule: dL/da of layer k-1 is delta_k @ W_k, times f'(z) of layer k-1
            f_prime = ACTIVATIONS[net.layers[k - 1].activation][1]
            delta = (delta @ net.layers[k].weights) * f_prime(zs[k - 1], acts[k])


def _backprop(net, X, Y, loss, out):
    """Write the mean gradient into ``out``, per-layer (dW, db) views; return ``out``."""
    zs, acts = _forward(net, X)
    for k, delta in _deltas(net, zs, acts, Y, loss):
        dW, db = out[k]
        # delta already holds the 1/N of the mean, so sums over samples are means
        np.matmul(delta.T, acts[k], out=dW)
        delta.sum(axis=0, out=db)
    return out


def backprop(net, X, y, loss="mse"):
    """Mean gradient of the loss over the samples, by backpropagation.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, n_inputs), or (n_inputs,) for one sample
    y : array_like, shape (n, n_outputs) or (n,)
    loss : str
        A key of `LOSSES`; with "cce", y may also be class indices, shape (n,).

    Returns
    -------
    list of (dW, db) per layer
        dW : ndarray, shape (n_out, n_in), dL/dweights; db : ndarray, shape (n_out,), dL/dbiases.
        All are views of one vector laid out like ``net.params``.
    """
    loss = validate.loss(net, loss)
    X, Y, _ = validate.samples(net, X, y, loss)
    return _backprop(net, X, Y, loss, net.unflatten(np.empty(net.n_params)))


def gradients(net, X, y, loss="mse"):
    """`backprop` in the JSON-like shape: per layer {"weights": dW (n_out, n_in), "biases": db (n_out,)}."""
    return [{"weights": dW, "biases": db} for dW, db in backprop(net, X, y, loss)]


NEURON_NAMES = {"input": "x", "hidden": "h", "output": "o", "single_output": "y_pred"}
"""How `neuron_name` names neurons: a prefix and a number from 1 (hidden neurons numbered across layers), and
the one name of a lone output neuron."""


def neuron_name(sizes, layer, j):
    """The lesson's name of neuron j of a layer: "x1".. for inputs (layer -1),
    "h1".. for hidden neurons numbered across layers, "y_pred" for a single
    output, else "o1"...
    """
    if layer < 0:
        return f"{NEURON_NAMES['input']}{j + 1}"
    if layer == len(sizes) - 2:
        return NEURON_NAMES["single_output"] if sizes[-1] == 1 else f"{NEURON_NAMES['output']}{j + 1}"
    return f"{NEURON_NAMES['hidden']}{sum(sizes[1:layer + 1]) + j + 1}"


def param_name(sizes, layer, j, i=None):
    """The lesson's name of weights[layer][j][i] ("w1"..) or, when i is None, biases[layer][j] ("b1"..).

    Weights and biases are numbered in the order of ``Network.params``, which
    for the 2-2-1 network gives the lesson's w1..w6 and b1..b3.
    """
    if i is None:
        return f"b{sum(sizes[1:layer + 1]) + j + 1}"
    return f"w{sum(a * b for a, b in zip(sizes[:layer], sizes[1:layer + 1])) + j * sizes[layer] + i + 1}"


def param_position(sizes, name):
    """(layer, j, i) of a parameter named as by `param_name` ("w1", "b3", ...); i is None for biases.

    For the lesson's sizes [2, 2, 1]: "w1" -> (0, 0, 0), "w5" -> (1, 0, 0), "b3" -> (1, 0, None).
    """
    sizes = validate.sizes(sizes)
    kind, number = str(name)[:1], str(name)[1:]
    if kind in ("w", "b") and number.isdigit() and int(number) >= 1:
        index = int(number) - 1
        for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
            if kind == "b" and index < n_out:
                return layer, index, None
            if kind == "w" and index < n_out * n_in:
                return (layer, *divmod(index, n_in))
            index -= n_out if kind == "b" else n_out * n_in
    raise ValueError(f"no parameter {name!r} in a network of sizes {sizes}")
