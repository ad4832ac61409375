"""Per-sample SGD on Python floats: the lesson's training loop, for small networks.

With one sample per step through a few neurons, each numpy call costs more
than the arithmetic it does, so this loop does the same maths as
`network._deltas` followed by `SGD.step` on plain floats. The tests hold the
two paths together.
"""
import math
from operator import mul

FLOAT_LOOP_MAX_PARAMS = 100
"""Largest network (weights + biases) that `train` runs through this loop rather than numpy: measured, it is
2-3x faster than numpy for the lesson's 9 parameters and about even near 100, where numpy's vector arithmetic
starts to win. (validate.MAX_PARAMS is another limit: the largest network accepted at all.)"""

# Twins of ACTIVATIONS on floats: name -> (f(z), f'(z) written in terms of a = f(z)),
# which spares keeping z (relu: z > 0 exactly where a > 0).
SCALAR_ACTIVATIONS = {
    "sigmoid": (lambda z: 1.0 / (1.0 + math.exp(-max(z, -700.0))), lambda a: a * (1.0 - a)),
    "tanh": (math.tanh, lambda a: 1.0 - a * a),
    "relu": (lambda z: max(z, 0.0), lambda a: 1.0 if a > 0.0 else 0.0),
    "linear": (lambda z: z, lambda a: 1.0),
}


def softmax(z):
    """`activations.softmax` of one sample's list of floats."""
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = sum(e)
    return [v / total for v in e]


def sgd_epoch(net, X, Y, loss, learning_rate):
    """One epoch of plain SGD, one sample at a time in the order of the rows, updating ``net`` in place.

    Parameters
    ----------
    net : Network
    X : ndarray, shape (n, n_inputs)
    Y : ndarray, shape (n, n_outputs)
    loss : str
    learning_rate : float
    """
    # a softmax output layer (loss "cce") is computed as linear, then made probabilities as a whole
    layers = [(W.tolist(), b.tolist(), *SCALAR_ACTIVATIONS["linear" if activation == "softmax" else activation])
              for W, b, activation in net.layers]
    n_out = net.sizes[-1]
    for x, y in zip(X.tolist(), Y.tolist()):
        acts = [x]
        for W, b, f, _ in layers:
            acts.append([f(sum(map(mul, row, acts[-1])) + bias) for row, bias in zip(W, b)])
        if loss == "cce":  # softmax output: the simplified delta of network._output_delta, for one sample
            acts[-1] = softmax(acts[-1])
            delta = [a - t for a, t in zip(acts[-1], y)]
        elif loss == "bce":  # sigmoid output: the simplified delta of network._output_delta
            delta = [(a - t) / n_out for a, t in zip(acts[-1], y)]
        else:
            f_prime = layers[-1][3]
            delta = [2.0 * (a - t) / n_out * f_prime(a) for a, t in zip(acts[-1], y)]
        for k in range(len(layers) - 1, -1, -1):
            W, b, _, _ = layers[k]
            if k:  # delta of the layer below, from this layer's weights before their update
                f_prime = layers[k - 1][3]
                below = [sum(map(mul, column, delta)) * f_prime(a) for column, a in zip(zip(*W), acts[k])]
            # in-place float updates: faster than building new lists
            for j, d in enumerate(delta):
                step, row = learning_rate * d, W[j]
                for i, a in enumerate(acts[k]):
                    row[i] -= step * a
                b[j] -= step
            if k:
                delta = below
    for (W_view, b_view, _), (W, b, _, _) in zip(net.layers, layers):
        W_view[...], b_view[...] = W, b
