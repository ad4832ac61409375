"""Backprop for one sample, every number named, and the lesson's chain-rule products.

The lesson computes dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1; `chain_rule`
writes that product for any parameter of any network from a `backprop_trace`.
"""
import numpy as np

from . import validate
from .activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from .losses import LOSSES
from .network import _deltas, _forward, neuron_name, param_name


def backprop_trace(net, x, y, loss="mse"):
    """Every activation, pre-activation and partial derivative of backprop for one sample.

    Parameters
    ----------
    net : Network
    x : array_like, shape (n_inputs,)
    y : float or array_like, shape (n_outputs,); with loss "cce", a class index or a one-hot row
    loss : str

    Returns
    -------
    dict of plain floats and lists (JSON-ready):
        "sizes", "loss_name", "x", "y", "y_pred" (n_outputs,), "loss",
        "dL_dy_pred" (n_outputs,), and "layers": one dict per layer with
        "activation", "weights" (n_out, n_in), "biases", and per neuron (n_out,)
        "z" (pre-activation), "a" (activation f(z)), "f_prime" (f'(z)),
        "dL_da", "delta" (dL/dz = dL/da * f'(z)), "dL_db" (= delta), and
        "dL_dW" (n_out, n_in) = outer(delta, the layer's input).
        A softmax output layer's "f_prime" is None: each p_j depends on every z_i (dp_j/dz_i = p_j (δ_ij - p_i)),
        and its "delta" is that Jacobian times "dL_da", p - y.
    """
    loss = validate.loss(net, loss)
    X, Y, _ = validate.samples(net, x, y, loss)
    if len(X) != 1:
        raise ValueError(f"backprop_trace takes one sample, got {len(X)}")
    zs, acts = _forward(net, X)
    deltas = dict(_deltas(net, zs, acts, Y, loss))
    loss_fn, loss_prime = LOSSES[loss]
    dL_dy = loss_prime(Y, acts[-1])
    layers = []
    for k, (W, b, activation) in enumerate(net.layers):
        dL_da = dL_dy if k == len(net.layers) - 1 else deltas[k + 1] @ net.layers[k + 1].weights
        layers.append({
            "activation": activation,
            "weights": W.tolist(),
            "biases": b.tolist(),
            "z": zs[k][0].tolist(),
            "a": acts[k + 1][0].tolist(),
            "f_prime": (None if activation in OUTPUT_ACTIVATIONS
                        else ACTIVATIONS[activation][1](zs[k], acts[k + 1])[0].tolist()),
            "dL_da": dL_da[0].tolist(),
            "delta": deltas[k][0].tolist(),
            "dL_dW": np.outer(deltas[k][0], acts[k][0]).tolist(),
            "dL_db": deltas[k][0].tolist(),
        })
    return {
        "sizes": net.sizes,
        "loss_name": loss,
        "x": X[0].tolist(),
        "y": Y[0].tolist(),
        "y_pred": acts[-1][0].tolist(),
        "loss": loss_fn(Y, acts[-1]),
        "dL_dy_pred": dL_dy[0].tolist(),
        "layers": layers,
    }


def chain_rule(trace, layer, j, i=None):
    """The chain-rule factors of dL/d(weights[layer][j][i]), or of dL/d(biases[layer][j]) when i is None.

    Parameters
    ----------
    trace : dict
        From `backprop_trace`.
    layer, j, i : int
        The parameter: layer index, neuron j in it, input i of that neuron.

    Returns
    -------
    dict with
        "parameter" : its name, as `param_name` ("w1", "b3", ...)
        "gradient" : dL/d(parameter)
        "factors" : list of (name, value) whose product is the gradient. While
            every later layer has one neuron the chain runs to the output as in
            the lesson: for w1 of the 2-2-1 net
            [("∂L/∂y_pred", -0.952), ("∂y_pred/∂h1", 0.249), ("∂h1/∂w1", -0.0904)].
            Where the neuron feeds several neurons the chain stops at ∂L/∂h,
            which is the sum in "sum".
        "sum" : None, or the terms of ∂L/∂h = Σ w·delta over the next layer:
            dicts with "neuron", "weight" (its name), "w" and "delta" (dL/dz).
        "delta", "input" : the general form gradient = delta of the neuron
            (f'(z) · ∂L/∂h) × its input activation (1 for a bias).
        For a parameter of a softmax output neuron o the factors are
        [("∂L/∂z_o", delta = p - y), ("∂z_o/∂w", input)].

    With loss "bce" the product can differ from the gradient where the sigmoid
    output saturates (p(1-p) = 0): backprop then uses delta = p - y directly.
    """
    sizes, layers = trace["sizes"], trace["layers"]
    layer = validate.index(layer, len(layers), "layer")
    j = validate.index(j, sizes[layer + 1], "neuron j")
    i = None if i is None else validate.index(i, sizes[layer], "input i")
    param, node = param_name(sizes, layer, j, i), neuron_name(sizes, layer, j)
    here = layers[layer]
    inputs = trace["x"] if layer == 0 else layers[layer - 1]["a"]
    a_in = 1.0 if i is None else inputs[i]
    gradient = here["dL_db"][j] if i is None else here["dL_dW"][j][i]
    if here["f_prime"] is None:  # a softmax output: its neurons share every z, so the chain starts at dL/dz
        factors, terms = [(f"∂L/∂z_{node}", here["delta"][j]), (f"∂z_{node}/∂{param}", a_in)], None
    else:
        factors = [(f"∂{node}/∂{param}", here["f_prime"][j] * a_in)]
        k, n = layer, j  # walk forward from neuron j
        # a single path onward, through neurons with an f' of their own (a softmax output ends the walk)
        while k + 1 < len(layers) and sizes[k + 2] == 1 and layers[k + 1]["f_prime"] is not None:
            after = neuron_name(sizes, k + 1, 0)
            factors.insert(0, (f"∂{after}/∂{node}", layers[k + 1]["weights"][0][n] * layers[k + 1]["f_prime"][0]))
            k, n, node = k + 1, 0, after
        factors.insert(0, (f"∂L/∂{node}", layers[k]["dL_da"][n]))
        terms = None if k == len(layers) - 1 else [
            {"neuron": neuron_name(sizes, k + 1, m), "weight": param_name(sizes, k + 1, m, n),
             "w": layers[k + 1]["weights"][m][n], "delta": layers[k + 1]["delta"][m]}
            for m in range(sizes[k + 2])
        ]
    return {"parameter": param, "gradient": gradient, "factors": factors, "sum": terms,
            "delta": here["delta"][j], "input": a_in}
